"""Text from input files never steers what reads the output: no CSV row or formula injected, no control character
reaching a terminal, an HTML page, an XML file or a workbook's sheet names, no colour on a terminal that has none.

Every output is read back with an independent library (csv, openpyxl, ElementTree, html.parser, icalendar).
"""

from __future__ import annotations

import csv
import io
import os
import re
import unicodedata
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest

from .conftest import AGREEMENTS, run
from .terminal import on_terminal

EXAMPLE = AGREEMENTS / "examples" / "2003-late-filing.yaml"
INJECTION = "Fund\r=cmd|' /C calc'!A0"
#: What must never reach a terminal, an HTML page or an XML file: C0 and C1 controls (tab and line feed aside),
#: DEL, the bidirectional controls and the non-characters.
FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufffe\uffff]")
#: What must never reach an HTML page, an XML file or a spreadsheet cell, where the bidirectional marks are text
#: (right-to-left names need them) and the page or the sheet keeps them within their element or cell.
CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffe\uffff]")
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def yaml_string(text: str) -> str:
    """``text`` as a double-quoted YAML scalar (escapes for every control character)."""
    out = []
    for ch in text:
        if ch in '"\\':
            out.append("\\" + ch)
        elif ch.isprintable() and ch not in "\ufffe\uffff":
            out.append(ch)
        else:
            out.append(f"\\u{ord(ch):04x}" if ord(ch) > 0xff else f"\\x{ord(ch):02x}")
    return '"' + "".join(out) + '"'


def deal(tmp_path: Path, first: str, second: str = "White Investments", name: str = "deal.yaml",
         deal_name: str | None = None) -> Path:
    """The 2003 example with its two investors renamed."""
    text = EXAMPLE.read_text().replace("SF Capital Partners Ltd.", yaml_string(first), 1)
    text = text.replace("White Investments", yaml_string(second), 1)
    if deal_name is not None:
        text = text.replace('agreement: "2003"', f'agreement: "2003"\ndeal: {yaml_string(deal_name)}', 1)
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def evil_agreement(tmp_path: Path) -> Path:
    """The 2003 agreement with formula-like text after a bare CR in a quote and a formula as its title."""
    text = (AGREEMENTS / "2003.yaml").read_text()
    text = text.replace("title: Registration Rights Agreement (Common Stock and Warrants)", 'title: "=HYPERLINK(1)"')
    text = text.replace('quote: "five (5) business days from', 'quote: "\\r=cmd|x five (5) business days from')
    path = tmp_path / "evil-agreement.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def csv_rows(text: str) -> list[list[str]]:
    """Rows as an RFC 4180 reader sees them (Python's reader ends a record at a bare CR, as spreadsheets do)."""
    return list(csv.reader(io.StringIO(text, newline="")))


def assert_safe_csv(text: str, raw: bool = False) -> list[list[str]]:
    rows = csv_rows(text)
    assert len({len(r) for r in rows}) == 1, [r[:2] for r in rows]  # no row split off or injected
    assert "\r" not in text  # a line break inside a cell is a quoted LF
    if not raw:
        plain_number = re.compile(r"^[-+]?(\d+(\.\d*)?|\.\d+)$")
        for row in rows:
            for value in row:
                assert not value.startswith(("=", "+", "-", "@", "\t", "\r")) or plain_number.match(value), value
    return rows


# -- CSV -----------------------------------------------------------------------------------------------------------

def test_a_bare_cr_in_an_investor_name_cannot_start_a_csv_row(tmp_path: Path) -> None:
    path = deal(tmp_path, INJECTION)
    result = run("penalties", "-e", path, "-f", "csv")
    assert result.code == 0, result.err
    rows = assert_safe_csv(result.out)
    assert rows[1][0] == "Fund\n=cmd|' /C calc'!A0"  # the name, whole, inside its cell
    assert not any(r[0].startswith("=") for r in rows)
    target = tmp_path / "out.csv"
    assert run("penalties", "-e", path, "-o", target).code == 0  # the streamed file writer
    assert target.read_bytes().decode("utf-8") == result.out


def test_the_raw_csv_keeps_formulas_but_never_a_split_row(tmp_path: Path) -> None:
    path = deal(tmp_path, INJECTION, "=SUM(A1:A2)")
    result = run("penalties", "-e", path, "-f", "csv", "--csv-raw")
    assert result.code == 0, result.err
    rows = assert_safe_csv(result.out, raw=True)
    assert {r[0] for r in rows[1:]} == {"Fund\n=cmd|' /C calc'!A0", "=SUM(A1:A2)"}


def test_the_exposure_header_is_not_split_by_an_investor_name(tmp_path: Path) -> None:
    path = deal(tmp_path, INJECTION, "@evil")
    result = run("exposure", "-e", path, "--cure-from", "2003-08-22", "--cure-to", "2003-08-25", "-f", "csv")
    assert result.code == 0, result.err
    rows = assert_safe_csv(result.out)
    assert rows[0][:2] == ["cure_date", "total"]
    assert sorted(rows[0][2:]) == ["investor: @evil", "investor: Fund\n=cmd|' /C calc'!A0"]  # as text, not formulas
    assert len(rows) == 5


def test_the_portfolio_csv_is_safe(tmp_path: Path) -> None:
    a = deal(tmp_path, INJECTION, name="a.yaml", deal_name="=deal\rname")
    b = deal(tmp_path, "+1+1", name="b.yaml")
    result = run("portfolio", a, b, "-f", "csv")
    assert result.code == 0, result.err
    rows = assert_safe_csv(result.out)
    header = rows[0]
    assert {r[header.index("investor")] for r in rows[1:]} >= {"Fund\n=cmd|' /C calc'!A0", "'+1+1"}
    assert "'=deal\nname" in {r[header.index("deal")] for r in rows[1:]}


@pytest.mark.parametrize("command", ["show", "readings"])
def test_agreement_text_in_show_and_readings_csv_is_safe(tmp_path: Path, command: str) -> None:
    result = run(command, "-a", evil_agreement(tmp_path), "-f", "csv")
    assert result.code == 0, result.err
    rows = assert_safe_csv(result.out)
    cells = {value for row in rows for value in row}
    assert any(value.startswith("'\n=cmd|x five (5)") for value in cells), cells
    if command == "show":
        assert "'=HYPERLINK(1)" in cells


def test_check_csv_is_safe(tmp_path: Path) -> None:
    name = tmp_path / "x\r=cmd.yaml"
    name.write_text('agreement: "2003"\nevents: {bogus: 2003-01-01}\n', encoding="utf-8")
    result = run("check", name, "-f", "csv")
    assert result.code == 1, result.err
    assert_safe_csv(result.out)


# -- tables --------------------------------------------------------------------------------------------------------

def test_control_characters_in_names_never_reach_the_exposure_table(tmp_path: Path) -> None:
    path = deal(tmp_path, "Evil\x1b[2J\rCo\x0bX\u202eY", "SF Capital Partners Ltd.")
    result = run("exposure", "-e", path, "--cure-from", "2003-08-22", "--cure-to", "2003-08-25", "-f", "table")
    assert result.code == 0, result.err
    assert not FORBIDDEN.search(result.out), FORBIDDEN.findall(result.out)
    assert "Evil\\x1b[2J\\rCo\\x0bX\\u202eY" in result.out  # shown, escaped
    assert "SF Capital Partners Ltd." in result.out  # a name is shown as written, never re-cased
    assert "Sf capital" not in result.out and "sf capital" not in result.out


def test_control_characters_never_reach_the_penalties_table(tmp_path: Path) -> None:
    path = deal(tmp_path, "A\x1b]0;pwned\x07B\u2066C", "D\x85E")
    result = run("penalties", "-e", path, "-f", "table")
    assert result.code == 0, result.err
    assert not FORBIDDEN.search(result.out), FORBIDDEN.findall(result.out)


def in_terminal(args: list[str], columns: int, env: dict[str, str] | None = None) -> str:
    """The output of the installed ``rrcalc ARGS`` on a pseudo-terminal ``columns`` wide (``env``: the whole
    environment)."""
    done = on_terminal(args, columns, env=env)
    assert done.code == 0, done.other
    return done.terminal


def test_a_dumb_terminal_gets_no_colour() -> None:
    args = ["deadlines", "-e", str(EXAMPLE)]
    environment = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "TERM")}
    coloured = in_terminal(args, 100, {**environment, "TERM": "xterm-256color"})
    assert ANSI.search(coloured)  # the same table is coloured on a terminal that has colour
    dumb = in_terminal(args, 100, {**environment, "TERM": "dumb"})
    assert "\x1b" not in dumb
    assert ANSI.sub("", coloured) == dumb


# -- HTML ----------------------------------------------------------------------------------------------------------

class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.text: list[str] = []
        self.attributes: list[str] = []

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.attributes += [v for _, v in attrs if v]


def test_the_html_report_carries_no_control_characters(tmp_path: Path) -> None:
    path = deal(tmp_path, "Evil\x01\x07\x0b\ufffe\uffff\x1b[31m\x85Co", deal_name="Deal\x01\x0bname")
    target = tmp_path / "r.html"
    result = run("report", "-e", path, "-o", target)
    assert result.code == 0, result.err
    html = target.read_text(encoding="utf-8")
    bad = {f"U+{ord(c):04X}" for c in html if (unicodedata.category(c) == "Cc" and c not in "\n\t")
           or c in "\ufffe\uffff"}
    assert not bad, bad
    parser = _Text()
    parser.feed(html)
    text = "".join(parser.text)
    assert "Evil" in text and "[31m" in text and "Co" in text  # the name is still there, less its controls
    assert "Deal" in text and "name" in text


# -- XML: the workbook, JUnit, SVG ---------------------------------------------------------------------------------

@pytest.mark.parametrize("command", ["penalties", "portfolio"])
def test_a_workbook_opens_whatever_the_names_hold(tmp_path: Path, command: str) -> None:
    import openpyxl

    path = deal(tmp_path, "A\x01B[x]:*?/\\\x1b\ufffe", "C\x0bD\u202e", deal_name="E\x01F")
    target = tmp_path / "out.xlsx"
    args = ["-e", path] if command == "penalties" else [path]
    result = run(command, *args, "-o", target)
    assert result.code == 0, result.err
    book = openpyxl.load_workbook(target)
    for sheet in book.worksheets:
        assert not FORBIDDEN.search(sheet.title), sheet.title
        for row in sheet.iter_rows():
            for c in row:
                if isinstance(c.value, str):
                    assert not CONTROLS.search(c.value) and "_x00" not in c.value, c.value
    titles = " ".join(s.title for s in book.worksheets)
    if command == "penalties":
        assert "AB" in titles and "CD" in titles, titles


def test_junit_stays_well_formed(tmp_path: Path) -> None:
    name = tmp_path / "x\x01\ufffe\x0b.yaml"
    name.write_text('agreement: "2003"\nevents: {bogus: 2003-01-01}\n', encoding="utf-8")
    junit = tmp_path / "check.xml"
    result = run("check", name, "--junit", junit, "-f", "github")
    assert result.code == 1, result.err
    root = ET.parse(junit).getroot()
    assert int(root.get("failures") or 0) >= 1
    assert not CONTROLS.search(junit.read_text(encoding="utf-8"))
    assert not FORBIDDEN.search(result.out)  # the annotations, in a CI log


def test_svg_plots_stay_well_formed(tmp_path: Path) -> None:
    path = deal(tmp_path, "A\x01\x0b\ufffe<&>B")
    for command, extra in (("penalties", []), ("exposure", ["--cure-from", "2003-08-22", "--cure-to", "2003-08-25"])):
        plot = tmp_path / f"{command}.svg"
        result = run(command, "-e", path, *extra, "-f", "csv", "--plot", plot)
        assert result.code == 0, result.err
        texts = "".join(t.text or "" for t in ET.parse(plot).getroot().iter())
        assert "A<&>B" in texts or command == "penalties"
        assert not CONTROLS.search(plot.read_text(encoding="utf-8"))


def test_a_calendar_parses_back_without_controls(tmp_path: Path) -> None:
    import icalendar

    path = deal(tmp_path, "A\x01\rB\x1b", deal_name="D\x0bE")
    target = tmp_path / "pay.ics"
    result = run("penalties", "-e", path, "-o", target)
    assert result.code == 0, result.err
    cal = icalendar.Calendar.from_ical(target.read_bytes())
    for event in cal.walk("VEVENT"):
        for key in ("SUMMARY", "DESCRIPTION"):
            assert not CONTROLS.search(str(event.get(key, ""))), event.get(key)
