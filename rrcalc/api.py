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


@dataclass
class CheckReport:
    items: list[CheckItem] = field(default_factory=list)

    @property
    def passed(self) -> int:
        return sum(i.passed for i in self.items)

    @property
    def failed(self) -> int:
        return sum(not i.passed for i in self.items)


def check(paths: list[str | Path] | None = None, agreement_ref: str | None = None) -> CheckReport:
    """Validate every bundled agreement and each given file, and run embedded test cases.

    A given file is an agreement if it has a top-level ``id``; otherwise it is an events file,
    checked against its ``agreement`` key (or ``agreement_ref``).
    """
    report = CheckReport()
    targets: list[str | Path] = [bundled_dir() / f"{i}.yaml" for i in bundled_ids()]
    targets += list(paths or [])
    for target in targets:
        target = _relative(Path(target))
        name = str(target)
        try:
            src = read_file(target)
        except InputError as exc:
            report.items.append(CheckItem(name, "readable YAML", False, str(exc)))
            continue
        if isinstance(src.data, dict) and "id" in src.data:
            _check_agreement(src, report)
        else:
            _check_events(src, agreement_ref, report)
    return report


def _relative(path: Path) -> Path:
    """``path`` relative to the working directory when it lies below it (shorter messages)."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve())
    except (ValueError, OSError, RuntimeError):  # RuntimeError: a symbolic-link loop (Python 3.11)
        return path


def _check_agreement(src: Source, report: CheckReport) -> None:
    try:
        agreement = agreement_from_source(src)
    except InputError as exc:
        report.items.append(CheckItem(src.file, "valid agreement", False, str(exc)))
        return
    report.items.append(CheckItem(src.file, f"agreement {agreement.id} is valid", True))
    from rrcalc.engine.cases import run_case  # the engines load only when a check needs them

    for i, case in enumerate(agreement.tests):
        problems = run_case(agreement, case, src, ("tests", i))
        report.items.append(CheckItem(src.file, f"{agreement.id}: {case.name}", not problems,
                                      "; ".join(problems)))


def _check_events(src: Source, agreement_ref: str | None, report: CheckReport) -> None:
    try:
        body = facts_from_source(src)
        ref = body.agreement or agreement_ref
        if ref is None:
            raise src.error(("agreement",), "an events file checked on its own needs an 'agreement' key "
                                            "(or give --agreement)")
        agreement = load_agreement(ref)
        bind(body, agreement, src)
    except RRCalcError as exc:
        report.items.append(CheckItem(src.file, "valid events file", False, str(exc)))
        return
    report.items.append(CheckItem(src.file, f"events for agreement {agreement.id} are valid", True))


__all__ = [
    "Agreement", "CheckReport", "Facts", "FactsBody", "agreement_path", "bundled_ids", "calendar_name",
    "check", "deadlines", "list_agreements", "load_agreement", "load_facts", "parse", "penalties", "readings",
    "schema",
]
