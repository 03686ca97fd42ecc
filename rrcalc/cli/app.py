"""The command line: a thin layer over :mod:`rrcalc.api` (same verbs), SPEC §6.

Exit codes: 0 success; 1 a `check` found a failing expectation or an invalid agreement (and an
internal error, which is a bug); 2 bad usage or bad input, with one message naming file, line and
field, never a traceback (``--debug`` shows one).
"""

from __future__ import annotations

import json
import os
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from rrcalc import __version__

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
    "--agreement", "-a", help="A bundled agreement id (see `rrcalc agreements`) or the path of a YAML file.")]
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

def _run(fn: Any) -> None:
    """Run a command body through :func:`rrcalc.cli.commands.guarded` and exit with its code."""
    from rrcalc.cli.commands import guarded

    code = guarded(fn, _state["debug"])
    if code:
        raise typer.Exit(code)


def _options(agreement: str, events: Path | None = None, more: list[Path] | None = None,
             event: list[str] | None = None, as_of: str | None = None, reading: list[str] | None = None,
             purchase_price: str | None = None, prices: Path | None = None, format: Format | None = None,
             output: Path | None = None) -> Any:
    from rrcalc.cli.commands import Options

    return Options(agreement, [*([events] if events else []), *(more or [])], list(event or []), as_of,
                   list(reading or []), purchase_price, prices, format.value if format else None, output)


# -- commands --------------------------------------------------------------------------------------

@app.command()
def agreements(format: FormatOpt = None, output: OutputOpt = None) -> None:
    """List the bundled agreements: id, date, parties and what each provides."""
    from rrcalc import api
    from rrcalc.cli.commands import emit
    from rrcalc.output import views

    def body() -> int:
        emit(views.agreements_report(api.list_agreements()), _fmt(format), output)
        return 0
    _run(body)


@app.command()
def show(agreement: AgreementOpt, reading: ReadingOpt = None, format: FormatOpt = None,
         output: OutputOpt = None) -> None:
    """Show an agreement's terms, events, obligations, readings and notes, each with its clause."""
    from rrcalc import api
    from rrcalc.cli.commands import emit, pairs
    from rrcalc.output import views

    def body() -> int:
        a = api.load_agreement(agreement)
        emit(views.show_report(a, api.readings(a, pairs(reading, "--reading"))), _fmt(format), output)
        return 0
    _run(body)


@app.command()
def readings(agreement: AgreementOpt, reading: ReadingOpt = None, format: FormatOpt = None,
             output: OutputOpt = None) -> None:
    """List the readings (named choices where the text is ambiguous) and the one in force."""
    from rrcalc import api
    from rrcalc.cli.commands import emit, pairs
    from rrcalc.output import views

    def body() -> int:
        a = api.load_agreement(agreement)
        emit(views.readings_report(a, api.readings(a, pairs(reading, "--reading"))), _fmt(format), output)
        return 0
    _run(body)


@app.command()
def deadlines(agreement: AgreementOpt, events: EventsOpt = None, event: EventOpt = None,
              as_of: AsOfOpt = None, reading: ReadingOpt = None, format: FormatOpt = None,
              output: OutputOpt = None) -> None:
    """When each registration obligation falls due, with its basis and status."""
    from rrcalc.cli.commands import run_deadlines

    _run(lambda: run_deadlines(_options(agreement, events, None, event, as_of, reading, None, None, format,
                                        output)))


@app.command("computation-dates")
def computation_dates(agreement: AgreementOpt, more: MoreEventsArg = None, events: EventsOpt = None,
                      event: EventOpt = None, as_of: AsOfOpt = None, reading: ReadingOpt = None,
                      format: FormatOpt = None, output: OutputOpt = None) -> None:
    """The Computation Dates that fix each Periodic Amount, per track and occurrence (2(b)(vii))."""
    from rrcalc.cli.commands import run_computation_dates

    _run(lambda: run_computation_dates(_options(agreement, events, more, event, as_of, reading, None, None,
                                                format, output)))


@app.command()
def penalties(agreement: AgreementOpt, more: MoreEventsArg = None, events: EventsOpt = None,
              event: EventOpt = None, as_of: AsOfOpt = None, reading: ReadingOpt = None,
              purchase_price: PurchasePriceOpt = None,
              prices: Annotated[Path | None, typer.Option(
                  "--prices", help="CSV 'date,closing_bid': add the Periodic Amount Shares each amount converts "
                                   "into (2(b)(iv)).", dir_okay=False)] = None,
              compare_readings: Annotated[bool, typer.Option(
                  "--compare-readings", help="Show the total under every alternative of every reading beside "
                                             "the readings in force.")] = False,
              format: FormatOpt = None, output: OutputOpt = None) -> None:
    """The Periodic Amounts owed to each Investor, when each is fixed and payable, with totals."""
    from rrcalc.cli.commands import run_penalties

    _run(lambda: run_penalties(_options(agreement, events, more, event, as_of, reading, purchase_price, prices,
                                        format, output), compare_readings))


@app.command()
def exposure(
    agreement: AgreementOpt,
    cure_from: Annotated[str, typer.Option("--cure-from", help="First cure date to try (YYYY-MM-DD).")],
    cure_to: Annotated[str, typer.Option("--cure-to", help="Last cure date to try (YYYY-MM-DD).")],
    events: EventsOpt = None, event: EventOpt = None, reading: ReadingOpt = None,
    track: Annotated[str | None, typer.Option("--track", help="The track whose cure is varied (default: the "
                                                              "agreement's first).")] = None,
    plot: Annotated[Path | None, typer.Option("--plot", help="Also draw the totals as an SVG image in this file.",
                                              dir_okay=False)] = None,
    format: FormatOpt = None, output: OutputOpt = None,
) -> None:
    """What-if: the total owed per Investor and overall for every possible cure date of a track."""
    from rrcalc.cli.commands import run_exposure

    _run(lambda: run_exposure(_options(agreement, events, None, event, None, reading, None, None, format,
                                       output), cure_from, cure_to, track, plot))


@app.command()
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
    from rrcalc.cli.commands import run_suspensions

    _run(lambda: run_suspensions(_options(agreement, events, None, event, as_of, reading, None, None, format,
                                          output), next_, days, fail_on_invalid))


@app.command()
def check(
    paths: Annotated[list[Path] | None, typer.Argument(
        help="Agreement or events files to validate besides the bundled agreements.")] = None,
    agreement: Annotated[str | None, typer.Option(
        "--agreement", "-a", help="Agreement for events files that do not name one.")] = None,
    format: FormatOpt = None, output: OutputOpt = None,
) -> None:
    """Validate every bundled agreement and the given files; run the agreements' embedded test cases."""
    from rrcalc import api
    from rrcalc.cli.commands import emit, say
    from rrcalc.output import views

    def body() -> int:
        report = api.check([str(p) for p in paths or []], agreement)
        fmt = _fmt(format) or ("table" if output is None else None)  # a CI log is read by people
        emit(views.check_report(report), fmt, output)
        if fmt != "table":  # the table ends with it; keep machine output clean
            say(f"{report.passed} passed, {report.failed} failed")
        return 1 if report.failed else 0
    _run(body)


@app.command()
def schema(
    kind: Annotated[SchemaKind, typer.Argument(help="agreement or events")],
    output: OutputOpt = None,
) -> None:
    """Print the JSON Schema of agreement files or events files (for editors)."""
    from rrcalc import api
    from rrcalc.output.render import write

    def body() -> int:
        write(json.dumps(api.schema(kind.value), indent=2, ensure_ascii=False) + "\n", output)
        return 0
    _run(body)


def _fmt(format: Format | None) -> str | None:
    return format.value if format else None


def main() -> None:
    """Entry point: the start-up fast path when it applies (:mod:`rrcalc.cli.fastpath`), else typer."""
    from rrcalc.cli.fastpath import main as entry

    entry()


if __name__ == "__main__":  # pragma: no cover
    main()
