"""`rrcalc exposure`: the total owed for every possible cure date of a track (what-if), and its chart."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

from .conftest import ROOT

EXAMPLE = ROOT / "agreements" / "examples" / "2003-late-filing.yaml"


def test_exposure_of_late_filing_by_cure_date(cli):
    result = cli("exposure", "-a", "2003", "-e", EXAMPLE, "--cure-from", "2003-08-20", "--cure-to",
                 "2003-09-25", "-f", "csv")
    assert result.code == 0, result.err
    rows = {r["cure_date"]: r for r in csv.DictReader(io.StringIO(result.out))}
    # investor columns are named "investor: NAME", so no investor name can collide with cure_date or total
    assert list(next(iter(rows.values()))) == ["cure_date", "total", "investor: SF Capital Partners Ltd.",
                                               "investor: White Investments"]
    # Required Filing Date 08-21: filing on or before it owes nothing.
    assert rows["2003-08-21"]["total"] == "0.00"
    # Filed 08-22, one day late: 2,000,000 × 1% × 1/30 = 666.67 and 1,000,000 × 1% × 1/30 = 333.33.
    assert (rows["2003-08-22"]["investor: SF Capital Partners Ltd."],
            rows["2003-08-22"]["investor: White Investments"]) == \
        ("666.67", "333.33")
    # Filed 09-20 = T + 30: a full period at 1%: 20,000 + 10,000.
    assert rows["2003-09-20"]["total"] == "30000.00"
    # Filed 09-25: 30 days + 5 days: 1% + 1% × 5/30 of 3,000,000 = 30,000 + 5,000.
    assert rows["2003-09-25"]["total"] == "35000.00"


def test_exposure_of_a_restricted_sale_by_the_end_of_the_suspension(cli):
    # The example's second blackout starts 11-03 (a Restricted Sale Date). If restrictions are removed on
    # 11-13, 10 days: SF 1,500,000 × 1.5% × 10/30 = 7,500; White 1,000,000 × 1.5% × 10/30 = 5,000.
    result = cli("exposure", "-a", "2003", "-e", EXAMPLE, "--track", "restricted_sale", "--cure-from", "2003-11-13",
                 "--cure-to", "2003-11-13", "-f", "json")
    data = json.loads(result.out)
    (point,) = data["points"]
    assert point["by_investor"] == {"SF Capital Partners Ltd.": "7500.00", "White Investments": "5000.00"}
    assert point["total"] == "12500.00"


def test_exposure_table_has_bars_and_the_svg_is_an_image(cli, tmp_path):
    target = tmp_path / "exposure.svg"
    result = cli("exposure", "-a", "2003", "-e", EXAMPLE, "--cure-from", "2003-08-20", "--cure-to", "2003-09-18",
                 "--plot", target, "-f", "table")
    assert result.code == 0
    assert "█" in result.out
    root = ET.fromstring(target.read_text())
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    bars = [r for r in root.iter("{http://www.w3.org/2000/svg}rect") if r.find("{http://www.w3.org/2000/svg}title")
            is not None]
    assert len(bars) == 30  # one per cure date, 08-20 .. 09-18


def test_exposure_bad_usage(cli):
    assert cli("exposure", "-a", "2003", "-e", EXAMPLE, "--cure-from", "2003-09-01", "--cure-to", "2003-08-01").code \
        == 2
    result = cli("exposure", "-a", "2003", "-e", EXAMPLE, "--cure-from", "2003-09-01", "--cure-to", "2003-09-02",
                 "--track", "late_filling")
    assert result.code == 2 and "did you mean 'late_filing'?" in result.err
    assert cli("exposure", "-a", "2001", "--cure-from", "2003-09-01", "--cure-to", "2003-09-02").code == 2


def test_the_exposure_chart_shows_the_steps_the_actual_cure_and_each_investor(cli, tmp_path):
    target = tmp_path / "steps.svg"
    ex98 = EXAMPLE.parent / "1998-late-registration.yaml"
    result = cli("exposure", "-e", ex98, "--cure-from", "1998-03-01", "--cure-to", "1998-08-30", "--plot", target,
                 "-f", "csv")
    assert result.code == 0, result.err
    root = ET.fromstring(target.read_text())
    ns = "{http://www.w3.org/2000/svg}"
    texts = ["".join(t.itertext()) for t in root.iter(f"{ns}text")]
    steps = ["".join(t.itertext()) for t in root.iter(f"{ns}text") if t.get("class") == "step"]
    # 1998 2(c): 2% of the $7,000,000 Aggregate Share Price for each 30-day period "or portion thereof", so the
    # total jumps by $140,000 on the first day of each new period, 30 days apart
    assert steps == ["May 30: $140,000", "Jun 29: $280,000", "Jul 29: $420,000", "Aug 28: $560,000"]
    assert "actual cure 1998-06-15: $140,000" in texts  # effective on 1998-06-15, inside the first period
    assert "total owed (USD)" in texts and any(t.startswith("What a later cure costs: ") for t in texts)
    assert "JNC Opportunity Fund Ltd." in texts  # the legend names each investor's stack
