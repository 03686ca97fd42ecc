"""Shared helpers: run the CLI in-process (the console entry point's own code path) or as the installed script,
write scenario files, and wait for a subprocess to reach an observable state.

``run`` goes through :func:`rrcalc.cli.main.run`, exactly what the ``rrcalc`` script runs, with stdout and
stderr captured; ``run_typer`` goes through the typer app built from the same declaration (help, and the
differential test that both front doors agree); ``console`` runs the installed ``rrcalc`` script itself in a
subprocess; ``poll_until`` waits for a condition a subprocess makes observable (never a fixed sleep).
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
AGREEMENTS = ROOT / "agreements"
#: The installed console script of the environment running the tests (``.venv/bin/rrcalc``).
RRCALC = Path(sys.executable).parent / "rrcalc"


@dataclass
class Run:
    code: int
    out: str
    err: str


def one_error(result: Run, *fragments: str) -> str:
    """Bad input: exit 2, exactly one line on stderr, nothing on stdout, no traceback."""
    assert result.code == 2, (result.code, result.out[-500:], result.err[-500:])
    assert result.out == ""
    assert "Traceback" not in result.err
    lines = result.err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("rrcalc: error: "), result.err
    for fragment in fragments:
        assert fragment in lines[0], (fragment, lines[0])
    return lines[0]


def run(*args: str, env: dict[str, str] | None = None) -> Run:
    """The console entry point's code path in-process: parse, validate, run, render."""
    import contextlib
    import io
    import os

    from rrcalc.cli.main import run as entry

    out, err = io.StringIO(), io.StringIO()
    saved = dict(os.environ)
    try:
        os.environ.update(env or {})
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = entry([str(a) for a in args])
    finally:
        os.environ.clear()
        os.environ.update(saved)
    return Run(code, out.getvalue(), err.getvalue())


def run_typer(*args: str, env: dict[str, str] | None = None) -> Run:
    """The typer app built from the same declaration."""
    from typer.testing import CliRunner

    from rrcalc.cli.app import app

    try:
        result = CliRunner().invoke(app, [str(a) for a in args], env=env, catch_exceptions=False)
        return Run(result.exit_code, result.stdout, result.stderr)
    except SystemExit as exc:  # our one-line usage errors exit from inside click's main
        return Run(int(exc.code or 0), "", "")


def console(*args: object, timeout: float = 120, **kw: Any) -> subprocess.CompletedProcess[str]:
    """The installed ``rrcalc`` script in a subprocess (text mode, output captured); ``kw`` goes to subprocess.run.
    The timeout is a generous deadline against a hang, never a measure of speed."""
    return subprocess.run([str(RRCALC), *map(str, args)], capture_output=True, text=True, timeout=timeout,
                          check=False, **kw)


def poll_until(proc: subprocess.Popen, condition: Callable[[], bool], what: str, deadline: float = 60) -> bool:
    """Wait until ``condition()`` holds while ``proc`` runs: True when it does, False when ``proc`` exits first.

    Between checks it waits on the process itself (so an exit is seen at once); if neither happens within the
    generous ``deadline`` (seconds) the test fails saying what it waited for, rather than asserting on time.
    """
    end = time.monotonic() + deadline
    while not condition():
        try:
            proc.wait(timeout=0.005)
            return condition()
        except subprocess.TimeoutExpired:
            pass
        if time.monotonic() > end:
            pytest.fail(f"waited {deadline:.0f} s for {what}; it never happened (pid {proc.pid} still running)")
    return True


@pytest.fixture
def cli():
    return run


@pytest.fixture
def write(tmp_path):
    def _write(name: str, text: str | bytes) -> Path:
        path = tmp_path / name
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path
    return _write
