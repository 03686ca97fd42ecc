"""The Excel workbook, read back with openpyxl (an independent reader): figures, formulas, formats, bytes."""

from __future__ import annotations

import csv
import io
import re
from datetime import datetime
from decimal import Decimal

import openpyxl
import pytest

from rrcalc import api
from rrcalc.output import views
from rrcalc.output.render import render
from rrcalc.output.xlsx import col_letter, sheet_name, workbook

from .conftest import AGREEMENTS

EXAMPLE = AGREEMENTS / "examples" / "2003-late-filing.yaml"


def scenario(path=EXAMPLE) -> api.Scenario:
    return api.scenario(api.Registry(), path)


def evaluate(wb: openpyxl.Workbook, sheet: str, formula: str) -> Decimal:
    """A tiny evaluator for the two kinds of formula the workbook writes: =SUM(A1:A9) and ='Sheet'!A1."""
    m = re.fullmatch(r"=SUM\(([A-Z]+)(\d+):([A-Z]+)(\d+)\)", formula)
    if m:
        col, lo, col2, hi = m.group(1), int(m.group(2)), m.group(3), int(m.group(4))
        assert col == col2
        return sum((value(wb, sheet, f"{col}{r}") for r in range(lo, hi + 1)), Decimal("0.00"))
    m = re.fullmatch(r"='((?:[^']|'')+)'!([A-Z]+\d+)", formula)
    assert m, formula
    return value(wb, m.group(1).replace("''", "'"), m.group(2))


def value(wb: openpyxl.Workbook, sheet: str, ref: str) -> Decimal:
    v = wb[sheet][ref].value
    if isinstance(v, str) and v.startswith("="):
        return evaluate(wb, sheet, v)
    return Decimal(str(v)).quantize(Decimal("0.01"))


def test_penalties_workbook_matches_the_csv_of_the_same_run(tmp_path):
    report = views.penalties_report([scenario()])
    path = tmp_path / "deal.xlsx"
    path.write_bytes(workbook(report))
    csv_rows = list(csv.DictReader(io.StringIO(render(report, "csv", False))))
    wb = openpyxl.load_workbook(path)  # formulas as text
    cached = openpyxl.load_workbook(path, data_only=True)  # the values a non-recalculating reader sees
    assert wb.sheetnames == ["Summary", "SF Capital Partners Ltd.", "White Investments", "Totals"]
    for name in ("SF Capital Partners Ltd.", "White Investments"):
        ws = wb[name]
        header = [c.value for c in ws[2]]
        assert ws.freeze_panes == "A3"  # title and header stay in view
        assert ws.auto_filter.ref.startswith("A2:")
        for col in ("amount", "clause", "rule", "quote"):
            assert col in header
        amount = col_letter(header.index("amount"))
        mine = [r for r in csv_rows if r["investor"] == name]
        # each data row: the same amount and dates as the CSV row, dates as real dates, money as currency
        for i, row in enumerate(mine):
            cells = {h: ws.cell(3 + i, j + 1) for j, h in enumerate(header)}
            assert Decimal(str(cells["amount"].value)).quantize(Decimal("0.01")) == Decimal(row["amount"])
            assert cells["amount"].number_format.startswith('"$"#,##0.00')
            assert isinstance(cells["payment_due"].value, datetime)
            assert cells["payment_due"].value.date().isoformat() == row["payment_due"]
            assert cells["payment_due"].is_date
        total_row = 3 + len(mine)
        cell = ws[f"{amount}{total_row}"]
        assert cell.value == f"=SUM({amount}3:{amount}{total_row - 1})"
        csv_sum = sum((Decimal(r["amount"]) for r in mine), Decimal("0.00"))
        assert evaluate(wb, name, cell.value) == csv_sum
        assert Decimal(str(cached[name][f"{amount}{total_row}"].value)).quantize(Decimal("0.01")) == csv_sum
    # by hand (2(b)(iii), prorated per 30 days): SF 1% × 2,000,000 × 25/30 = 16,666.67 and
    # 1.5% × 1,500,000 × 26/30 = 19,500.00; White 1% × 1,000,000 × 25/30 = 8,333.33 and
    # 1.5% × 1,000,000 × 26/30 = 13,000.00; together 57,500.00
    summary = wb["Summary"]
    assert summary["C3"].value == "='SF Capital Partners Ltd.'!I5"
    assert evaluate(wb, "Summary", summary["C3"].value) == Decimal("36166.67")
    assert evaluate(wb, "Summary", summary["C4"].value) == Decimal("21333.33")
    assert summary["C5"].value == "=SUM(C3:C4)"
    assert evaluate(wb, "Summary", summary["C5"].value) == Decimal("57500.00")
    assert cached["Summary"]["C5"].value == 57500.0
    assert sum(Decimal(r["amount"]) for r in csv_rows) == Decimal("57500.00")


def test_the_same_input_gives_the_same_bytes():
    assert workbook(views.penalties_report([scenario()])) == workbook(views.penalties_report([scenario()]))


def test_deadlines_workbook_has_dates_and_the_clause_quoted(tmp_path):
    report = views.deadlines_report(scenario())
    path = tmp_path / "d.xlsx"
    path.write_bytes(workbook(report))
    ws = openpyxl.load_workbook(path).worksheets[0]
    header = [c.value for c in ws[2]]
    rows = {ws.cell(r, 1).value: {h: ws.cell(r, j + 1).value for j, h in enumerate(header)}
            for r in range(3, ws.max_row + 1) if ws.cell(r, 1).value}
    # 2(a)(i): five business days after the 10-Q of Thursday 2003-08-14 is Thursday 2003-08-21
    assert rows["required_filing_date"]["due"] == datetime(2003, 8, 21)
    assert rows["required_filing_date"]["clause"] == "1(h), 2(a)(i)"
    assert "quote" in header
    assert ws.column_dimensions["A"].width > 10


@pytest.mark.parametrize(("title", "taken", "want"), [
    ("SF Capital Partners Ltd.: Periodic Amounts", set(), "SF Capital Partners Ltd."),
    ("A/B [x]: y", set(), "A B x"),
    ("Totals", {"totals"}, "Totals (2)"),
    ("x" * 40, set(), "x" * 31),
])
def test_sheet_names_are_legal_and_unique(title, taken, want):
    assert sheet_name(title, set(taken)) == want
