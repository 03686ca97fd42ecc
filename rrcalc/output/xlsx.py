"""The Excel view of a report: one worksheet per section, written with XlsxWriter.

Each section becomes a sheet: its title in the first row, a frozen header row with filters, then one
row per item. Dates are real Excel dates, money (a Decimal in cents) is in a currency format, and the
columns a section declares as summable (:attr:`Section.sums`) end in a ``=SUM(...)`` formula whose
cached value is rrcalc's own total (so a reader that does not recalculate sees the same figure). When
several sheets are parts of one table (one per investor: the same columns), a first "Summary" sheet links each
sheet's total with a cross-sheet formula and adds them up. The clause, rule and quoted words travel in
their own columns.

The file is byte-identical for identical input: the document's properties (creation date included)
are fixed and XlsxWriter stamps the zip members with a constant time.
"""

from __future__ import annotations

import io
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Protocol, TypeGuard

from rrcalc.engine.money import total
from rrcalc.errors import UsageError
from rrcalc.output.hygiene import sheet_text, shown_text

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence


# Reports and sections are rrcalc.output.render's, described here by what a workbook reads of them: render
# imports this module, not the other way round (no import cycle, not even for the type checker), as with
# rrcalc.output.table.
class Section(Protocol):
    """What a sheet shows of a :class:`rrcalc.output.render.Section`."""

    @property
    def title(self) -> str: ...

    @property
    def columns(self) -> list[str]: ...

    @property
    def rows(self) -> list[dict[str, Any]]: ...

    @property
    def notes(self) -> list[str]: ...

    @property
    def headers(self) -> dict[str, str]: ...

    @property
    def sums(self) -> list[str]: ...


class Report(Protocol):
    """What a workbook reads of a :class:`rrcalc.output.render.Report`."""

    @property
    def sections(self) -> Sequence[Section]: ...

    @property
    def sheets(self) -> Callable[[], Sequence[Section]] | None: ...


#: An XlsxWriter cell format (XlsxWriter has no type hints: opaque here).
Format = object


class Worksheet(Protocol):
    """The XlsxWriter worksheet methods a workbook calls."""

    @property
    def name(self) -> str: ...

    def write_string(self, row: int, col: int, string: str, cell_format: Format = ..., /) -> object: ...

    def write_number(self, row: int, col: int, number: float, cell_format: Format = ..., /) -> object: ...

    def write_formula(self, row: int, col: int, formula: str, cell_format: Format = ..., value: float = ...,
                      /) -> object: ...

    def freeze_panes(self, row: int, col: int, /) -> object: ...

    def autofilter(self, first_row: int, first_col: int, last_row: int, last_col: int, /) -> object: ...

    def set_column(self, first_col: int, last_col: int, width: float, /) -> object: ...

#: Columns a row may carry beyond the section's own that explain the figure; shown after the others.
EXPLAINING = ("rule", "working", "basis", "reason", "reasons", "flags", "clause", "quote")
#: The fixed creation date of every workbook (a date from the input would make two runs of one deal
#: on different as-of dates differ in metadata alone; a constant keeps output a function of the figures).
CREATED = datetime(2000, 1, 1)
MONEY = '"$"#,##0.00;-"$"#,##0.00'
DATE = "yyyy-mm-dd"
WIDE = 60  # the widest column; longer text wraps
FORBIDDEN = str.maketrans({c: " " for c in "[]:*?/\\"})
#: The most characters a spreadsheet cell holds (Excel's limit; XlsxWriter would cut longer text silently).
CELL_MAX = 32_767


def excel_number(value: Decimal | int) -> float:
    """An amount as a spreadsheet number. Excel has no decimal type: every number cell is an IEEE double, which
    holds any amount below 10^13 dollars exactly to the cent once shown with two decimals. The exact decimals are
    rrcalc's own (CSV, JSON); the workbook's totals are formulas over these cells, checked equal to rrcalc's."""
    return float(value)


def _text(value: object) -> str:
    """A value as text, as CSV shows it: ISO dates, plain decimals, lists joined by '; '."""
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, list | tuple):
        return "; ".join(_text(v) for v in value)
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


@lru_cache(maxsize=65_536)
def _shown(text: str) -> str:
    """:func:`rrcalc.output.hygiene.shown_text`, once per distinct text (a workbook repeats its tracks, statuses,
    rules and names on every row)."""
    return shown_text(text)


#: Excel's day 0 in its default (1900) date system; days after 1900-02-28 count Excel's phantom 1900-02-29.
_EXCEL_EPOCH = date(1899, 12, 30)


@lru_cache(maxsize=65_536)
def excel_date(value: date) -> int:
    """A date as the serial day number Excel stores in a date cell (1900 date system; every date rrcalc computes
    is after 1900-03-01, where the serial is simply the days since 1899-12-30)."""
    return (value - _EXCEL_EPOCH).days


def _is_money(value: object) -> TypeGuard[Decimal]:
    return type(value) is Decimal and value.as_tuple().exponent == -2


def sheet_name(title: str, taken: set[str]) -> str:
    """An Excel sheet name for ``title``: the part before a colon, without forbidden characters, at most
    31 characters, unique in the workbook (case-insensitively, as Excel compares them)."""
    base = sheet_text(title.split(": ", 1)[0]).translate(FORBIDDEN).strip().strip("'") or "Sheet"
    base = " ".join(base.split())[:31]
    name, n = base, 2
    while name.lower() in taken:
        suffix = f" ({n})"
        name, n = base[:31 - len(suffix)] + suffix, n + 1
    taken.add(name.lower())
    return name


def columns_of(section: Section) -> list[str]:
    """The section's columns that any row fills, then the summed and explaining columns its rows carry."""
    shown = [c for c in section.columns if any(r.get(c) not in (None, "", [], ()) for r in section.rows)
             or not section.rows]
    extra = [c for c in [*section.sums, *EXPLAINING]
             if c not in shown and any(r.get(c) not in (None, "", [], ()) for r in section.rows)]
    return shown + list(dict.fromkeys(extra))


def col_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def quote_sheet(name: str) -> str:
    return "'" + name.replace("'", "''") + "'"


def sections_of(report: Report) -> Sequence[Section]:
    """The sheets a workbook shows: the report's own (per investor, ...) when it has them, else its sections."""
    return report.sheets() if report.sheets is not None else list(report.sections)


def workbook(report: Report, created: datetime = CREATED, title: str = "rrcalc") -> bytes:
    """The report as the bytes of an .xlsx file."""
    import xlsxwriter

    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True, "strings_to_numbers": False, "strings_to_formulas": False,
                                   "strings_to_urls": False})
    wb.set_properties({"title": title, "author": "rrcalc", "company": "", "created": created,
                       "comments": "Written by rrcalc; totals are SUM formulas over the rows above them."})
    fmt = {
        "title": wb.add_format({"bold": True, "font_size": 12}),
        "header": wb.add_format({"bold": True, "bg_color": "#DCE6F1", "bottom": 1, "text_wrap": True,
                                 "valign": "top"}),
        "date": wb.add_format({"num_format": DATE, "valign": "top"}),
        "money": wb.add_format({"num_format": MONEY, "valign": "top"}),
        "number": wb.add_format({"valign": "top"}),
        "text": wb.add_format({"valign": "top"}),
        "wrap": wb.add_format({"text_wrap": True, "valign": "top"}),
        "total_label": wb.add_format({"bold": True, "top": 1}),
        "total_money": wb.add_format({"bold": True, "top": 1, "num_format": MONEY}),
        "note": wb.add_format({"italic": True, "font_color": "#555555"}),
    }
    sections = sections_of(report)
    taken: set[str] = set()
    names = [sheet_name(s.title, taken) for s in sections]
    totals: list[tuple[str, str, dict[str, tuple[str, Decimal]]]] = []  # sheet, label, column -> (cell, value)
    with_sums = [s for s in sections if s.sums and s.rows]
    # Sheets over the same columns are parts of one table (one per investor), so their totals add up to the
    # whole; sheets over different columns are different views (by deal, by investor) of the same amounts,
    # whose totals must not be added together.
    split = len(with_sums) > 1 and len({tuple(s.columns) for s in with_sums}) == 1
    summary = wb.add_worksheet(sheet_name("Summary", taken)) if split else None
    for section, name in zip(sections, names, strict=True):
        ws = wb.add_worksheet(name)
        cells = _write_section(ws, section, fmt)
        if cells:
            totals.append((name, section.title, cells))
    if summary is not None:
        _write_summary(summary, totals, fmt)
    wb.close()
    return buf.getvalue()


def _write_section(ws: Worksheet, section: Section, fmt: dict[str, Format]) -> dict[str, tuple[str, Decimal]]:
    """One sheet; returns each summed column's total cell (A1 reference) and value."""
    cols = columns_of(section)
    _put(ws, 0, 0, section.title, fmt["title"])
    widths = [len(section.headers.get(c, c)) for c in cols]
    for j, c in enumerate(cols):
        _put(ws, 1, j, section.headers.get(c, c), fmt["header"])
    first = 2
    for i, row in enumerate(section.rows):
        for j, c in enumerate(cols):
            widths[j] = max(widths[j], _write_cell(ws, first + i, j, row.get(c), fmt))
    last = first + len(section.rows) - 1
    ws.freeze_panes(2, 0)
    if cols:
        ws.autofilter(1, 0, max(last, 1), len(cols) - 1)
    out: dict[str, tuple[str, Decimal]] = {}
    r = last + 1
    sums = [c for c in section.sums if c in cols]
    if section.rows and sums:
        _put(ws, r, 0, "total", fmt["total_label"])
        for c in sums:
            j = cols.index(c)
            value = total([v for v in (row.get(c) for row in section.rows) if isinstance(v, Decimal)])
            ref = f"{col_letter(j)}{first + 1}:{col_letter(j)}{last + 1}"
            ws.write_formula(r, j, f"=SUM({ref})", fmt["total_money"], excel_number(value))
            out[c] = (f"{col_letter(j)}{r + 1}", value)
        r += 1
    for note in section.notes:
        r += 1
        _put(ws, r, 0, note, fmt["note"])
    for j, w in enumerate(widths):
        ws.set_column(j, j, min(max(w, 6) + 2, WIDE))
    return out


def _put(ws: Worksheet, r: int, j: int, text: str, cell_format: Format) -> None:
    """Write ``text`` into a cell, its control characters replaced (:func:`rrcalc.output.hygiene.shown_text`).
    Text longer than a cell holds is refused rather than cut (two long names would become one)."""
    text = _shown(text)
    if len(text) > CELL_MAX:
        raise UsageError(f"--format xlsx: sheet '{ws.name}', cell {col_letter(j)}{r + 1}: a text of {len(text):,} "
                         f"characters, and a spreadsheet cell holds at most {CELL_MAX:,} (the rest would be cut "
                         "off); write this report as CSV or JSON")
    ws.write_string(r, j, text, cell_format)


def _write_cell(ws: Worksheet, r: int, j: int, value: object, fmt: dict[str, Format]) -> int:
    """Write one value with its type kept; returns its display width."""
    if value is None:
        return 0
    if isinstance(value, bool):
        _put(ws, r, j, "yes" if value else "no", fmt["text"])
        return 3
    if isinstance(value, date):
        ws.write_number(r, j, excel_date(value), fmt["date"])
        return 10
    if _is_money(value):
        ws.write_number(r, j, excel_number(value), fmt["money"])
        return len(f"${value:,.2f}")
    if isinstance(value, Decimal | int) and not isinstance(value, Enum):
        ws.write_number(r, j, excel_number(value), fmt["number"])
        return len(_text(value))
    text = _text(value)
    _put(ws, r, j, text, fmt["wrap"] if len(text) > WIDE else fmt["text"])
    return len(text)


def _write_summary(ws: Worksheet, totals: list[tuple[str, str, dict[str, tuple[str, Decimal]]]],
                   fmt: dict[str, Format]) -> None:
    """Each sheet's totals by cross-sheet formula, and their sum."""
    columns: list[str] = []
    for _name, _label, cells in totals:
        columns += [c for c in cells if c not in columns]
    _put(ws, 0, 0, "Summary: the total of each sheet (formulas linking the sheets)", fmt["title"])
    _put(ws, 1, 0, "sheet", fmt["header"])
    _put(ws, 1, 1, "section", fmt["header"])
    for j, c in enumerate(columns):
        _put(ws, 1, 2 + j, c, fmt["header"])
    for i, (name, label, cells) in enumerate(totals):
        _put(ws, 2 + i, 0, name, fmt["text"])
        _put(ws, 2 + i, 1, label, fmt["text"])
        for j, c in enumerate(columns):
            if c in cells:
                ref, value = cells[c]
                ws.write_formula(2 + i, 2 + j, f"={quote_sheet(name)}!{ref}", fmt["money"], excel_number(value))
    r = 2 + len(totals)
    _put(ws, r, 0, "total", fmt["total_label"])
    for j, c in enumerate(columns):
        letter = col_letter(2 + j)
        value = total([cells[c][1] for _n, _l, cells in totals if c in cells])
        ws.write_formula(r, 2 + j, f"=SUM({letter}3:{letter}{r})", fmt["total_money"], excel_number(value))
    ws.freeze_panes(2, 0)
    ws.autofilter(1, 0, r - 1, 1 + len(columns))
    ws.set_column(0, 0, max(len(n) for n, _l, _c in totals) + 2)
    ws.set_column(1, 1, min(max(len(lbl) for _n, lbl, _c in totals) + 2, WIDE))
    ws.set_column(2, 1 + len(columns), 16)
