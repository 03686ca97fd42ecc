"""The typer app, built from the one declaration in :mod:`rrcalc.cli.spec`: ``--help``, shell completion and
the generated reference (``docs/cli.md``) come from here.

The console entry point (:mod:`rrcalc.cli.main`) parses every other command line itself, without importing
typer; both parsers hand their raw strings to :func:`rrcalc.cli.parse.convert`, and a test runs both on the
same command lines.
"""

from __future__ import annotations

import inspect
import os
import sys
from typing import Annotated, Any

import typer
from typer._click import exceptions as click_exceptions  # typer vendors click
from typer.core import TyperGroup

from rrcalc import __version__
from rrcalc.cli.spec import COMMANDS, HELP, OPTIONS, Command


class _OneLineErrors(TyperGroup):
    """Usage errors in the same one-line form as bad input (``rrcalc: error: ...``, exit 2)."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        kwargs["standalone_mode"] = False
        try:
            return super().main(*args, **kwargs)
        except click_exceptions.NoArgsIsHelpError as exc:
            sys.stdout.write((exc.ctx.get_help() if exc.ctx else "") + "\n")
            sys.exit(0)
        except click_exceptions.UsageError as exc:
            from rrcalc.errors import printable

            sys.stderr.write(f"rrcalc: error: {printable(exc.format_message())}\n")
            sys.exit(2)
        except typer.Exit as exc:
            sys.exit(exc.exit_code)
        except (typer.Abort, KeyboardInterrupt):
            sys.stderr.write("rrcalc: interrupted\n")
            sys.exit(130)


app = typer.Typer(
    name="rrcalc",
    help=HELP,
    cls=_OneLineErrors,
    add_completion=True,
    no_args_is_help=True,
    pretty_exceptions_enable=False,  # never dump local variables (deal terms) into a log
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)

_state = {"debug": bool(os.environ.get("RRCALC_DEBUG"))}


def _version(value: bool) -> None:
    if value:
        typer.echo(f"rrcalc {__version__}")
        raise typer.Exit(0)


@app.callback()
def _root(
    debug: Annotated[bool, typer.Option("--debug", help="Show a traceback for an internal error.")] = False,
    version: Annotated[bool, typer.Option("--version", help="Print the version and exit.", is_eager=True,
                                          callback=_version)] = False,
) -> None:
    if debug:
        _state["debug"] = True


def _epilog(command: Command) -> str:
    if not command.examples:
        return ""
    return "Examples:\n\n\b\n" + "\n".join(f"  {e}" for e in command.examples)


def _register(command: Command) -> None:
    """Add ``command`` to the app with one typer parameter per declared option and argument."""
    params: list[inspect.Parameter] = []
    for arg in command.args:
        if arg.many:
            ann: object = Annotated[list[str] | None, typer.Argument(help=arg.help, show_default=False,
                                                                  metavar=arg.dest.upper())]
        else:
            ann = Annotated[str | None, typer.Argument(help=arg.help, show_default=False,
                                                       metavar=arg.dest.upper())]
        params.append(inspect.Parameter(arg.dest, inspect.Parameter.KEYWORD_ONLY, default=None, annotation=ann))
    for dest in command.options:
        opt = OPTIONS[dest]
        help_text = opt.help + (" (required)" if dest in command.required else "")
        if opt.kind == "flag":
            ann = Annotated[bool, typer.Option(*opt.flags, help=help_text, show_default=False)]
            default: bool | None = False
        else:
            ann = Annotated[list[str] | None, typer.Option(*opt.flags, help=help_text, show_default=False,
                                                           metavar=opt.metavar or opt.kind.upper())]
            default = None
        params.append(inspect.Parameter(dest, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=ann))

    def body(**values: list[str] | str | bool | None) -> None:  # typer's values, by the parameters above
        from rrcalc.cli.commands import dispatch

        raw: dict[str, list[str]] = {}
        flags: set[str] = set()
        for key, value in values.items():
            if value is True:
                flags.add(key)
            elif isinstance(value, list):
                raw[key] = list(value)
            elif isinstance(value, str):
                raw[key] = [value]
        code = dispatch(command, raw, flags, _state["debug"])
        if code:
            raise typer.Exit(code)

    body.__signature__ = inspect.Signature(params)  # type: ignore[attr-defined]
    body.__annotations__ = {p.name: p.annotation for p in params}
    body.__name__ = command.name.replace("-", "_")
    app.command(command.name, help=command.help, epilog=_epilog(command))(body)


for _command in COMMANDS.values():
    _register(_command)
