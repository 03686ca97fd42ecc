"""The portfolio roll-up over deals under different agreements: payment calendar, payments, totals."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from decimal import Decimal

import openpyxl
import pytest

from rrcalc.api import load_portfolio as load_deals
from rrcalc.output.portfolio import payment_calendar, portfolio_report
from rrcalc.output.render import render
from rrcalc.output.xlsx import workbook

from .conftest import AGREEMENTS

EX = AGREEMENTS / "examples"


@pytest.fixture
def deals(tmp_path):
    acme = tmp_path / "acme.yaml"
    acme.write_text("deal: Acme PIPE\n" + (EX / "2003-late-filing.yaml").read_text(encoding="utf-8")
                    + "payments:\n  - {investor: White Investments, date: 2003-09-25, amount: 10000.00}\n",
                    encoding="utf-8")
    beta = tmp_path / "beta.yaml"
    beta.write_text("deal: Beta\n" + (EX / "2002-late-effectiveness.yaml").read_text(encoding="utf-8"),
                    encoding="utf-8")
    return [acme, beta]


def test_payment_calendar_applies_payments_in_the_order_amounts_fall_due(deals):
    rows = payment_calendar(load_deals(deals))
    assert [(r["payment_due"], r["deal"], r["investor"]) for r in rows][:2] == [
        (date(2003, 7, 2), "Beta", "Investor A"), (date(2003, 7, 2), "Beta", "Investor B")]
    white = [r for r in rows if r["investor"] == "White Investments"]
    # White is paid 10,000.00 on 2003-09-25: first its late-filing amount due 2003-09-20,
    # 1% × 1,000,000 × 25/30 = 8,333.33, in full; the other 1,666.67 goes to the restricted-sale amount due
    # 2003-12-03, 1.5% × 1,000,000 × 26/30 = 13,000.00, leaving 11,333.33
    assert [(r["amount"], r["paid"], r["outstanding"], r["status"]) for r in white] == [
        (Decimal("8333.33"), Decimal("8333.33"), Decimal("0.00"), "paid 2003-09-25"),
        (Decimal("13000.00"), Decimal("1666.67"), Decimal("11333.33"), "part paid")]


def test_totals_per_deal_and_investor_and_every_view_agrees(deals, tmp_path):
    report = portfolio_report(load_deals(deals))
    payload = json.loads(render(report, "json", False))
    # Beta (2002, 2(b)(iii), 2% per 30 days): A 1,500,000 × 2% = 30,000.00 + × 14/30 = 14,000.00;
    # B 750,000 × 2% = 15,000.00 + 7,000.00 -> 66,000.00. Acme (2003): 57,500.00 (see test_xlsx).
    by_deal = {d["deal"]: d for d in payload["by_deal"]}
    assert by_deal["Beta"]["amount"] == "66000.00" and by_deal["Beta"]["agreement"] == "2002"
    assert by_deal["Acme PIPE"]["amount"] == "57500.00" and by_deal["Acme PIPE"]["outstanding"] == "47500.00"
    assert payload["totals"] == {"amount": "123500.00", "paid": "10000.00", "outstanding": "113500.00",
                                 "interest": "0.00"}
    by_investor = {d["investor"]: d["amount"] for d in payload["by_investor"]}
    assert by_investor == {"Investor A": "44000.00", "Investor B": "22000.00",
                           "SF Capital Partners Ltd.": "36166.67", "White Investments": "21333.33"}
    # the CSV is the payment calendar; the workbook's SUM totals match its columns
    rows = list(csv.DictReader(io.StringIO(render(report, "csv", False))))
    assert len(rows) == 8
    csv_total = {m: sum((Decimal(r[m]) for r in rows), Decimal("0.00")) for m in ("amount", "paid", "outstanding")}
    assert csv_total == {"amount": Decimal("123500.00"), "paid": Decimal("10000.00"),
                         "outstanding": Decimal("113500.00")}
    path = tmp_path / "p.xlsx"
    path.write_bytes(workbook(report))
    wb = openpyxl.load_workbook(path, data_only=True)
    ws = wb["Payment calendar"]
    header = [c.value for c in ws[2]]
    total_row = [c.value for c in ws[3 + len(rows)]]
    assert total_row[0] == "total"
    for m, want in csv_total.items():
        assert Decimal(str(total_row[header.index(m)])).quantize(Decimal("0.01")) == want
    assert openpyxl.load_workbook(path)["Payment calendar"].cell(3 + len(rows), header.index("amount") + 1).value \
        == "=SUM(H3:H10)"
    assert wb.sheetnames == ["Payment calendar", "By deal", "By investor"]  # three views of one set of amounts


def test_a_deal_must_name_its_agreement(tmp_path):
    from rrcalc.errors import RRCalcError

    path = tmp_path / "x.yaml"
    path.write_text("as_of: 2004-01-31\n", encoding="utf-8")
    with pytest.raises(RRCalcError, match="name the agreement"):
        load_deals([path])
