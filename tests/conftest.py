"""Shared helpers: run the CLI in-process (typer's CliRunner) and write scenario files."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rrcalc.cli.app import app

ROOT = Path(__file__).resolve().parent.parent
AGREEMENTS = ROOT / "agreements"


@dataclass
class Run:
    code: int
    out: str
    err: str


def run(*args: str, env: dict[str, str] | None = None) -> Run:
    result = CliRunner().invoke(app, [str(a) for a in args], env=env, catch_exceptions=False)
    return Run(result.exit_code, result.stdout, result.stderr)


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
