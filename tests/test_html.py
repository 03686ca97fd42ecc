"""The HTML deal report: self-contained, escaped, deterministic; loaded in a real headless Chromium."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from rrcalc import api
from rrcalc.output.html import REPORT, deal_report

from .browser import Browser, find_browser
from .conftest import AGREEMENTS

EXAMPLE = AGREEMENTS / "examples" / "2003-late-filing.yaml"


def report_for(path=EXAMPLE, **kw) -> str:
    return deal_report(api.compute(api.scenario(api.Registry(), path), REPORT), **kw)


#: The example's Periodic Amounts, by hand. 2003 1(h): the 10-Q of Thu 2003-08-14 makes the Required Filing Date
#: Thu 08-21; filed 09-15, 25 days late: 2(b)(iii)(A) 1% × 2,000,000 × 25/30 = 16,666.67 (SF) and
#: 1% × 1,000,000 × 25/30 = 8,333.33 (White). The second blackout (11-03 .. 11-28: 18 business days, at most 15,
#: 3(h)) makes 11-03 a Restricted Sale Date, removed 11-29: 26 days at 1.5% (2(b)(iii)(b)) of what each holds:
#: SF 1,500,000 (500,000 sold 10-08) × 1.5% × 26/30 = 19,500.00; White 1,000,000 × 1.5% × 26/30 = 13,000.00.
AMOUNTS = {"SF Capital Partners Ltd.": [Decimal("16666.67"), Decimal("19500.00")],
           "White Investments": [Decimal("8333.33"), Decimal("13000.00")]}
#: SF 36,166.67; White 21,333.33; together 57,500.00.
BY_INVESTOR = {name: sum(amounts, Decimal("0.00")) for name, amounts in AMOUNTS.items()}
OVERALL = Decimal("57500.00")


def test_self_contained_and_deterministic():
    html = report_for()
    assert html == report_for()
    assert "<script" not in html
    # nothing is fetched: no src/href other than data: URIs or in-page anchors, no @import, no url(http...)
    assert not re.findall(r'(?:src|href)="(?!data:|#)', html)
    assert "@import" not in html and "url(" not in html
    assert "<svg" in html and "<style>" in html
    assert "January 31, 2004" in html  # the as-of date, in words


def test_text_from_the_files_is_escaped(write):
    text = EXAMPLE.read_text(encoding="utf-8").replace("- name: White Investments",
                                                      "- name: \"White <script>alert(1)</script> & Co\"")
    html = report_for(write("evil.yaml", 'deal: "<b>Acme</b>"\n' + text))
    assert "<script>alert(1)</script>" not in html and "<b>Acme</b>" not in html
    assert "White &lt;script&gt;alert(1)&lt;/script&gt; &amp; Co" in html
    assert "&lt;b&gt;Acme&lt;/b&gt;" in html


def test_figures_are_the_hand_worked_amounts():
    html = report_for()
    assert BY_INVESTOR == {"SF Capital Partners Ltd.": Decimal("36166.67"), "White Investments": Decimal("21333.33")}
    assert sum(BY_INVESTOR.values()) == OVERALL
    assert 'id="total" data-amount="57500.00">$57,500.00<' in html
    assert 'data-investor="SF Capital Partners Ltd." data-amount="36166.67">$36,166.67<' in html
    assert 'data-investor="White Investments" data-amount="21333.33">$21,333.33<' in html
    for shown in ("$16,666.67", "$19,500.00", "$8,333.33", "$13,000.00"):  # AMOUNTS, as a person writes them
        assert shown in html


def test_the_readings_are_priced():
    html = report_for()
    for key in api.load_agreement("2003").readings:
        assert f"<code>{key}</code>" in html
    assert "(in force)" in html


# -- in a real browser -----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def browser():
    if find_browser() is None:
        pytest.skip("no headless Chromium here: install the Debian package `chromium` (`.ci/run` does, as root)")
    with Browser() as b:
        yield b


@pytest.mark.slow
def test_the_report_in_chromium(browser, tmp_path):
    target = tmp_path / "deal.html"
    target.write_text(report_for(), encoding="utf-8")
    page = browser.open(target)
    assert page.errors == []
    assert [u for u in page.requests if u != target.resolve().as_uri()] == []  # nothing else is loaded
    assert browser.evaluate("document.getElementById('total').textContent") == "$57,500.00"  # OVERALL, by hand
    shown = browser.evaluate("Object.fromEntries([...document.querySelectorAll('.investor-total')]"
                             ".map(e => [e.dataset.investor, e.textContent]))")
    assert shown == {"SF Capital Partners Ltd.": "$36,166.67", "White Investments": "$21,333.33"}  # BY_INVESTOR
    assert "January 31, 2004" in browser.evaluate("document.getElementById('as-of').innerText")
    # the timeline is drawn: a visible SVG with a mark per blackout and payment date
    box = browser.evaluate("(() => { const r = document.querySelector('svg.timeline').getBoundingClientRect();"
                           " return [r.width, r.height]; })()")
    assert box[0] > 600 and box[1] > 200
    png = browser.screenshot()
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 20_000
    (tmp_path / "deal.png").write_bytes(png)
    assert browser.pdf().startswith(b"%PDF")  # it prints (print CSS)


def test_2007_dollar_rates_are_shown_as_the_agreement_words_them(cli):
    # 2007 §2: "$10,000 for each 30-day period" (amount usd, period_days 30); §3: "$2,500 for each Business Day"
    # (usd_per_business_day): dollars, never a percentage (the amount family's unit, rrcalc.model.vocabulary).
    html = report_for(AGREEMENTS / "examples" / "2007-late-filing-and-effectiveness.yaml")
    assert "$10,000.00 per 30-day period" in html and "$2,500.00 per Business Day" in html
    assert "10000%" not in html and "2500%" not in html
    table = cli("penalties", "-e", AGREEMENTS / "examples" / "2007-late-filing-and-effectiveness.yaml", "-f", "table")
    assert table.code == 0, table.err
    assert "$10,000.00 per 30-day period" in table.out and "$2,500.00 per Business Day" in table.out
    rates = cli("penalties", "-a", "2007", "-f", "table")
    assert "$10,000.00 per 30-day period" in rates.out and "$2,500.00 per Business Day" in rates.out
    # CSV and JSON: the rate with its unit, one column each, for every family
    csv_out = cli("penalties", "-e", AGREEMENTS / "examples" / "2007-late-filing-and-effectiveness.yaml", "-f", "csv")
    first = csv_out.out.splitlines()[1].split(",")
    header = csv_out.out.splitlines()[0].split(",")
    assert "rate_pct" not in header
    assert (first[header.index("rate")], first[header.index("rate_unit")]) == ("10000", "USD per period")


def test_a_percentage_rate_keeps_its_percent_sign():
    # 2003 2(b)(iii)(A): 1% of the purchase price per 30 days
    html = report_for()
    assert ">1%<" in html
