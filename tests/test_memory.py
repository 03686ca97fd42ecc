"""Running out of memory is the environment's condition, not a bug: one line, exit 2, no file, no traceback."""

from __future__ import annotations

import resource
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

RRCALC = str(Path(sys.executable).parent / "rrcalc")


def _limit_memory() -> None:  # in the child: 400 MiB of address space
    resource.setrlimit(resource.RLIMIT_AS, (400 * 2**20, 400 * 2**20))


def test_out_of_memory_is_one_line_and_no_file(tmp_path):
    head = ['agreement: "2003"', "as_of: 2004-01-31", "events:", "  quarterly_report_filed: 2003-08-14",
            "  registration_filed: 2003-09-15", "investors:"]
    deal = tmp_path / "big.yaml"
    deal.write_text("\n".join(head) + "\n" + "".join(f"  - {{name: I{i}, purchase_price: 1000.00}}\n"
                                                      for i in range(400_000)))
    out = tmp_path / "big.json"
    done = subprocess.run([RRCALC, "penalties", "-e", str(deal), "-o", str(out)], capture_output=True, text=True,
                          preexec_fn=_limit_memory, timeout=600)
    assert done.returncode == 2, (done.returncode, done.stderr[-1000:])
    assert done.stderr.splitlines() == ["rrcalc: error: out of memory; --format csv writes the Periodic Amounts "
                                        "row by row and needs the least, or split the events file"], done.stderr
    assert done.stdout == ""
    assert sorted(p.name for p in tmp_path.iterdir()) == ["big.yaml"]  # no output, no temporary file
