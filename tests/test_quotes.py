"""Quotes checked against the agreement's text (docs/encoding.md, "Quotes checked against the text"): every bundled
agreement's quotes against its public exhibit, a changed word and a wrong section found at their line, the
normalisation of whitespace, line-end hyphenation, curly quotes and capitals, elisions, and --text misuse."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from .conftest import AGREEMENTS, ROOT, run

#: The bundled agreements' texts, the public exhibits, kept beside the repository (not in it).
TEXTS = ROOT.parent / "shared" / "agreements-text"
needs_texts = pytest.mark.skipif(
    not TEXTS.is_dir(), reason=f"the bundled agreements' texts are not here ({TEXTS} is missing): they are the public "
                               "exhibits kept beside the repository, not in it, so their quotes cannot be verified")
IDS = sorted(p.stem for p in AGREEMENTS.glob("*.yaml"))


def _count_references(node: Any, under_reference: bool = False) -> int:
    """The ``reference`` mappings (section and quote) of an agreement's YAML data, counted independently of rrcalc."""
    if isinstance(node, dict):
        here = int(under_reference and "section" in node and "quote" in node)
        return here + sum(_count_references(v, k == "reference") for k, v in node.items())
    if isinstance(node, list):
        return sum(_count_references(v) for v in node)
    return 0


def _source(ident: str) -> str:
    return str(yaml.safe_load((AGREEMENTS / f"{ident}.yaml").read_text(encoding="utf-8"))["source"])


def _remark(out: str, file: str) -> str:
    """The line under an agreement's "is valid" line in `check`'s output: what was verified of its quotes."""
    lines = out.splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith(f"PASS  {file}  agreement ") and
              line.endswith(" is valid"))
    return lines[at + 1].strip()


@needs_texts
@pytest.mark.parametrize("ident", IDS)
def test_each_bundled_agreement_verifies_against_its_text(ident, monkeypatch):
    monkeypatch.chdir(ROOT)
    data = yaml.safe_load((AGREEMENTS / f"{ident}.yaml").read_text(encoding="utf-8"))
    quotes = _count_references(data)
    assert quotes > 20  # every term, obligation and track carries one
    result = run("check", "--agreement", ident, "--text", TEXTS / _source(ident))
    assert result.code == 0, result.out
    assert result.out.splitlines()[-1].endswith(" passed, 0 failed")
    assert _remark(result.out, f"agreements/{ident}.yaml") == (
        f"{quotes} quotes verified against {_source(ident)}: each is in the text, under the section it cites")


@pytest.fixture
def copy_2003(tmp_path, monkeypatch):
    """agreements/2003.yaml copied as mine.yaml (an id of its own), in the working directory."""
    monkeypatch.chdir(tmp_path)
    text = (AGREEMENTS / "2003.yaml").read_text(encoding="utf-8").replace('id: "2003"', 'id: "mine-2003"', 1)
    path = tmp_path / "mine.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _line_of(path: Path, needle: str) -> tuple[int, int]:
    """The line and column (1-based) where ``needle`` starts in ``path``."""
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if needle in line:
            return n, line.index(needle) + 1
    raise AssertionError(f"{needle!r} not in {path}")


@needs_texts
def test_a_changed_word_fails_at_the_quote_with_the_nearest_passage_and_its_section(copy_2003):
    # 2(b)(iii): "one and one-half (1 1/2%) percent of the Purchase Price of the Common Stock not previously sold"
    text = copy_2003.read_text(encoding="utf-8")
    copy_2003.write_text(text.replace("of the Common Stock not previously sold\"", "of the Common Stock not formerly "
                                      "sold\"", 1), encoding="utf-8")
    line, col = _line_of(copy_2003, 'quote: "one and one-half (1 1/2%) percent of the Purchase Price of the Common '
                                    'Stock not formerly sold"')
    result = run("check", "mine.yaml", "--text", TEXTS / _source("2003"))
    assert result.code == 1
    failed = [x for x in result.out.splitlines() if x.startswith("FAIL")]
    assert failed == ["FAIL  mine.yaml  quote of terms.restricted_sale_rate"]
    detail = result.out.split(failed[0] + "\n")[1].splitlines()[0].strip()
    assert detail.startswith(f"mine.yaml:{line}:{col}: field 'terms.restricted_sale_rate.reference.quote': the quote "
                             "is not in the text 2003-07-01_focus-enhancements_rra.txt; did you mean §2(b): \"")
    assert "one and one-half (1 1/2%) percent of the Purchase Price of the Common Stock not previously sold" in detail
    n = _count_references(yaml.safe_load(copy_2003.read_text(encoding="utf-8")))
    assert _remark(result.out, "mine.yaml") == f"{n - 1} of {n} quotes verified against {_source('2003')}"
    # the same failure, placed for a CI's annotations
    github = run("check", "mine.yaml", "--text", TEXTS / _source("2003"), "--format", "github", "--junit", "c.xml")
    assert any(x.startswith(f"::error file=mine.yaml,line={line},col={col},title=rrcalc check%3A quote of "
                            "terms.restricted_sale_rate::") for x in github.out.splitlines())
    import xml.etree.ElementTree as ET

    case = next(c for c in ET.parse("c.xml").iter("testcase") if c.get("name") == "quote of terms.restricted_sale_rate")
    assert case.get("file") == "mine.yaml" and case.get("line") == str(line) and case.find("failure") is not None


@needs_texts
def test_a_wrong_section_fails_at_the_section(copy_2003):
    # the quote is under 2(b)(iii) (its "(b) with respect to a Restricted Sale Date"), not 2(b)(ii): (iii) comes
    # between (ii) and the quote
    text = copy_2003.read_text(encoding="utf-8")
    copy_2003.write_text(text.replace('section: "2(b)(iii)(b)"\n      quote: "one and one-half',
                                      'section: "2(b)(ii)"\n      quote: "one and one-half', 1), encoding="utf-8")
    line, col = _line_of(copy_2003, 'section: "2(b)(ii)"\n'.rstrip())
    result = run("check", "mine.yaml", "--text", TEXTS / _source("2003"), "--quiet")
    assert result.code == 1
    assert result.out.splitlines()[0] == f"FAIL  mine.yaml:{line}  section of terms.restricted_sale_rate"
    assert result.out.splitlines()[1].strip().startswith(
        f"mine.yaml:{line}:{col}: field 'terms.restricted_sale_rate.reference.section': the quote is in §2(b) of the "
        "text 2003-07-01_focus-enhancements_rra.txt, not under §2(b)(ii): \"one and one-half (1 1/2%) percent")


@needs_texts
def test_the_text_named_by_source_beside_the_file_is_used_without_text(copy_2003):
    shutil.copy(TEXTS / _source("2003"), copy_2003.parent / _source("2003"))
    result = run("check", "mine.yaml")
    assert result.code == 0, result.out
    n = _count_references(yaml.safe_load(copy_2003.read_text(encoding="utf-8")))
    assert _remark(result.out, "mine.yaml").startswith(f"{n} quotes verified against 2003-07-01")


# -- a small agreement and its text, always here ------------------------------------------------------------------

AGREEMENT = """\
id: acme-quotes
title: Registration Rights Agreement (a test of quotes)
date: 2025-01-02
company: Acme Widgets, Inc.
parties:
  - {name: "Acme Widgets, Inc.", role: Company}
summary: Quotes checked against a short text.
source: acme-rra.txt
calendar:
  label: Business Day
  value: ny-banks
  unit: calendar
  reference: {section: "1(a)", quote: CALENDAR}
terms:
  filing_days:
    label: Filing Deadline, days after the Closing Date
    value: 30
    unit: days
    reference: {section: "SECTION", quote: "QUOTE"}
"""

TEXT = """\
REGISTRATION RIGHTS AGREEMENT, dated as of January 2, 2025, between Acme Widgets, Inc. (the
"Company") and the Investors.

1. Definitions.
   (a) "Business Day" means a day on which banks in New York City are open for business.

2. Registration.
   (a) The Company shall file the Registration Statement no later than the thirtieth (30th) calen-
       dar day after the Closing Date, as set forth in Section 3(b)(iii).

                                    -2-

   (b) The Company shall keep it effective.

3. Payments.
   (a) Nothing is due before the Filing Deadline.
   (b) The Company shall pay (i) nothing for the first day and (ii) one percent (1%) of the
       Purchase Price for each thirty (30) day period thereafter, and (iii) interest on late payments.
"""


@pytest.fixture
def acme(tmp_path, monkeypatch):
    """Write the small agreement with one reference's section and quote, and its text beside it."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "acme-rra.txt").write_text(TEXT, encoding="utf-8")

    def write(section: str, quote: str, calendar: str = "\"Business Day\" means a day on which banks") -> Path:
        path = tmp_path / "acme.yaml"
        path.write_text(AGREEMENT.replace("CALENDAR", json.dumps(calendar)).replace("SECTION", section)
                        .replace('"QUOTE"', json.dumps(quote)),
                        encoding="utf-8")
        return path
    return write


def _check(*args: str) -> tuple[int, list[str], str]:
    result = run("check", "acme.yaml", *args, "--quiet")
    return result.code, result.out.splitlines()[:-1], result.err


@pytest.mark.parametrize("quote", [
    "no later than the thirtieth (30th) calendar day after the Closing Date",  # hyphenated at the line end
    "no later than the thirtieth (30th) calen-\n dar day after the Closing Date",  # ... or as the text breaks it
    "no later than the thirtieth (30th)\n       calendar day after\tthe closing date",  # whitespace, capitals
    "NO LATER THAN THE THIRTIETH (30TH) CALENDAR DAY",
    "The Company shall file the Registration Statement ... after the Closing Date",  # an elision
    "file the Registration Statement … the thirtieth",  # the ellipsis character
])
def test_whitespace_hyphenation_capitals_and_elisions_pass(acme, quote):
    acme("2(a)", quote)
    code, failed, _ = _check()
    assert (code, failed) == (0, [])


def test_curly_quotes_pass_both_ways(acme, tmp_path):
    acme("2(a)", "the thirtieth (30th) calendar day", calendar="\u201cBusiness Day\u201d means a day on which banks")
    assert _check()[:2] == (0, [])
    (tmp_path / "acme-rra.txt").write_text(TEXT.replace('"Business Day"', "\u201cBusiness Day\u201d"), encoding="utf-8")
    acme("2(a)", "the thirtieth (30th) calendar day")
    assert _check()[:2] == (0, [])


def test_a_page_number_between_the_words_is_not_part_of_them(acme, tmp_path):
    acme("2", "after the Closing Date, as set forth in Section 3(b)(iii). (b) The Company shall keep it effective")
    assert _check()[:2] == (0, [])
    # as filed on EDGAR: CRLF line ends and a form feed before the page number
    (tmp_path / "acme-rra.txt").write_bytes(TEXT.replace("  -2-", "\f-2-").replace("\n", "\r\n").encode())
    assert _check()[:2] == (0, [])


@pytest.mark.parametrize(("section", "quote", "fault", "said"), [
    ("2(a)", "no later than the fortieth (40th) calendar day", "quote",
     "the quote is not in the text acme-rra.txt; did you mean §2(a): \"no later than the thirtieth (30th) calen- dar "
     "day"),
    ("2(a)", "after the Closing Date ... The Company shall file", "quote",
     "'The Company shall file' (after the pieces before it) is not in the text acme-rra.txt; did you mean §2(a)"),
    ("3(a)", "one percent (1%) of the Purchase Price", "section",
     "the quote is in §3(b) of the text acme-rra.txt, not under §3(a): \"one percent (1%) of the Purchase Price\""),
    ("2(b)", "one percent (1%) of the Purchase Price", "section", "the quote is in §3(b)"),
    ("3(b)(iii)", "one percent (1%) of the Purchase Price", "section", "not under §3(b)(iii)"),  # (iii) comes after
    ("3(b)(i)", "one percent (1%) of the Purchase Price", "section", "not under §3(b)(i)"),  # (ii) comes between
    ("1(a)", "dated as of January 2, 2025", "section", "the quote is in §preamble"),
])
def test_a_quote_not_in_the_text_or_not_under_its_section_fails(acme, section, quote, fault, said):
    path = acme(section, quote)
    code, failed, _ = _check()
    lines = path.read_text(encoding="utf-8").splitlines()
    line = max(n for n, text in enumerate(lines, 1) if 'reference: {section: "' in text)  # terms.filing_days's
    col = lines[line - 1].index(f"{fault}: ") + 1
    assert code == 1
    assert failed[0] == f"FAIL  acme.yaml:{line}  {fault} of terms.filing_days"
    assert failed[1].strip().startswith(f"acme.yaml:{line}:{col}: field 'terms.filing_days.reference.{fault}': ")
    assert said in failed[1]


@pytest.mark.parametrize(("section", "quote"), [
    ("3(b)(ii)", "one percent (1%) of the Purchase Price for each thirty (30) day period"),
    ("3(b)(ii)", "The Company shall pay ... one percent (1%)"),  # the lead-in and the item, under the item
    ("3", "Nothing is due before the Filing Deadline"),
    ("preamble", "dated as of January 2, 2025"),
    ("2(a), 3(a)", "calendar day after the Closing Date ... Nothing is due"),  # pieces under either section
    ("Section 2(a)", "the thirtieth (30th) calendar day"),
    ("2(a)", "as set forth in Section 3(b)(iii)"),  # a cross-reference is quoted like any other words
])
def test_a_quote_under_its_section_passes(acme, section, quote):
    acme(section, quote)
    assert _check()[:2] == (0, [])


def test_a_section_rrcalc_cannot_place_is_said_not_checked(acme):
    acme("Schedule A", "the thirtieth (30th) calendar day")
    result = run("check", "acme.yaml")
    assert result.code == 0
    assert _remark(result.out, "acme.yaml") == (
        "2 quotes verified against acme-rra.txt: each is in the text, under the section it cites; sections not "
        "checked where 'Schedule A' is not a section rrcalc places (N, N(a)(i)..., preamble)")


def test_a_source_outside_the_agreement_folder_fails_at_its_line(acme, tmp_path):
    path = acme("2(a)", "the thirtieth (30th) calendar day")
    path.write_text(path.read_text(encoding="utf-8").replace("source: acme-rra.txt", "source: ../acme-rra.txt"),
                    encoding="utf-8")
    code, failed, _ = _check()
    assert code == 1
    assert failed[0] == "FAIL  acme.yaml:8  text of the agreement"
    assert failed[1].strip() == ("acme.yaml:8:1: field 'source': must name a file inside the agreement's folder (give "
                                 "a text elsewhere with check --text FILE)")


def test_a_source_that_is_not_plain_text_fails_at_its_line(acme, tmp_path):
    acme("2(a)", "the thirtieth (30th) calendar day")
    (tmp_path / "acme-rra.txt").write_bytes(b"%PDF-1.4\n...")
    code, failed, _ = _check()
    assert code == 1
    assert failed[1].strip() == ("acme.yaml:8:1: field 'source': is a PDF, not plain text; save the exhibit as text "
                                 "(UTF-8)")


def test_without_a_text_check_says_so_once_per_agreement(acme, tmp_path):
    acme("2(a)", "not in the text at all")
    (tmp_path / "acme-rra.txt").unlink()
    result = run("check", "acme.yaml")
    assert result.code == 0, result.out
    remarks = [x.strip() for x in result.out.splitlines() if "quotes not verified" in x]
    assert len(remarks) == len(IDS) + 1  # the bundled agreements and acme.yaml: once each, not per quote
    assert _remark(result.out, "acme.yaml") == ("quotes not verified: no text (acme-rra.txt, its source, is not "
                                                "beside the file; give it with check --text FILE)")
    assert "FAIL" not in result.out


@pytest.mark.parametrize(("args", "message"), [
    (["--text", "acme-rra.txt"], "--text is the text of one agreement: give it with --agreement ID|PATH or an "
                                 "agreement file"),
    (["acme.yaml", "other.yaml", "--text", "acme-rra.txt"], "--text is the text of one agreement; 2 agreement files "
                                                           "are given: name the one with --agreement"),
    (["acme.yaml", "--text", "missing.txt"], "missing.txt: no such file"),
    (["acme.yaml", "--text", ""], "--text: an empty file name"),
    (["acme.yaml", "--text", "acme-rra.txt", "--text", "acme-rra.txt"], "--text is given 2 times; give it once"),
    (["acme.yaml", "--text", "empty.txt"], "empty.txt: is empty; give the agreement's text"),
    (["acme.yaml", "--text", "binary.txt"], "binary.txt: is a binary file, not plain text; give the agreement's "
                                            "text (UTF-8)"),
    (["acme.yaml", "--text", "page.htm"], "page.htm: is HTML, not plain text; save the exhibit as text (UTF-8)"),
    (["acme.yaml", "--text", "latin1.txt"], "latin1.txt:1: not UTF-8 text (byte 0x93); save the text as UTF-8"),
    (["acme.yaml", "--text", "."], "is a directory"),
])
def test_text_misuse_is_one_line_and_exit_2(acme, tmp_path, args, message):
    path = acme("2(a)", "the thirtieth (30th) calendar day")
    (tmp_path / "other.yaml").write_text(path.read_text(encoding="utf-8").replace("id: acme-quotes", "id: other"),
                                         encoding="utf-8")
    (tmp_path / "empty.txt").write_text(" \n\n", encoding="utf-8")
    (tmp_path / "binary.txt").write_bytes(b"ELF\0\0\1\2")
    (tmp_path / "page.htm").write_text("<!DOCTYPE html>\n<html><body><p>1. Definitions.</p></body></html>",
                                       encoding="utf-8")
    (tmp_path / "latin1.txt").write_bytes("\u201cBusiness Day\u201d".encode("cp1252"))
    result = run("check", *args)
    assert result.code == 2
    assert result.out == ""
    assert len(result.err.splitlines()) == 1
    assert result.err.startswith("rrcalc: error: ") and message in result.err, result.err


def test_text_with_agreement_verifies_that_agreement_only(acme):
    acme("2(a)", "the thirtieth (30th) calendar day")
    result = run("check", "--agreement", "acme.yaml", "--text", "acme-rra.txt")
    assert result.code == 0, result.out
    assert _remark(result.out, "acme.yaml").startswith("2 quotes verified against acme-rra.txt")
    assert sum("quotes not verified" in x for x in result.out.splitlines()) == len(IDS)  # the bundled ones
