"""The HTML deal report: self-contained, escaped, deterministic; loaded in a real headless Chromium."""

from __future__ import annotations

import csv
import io
import re
from decimal import Decimal

import pytest

from rrcalc import api
from rrcalc.output import views
from rrcalc.output.html import deal_report, money
from rrcalc.output.render import render

from .browser import Browser, find_browser
from .conftest import AGREEMENTS

EXAMPLE = AGREEMENTS / "examples" / "2003-late-filing.yaml"


def report_for(path=EXAMPLE, **kw) -> str:
    return deal_report(api.scenario(api.Registry(), path), **kw)


def csv_rows(path=EXAMPLE) -> list[dict[str, str]]:
    """The CSV of the same run, as `rrcalc penalties --format csv` writes it."""
    sc = api.scenario(api.Registry(), path)
    return list(csv.DictReader(io.StringIO(render(views.penalties_report([sc]), "csv", False))))


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


def test_figures_match_the_csv_of_the_same_run():
    html = report_for()
    rows = csv_rows()
    overall = sum((Decimal(r["amount"]) for r in rows), Decimal("0.00"))
    # by hand: 16,666.67 + 19,500.00 + 8,333.33 + 13,000.00 = 57,500.00 (see test_xlsx)
    assert overall == Decimal("57500.00")
    assert f'id="total" data-amount="{overall}">{money(overall)}<' in html
    for name in {r["investor"] for r in rows}:
        mine = sum((Decimal(r["amount"]) for r in rows if r["investor"] == name), Decimal("0.00"))
        assert f'data-investor="{name}" data-amount="{mine}">{money(mine)}<' in html
    for r in rows:
        assert money(Decimal(r["amount"])) in html


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


def test_the_report_in_chromium(browser, tmp_path):
    target = tmp_path / "deal.html"
    target.write_text(report_for(), encoding="utf-8")
    page = browser.open(target)
    assert page.errors == []
    assert [u for u in page.requests if u != target.resolve().as_uri()] == []  # nothing else is loaded
    rows = csv_rows()
    overall = sum((Decimal(r["amount"]) for r in rows), Decimal("0.00"))
    assert browser.evaluate("document.getElementById('total').textContent") == money(overall) == "$57,500.00"
    shown = browser.evaluate("Object.fromEntries([...document.querySelectorAll('.investor-total')]"
                             ".map(e => [e.dataset.investor, e.textContent]))")
    want = {name: money(sum((Decimal(r["amount"]) for r in rows if r["investor"] == name), Decimal("0.00")))
            for name in {r["investor"] for r in rows}}
    assert shown == want == {"SF Capital Partners Ltd.": "$36,166.67", "White Investments": "$21,333.33"}
    assert "January 31, 2004" in browser.evaluate("document.getElementById('as-of').innerText")
    # the timeline is drawn: a visible SVG with a mark per blackout and payment date
    box = browser.evaluate("(() => { const r = document.querySelector('svg.timeline').getBoundingClientRect();"
                           " return [r.width, r.height]; })()")
    assert box[0] > 600 and box[1] > 200
    png = browser.screenshot()
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 20_000
    (tmp_path / "deal.png").write_bytes(png)
    assert browser.pdf().startswith(b"%PDF")  # it prints (print CSS)
