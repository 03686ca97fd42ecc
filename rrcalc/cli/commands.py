"""The commands' bodies: each takes an :class:`~rrcalc.cli.parse.Invocation`, calls the library
(:mod:`rrcalc.api`), renders the view in the chosen format and returns the exit code.

Bad input raises an ``RRCalcError``; :func:`guarded` turns that into one line on stderr and exit code 2.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from rrcalc.errors import RRCalcError, UsageError, printable

if TYPE_CHECKING:  # each command imports what it needs when it runs (start-up time)
    from datetime import date
    from decimal import Decimal

    from rich.progress import Progress

    from rrcalc.api import Options, Registry
    from rrcalc.api import Scenario as ApiScenario
    from rrcalc.results import Deal, Need

    Scenario = Deal
    from rrcalc.cli.parse import Invocation
    from rrcalc.cli.spec import Command
    from rrcalc.output.render import Report

T = TypeVar("T")

# -- plumbing -------------------------------------------------------------------------------------------


def say(message: str) -> None:
    sys.stderr.write(printable(message) + "\n")
    sys.stderr.flush()


def guarded(fn: Callable[[], int], debug: bool = False) -> int:
    """Run ``fn``; our errors become one line on stderr (exit 2), anything else an internal error (exit 1)."""
    try:
        return fn()
    except MemoryError:
        pass  # reported below, once this clause has dropped the traceback and with it the work's memory
    except RRCalcError as exc:
        say(f"rrcalc: error: {exc}")
        return exc.exit_code
    except BrokenPipeError:
        _silence_stdout()
        return 0
    except KeyboardInterrupt:
        say("rrcalc: interrupted")
        return 130
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
    import gc

    from rrcalc.cli.process import out_of_memory

    gc.collect()
    return out_of_memory()


def dispatch(command: Command, raw: dict[str, list[str]], flags: set[str], debug: bool) -> int:
    """Validate one command's raw values (from either parser) and run its body: the exit code."""
    from rrcalc.cli.parse import convert

    def body() -> int:
        from rrcalc.output.files import together

        inv = convert(command, raw, flags, debug)  # every option and output checked: nothing written before
        with together():  # the run's files are renamed into place together at its end, or none is
            return int(globals()[command.run](inv))

    return guarded(body, debug)


def _silence_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except OSError:
        pass


def emit(report: Report, inv: Invocation) -> None:
    """Render ``report`` in the format asked for (or chosen) and write it to stdout or --output."""
    from rrcalc.output.render import choose_format, csv_pieces, json_pieces, render, write

    terminal = inv.output is None and sys.stdout.isatty()
    fmt = choose_format(inv.format, inv.output, terminal)
    if fmt == "csv" and inv.output is not None:  # a file receives a large CSV piece by piece
        write(csv_pieces(report, bool(inv.csv_raw)), inv.output)
        return
    if fmt == "json" and inv.output is not None:  # and a large JSON, item by item
        write(json_pieces(report), inv.output)
        return
    write(render(report, fmt, terminal, bool(getattr(inv, "csv_raw", False))), inv.output)


def chosen_format(inv: Invocation) -> str:
    from rrcalc.output.render import choose_format

    return choose_format(inv.format, inv.output, inv.output is None and sys.stdout.isatty())


def progress(items: Iterable[T], total: int, label: str, sizes: list[int] | None = None) -> Iterator[T]:
    """Iterate ``items``, with a progress bar on stderr for long batches when stderr is a terminal.

    ``total`` counts events files; ``sizes`` gives how many files each item stands for (default 1).
    """
    if total < 50 or not sys.stderr.isatty():
        yield from items
        return
    with _bar() as bar:
        task = bar.add_task(label, total=total)
        for i, item in enumerate(items):
            yield item
            bar.advance(task, sizes[i] if sizes else 1)


def _bar() -> Progress:
    """A progress bar on stderr (never on stdout, which carries the report), gone when done."""
    from rich.console import Console
    from rich.progress import Progress

    return Progress(console=Console(file=sys.stderr), transient=True)


#: Long work (an exposure's cure dates x Investors) at least this large shows a progress bar on a terminal.
PROGRESS_MIN_WORK = 2_000


@contextlib.contextmanager
def ticking(steps: int, work: int, label: str) -> Iterator[Callable[[], None]]:
    """A function advancing a bar of ``steps`` steps on stderr, shown only when stderr is a terminal and
    ``work`` is at least :data:`PROGRESS_MIN_WORK` (a pipe or a log never receives one)."""
    if work < PROGRESS_MIN_WORK or not sys.stderr.isatty():
        yield lambda: None
        return
    with _bar() as bar:
        task = bar.add_task(label, total=steps)
        yield lambda: bar.advance(task)


# -- scenarios ------------------------------------------------------------------------------------------


def registry(inv: Invocation) -> Registry:
    from rrcalc.api import Registry

    return Registry(list(inv.agreements_dir))


def options(inv: Invocation) -> Options:
    """The command line's options as the library's one typed value."""
    from rrcalc.api import Options

    return Options(inv.agreement, dict(getattr(inv, "reading", None) or {}), dict(getattr(inv, "event", None) or {}),
                   inv.as_of, getattr(inv, "purchase_price", None))


def bound(inv: Invocation, paths: list[Path] | None = None, label: str = "reading events files") -> list[ApiScenario]:
    """Every events file of the command line bound to its agreement (or the command line's facts alone): the one
    pipeline (:class:`rrcalc.api.Options`, :func:`rrcalc.api.scenario`)."""
    from rrcalc import api

    reg = registry(inv)
    given: list[Path | None] = list(paths if paths is not None else inv.events) or [None]
    if given == [None] and inv.agreement is None:
        raise UsageError(f"{inv.command}: give --agreement, or events files that name their agreement")
    opts = options(inv)
    out = [api.scenario(reg, p, opts) for p in progress(given, len(given), label)]
    _say_as_of(out)
    return out


def scenarios(inv: Invocation, need: Need, label: str = "reading events files",
              paths: list[Path] | None = None) -> list[Scenario]:
    """Every events file of the command line bound to its agreement (or the command line's facts alone) and
    computed, once, as ``need`` says (:func:`rrcalc.api.compute`)."""
    from rrcalc import api

    return [api.compute(sc, need) for sc in bound(inv, paths, label)]


def _as_of_note(defaulted: int, of: int, day: date) -> str:
    return (f"rrcalc: note: no as-of date given ({'' if defaulted == of else 'some files; '}--as-of or as_of in "
            f"the events file): computing as of today, {day}")


def _fact_warnings(items: list[Scenario] | list[ApiScenario], many: bool) -> list[str]:
    """What reading the facts gave to say (a fact dated after the as-of date, a premature demand...)."""
    return [f"rrcalc: warning: {sc.name}: {w}" if many else f"rrcalc: warning: {w}"
            for sc in items for w in getattr(sc.facts, "warnings", []) or []]


def _pricing_warnings(items: list[Scenario], many: bool) -> list[str]:
    """What pricing gave to say (a track that cannot be placed, no investors)."""
    out = []
    for sc in items:
        out += [f"rrcalc: warning: {sc.name}: {w}" if many else f"rrcalc: warning: {w}" for w in sc.penalties.warnings]
        if sc.agreement.tracks and not sc.facts.body.investors:
            out.append(f"rrcalc: warning: {sc.name}: no investors given (add them to the events file or use "
                       "--purchase-price); no amounts computed")
    return out


def _say_as_of(items: list[Scenario] | list[ApiScenario]) -> None:
    defaulted = [sc for sc in items if sc.as_of_defaulted]
    if defaulted:
        say(_as_of_note(len(defaulted), len(items), defaulted[0].as_of))
    for line in _fact_warnings(items, len(items) > 1):
        say(line)


def _warnings(items: list[Scenario]) -> None:
    for line in _pricing_warnings(items, len(items) > 1):
        say(line)


def _no_damages(items: list[Scenario] | list[ApiScenario]) -> bool:
    """True (after saying so) when no scenario's agreement provides liquidated damages."""
    if any(sc.agreement.tracks for sc in items):
        return False
    ids = sorted({sc.agreement.id for sc in items})
    say(f"rrcalc: agreement {', '.join(ids)} provides no liquidated damages")
    return True


# -- commands -------------------------------------------------------------------------------------------


def run_agreements(inv: Invocation) -> int:
    from rrcalc.output import views

    emit(views.agreements_report(registry(inv).all()), inv)
    return 0


def run_show(inv: Invocation) -> int:
    from rrcalc.output import views

    assert inv.agreement is not None  # a required option (convert() refuses a command line without it)
    a = registry(inv).load(inv.agreement)
    from rrcalc import api

    emit(views.show_report(api.show(a, inv.reading)), inv)
    return 0


def run_readings(inv: Invocation) -> int:
    from rrcalc.output import views

    assert inv.agreement is not None  # a required option (convert() refuses a command line without it)
    a = registry(inv).load(inv.agreement)
    emit(views.readings_report(a, a.readings_in_force(inv.reading)), inv)
    return 0


def _remind(inv: Invocation) -> int | None:
    """--remind, which only a calendar can carry."""
    if inv.remind is not None and chosen_format(inv) != "ics":
        raise UsageError("--remind goes with --format ics (or an --output file ending .ics)")
    return inv.remind


def run_deadlines(inv: Invocation) -> int:
    from rrcalc.output import views
    from rrcalc.results import Need

    remind = _remind(inv)
    items = scenarios(inv, Need(deadlines=True, penalties=inv.plot is not None))
    _timeline(inv, items)
    emit(views.batch(lambda sc: views.deadlines_report(sc, remind), items), inv)
    return 0


def _timeline(inv: Invocation, items: list[Scenario]) -> None:
    """--plot on deadlines, penalties, suspensions: the deal's timeline (the HTML report's picture), written before
    the report (files first, standard output last: :func:`rrcalc.output.files.together`). convert() has made sure
    there is one deal."""
    if inv.plot is None:
        return
    from rrcalc.output.html import timeline
    from rrcalc.output.render import write

    sc = items[0]
    write(timeline(sc.agreement, sc.facts, sc.deadlines, sc.penalties, sc.as_of), inv.plot)


def run_computation_dates(inv: Invocation) -> int:
    from rrcalc.output import views
    from rrcalc.results import Need

    items = scenarios(inv, Need(penalties=True))
    _no_damages(items)
    _warnings(items)
    emit(views.computation_dates_report(items), inv)
    return 0


def run_penalties(inv: Invocation) -> int:
    from rrcalc import api
    from rrcalc.output import views

    if inv.compare_readings:
        return _compare_readings(inv)
    if not inv.events and not inv.event and inv.purchase_price is None:
        if inv.agreement is None:
            raise UsageError("penalties: give --agreement, or events files that name their agreement")
        a = registry(inv).load(inv.agreement)
        in_force = a.readings_in_force(inv.reading)
        if not a.tracks:
            say(f"rrcalc: agreement {a.id} provides no liquidated damages")
            emit(views.no_damages_report(a), inv)
        else:
            emit(views.rate_schedule_report(api.rate_schedule(a, in_force)), inv)
        return 0
    remind = _remind(inv)
    prices = None
    if inv.prices is not None:
        from rrcalc.engine.prices import load_prices

        prices = load_prices(inv.prices)
    if chosen_format(inv) == "csv" and len(inv.events) >= PARALLEL_MIN:
        text = _parallel_csv(inv, prices)
        if text is not None:
            from rrcalc.output.render import write

            write(text, inv.output)
            return 0
    from rrcalc.results import Need

    items = scenarios(inv, Need(penalties=True, deadlines=inv.plot is not None, prices=prices,
                                prices_source=str(inv.prices)), label="pricing events files")
    if _no_damages(items):
        emit(views.no_damages_report(items[0].agreement), inv)
        return 0
    _warnings(items)
    _timeline(inv, items)
    if chosen_format(inv) == "csv":  # streamed: a large deal's rows are never all held at once
        emit(views.penalties_csv(items), inv)
    else:
        emit(views.penalties_report(items, remind=remind), inv)
    return 0


def _compare_readings(inv: Invocation) -> int:
    from rrcalc import api
    from rrcalc.output import views

    items = bound(inv)
    ids = sorted({sc.agreement.id for sc in items})
    if len(ids) > 1:
        raise UsageError(f"--compare-readings: the events files are under several agreements ({', '.join(ids)}); "
                         "compare one agreement at a time")
    if _no_damages(items):
        emit(views.no_damages_report(items[0].agreement), inv)
        return 0
    emit(views.compare_readings_report(api.readings_worth(items)), inv)
    return 0


def run_suspensions(inv: Invocation) -> int:
    from rrcalc.output import views

    if inv.days is not None and not inv.next:
        raise UsageError("--days goes with --next")
    from rrcalc.results import Need

    if inv.next:
        from rrcalc.errors import CalendarRangeError

        try:
            items = scenarios(inv, Need(plan=True, plan_days=inv.days, plan_required=True))
            report = views.batch(views.next_suspension_report, items)
        except CalendarRangeError as exc:  # planning from near the calendars' last year runs past it
            option = f"--days {inv.days}" if inv.days is not None else "--next"
            raise UsageError(f"{option}: the plan from the as-of date runs past the calendar: {exc}") from None
        emit(report, inv)
        return 0
    remind = _remind(inv)
    ics = chosen_format(inv) == "ics"
    items = scenarios(inv, Need(penalties=True, windows=True, plan=ics, deadlines=inv.plot is not None))
    _timeline(inv, items)
    emit(views.batch(lambda sc: views.suspensions_report(sc, remind), items), inv)
    bad = [(sc, c) for sc in items for c in sc.penalties.suspensions if not c.permitted]
    if inv.fail_on_invalid and bad:
        for sc, c in bad:
            where = f"{sc.name}: " if len(items) > 1 else ""
            say(f"rrcalc: {where}suspension {c.n} ({c.suspension.start} to {c.suspension.end or 'open'}) is not "
                f"permitted: {'; '.join(c.reasons)}")
        return 1
    return 0


def run_exposure(inv: Invocation) -> int:
    """What-if: the total owed for every possible cure date of one track, per Investor and overall."""
    from rrcalc import api
    from rrcalc.output import views

    assert inv.cure_from is not None and inv.cure_to is not None  # required options (convert())
    from rrcalc.results import Need

    items = bound(inv)
    investors = sum(len(sc.facts.body.investors) for sc in items)
    api.check_exposure_size(inv.cure_from, inv.cure_to, investors)  # before any pricing: what cannot finish
    days = max((inv.cure_to - inv.cure_from).days + 1, 0)
    with ticking(days * len(items), days * max(investors, 1), "pricing cure dates") as tick:
        results = [(sc, api.exposure(sc, inv.track, inv.cure_from, inv.cure_to, tick)) for sc in items]
    by_name = {sc.name: result for sc, result in results}
    report = views.batch(lambda sc: views.exposure_report(sc.agreement, by_name[sc.name]),
                         [api.compute(sc, Need()) for sc in items])
    if inv.plot is not None:  # one deal (convert()); the picture is written first, standard output last
        from rrcalc.output.chart import exposure_svg
        from rrcalc.output.render import write

        sc, result = results[0]
        a, t = sc.agreement, sc.agreement.tracks[result.track]
        actual = result.actual  # the cure the facts give, on the suspension exposure varies
        picture = exposure_svg([(p.cure_date, p.by_investor) for p in result.points], result.investors,
                               f"What a later cure costs: {t.label}",
                               f"Agreement {a.id} ({a.company}), track {result.track} (§{t.reference.section}); "
                               f"totals as of {result.as_of}", actual)
        write(picture, inv.plot)
    emit(report, inv)
    return 0


def run_check(inv: Invocation) -> int:
    from rrcalc import api
    from rrcalc.output import ci, views
    from rrcalc.output.render import render, write

    fail_on = [w.strip() for w in (inv.fail_on or "").split(",") if w.strip()]
    report = api.check([str(p) for p in inv.paths], inv.agreement, registry(inv), fail_on, text=inv.text)
    if inv.junit is not None:
        write(ci.junit(report), inv.junit)
    fmt = inv.check_format
    if fmt is None and inv.output is not None:  # by the file's name, among check's formats (spec.formats_of)
        from rrcalc.cli.spec import COMMANDS, formats_of
        from rrcalc.output.render import choose_format

        fmt = choose_format(None, inv.output, False, formats_of(COMMANDS["check"]))
    fmt = fmt or "table"  # a CI log is read by people
    if fmt == "github":
        write(ci.github(report), inv.output)
    elif fmt == "table":
        write(ci.lines(report, bool(inv.quiet)), inv.output)
    else:
        write(render(views.check_report(report), fmt, False), inv.output)
        say(ci.count_line(report))
    return 1 if report.failed else 0


def run_report(inv: Invocation) -> int:
    """The HTML deal report of one events file (:func:`rrcalc.output.html.deal_report`)."""
    from rrcalc.output.html import REPORT, deal_report
    from rrcalc.output.render import write

    if len(inv.events) > 1:
        raise UsageError("report: one deal at a time (one events file); `rrcalc portfolio` rolls up many")
    (sc,) = scenarios(inv, REPORT)
    _warnings([sc])
    write(deal_report(sc), inv.report_output)
    if inv.report_output is not None:
        say(f"rrcalc: wrote {inv.report_output} (open it in a browser; it prints as it shows)")
    return 0


def run_portfolio(inv: Invocation) -> int:
    """Many deals rolled up (:mod:`rrcalc.output.portfolio`)."""
    from rrcalc import api
    from rrcalc.output.portfolio import portfolio_report
    from rrcalc.results import Need

    if not inv.paths:
        raise UsageError("portfolio: give the deals' events files")
    items = scenarios(inv, Need(penalties=True), "pricing deals", list(inv.paths))
    _warnings(items)
    emit(portfolio_report(api.portfolio(items, [sc.facts.body.deal or sc.name for sc in items])), inv)
    return 0


def run_schema(inv: Invocation) -> int:
    from rrcalc import api
    from rrcalc.output.render import write

    assert inv.kind is not None  # a required argument (convert())
    write(json.dumps(api.schema(inv.kind), indent=2, ensure_ascii=False) + "\n", inv.schema_output)
    return 0


def run_draft(inv: Invocation) -> int:
    """A first YAML encoding of an agreement from its text (:mod:`rrcalc.draft`); what it wrote, on stderr."""
    from rrcalc import draft
    from rrcalc.draft.writer import write as yaml_text
    from rrcalc.output.render import write

    assert inv.text_file  # a required argument (convert())
    path = inv.text_file[0]
    made = draft.make(draft.read_text(path), str(path))
    write(yaml_text(made), inv.draft_output)
    where = f"wrote {inv.draft_output}" if inv.draft_output is not None else "draft"
    say(f"rrcalc: {where}: {len(made.terms)} terms, {len(made.obligations)} obligations, {len(made.tracks)} tracks; "
        f"{len(made.review)} review items open (see `review`; `rrcalc check` reports the file as a draft)")
    return 0


def run_new(inv: Invocation) -> int:
    """A commented skeleton encoding of one family of terms (:mod:`rrcalc.draft.skeletons`)."""
    from rrcalc.draft.skeletons import SKELETONS
    from rrcalc.output.render import write

    assert inv.family is not None  # a required option (convert())
    made = SKELETONS[inv.family].text
    write(made, inv.draft_output)
    where = f"wrote {inv.draft_output}" if inv.draft_output is not None else "skeleton"
    say(f"rrcalc: {where}: the {inv.family} family, {made.count('# from §')} values to fill from the agreement; "
        "see `review` (`rrcalc check` reports the file as a draft)")
    return 0


# -- large CSV batches: one worker per core ------------------------------------------------------------

#: A batch of at least this many events files is priced by one worker process per core (CSV output).
PARALLEL_MIN = 100
_SHARED: dict[str, Any] = {}  # what forked workers inherit: the invocation, the registry and the price table


def _csv_chunk(paths: list[Path]) -> tuple[str, tuple[list[str], list[str]], bool, list[date]]:
    """In a worker: price ``paths`` and return their CSV rows (no header), the same warnings one process would
    give, whether every file's agreement has the header's columns (else the parent prices the batch in one
    process), and the as-of dates taken as today."""
    from rrcalc import api
    from rrcalc.output import views
    from rrcalc.output.render import render_csv

    inv: Invocation
    reg: Registry
    prices: dict[date, Decimal] | None
    interest: bool
    from rrcalc.results import Need

    inv, reg, prices = _SHARED["inv"], _SHARED["registry"], _SHARED["prices"]
    opts = options(inv)
    need = Need(penalties=True, prices=prices, prices_source=str(inv.prices))
    items = [api.compute(api.scenario(reg, p, opts), need) for p in paths]
    warnings = (_fact_warnings(items, True), _pricing_warnings(items, True))
    interest = _SHARED["interest"]
    same = all((sc.agreement.late_interest is not None) == interest for sc in items)
    text = render_csv(views.penalties_csv(items, batch=True, interest=interest, shares=prices is not None),
                      inv.csv_raw)
    return text.split("\n", 1)[1], warnings, same, [sc.as_of for sc in items if sc.as_of_defaulted]


def _parallel_csv(inv: Invocation, prices: dict[date, Decimal] | None) -> str | None:
    """The batch's CSV, priced by one worker per core; None where that cannot be done here."""
    from rrcalc.cli import workers as forked

    workers = min(os.cpu_count() or 1, 8)
    if workers < 2 or not forked.available():
        return None
    from rrcalc import api
    from rrcalc.output import views
    from rrcalc.output.render import render_csv

    reg = registry(inv)
    paths = list(inv.events)
    # the first file decides the header (interest and share columns); it is priced again in its chunk
    first = api.scenario(reg, paths[0], options(inv))
    if not first.agreement.tracks:
        return None
    interest = first.agreement.late_interest is not None
    _SHARED.update(inv=inv, registry=reg, prices=prices, interest=interest)
    size = max(10, len(paths) // (workers * 8))
    chunks = [paths[i:i + size] for i in range(0, len(paths), size)]
    header = render_csv(views.penalties_csv([], batch=True, interest=interest, shares=prices is not None),
                        inv.csv_raw)
    parts = [header]
    facts_said: list[str] = []
    pricing_said: list[str] = []
    today_for: list[date] = []
    # forked workers, stopped and reaped however the block is left (a signal, an error, a mixed batch)
    with forked.forked_map(_csv_chunk, chunks, workers) as results:
        for body, (of_facts, of_pricing), same, defaulted in progress(results, len(paths), "pricing events files",
                                                                        [len(c) for c in chunks]):
            if not same:
                return None  # agreements with different columns: priced in one process instead
            facts_said += of_facts
            pricing_said += of_pricing
            today_for += defaulted
            parts.append(body)
    # the same messages, in the same order, as one process gives
    if today_for:
        say(_as_of_note(len(today_for), len(paths), today_for[0]))
    for line in facts_said + pricing_said:
        say(line)
    return "".join(parts)
