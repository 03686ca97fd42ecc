"""Signals during a parallel batch and during a large write, and work too long to finish, through the installed
console script (``.venv/bin/rrcalc``) as a subprocess.

A batch of 100 events files or more is priced by forked worker processes. Whatever signal rrcalc handles (SIGINT,
SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2), sent to the parent alone or to the whole process group, at any
moment once the workers run, the run ends promptly with exactly one line on stderr and exit 128 + n (130 for
Ctrl-C): no output file, no temporary file, no process of the run left, no traceback. A parent killed outright
takes its workers with it.

Every wait is for an observable condition (the workers exist, the temporary file appears, the process exited,
the session is empty) with a generous deadline; a deadline passing fails the test with what was left and kills it.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from .conftest import AGREEMENTS
from .terminal import on_terminal

RRCALC = str(Path(sys.executable).parent / "rrcalc")
EXAMPLE = AGREEMENTS / "examples" / "2003-late-filing.yaml"

#: How long rrcalc may take to start its workers or its write (a loaded 2-core machine), and to exit after the
#: signal; the exit is expected within a second, this bound only keeps a hang from hanging the suite.
START_DEADLINE = 60.0
EXIT_DEADLINE = 20.0

LINES = {signal.SIGINT: "rrcalc: interrupted"}


def _line(sig: signal.Signals) -> str:
    return LINES.get(sig, f"rrcalc: terminated by {sig.name}")


def _code(sig: signal.Signals) -> int:
    return 130 if sig == signal.SIGINT else 128 + sig


def _deal(investors: int) -> str:
    """The 2003 example's facts with ``investors`` Investors (more work per file, the same agreement)."""
    head = EXAMPLE.read_text(encoding="utf-8").split("investors:")[0]
    rows = "".join(f"  - name: Investor {i}\n    purchase_price: {1_000_000 + i}.00\n" for i in range(investors))
    return head + "investors:\n" + rows


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """1,000 events files of 20 Investors each: a few seconds of pricing on two cores, so that every signal
    below arrives while the workers are at work."""
    folder = tmp_path_factory.mktemp("batch")
    text = _deal(20)
    files = []
    for i in range(1000):
        path = folder / f"d{i:04d}.yaml"
        path.write_text(text, encoding="utf-8")
        files.append(str(path))
    return files


@pytest.fixture(scope="module")
def big_deal(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One events file of 50,000 Investors: its CSV is written for about a second."""
    path = tmp_path_factory.mktemp("big") / "big.yaml"
    path.write_text(_deal(50_000), encoding="utf-8")
    return path


# -- processes, seen through /proc --------------------------------------------------------------------------


def _stat(pid: int) -> tuple[str, int, int] | None:
    """(state, parent pid, session id) of ``pid``, or None when it is gone."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = text.rsplit(")", 1)[1].split()  # state, ppid, pgrp, session, ...
    return fields[0], int(fields[1]), int(fields[3])


def _session(sid: int) -> list[str]:
    """Every process of session ``sid`` (zombies included): "pid state parent"."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            st = _stat(int(entry))
            if st is not None and st[2] == sid:
                found.append(f"{entry} {st[0]} ppid={st[1]}")
    return found


def _children(pid: int) -> list[int]:
    out: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            out += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            pass
    return out


@dataclass
class Run:
    """An rrcalc process in a session of its own, its streams in files outside the output folder."""

    proc: subprocess.Popen[bytes]
    logs: Path

    @property
    def pid(self) -> int:
        return self.proc.pid

    def stderr(self) -> str:
        return (self.logs / "stderr").read_text(encoding="utf-8", errors="replace")

    def stdout(self) -> str:
        return (self.logs / "stdout").read_text(encoding="utf-8", errors="replace")

    def kill_all(self) -> None:
        """Kill everything left of the run (a failing test must not leave processes behind)."""
        for _ in range(3):
            for line in _session(self.pid):
                pid = int(line.split()[0])
                try:
                    os.kill(pid, signal.SIGKILL)
                except OSError:
                    pass
            if self.proc.poll() is None:
                try:
                    self.proc.wait(5)
                except subprocess.TimeoutExpired:
                    pass
            if not [s for s in _session(self.pid) if " Z " not in s]:
                return
            time.sleep(0.1)


@pytest.fixture
def start(tmp_path: Path) -> Iterator[Callable[..., Run]]:
    runs: list[Run] = []

    def _start(*args: str | Path) -> Run:
        logs = tmp_path / f"logs{len(runs)}"
        logs.mkdir()
        with open(logs / "stdout", "wb") as out, open(logs / "stderr", "wb") as err:
            proc = subprocess.Popen([RRCALC, *map(str, args)], stdin=subprocess.DEVNULL, stdout=out, stderr=err,
                                    start_new_session=True)
        run = Run(proc, logs)
        runs.append(run)
        return run

    yield _start
    for run in runs:
        run.kill_all()


def _wait_for(run: Run, condition: Callable[[], bool], what: str) -> None:
    """Wait until ``condition`` holds (the run still going), or fail saying what never happened."""
    deadline = time.monotonic() + START_DEADLINE
    while not condition():
        if run.proc.poll() is not None:
            pytest.fail(f"rrcalc exited ({run.proc.returncode}) before {what}; make the work larger. "
                        f"stderr: {run.stderr()[-500:]!r}")
        if time.monotonic() > deadline:
            run.kill_all()
            pytest.fail(f"{what}: not within {START_DEADLINE:.0f} s")
        time.sleep(0.002)


def _send(run: Run, sig: signal.Signals, to: str) -> float:
    if to == "group":
        os.killpg(run.pid, sig)  # as a terminal does: the parent and every worker
    else:
        os.kill(run.pid, sig)
    return time.monotonic()


def _exited(run: Run, since: float) -> float:
    """Seconds from ``since`` to the parent's exit (for a failure's message, never asserted on); fails, killing the
    run, past the deadline that keeps a hang from hanging the suite."""
    try:
        run.proc.wait(EXIT_DEADLINE)
    except subprocess.TimeoutExpired:
        left = _session(run.pid)
        run.kill_all()
        pytest.fail(f"rrcalc did not exit within {EXIT_DEADLINE:.0f} s of the signal (a hang); processes: {left}; "
                    f"stderr: {run.stderr()[-500:]!r}")
    return time.monotonic() - since


def _no_process_left(run: Run, zombies: bool = False) -> None:
    """Nothing of the session is left once the parent exited (waiting a moment for it to go). A parent reaps its
    workers before it exits, so not even a zombie stays; with ``zombies``, dead processes that the init process
    has still to reap (their parent was killed outright) do not count."""

    def alive() -> list[str]:
        return [p for p in _session(run.pid) if not (zombies and p.split()[1] == "Z")]

    deadline = time.monotonic() + 5
    while alive() and time.monotonic() < deadline:
        time.sleep(0.01)
    left = alive()
    if left:
        run.kill_all()
    assert not left, f"processes of the run left after it exited: {left}"


def _temporaries(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if p.name.startswith(".rrcalc-")]


def _assert_stopped(run: Run, sig: signal.Signals, out: Path) -> None:
    stderr = run.stderr()
    assert "Traceback" not in stderr and "Exception" not in stderr, stderr
    assert run.proc.returncode == _code(sig), (run.proc.returncode, stderr)
    assert stderr.splitlines() == [_line(sig)], stderr
    assert run.stdout() == ""
    assert not out.exists(), "an output file was written by an interrupted run"
    assert not _temporaries(out.parent), _temporaries(out.parent)
    _no_process_left(run)


# -- the parallel batch under signals ------------------------------------------------------------------------

CASES = [(sig, to, delay)
         for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
         for to in ("parent", "group")
         for delay in (0.0, 0.1)]
CASES += [(signal.SIGQUIT, "group", 0.05), (signal.SIGQUIT, "parent", 0.0), (signal.SIGUSR1, "group", 0.0),
          (signal.SIGUSR1, "parent", 0.05), (signal.SIGUSR2, "group", 0.05), (signal.SIGINT, "group", 0.3),
          (signal.SIGTERM, "parent", 0.3)]


@pytest.mark.slow
@pytest.mark.parametrize(("sig", "to", "delay"), CASES,
                         ids=[f"{s.name}-{to}-{d}s" for s, to, d in CASES])
def test_a_signal_stops_the_parallel_batch_cleanly(batch: list[str], start: Callable[..., Run], tmp_path: Path,
                                                   sig: signal.Signals, to: str, delay: float) -> None:
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    out = out_dir / "out.csv"
    run = start("penalties", "-f", "csv", "-o", out, *batch)
    _wait_for(run, lambda: bool(_children(run.pid)), "the workers started")
    if delay:
        time.sleep(delay)  # a later moment of the batch (not an assertion: the run must still be going)
    if run.proc.poll() is not None:
        pytest.fail(f"the batch finished ({run.proc.returncode}) before the signal; make it larger")
    since = _send(run, sig, to)
    _exited(run, since)
    _assert_stopped(run, sig, out)


@pytest.mark.slow
def test_a_parent_killed_outright_takes_its_workers_with_it(batch: list[str], start: Callable[..., Run],
                                                            tmp_path: Path) -> None:
    run = start("penalties", "-f", "csv", "-o", tmp_path / "out.csv", *batch)
    _wait_for(run, lambda: len(_children(run.pid)) >= 2, "the workers started")
    os.kill(run.pid, signal.SIGKILL)
    run.proc.wait(EXIT_DEADLINE)
    _no_process_left(run, zombies=True)  # the workers die at once (the kernel's parent-death signal)


@pytest.mark.slow
@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM])
def test_a_worker_killed_alone_stops_the_run_in_one_line(batch: list[str], start: Callable[..., Run],
                                                         tmp_path: Path, sig: signal.Signals) -> None:
    out = tmp_path / "out.csv"
    run = start("penalties", "-f", "csv", "-o", out, *batch)
    _wait_for(run, lambda: bool(_children(run.pid)), "the workers started")
    since = time.monotonic()
    os.kill(_children(run.pid)[0], sig)
    _exited(run, since)
    stderr = run.stderr()
    assert "Traceback" not in stderr and len(stderr.splitlines()) == 1, stderr
    if sig == signal.SIGKILL:  # as the kernel's out-of-memory killer does: not a signal rrcalc handles
        assert run.proc.returncode == 1, stderr
        assert stderr.startswith("rrcalc: error: a worker process") and "SIGKILL" in stderr, stderr
    else:
        assert run.proc.returncode == 143 and stderr == "rrcalc: terminated by SIGTERM\n", stderr
    assert not out.exists() and not _temporaries(tmp_path)
    _no_process_left(run)


# -- a large single write under signals ----------------------------------------------------------------------

WRITES = [(signal.SIGQUIT, "parent"), (signal.SIGUSR1, "parent"), (signal.SIGUSR2, "group"),
          (signal.SIGQUIT, "group"), (signal.SIGTERM, "group"), (signal.SIGINT, "parent")]


@pytest.mark.slow
@pytest.mark.parametrize(("sig", "to"), WRITES, ids=[f"{s.name}-{to}" for s, to in WRITES])
def test_a_signal_during_a_large_write_leaves_no_temporary_file(big_deal: Path, start: Callable[..., Run],
                                                                tmp_path: Path, sig: signal.Signals,
                                                                to: str) -> None:
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    out = out_dir / "bigout.csv"
    run = start("penalties", "-e", big_deal, "-o", out)
    _wait_for(run, lambda: bool(_temporaries(out_dir)), "the temporary output file appeared")
    since = _send(run, sig, to)
    _exited(run, since)
    _assert_stopped(run, sig, out)


# -- work that cannot finish in reasonable time is refused up front, long work shows progress ------------------


def test_an_exposure_too_large_is_refused_up_front_naming_the_limit(tmp_path: Path) -> None:
    deal = tmp_path / "inv1000.yaml"
    deal.write_text(_deal(1000), encoding="utf-8")
    # Refused before any pricing: the whole run would take half an hour, so the timeout fails a run that started.
    done = subprocess.run([RRCALC, "exposure", "-e", str(deal), "--cure-from", "2003-08-22", "--cure-to",
                           "2013-08-21"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and done.stdout == "", done.stderr
    lines = done.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("rrcalc: error: --cure-to: at most 50,000 cure dates"), lines
    assert "3,653 cure dates" in lines[0] and "1,000 Investors" in lines[0], lines


def test_an_exposure_within_the_limit_runs(tmp_path: Path) -> None:
    deal = tmp_path / "inv20.yaml"
    deal.write_text(_deal(20), encoding="utf-8")
    done = subprocess.run([RRCALC, "exposure", "-e", str(deal), "--cure-from", "2003-08-22", "--cure-to",
                           "2003-09-30", "-f", "csv"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and done.stderr == "", done.stderr
    assert len(done.stdout.splitlines()) == 1 + 40  # a header and one row per cure date


def _on_terminal_stderr(args: list[str]) -> tuple[int, str, str]:
    """Run rrcalc with stderr on a pseudo-terminal: (exit code, stdout, what the terminal received)."""
    env = {**os.environ, "TERM": "xterm"}
    env.pop("NO_COLOR", None)
    done = on_terminal(args, 100, 40, env=env, stream="stderr")
    return done.code, done.other, done.terminal


@pytest.mark.slow
def test_a_long_exposure_shows_progress_on_a_terminal_only(tmp_path: Path) -> None:
    deal = tmp_path / "inv5.yaml"
    deal.write_text(_deal(5), encoding="utf-8")
    args = ["exposure", "-e", str(deal), "--cure-from", "2003-08-22", "--cure-to", "2005-08-21", "-f", "csv"]
    code, out, terminal = _on_terminal_stderr(args)
    assert code == 0, terminal
    assert "pricing cure dates" in terminal, terminal[-500:]
    assert "pricing" not in out and len(out.splitlines()) == 1 + 731
    piped = subprocess.run([RRCALC, *args], capture_output=True, text=True, timeout=120)
    assert piped.returncode == 0 and piped.stderr == "" and piped.stdout == out


@pytest.mark.slow
def test_a_parallel_batch_shows_progress_on_stderr_never_in_the_report(batch: list[str], tmp_path: Path) -> None:
    code, out, terminal = _on_terminal_stderr(["penalties", "-f", "csv", *batch[:300]])
    assert code == 0, terminal
    assert "pricing events files" in terminal, terminal[-500:]
    assert out.startswith("scenario,") and "pricing" not in out and "\x1b" not in out
