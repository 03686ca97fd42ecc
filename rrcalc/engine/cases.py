"""Embedded test cases: hand-worked scenarios in an agreement's YAML, run by `rrcalc check`."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

from rrcalc.engine.deadlines import evaluate
from rrcalc.errors import RRCalcError
from rrcalc.model.agreement import Agreement, TestCase
from rrcalc.model.calendars import LAST_YEAR, BusinessCalendar
from rrcalc.model.facts import Facts, bind
from rrcalc.model.yamlsrc import Path_, Source


def run_case(agreement: Agreement, case: TestCase, src: Source | None, path: Path_ = ()) -> list[str]:
    """The differences between what ``case`` expects and what rrcalc computes (empty: it passes)."""
    try:
        # a case without an as-of date is judged as of the calendars' last day, never the wall clock
        as_of = case.facts.as_of or date(LAST_YEAR, 12, 31)
        facts = bind(replace(case.facts, as_of=as_of), agreement, src, (*path, "facts"))
        in_force = agreement.readings_in_force(case.readings)
        calendar = agreement.business_calendar(in_force)
        problems = []
        if case.expect.penalties or case.expect.total is not None:
            problems += _penalty_problems(agreement, case, facts, in_force, calendar)
        if case.expect.deadlines:
            got = {row.id: row.due for row in evaluate(agreement, facts.events, calendar, as_of, in_force,
                                                      frozenset(facts.derived), facts.body.suspensions)}
            for oid, want in case.expect.deadlines.items():
                if got[oid] != want:
                    problems.append(f"{oid}: expected {want}, computed {got[oid]}")
        return problems
    except RRCalcError as exc:
        return [f"the case cannot be run: {exc}"]
    except (ArithmeticError, ValueError, RecursionError) as exc:  # `check` reports FAIL, never crashes
        return [f"the case cannot be run (internal error {type(exc).__name__}: {exc}; this is a bug in rrcalc)"]


def _penalty_problems(agreement: Agreement, case: TestCase, facts: Facts, in_force: dict[str, str],
                      calendar: BusinessCalendar) -> list[str]:
    from rrcalc.engine.money import total
    from rrcalc.engine.penalties import compute

    if case.facts.as_of is None:
        return ["a penalty case needs facts.as_of"]
    result = compute(agreement, facts, calendar, in_force, case.facts.as_of)
    names = sorted({i.name for i in facts.body.investors})
    problems = []
    for ex in case.expect.penalties:
        investor = ex.investor or (names[0] if len(names) == 1 else None)
        if investor is None:
            problems.append(f"{ex.track}: name the investor (there are {len(names)})")
            continue
        rows = [r for r in result.rows if r.investor == investor and r.track == ex.track
                and r.occurrence == ex.occurrence and (ex.period is None or r.period.n == ex.period)]
        what = f"{investor} {ex.track} #{ex.occurrence}" + (f" period {ex.period}" if ex.period else " total")
        if not rows:
            problems.append(f"{what}: expected {ex.amount}, computed nothing")
            continue
        got = total([r.amount for r in rows])
        if got != ex.amount:
            problems.append(f"{what}: expected {ex.amount}, computed {got}")
        if ex.period is not None and ex.days is not None and rows[0].period.days != ex.days:
            problems.append(f"{what}: expected {ex.days} days, computed {rows[0].period.days}")
        if ex.period is not None and ex.payment_due is not None and rows[0].payment_due != ex.payment_due:
            problems.append(f"{what}: expected payable {ex.payment_due}, computed {rows[0].payment_due}")
        if ex.interest is not None:
            got_interest = total([r.interest or Decimal("0.00") for r in rows])
            if got_interest != ex.interest:
                problems.append(f"{what}: expected interest {ex.interest}, computed {got_interest}")
    if case.expect.total is not None and result.total != case.expect.total:
        problems.append(f"total: expected {case.expect.total}, computed {result.total}")
    return problems
