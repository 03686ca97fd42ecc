"""Reports for each command: the rows, columns (SPEC §6) and JSON payloads, from domain objects."""

from __future__ import annotations

from datetime import date
from typing import Any

from rrcalc.api import CheckReport, calendar_name
from rrcalc.calendars import get_calendar
from rrcalc.deadlines import Evaluator, evaluate
from rrcalc.facts import Facts
from rrcalc.render import Report, Section, plain, to_json_value
from rrcalc.terms import Agreement, DateRule, Reference


def _cite(ref: Reference | None) -> str:
    return ref.section if ref else ""


def _quote(ref: Reference | None) -> str:
    return ref.quote if ref else ""


def agreements_report(items: list[Agreement]) -> Report:
    rows = [{
        "id": a.id,
        "date": a.date,
        "title": a.title,
        "company": a.company,
        "parties": [p.name for p in a.parties],
        "provides": a.summary,
    } for a in items]
    return Report([Section("Bundled agreements", ["id", "date", "title", "company", "parties", "provides"],
                           rows)])


def rule_words(agreement: Agreement, rule: DateRule) -> str:
    """A rule as a formula in words, with no facts (e.g. '5 business days after quarterly_report_filed')."""
    cal = get_calendar(str(agreement.calendar.value))
    dated = Evaluator(agreement, {}, cal).rule(rule)
    words = dated.basis.replace(" (not given)", "")
    return f"{words} = {dated.date}" if dated.date else words


def show_report(a: Agreement, in_force: dict[str, str]) -> Report:
    cal = calendar_name(a, in_force)
    head = [
        {"id": "title", "label": "Title", "value": a.title},
        {"id": "date", "label": "Date", "value": a.date},
        {"id": "company", "label": "Company", "value": a.company},
        {"id": "parties", "label": "Parties", "value": [f"{p.name} ({p.role})" for p in a.parties]},
        {"id": "provides", "label": "Provides", "value": a.summary},
        {"id": "calendar", "label": a.calendar.label, "value": cal, "clause": _cite(a.calendar.reference),
         "quote": _quote(a.calendar.reference)},
        {"id": "source", "label": "Text", "value": a.source},
    ]
    terms = [{"id": k, "label": t.label, "value": t.value, "unit": t.unit, "clause": t.reference.section,
              "quote": t.reference.quote} for k, t in a.terms.items()]
    events = [{"id": k, "label": e.label, "value": e.type, "clause": _cite(e.reference),
               "quote": _quote(e.reference)} for k, e in a.events.items()]
    obligations = []
    for k, ob in a.obligations.items():
        formula = rule_words(a, ob.rule)
        for case in ob.cases:
            formula += f"; if {case.when}: {rule_words(a, case.rule)}"
        if ob.when:
            formula = f"if {ob.when}: {formula}"
        obligations.append({"id": k, "label": ob.label, "value": formula, "unit": ob.kind,
                            "clause": ob.reference.section, "quote": ob.reference.quote})
    kinds = [{"id": k, "label": sk.label, "value": f"not before {sk.not_before}" if sk.not_before else "",
              "clause": _cite(sk.reference), "quote": _quote(sk.reference)}
             for k, sk in a.suspension_kinds.items()]
    rds = [{"id": k, "label": r.label, "value": in_force[k], "unit": "reading", "clause": _cite(r.reference),
            "quote": _quote(r.reference)} for k, r in a.readings.items()]
    notes = [{"id": str(i + 1), "label": n.title, "value": n.text, "clause": n.reference.section,
              "quote": n.reference.quote} for i, n in enumerate(a.notes)]
    cols = ["id", "label", "value", "unit", "clause", "quote"]
    sections = [
        Section(f"Agreement {a.id}", ["id", "label", "value", "clause"], head),
        Section("Terms", cols, terms),
        Section("Events (facts it depends on)", ["id", "label", "value", "clause", "quote"], events),
        Section("Obligations", cols, obligations, headers={"value": "rule", "unit": "kind"}),
        Section("Suspension kinds", ["id", "label", "value", "clause", "quote"], kinds),
        Section("Readings", ["id", "label", "value", "clause", "quote"], rds, headers={"value": "in force"}),
        Section("Notes on the text", ["id", "label", "value", "clause", "quote"], notes,
                headers={"value": "note"}),
    ]
    payload = to_json_value(a)
    payload["readings_in_force"] = in_force
    payload["calendar_in_force"] = cal
    return Report(sections, payload)


def readings_report(a: Agreement, in_force: dict[str, str]) -> Report:
    rows = [{
        "reading": k, "label": r.label, "in_force": in_force[k], "default": r.default,
        "alternatives": [f"{name}: {meaning}" for name, meaning in r.alternatives.items()],
        "question": r.question, "clause": _cite(r.reference), "quote": _quote(r.reference),
    } for k, r in a.readings.items()]
    cols = ["reading", "label", "in_force", "default", "alternatives", "clause", "quote"]
    payload = {"agreement": a.id, "readings": [
        {**{k: v for k, v in row.items() if k != "alternatives"},
         "alternatives": a.readings[row["reading"]].alternatives} for row in rows]}
    return Report([Section(f"Readings of agreement {a.id}", cols, rows)], payload)


DEADLINE_COLUMNS = ["obligation", "description", "clause", "due", "basis", "status"]


def deadlines_report(a: Agreement, facts: Facts, in_force: dict[str, str], today: date) -> Report:
    cal = get_calendar(calendar_name(a, in_force))
    as_of = facts.body.as_of or today
    rows = []
    for r in evaluate(a, facts.events, cal, as_of, in_force, frozenset(facts.derived)):
        rows.append({
            "obligation": r.id, "description": r.obligation.label, "clause": r.obligation.reference.section,
            "due": r.due, "basis": r.basis, "status": r.status, "flags": r.flags,
            "quote": r.obligation.reference.quote, "kind": r.obligation.kind,
        })
    table_rows = [{**row, "due": plain(row["due"]) + (" *" if row["flags"] else "")} for row in rows]
    notes = [f"* {row['obligation']}: {'; '.join(row['flags'])}" for row in rows if row["flags"]]
    section = Section(f"Deadlines under agreement {a.id} (calendar {cal.name}, as of {as_of})", DEADLINE_COLUMNS,
                      rows, notes, display=table_rows)
    payload: dict[str, Any] = {"agreement": a.id, "as_of": as_of, "calendar": cal.name, "readings": in_force,
                               "deadlines": rows}
    from rrcalc.ics import CalendarEvent, calendar

    events = [CalendarEvent(
        uid=f"{a.id}-{row['obligation']}-{row['due']:%Y%m%d}@rrcalc",
        day=row["due"],
        summary=f"{row['description']} (agreement {a.id})",
        description=(f"{row['obligation']}: {row['basis']}. Status as of {as_of}: {row['status']}. "
                     f"§{row['clause']}: \"{row['quote']}\""
                     + (f" Note: {'; '.join(row['flags'])}." if row["flags"] else "")),
    ) for row in rows if row["due"] is not None]
    ics = calendar(events, as_of, f"rrcalc: agreement {a.id} deadlines")
    return Report([section], payload, ics=ics)


def check_report(report: CheckReport) -> Report:
    rows = [{"result": "PASS" if i.passed else "FAIL", "file": i.file, "item": i.item, "detail": i.detail}
            for i in report.items]
    payload = {"passed": report.passed, "failed": report.failed, "items": rows}
    lines = []
    for i in report.items:
        lines.append(f"{'PASS' if i.passed else 'FAIL'}  {i.file}  {i.item}")
        if i.detail:
            lines.append(f"      {i.detail}")
    lines.append(f"{report.passed} passed, {report.failed} failed")
    return Report([Section("rrcalc check", ["result", "item", "file", "detail"], rows)], payload,
                  text="\n".join(lines) + "\n")
