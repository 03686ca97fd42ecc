"""Reports for each command: the rows, columns (SPEC §6) and JSON payloads, from domain objects."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from itertools import groupby
from typing import Any

from rrcalc.api import CheckReport, calendar_name
from rrcalc.engine.calendars import get_calendar
from rrcalc.engine.deadlines import Evaluator, evaluate
from rrcalc.model.agreement import Agreement, DateRule, Reference
from rrcalc.model.facts import Facts
from rrcalc.output.render import Report, Section, plain, to_json_value


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
    for r in evaluate(a, facts.events, cal, as_of, in_force, frozenset(facts.derived), facts.body.suspensions):
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
    from rrcalc.output.ics import CalendarEvent, calendar

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


# -- Periodic Amounts --------------------------------------------------------------------------------

@dataclass
class Scenario:
    """One events file computed: its name (for batch output) and result."""

    name: str
    agreement: Agreement
    facts: Facts
    in_force: dict[str, str]
    as_of: date
    result: Any  # PenaltyResult


COMPUTATION_COLUMNS = ["track", "occurrence", "n", "computation_date", "period_start", "days", "reason"]
PENALTY_COLUMNS = ["investor", "track", "occurrence", "period", "period_start", "period_end", "days", "rate_pct",
                   "base", "amount", "payment_due", "status"]


def _batch(columns: list[str], batch: bool) -> list[str]:
    """CSV columns, led by a scenario column when several events files are priced in one run."""
    return ["scenario", *columns] if batch else columns


def computation_dates_report(scenarios: list[Scenario]) -> Report:
    rows, payload = [], []
    for sc in scenarios:
        occs = []
        for occ in sc.result.occurrences:
            t = sc.agreement.tracks[occ.track_id]
            periods = []
            for per, due in zip(occ.periods, occ.payment_dates, strict=True):
                row = {"scenario": sc.name, "track": occ.track_id, "occurrence": occ.n, "n": per.n,
                       "computation_date": per.computation_date, "period_start": per.start, "days": per.days,
                       "reason": per.reason, "period_end": per.end, "status": per.status, "payment_due": due,
                       "excluded_days": per.excluded}
                rows.append(row)
                periods.append({k: v for k, v in row.items() if k not in ("scenario", "track", "occurrence")})
            occs.append({"track": occ.track_id, "occurrence": occ.n, "trigger": occ.trigger, "cure": occ.cure,
                         "basis": occ.basis, "clause": t.reference.section, "quote": t.reference.quote,
                         "periods": periods})
        payload.append({"scenario": sc.name, "agreement": sc.agreement.id, "as_of": sc.as_of,
                        "readings": sc.in_force, "occurrences": occs, "warnings": sc.result.warnings})
    display = [{**r, "computation_date": plain(r["computation_date"]) or "(accruing)"} for r in rows]
    notes = _occurrence_notes(scenarios)
    columns = _batch(COMPUTATION_COLUMNS, len(scenarios) > 1)
    section = Section("Computation Dates", columns, rows, notes, display=display)
    return Report([section], payload if len(payload) > 1 else payload[0] if payload else {})


def _occurrence_notes(scenarios: list[Scenario]) -> list[str]:
    notes = []
    for sc in scenarios:
        prefix = f"{sc.name}: " if len(scenarios) > 1 else ""
        for occ in sc.result.occurrences:
            t = sc.agreement.tracks[occ.track_id]
            notes.append(f"{prefix}{occ.track_id} #{occ.n} (§{t.reference.section}): {occ.basis}")
    return notes


SHARE_COLUMNS = ["average_closing_bid", "share_price", "periodic_amount_shares"]


def _shares(sc: Scenario, row: dict[str, Any], prices: dict, source: str, cache: dict) -> None:
    """Add the Periodic Amount Shares columns to ``row`` (2(b)(iv)), for a final period with a track that allows."""
    from rrcalc.engine.calendars import get_calendar
    from rrcalc.engine.prices import share_price, shares_for

    t = sc.agreement.tracks[row["track"]]
    cd = row["computation_date"]
    if t.shares is None or cd is None:
        return
    key = (sc.agreement.id, row["track"], cd)
    if key not in cache:
        cache[key] = share_price(prices, cd, get_calendar(sc.agreement.trading_calendar),
                                 int(sc.agreement.number(t.shares.trading_days)),
                                 sc.agreement.number(t.shares.price_percent), source)
    sp = cache[key]
    row["average_closing_bid"] = sp.average.quantize(Decimal("0.000001"))
    row["share_price"] = sp.price.quantize(Decimal("0.000001"))
    row["periodic_amount_shares"] = shares_for(row["amount"], sp)
    row["closing_bid_days"] = sp.days


def penalties_report(scenarios: list[Scenario], prices: dict | None = None, prices_source: str = "",
                     batch: bool | None = None, agreement: Agreement | None = None) -> Report:
    """The Periodic Amounts of every scenario (``batch``: with a leading scenario column, default when several)."""
    from rrcalc.engine.money import total

    cache: dict = {}

    rows: list[dict[str, Any]] = []
    payload = []
    per_scenario: list[tuple[Scenario, list[dict[str, Any]], dict[str, Any]]] = []
    for sc in scenarios:
        result = sc.result
        sc_rows = []
        for r in result.rows:
            t = sc.agreement.tracks[r.track]
            sc_rows.append({
                "scenario": sc.name, "investor": r.investor, "track": r.track, "occurrence": r.occurrence,
                "period": r.period.n, "period_start": r.period.start, "period_end": r.period.end,
                "days": r.period.days, "rate_pct": r.rate_pct, "base": r.base, "amount": r.amount,
                "payment_due": r.payment_due, "status": r.period.status,
                "computation_date": r.period.computation_date, "reason": r.period.reason, "rule": r.rule,
                "clause": t.reference.section, "quote": t.reference.quote,
            })
            if sc.agreement.late_interest is not None:
                sc_rows[-1]["interest"] = r.interest
            if any(t.election for t in sc.agreement.tracks.values()):
                sc_rows[-1]["election_deadline"] = r.election_deadline
            if prices is not None:
                _shares(sc, sc_rows[-1], prices, prices_source, cache)
        rows.extend(sc_rows)
        by_track: dict[str, list] = {}
        for r in result.rows:
            by_track.setdefault(r.track, []).append(r.amount)
        totals = {"by_investor": result.totals(), "by_track": {k: total(v) for k, v in by_track.items()},
                  "overall": result.total}
        if sc.agreement.late_interest is not None:
            totals["interest"] = total([r.interest or Decimal("0.00") for r in result.rows])
        payload.append({"scenario": sc.name, "agreement": sc.agreement.id, "as_of": sc.as_of,
                        "readings": sc.in_force, "totals": totals, "periods": sc_rows,
                        "warnings": result.warnings})
        per_scenario.append((sc, sc_rows, totals))
    agreements = [sc.agreement for sc in scenarios] or ([agreement] if agreement else [])
    interest = any(a.late_interest is not None for a in agreements)
    election = ["election_deadline"] if any(t.election for a in agreements for t in a.tracks.values()) else []
    columns = PENALTY_COLUMNS + (["interest"] if interest else []) + election + \
        (SHARE_COLUMNS if prices is not None else [])
    batch = len(scenarios) > 1 if batch is None else batch
    csv_section = Section("Periodic Amounts", _batch(columns, batch), rows)

    def tables() -> list[Section]:
        sections = [t for sc, sc_rows, totals in per_scenario
                    for t in _penalty_tables(sc, sc_rows, totals, len(scenarios) > 1)]
        return sections or [Section("Periodic Amounts", PENALTY_COLUMNS, [])]
    return Report([csv_section], payload if len(payload) > 1 else payload[0] if payload else {},
                  table_sections=tables)


def _penalty_tables(sc: Scenario, rows: list[dict[str, Any]], totals: dict[str, Any], batch: bool
                    ) -> list[Section]:
    """The table view: one table per investor, grouped by track, with subtotals; then the totals."""
    from rrcalc.engine.money import total
    prefix = f"{sc.name}: " if batch else ""
    cols = ["track", "occurrence", "period", "period_start", "period_end", "days", "rate_pct", "base", "amount",
            "payment_due", "status", "rule"]
    if any(t.election for t in sc.agreement.tracks.values()):
        cols.insert(cols.index("status"), "election_deadline")
    out = []
    investors: dict[str, list] = {}
    for r in rows:
        investors.setdefault(r["investor"], []).append(r)
    for name, inv_rows in investors.items():
        display: list[dict[str, Any]] = []
        for track, group in groupby(inv_rows, key=lambda r: r["track"]):
            amounts = []
            for r in group:
                amounts.append(r["amount"])
                display.append({**r, "status": "accruing …" if r["status"] == "accruing" else r["status"]})
            display.append({"track": f"  {track} subtotal", "amount": total(amounts)})
        display.append({"track": "total", "amount": totals["by_investor"][name]})
        out.append(Section(f"{prefix}{name}: Periodic Amounts under agreement {sc.agreement.id} "
                           f"(as of {sc.as_of})", cols, inv_rows, display=display,
                           headers={"rate_pct": "rate %", "period": "#", "occurrence": "occ."}))
    summary = [{"what": f"track {k}", "amount": v} for k, v in totals["by_track"].items()]
    summary += [{"what": f"investor {k}", "amount": v} for k, v in totals["by_investor"].items()]
    summary.append({"what": "overall", "amount": totals["overall"]})
    notes = [f"{occ.track_id} #{occ.n}: {occ.basis}" for occ in sc.result.occurrences]
    if any(r["status"] == "accruing" for r in rows):
        notes.append(f"accruing …: not cured by {sc.as_of}; the amount grows until the cure and the payment date "
                     "is the next one if no cure came")
    out.append(Section(f"{prefix}Totals", ["what", "amount"], summary, notes))
    return out


def no_damages_report(a: Agreement) -> Report:
    """For an agreement with no penalty tracks (2001): no rows, and a note that says why."""
    note = f"Agreement {a.id} provides no liquidated damages: there are no Periodic Amounts to compute."
    return Report([Section("Periodic Amounts", PENALTY_COLUMNS, [], [note])],
                  {"agreement": a.id, "note": note, "periods": []})


def rate_schedule_report(a: Agreement, in_force: dict[str, str]) -> Report:
    """Without facts: each track's rate schedule and what it costs per $1,000,000."""
    from rrcalc.engine.penalties import EXAMPLE_DAYS, examples

    schedule = []
    for tid, t in a.tracks.items():
        for i, step in enumerate(t.rates):
            nxt = t.rates[i + 1].from_period - 1 if i + 1 < len(t.rates) else None
            which = f"{step.from_period}" + (f"-{nxt}" if nxt and nxt != step.from_period else
                                             "" if nxt else " on")
            schedule.append({"track": tid, "label": t.label, "periods": which, "rate_pct": a.number(step.rate),
                             "partial_period": a.choose(t.partial_period, in_force),
                             "clause": t.reference.section, "quote": t.reference.quote})
    ex = [{"track": e.track, "days": e.days, "periods": e.periods, "amount_per_1000000": e.amount,
           "percent": e.percent_of_base, "working": e.working} for e in examples(a, in_force)]
    sections = [
        Section(f"Rate schedule of agreement {a.id}", ["track", "label", "periods", "rate_pct", "partial_period",
                                                       "clause"], schedule),
        Section(f"Per $1,000,000 of purchase price, for {', '.join(map(str, EXAMPLE_DAYS))} days of delay "
                "(cured on the last day, no sales)", ["track", "days", "periods", "amount_per_1000000", "percent",
                                                      "working"], ex),
    ]
    return Report(sections, {"agreement": a.id, "readings": in_force, "rate_schedule": schedule, "examples": ex},
                  csv_section=1)


SUSPENSION_COLUMNS = ["n", "start", "end", "business_days", "gap_business_days", "notice_business_days",
                      "permitted", "restricted_sale_date", "reasons"]


def suspensions_report(sc: Scenario, windows: dict[str, date]) -> Report:
    """Each suspension judged against the agreement's rules (3(h); 2001: 2(c), 6(e); 1998: none permitted)."""
    rows = []
    for c in sc.result.suspensions:
        reasons = list(c.reasons) + [f"warning: {w}" for w in c.warnings]
        rsd = c.restricted_sale_date
        for tid, end in windows.items():
            if rsd is not None and rsd > end:
                reasons.append(f"Restricted Sale Date outside the window of {tid} (ends {end}): no Periodic Amount")
        if c.permitted and not c.reasons:
            reasons.insert(0, "Permitted Suspension Period")
        rows.append({"n": c.n, "start": c.suspension.start, "end": c.suspension.end, "kind": c.suspension.kind,
                     "business_days": c.business_days, "gap_business_days": c.gap_business_days,
                     "notice_business_days": c.notice_business_days, "permitted": c.permitted,
                     "restricted_sale_date": rsd, "reasons": reasons,
                     "restrictions_removed": c.restrictions_removed, "calendar_days": c.calendar_days,
                     "extends_effectiveness_by": c.extends_effectiveness_by})
    extends = sum(c.extends_effectiveness_by or 0 for c in sc.result.suspensions)
    notes = [f"the effectiveness period is extended by {extends} days in all"] if extends else []
    title = (f"Suspensions under agreement {sc.agreement.id} (calendar {calendar_name(sc.agreement, sc.in_force)}, "
             f"as of {sc.as_of})")
    payload = {"agreement": sc.agreement.id, "as_of": sc.as_of, "readings": sc.in_force, "suspensions": rows,
               "extends_effectiveness_by": extends}
    return Report([Section(title, SUSPENSION_COLUMNS, rows, notes)], payload)


def next_suspension_report(sc: Scenario, plan: Any, costs: list[dict[str, Any]] | None, days: int | None) -> Report:
    row = {"earliest_start": plan.earliest_start, "latest_end": plan.latest_end,
           "max_business_days": plan.max_business_days, "remaining": plan.remaining,
           "reasons": plan.reasons}
    sections = [Section(f"Next suspension under agreement {sc.agreement.id} (as of {sc.as_of})",
                        ["earliest_start", "latest_end", "max_business_days", "remaining", "reasons"], [row])]
    payload: dict[str, Any] = {"agreement": sc.agreement.id, "as_of": sc.as_of, **row}
    if costs is not None:
        sections.append(Section(f"What a suspension of {days} business days from {plan.earliest_start} would cost",
                                ["investor", "amount", "note"], costs))
        payload["cost"] = costs
    return Report(sections, payload, csv_section=0)


def compare_readings_report(a: Agreement, rows: list[dict[str, Any]], base_total: Any) -> Report:
    """--compare-readings: what each interpretation is worth against the readings in force."""
    cols = ["reading", "alternative", "in_force", "total", "difference", "meaning"]
    notes = [f"in force: total {base_total}; each other row changes one reading and keeps the rest"]
    return Report([Section(f"What each reading of agreement {a.id} is worth", cols, rows, notes)],
                  {"agreement": a.id, "total_in_force": base_total, "alternatives": rows})


def exposure_report(a: Agreement, tid: str, investors: list[str], points: list[tuple[date, str, dict]]) -> Report:
    """Total owed on one track for each cure date: per Investor, overall, with a bar for people."""
    from rrcalc.engine.money import total
    from rrcalc.output.chart import bar

    rows = []
    for day, how, by_investor in points:
        row: dict[str, Any] = {"cure_date": day, "cure": how}
        for name in investors:
            row[name] = by_investor.get(name, Decimal("0.00"))
        row["total"] = total(list(by_investor.values()))
        rows.append(row)
    top = max((r["total"] for r in rows), default=Decimal(0))
    display = [{**r, "chart": bar(r["total"], top)} for r in rows]
    t = a.tracks[tid]
    section = Section(f"Exposure under agreement {a.id}, track {tid} (§{t.reference.section}): total owed if cured "
                      "on each date", ["cure_date", *investors, "total"], rows, display=display)
    table_cols = ["cure_date", *investors, "total", "chart"]
    table = Section(section.title, table_cols, rows, display=display)
    payload = {"agreement": a.id, "track": tid, "clause": t.reference.section,
               "points": [{"cure_date": r["cure_date"], "cure": r["cure"], "total": r["total"],
                           "by_investor": {n: r[n] for n in investors}} for r in rows]}
    return Report([section], payload, table_sections=[table])
