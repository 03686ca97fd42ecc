"""rrcalc's speed and memory goals, measured (`make bench`). Figures, not assertions: every figure is a ratio to a
floor measured in the same run, on the same machine (see README).

(a) start-up of every command: median wall time of each command line over the median of `python -c pass` with the
    same interpreter (goal: at most 5);
(b) throughput: one batch invocation over a generated portfolio of 1,000 events files with 10 investors each,
    CSV written, over the floor of composing the same YAML files with PyYAML's C composer and writing one CSV row per
    investor in one process (goal: at most 1.5);
(c) growth: in-process time of the accrual engine as investors and years of uncured delay grow
    (goal: linear in periods and investors, not in days);
(d) every output of one deal with 10,000 investors (table, JSON, XLSX, ICS, HTML report) over its CSV (goal: at
    most 3);
(e) memory: peak memory to read and to price a 50 MB events file (goal: under 1 GB).
"""

from __future__ import annotations

import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
RRCALC = str(BIN / "rrcalc")
EXAMPLE = str(ROOT / "agreements" / "examples" / "2003-late-filing.yaml")


STARTUP = [
    ("agreements", ["agreements", "--format", "csv"]),
    ("show", ["show", "--agreement", "2003", "--format", "csv"]),
    ("readings", ["readings", "--agreement", "2003", "--format", "csv"]),
    ("deadlines", ["deadlines", "--events", EXAMPLE, "--format", "csv"]),
    ("penalties", ["penalties", "--events", EXAMPLE, "--format", "csv"]),
    ("penalties --compare-readings", ["penalties", "--events", EXAMPLE, "--compare-readings", "--format", "csv"]),
    ("suspensions --next --days 10", ["suspensions", "--events", EXAMPLE, "--next", "--days", "10", "--format",
                                      "csv"]),
    ("exposure (41 cure dates)", ["exposure", "--events", EXAMPLE, "--cure-from", "2003-08-21", "--cure-to",
                                  "2003-09-30", "--format", "csv"]),
    ("check (every embedded case)", ["check", "--format", "csv"]),
]

#: The floor of (b): read each events file, compose it with the C composer, write one CSV row per investor.
FLOOR = """
import csv, sys, yaml
out = csv.writer(open(sys.argv[1], "w", newline=""))
for path in sys.argv[2:]:
    node = yaml.compose(open(path, encoding="utf-8").read(), Loader=yaml.CSafeLoader)
    for key, value in node.value:
        if key.value == "investors":
            for inv in value.value:
                out.writerow([path] + [v.value for k, v in inv.value if k.value in ("name", "purchase_price")])
"""


def median_time(cmd: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def deal(rng: random.Random, investors: int) -> str:
    filed = date(2003, 8, 21) + timedelta(days=rng.randint(-3, 60))
    effective = filed + timedelta(days=rng.randint(20, 40))
    notice = effective - timedelta(days=rng.randint(0, 4))
    s1 = effective + timedelta(days=rng.randint(7, 20))
    e1 = s1 + timedelta(days=rng.randint(3, 20))
    s2 = e1 + timedelta(days=rng.randint(1, 30))
    lines = [
        'agreement: "2003"', "as_of: 2004-06-30", "events:",
        "  quarterly_report_filed: 2003-08-14", f"  registration_filed: {filed}",
        f"  sec_effectiveness_notice: {notice}", f"  registration_effective: {effective}", "suspensions:",
        f"  - {{start: {s1}, end: {e1}, notice: {s1 - timedelta(days=3)}}}",
        f"  - {{start: {s2}, end: {s2 + timedelta(days=rng.randint(3, 25))}, notice: {s2 - timedelta(days=1)}}}",
        "investors:",
    ]
    for i in range(investors):
        price = rng.randint(100_000, 5_000_000)
        lines.append(f"  - name: Investor {i:03d}")
        lines.append(f"    purchase_price: {price}.00")
        if rng.random() < 0.5:
            lines.append(f"    sales: [{{date: {effective + timedelta(days=rng.randint(1, 60))}, "
                         f"purchase_price: {price // 4}.00}}]")
    return "\n".join(lines) + "\n"


def engine_time(investors: int, years: int, repeat: int = 5) -> float:
    """In-process time to price one uncured late filing over ``years`` for ``investors`` investors."""
    from rrcalc import api
    from rrcalc.model.facts import FactsBody, Investor, bind

    a = api.load_agreement("2003")
    body = FactsBody(as_of=date(2003, 8, 21) + timedelta(days=365 * years),
                     events={"quarterly_report_filed": date(2003, 8, 14)},
                     investors=[Investor(f"I{i}", 1_000_000 + i) for i in range(investors)])
    facts = bind(body, a, None)
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        api.penalties(a, facts, {})
        best = min(best, time.perf_counter() - t0)
    return best


def big_events_file(path: Path, size: int) -> int:
    """Write an events file of about ``size`` bytes (one late filing, many investors); the number of investors."""
    rng = random.Random(50)
    head = deal(rng, 0)
    parts, total, i = [head], len(head), 0
    while total < size:
        price = rng.randint(100_000, 5_000_000)
        item = f"  - name: Investor {i:07d}\n    purchase_price: {price}.00\n"
        if i % 2:
            item += f"    sales: [{{date: 2003-12-01, purchase_price: {price // 4}.00}}]\n"
        parts.append(item)
        total += len(item)
        i += 1
    path.write_text("".join(parts))
    return i


def peak_memory_of_large_events_file(size_mb: int = 50) -> None:
    """(e) peak memory (max RSS) to read, build and check a ``size_mb`` MB events file, and to price it as CSV
    (goal: under 1 GB)."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "big.yaml"
        investors = big_events_file(path, size_mb * 1_000_000)
        load = ("import sys\nfrom rrcalc import api\na = api.load_agreement('2003')\n"
                "api.load_facts(sys.argv[1], a)\n")
        for label, cmd in (("load (parse, build, bind)", [sys.executable, "-c", load, str(path)]),
                           ("penalties --format csv", [RRCALC, "penalties", "--agreement", "2003", "--events",
                                                       str(path), "--format", "csv", "--output",
                                                       str(Path(tmp) / "out.csv")])):
            script = ("import resource, subprocess, sys, time\nt0 = time.perf_counter()\n"
                      "done = subprocess.run(sys.argv[1:], capture_output=True)\n"
                      "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024\n"
                      "print(done.returncode, peak, time.perf_counter() - t0)\n")
            out = subprocess.run([sys.executable, "-c", script, *cmd], capture_output=True, text=True, check=True)
            code, peak, elapsed = out.stdout.split()
            print(f"(e) {size_mb} MB events file ({investors:,} investors), {label}: peak {float(peak):,.0f} MiB "
                  f"in {float(elapsed):.1f} s (exit {code}; goal < 1 GB)")


def main() -> None:
    print("rrcalc benchmark (this machine:", subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip(),
          "cores)")
    # (a)
    runs = 15
    base = median_time([sys.executable, "-c", "pass"], runs)
    print(f"(a) start-up, over python -c pass ({base * 1000:.0f} ms here), goal at most 5:")
    for label, args in STARTUP:
        t = median_time([RRCALC, *args], runs)
        print(f"    {label:<34} {t * 1000:5.0f} ms  x{t / base:.1f}")
    # (b)
    rng = random.Random(20031001)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        files = []
        for n in range(1000):
            path = folder / f"deal{n:04d}.yaml"
            path.write_text(deal(rng, 10))
            files.append(str(path))
        out = folder / "portfolio.csv"
        t0 = time.perf_counter()
        done = subprocess.run([RRCALC, "penalties", "--agreement", "2003", "--format", "csv", "--output", str(out),
                               "--events", *files], capture_output=True, text=True)
        elapsed = time.perf_counter() - t0
        if done.returncode != 0:
            sys.exit(f"batch run failed: {done.stderr}")
        rows = out.read_text().count("\n") - 1
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        floor_script = folder / "floor.py"
        floor_script.write_text(FLOOR)
        t0 = time.perf_counter()
        subprocess.run([sys.executable, str(floor_script), str(folder / "floor.csv"), *files], check=True)
        floor = time.perf_counter() - t0
        print(f"(b) batch: 1,000 files x 10 investors in {elapsed:.2f} s ({10_000 / elapsed:,.0f} investor "
              f"scenarios/s, {rows:,} CSV rows, peak {peak:.0f} MiB); floor (C composer + one CSV row per "
              f"investor, one process) {floor:.2f} s: x{elapsed / floor:.2f} (goal at most 1.5)")
        # (d)
        big = folder / "big.yaml"
        big.write_text(deal(rng, 10_000))

        def timed(*args: str) -> float:
            t0 = time.perf_counter()
            subprocess.run([RRCALC, *args], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            return time.perf_counter() - t0

        as_csv = timed("penalties", "--events", str(big), "--format", "csv", "--output", str(folder / "big.csv"))
        outputs = {
            "table": timed("penalties", "--events", str(big), "--format", "table", "--output", str(folder / "big.txt")),
            "JSON": timed("penalties", "--events", str(big), "--output", str(folder / "big.json")),
            "XLSX": timed("penalties", "--events", str(big), "--output", str(folder / "big.xlsx")),
            "ICS": timed("penalties", "--events", str(big), "--output", str(folder / "big.ics")),
            "HTML report": timed("report", "--events", str(big), "--output", str(folder / "big.html")),
        }
        shown = ", ".join(f"{name} {t:.2f} s x{t / as_csv:.1f}" for name, t in outputs.items())
        print(f"(d) one deal, 10,000 investors, each output over its CSV ({as_csv:.2f} s; goal at most 3): {shown}")
    # (c)
    t10, t100, t1000 = (engine_time(n, 2) for n in (10, 100, 1000))
    print(f"(c) investors 10 -> 100 -> 1,000 (2 years uncured): {t10 * 1000:.1f} -> {t100 * 1000:.1f} -> "
          f"{t1000 * 1000:.1f} ms (x{t100 / t10:.1f}, x{t1000 / t100:.1f}; linear is x10)")
    y1, y10, y30 = (engine_time(10, y) for y in (1, 10, 30))
    print(f"    years uncured 1 -> 10 -> 30 (10 investors; 12, 122, 365 periods): {y1 * 1000:.2f} -> "
          f"{y10 * 1000:.2f} -> {y30 * 1000:.2f} ms (x{y10 / y1:.1f}, x{y30 / y10:.1f}; linear in periods is "
          "x10, x3)")
    # (e)
    peak_memory_of_large_events_file()


if __name__ == "__main__":
    main()
