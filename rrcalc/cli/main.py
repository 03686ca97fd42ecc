"""The ``rrcalc`` console script.

Every command line is parsed by :mod:`rrcalc.cli.parse` from the one declaration (no typer import: start-up
stays cheap for shell pipelines); ``--help`` and shell completion go to the typer app built from the same
declaration (:mod:`rrcalc.cli.app`).
"""

from __future__ import annotations

import os
import sys


def run(argv: list[str]) -> int:
    """Run one command line (without typer): the exit code."""
    from rrcalc.cli import commands
    from rrcalc.cli.parse import Parsed, parse

    debug = bool(os.environ.get("RRCALC_DEBUG")) or "--debug" in argv[:2]
    holder: dict[str, Parsed] = {}

    def body() -> int:
        holder["parsed"] = parse(argv)
        return 0

    code = commands.guarded(body, debug)
    if code:
        return code
    parsed = holder["parsed"]
    if "version" in parsed.root:
        from rrcalc import __version__

        sys.stdout.write(f"rrcalc {__version__}\n")
        return 0
    if parsed.command is None:  # root options alone (`--debug --debug`): what typer says for `--debug`
        commands.say("rrcalc: error: Missing command.")
        return 2
    return commands.dispatch(parsed.command, parsed.raw, parsed.flags, debug or "debug" in parsed.root)


def main() -> None:
    """The console script: typer for help and completion, the declaration's own parser for the rest."""
    try:
        from rrcalc.cli.parse import wants_typer
        from rrcalc.cli.process import guard
    except KeyboardInterrupt:  # Ctrl-C while rrcalc is still loading, before its handlers: the same line and code
        sys.stderr.write("rrcalc: interrupted\n")
        raise SystemExit(130) from None

    with guard():  # signals, standard streams and exit codes (rrcalc.cli.process)
        argv = sys.argv[1:]
        if wants_typer(argv) or argv in (["--debug"],):
            from rrcalc.cli.app import app

            app(prog_name="rrcalc")
            return
        sys.exit(run(argv))
