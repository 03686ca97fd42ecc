"""Running out of memory is the environment's condition, not a bug: one line, exit 2, no file, no traceback."""

from __future__ import annotations

import resource
import subprocess
import sys
from collections.abc import Callable
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


def _deal(tmp_path: Path, investors: int) -> Path:
    head = ['agreement: "2003"', "as_of: 2004-01-31", "events:", "  quarterly_report_filed: 2003-08-14",
            "  registration_filed: 2003-09-15", "  registration_effective: 2003-10-06", "investors:"]
    deal = tmp_path / "big.yaml"
    deal.write_text("\n".join(head) + "\n" + "".join(f"  - {{name: I{i}, purchase_price: 1000.00}}\n"
                                                      for i in range(investors)))
    return deal


def _limit_to(mib: int) -> Callable[[], None]:
    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (mib * 2**20, mib * 2**20))
    return limit


@pytest.mark.parametrize("name", ["big.csv", "big.json"])
def test_a_large_deal_prices_to_csv_and_json_in_bounded_memory(tmp_path, name):
    # 100,000 Investors, a Periodic Amount each: the JSON once needed well over 1 GB (every row as a dict, the
    # payload copied JSON-ready, the whole text); streamed, both formats fit in 600 MiB of address space.
    deal = _deal(tmp_path, 100_000)
    out = tmp_path / name
    done = subprocess.run([RRCALC, "penalties", "-e", str(deal), "-o", str(out)], capture_output=True, text=True,
                          preexec_fn=_limit_to(600), timeout=600)
    assert done.returncode == 0, (done.returncode, done.stderr[-1000:])
    text = out.read_text()
    if name.endswith(".json"):
        import json

        data = json.loads(text)
        assert len(data["periods"]) == 100_000 and len(data["totals"]["by_investor"]) == 100_000
    else:
        assert len(text.splitlines()) == 1 + 100_000


def test_a_table_too_long_to_read_is_refused_naming_the_formats(tmp_path):
    deal = _deal(tmp_path, 110_000)
    out = tmp_path / "big.txt"
    done = subprocess.run([RRCALC, "penalties", "-e", str(deal), "-f", "table", "-o", str(out)], capture_output=True,
                          text=True, preexec_fn=_limit_to(600), timeout=600)
    assert done.returncode == 2, (done.returncode, done.stderr[-1000:])
    assert done.stderr.splitlines() == ["rrcalc: error: --format table: at most 100,000 Periodic Amounts (110,000 "
                                        "here): no one reads a table that long; use --format csv or json"]
    assert not out.exists()
