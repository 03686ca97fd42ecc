"""The CLI reference in docs/ is generated from the code; this keeps it from drifting."""

from __future__ import annotations

from rrcalc.cli.docgen import reference

from .conftest import ROOT


def test_cli_reference_is_current():
    on_disk = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    assert on_disk == reference(), "docs/cli.md is stale: run `make docs`"


def test_every_command_is_documented():
    text = reference()
    for command in ("agreements", "show", "readings", "deadlines", "computation-dates", "penalties",
                    "suspensions", "check", "schema"):
        assert f"## `rrcalc {command}`" in text
