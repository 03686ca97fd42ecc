"""Shared helpers: run the CLI in-process (the console entry point's own code path) and write scenario files.

``run`` goes through :func:`rrcalc.cli.main.run`, exactly what the ``rrcalc`` script runs, with stdout and
stderr captured; ``run_typer`` goes through the typer app built from the same declaration (help, and the
differential test that both front doors agree); ``tests/test_entry.py`` runs the installed script itself.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
AGREEMENTS = ROOT / "agreements"


@dataclass
class Run:
    code: int
    out: str
    err: str


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
