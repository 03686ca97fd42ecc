"""The command line: a thin layer over :mod:`rrcalc.api` (same verbs), SPEC §6.

Exit codes: 0 success; 1 a `check` found a failing expectation or an invalid agreement (and an
internal error, which is a bug); 2 bad usage or bad input, with one message naming file, line and
field, never a traceback (``--debug`` shows one).
"""

from __future__ import annotations

import json
import os
import sys
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from rrcalc import __version__
from rrcalc.errors import RRCalcError

app = typer.Typer(
    name="rrcalc",
    help="Deadlines, Periodic Amounts and suspension checks under Registration Rights Agreements.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,  # never dump local variables (deal terms) into a log
    context_settings={"help_option_names": ["-h", "--help"]},
)

_state = {"debug": bool(os.environ.get("RRCALC_DEBUG"))}


class Format(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"
    ics = "ics"


class SchemaKind(StrEnum):
    agreement = "agreement"
    events = "events"


FormatOpt = Annotated[Format | None, typer.Option(
    "--format", "-f", help="table, csv or json (ics for deadlines). Default: from --output's extension, "
                           "else table on a terminal and csv in a pipe.")]
OutputOpt = Annotated[Path | None, typer.Option(
    "--output", "-o", help="Write to this file instead of stdout, whole or not at all.", dir_okay=False)]
AgreementOpt = Annotated[str, typer.Option(
    "--agreement", "-a", help="A bundled agreement id (1998, 2001, 2002, 2003) or the path of a YAML file.")]
ReadingOpt = Annotated[list[str] | None, typer.Option(
    "--reading", "-r", help="KEY=VALUE: choose an alternative reading (see `rrcalc readings`). Repeatable.")]
EventsOpt = Annotated[Path | None, typer.Option(
    "--events", "-e", help="The scenario facts (events file, SPEC §5).", dir_okay=False)]
EventOpt = Annotated[list[str] | None, typer.Option(
    "--event", help="NAME=DATE (or NAME=true for a flag): a fact that overrides the events file. Repeatable.")]
MoreEventsArg = Annotated[list[Path] | None, typer.Argument(
    help="More events files (so that `--events deals/*.yaml` works); CSV then starts with a scenario column.",
    show_default=False)]
PurchasePriceOpt = Annotated[str | None, typer.Option(
    "--purchase-price", help="One Investor, named 'investor', with this purchase price (USD), when the events "
                             "file gives none.")]
AsOfOpt = Annotated[str | None, typer.Option(
    "--as-of", help="Date up to which uncured failures accrue (YYYY-MM-DD). Default: the file's, else today.")]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"rrcalc {__version__}")
        raise typer.Exit(0)


@app.callback()
def _root(
    debug: Annotated[bool, typer.Option("--debug", help="Show a traceback for unexpected errors.")] = False,
    version: Annotated[bool, typer.Option("--version", help="Print the version and exit.", is_eager=True,
                                          callback=_version)] = False,
) -> None:
    if debug:
        _state["debug"] = True


# -- plumbing --------------------------------------------------------------------------------------

def _fail(message: str, code: int = 2) -> typer.Exit:
    sys.stderr.write(f"rrcalc: error: {message}\n")
    sys.stderr.flush()
    return typer.Exit(code)


def _emit(report: Any, fmt: Format | None, output: Path | None) -> None:
    from rrcalc.render import choose_format, render, write

    terminal = output is None and sys.stdout.isatty()
    chosen = choose_format(fmt.value if fmt else None, output, terminal)
    write(render(report, chosen, terminal), output)


def _guard(fn):  # type: ignore[no-untyped-def]
    """Run a command body: our errors become one line on stderr and exit 2; nothing else leaks."""
    import functools

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except (typer.Exit, typer.Abort, typer.TyperException, KeyboardInterrupt):
            raise  # typer's own: usage errors (BadParameter) exit 2 with typer's message
        except RRCalcError as exc:
            raise _fail(str(exc), exc.exit_code) from None
        except BrokenPipeError:
            _silence_stdout()
            raise typer.Exit(0) from None
        except Exception as exc:
            if _state["debug"]:
                raise
            raise _fail(f"internal error ({type(exc).__name__}: {exc}); this is a bug in rrcalc. "
                        "Rerun with --debug for a traceback.", 1) from None
    return wrapper


def _silence_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except OSError:
        pass


def _parse_date(text: str, option: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise typer.BadParameter(f"'{text}' is not a real date in the form YYYY-MM-DD",
                                 param_hint=option) from None


def _pairs(items: list[str] | None, option: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for item in items or []:
        key, sep, value = item.partition("=")
        if not sep or not key.strip() or not value.strip():
            raise typer.BadParameter(f"'{item}' is not KEY=VALUE", param_hint=option)
        if key.strip() in out:
            raise typer.BadParameter(f"'{key.strip()}' is given twice", param_hint=option)
        out[key.strip()] = value.strip()
    return out


def _events(items: list[str] | None) -> dict[str, date | bool]:
    out: dict[str, date | bool] = {}
    for name, value in _pairs(items, "--event").items():
        low = value.lower()
        out[name] = True if low in ("true", "yes") else False if low in ("false", "no") else _parse_date(
            value, f"--event {name}")
    return out


# -- commands --------------------------------------------------------------------------------------

@app.command()
@_guard
def agreements(format: FormatOpt = None, output: OutputOpt = None) -> None:
    """List the bundled agreements: id, date, parties and what each provides."""
    from rrcalc import api, views

    _emit(views.agreements_report(api.list_agreements()), format, output)


@app.command()
@_guard
def show(agreement: AgreementOpt, reading: ReadingOpt = None, format: FormatOpt = None,
         output: OutputOpt = None) -> None:
    """Show an agreement's terms, events, obligations, readings and notes, each with its clause."""
    from rrcalc import api, views

    a = api.load_agreement(agreement)
    _emit(views.show_report(a, api.readings(a, _pairs(reading, "--reading"))), format, output)


@app.command()
@_guard
def readings(agreement: AgreementOpt, reading: ReadingOpt = None, format: FormatOpt = None,
             output: OutputOpt = None) -> None:
    """List the readings (named choices where the text is ambiguous) and the one in force."""
    from rrcalc import api, views

    a = api.load_agreement(agreement)
    _emit(views.readings_report(a, api.readings(a, _pairs(reading, "--reading"))), format, output)


@app.command()
@_guard
def deadlines(agreement: AgreementOpt, events: EventsOpt = None, event: EventOpt = None,
              as_of: AsOfOpt = None, reading: ReadingOpt = None, format: FormatOpt = None,
              output: OutputOpt = None) -> None:
    """When each registration obligation falls due, with its basis and status."""
    from rrcalc import api, views

    a = api.load_agreement(agreement)
    chosen = api.readings(a, _pairs(reading, "--reading"))
    facts = api.load_facts(events, a, _events(event), _parse_date(as_of, "--as-of") if as_of else None)
    _emit(views.deadlines_report(a, facts, chosen, date.today()), format, output)


def _scenarios(agreement: str, events: Path | None, more: list[Path] | None, event: list[str] | None,
               as_of: str | None, reading: list[str] | None, purchase_price: str | None):
    """Load the agreement, the readings in force and each events file's facts (at least one scenario)."""
    from decimal import Decimal, InvalidOperation

    from rrcalc import api
    from rrcalc.facts import Investor

    a = api.load_agreement(agreement)
    chosen = api.readings(a, _pairs(reading, "--reading"))
    overrides = _events(event)
    when = _parse_date(as_of, "--as-of") if as_of else None
    paths: list[Path | None] = [*([events] if events else []), *(more or [])] or [None]
    price = None
    if purchase_price is not None:
        try:
            price = Decimal(purchase_price.replace("_", ""))
        except InvalidOperation:
            raise typer.BadParameter(f"'{purchase_price}' is not a number", param_hint="--purchase-price") from None
        if not price.is_finite() or price < 0:
            raise typer.BadParameter(f"'{purchase_price}' must be a non-negative amount",
                                     param_hint="--purchase-price")
    out = []
    for path in _progress(paths):
        facts = api.load_facts(path, a, overrides, when)
        if price is not None:
            if facts.body.investors:
                raise typer.BadParameter(f"{path} already lists investors", param_hint="--purchase-price")
            facts.body.investors = [Investor("investor", price)]
        out.append((str(path) if path else "-", a, facts, chosen))
    return a, chosen, out


def _progress(paths: list):  # type: ignore[no-untyped-def]
    """Iterate ``paths``, with a progress bar on stderr for long batches when stderr is a terminal."""
    if len(paths) < 50 or not sys.stderr.isatty():
        yield from paths
        return
    from rich.progress import Progress

    with Progress(transient=True) as bar:
        task = bar.add_task("reading events files", total=len(paths))
        for p in paths:
            yield p
            bar.advance(task)


def _computed(agreement: str, events: Path | None, more: list[Path] | None, event: list[str] | None,
              as_of: str | None, reading: list[str] | None, purchase_price: str | None):
    from rrcalc import api, views

    a, chosen, loaded = _scenarios(agreement, events, more, event, as_of, reading, purchase_price)
    scenarios = []
    for name, _a, facts, _c in loaded:
        when = facts.body.as_of or date.today()
        result = api.penalties(a, facts, chosen, when)
        for w in result.warnings:
            sys.stderr.write(f"rrcalc: warning: {name + ': ' if len(loaded) > 1 else ''}{w}\n")
        scenarios.append(views.Scenario(name, a, facts, api.readings(a, chosen), when, result))
    return a, chosen, scenarios


@app.command("computation-dates")
@_guard
def computation_dates(agreement: AgreementOpt, more: MoreEventsArg = None, events: EventsOpt = None,
                      event: EventOpt = None, as_of: AsOfOpt = None, reading: ReadingOpt = None,
                      format: FormatOpt = None, output: OutputOpt = None) -> None:
    """The Computation Dates that fix each Periodic Amount, per track and occurrence (2(b)(vii))."""
    from rrcalc import views

    a, _chosen, scenarios = _computed(agreement, events, more, event, as_of, reading, None)
    if not a.tracks:
        sys.stderr.write(f"rrcalc: agreement {a.id} provides no liquidated damages\n")
    _emit(views.computation_dates_report(scenarios), format, output)


@app.command()
@_guard
def penalties(agreement: AgreementOpt, more: MoreEventsArg = None, events: EventsOpt = None,
              event: EventOpt = None, as_of: AsOfOpt = None, reading: ReadingOpt = None,
              purchase_price: PurchasePriceOpt = None,
              prices: Annotated[Path | None, typer.Option(
                  "--prices", help="CSV 'date,closing_bid': add the Periodic Amount Shares each amount converts "
                                   "into (2(b)(iv)).", dir_okay=False)] = None,
              format: FormatOpt = None, output: OutputOpt = None) -> None:
    """The Periodic Amounts owed to each Investor, when each is fixed and payable, with totals."""
    from rrcalc import api, views

    if events is None and not more and not event and purchase_price is None:
        a = api.load_agreement(agreement)
        in_force = api.readings(a, _pairs(reading, "--reading"))
        if not a.tracks:
            sys.stderr.write(f"rrcalc: agreement {a.id} provides no liquidated damages\n")
            _emit(views.no_damages_report(a), format, output)
            return
        _emit(views.rate_schedule_report(a, in_force), format, output)
        return
    a, _chosen, scenarios = _computed(agreement, events, more, event, as_of, reading, purchase_price)
    if not a.tracks:
        sys.stderr.write(f"rrcalc: agreement {a.id} provides no liquidated damages\n")
        _emit(views.no_damages_report(a), format, output)
        return
    for sc in scenarios:
        if not sc.facts.body.investors:
            sys.stderr.write(f"rrcalc: warning: {sc.name}: no investors given (add them to the events file or "
                             "use --purchase-price); no amounts computed\n")
    table = None
    if prices is not None:
        from rrcalc.prices import load_prices

        table = load_prices(prices)
    _emit(views.penalties_report(scenarios, table, str(prices) if prices else ""), format, output)


@app.command()
@_guard
def suspensions(
    agreement: AgreementOpt, events: EventsOpt = None, event: EventOpt = None, as_of: AsOfOpt = None,
    reading: ReadingOpt = None,
    next_: Annotated[bool, typer.Option("--next", help="Plan a blackout: the earliest permitted start of a new "
                                                       "suspension, its longest end, and how many remain.")] = False,
    days: Annotated[int | None, typer.Option("--days", min=1, help="With --next: what a suspension of this many "
                                                                   "business days would cost each Investor if it "
                                                                   "is not permitted.")] = None,
    fail_on_invalid: Annotated[bool, typer.Option("--fail-on-invalid", help="Exit 1 when any suspension is not "
                                                                            "permitted (a CI gate).")] = False,
    format: FormatOpt = None, output: OutputOpt = None,
) -> None:
    """Was each blackout permitted, and where does a Restricted Sale Date begin (3(h), 1(i))."""
    from rrcalc import views
    from rrcalc.penalties import PenaltyEngine

    a, _chosen, loaded = _scenarios(agreement, events, None, event, as_of, reading, None)
    _name, _a, facts, chosen = loaded[0]
    scenario = _one_scenario(a, facts, chosen)
    if days is not None and not next_:
        raise typer.BadParameter("--days goes with --next", param_hint="--days")
    if next_:
        _emit(_plan(scenario, days), format, output)
        return
    engine = PenaltyEngine(a, facts, _calendar(a, scenario.in_force), scenario.in_force, scenario.as_of)
    _emit(views.suspensions_report(scenario, engine.windows()), format, output)
    bad = [c for c in scenario.result.suspensions if not c.permitted]
    if fail_on_invalid and bad:
        for c in bad:
            sys.stderr.write(f"rrcalc: suspension {c.n} ({c.suspension.start} to {c.suspension.end or 'open'}) "
                             f"is not permitted: {'; '.join(c.reasons)}\n")
        raise typer.Exit(1)


def _calendar(a: Any, in_force: dict[str, str]) -> Any:
    from rrcalc import api

    return api.calendar_for(a, in_force)


def _one_scenario(a: Any, facts: Any, chosen: dict[str, str]) -> Any:
    from rrcalc import api, views

    when = facts.body.as_of or date.today()
    return views.Scenario("-", a, facts, api.readings(a, chosen), when, api.penalties(a, facts, chosen, when))


def _plan(scenario: Any, days: int | None) -> Any:
    """--next: the earliest permitted start; with --days, what a non-permitted one would cost."""
    from copy import deepcopy
    from datetime import timedelta

    from rrcalc import api, views
    from rrcalc.errors import UsageError
    from rrcalc.facts import Suspension
    from rrcalc.suspensions import plan_next

    a, facts = scenario.agreement, scenario.facts
    if a.permitted_suspensions is None:
        raise UsageError(f"agreement {a.id} has no Permitted Suspension Periods to plan")
    cal = _calendar(a, scenario.in_force)
    effective = facts.events.get("registration_effective") if "registration_effective" in a.events else None
    try:
        plan = plan_next(a, scenario.result.suspensions, cal, scenario.as_of,
                         effective if isinstance(effective, date) else None)
    except ValueError as exc:
        raise UsageError(f"cannot plan the next suspension: {exc}") from None
    costs = None
    if days is not None:
        start = plan.earliest_start
        end = cal.add(start - timedelta(days=1), days)
        kind = a.permitted_suspensions.kinds[0]
        what_if = deepcopy(facts)
        what_if.body.suspensions = [*facts.body.suspensions, Suspension(start, end, scenario.as_of, kind)]
        horizon = end + timedelta(days=400)  # long enough for every period of the new occurrence to close
        before = api.penalties(a, facts, scenario.in_force, horizon).totals()
        after_result = api.penalties(a, what_if, scenario.in_force, horizon)
        after = after_result.totals()
        new = after_result.suspensions[-1]
        note = ("permitted: no Periodic Amount" if new.permitted else
                f"not permitted ({'; '.join(new.reasons)}); Restricted Sale Date {new.restricted_sale_date}")
        from rrcalc.penalties import PenaltyEngine

        windows = PenaltyEngine(a, what_if, cal, scenario.in_force, horizon).windows()
        rsd = new.restricted_sale_date
        for tid, end_of_window in windows.items():
            if rsd is not None and rsd > end_of_window:
                note += f", outside the window of {tid} (ends {end_of_window}): no Periodic Amount"
        costs = [{"investor": inv.name, "amount": after.get(inv.name, 0) - before.get(inv.name, 0), "note": note}
                 for inv in sorted(facts.body.investors, key=lambda i: i.name)]
    return views.next_suspension_report(scenario, plan, costs, days)


@app.command()
@_guard
def check(
    paths: Annotated[list[Path] | None, typer.Argument(
        help="Agreement or events files to validate besides the bundled agreements.")] = None,
    agreement: Annotated[str | None, typer.Option(
        "--agreement", "-a", help="Agreement for events files that do not name one.")] = None,
    format: FormatOpt = None, output: OutputOpt = None,
) -> None:
    """Validate every bundled agreement and the given files; run the agreements' embedded test cases."""
    from rrcalc import api, views

    report = api.check([str(p) for p in paths or []], agreement)
    if format is None and output is None:
        format = Format.table  # a CI log is read by people: the table even in a pipe
    _emit(views.check_report(report), format, output)
    if format is not Format.table:  # the table ends with it; keep machine output clean
        sys.stderr.write(f"{report.passed} passed, {report.failed} failed\n")
    if report.failed:
        raise typer.Exit(1)


@app.command()
@_guard
def schema(
    kind: Annotated[SchemaKind, typer.Argument(help="agreement or events")],
    output: OutputOpt = None,
) -> None:
    """Print the JSON Schema of agreement files or events files (for editors)."""
    from rrcalc import api
    from rrcalc.render import write

    write(json.dumps(api.schema(kind.value), indent=2, ensure_ascii=False) + "\n", output)


def main() -> None:
    """Console-script entry point."""
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
