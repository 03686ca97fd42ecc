"""The Excel workbook, read back with openpyxl (an independent reader): figures, formulas, formats, bytes."""

from __future__ import annotations

import re
from datetime import datetime
from decimal import Decimal

import openpyxl
import pytest

from rrcalc import api
from rrcalc.output import views
from rrcalc.output.xlsx import col_letter, sheet_name, workbook
from rrcalc.results import Deal, Need

from .conftest import AGREEMENTS

EXAMPLE = AGREEMENTS / "examples" / "2003-late-filing.yaml"


def scenario(path=EXAMPLE) -> Deal:
    return api.compute(api.scenario(api.Registry(), path), Need(deadlines=True, penalties=True))


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


#: The example's Periodic Amounts per investor sheet, by hand: (track, amount, payable). 2003 1(h): the 10-Q of Thu
#: 2003-08-14 makes the Required Filing Date Thu 08-21; filed 09-15, 25 days late: 2(b)(iii)(A), prorated per 30
#: days, SF 1% × 2,000,000 × 25/30 = 16,666.67, White 1% × 1,000,000 × 25/30 = 8,333.33, payable (2(b)(iv)(1)) 30
#: days after the Required Filing Date, 09-20. The second blackout (11-03 .. 11-28, 18 business days, at most 15:
#: 3(h)) makes 11-03 a Restricted Sale Date, removed 11-29: 26 days at 1.5% (2(b)(iii)(b)) of what each holds:
#: SF 1,500,000 (500,000 sold 10-08) × 1.5% × 26/30 = 19,500.00, White 1,000,000 × 1.5% × 26/30 = 13,000.00,
#: payable 11-03 + 30 = 12-03.
ROWS = {"SF Capital Partners Ltd.": [("late_filing", Decimal("16666.67"), datetime(2003, 9, 20)),
                                     ("restricted_sale", Decimal("19500.00"), datetime(2003, 12, 3))],
        "White Investments": [("late_filing", Decimal("8333.33"), datetime(2003, 9, 20)),
                              ("restricted_sale", Decimal("13000.00"), datetime(2003, 12, 3))]}


def test_penalties_workbook_has_the_hand_worked_amounts(tmp_path):
    report = views.penalties_report([scenario()])
    path = tmp_path / "deal.xlsx"
    path.write_bytes(workbook(report))
    wb = openpyxl.load_workbook(path)  # formulas as text
    cached = openpyxl.load_workbook(path, data_only=True)  # the values a non-recalculating reader sees
    assert wb.sheetnames == ["Summary", "SF Capital Partners Ltd.", "White Investments", "Totals"]
    for name, want in ROWS.items():
        ws = wb[name]
        header = [c.value for c in ws[2]]
        assert ws.freeze_panes == "A3"  # title and header stay in view
        assert ws.auto_filter.ref.startswith("A2:")
        for col in ("amount", "clause", "rule", "quote"):
            assert col in header
        amount = col_letter(header.index("amount"))
        # each data row: the hand-worked track, amount and payment date, dates as real dates, money as currency
        for i, (track, figure, due) in enumerate(want):
            cells = {h: ws.cell(3 + i, j + 1) for j, h in enumerate(header)}
            assert cells["track"].value == track
            assert Decimal(str(cells["amount"].value)).quantize(Decimal("0.01")) == figure
            assert cells["amount"].number_format.startswith('"$"#,##0.00')
            assert isinstance(cells["payment_due"].value, datetime)
            assert cells["payment_due"].value == due
            assert cells["payment_due"].is_date
        total_row = 3 + len(want)
        cell = ws[f"{amount}{total_row}"]
        assert cell.value == f"=SUM({amount}3:{amount}{total_row - 1})"
        hand_total = sum((figure for _, figure, _ in want), Decimal("0.00"))  # SF 36,166.67; White 21,333.33
        assert evaluate(wb, name, cell.value) == hand_total
        assert Decimal(str(cached[name][f"{amount}{total_row}"].value)).quantize(Decimal("0.01")) == hand_total
    # together 16,666.67 + 19,500.00 + 8,333.33 + 13,000.00 = 57,500.00
    summary = wb["Summary"]
    assert summary["C3"].value == "='SF Capital Partners Ltd.'!J5"  # amount follows rate and rate_unit
    assert evaluate(wb, "Summary", summary["C3"].value) == Decimal("36166.67")
    assert evaluate(wb, "Summary", summary["C4"].value) == Decimal("21333.33")
    assert summary["C5"].value == "=SUM(C3:C4)"
    assert evaluate(wb, "Summary", summary["C5"].value) == Decimal("57500.00")
    assert cached["Summary"]["C5"].value == 57500.0


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
