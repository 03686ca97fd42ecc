"""The start-up fast path runs the same command bodies as the typer CLI: same output, same exit code."""

from __future__ import annotations

import pytest

from rrcalc.cli import fastpath

from .conftest import ROOT, run

EX = str(ROOT / "agreements" / "examples")

SAME = [
    ["penalties", "--agreement", "2003", "--events", f"{EX}/2003-late-filing.yaml", "--format", "csv"],
    ["penalties", "-a", "2003", "-e", f"{EX}/2003-late-filing.yaml", "-f", "json", "-r", "proration=daily"],
    ["penalties", "-a", "2003", "-f", "csv"],
    ["penalties", "-a", "2001", "-f", "csv"],
    ["penalties", "-a", "2002", "--event", "registration_filed=2003-01-10", "--event",
     "registration_effective=2003-07-15", "--purchase-price", "1000000", "--as-of", "2003-12-31", "-f", "csv"],
    ["penalties", "-a", "2003", "-f", "csv", "-e", f"{EX}/2003-late-filing.yaml", f"{EX}/2003-late-filing.yaml"],
    ["computation-dates", "-a", "2002", "-e", f"{EX}/2002-late-effectiveness.yaml", "--format=csv"],
    ["deadlines", "-a", "1998", "--event", "calamity_loss=1998-04-15", "-f", "csv", "--as-of", "2000-01-01"],
    ["deadlines", "-a", "2003", "-e", f"{EX}/2003-late-filing.yaml", "-f", "ics"],
    ["suspensions", "-a", "2003", "-e", f"{EX}/2003-late-filing.yaml", "-f", "csv"],
    # bad input: the same one-line message and exit code 2
    ["penalties", "-a", "2003", "-e", f"{EX}/no-such-file.yaml", "-f", "csv"],
    ["penalties", "-a", "2004", "-f", "csv"],
    ["deadlines", "-a", "1998", "--event", "calamity=1998-04-15", "-f", "csv"],
    ["penalties", "-a", "2003", "-r", "proration=weekly", "-f", "csv"],
    ["deadlines", "-a", "1998", "--as-of", "1998-02-30", "-f", "csv"],
]


@pytest.mark.parametrize("argv", SAME, ids=lambda a: " ".join(a[:2] + a[3:4]))
def test_fast_path_and_typer_agree(argv, capsys):
    code = fastpath.try_fast(argv)
    assert code is not None, "the fast path should take this command line"
    fast = capsys.readouterr()
    typer_run = run(*argv)
    # (typer's test runner reads stdout as text with universal newlines: the ICS CRLFs arrive as LF)
    assert (code, fast.out.replace("\r\n", "\n"), fast.err) == (typer_run.code, typer_run.out, typer_run.err)


@pytest.mark.parametrize("argv", [
    [], ["--help"], ["agreements"], ["show", "-a", "2003"], ["check"],
    ["penalties", "--help"], ["penalties", "-a", "2003", "--prices", "p.csv"],
    ["penalties", "-a", "2003", "--bogus"], ["penalties", "-e", "x.yaml"],  # no --agreement
    ["penalties", "-a", "2003", "-f", "xml"], ["penalties", "-a", "2003", "-a", "2002"],
    ["suspensions", "-a", "2003", "--next"], ["deadlines", "-a", "2003", "extra.yaml"],
    ["penalties", "-a"], ["--debug", "penalties", "-a", "2003"],
])
def test_everything_else_goes_to_typer(argv):
    assert fastpath.parse(argv) is None
