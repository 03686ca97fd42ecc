"""Generate the CLI reference (docs/cli.md) from the one declaration (:mod:`rrcalc.cli.spec`), so it never drifts.

    python -m rrcalc.cli.docgen > docs/cli.md      (or: make docs)

A test regenerates it and compares with the file in the repository.
"""

from __future__ import annotations

from rrcalc.cli.spec import COMMANDS, HELP, OPTIONS, ROOT_OPTIONS, Opt


def _option(opt: Opt, required: bool) -> str:
    name = ", ".join(f"`{f}`" for f in opt.flags)
    if opt.takes_value:
        name += f" {opt.metavar or opt.kind.upper()}".replace("|", "\\|")
    notes = []
    if opt.choices:
        notes.append("one of " + ", ".join(f"`{c}`" for c in opt.choices))
    if opt.suffixes:
        notes.append("a file name ending " + " or ".join(f"`{x}`" for x in opt.suffixes))
    if opt.bounds:
        notes.append(f"{opt.bounds[0]} to {opt.bounds[1]}")
    if opt.repeat:
        notes.append("repeatable")
    if required:
        notes.append("required")
    more = f" ({'; '.join(notes)})" if notes else ""
    return f"| {name} | {opt.help}{more} |"


def reference() -> str:
    """The Markdown reference of every command."""
    lines = [
        "# rrcalc command-line reference",
        "",
        "Generated from the code by `python -m rrcalc.cli.docgen` (`make docs`); a test keeps it current.",
        "",
        HELP,
        "",
        "Options before the command: " + "; ".join(f"`{o.flags[0]}` ({o.help.rstrip('.').lower()})"
                                                  for o in ROOT_OPTIONS.values()) + ".",
        "",
        "Exit codes: 0 success; 1 `check` (or `suspensions --fail-on-invalid`) found a failure (also an internal "
        "error, or a worker process of a parallel batch lost); 2 bad usage or bad input, reported in one line "
        "naming file, line, column and field (or the option); 130 interrupted "
        "(Ctrl-C, SIGINT); 128 + n stopped by signal n, in one line, with no output file, temporary file or worker "
        "process left: 129 SIGHUP, 131 SIGQUIT, 138 SIGUSR1, 140 SIGUSR2, 143 SIGTERM (Linux numbers).",
        "",
        "Shell completion: `rrcalc --install-completion` (bash, zsh, fish, PowerShell).",
        "",
    ]
    for name, command in COMMANDS.items():
        lines += [f"## `rrcalc {name}`", "", command.help, ""]
        rows = [f"| `{a.dest.upper()}`{' ...' if a.many else ''} | {a.help}"
                + (f" (one of {', '.join(f'`{c}`' for c in a.choices)})" if a.choices else "") + " |"
                for a in command.args]
        rows += [_option(OPTIONS[d], d in command.required) for d in command.options]
        lines += ["| option | meaning |", "|---|---|", *rows, ""]
        if command.examples:
            lines += ["```sh", *command.examples, "```", ""]
    return "\n".join(lines).rstrip() + "\n"


if __name__ == "__main__":  # pragma: no cover
    print(reference(), end="")
