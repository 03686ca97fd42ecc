"""Tables a person reads: run the installed ``rrcalc`` in a pseudo-terminal 80 and 120 columns wide and check that
every date and every amount of the same run's CSV appears whole in the table text (never split across lines),
that no line is wider than the terminal, and that colour follows the terminal and NO_COLOR."""

from __future__ import annotations

import csv
import functools
import io
import os
import re
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from .conftest import ROOT, run
from .terminal import on_terminal

RRCALC = str(Path(sys.executable).parent / "rrcalc")
EXAMPLES = sorted((ROOT / "agreements" / "examples").glob("*.yaml"))
ANSI = re.compile(r"\x1b\[[0-9;]*m")
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
MONEY_COLUMNS = {"base", "amount", "interest"}


def in_terminal(args: list[str], columns: int, env: dict[str, str] | None = None) -> str:
    """The output of ``rrcalc ARGS`` on a pseudo-terminal ``columns`` wide (``env`` added to this environment)."""
    done = on_terminal(args, columns, env={**os.environ, **(env or {})}, timeout=60)
    assert done.code == 0, done.other
    return done.terminal


@functools.cache
def _csv_text(args: tuple[str, ...]) -> str:
    """The same command's CSV, through the console entry point's code path in-process (once for both widths)."""
    done = run(*args, "--format", "csv")
    assert done.code == 0, done.err
    return done.out


def csv_of(args: list[str]) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(_csv_text(tuple(args)))))


def figures(rows: list[dict[str, str]]) -> set[str]:
    """Every date and every amount of the CSV, as the table shows them (money with thousands separators)."""
    out = set()
    for row in rows:
        for column, value in row.items():
            if DATE.match(value or ""):
                out.add(value)
            elif column in MONEY_COLUMNS and value:
                out.add(f"{Decimal(value):,.2f}")
    return out


@pytest.mark.parametrize("columns", [80, 120])
@pytest.mark.parametrize("command", ["deadlines", "penalties", "computation-dates", "suspensions"])
@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_every_date_and_amount_stays_whole(example, command, columns):
    args = [command, "--events", str(example)]
    wanted = figures(csv_of(args))
    table = ANSI.sub("", in_terminal(args, columns))
    words = set(re.findall(r"[\d,.\-]+", table))
    missing = sorted(f for f in wanted if f not in words)
    assert not missing, f"split or missing in the {columns}-column table: {missing}\n{table}"
    too_wide = [line for line in table.splitlines() if len(line) > columns and " " in line.strip()]
    assert not too_wide, too_wide


def test_colour_on_a_terminal_and_never_under_no_color():
    args = ["suspensions", "--events", str(ROOT / "agreements" / "examples" / "2003-late-filing.yaml")]
    assert "\x1b[31m" in in_terminal(args, 100)  # 'no' (not permitted) in red
    assert "\x1b[" not in in_terminal(args, 100, {"NO_COLOR": "1"})
    piped = subprocess.run([RRCALC, *args, "--format", "table"], capture_output=True, text=True, cwd=ROOT)
    assert "\x1b[" not in piped.stdout


def test_a_narrow_terminal_gets_records_not_empty_cells():
    args = ["penalties", "--events", str(ROOT / "agreements" / "examples" / "2003-late-filing.yaml")]
    table = ANSI.sub("", in_terminal(args, 30))
    assert "16,666.67" in table and "2003-09-20" in table
