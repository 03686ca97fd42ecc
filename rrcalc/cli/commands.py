"""The commands' bodies, free of typer: shared by the typer CLI (:mod:`rrcalc.cli.app`) and the start-up fast
path (:mod:`rrcalc.cli.fastpath`), so the two cannot disagree.

Each ``run_*`` function takes plain values (strings as typed on the command line), writes its report
to stdout or ``--output`` and its messages to stderr, and returns the exit code. Bad input raises an
``RRCalcError``; :func:`guarded` turns that into one line on stderr and exit code 2.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from rrcalc.engine.calendars import today
from rrcalc.errors import RRCalcError, UsageError


@dataclass
class Options:
    """What a computing command was asked, as typed."""

    agreement: str
    events: list[Path] = field(default_factory=list)
    event: list[str] = field(default_factory=list)
    as_of: str | None = None
    reading: list[str] = field(default_factory=list)
    purchase_price: str | None = None
    prices: Path | None = None
    format: str | None = None
    output: Path | None = None


# -- plumbing -------------------------------------------------------------------------------------------

def say(message: str) -> None:
    sys.stderr.write(message + "\n")
    sys.stderr.flush()


def guarded(fn: Callable[[], int], debug: bool = False) -> int:
    """Run ``fn``; our errors become one line on stderr (exit 2), anything else an internal error (exit 1)."""
    try:
        return fn()
    except RRCalcError as exc:
        say(f"rrcalc: error: {exc}")
        return exc.exit_code
    except BrokenPipeError:
        _silence_stdout()
        return 0
    except KeyboardInterrupt:
        raise
    except Exception as exc:
        from rrcalc.cli.process import io_condition

        code = io_condition(exc)  # a full disk, a closed stream...: the environment, not a bug
        if code is not None:
            return code
        if debug:
            raise
        say(f"rrcalc: error: internal error ({type(exc).__name__}: {exc}); this is a bug in rrcalc. "
            "Rerun with --debug for a traceback.")
        return 1


def _silence_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except OSError:
        pass


def emit(report: Any, fmt: str | None, output: Path | None) -> None:
    from rrcalc.output.render import choose_format, render, write

    terminal = output is None and sys.stdout.isatty()
    write(render(report, choose_format(fmt, output, terminal), terminal), output)


def parse_date(text: str, option: str) -> date:
    from rrcalc.model.bounds import check_date_in_range

    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"{option}: '{text}' is not a real date in the form YYYY-MM-DD") from None
    return check_date_in_range(day, option)  # within the calendars' years (issue 10)


def pairs(items: list[str] | None, option: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for item in items or []:
        key, sep, value = item.partition("=")
        if not sep or not key.strip() or not value.strip():
            raise UsageError(f"{option}: '{item}' is not KEY=VALUE")
        if key.strip() in out:
            raise UsageError(f"{option}: '{key.strip()}' is given twice")
        out[key.strip()] = value.strip()
    return out


def event_values(items: list[str] | None) -> dict[str, date | bool]:
    out: dict[str, date | bool] = {}
    for name, value in pairs(items, "--event").items():
        low = value.lower()
        out[name] = True if low in ("true", "yes") else False if low in ("false", "no") else parse_date(
            value, f"--event {name}")
    return out


def money(text: str, option: str) -> Decimal:
    try:
        value = Decimal(text.replace("_", ""))
    except InvalidOperation:
        raise UsageError(f"{option}: '{text}' is not a number") from None
    if not value.is_finite() or value < 0:
        raise UsageError(f"{option}: '{text}' must be a non-negative amount")
    return value


def _progress(items: Any, total: int, label: str, sizes: list[int] | None = None) -> Any:
    """Iterate ``items``, with a progress bar on stderr for long batches when stderr is a terminal.

    ``total`` counts events files; ``sizes`` gives how many files each item stands for (default 1).
    """
    if total < 50 or not sys.stderr.isatty():
        yield from items
        return
    from rich.progress import Progress

    with Progress(transient=True) as bar:
        task = bar.add_task(label, total=total)
        for i, item in enumerate(items):
            yield item
            bar.advance(task, sizes[i] if sizes else 1)


# -- scenarios ------------------------------------------------------------------------------------------

@dataclass
class Batch:
    """What every scenario of one run shares: the agreement, the readings, the command-line facts."""

    agreement: Any
    chosen: dict[str, str]
    in_force: dict[str, str]
    overrides: dict[str, date | bool]
    when: date | None
    price: Decimal | None


def prepare(o: Options) -> Batch:
    from rrcalc import api

    a = api.load_agreement(o.agreement)
    chosen = api.readings(a, pairs(o.reading, "--reading"))
    return Batch(a, chosen, api.readings(a, chosen), event_values(o.event),
                 parse_date(o.as_of, "--as-of") if o.as_of else None,
                 money(o.purchase_price, "--purchase-price") if o.purchase_price is not None else None)


def load_one(b: Batch, path: Path | None) -> Any:
    """One events file's facts (or the command line's alone), checked against the agreement."""
    from rrcalc import api
    from rrcalc.model.facts import Investor

    facts = api.load_facts(path, b.agreement, b.overrides, b.when)
    if b.price is not None:
        if facts.body.investors:
            raise UsageError(f"--purchase-price: {path} already lists investors")
        facts.body.investors = [Investor("investor", b.price)]
    return facts


def load(o: Options) -> tuple[Any, dict[str, str], list[tuple[str, Any]]]:
    """The agreement, the readings chosen, and each events file's facts (at least one scenario)."""
    b = prepare(o)
    paths: list[Path | None] = list(o.events) or [None]
    files = _progress(paths, len(paths), "reading events files")
    loaded = [(str(p) if p else "-", load_one(b, p)) for p in files]
    return b.agreement, b.chosen, loaded


def scenario(b: Batch, path: Path | None, batch: bool) -> tuple[Any, list[str]]:
    """One scenario with its Periodic Amounts computed, and the warnings to print for it."""
    from rrcalc import api
    from rrcalc.output import views

    name = str(path) if path else "-"
    facts = load_one(b, path)
    when = facts.body.as_of or today()
    result = api.penalties(b.agreement, facts, b.chosen, when)
    prefix = f"{name}: " if batch else ""
    warnings = [f"rrcalc: warning: {prefix}{w}" for w in result.warnings]
    return views.Scenario(name, b.agreement, facts, b.in_force, when, result), warnings


def computed(o: Options) -> tuple[Any, list[Any]]:
    """Every scenario with its Periodic Amounts computed; warnings go to stderr."""
    b = prepare(o)
    paths: list[Path | None] = list(o.events) or [None]
    scenarios = []
    for path in _progress(paths, len(paths), "pricing events files"):
        sc, warnings = scenario(b, path, len(paths) > 1)
        for w in warnings:
            say(w)
        scenarios.append(sc)
    return b.agreement, scenarios


#: A batch of at least this many events files is priced by one worker process per core (CSV output).
PARALLEL_MIN = 100
_SHARED: dict[str, Any] = {}  # what forked workers inherit: the Batch and the price table


def _no_investors(sc: Any) -> list[str]:
    if sc.facts.body.investors:
        return []
    return [f"rrcalc: warning: {sc.name}: no investors given (add them to the events file or use "
            "--purchase-price); no amounts computed"]


def _csv_chunk(paths: list[Path]) -> tuple[str, list[str]]:
    """In a worker: price ``paths`` and return their CSV rows (no header) and warnings, in order."""
    from rrcalc.output import views
    from rrcalc.output.render import render

    b, prices, source = _SHARED["batch"], _SHARED["prices"], _SHARED["source"]
    scenarios, warnings = [], []
    for path in paths:
        sc, w = scenario(b, path, True)
        scenarios.append(sc)
        warnings += w + _no_investors(sc)
    text = render(views.penalties_report(scenarios, prices, source, batch=True), "csv", False)
    return text.split("\n", 1)[1], warnings


def _parallel_csv(b: Batch, paths: list[Path], prices: dict | None, source: str) -> str | None:
    """The batch's CSV, priced by one worker per core; None where that cannot be done here."""
    import multiprocessing as mp

    workers = min(os.cpu_count() or 1, 8)
    if workers < 2 or "fork" not in mp.get_all_start_methods():
        return None
    from rrcalc.output import views
    from rrcalc.output.render import render

    _SHARED.update(batch=b, prices=prices, source=source)
    size = max(10, len(paths) // (workers * 8))
    chunks = [paths[i:i + size] for i in range(0, len(paths), size)]
    header = render(views.penalties_report([], prices, source, batch=True, agreement=b.agreement), "csv", False)
    parts = [header]
    from rrcalc.cli.process import worker_init

    with mp.get_context("fork").Pool(workers, initializer=worker_init) as pool:
        results = pool.imap(_csv_chunk, chunks)
        for body, warnings in _progress(results, len(paths), "pricing events files", [len(c) for c in chunks]):
            for w in warnings:
                say(w)
            parts.append(body)
    return "".join(parts)


# -- the computing commands -----------------------------------------------------------------------------

def run_deadlines(o: Options) -> int:
    from rrcalc.output import views

    if len(o.events) > 1:
        raise UsageError("deadlines takes one events file")
    a, chosen, loaded = load(o)
    from rrcalc import api

    emit(views.deadlines_report(a, loaded[0][1], api.readings(a, chosen), today()), o.format, o.output)
    return 0


def run_computation_dates(o: Options) -> int:
    from rrcalc.output import views

    a, scenarios = computed(o)
    if not a.tracks:
        say(f"rrcalc: agreement {a.id} provides no liquidated damages")
    emit(views.computation_dates_report(scenarios), o.format, o.output)
    return 0


def run_penalties(o: Options, compare_readings: bool = False) -> int:
    from rrcalc import api
    from rrcalc.output import views

    if compare_readings:
        return _compare_readings(o)
    if not o.events and not o.event and o.purchase_price is None:
        a = api.load_agreement(o.agreement)
        in_force = api.readings(a, pairs(o.reading, "--reading"))
        if not a.tracks:
            say(f"rrcalc: agreement {a.id} provides no liquidated damages")
            emit(views.no_damages_report(a), o.format, o.output)
        else:
            emit(views.rate_schedule_report(a, in_force), o.format, o.output)
        return 0
    table = None
    if o.prices is not None:
        from rrcalc.engine.prices import load_prices

        table = load_prices(o.prices)
    source = str(o.prices) if o.prices else ""
    from rrcalc.output.render import choose_format

    fmt = choose_format(o.format, o.output, o.output is None and sys.stdout.isatty())
    if fmt == "csv" and len(o.events) >= PARALLEL_MIN:
        b = prepare(o)
        if b.agreement.tracks:
            text = _parallel_csv(b, list(o.events), table, source)
            if text is not None:
                from rrcalc.output.render import write

                write(text, o.output)
                return 0
    a, scenarios = computed(o)
    if not a.tracks:
        say(f"rrcalc: agreement {a.id} provides no liquidated damages")
        emit(views.no_damages_report(a), o.format, o.output)
        return 0
    for sc in scenarios:
        for w in _no_investors(sc):
            say(w)
    emit(views.penalties_report(scenarios, table, source), o.format, o.output)
    return 0


def run_suspensions(o: Options, next_: bool = False, days: int | None = None,
                    fail_on_invalid: bool = False) -> int:
    from rrcalc import api
    from rrcalc.engine.penalties import PenaltyEngine
    from rrcalc.output import views

    if len(o.events) > 1:
        raise UsageError("suspensions takes one events file")
    if days is not None and not next_:
        raise UsageError("--days goes with --next")
    a, chosen, loaded = load(o)
    facts = loaded[0][1]
    in_force = api.readings(a, chosen)
    when = facts.body.as_of or today()
    scenario = views.Scenario("-", a, facts, in_force, when, api.penalties(a, facts, chosen, when))
    if next_:
        emit(_plan(scenario, days), o.format, o.output)
        return 0
    engine = PenaltyEngine(a, facts, api.calendar_for(a, in_force), in_force, when)
    emit(views.suspensions_report(scenario, engine.windows()), o.format, o.output)
    bad = [c for c in scenario.result.suspensions if not c.permitted]
    if fail_on_invalid and bad:
        for c in bad:
            say(f"rrcalc: suspension {c.n} ({c.suspension.start} to {c.suspension.end or 'open'}) is not "
                f"permitted: {'; '.join(c.reasons)}")
        return 1
    return 0


def _plan(scenario: Any, days: int | None) -> Any:
    """--next: the earliest permitted start; with --days, what a non-permitted one would cost."""
    from copy import deepcopy

    from rrcalc import api
    from rrcalc.engine.penalties import PenaltyEngine
    from rrcalc.engine.suspensions import plan_next
    from rrcalc.model.facts import Suspension
    from rrcalc.output import views

    a, facts = scenario.agreement, scenario.facts
    if a.permitted_suspensions is None:
        raise UsageError(f"agreement {a.id} has no Permitted Suspension Periods to plan")
    cal = api.calendar_for(a, scenario.in_force)
    # a new suspension cannot start before the event its kind follows (the effective date, in the bundled ones)
    after = a.suspension_kinds[a.permitted_suspensions.kinds[0]].not_before
    effective = facts.events.get(after) if after else None
    try:
        plan = plan_next(a, scenario.result.suspensions, cal, scenario.as_of,
                         effective if isinstance(effective, date) else None)
    except ValueError as exc:
        raise UsageError(f"cannot plan the next suspension: {exc}") from None
    costs = None
    if days is not None:
        start = plan.earliest_start
        end = cal.add(start - timedelta(days=1), days)
        what_if = deepcopy(facts)
        what_if.body.suspensions = [*facts.body.suspensions,
                                    Suspension(start, end, scenario.as_of, a.permitted_suspensions.kinds[0])]
        horizon = end + timedelta(days=400)  # long enough for every period of the new occurrence to close
        before = api.penalties(a, facts, scenario.in_force, horizon).totals()
        after_result = api.penalties(a, what_if, scenario.in_force, horizon)
        after = after_result.totals()
        new = after_result.suspensions[-1]
        note = ("permitted: no Periodic Amount" if new.permitted else
                f"not permitted ({'; '.join(new.reasons)}); Restricted Sale Date {new.restricted_sale_date}")
        rsd = new.restricted_sale_date
        for tid, window_end in PenaltyEngine(a, what_if, cal, scenario.in_force, horizon).windows().items():
            if rsd is not None and rsd > window_end:
                note += f", outside the window of {tid} (ends {window_end}): no Periodic Amount"
        costs = [{"investor": inv.name, "amount": after.get(inv.name, 0) - before.get(inv.name, 0), "note": note}
                 for inv in sorted(facts.body.investors, key=lambda i: i.name)]
    return views.next_suspension_report(scenario, plan, costs, days)


def _compare_readings(o: Options) -> int:
    """--compare-readings: the total under every alternative of every reading, beside the default's."""
    from rrcalc import api
    from rrcalc.engine.money import total
    from rrcalc.output import views

    a, chosen, loaded = load(o)
    if not a.tracks:
        say(f"rrcalc: agreement {a.id} provides no liquidated damages")
        emit(views.no_damages_report(a), o.format, o.output)
        return 0

    def totals(readings: dict[str, str]) -> tuple[Decimal, dict[str, Decimal]]:
        per_investor: dict[str, list[Decimal]] = {}
        for _name, facts in loaded:
            result = api.penalties(a, facts, readings, facts.body.as_of or today())
            for inv, amount in result.totals().items():
                per_investor.setdefault(inv, []).append(amount)
        summed = {k: total(v) for k, v in sorted(per_investor.items())}
        return total(list(summed.values())), summed

    base_total, base_investors = totals(chosen)
    rows = []
    for key, reading in a.readings.items():
        for alt in reading.alternatives:
            in_force = {**chosen, key: alt}
            is_base = api.readings(a, chosen)[key] == alt
            alt_total, by_investor = (base_total, base_investors) if is_base else totals(in_force)
            rows.append({"reading": key, "alternative": alt, "in_force": is_base, "total": alt_total,
                         "difference": alt_total - base_total, "by_investor": by_investor,
                         "meaning": reading.alternatives[alt],
                         "clause": reading.reference.section if reading.reference else ""})
    emit(views.compare_readings_report(a, rows, base_total), o.format, o.output)
    return 0


def run_exposure(o: Options, cure_from: str, cure_to: str, track: str | None, plot: Path | None) -> int:
    """What-if: the total owed for every possible cure date of one track (filing, effectiveness, end of a
    suspension), per Investor and overall, as of the last cure date."""
    from copy import deepcopy

    from rrcalc import api
    from rrcalc.model.facts import Suspension
    from rrcalc.output import views

    first, last = parse_date(cure_from, "--cure-from"), parse_date(cure_to, "--cure-to")
    if last < first:
        raise UsageError(f"--cure-to {last} is before --cure-from {first}")
    if (last - first).days > 3660:
        raise UsageError("at most ten years of cure dates at a time")
    if len(o.events) > 1:
        raise UsageError("exposure takes one events file")
    a, chosen, loaded = load(o)
    facts = loaded[0][1]
    if not a.tracks:
        raise UsageError(f"agreement {a.id} provides no liquidated damages")
    tid = track or next(iter(a.tracks))
    if tid not in a.tracks:
        from rrcalc.model.schema import suggest

        raise UsageError(f"--track: agreement {a.id} has no track '{tid}'{suggest(tid, list(a.tracks))}; "
                         f"tracks: {', '.join(a.tracks)}")
    t = a.tracks[tid]
    points = []
    day = first
    while day <= last:
        what_if = deepcopy(facts) if t.occurs != "deadline_missed" else facts
        if t.occurs == "deadline_missed":
            what_if = type(facts)(facts.body, facts.source, facts.path, {**facts.overrides, t.cure: day},
                                  facts.derived)
            how = f"{t.cure} on {day}"
        else:
            sus = [s for s in what_if.body.suspensions if t.occurs == "restricted_sale" or s.kind in t.kinds]
            if not sus:
                raise UsageError(f"track {tid} is cured by the end of a suspension, and the facts give none")
            target = max(sus, key=lambda s: s.start)
            if day <= target.start:
                day += timedelta(days=1)
                continue
            what_if.body.suspensions = [s if s is not target else Suspension(s.start, day - timedelta(days=1),
                                                                             s.notice, s.kind)
                                        for s in what_if.body.suspensions]
            how = f"restrictions removed on {day} (suspension from {target.start})"
        result = api.penalties(a, what_if, chosen, max(last, facts.body.as_of or last))
        rows = [r for r in result.rows if r.track == tid]
        by_investor: dict[str, Decimal] = {}
        for r in rows:
            by_investor[r.investor] = by_investor.get(r.investor, Decimal("0.00")) + r.amount
        points.append((day, how, by_investor))
        day += timedelta(days=1)
    investors = sorted({inv.name for inv in facts.body.investors})
    report = views.exposure_report(a, tid, investors, points)
    emit(report, o.format, o.output)
    if plot is not None:  # only once the report is out: a failed run writes no plot (issue 10)
        from rrcalc.output.chart import svg
        from rrcalc.output.render import write

        write(svg([(d, sum(v.values(), Decimal("0.00"))) for d, _how, v in points],
                  f"Agreement {a.id}, {tid}: total owed by cure date"), plot)
    return 0
