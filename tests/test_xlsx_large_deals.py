"""A workbook for a deal with many Investors: a sheet each up to a hundred Investors, one sheet with an Investor
column beyond (read back with openpyxl, a reader independent of the writer)."""

from __future__ import annotations

from decimal import Decimal

import openpyxl
import pytest

from .conftest import run


def deal(investors: int) -> str:
    lines = ['agreement: "2003"', "as_of: 2003-10-31", "events:", "  quarterly_report_filed: 2003-08-14",
             "  registration_filed: 2003-09-15", "  registration_effective: 2003-09-30", "investors:"]
    lines += [f'  - {{name: "Investor {i:03d}", purchase_price: 300000.00}}' for i in range(investors)]
    return "\n".join(lines) + "\n"


# 2003 §2(b)(iii)(A): the Required Filing Date is the 5th business day after the 10-Q of Thu Aug 14, 2003:
# Aug 15, 18, 19, 20, 21 -> Thu Aug 21; filed Sep 15, so Aug 22 - Sep 15 is late: 10 + 15 = 25 days, and each
# Investor is owed 1% x 300,000.00 x 25/30 = 2,500.00 (one Computation Date, payable Sep 20).
EACH = Decimal("2500.00")


@pytest.mark.parametrize(("investors", "sheets"), [(100, 100 + 1 + 1), (101, 1 + 1)])
def test_a_sheet_per_investor_up_to_a_hundred_then_one_sheet(tmp_path, investors, sheets):
    events = tmp_path / "deal.yaml"
    events.write_text(deal(investors))
    out = tmp_path / "deal.xlsx"
    done = run("penalties", "-e", events, "-o", out)
    assert done.code == 0, done.err
    wb = openpyxl.load_workbook(out)
    # per Investor: the Investors' sheets, a Summary linking them and the Totals; beyond: All Investors, Totals
    assert len(wb.sheetnames) == sheets, wb.sheetnames[:5]
    if investors == 101:
        ws = wb[wb.sheetnames[0]]
        assert ws.title == "All Investors"
        header = [c.value for c in ws[2]]
        names = [row[header.index("investor")] for row in ws.iter_rows(min_row=3, max_row=2 + investors,
                                                                         values_only=True)]
        assert names == [f"Investor {i:03d}" for i in range(investors)]
        amounts = [row[header.index("amount")] for row in ws.iter_rows(min_row=3, max_row=2 + investors,
                                                                         values_only=True)]
        assert all(Decimal(str(a)) == EACH for a in amounts)
        total = ws.cell(row=3 + investors, column=header.index("amount") + 1)
        assert total.value == f"=SUM(K3:K{2 + investors})"
        # 101 x 2,500.00 = 252,500.00
        assert round(Decimal(str(openpyxl.load_workbook(out, data_only=True)["All Investors"].cell(
            row=3 + investors, column=header.index("amount") + 1).value)), 2) == Decimal("252500.00")
    else:
        assert wb.sheetnames[0] == "Summary" and wb.sheetnames[1] == "Investor 000"
