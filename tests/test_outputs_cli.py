"""Each output through the installed console script (`.venv/bin/rrcalc` in a subprocess), parsed back with an
independent library (openpyxl, icalendar, ElementTree, a headless Chromium) and held to the figures worked by hand.

The 2003 example (agreements/examples/2003-late-filing.yaml), by hand. 2003 1(h): the 10-Q of Thu 2003-08-14 makes
the Required Filing Date five business days later, Thu 08-21; filed 09-15: 25 days late (08-22 .. 09-15).
2(b)(iii)(A), prorated per 30 days: SF 1% × 2,000,000 × 25/30 = 16,666.67; White 1% × 1,000,000 × 25/30 = 8,333.33;
payable 2(b)(iv)(1) thirty days after the Required Filing Date, Sat 09-20 (the filing came before it).
The second blackout, 11-03 .. 11-28, began six business days after the first ended (ten required) and ran 18
business days (at most 15, 3(h)): a Restricted Sale Date 11-03, restrictions removed 11-29: 26 days at 1.5%
(2(b)(iii)(b)) of what each still holds: SF 1,500,000 (it sold 500,000 on 10-08) × 1.5% × 26/30 = 19,500.00;
White 1,000,000 × 1.5% × 26/30 = 13,000.00; payable 11-03 + 30 = Wed 12-03.
SF 16,666.67 + 19,500.00 = 36,166.67; White 8,333.33 + 13,000.00 = 21,333.33; together 57,500.00.
"""

from __future__ import annotations

import csv
import io
import subprocess
import sys
import xml.etree.ElementTree as ET
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import icalendar
import openpyxl
import pytest

from .browser import Browser, find_browser
from .conftest import ROOT

RRCALC = str(Path(sys.executable).parent / "rrcalc")
EXAMPLE = ROOT / "agreements" / "examples" / "2003-late-filing.yaml"


def rrcalc(*args: object, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([RRCALC, *map(str, args)], capture_output=True, text=True, cwd=cwd)


def csv_amounts(*args: object) -> list[dict[str, str]]:
    done = rrcalc(*args, "--format", "csv")
    assert done.returncode == 0, done.stderr
    return list(csv.DictReader(io.StringIO(done.stdout)))


#: The example's Periodic Amounts, worked by hand in the module's docstring: (investor, amount, payable).
PAYMENTS = [("SF Capital Partners Ltd.", "16,666.67", date(2003, 9, 20)),
            ("White Investments", "8,333.33", date(2003, 9, 20)),
            ("SF Capital Partners Ltd.", "19,500.00", date(2003, 12, 3)),
            ("White Investments", "13,000.00", date(2003, 12, 3))]


@pytest.fixture
def deal(tmp_path):
    path = tmp_path / "acme.yaml"
    path.write_text("deal: Acme PIPE\n" + EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    return path


def test_xlsx_from_the_output_extension(deal, tmp_path):
    target = tmp_path / "deal.xlsx"
    done = rrcalc("penalties", "-e", deal, "-o", target)
    assert done.returncode == 0 and done.stdout == "", done.stderr
    summary = openpyxl.load_workbook(target, data_only=True)["Summary"]  # the values a non-recalculating reader sees
    got = [(summary.cell(row, 1).value, Decimal(str(summary.cell(row, 3).value)).quantize(Decimal("0.01")))
           for row in (3, 4, 5)]
    # by hand (the module's docstring): SF 16,666.67 + 19,500.00; White 8,333.33 + 13,000.00; together 57,500.00
    assert got == [("SF Capital Partners Ltd.", Decimal("36166.67")), ("White Investments", Decimal("21333.33")),
                   ("total", Decimal("57500.00"))]
    # a second run writes the same bytes
    again = tmp_path / "again.xlsx"
    assert rrcalc("penalties", "-e", deal, "--format", "xlsx", "-o", again).returncode == 0
    assert again.read_bytes() == target.read_bytes()


def test_xlsx_is_not_written_to_a_terminal_but_can_be_piped(deal):
    done = subprocess.run([RRCALC, "deadlines", "-e", deal, "-f", "xlsx"], capture_output=True)
    assert done.returncode == 0 and done.stdout.startswith(b"PK")  # a zip container, to a pipe


def test_ics_payments_and_blackouts_with_reminders(deal, tmp_path):
    done = rrcalc("penalties", "-e", deal, "-f", "ics", "--remind", "3")
    assert done.returncode == 0, done.stderr
    events = icalendar.Calendar.from_ical(done.stdout.encode()).walk("VEVENT")
    got = sorted((e.decoded("DTSTART"), str(e["SUMMARY"]), e.walk("VALARM")[0].decoded("TRIGGER")) for e in events)
    # one event per Periodic Amount (the module's docstring), on the day it is payable, reminded three business days
    # before: Sat 09-20 -> Fri 19, Thu 18, Wed 17 (3 calendar days); Wed 12-03 -> Tue 2, Mon 1, Fri 11-28
    # (Thanksgiving, Thu 11-27, is no business day): 5 calendar days
    remind = {date(2003, 9, 20): timedelta(days=-3), date(2003, 12, 3): timedelta(days=-5)}
    assert got == sorted((due, f"Periodic Amount ${amount} due to {investor} — Acme PIPE", remind[due])
                         for investor, amount, due in PAYMENTS)
    blackouts = rrcalc("suspensions", "-e", deal, "--output", tmp_path / "b.ics")
    assert blackouts.returncode == 0, blackouts.stderr
    cal = icalendar.Calendar.from_ical((tmp_path / "b.ics").read_bytes())
    spans = {str(e["SUMMARY"]): (e.decoded("DTSTART"), e.decoded("DTEND")) for e in cal.walk("VEVENT")}
    assert spans["Blackout 2 (not permitted) — Acme PIPE"] == (date(2003, 11, 3), date(2003, 11, 29))
    deadlines = rrcalc("deadlines", "-e", deal, "-f", "ics")
    titles = [str(e["SUMMARY"]) for e in icalendar.Calendar.from_ical(deadlines.stdout.encode()).walk("VEVENT")]
    assert "Required Filing Date — Acme PIPE" in titles
    refused = rrcalc("penalties", "-e", deal, "-f", "csv", "--remind", "3")
    assert refused.returncode == 2 and "--remind goes with --format ics" in refused.stderr


def _report(deal, target) -> str:
    done = rrcalc("report", "--agreement", "2003", "--events", deal, "-o", target)
    assert done.returncode == 0, done.stderr
    assert f"wrote {target}" in done.stderr
    return target.read_text(encoding="utf-8")


def test_report_html_through_the_console_script(deal, tmp_path):
    html = _report(deal, tmp_path / "deal.html")
    # by hand (the module's docstring): together 57,500.00; SF 36,166.67; White 21,333.33
    assert 'id="total" data-amount="57500.00">$57,500.00<' in html
    assert 'data-investor="SF Capital Partners Ltd." data-amount="36166.67">$36,166.67<' in html
    assert 'data-investor="White Investments" data-amount="21333.33">$21,333.33<' in html
    for _investor, amount, _due in PAYMENTS:
        assert f"${amount}" in html
    assert "<h1>Acme PIPE</h1>" in html


@pytest.mark.slow
def test_report_html_from_the_console_script_in_chromium(deal, tmp_path):
    if find_browser() is None:
        pytest.skip("no headless Chromium here: install the Debian package `chromium` (`.ci/run` does, as root)")
    target = tmp_path / "deal.html"
    _report(deal, target)
    with Browser() as browser:
        page = browser.open(target)
        assert page.errors == []
        assert browser.evaluate("document.getElementById('total').textContent") == "$57,500.00"  # by hand, above


def test_portfolio_csv_and_xlsx(tmp_path):
    b = ROOT / "agreements" / "examples" / "2002-late-effectiveness.yaml"
    rows = csv_amounts("portfolio", EXAMPLE, b)
    # 2003 example 57,500.00 + 2002 example 66,000.00 (see test_portfolio for the working)
    assert sum((Decimal(r["amount"]) for r in rows), Decimal("0.00")) == Decimal("123500.00")
    assert [r["payment_due"] for r in rows] == sorted(r["payment_due"] for r in rows)
    target = tmp_path / "p.xlsx"
    assert rrcalc("portfolio", EXAMPLE, b, "-o", target).returncode == 0
    ws = openpyxl.load_workbook(target, data_only=True)["By investor"]
    assert ws.cell(3 + 4, 1).value == "total"
    assert Decimal(str(ws.cell(3 + 4, 2).value)).quantize(Decimal("0.01")) == Decimal("123500.00")


def test_check_for_ci(tmp_path):
    deals = tmp_path / "deals"
    deals.mkdir()
    (deals / "acme.yaml").write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    (deals / "acme.expect.yaml").write_text(
        "cases:\n  - name: totals\n    events: acme.yaml\n    expect: {total: 57500.00}\n", encoding="utf-8")
    ok = rrcalc("check", "deals/acme.yaml", "deals/acme.expect.yaml", "--quiet", cwd=tmp_path)
    assert ok.returncode == 0 and ok.stdout.splitlines() == [ok.stdout.splitlines()[-1]]  # only the count
    assert ok.stdout.strip().endswith(" passed, 0 failed")
    gated = rrcalc("check", "deals/acme.yaml", "--fail-on", "missed,not_permitted", "--format", "github",
                   "--junit", "junit.xml", cwd=tmp_path)
    assert gated.returncode == 1
    errors = [line for line in gated.stdout.splitlines() if line.startswith("::error ")]
    assert [e.split("::")[1].split(",")[:2] for e in errors] == [["error file=deals/acme.yaml", "line=6"],
                                                                 ["error file=deals/acme.yaml", "line=13"]]
    root = ET.parse(tmp_path / "junit.xml").getroot()
    assert root.get("failures") == "2"
    bad = rrcalc("check", "--fail-on", "mised", cwd=tmp_path)
    assert bad.returncode == 2 and "did you mean 'missed'" in bad.stderr
