"""Hostile input and a hostile environment, through the real console entry point (`.venv/bin/rrcalc`).

An input error is exit 2, exactly one line on stderr starting `rrcalc: error: `, nothing on stdout, no traceback,
no stray temporary file.
"""

from __future__ import annotations

import csv
import io
import json
import os
import resource
import signal
import stat
import subprocess
import sys
import threading
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from . import procfs
from .conftest import AGREEMENTS, poll_until

RRCALC = str(Path(sys.executable).parent / "rrcalc")
EXAMPLE = AGREEMENTS / "examples" / "2003-late-filing.yaml"
AGREEMENT_2003 = (AGREEMENTS / "2003.yaml").read_text()


def rr(*args, env: dict | None = None, cwd=None, timeout: float = 60, **kw) -> subprocess.CompletedProcess:
    full_env = {**os.environ, **(env or {})}
    return subprocess.run([RRCALC, *map(str, args)], capture_output=True, text=True, env=full_env, cwd=cwd,
                          timeout=timeout, **kw)


def assert_input_error(done, *fragments: str) -> str:
    assert done.returncode == 2, (done.returncode, done.stdout[-500:], done.stderr[-500:])
    assert done.stdout == ""
    assert "Traceback" not in done.stderr
    lines = done.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("rrcalc: error: "), done.stderr
    for fragment in fragments:
        assert fragment in lines[0], (fragment, lines[0])
    assert "internal error" not in lines[0]
    return lines[0]


def no_temporaries(folder: Path) -> None:
    assert not [p.name for p in folder.iterdir() if p.name.startswith(".rrcalc-")]


def penalties(*extra, events=EXAMPLE):
    return ("penalties", "-a", "2003", "-e", events, "-f", "csv", *extra)


# -- the output writer ------------------------------------------------------------------------------

def test_devices_are_written_directly_never_replaced(tmp_path):
    done = rr(*penalties("-o", "/dev/null"))
    assert done.returncode == 0, done.stderr
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)
    done = rr(*penalties("-o", "/dev/stdout"))
    assert done.returncode == 0 and done.stdout.startswith("investor,track,"), done.stderr
    assert_input_error(rr(*penalties("-o", "/dev/full")), "/dev/full", "No space left on device")
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)


def test_a_fifo_is_written_directly(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    done = rr(*penalties("-o", fifo))
    reader.join(30)
    assert done.returncode == 0, done.stderr
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert got[0].startswith(b"investor,track,")
    no_temporaries(tmp_path)


def test_modes_umask_symlinks_and_read_only_targets(tmp_path):
    existing = tmp_path / "report.csv"
    existing.write_text("old\n")
    existing.chmod(0o644)
    assert rr(*penalties("-o", existing)).returncode == 0
    assert stat.S_IMODE(existing.stat().st_mode) == 0o644  # kept, not 0600
    assert existing.read_text().startswith("investor,")
    new = tmp_path / "new.csv"
    done = subprocess.run([RRCALC, *map(str, penalties("-o", new))], capture_output=True, text=True,
                          preexec_fn=lambda: os.umask(0o027))
    assert done.returncode == 0
    assert stat.S_IMODE(new.stat().st_mode) == 0o640  # 0666 less the umask, as `>` does
    target = tmp_path / "target.csv"
    target.write_text("old\n")
    target.chmod(0o600)
    link = tmp_path / "link.csv"
    link.symlink_to(target.name)
    assert rr(*penalties("-o", link)).returncode == 0
    assert link.is_symlink() and target.read_text().startswith("investor,")  # written through the link
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    locked = tmp_path / "locked.csv"
    locked.write_text("keep me\n")
    locked.chmod(0o444)
    assert_input_error(rr(*penalties("-o", locked)), "locked.csv", "read-only")
    assert locked.read_text() == "keep me\n"  # even root does not replace it
    no_temporaries(tmp_path)


def test_output_equal_to_an_input_is_refused(tmp_path):
    events = tmp_path / "deal.yaml"
    events.write_text(EXAMPLE.read_text())
    before = events.read_bytes()
    assert_input_error(rr(*penalties("-o", events, events=events)), "deal.yaml", "one of the input files")
    assert events.read_bytes() == before
    agreement = tmp_path / "mine.yaml"
    agreement.write_text(AGREEMENT_2003)
    alias = tmp_path / "alias.yaml"
    alias.symlink_to(agreement.name)
    assert_input_error(rr("show", "-a", agreement, "-f", "json", "-o", alias), "one of the input files")
    assert agreement.read_text() == AGREEMENT_2003


def test_long_names_and_empty_names(tmp_path):
    name = "x" * 246 + ".csv"  # 250 characters: the temporary name must not be longer
    assert rr(*penalties("-o", name), cwd=tmp_path).returncode == 0
    assert (tmp_path / name).read_text().startswith("investor,")
    assert_input_error(rr(*penalties("-o", "")), "--output", "empty file name")
    no_temporaries(tmp_path)


def test_exposure_plot_is_not_written_when_the_run_fails(tmp_path):
    locked = tmp_path / "locked.csv"
    locked.write_text("keep\n")
    locked.chmod(0o444)
    plot = tmp_path / "plot.svg"
    done = rr("exposure", "-a", "2003", "-e", EXAMPLE, "--cure-from", "2003-08-20", "--cure-to", "2003-08-24",
              "-f", "csv", "-o", locked, "--plot", plot)
    assert_input_error(done, "read-only")
    assert not plot.exists()


# -- YAML and input limits --------------------------------------------------------------------

def _budget(cpu_seconds: int, mebibytes: int):
    """A ``preexec_fn`` limiting the child's CPU time and address space (resource budgets, not a clock)."""
    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 5))
        resource.setrlimit(resource.RLIMIT_AS, (mebibytes << 20, mebibytes << 20))
    return limit


def test_alias_bombs_are_refused_before_any_expansion(tmp_path):
    levels = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    levels += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 9)]  # 10^9 leaves
    bomb = tmp_path / "bomb.yaml"
    bomb.write_text("\n".join(levels) + "\n")
    # Refused at the first anchor (line 1), before any alias is followed: walking the 10^9 leaves would take far more
    # than a budget of 20 seconds of the process's own CPU time (the kernel stops it with SIGXCPU) and 256 MiB of
    # address space (it would fail with MemoryError), which reading, refusing and reporting fit in many times over.
    done = rr(*penalties(events=bomb), preexec_fn=_budget(cpu_seconds=20, mebibytes=256))
    assert done.returncode not in (-signal.SIGXCPU, -signal.SIGKILL), "the aliases were followed: out of CPU budget"
    assert_input_error(done, "bomb.yaml:1:", "anchors and aliases")
    loop = tmp_path / "loop.yaml"
    loop.write_text("events: &r [*r]\n")
    assert_input_error(rr(*penalties(events=loop)), "loop.yaml:1:", "anchors and aliases")
    agreement = tmp_path / "agreement.yaml"
    agreement.write_text(AGREEMENT_2003.replace("    value: 30\n", "    value: &thirty 30\n", 1))
    assert_input_error(rr("show", "-a", agreement), "agreement.yaml:", "anchors and aliases")


@pytest.mark.parametrize("opener", ["[", "{a: "])
def test_deep_nesting_is_an_input_error_not_a_crash(tmp_path, opener):
    closer = "]" if opener == "[" else "}"
    for depth in (100, 1_000, 30_000):
        deep = tmp_path / "deep.yaml"
        deep.write_text(opener * depth + closer * depth + "\n")
        assert_input_error(rr(*penalties(events=deep)), "deep.yaml:1:", "nested more than 64 levels")
    done = rr("check", deep)
    assert done.returncode == 1 and "Traceback" not in done.stdout + done.stderr
    assert "FAIL" in done.stdout and "nested more than" in done.stdout


@pytest.mark.slow  # reads 10 MiB from /dev/zero, four times
def test_endless_devices_and_symlink_loops(tmp_path):
    for args in (penalties(events="/dev/zero"), ("show", "-a", "/dev/zero"),
                 penalties("--prices", "/dev/zero")):
        assert_input_error(rr(*args, timeout=30), "/dev/zero", "more than 10 MiB")
    done = rr("check", "/dev/zero", timeout=30)
    assert done.returncode == 1 and "more than 10 MiB" in done.stdout
    (tmp_path / "a.yaml").symlink_to("b.yaml")
    (tmp_path / "b.yaml").symlink_to("a.yaml")
    assert_input_error(rr(*penalties(events=tmp_path / "a.yaml")), "a.yaml", "symbolic links")
    done = rr("check", "a.yaml", cwd=tmp_path)
    assert done.returncode == 1 and "Traceback" not in done.stderr and "symbolic links" in done.stdout


@pytest.mark.slow
def test_a_large_file_still_names_the_line(tmp_path):
    # Over 1 MiB the marks are found again on demand (rrcalc.model.yamlsrc.EAGER_MARKS_BYTES).
    lines = ['agreement: "2003"', "as_of: 2004-01-31", "events:", "  quarterly_report_filed: 2003-08-14",
             "investors:"]
    lines += [f"  - {{name: Investor {i:06d}, purchase_price: 1000.00}}" for i in range(25_000)]
    lines.append("  - {name: Investor 000007, purchase_price: 5.00}")
    big = tmp_path / "big.yaml"
    big.write_text("\n".join(lines) + "\n")
    assert big.stat().st_size > 1024 * 1024
    assert_input_error(rr(*penalties(events=big)), f"big.yaml:{len(lines)}:", "investors[25000].name",
                       "listed twice")


def test_prices_csv_with_a_byte_order_mark_and_bounds(tmp_path):
    prices = tmp_path / "prices.csv"
    rows = ["date,closing_bid"] + [f"2003-{m:02d}-{d:02d},2.50" for m in range(7, 13) for d in range(1, 31)]
    prices.write_bytes(b"\xef\xbb\xbf" + "\n".join(rows).encode() + b"\n")
    done = rr(*penalties("--prices", prices))
    assert done.returncode == 0, done.stderr
    assert "periodic_amount_shares" in done.stdout
    prices.write_text("date,closing_bid\n2003-08-14,1e400\n")
    assert_input_error(rr(*penalties("--prices", prices)), "prices.csv:2", "closing_bid", "digits")
    prices.write_text("date,closing_bid\n9999-12-31,2.50\n")
    assert_input_error(rr(*penalties("--prices", prices)), "prices.csv:2", "date", "1990-2035")


# -- numbers and dates -----------------------------------------------------------------------------

def events_with(tmp_path, investor_line: str = "    purchase_price: 2000000.00", extra: str = "") -> Path:
    text = EXAMPLE.read_text()
    path = tmp_path / "deal.yaml"
    path.write_text(text.replace("    purchase_price: 2000000.00", investor_line) + extra)
    return path


@pytest.mark.parametrize(("value", "fragment"), [
    ("1000000000000000000000000000000", "more than 15 digits"),        # 10^30
    ("1" * 31 + ".00", "more than 15 digits"),
    ("1" * 5000, "at most 40"),                                          # beyond int() limits
    ("1.0e+400", "more than 15 digits"),
    ("0.00000001", "decimal places"),
])
def test_amounts_out_of_bounds_name_the_field(tmp_path, value, fragment):
    assert "purchase_price: 2000000.00" in EXAMPLE.read_text()
    path = events_with(tmp_path, f"    purchase_price: {value}")
    assert_input_error(rr(*penalties(events=path)), "deal.yaml:", "purchase_price", fragment)


def test_exponent_hint_speaks_of_plain_digits(tmp_path):
    line = assert_input_error(rr(*penalties(events=events_with(tmp_path, "    purchase_price: 1.5e6"))),
                              "purchase_price", "plain digits")
    assert "quotes" not in line and "separators" not in line


def test_negative_zero_prints_as_zero(tmp_path):
    path = tmp_path / "zero.yaml"
    path.write_text('as_of: 2004-01-31\nevents: {quarterly_report_filed: 2003-08-14}\n'
                    "investors: [{name: Z, purchase_price: -0.0}]\n")
    for fmt in ("csv", "json", "table"):
        done = rr("penalties", "-a", "2003", "-e", path, "-f", fmt)
        assert done.returncode == 0, done.stderr
        assert "-0.0" not in done.stdout, fmt
    # 1% × 0 × 30/30 = 0.00 for every period
    assert ",0.00," in rr("penalties", "-a", "2003", "-e", path, "-f", "csv").stdout


def test_dates_outside_the_calendar_years_name_file_line_field_or_option(tmp_path):
    text = EXAMPLE.read_text()
    path = tmp_path / "deal.yaml"
    path.write_text(text.replace("as_of: 2004-01-31", "as_of: 9999-12-31"))
    assert "as_of: 9999-12-31" in path.read_text()
    assert_input_error(rr(*penalties(events=path)), "deal.yaml:", "field 'as_of'", "1990-2035")
    assert_input_error(rr(*penalties("--as-of", "9999-12-31")), "--as-of", "1990-2035")
    assert_input_error(rr("deadlines", "-a", "2003", "--event", "quarterly_report_filed=1900-01-02"),
                       "--event quarterly_report_filed", "1990-2035")


def test_late_payment_interest_stops_at_the_as_of_date(tmp_path):
    # 2024 (3(d)): 1% per 30 days on the 20,000 due 2024-05-10. Paid on 2035-12-31, after the as-of date
    # 2025-03-31: at the as-of date it is still unpaid, 325 days late: 20,000 × 1% × 325/30 = 2,166.67
    # (never interest up to 2035).
    path = tmp_path / "deal.yaml"
    path.write_text('agreement: "2024"\nas_of: 2025-03-31\nevents: {registration_filed: 2024-04-01}\n'
                    "investors: [{name: H, purchase_price: 2000000.00}]\n"
                    "payments: [{investor: H, date: 2035-12-31, amount: 20000.00}]\n")
    done = rr("penalties", "-a", "2024", "-e", path, "-f", "json")
    assert done.returncode == 0, done.stderr
    first = json.loads(done.stdout)["periods"][0]
    assert first["payment_due"] == "2024-05-10" and first["interest"] == "2166.67"
    path.write_text(path.read_text().replace("2035-12-31", "9999-12-31"))
    assert_input_error(rr("penalties", "-a", "2024", "-e", path), "deal.yaml:5:", "payments[0].date")


# -- agreements the schema accepts but the engine cannot run ------------------------------------------

def _mutate(old: str, new: str) -> str:
    assert old in AGREEMENT_2003, old
    return AGREEMENT_2003.replace(old, new, 1)


BROKEN_AGREEMENTS = {
    "self_anchor": (_mutate("rule: {anchor: registration_filed, business_days: -3}",
                            "rule: {anchor: counsel_review, business_days: -3}"), "depends on itself"),
    "cycle": (_mutate("rule: {anchor: registration_filed, business_days: -3}",
                      "rule: {anchor: initial_required_effective_date, business_days: -3}").replace(
        "rule: {anchor: sec_effectiveness_notice, days: 5}", "rule: {anchor: counsel_review, days: 5}", 1),
        "depends on itself"),
    "huge_days": (_mutate("rule: {anchor: sec_effectiveness_notice, days: 5}",
                          "rule: {anchor: sec_effectiveness_notice, days: 1000000000000}"), "36,600"),
    "huge_months": (_mutate("rule: {anchor: sec_effectiveness_notice, days: 5}",
                            "rule: {anchor: sec_effectiveness_notice, months: 100000000}"), "1,200"),
    "deep_earliest": (_mutate("rule: {anchor: sec_effectiveness_notice, days: 5}",
                              "rule: " + "{earliest_of: [" * 6 + "{anchor: sec_effectiveness_notice}"
                              + "]}" * 6), "nested more than 4"),
    "very_deep_earliest": (_mutate("rule: {anchor: sec_effectiveness_notice, days: 5}",
                                   "rule: " + "{earliest_of: [" * 400 + "{anchor: sec_effectiveness_notice}"
                                   + "]}" * 400), "nested more than 64"),
    "zero_period": (_mutate("    value: 30\n    unit: days\n    reference:\n      section: \"2(b)(vii)\"",
                            "    value: 0\n    unit: days\n    reference:\n      section: \"2(b)(vii)\""),
                    "more than 0"),
    "huge_period": (_mutate("    value: 30\n    unit: days\n    reference:\n      section: \"2(b)(vii)\"",
                            "    value: 30000\n    unit: days\n    reference:\n      section: \"2(b)(vii)\""),
                    "at most 366"),
    "zero_bid_days": (_mutate("    value: 5\n    unit: trading_days", "    value: 0\n    unit: trading_days"),
                      "more than 0"),
    "zero_share_price": (_mutate("    value: 90\n    unit: percent", "    value: 0\n    unit: percent"),
                         "more than 0"),
    "absurd_rate": (_mutate("    value: 1\n    unit: percent", "    value: 999999999999999\n    unit: percent"),
                    "more than rrcalc accepts"),
    "rate_1e30": (_mutate("    value: 1\n    unit: percent", "    value: 1.0e+30\n    unit: percent"),
                  "not a number within rrcalc's bounds"),
    "rate_over_100": (_mutate("    value: 1\n    unit: percent", "    value: 150\n    unit: percent"),
                      "at most 100%"),
}


@pytest.mark.parametrize("case", sorted(BROKEN_AGREEMENTS))
def test_check_fails_agreements_the_engine_cannot_run(tmp_path, case):
    text, fragment = BROKEN_AGREEMENTS[case]
    path = tmp_path / "broken.yaml"
    path.write_text(text)
    done = rr("check", path, "-f", "csv")
    assert done.returncode == 1, (done.stdout[-800:], done.stderr)
    assert "Traceback" not in done.stdout + done.stderr and "internal error" not in done.stdout + done.stderr
    failed = [r for r in csv.DictReader(io.StringIO(done.stdout)) if r["result"] == "FAIL"]
    assert len(failed) == 1 and failed[0]["file"].endswith("broken.yaml"), failed
    assert "broken.yaml:" in failed[0]["detail"] and fragment in failed[0]["detail"], failed[0]["detail"]
    assert_input_error(rr("penalties", "-a", path, "--purchase-price", "1000", "--event",
                          "quarterly_report_filed=2003-08-14", "--as-of", "2004-01-31"), "broken.yaml:", fragment)


# -- signals and streams --------------------------------------------------------------------------

def _batch(tmp_path, n: int) -> list[str]:
    text = EXAMPLE.read_text()
    files = []
    for i in range(n):
        p = tmp_path / f"d{i:04d}.yaml"
        p.write_text(text)
        files.append(str(p))
    return files


def _communicate_or_fail(proc: subprocess.Popen, what: str) -> tuple[str, str]:
    """The process's output once it exits; if it has not exited 60 s after ``what``, kill its group and fail."""
    try:
        return proc.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        _out, err = proc.communicate()
        pytest.fail(f"rrcalc was still running 60 s after {what}: it hangs (stderr: {err[-500:]!r})")


@pytest.mark.slow
@pytest.mark.parametrize(("sig", "code", "line"), [(signal.SIGINT, 130, "rrcalc: interrupted"),
                                                    (signal.SIGTERM, 143, "rrcalc: terminated by SIGTERM"),
                                                    (signal.SIGHUP, 129, "rrcalc: terminated by SIGHUP")])
def test_signals_during_a_parallel_batch(tmp_path, sig, code, line):
    workers = min(os.cpu_count() or 1, 8)  # as rrcalc.cli.commands sizes its pool
    if workers < 2:
        pytest.skip("one core: rrcalc prices the batch in one process, there is no pool to signal")
    files = _batch(tmp_path, 1500)
    out = tmp_path / "out.csv"
    proc = subprocess.Popen([RRCALC, "penalties", "-a", "2003", "-f", "csv", "-o", str(out), "-e", *files],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)

    def pricing() -> bool:
        # every worker forked and initialised (it ignores SIGINT, rrcalc.cli.process.worker_init), and at least one
        # has used two clock ticks of CPU since its fork: the pool is up and the batch is being priced
        kids = procfs.children(proc.pid)
        return (len(kids) >= workers and all(procfs.ignores(k, signal.SIGINT) for k in kids)
                and any(procfs.cpu_ticks(k) >= 2 for k in kids))

    try:
        if not poll_until(proc, pricing, f"{workers} pool workers pricing the batch"):
            pytest.skip("the batch finished before its workers were seen pricing (a very fast machine)")
        os.killpg(proc.pid, sig)  # as a terminal does: the whole process group, workers included
        stdout, stderr = _communicate_or_fail(proc, f"{sig.name} to its process group")
    finally:
        if proc.poll() is None:  # the test failed on the way: leave no process of the run behind
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
    if proc.returncode == 0:
        pytest.skip("the batch finished before the signal arrived (a very fast machine)")
    assert proc.returncode == code, stderr
    assert stderr.splitlines() == [line] and "Traceback" not in stderr
    assert stdout == "" and not out.exists()
    no_temporaries(tmp_path)


@pytest.mark.slow
def test_sigterm_during_the_write_removes_the_temporary_file(tmp_path):
    # The writer registers its temporary file; the SIGTERM handler removes it (rrcalc.cli.process).
    script = ("import sys\nfrom rrcalc.cli.process import guard\nfrom rrcalc.output.files import write_output\n"
              "data = b'x' * (400 * 1024 * 1024)\nwith guard():\n    print('go', file=sys.stderr, flush=True)\n"
              "    write_output(data, 'big.out')\n")
    proc = subprocess.Popen([sys.executable, "-c", script], cwd=tmp_path, stderr=subprocess.PIPE, text=True)
    try:
        assert proc.stderr is not None and proc.stderr.readline() == "go\n"
        writing = poll_until(proc, lambda: any(p.name.startswith(".rrcalc-") for p in tmp_path.iterdir()),
                             "the temporary file of the write to appear")
        assert writing, "the 400 MiB write ended before its temporary file was seen"
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(60) == 143
        assert proc.stderr.read() == "rrcalc: terminated by SIGTERM\n"
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert not (tmp_path / "big.out").exists()
    no_temporaries(tmp_path)


def _shell(command: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(["sh", "-c", command], capture_output=True, text=True, env={**os.environ, **(env or {})},
                          timeout=60)


def test_stream_conditions_are_not_internal_errors(tmp_path):
    base = f"{RRCALC} penalties -a 2003 -e {EXAMPLE} -f csv"
    done = _shell(f"{base} >&-")
    assert done.returncode == 2 and done.stderr.splitlines() == [
        "rrcalc: error: cannot write to standard output: standard output is closed (use --output FILE)"]
    done = _shell(f"{base} > /dev/full")
    assert done.returncode == 2
    assert done.stderr.splitlines() == ["rrcalc: error: cannot write to standard output: No space left on device"]
    # a warning (no investors) with stderr closed: the report is still written, exit 0
    done = _shell(f"{RRCALC} penalties -a 2003 --event quarterly_report_filed=2003-08-14 --as-of 2004-01-31 "
                  "-f csv 2>&-")
    assert done.returncode == 0 and done.stdout.startswith("investor,")
    done = _shell(f"{base} | head -c 10")
    assert done.returncode == 0 and done.stderr == ""
    done = _shell(f"{base.replace('csv', 'json')}", env={"PYTHONIOENCODING": "ascii"})  # '§' and '×' in rules
    assert done.returncode == 2 and done.stdout == ""
    assert len(done.stderr.splitlines()) == 1 and "encoding (ascii)" in done.stderr
    assert "internal error" not in done.stderr


# -- injection ----------------------------------------------------------------------------------------

def test_csv_cells_that_look_like_formulas_are_neutralised(tmp_path):
    path = events_with(tmp_path, "    purchase_price: 2000000.00").read_text()
    evil = path.replace("SF Capital Partners Ltd.", '"=HYPERLINK(\\"http://x\\",\\"y\\")"')
    (tmp_path / "evil.yaml").write_text(evil)
    done = rr(*penalties(events=tmp_path / "evil.yaml"))
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    assert rows[0]["investor"] == "'=HYPERLINK(\"http://x\",\"y\")"
    assert rows[0]["amount"] == "16666.67"  # 2,000,000 × 1% × 25/30; numbers are left as they are


def test_control_characters_never_reach_the_terminal(tmp_path):
    text = EXAMPLE.read_text().replace("SF Capital Partners Ltd.", '"Evil\\e[2J\\e]0;pwned\\aCo"')
    path = tmp_path / "esc.yaml"
    path.write_text(text)
    done = rr("penalties", "-a", "2003", "-e", path, "-f", "table")
    assert done.returncode == 0, done.stderr
    assert "\x1b" not in done.stdout and "\x07" not in done.stdout and "Evil\\x1b[2J" in done.stdout
    bad = tmp_path / "bad.yaml"
    bad.write_text('"\\e[31mred": 1\n')
    line = assert_input_error(rr(*penalties(events=bad)))
    assert "\x1b" not in line and "\\x1b[31mred" in line


def test_check_output_has_no_control_characters(tmp_path):
    name = tmp_path / "evil\x1b[31mname.yaml"
    name.write_text('agreement: "2003"\nevents: {bogus: 2003-01-01}\n', encoding="utf-8")
    for args in ((), ("--format", "github"), ("--quiet",)):
        done = rr("check", name, *args)
        assert "\x1b" not in done.stdout + done.stderr and "evil\\x1b[31mname.yaml" in done.stdout
    junit = tmp_path / "report.xml"
    rr("check", name, "--junit", junit)
    assert ET.parse(junit).getroot() is not None  # well-formed


def _agreement_with_id(tmp_path, new_id: str) -> Path:
    path = tmp_path / "evil.yaml"
    path.write_text(AGREEMENT_2003.replace('id: "2003"', f"id: {json.dumps(new_id)}", 1))
    return path


def test_ics_uid_and_text_cannot_inject_an_event(tmp_path):
    agreement = _agreement_with_id(tmp_path, "x")  # an id holds no line break (refused): the deal's name carries it
    events = tmp_path / "deal.yaml"
    events.write_text(EXAMPLE.read_text().replace(
        'agreement: "2003"', 'deal: "x\\r\\nEND:VEVENT\\r\\nBEGIN:VEVENT\\r\\nSUMMARY:injected"'))
    raw = subprocess.run([RRCALC, "deadlines", "-a", str(agreement), "-e", str(events), "-f", "ics"],
                         capture_output=True, timeout=60)
    assert raw.returncode == 0, raw.stderr
    lines = raw.stdout.decode().split("\r\n")
    dated = json.loads(rr("deadlines", "-a", agreement, "-e", events, "-f", "json").stdout)["deadlines"]
    assert lines.count("BEGIN:VEVENT") == len([d for d in dated if d["due"]])
    assert not any(line.startswith("SUMMARY:injected") for line in lines)
    import icalendar

    cal = icalendar.Calendar.from_ical(raw.stdout)
    assert len(cal.walk("VEVENT")) == lines.count("BEGIN:VEVENT")
    assert "END:VEVENT BEGIN:VEVENT SUMMARY:injected" in str(cal["X-WR-CALNAME"])  # there, as text


def test_svg_stays_well_formed(tmp_path):
    agreement = _agreement_with_id(tmp_path, "x\x1b[31m<&>\"'")
    events = tmp_path / "deal.yaml"
    events.write_text(EXAMPLE.read_text().replace('agreement: "2003"', ""))
    plot = tmp_path / "plot.svg"
    done = rr("exposure", "-a", agreement, "-e", events, "--cure-from", "2003-08-20", "--cure-to", "2003-08-24",
              "-f", "csv", "--plot", plot)
    assert done.returncode == 0, done.stderr
    texts = [t.text or "" for t in ET.parse(plot).getroot().iter("{http://www.w3.org/2000/svg}text")]
    assert any(t.startswith("Agreement x[31m<&>\"'") for t in texts), texts  # ESC dropped, markup as text
