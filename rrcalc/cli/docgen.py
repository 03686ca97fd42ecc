"""Generate the CLI reference (docs/cli.md) from the commands themselves, so it never drifts.

    python -m rrcalc.cli.docgen > docs/cli.md      (or: make docs)

A test regenerates it and compares with the file in the repository.
"""

from __future__ import annotations

import inspect

from typer.main import get_command

from rrcalc.cli.app import app


def _param_line(param, ctx) -> str:  # type: ignore[no-untyped-def]
    kind = param.display_type(ctx).strip("<>")
    if param.param_type_name == "argument":
        name = f"`{param.name.upper()}`" + (" ..." if param.nargs == -1 else "")
    else:
        name = ", ".join(f"`{o}`" for o in param.opts)
        if not param.is_flag:
            kind = kind.replace("list[str]", "TEXT").replace("str", "TEXT").replace("|", " / ")
            name += f" {kind.upper()}"
        if param.multiple:
            name += " (repeatable)"
        if param.required:
            name += " (required)"
    help_text = " ".join((getattr(param, "help", None) or "").split())
    return f"| {name} | {help_text} |"


def reference() -> str:
    """The Markdown reference of every command."""
    group = get_command(app)
    lines = [
        "# rrcalc command-line reference",
        "",
        "Generated from the code by `python -m rrcalc.cli.docgen` (`make docs`); a test keeps it current.",
        "",
        inspect.cleandoc(group.help or ""),
        "",
        "Global options (before the command): `--debug` (a traceback for an internal error), `--version`.",
        "",
        "Exit codes: 0 success; 1 `check` (or `suspensions --fail-on-invalid`) found a failure; 2 bad usage or "
        "bad input, reported in one line naming file, line, column and field.",
        "",
    ]
    for name, command in group.commands.items():
        lines += [f"## `rrcalc {name}`", "", inspect.cleandoc(command.help or ""), ""]
        params = [p for p in command.params if p.name not in ("help",)]
        if params:
            ctx = command.make_context(name, [], resilient_parsing=True)
            lines += ["| option | meaning |", "|---|---|"]
            lines += [_param_line(p, ctx) for p in params]
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


if __name__ == "__main__":  # pragma: no cover
    print(reference(), end="")
