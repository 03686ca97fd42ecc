"""The library: the same verbs as the command line, for notebooks and other programs.

    >>> from rrcalc import api
    >>> agreement = api.load_agreement("agreements/2003.yaml")   # or a bundled id
    >>> facts = api.load_facts("deal.yaml", agreement)          # doctest: +SKIP
    >>> api.readings(agreement, {"proration": "daily"})       # doctest: +SKIP

Every function raises :class:`rrcalc.errors.InputError` (or another ``RRCalcError``) for bad
input; none of them prints.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from rrcalc.engine.calendars import today
from rrcalc.errors import InputError, Location, RRCalcError, UsageError
from rrcalc.model.agreement import Agreement
from rrcalc.model.facts import Facts, FactsBody, bind
from rrcalc.model.schema import build, json_schema, suggest
from rrcalc.model.yamlsrc import Source, parse, read_file


def _bundled_dirs() -> list[Path]:
    here = Path(__file__).resolve().parent
    return [here / "_agreements", here.parent / "agreements"]


def bundled_dir() -> Path:
    """The folder holding the bundled agreements (installed package data, or the source tree)."""
    for d in _bundled_dirs():
        if d.is_dir() and any(d.glob("*.yaml")):
            return d
    raise RRCalcError("the bundled agreements are missing from this installation")


def bundled_ids() -> list[str]:
    """Ids of the bundled agreements, in order."""
    return sorted(p.stem for p in bundled_dir().glob("*.yaml"))


def agreement_path(ref: str) -> Path:
    """The YAML file for an agreement id (``2003``) or a path to a YAML file."""
    if ref.endswith((".yaml", ".yml")) or "/" in ref or "\\" in ref:
        return Path(ref)
    ids = bundled_ids()
    if ref not in ids:
        raise UsageError(f"unknown agreement '{ref}'{suggest(ref, ids)}; bundled: {', '.join(ids)} "
                         "(or give the path of a YAML file)")
    return bundled_dir() / f"{ref}.yaml"


def agreement_from_source(src: Source) -> Agreement:
    """Build and check an agreement from parsed YAML."""
    if src.data is None:
        raise InputError("the file is empty; an agreement needs at least id, title, date, ...",
                         Location(src.file, 1, 1))
    agreement: Agreement = build(Agreement, src.data, src)
    agreement.origin = src.file
    return agreement


def load_agreement(ref: str | Path) -> Agreement:
    """Load an agreement by bundled id or by path, validated against the schema."""
    path = agreement_path(str(ref))
    src = read_file(path)
    agreement = agreement_from_source(src)
    if path.parent == bundled_dir() and agreement.id != path.stem:
        raise src.error(("id",), f"a bundled agreement's id must be its file name: '{path.stem}'")
    return agreement


def list_agreements() -> list[Agreement]:
    """Every bundled agreement, loaded and validated."""
    return [load_agreement(i) for i in bundled_ids()]


def facts_from_source(src: Source) -> FactsBody:
    """Build an events file's facts from parsed YAML (an empty file is no facts)."""
    return build(FactsBody, {} if src.data is None else src.data, src)


def load_facts(path: str | Path | None, agreement: Agreement,
               events: dict[str, date | bool] | None = None, as_of: date | None = None) -> Facts:
    """Load an events file (or none) and check it against ``agreement``.

    ``events`` are extra facts that override the file's (``--event NAME=DATE``); ``as_of`` overrides
    the file's as-of date.
    """
    if path is None:
        body, src = FactsBody(), None
    else:
        src = read_file(path)
        body = facts_from_source(src)
    if as_of is not None:
        body.as_of = as_of
    return bind(body, agreement, src, (), events or {})


def readings(agreement: Agreement, chosen: dict[str, str] | None = None) -> dict[str, str]:
    """Every reading of ``agreement`` with the alternative in force (default, or as ``chosen``)."""
    chosen = chosen or {}
    for key, value in chosen.items():
        if key not in agreement.readings:
            known = list(agreement.readings)
            raise UsageError(f"--reading {key}={value}: agreement {agreement.id} has no reading '{key}'"
                             f"{suggest(key, known)}; readings: {', '.join(known) or 'none'}")
        alts = list(agreement.readings[key].alternatives)
        if value not in alts:
            raise UsageError(f"--reading {key}={value}: '{value}' is not an alternative"
                             f"{suggest(value, alts)}; choose one of: {', '.join(alts)}")
    return {k: chosen.get(k, r.default) for k, r in agreement.readings.items()}


def calendar_name(agreement: Agreement, in_force: dict[str, str]) -> str:
    """The business-day calendar in force: the agreement's, unless a reading that sets it says otherwise."""
    for key, reading in agreement.readings.items():
        if reading.sets == "calendar":
            return in_force.get(key, reading.default)
    return str(agreement.calendar.value)


def calendar_for(agreement: Agreement, in_force: dict[str, str]):  # -> BusinessCalendar
    """The business-day calendar in force for ``agreement``."""
    from rrcalc.engine.calendars import get_calendar

    return get_calendar(calendar_name(agreement, in_force))


def deadlines(agreement: Agreement, facts: Facts, chosen: dict[str, str] | None = None,
              as_of: date | None = None) -> list:
    """Every obligation with its due date, basis and status (:class:`rrcalc.engine.deadlines.DeadlineRow`)."""
    from rrcalc.engine.deadlines import evaluate

    in_force = readings(agreement, chosen)
    when = as_of or facts.body.as_of or today()
    return evaluate(agreement, facts.events, calendar_for(agreement, in_force), when, in_force,
                    frozenset(facts.derived))


def penalties(agreement: Agreement, facts: Facts, chosen: dict[str, str] | None = None,
              as_of: date | None = None):  # -> PenaltyResult
    """Every Periodic Amount, with its periods, Computation Dates and payment dates."""
    from rrcalc.engine.penalties import compute

    in_force = readings(agreement, chosen)
    when = as_of or facts.body.as_of or today()
    return compute(agreement, facts, calendar_for(agreement, in_force), in_force, when)


def next_suspension(agreement: Agreement, facts: Facts, checks: list, chosen: dict[str, str] | None = None,
                    as_of: date | None = None):  # -> NextSuspension
    """When a new suspension may start (notice given on the as-of date) and how long it may run, after the
    suspensions already judged (``checks``: ``PenaltyResult.suspensions``)."""
    from rrcalc.engine.suspensions import plan_next

    rules = agreement.permitted_suspensions
    if rules is None:
        raise UsageError(f"agreement {agreement.id} has no Permitted Suspension Periods to plan")
    in_force = readings(agreement, chosen)
    when = as_of or facts.body.as_of or today()
    # a new suspension cannot start before the event its kind follows (the effective date, in the bundled ones)
    after = agreement.suspension_kinds[rules.kinds[0]].not_before
    effective = facts.events.get(after) if after else None
    try:
        return plan_next(agreement, checks, calendar_for(agreement, in_force), when,
                         effective if isinstance(effective, date) else None)
    except ValueError as exc:
        raise UsageError(f"cannot plan the next suspension: {exc}") from None


def compare_readings(agreement: Agreement, scenarios: list[Facts], chosen: dict[str, str] | None = None
                     ) -> tuple[Any, list[dict[str, Any]]]:
    """What each reading is worth: the total over ``scenarios`` under every alternative of every reading,
    each changing one reading and keeping the rest, beside the total with the readings in force."""
    from decimal import Decimal

    from rrcalc.engine.money import total

    chosen = chosen or {}

    def totals(in_force: dict[str, str]) -> tuple[Decimal, dict[str, Decimal]]:
        per_investor: dict[str, list[Decimal]] = {}
        for facts in scenarios:
            result = penalties(agreement, facts, in_force, facts.body.as_of or today())
            for inv, amount in result.totals().items():
                per_investor.setdefault(inv, []).append(amount)
        summed = {k: total(v) for k, v in sorted(per_investor.items())}
        return total(list(summed.values())), summed

    base_total, base_investors = totals(chosen)
    base = readings(agreement, chosen)
    rows = []
    for key, reading in agreement.readings.items():
        for alt in reading.alternatives:
            is_base = base[key] == alt
            alt_total, by_investor = (base_total, base_investors) if is_base else totals({**chosen, key: alt})
            rows.append({"reading": key, "alternative": alt, "in_force": is_base, "total": alt_total,
                         "difference": alt_total - base_total, "by_investor": by_investor,
                         "meaning": reading.alternatives[alt],
                         "clause": reading.reference.section if reading.reference else ""})
    return base_total, rows


def schema(kind: str) -> dict[str, Any]:
    """The JSON Schema of an agreement file (``agreement``) or an events file (``events``)."""
    if kind == "agreement":
        return json_schema(Agreement, "rrcalc agreement",
                           "The encoded terms of a Registration Rights Agreement (agreements/*.yaml).")
    if kind == "events":
        return json_schema(FactsBody, "rrcalc events file", "Scenario facts for one deal (SPEC §5).")
    raise UsageError(f"unknown schema '{kind}'; choose agreement or events")


# -- check ----------------------------------------------------------------------------------------

@dataclass
class CheckItem:
    """One line of a `check` run: a file validated, or an embedded test case run."""

    file: str
    item: str
    passed: bool
    detail: str = ""
    line: int | None = None  # where in ``file`` the problem is (for CI annotations)
    col: int | None = None


@dataclass
class CheckReport:
    items: list[CheckItem] = field(default_factory=list)

    @property
    def passed(self) -> int:
        return sum(i.passed for i in self.items)

    @property
    def failed(self) -> int:
        return sum(not i.passed for i in self.items)


#: What ``check --fail-on`` can make a deal fail for.
FAIL_ON = ("missed", "not_permitted")


def check(paths: list[str | Path] | None = None, agreement_ref: str | None = None,
          fail_on: list[str] | tuple[str, ...] = ()) -> CheckReport:
    """Validate every bundled agreement and each given file, and run embedded test cases.

    A given file is an agreement if it has a top-level ``id``; a file of expected outcomes if it has
    ``cases`` (:mod:`rrcalc.model.expect`); otherwise an events file, checked against its ``agreement``
    key (or ``agreement_ref``). ``fail_on`` adds checks of each events file's facts: ``missed`` (no
    deadline missed) and ``not_permitted`` (every suspension permitted).
    """
    for what in fail_on:
        if what not in FAIL_ON:
            raise UsageError(f"--fail-on: '{what}' is not one of {', '.join(FAIL_ON)}{suggest(what, list(FAIL_ON))}")
    report = CheckReport()
    targets: list[str | Path] = [bundled_dir() / f"{i}.yaml" for i in bundled_ids()]
    targets += list(paths or [])
    for target in targets:
        target = _relative(Path(target))
        name = str(target)
        try:
            src = read_file(target)
        except InputError as exc:
            report.items.append(_failed(name, "readable YAML", exc))
            continue
        if isinstance(src.data, dict) and "id" in src.data:
            _check_agreement(src, report)
        elif isinstance(src.data, dict) and "cases" in src.data:
            _check_cases(src, agreement_ref, report)
        else:
            _check_events(src, agreement_ref, report, tuple(fail_on))
    return report


def _failed(file: str, item: str, exc: RRCalcError) -> CheckItem:
    """A failed item for ``exc``, placed at its line and column when it names a place in ``file``."""
    loc = getattr(exc, "location", None)
    if isinstance(loc, Location) and loc.file == file:
        return CheckItem(file, item, False, str(exc), loc.line, loc.column)
    return CheckItem(file, item, False, str(exc))


def _relative(path: Path) -> Path:
    """``path`` relative to the working directory when it lies below it (shorter messages)."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve())
    except (ValueError, OSError):
        return path


def _check_agreement(src: Source, report: CheckReport) -> None:
    try:
        agreement = agreement_from_source(src)
    except InputError as exc:
        report.items.append(_failed(src.file, "valid agreement", exc))
        return
    report.items.append(CheckItem(src.file, f"agreement {agreement.id} is valid", True))
    from rrcalc.engine.cases import run_case  # the engines load only when a check needs them

    for i, case in enumerate(agreement.tests):
        problems = run_case(agreement, case, src, ("tests", i))
        at = src.where(("tests", i))
        report.items.append(CheckItem(src.file, f"{agreement.id}: {case.name}", not problems,
                                      "; ".join(problems), at.line, at.column))


def _check_cases(src: Source, agreement_ref: str | None, report: CheckReport) -> None:
    """A deal repository's file of expected outcomes: each case run like an agreement's embedded ones."""
    from rrcalc.engine.cases import run_case
    from rrcalc.model.agreement import TestCase
    from rrcalc.model.expect import CaseFile

    try:
        cases: CaseFile = build(CaseFile, src.data, src)
    except InputError as exc:
        report.items.append(_failed(src.file, "valid file of expected outcomes", exc))
        return
    for i, case in enumerate(cases.cases):
        at = src.where(("cases", i))
        try:
            if case.events is not None:
                facts_src = read_file(Path(src.file).parent / case.events)
                body, facts_path = facts_from_source(facts_src), ()
            else:
                assert case.facts is not None  # DealCase.check: one or the other
                facts_src, body, facts_path = src, case.facts, ("cases", i)
            ref = case.agreement or cases.agreement or body.agreement or agreement_ref
            if ref is None:
                raise src.error(("cases", i), f"case '{case.name}': name the agreement (in the case, the file, "
                                              "the events file, or with --agreement)")
            agreement = load_agreement(ref)
            problems = run_case(agreement, TestCase(case.name, body, case.readings, case.expect, case.working),
                                facts_src, facts_path)
        except RRCalcError as exc:
            problems = [str(exc)]
        report.items.append(CheckItem(src.file, f"case: {case.name}", not problems, "; ".join(problems),
                                      at.line, at.column))


def _check_events(src: Source, agreement_ref: str | None, report: CheckReport, fail_on: tuple[str, ...] = ()
                  ) -> None:
    try:
        body = facts_from_source(src)
        ref = body.agreement or agreement_ref
        if ref is None:
            raise src.error(("agreement",), "an events file checked on its own needs an 'agreement' key "
                                            "(or give --agreement)")
        agreement = load_agreement(ref)
        facts = bind(body, agreement, src)
    except RRCalcError as exc:
        report.items.append(_failed(src.file, "valid events file", exc))
        return
    report.items.append(CheckItem(src.file, f"events for agreement {agreement.id} are valid", True))
    try:
        if "missed" in fail_on:
            missed = [r for r in deadlines(agreement, facts) if r.status == "missed"]
            at = src.where(("events",))
            report.items.append(CheckItem(
                src.file, "no deadline missed", not missed,
                "; ".join(f"{r.obligation.label} ({r.id}, §{r.obligation.reference.section}) due {r.due} was missed: "
                          f"{r.basis}" for r in missed), at.line, at.column))
        if "not_permitted" in fail_on:
            result = penalties(agreement, facts)
            bad = [c for c in result.suspensions if not c.permitted]
            for c in bad:
                i = next(k for k, s in enumerate(body.suspensions) if s is c.suspension)
                at = src.where(("suspensions", i))
                report.items.append(CheckItem(
                    src.file, f"suspension {c.n} ({c.suspension.start} to {c.suspension.end or 'open'}) is permitted",
                    False, f"not permitted: {'; '.join(c.reasons)}", at.line, at.column))
            if not bad:
                report.items.append(CheckItem(src.file, "every suspension is permitted", True))
    except RRCalcError as exc:
        report.items.append(_failed(src.file, "the facts can be computed", exc))


__all__ = [
    "Agreement", "CheckReport", "Facts", "FactsBody", "agreement_path", "bundled_ids", "calendar_name",
    "check", "deadlines", "list_agreements", "load_agreement", "load_facts", "parse", "penalties", "readings",
    "schema",
]
