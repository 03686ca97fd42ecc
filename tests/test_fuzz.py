"""Robustness: generated agreement and events files fed to every command.

Whatever the input, rrcalc exits 0, 1 or 2; never prints a traceback; prints nothing on stdout for an
input error; never leaves a partial --output file. Output is byte-identical across runs and does not
depend on the locale or the time zone. Budget: a few hundred generated files per run (seconds).
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from . import procfs
from .conftest import AGREEMENTS, ROOT, poll_until, run

pytestmark = pytest.mark.slow  # the fuzz suite: hundreds of generated files and subprocesses

EXAMPLE = (AGREEMENTS / "examples" / "2003-late-filing.yaml").read_text()
KEYS = ["agreement", "as_of", "events", "suspensions", "investors", "investor_delays", "name", "purchase_price",
        "sales", "date", "start", "end", "notice", "kind", "quarterly_report_filed", "registration_filed",
        "registration_effective", "sec_effectiveness_notice", "bogus", "", "0"]
COMMANDS = [
    ["penalties", "-a", "2003", "-f", "csv"], ["computation-dates", "-a", "2003", "-f", "json"],
    ["deadlines", "-a", "2003", "-f", "csv"], ["suspensions", "-a", "2003", "-f", "table"],
    ["exposure", "-a", "2003", "--cure-from", "2003-08-20", "--cure-to", "2003-08-24", "-f", "csv"],
    ["check", "--agreement", "2003"],
]

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-10**30, max_value=10**30),
    st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)),
    st.text(max_size=12), st.sampled_from(["2003-02-30", "2003-10-06", "1e400", ".nan", "-5.00", "$1,000"]),
)
values = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.sampled_from(KEYS), inner, max_size=5)), max_leaves=20)


def check_run(argv: list[str], path, tmp_path) -> None:
    target = tmp_path / "out.txt"
    if target.exists():
        target.unlink()
    result = run(*argv, path, "--output", target) if argv[0] != "check" else run(*argv, path)
    assert result.code in (0, 1, 2), (argv, result)
    assert "Traceback" not in result.out + result.err
    if result.code == 2:
        assert result.out == ""
        assert not target.exists(), "a partial --output file was left"
        assert result.err.startswith("rrcalc: error: ") and result.err.count("\n") == 1


def events_arg(argv: list[str]) -> list[str]:
    return argv if argv[0] == "check" else [*argv, "--events"]


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.dictionaries(st.sampled_from(KEYS), values, max_size=6), command=st.sampled_from(COMMANDS))
def test_generated_events_files(tmp_path, data, command):
    path = tmp_path / "deal.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True))
    check_run(events_arg(command), path, tmp_path)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cut=st.integers(min_value=0, max_value=len(EXAMPLE)), insert=st.sampled_from([
    "", "\x00", ": :", "!!python/object/apply:os.system ['true']", "\n  - [", "{", "&a *a", "<<: *x",
    "\n  purchase_price: -1\n", "\nevents: {registration_filed: 2003-09-31}\n", "\t", "\ufeff", "🙂",
    "\n  registration_filed: 2003-09-15\n", "99999999999999999999999999999999.999999",
]), command=st.sampled_from(COMMANDS))
def test_mutated_example(tmp_path, cut, insert, command):
    path = tmp_path / "deal.yaml"
    path.write_text(EXAMPLE[:cut] + insert + EXAMPLE[cut:])
    check_run(events_arg(command), path, tmp_path)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(raw=st.binary(max_size=200), command=st.sampled_from(COMMANDS))
def test_arbitrary_bytes(tmp_path, raw, command):
    path = tmp_path / "deal.yaml"
    path.write_bytes(raw)
    check_run(events_arg(command), path, tmp_path)


AGREEMENT_2003 = (AGREEMENTS / "2003.yaml").read_text()


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(line=st.integers(min_value=0, max_value=AGREEMENT_2003.count("\n")), replacement=st.sampled_from([
    "", "  bogus: 1", "    value: -3", "    unit: furlongs", "x: [", "    rate: no_such_term",
    "      - {from_period: 0, rate: late_filing_rate}", "    anchor: nowhere", "  - !!python/name:os.system ''",
]))
def test_mutated_agreement(tmp_path, line, replacement):
    lines = AGREEMENT_2003.splitlines()
    lines[line:line + 1] = [replacement]
    path = tmp_path / "mine.yaml"
    path.write_text("\n".join(lines) + "\n")
    for argv in (["show", "--agreement", str(path), "-f", "json"], ["readings", "-a", str(path), "-f", "csv"],
                 ["penalties", "-a", str(path), "-f", "csv"]):
        result = run(*argv)
        assert result.code in (0, 2) and "Traceback" not in result.err
        if result.code == 2:
            assert result.out == ""
    result = run("check", path)
    assert result.code in (0, 1) and "Traceback" not in result.out + result.err


def _subprocess(args: list[str], env_extra: dict[str, str]) -> bytes:
    env = {k: v for k, v in os.environ.items() if k not in ("TZ", "LANG", "LC_ALL")}
    env.update(env_extra)
    done = subprocess.run([sys.executable, "-m", "rrcalc", *args], capture_output=True, env=env, check=True,
                          cwd=ROOT)
    return done.stdout


def test_output_is_byte_identical_across_runs_locales_and_time_zones():
    example = str(AGREEMENTS / "examples" / "2003-late-filing.yaml")
    for args in (["penalties", "-a", "2003", "-e", example, "-f", "csv"],
                 ["penalties", "-a", "2003", "-e", example, "-f", "json"],
                 ["deadlines", "-a", "2003", "-e", example, "-f", "ics"],
                 ["suspensions", "-a", "2003", "-e", example, "-f", "table"]):
        outputs = {
            _subprocess(args, {"TZ": "UTC", "LC_ALL": "C.UTF-8"}),
            _subprocess(args, {"TZ": "UTC", "LC_ALL": "C.UTF-8"}),
            _subprocess(args, {"TZ": "Pacific/Kiritimati", "LC_ALL": "de_DE.UTF-8", "LANG": "fr_FR.UTF-8"}),
            _subprocess(args, {"TZ": "America/New_York", "LC_ALL": "POSIX"}),
        }
        assert len(outputs) == 1, args


def test_the_default_as_of_date_does_not_depend_on_the_time_zone():
    # No as-of date given: "today" is New York's date, not the machine's.
    args = ["deadlines", "-a", "2003", "--event", "quarterly_report_filed=2003-08-14", "-f", "json"]
    assert len({_subprocess(args, {"TZ": tz}) for tz in ("Pacific/Kiritimati", "Pacific/Pago_Pago", "UTC")}) == 1


# -- hostile input: alias bombs, depth, devices, signals (through the real console entry point) -----------------

RRCALC = str(Path(sys.executable).parent / "rrcalc")


def _real(*args: str, timeout: float = 30) -> subprocess.CompletedProcess:
    return subprocess.run([RRCALC, *args], capture_output=True, text=True, timeout=timeout)


def _one_error_line(done: subprocess.CompletedProcess) -> None:
    assert done.returncode == 2, (done.returncode, done.stderr[-300:])
    assert done.stdout == "" and "Traceback" not in done.stderr
    assert len(done.stderr.splitlines()) == 1 and done.stderr.startswith("rrcalc: error: ")


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(levels=st.integers(min_value=1, max_value=12), width=st.integers(min_value=1, max_value=12),
       flow=st.booleans())
def test_alias_bombs(tmp_path, levels, width, flow):
    lines = ["a0: &a0 lol"]
    for i in range(1, levels + 1):
        refs = [f"*a{i - 1}"] * width
        lines.append(f"a{i}: &a{i} [{', '.join(refs)}]" if flow else
                     f"a{i}: &a{i}\n" + "".join(f"  - {r}\n" for r in refs).rstrip("\n"))
    path = tmp_path / "bomb.yaml"
    path.write_text("\n".join(lines) + "\n")
    _one_error_line(_real("penalties", "-a", "2003", "-e", str(path), "-f", "csv", timeout=20))


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(depth=st.integers(min_value=65, max_value=40_000), kinds=st.lists(st.sampled_from(["[", "{k: ", "- "]),
                                                                          min_size=1, max_size=3))
def test_deep_nesting(tmp_path, depth, kinds):
    openers = [kinds[i % len(kinds)] for i in range(depth)]
    if "- " in openers:  # block sequences nest by indentation
        text = "".join(" " * (2 * i) + "-\n" for i in range(min(depth, 2000))) + " " * 4000 + "x\n"
    else:
        text = "".join(openers) + "x" + "".join("]" if o == "[" else "}" for o in reversed(openers)) + "\n"
    path = tmp_path / "deep.yaml"
    path.write_text(text)
    done = _real("penalties", "-a", "2003", "-e", str(path), "-f", "csv")
    assert done.returncode == 2 and "Traceback" not in done.stderr and done.stdout == "", done.stderr[-300:]


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom", "/dev/null"])
def test_devices_as_inputs(device):
    for args in (["penalties", "-a", "2003", "-e", device, "-f", "csv"], ["show", "-a", device],
                 ["penalties", "-a", "2003", "-e", str(AGREEMENTS / "examples" / "2003-late-filing.yaml"),
                  "--prices", device]):
        done = _real(*args)
        if device == "/dev/null" and args[0] == "penalties" and "--prices" not in args:
            assert done.returncode == 0  # an empty events file: no facts
            continue
        _one_error_line(done)


@settings(max_examples=4, deadline=None)
@given(ticks=st.integers(min_value=0, max_value=40), sig=st.sampled_from([signal.SIGINT, signal.SIGTERM]))
def test_signals_at_any_moment(ticks, sig):
    # The moment is drawn in the process's own CPU time (clock ticks, 10 ms each), observed in /proc: whatever the
    # machine's load, it falls at the same point of the run (interpreter start-up, imports, parsing, pricing,
    # rendering) and never later than the run itself.
    example = str(AGREEMENTS / "examples" / "2003-late-filing.yaml")
    proc = subprocess.Popen([RRCALC, "penalties", "-a", "2003", "-e", example, "-f", "table"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        running = poll_until(proc, lambda: procfs.cpu_ticks(proc.pid) >= ticks, f"rrcalc to use {ticks} ticks of CPU")
        # rrcalc installs its SIGINT, SIGTERM and SIGHUP handlers together (rrcalc.cli.process.install); Python
        # itself installs none for SIGTERM, so a SIGTERM handler shows that rrcalc's are in place
        handled = running and procfs.catches(proc.pid, signal.SIGTERM)
        if running:
            proc.send_signal(sig)
        _out, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:  # a hang or a failure on the way: leave no process behind
            proc.kill()
            proc.communicate()
    if not running:  # the run ended before the moment came
        assert proc.returncode == 0, err
        return
    if handled:  # from the moment rrcalc's handlers are in place: one line and its exit code, or done first
        assert proc.returncode in (0, 130, 128 + sig), (proc.returncode, err)
        assert err in ("", "rrcalc: interrupted\n", "rrcalc: terminated by SIGTERM\n"), err
        assert (proc.returncode == 130) == (err == "rrcalc: interrupted\n")
        return
    if "Traceback" in err:
        # Only possible while the interpreter itself is still starting (site.py, the standard library), before any
        # rrcalc code runs and installs its handlers: no rrcalc frame may be in it.
        assert "KeyboardInterrupt" in err and not re.search(r"rrcalc[\\/](cli|model|engine|output|api)", err), err
        return
    # finished first (0), interrupted (130), terminated (143); before rrcalc installed its handlers the default
    # action applies (-signal number)
    assert proc.returncode in (0, 130, 128 + sig, -sig), (proc.returncode, err)
    if proc.returncode == 130:
        assert err == "rrcalc: interrupted\n"
