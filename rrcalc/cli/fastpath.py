"""A cheap start-up path for the computing commands in shell pipelines.

Importing typer (which imports click and pydantic) costs more than everything else rrcalc does for one
deal, so :func:`rrcalc.cli.app.main` first offers the command line to :func:`try_fast`. It accepts only
plain, well-formed uses of ``deadlines``, ``computation-dates``, ``penalties`` and ``suspensions``
(the options below, no ``--help``, nothing unknown) and runs the very same command bodies
(:mod:`rrcalc.cli.commands`) that the typer CLI runs. Anything else returns ``None`` and typer handles it,
with its own help and usage errors. A test runs both paths on the same command lines and compares.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

# option -> (field of commands.Options, repeatable); the same names as the typer CLI declares
_COMMON = {
    "--agreement": ("agreement", False), "-a": ("agreement", False),
    "--events": ("events", True), "-e": ("events", True),
    "--event": ("event", True),
    "--as-of": ("as_of", False),
    "--reading": ("reading", True), "-r": ("reading", True),
    "--format": ("format", False), "-f": ("format", False),
    "--output": ("output", False), "-o": ("output", False),
}
_COMMANDS: dict[str, tuple[dict[str, tuple[str, bool]], bool, tuple[str, ...]]] = {
    # command: (extra options, takes more events files as arguments, formats)
    "deadlines": ({}, False, ("table", "csv", "json", "ics")),
    "computation-dates": ({}, True, ("table", "csv", "json")),
    "penalties": ({"--purchase-price": ("purchase_price", False)}, True, ("table", "csv", "json")),
    "suspensions": ({}, False, ("table", "csv", "json")),
}


def parse(argv: list[str]):  # -> tuple[str, Options] | None
    """The command and its options, or None when the command line is not a plain one this path takes."""
    from rrcalc.cli.commands import Options

    if not argv or argv[0] not in _COMMANDS:
        return None
    command = argv[0]
    extra, takes_files, formats = _COMMANDS[command]
    known = {**_COMMON, **extra}
    values: dict[str, object] = {"events": [], "event": [], "reading": []}
    more: list[Path] = []
    i = 1
    while i < len(argv):
        token = argv[i]
        if token.startswith("-") and token != "-":
            name, eq, inline = token.partition("=")
            if name not in known:
                return None  # --help, --prices, --next, a typo...: typer's business
            if eq:
                value = inline
            else:
                i += 1
                if i >= len(argv):
                    return None
                value = argv[i]
                if value.startswith("-") and value != "-":
                    return None
            key, repeatable = known[name]
            if repeatable:
                values[key].append(value)  # type: ignore[union-attr]
            elif key in values:
                return None  # given twice: let typer decide
            else:
                values[key] = value
        elif takes_files:
            more.append(Path(token))
        else:
            return None
        i += 1
    if "agreement" not in values:
        return None
    fmt = values.get("format")
    if fmt is not None and fmt not in formats:
        return None
    output = values.get("output")
    return command, Options(
        agreement=str(values["agreement"]),
        events=[Path(str(p)) for p in values["events"]] + more,  # type: ignore[union-attr]
        event=list(values["event"]),  # type: ignore[call-overload]
        as_of=values.get("as_of"),  # type: ignore[arg-type]
        reading=list(values["reading"]),  # type: ignore[call-overload]
        purchase_price=values.get("purchase_price"),  # type: ignore[arg-type]
        format=fmt,  # type: ignore[arg-type]
        output=Path(str(output)) if output is not None else None,
    )


def try_fast(argv: list[str]) -> int | None:
    """Run a plain computing command without importing typer; None when typer must handle it."""
    parsed = parse(argv)
    if parsed is None:
        return None
    from rrcalc.cli import commands

    command, options = parsed
    run = {"deadlines": commands.run_deadlines, "computation-dates": commands.run_computation_dates,
           "penalties": commands.run_penalties, "suspensions": commands.run_suspensions}[command]
    return commands.guarded(lambda: run(options), bool(os.environ.get("RRCALC_DEBUG")))


def main() -> None:
    """The ``rrcalc`` console script: the fast path when it applies, else the typer CLI."""
    from rrcalc.cli.process import guard

    with guard():  # signals, standard streams and exit codes (rrcalc.cli.process)
        code = try_fast(sys.argv[1:])
        if code is not None:
            sys.exit(code)
        from rrcalc.cli.app import app

        app()
