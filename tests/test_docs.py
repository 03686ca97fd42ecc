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


def _sources() -> list:
    """Every source the code and the bundled agreements are made of: py, yaml and j2 under rrcalc/ and agreements/."""
    return sorted(p for top in ("rrcalc", "agreements") for p in (ROOT / top).rglob("*")
                  if p.suffix in (".py", ".yaml", ".j2") and "__pycache__" not in p.parts)


def test_nothing_cites_a_document_or_tracker_outside_the_repository():
    """A reader of the code, of `rrcalc show` or of the installed wheel has neither the domain specification that
    lived outside the repository ("SPEC §2") nor the issue tracker ("issue 10"): cite the agreement's clause or
    docs/conventions.md instead."""
    import re

    outside = re.compile(r"\bSPEC\b|(?i:\bissues? #?\d+)")  # the module rrcalc.cli.spec is not a citation
    sources = _sources()
    assert len(sources) > 40  # the walk found the package and the agreements
    found = [f"{p.relative_to(ROOT)}:{n}: {line.strip()}" for p in sources
             for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1) if outside.search(line)]
    assert not found, "citations a reader cannot follow:\n" + "\n".join(found)


def _anchor(heading: str) -> str:
    """The anchor a Markdown heading gets (GitHub's rule): lower case, punctuation dropped, spaces to hyphens."""
    import re

    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def test_every_cited_section_of_the_conventions_exists():
    """Each `docs/conventions.md#section` cited in rrcalc/ and agreements/ (and each link to a section in the docs
    and the README) names a heading of docs/conventions.md, so a citation can always be followed."""
    import re

    conventions = (ROOT / "docs" / "conventions.md").read_text(encoding="utf-8")
    anchors = {_anchor(m.group(1)) for m in re.finditer(r"^#{1,6} +(.+?) *$", conventions, re.MULTILINE)}
    assert {"day-counting", "rounding", "business-day-calendars", "readings", "per-agreement-decisions"} <= anchors
    cited = re.compile(r"docs/conventions\.md#([\w-]+)")
    linked = re.compile(r"\]\((?:docs/)?conventions\.md#([\w-]+)\)")
    citations = [(p, m.group(1)) for p in _sources() for m in cited.finditer(p.read_text(encoding="utf-8"))]
    assert len(citations) > 20  # the code does cite the conventions
    for doc in (ROOT / "README.md", ROOT / "docs" / "encoding.md"):
        citations += [(doc, m.group(1)) for m in linked.finditer(doc.read_text(encoding="utf-8"))]
    citations += [(ROOT / "docs" / "conventions.md", m.group(1))
                  for m in re.finditer(r"\]\(#([\w-]+)\)", conventions)]
    missing = sorted({f"{p.relative_to(ROOT)}: #{a}" for p, a in citations if a not in anchors})
    assert not missing, "sections cited but not headings of docs/conventions.md:\n" + "\n".join(missing)
