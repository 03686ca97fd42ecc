"""Each new output through the installed console script (`.venv/bin/rrcalc` in a subprocess), parsed back with
an independent library and compared with the CSV of the same run."""

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


@pytest.fixture
def deal(tmp_path):
    path = tmp_path / "acme.yaml"
    path.write_text("deal: Acme PIPE\n" + EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    return path


def test_xlsx_from_the_output_extension(deal, tmp_path):
    target = tmp_path / "deal.xlsx"
    done = rrcalc("penalties", "-e", deal, "-o", target)
    assert done.returncode == 0 and done.stdout == "", done.stderr
    rows = csv_amounts("penalties", "-e", deal)
    wb = openpyxl.load_workbook(target, data_only=True)
    summary = wb["Summary"]
    total_row = 3 + (len(wb.sheetnames) - 2)  # one row per investor sheet, then the total
    assert summary.cell(total_row, 1).value == "total"
    got = Decimal(str(summary.cell(total_row, 3).value)).quantize(Decimal("0.01"))
    assert got == sum((Decimal(r["amount"]) for r in rows), Decimal("0.00")) == Decimal("57500.00")
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
    rows = csv_amounts("penalties", "-e", deal)
    assert len(events) == len(rows) == 4
    by_uid = {str(e["UID"]): e for e in events}
    from rrcalc.output.ics import deal_key, slug

    key = deal_key("2003", "Acme PIPE", None)
    for r in rows:
        ev = by_uid[f"{key}.payment.{slug(r['investor'])}.{r['track']}.{r['occurrence']}.{r['period']}@rrcalc"]
        assert ev.decoded("DTSTART") == date.fromisoformat(r["payment_due"])
        assert f"${Decimal(r['amount']):,.2f}" in str(ev["SUMMARY"]) and str(ev["SUMMARY"]).endswith(" — Acme PIPE")
        assert ev.walk("VALARM")[0].decoded("TRIGGER") < timedelta(0)
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


def test_report_html_through_the_console_script(deal, tmp_path):
    target = tmp_path / "deal.html"
    done = rrcalc("report", "--agreement", "2003", "--events", deal, "-o", target)
    assert done.returncode == 0, done.stderr
    assert f"wrote {target}" in done.stderr
    html = target.read_text(encoding="utf-8")
    rows = csv_amounts("penalties", "-e", deal)
    total = sum((Decimal(r["amount"]) for r in rows), Decimal("0.00"))
    assert f'id="total" data-amount="{total}">${total:,.2f}<' in html
    assert "<h1>Acme PIPE</h1>" in html
    if find_browser() is None:
        pytest.skip("no headless Chromium here: install the Debian package `chromium` (`.ci/run` does, as root)")
    with Browser() as browser:
        page = browser.open(target)
        assert page.errors == []
        assert browser.evaluate("document.getElementById('total').textContent") == f"${total:,.2f}"


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
