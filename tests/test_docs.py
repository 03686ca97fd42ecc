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


def _property_names(node: object, out: set[str]) -> set[str]:
    if isinstance(node, dict):
        out.update(node.get("properties", {}))
        for value in node.values():
            _property_names(value, out)
    elif isinstance(node, list):
        for value in node:
            _property_names(value, out)
    return out


def test_the_encoding_guide_names_every_field_of_the_agreement_schema():
    """docs/encoding.md covers the whole schema: each property of `rrcalc schema agreement` is named in it,
    as `name` or `name:` (a field added to the schema without a word in the guide fails here)."""
    import re

    from rrcalc import api

    guide = (ROOT / "docs" / "encoding.md").read_text(encoding="utf-8")
    names = _property_names(api.schema("agreement"), set())
    assert len(names) > 100  # the walk found the schema's fields
    missing = sorted(n for n in names if not re.search(rf"(`{re.escape(n)}`|\b{re.escape(n)}:)", guide))
    assert not missing, f"docs/encoding.md never names: {', '.join(missing)}"


def test_the_guide_has_a_walkthrough_and_a_worked_example_per_amount_family():
    from rrcalc.model.agreement import AMOUNTS

    guide = (ROOT / "docs" / "encoding.md").read_text(encoding="utf-8")
    assert "How to encode a new agreement" in guide
    for family in AMOUNTS:
        assert f"amount: {family}" in guide or f"`amount: {family}`" in guide, family
