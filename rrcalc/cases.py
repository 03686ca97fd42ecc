"""Embedded test cases: hand-worked scenarios in an agreement's YAML, run by `rrcalc check`."""

from __future__ import annotations

from datetime import date

from rrcalc.calendars import get_calendar
from rrcalc.deadlines import evaluate
from rrcalc.errors import RRCalcError
from rrcalc.facts import bind
from rrcalc.terms import Agreement, TestCase
from rrcalc.yamlsrc import Path_, Source


def run_case(agreement: Agreement, case: TestCase, src: Source | None, path: Path_ = ()) -> list[str]:
    """The differences between what ``case`` expects and what rrcalc computes (empty: it passes)."""
    from rrcalc.api import calendar_name, readings

    try:
        facts = bind(case.facts, agreement, src, (*path, "facts"))
        in_force = readings(agreement, case.readings)
        calendar = get_calendar(calendar_name(agreement, in_force))
        as_of = case.facts.as_of or date.max
        problems = []
        if case.expect.deadlines:
            got = {row.id: row.due for row in evaluate(agreement, facts.events, calendar, as_of, in_force)}
            for oid, want in case.expect.deadlines.items():
                if got[oid] != want:
                    problems.append(f"{oid}: expected {want}, computed {got[oid]}")
        return problems
    except RRCalcError as exc:
        return [f"the case cannot be run: {exc}"]
