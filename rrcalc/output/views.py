"""Reports for each command: rows, columns (the stable column names) and JSON payloads, from the library's results.

Views never compute: they arrange the library's results (:mod:`rrcalc.results`, computed once by
:func:`rrcalc.api.compute`). With several scenarios (events files) every data section gains a leading ``scenario``
column and the JSON payload becomes a list.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal
from itertools import groupby
from typing import TYPE_CHECKING, Any, TypeVar

from rrcalc.errors import UsageError
from rrcalc.model.agreement import Agreement, Reference
from rrcalc.model.vocabulary import AMOUNT_FAMILIES, rate_words
from rrcalc.output.render import Report, Section, to_json_value

if TYPE_CHECKING:
    from rrcalc.results import AmountRow, CheckReport, Deal, Exposure, RateSchedule, ReadingsWorth, Shares, Shown

    Scenario = Deal  # a deal as computed for its command

T = TypeVar("T")


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


def show_report(shown: Shown) -> Report:
    a, in_force = shown.agreement, shown.in_force
    cal = a.calendar_name(in_force)
    head: list[dict[str, Any]] = [
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
        obligations.append({"id": k, "label": ob.label, "value": shown.rules[k], "unit": ob.kind,
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
    rows: list[dict[str, Any]] = [{
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
COMPUTATION_COLUMNS = ["track", "occurrence", "n", "computation_date", "period_start", "days", "reason"]
PENALTY_COLUMNS = ["investor", "track", "occurrence", "period", "period_start", "period_end", "days", "rate",
                   "rate_unit", "base", "amount", "payment_due", "status"]
SUSPENSION_COLUMNS = ["n", "start", "end", "business_days", "gap_business_days", "notice_business_days",
                      "permitted", "restricted_sale_date", "reasons"]
SHARE_COLUMNS = ["average_closing_bid", "share_price", "periodic_amount_shares"]
#: A workbook gives each Investor a sheet of its own up to this many Investors in a deal; a larger deal's amounts go
#: on one sheet with an Investor column (hundreds of tabs cannot be navigated, and each costs the writer time).
SHEETS_PER_INVESTOR_MAX = 100
#: The table view of ``penalties`` shows at most this many Periodic Amounts (a larger deal: CSV or JSON).
TABLE_ROWS_MAX = 100_000


def _prefix(sc: Scenario, many: bool) -> str:
    return f"{sc.name}: " if many else ""


def _scenarios(columns: list[str], many: bool) -> list[str]:
    """CSV columns, led by a scenario column when several events files are computed in one run."""
    return ["scenario", *columns] if many else columns


def _payload(items: list[T]) -> T | list[T]:
    return items[0] if len(items) == 1 else items


def batch(make: Callable[[Scenario], Report], scenarios: list[Scenario]) -> Report:
    """One report per scenario, joined: each data section gains a scenario column, tables a title prefix."""
    reports = [make(sc) for sc in scenarios]
    if len(reports) == 1:
        return reports[0]
    sections = []
    for i, first in enumerate(reports[0].sections):
        rows = [{"scenario": sc.name, **row} for sc, r in zip(scenarios, reports, strict=True)
                for row in r.sections[i].rows]
        sections.append(Section(first.title, ["scenario", *first.columns], rows, [], first.headers))

    def tables() -> list[Section]:
        out = []
        for sc, r in zip(scenarios, reports, strict=True):
            for t in (r.tables() if r.tables else r.sections):
                out.append(Section(f"{sc.name}: {t.title}", t.columns, t.rows, t.notes, t.headers))
        return out

    calendars = [r.calendar for r in reports if r.calendar is not None]

    def calendar() -> str:
        from rrcalc.output.ics import merge

        return merge([c() for c in calendars])

    return Report(sections, [{"scenario": sc.name, **r.payload} if isinstance(r.payload, dict) else r.payload
                             for sc, r in zip(scenarios, reports, strict=True)],
                  tables=tables, calendar=calendar if calendars else None)


# -- deadlines -----------------------------------------------------------------------------------------

def deadlines_report(sc: Scenario, remind: int | None = None) -> Report:
    a = sc.agreement
    rows: list[dict[str, Any]] = []
    for r in sc.deadlines:
        rows.append({
            "obligation": r.id, "description": r.obligation.label, "clause": r.obligation.reference.section,
            "due": r.due, "basis": r.basis, "status": r.status, "flags": r.flags,
            "quote": r.obligation.reference.quote, "kind": r.obligation.kind,
        })
    section = Section(f"Deadlines under agreement {a.id} (calendar {sc.calendar.name}, as of {sc.as_of})",
                      DEADLINE_COLUMNS, rows)

    def tables() -> list[Section]:
        shown = [{**row, "due": row["due"], "flags": "; ".join(row["flags"])} for row in rows]
        return [Section(section.title, ["obligation", "due", "status", "clause", "basis", "flags"], shown,
                        headers={"flags": "Note"})]

    def calendar() -> str:
        from rrcalc.output.ics import calendar as ics
        from rrcalc.output.ics import deadline_events, titled

        deal = sc.facts.body.deal
        return ics(deadline_events(a, rows, sc.as_of, deal, sc.name, sc.calendar, remind),
                   sc.as_of, titled("rrcalc deadlines", deal, a.id))

    payload: dict[str, Any] = {"agreement": a.id, "as_of": sc.as_of, "calendar": sc.calendar.name,
                               "readings": sc.in_force, "deadlines": rows}
    return Report([section], payload, tables=tables, calendar=calendar)


def check_report(report: CheckReport) -> Report:
    from rrcalc.output.ci import tag

    rows = [{"result": tag(i), "file": i.file, "item": i.item, "detail": i.detail} for i in report.items]
    payload = {"passed": report.passed, "failed": report.failed, "drafts": report.drafts, "items": rows}
    return Report([Section("rrcalc check", ["result", "item", "file", "detail"], rows)], payload)


# -- Periodic Amounts --------------------------------------------------------------------------------

def computation_dates_report(scenarios: list[Scenario]) -> Report:
    rows, payload = [], []
    many = len(scenarios) > 1
    for sc in scenarios:
        occs = []
        for occ in sc.penalties.occurrences:
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
                        "readings": sc.in_force, "occurrences": occs, "warnings": sc.penalties.warnings})
    section = Section("Computation Dates", _scenarios(COMPUTATION_COLUMNS, many), rows)

    def tables() -> list[Section]:
        shown = [{**r, "computation_date": r["computation_date"] or "(accruing)",
                  "group": (f"{r['scenario']}: " if many else "") + f"{r['track']} #{r['occurrence']}"}
                 for r in rows]
        cols = ["group", "n", "period_start", "period_end", "computation_date", "days", "reason", "payment_due",
                "status"]
        return [Section("Computation Dates", cols, shown, _occurrence_notes(scenarios), group="group",
                        headers={"computation_date": "Comp. Date"})]

    return Report([section], _payload(payload) if payload else {}, tables=tables)


def _occurrence_notes(scenarios: list[Scenario]) -> list[str]:
    notes = []
    for sc in scenarios:
        prefix = _prefix(sc, len(scenarios) > 1)
        for occ in sc.penalties.occurrences:
            t = sc.agreement.tracks[occ.track_id]
            notes.append(f"{prefix}{occ.track_id} #{occ.n} (§{t.reference.section}): {occ.basis}")
    return notes


def penalties_report(scenarios: list[Scenario], batch: bool | None = None, interest: bool | None = None,
                     remind: int | None = None) -> Report:
    """The Periodic Amounts of every scenario (``batch``: with a leading scenario column; default when several),
    with each deal's Periodic Amount Shares where it was priced with closing bids."""
    shares = _shares(scenarios)
    payload = []
    per_scenario: list[tuple[Scenario, _Streamed, dict[str, Any]]] = []
    for k, sc in enumerate(scenarios):
        result = sc.penalties
        has_interest = sc.agreement.late_interest is not None
        priced = shares[k] if shares is not None else None
        sc_rows = _Streamed([sc], [priced] if priced is not None else None)  # rows made as they are read
        totals: dict[str, Any] = {"by_investor": {i.name: i.total for i in sc.investors}, "by_track": dict(sc.by_track),
                                  "overall": result.total}
        if has_interest:
            totals["interest"] = sum((i.interest for i in sc.investors), Decimal("0.00"))
        payload.append({"scenario": sc.name, "agreement": sc.agreement.id, "as_of": sc.as_of,
                        "readings": sc.in_force, "totals": totals, "periods": sc_rows,
                        "warnings": result.warnings})
        per_scenario.append((sc, sc_rows, totals))
    columns = _penalty_columns(scenarios, shares, interest)
    batch = len(scenarios) > 1 if batch is None else batch
    rows = _Streamed(scenarios, shares)
    csv_section = Section("Periodic Amounts", _scenarios(columns, batch), rows, sums=["amount", "interest"])  # type: ignore[arg-type]

    def tables() -> list[Section]:
        if len(rows) > TABLE_ROWS_MAX:
            raise UsageError(f"--format table: at most {TABLE_ROWS_MAX:,} Periodic Amounts ({len(rows):,} here): "
                             "no one reads a table that long; use --format csv or json")
        sections = [t for sc, sc_rows, totals in per_scenario
                    for t in _penalty_tables(sc, sc_rows, totals, len(scenarios) > 1, shares is not None)]
        return sections or [Section("Periodic Amounts", PENALTY_COLUMNS, [])]

    def sheets() -> list[Section]:  # the workbook: one sheet per investor (the data rows), then the totals
        out = []
        for sc, sc_rows, totals in per_scenario:
            prefix = f"{sc.name}: " if len(scenarios) > 1 else ""
            by_investor: dict[str, list[dict[str, Any]]] = {}
            for r in sc_rows:
                by_investor.setdefault(r["investor"], []).append(r)
            words = f"{sc.agreement.words.amount} under agreement {sc.agreement.id} (as of {sc.as_of})"
            if len(by_investor) > SHEETS_PER_INVESTOR_MAX:  # one sheet, an Investor column, rows by investor
                mine = [r for name in sorted(by_investor) for r in by_investor[name]]
                out.append(Section(f"{prefix or 'All Investors: '}{words}", columns, mine, sums=["amount", "interest"],
                                   notes=[f"{len(by_investor):,} Investors: one sheet for all (a sheet each up to "
                                          f"{SHEETS_PER_INVESTOR_MAX}); filter the Investor column for one"]))
            else:
                for name in sorted(by_investor):
                    out.append(Section(f"{name}: {words}" if not prefix else f"{prefix}{name}",
                                       [c for c in columns if c != "investor"], by_investor[name],
                                       sums=["amount", "interest"]))
            out += [t for t in _penalty_tables(sc, sc_rows, totals, len(scenarios) > 1, shares is not None)
                    if not t.group]
        return out

    def calendar() -> str:  # each payment date with its amount (ics.payment_events)
        from rrcalc.output.ics import calendar as ics
        from rrcalc.output.ics import merge, payment_events, titled

        return merge([ics(payment_events(sc.agreement, sc.penalties, sc.as_of, sc.facts.body.deal, sc.name,
                                         sc.calendar, remind), sc.as_of,
                          titled("rrcalc payments", sc.facts.body.deal, sc.agreement.id)) for sc in scenarios])

    return Report([csv_section], _payload(payload) if payload else {}, tables=tables, sheets=sheets,
                  calendar=calendar if scenarios else None)


def _penalty_row(sc: Scenario, r: AmountRow, interest: bool, priced: Shares | None) -> dict[str, Any]:
    """One Periodic Amount as a row: the stable CSV columns and the working behind it."""
    t = sc.agreement.tracks[r.track]
    row = {
        "scenario": sc.name, "investor": r.investor, "track": r.track, "occurrence": r.occurrence,
        "period": r.period.n, "period_start": r.period.start, "period_end": r.period.end,
        "days": r.period.days, "rate": r.rate_pct, "rate_unit": AMOUNT_FAMILIES[t.amount].unit, "base": r.base,
        "amount": r.amount,
        "payment_due": r.payment_due, "status": r.period.status,
        "computation_date": r.period.computation_date, "reason": r.period.reason, "rule": r.rule,
        "clause": t.reference.section, "quote": t.reference.quote,
    }
    if interest:
        row["interest"] = r.interest
    if _elects(sc.agreement):  # the Investor's election deadline for each amount
        row["election_deadline"] = r.election_deadline
    if priced is not None and r.period.computation_date is not None:  # shares are priced on Computation Dates
        sp = priced.get((r.track, r.period.computation_date))
        if sp is not None:
            row["average_closing_bid"] = sp.average.quantize(Decimal("0.000001"))
            row["share_price"] = sp.price.quantize(Decimal("0.000001"))
            row["periodic_amount_shares"] = sc.share_counts[(r.investor, r.track, r.occurrence, r.period.n)]
            row["closing_bid_days"] = sp.days
    return row


def _shares(scenarios: list[Scenario]) -> list[Shares] | None:
    """Each deal's Periodic Amount Shares pricing, where the run priced them (``--prices``)."""
    if not any(sc.shares is not None for sc in scenarios):
        return None
    return [sc.shares or {} for sc in scenarios]


def rate_shown(a: Agreement, track: str, rate: Decimal) -> str:
    """A rate of ``track`` as the agreement says it ('2%', '$10,000.00 per 30-day period', '$2,500.00 per Business
    Day'): its amount family's unit words (:data:`rrcalc.model.vocabulary.AMOUNT_FAMILIES`)."""
    t = a.tracks[track]
    days = int(a.number(t.period_days)) if t.period_days else None
    return rate_words(t.amount, rate, days, t.base_unit)


class _Streamed:
    """Rows made one at a time as a renderer reads them, each time it reads them (a large deal's CSV or JSON never
    holds them all)."""

    def __init__(self, scenarios: list[Scenario], shares: list[Shares] | None) -> None:
        self.scenarios, self.shares = scenarios, shares

    def __len__(self) -> int:
        return sum(len(sc.penalties.rows) for sc in self.scenarios)

    def __iter__(self) -> Iterator[dict[str, Any]]:
        for k, sc in enumerate(self.scenarios):
            interest = sc.agreement.late_interest is not None
            priced = self.shares[k] if self.shares is not None else None
            for r in sc.penalties.rows:
                yield _penalty_row(sc, r, interest, priced)


def penalties_csv(scenarios: list[Scenario], batch: bool | None = None, interest: bool | None = None,
                  shares: bool | None = None) -> Report:
    """The Periodic Amounts for CSV alone: the same columns and rows as :func:`penalties_report`, streamed
    (``shares``: whether the share columns are there, when no deal says: a batch's header)."""
    priced = _shares(scenarios)
    columns = _penalty_columns(scenarios, priced if shares is None else ([] if shares else None), interest)
    batch = len(scenarios) > 1 if batch is None else batch
    return Report([Section("Periodic Amounts", _scenarios(columns, batch), _Streamed(scenarios, priced))])  # type: ignore[arg-type]


def _penalty_columns(scenarios: list[Scenario], shares: list[Shares] | None, interest: bool | None) -> list[str]:
    interest_col = any(sc.agreement.late_interest is not None for sc in scenarios) if interest is None else interest
    columns = PENALTY_COLUMNS + (["interest"] if interest_col else []) + (SHARE_COLUMNS if shares is not None else [])
    return columns + (["election_deadline"] if any(_elects(sc.agreement) for sc in scenarios) else [])


def _elects(a: Agreement) -> bool:
    return any(t.election is not None for t in a.tracks.values())


def _penalty_tables(sc: Scenario, rows: Iterable[dict[str, Any]], totals: dict[str, Any], batch: bool,
                    shares: bool) -> list[Section]:
    """The table view: one table per investor, grouped by track, with subtotals; then the totals."""
    prefix = f"{sc.name}: " if batch else ""
    interest = sc.agreement.late_interest is not None
    cols = ["period", "period_start", "period_end", "days", "rate_shown", "base", "amount",
            *(["interest"] if interest else []), *(SHARE_COLUMNS if shares else []), "payment_due",
            *(["election_deadline"] if _elects(sc.agreement) else []), "status", "rule"]
    several = {t for t in {r["track"] for r in rows} if len({r["occurrence"] for r in rows if r["track"] == t}) > 1}
    out = []
    investors: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        investors.setdefault(r["investor"], []).append(r)
    summed = {i.name: i for i in sc.investors}  # the library's subtotals (rrcalc.api.amounts_by_investor)
    for name, inv_rows in investors.items():
        display: list[dict[str, Any]] = []
        for (track, group), amounts in zip(groupby(inv_rows, key=lambda r: r["track"]), summed[name].tracks,
                                           strict=True):
            label = ""
            for r in group:
                label = f"{track} #{r['occurrence']}" if track in several else track
                display.append({**r, "group": label, "rate_shown": rate_shown(sc.agreement, track, r["rate"])})
            sub = {"group": label, "period_start": "subtotal", "amount": amounts.subtotal}
            if interest:
                sub["interest"] = amounts.interest
            display.append(sub)
        tot = {"group": "all tracks", "period_start": "total", "amount": summed[name].total}
        if interest:
            tot["interest"] = summed[name].interest
        display.append(tot)
        out.append(Section(f"{prefix}{name}: {sc.agreement.words.amount} under agreement {sc.agreement.id} "
                           f"(as of {sc.as_of})", ["group", *cols], display, group="group"))
    summary = [{"what": f"track {k}", "amount": v} for k, v in totals["by_track"].items()]
    summary += [{"what": f"investor {k}", "amount": v} for k, v in totals["by_investor"].items()]
    if interest:
        summary.append({"what": "late-payment interest", "amount": totals["interest"]})
    summary.append({"what": "overall" + (" (amounts, before interest)" if interest else ""),
                    "amount": totals["overall"]})
    notes = [f"{occ.track_id} #{occ.n}: {occ.basis}" for occ in sc.penalties.occurrences]
    if any(r["status"] == "accruing" for r in rows):
        notes.append(f"accruing: not cured by {sc.as_of}; the amount grows until the cure and the payment date "
                     "is the next one if no cure came")
    out.append(Section(f"{prefix}Totals", ["what", "amount"], summary, notes, headers={"what": "Total"}))
    return out


def no_damages_report(a: Agreement) -> Report:
    """For an agreement with no penalty tracks (2001): no rows, and a note that says why."""
    note = f"Agreement {a.id} provides no liquidated damages: there are no Periodic Amounts to compute."
    return Report([Section("Periodic Amounts", PENALTY_COLUMNS, [], [note])],
                  {"agreement": a.id, "note": note, "periods": []})


def rate_schedule_report(rates: RateSchedule) -> Report:
    """Without facts: each track's rate schedule, and what it costs per $1,000,000 (priced by the engine)."""
    a, in_force, examples = rates.agreement, rates.in_force, rates.examples
    schedule: list[dict[str, Any]] = []
    for tid, t in a.tracks.items():
        for i, step in enumerate(t.rates):
            nxt = t.rates[i + 1].from_period - 1 if i + 1 < len(t.rates) else None
            which = f"{step.from_period}" + (f"-{nxt}" if nxt and nxt != step.from_period else
                                             "" if nxt else " on")
            schedule.append({"track": tid, "label": t.label, "periods": which, "rate": a.number(step.rate),
                             "rate_unit": AMOUNT_FAMILIES[t.amount].unit,
                             "partial_period": a.choose(t.partial_period, in_force),
                             "clause": t.reference.section, "quote": t.reference.quote})
    ex = [{"track": e.track, "days": e.days, "first_day": e.first_day, "last_day": e.last_day, "periods": e.periods,
           "amount_per_1000000": e.amount, "percent": e.percent_of_base, "working": e.working} for e in examples]
    days = sorted({e.days for e in examples})
    sections = [
        Section(f"Per $1,000,000 of purchase price, for {', '.join(map(str, days))} days of failure "
                "(cured after the last of them, no sales; priced by the engine)",
                ["track", "days", "first_day", "last_day", "periods", "amount_per_1000000", "percent", "working"],
                ex),
    ]

    def tables() -> list[Section]:
        shown = [{**r, "rate_shown": rate_shown(a, r["track"], r["rate"])} for r in schedule]
        return [Section(f"Rate schedule of agreement {a.id}", ["track", "periods", "rate_shown", "partial_period",
                                                               "clause", "label"], shown), *sections]

    return Report(sections, {"agreement": a.id, "readings": in_force, "rate_schedule": schedule, "examples": ex},
                  tables=tables)


# -- suspensions ---------------------------------------------------------------------------------------

def suspensions_report(sc: Scenario, remind: int | None = None) -> Report:
    """Each suspension judged against the agreement's rules (3(h); 2001: 2(c), 6(e); 1998: none permitted)."""
    windows = sc.windows
    rows: list[dict[str, Any]] = []
    for c in sc.penalties.suspensions:
        reasons = list(c.reasons) + [f"warning: {w}" for w in c.warnings]
        rsd = c.restricted_sale_date
        for tid, end in windows.items():
            if rsd is not None and rsd > end:
                reasons.append(f"Restricted Sale Date outside the window of {tid} (ends {end}): no Periodic Amount")
        if c.permitted and not c.reasons:
            reasons.insert(0, sc.agreement.words.permitted_suspension)
        rows.append({"n": c.n, "start": c.suspension.start, "end": c.suspension.end, "kind": c.suspension.kind,
                     "business_days": c.business_days, "gap_business_days": c.gap_business_days,
                     "notice_business_days": c.notice_business_days, "permitted": c.permitted,
                     "restricted_sale_date": rsd, "reasons": reasons,
                     "restrictions_removed": c.restrictions_removed, "calendar_days": c.calendar_days,
                     "extends_effectiveness_by": c.extends_effectiveness_by})
    extends = sum(c.extends_effectiveness_by or 0 for c in sc.penalties.suspensions)
    notes = [f"the effectiveness period is extended by {extends} days in all"] if extends else []
    title = (f"Suspensions under agreement {sc.agreement.id} (calendar {sc.calendar.name}, as of {sc.as_of})")
    payload = {"agreement": sc.agreement.id, "as_of": sc.as_of, "readings": sc.in_force, "suspensions": rows,
               "extends_effectiveness_by": extends}

    def tables() -> list[Section]:
        shown = [{**r, "reasons": "; ".join(r["reasons"])} for r in rows]
        return [Section(title, ["n", "start", "end", "kind", "business_days", "gap_business_days",
                                "notice_business_days", "permitted", "restricted_sale_date", "reasons"], shown, notes)]

    def calendar() -> str:  # each blackout as a multi-day event, and the next permitted window
        from rrcalc.output.ics import calendar as ics
        from rrcalc.output.ics import suspension_events, titled

        plan = sc.plan.plan if sc.plan is not None else None  # None: no Permitted Suspension Periods, or one open
        deal = sc.facts.body.deal
        events = suspension_events(sc.agreement, sc.penalties.suspensions, plan, sc.as_of, deal, sc.name,
                                   sc.calendar, remind)
        return ics(events, sc.as_of, titled("rrcalc suspensions", deal, sc.agreement.id))

    return Report([Section(title, SUSPENSION_COLUMNS, rows, notes)], payload, tables=tables, calendar=calendar)


def next_suspension_report(sc: Scenario) -> Report:
    planned = sc.plan
    assert planned is not None  # the command refuses a deal whose blackout cannot be planned (its plan_error)
    plan = planned.plan
    row = {"earliest_start": plan.earliest_start, "latest_end": plan.latest_end,
           "max_business_days": plan.max_business_days,
           "remaining": "no limit" if plan.remaining < 0 else plan.remaining, "reasons": plan.reasons}
    sections = [Section(f"Next suspension under agreement {sc.agreement.id} (as of {sc.as_of})",
                        ["earliest_start", "latest_end", "max_business_days", "remaining", "reasons"], [row])]
    payload: dict[str, Any] = {"agreement": sc.agreement.id, "as_of": sc.as_of, **row}
    tables = None
    if planned.costs is not None:
        costs = [{"investor": c.investor, "amount": c.amount, "note": c.note} for c in planned.costs]
        cost_section = Section(f"What a suspension of {planned.days} business days from {plan.earliest_start} "
                               "would cost", ["investor", "amount", "note"], costs)
        payload["cost"] = costs

        def tables() -> list[Section]:
            return [*sections, cost_section]
    return Report(sections, payload, tables=tables)


# -- what-if -------------------------------------------------------------------------------------------

def compare_readings_report(worth: ReadingsWorth) -> Report:
    """--compare-readings: what each interpretation is worth against the readings in force."""
    a, base_total, values = worth.agreement, worth.total, worth.values
    rows = [{"reading": v.reading, "alternative": v.alternative, "in_force": v.in_force, "total": v.total,
             "difference": v.difference, "meaning": v.meaning, "clause": v.clause, "by_investor": v.by_investor}
            for v in values]
    cols = ["reading", "alternative", "in_force", "total", "difference", "meaning"]
    notes = [f"in force: total {base_total:,.2f}; each other row changes one reading and keeps the rest"]
    return Report([Section(f"What each reading of agreement {a.id} is worth", cols, rows, notes)],
                  {"agreement": a.id, "total_in_force": base_total, "alternatives": rows})


def exposure_report(a: Agreement, result: Exposure) -> Report:
    """Total owed on one track for each cure date: per Investor (columns 'investor: NAME'), overall, with a bar."""
    from rrcalc.output.chart import Bar

    investor_cols = [f"investor: {name}" for name in result.investors]
    rows = []
    for p in result.points:
        row: dict[str, Any] = {"cure_date": p.cure_date, "cure": p.how, "total": p.total}
        for name, col in zip(result.investors, investor_cols, strict=True):
            row[col] = p.by_investor.get(name, Decimal("0.00"))
        rows.append(row)
    t = a.tracks[result.track]
    title = (f"Exposure under agreement {a.id}, track {result.track} (§{t.reference.section}): total owed if "
             f"cured on each date (as of {result.as_of})")
    section = Section(title, ["cure_date", "total", *investor_cols], rows)

    def tables() -> list[Section]:
        top = max((r["total"] for r in rows), default=Decimal(0))
        shown = [{**r, "chart": Bar(r["total"], top)} for r in rows]  # drawn as wide as the table has room
        return [Section(title, ["cure_date", *investor_cols, "total", "chart"], shown)]

    payload = {"agreement": a.id, "track": result.track, "clause": t.reference.section, "as_of": result.as_of,
               "points": [{"cure_date": p.cure_date, "cure": p.how, "total": p.total, "by_investor": p.by_investor}
                          for p in result.points]}
    return Report([section], payload, tables=tables)
