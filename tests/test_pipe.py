"""The fifth, illustrative agreement (a 2024 PIPE), encoded in YAML only: its terms through the CLI."""

from __future__ import annotations

import csv
import io
import json


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_deadlines_roll_to_the_next_business_day(cli):
    got = {r["obligation"]: r for r in rows(cli("deadlines", "-a", "2024", "-f", "csv").out)}
    # 1(g): Closing 2024-03-06 + 60 = Sun 2024-05-05, "extended to the next Business Day": Mon 05-06.
    assert got["effectiveness_deadline"]["due"] == "2024-05-06"
    assert "moved from 2024-05-05 (a weekend)" in got["effectiveness_deadline"]["basis"]
    # Memorial Day: closing + 90 on review = Tue 2024-06-04, a Business Day.
    on_review = {r["obligation"]: r["due"] for r in rows(cli("deadlines", "-a", "2024", "--event", "sec_review=true",
                                                             "-f", "csv").out)}
    assert on_review["effectiveness_deadline"] == "2024-06-04"


def test_monthly_anniversaries_the_cap_and_interest(cli):
    # Never effective; Registration Event 05-07 (the day after 05-06); 1% of 2,000,000 = 20,000 on 05-07 and
    # each anniversary. The cap, 10% = 200,000, is reached on the 10th (2025-02-07).
    result = cli("penalties", "-a", "2024", "--event", "registration_filed=2024-04-01", "--purchase-price",
                 "2000000", "--as-of", "2025-03-31", "-f", "json")
    data = json.loads(result.out)
    amounts = [p["amount"] for p in data["periods"]]
    assert amounts[:10] == ["20000.00"] * 10 and amounts[10:] == ["0.00"]
    assert data["totals"]["overall"] == "200000.00"
    # The 11th, accruing since 2025-03-07 (25 days to 03-31: 20,000 × 25/30 = 16,666.67), is cut to 0.
    assert "cut from 16666.67 by the cap of 10% of 2000000 = 200000.00" in data["periods"][10]["rule"]
    # The first, due 05-10 (3 Business Days after 05-07), unpaid at 2025-03-31: 325 days late:
    # 20,000 × 1% × 325/30 = 2,166.67.
    assert data["periods"][0]["payment_due"] == "2024-05-10"
    assert data["periods"][0]["interest"] == "2166.67"


def test_grace_periods_are_counted_in_trading_days(cli, write):
    # 06-03 .. 06-24: 16 weekdays, but Juneteenth (06-19) is no Trading Day: 15, allowable. On business days
    # it would also be 15 (Juneteenth is a bank holiday too); 06-03 .. 06-25 is 16: not allowable.
    path = write("deal.yaml", """
        as_of: 2024-12-31
        events: {registration_filed: 2024-04-01, registration_effective: 2024-05-01}
        suspensions:
          - {start: 2024-06-03, end: 2024-06-24, kind: grace_period}
          - {start: 2024-09-03, end: 2024-09-24, kind: grace_period}
          - {start: 2024-11-04, end: 2024-11-08, kind: grace_period}
        investors: [{name: H, purchase_price: 1000000.00}]
    """)
    got = rows(cli("suspensions", "-a", "2024", "-e", path, "-f", "csv").out)
    assert [(r["business_days"], r["permitted"]) for r in got[:2]] == [("15", "yes"), ("16", "no")]
    # The third, 5 Trading Days: the 365-day total would be 15 + 16 + 5 = 36 > 30: not allowable.
    assert got[2]["permitted"] == "no"
    assert "brings suspensions to 36 trading days in the 365 days ending 2024-11-08; at most 30" in got[2]["reasons"]


def test_show_prints_the_illustrative_notes(cli):
    out = cli("show", "-a", "2024", "-f", "csv").out
    assert "Illustrative only" in out and "Within 5 Trading Days after the end" in out
