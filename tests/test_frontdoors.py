"""One declaration, two parsers: the console entry point (rrcalc.cli.parse) and the typer app built from the
same declaration must read every command line the same way, and both must run the same command bodies."""

from __future__ import annotations

import pytest

from rrcalc.cli import commands as entry
from rrcalc.cli.parse import convert, parse
from rrcalc.cli.spec import COMMANDS, OPTIONS
from rrcalc.errors import RRCalcError

from .conftest import ROOT, run, run_typer

EX = str(ROOT / "agreements" / "examples")
F03 = f"{EX}/2003-late-filing.yaml"

LINES = [
    ["penalties", "--agreement", "2003", "--events", F03, "--format", "csv"],
    ["penalties", "-a", "2003", "-e", F03, "-f", "json", "-r", "proration=daily"],
    ["penalties", "-a", "2003", "-f", "csv"],
    ["penalties", "-a", "2001", "-f", "csv"],
    ["penalties", "-a", "2002", "--event", "registration_filed=2003-01-10", "--event",
     "registration_effective=2003-07-15", "--purchase-price", "1000000", "--as-of", "2003-12-31", "-f", "csv"],
    ["penalties", "-f", "csv", "-e", F03, F03],
    ["penalties", "-e", F03, "--compare-readings", "-f", "csv"],
    ["penalties", "-e", F03, "--prices", "p.csv"],
    ["computation-dates", "-a", "2002", "-e", f"{EX}/2002-late-effectiveness.yaml", "--format=csv"],
    ["deadlines", "-a", "1998", "--event", "calamity_loss=1998-04-15", "-f", "csv", "--as-of", "2000-01-01"],
    ["deadlines", "-e", F03, "-f", "ics"],
    ["suspensions", "-e", F03, "-f", "csv", "--next", "--days", "5"],
    ["suspensions", "-e", F03, "--fail-on-invalid"],
    ["exposure", "-e", F03, "--cure-from", "2003-08-21", "--cure-to", "2003-09-30", "--track", "late_filing"],
    ["show", "-a", "2003", "-f", "json"],
    ["readings", "-a", "2003", "-r", "proration=daily"],
    ["check", F03, "--agreement", "2003"],
    ["schema", "events"],
    ["agreements", "-f", "csv"],
    # refused the same way
    ["penalties", "-a", "2003", "-a", "2002"],
    ["penalties", "-a", "2003", "--as-of", "yesterday-ish"],
    ["penalties", "-a", "2003", "--as-of", ""],
    ["penalties", "-a", "2003", "--as-of", "9999-12-31"],
    ["penalties", "-a", "2003", "-f", "xml"],
    ["penalties", "-a", "2003", "-f", "csv", "-f", "json"],
    ["suspensions", "-e", F03, "--next", "--days", "100000"],
    ["suspensions", "-e", F03, "--next", "--days", "x"],
    ["penalties", "-a", "2003", "--purchase-price", "1e400"],
    ["penalties", "-a", "2003", "--purchase-price", "-5"],
    ["deadlines", "-a", "2003", "--event", "registration_filed"],
    ["deadlines", "-a", "2003", "-o", ""],
    ["exposure", "-e", F03, "--cure-from", "2003-08-21"],
    ["schema", "bogus"],
    ["schema"],
]


def _typer_invocation(argv: list[str], monkeypatch) -> object:
    """What the typer app hands to the command body for ``argv`` (an Invocation, or the error text)."""
    seen: dict[str, object] = {}

    def capture(command, raw, flags, debug):
        try:
            seen["inv"] = convert(command, raw, flags, debug)
        except RRCalcError as exc:
            seen["inv"] = f"error: {exc}"
        return 0

    monkeypatch.setattr(entry, "dispatch", capture)
    result = run_typer(*argv)
    return seen.get("inv", f"usage error (exit {result.code})")


def _entry_invocation(argv: list[str]) -> object:
    try:
        parsed = parse(argv)
        return convert(parsed.command, parsed.raw, parsed.flags, False)
    except RRCalcError as exc:
        return f"error: {exc}"


@pytest.mark.parametrize("argv", LINES, ids=lambda a: " ".join(a[:4]))
def test_both_front_doors_read_a_command_line_alike(argv, monkeypatch):
    assert _entry_invocation(argv) == _typer_invocation(argv, monkeypatch)


@pytest.mark.parametrize("argv", [line for line in LINES[:9] if "--prices" not in line])
def test_both_front_doors_print_the_same(argv):
    a, b = run(*argv), run_typer(*argv)
    assert (a.code, a.out) == (b.code, b.out)


def test_every_declared_option_reaches_the_typer_app():
    from typer.main import get_command

    from rrcalc.cli.app import app

    group = get_command(app)
    for name, command in COMMANDS.items():
        flags = {f for p in group.commands[name].params for f in getattr(p, "opts", [])}
        for dest in command.options:
            assert set(OPTIONS[dest].flags) <= flags, (name, dest)


def test_usage_errors_are_one_line():
    for argv in (["penalties", "--bogus"], ["bogus"], ["penalties", "-a"], ["schema"]):
        r = run(*argv)
        assert r.code == 2 and r.out == ""
        assert r.err.count("\n") == 1 and r.err.startswith("rrcalc: error: "), r.err


def test_help_has_examples():
    r = run_typer("penalties", "--help")
    assert r.code == 0 and "Examples:" in r.out and "rrcalc penalties --agreement 2003" in r.out
