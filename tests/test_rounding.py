"""Rounding (the conventions' money rule): each amount, each interest figure and each percentage is rounded to
its places half-up, once; a total is the sum of the rounded amounts; sums are exact however many digits.

The behaviour is checked on figures that land exactly on a half cent, where half-up, half-even (Python's
default) and truncation give different answers, through the console entry point in-process (the ``cli``
fixture). The pro rata division of a cap in cents that add up is in test_cap.
"""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal

D = Decimal


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_a_periodic_amount_on_a_half_cent_rounds_up_and_the_total_adds_the_rounded_amounts(cli, write):
    # 2003 1(h): the 10-Q filed Thu 2003-08-14 -> Required Filing Date five business days later, Thu 08-21
    # (08-15, 08-18, 08-19, 08-20, 08-21). Filed Fri 08-22: one day late (08-22, counted as the example's
    # 08-22 .. 09-15 is 25 days).
    # 2(b)(iii)(A), prorated per 30 days: 1% × 1,000,035.00 × 1/30 = 10,000.35 / 30 = 333.345 exactly
    #   -> half-up 333.35 (half-even and truncation would give 333.34).
    # Three Investors of 1,000,035.00 each: the total is 3 × 333.35 = 1,000.05, the sum of the rounded amounts
    #   (rounding the whole once, 1% × 3,000,105.00 × 1/30 = 1,000.035, would give 1,000.04).
    deal = write("deal.yaml", """
        agreement: "2003"
        as_of: 2004-01-31
        events: {quarterly_report_filed: 2003-08-14, registration_filed: 2003-08-22}
        investors:
          - {name: A, purchase_price: 1000035.00}
          - {name: B, purchase_price: 1000035.00}
          - {name: C, purchase_price: 1000035.00}
    """)
    result = cli("penalties", "-e", deal, "-f", "csv")
    assert result.code == 0, result.err
    got = [(r["investor"], r["track"], r["days"], r["amount"]) for r in rows(result.out)]
    assert got == [(name, "late_filing", "1", "333.35") for name in ("A", "B", "C")]
    totals = cli("penalties", "-e", deal, "-f", "json")
    assert '"overall": "1000.05"' in totals.out, totals.out[-400:]


def test_interest_on_a_half_cent_rounds_up(cli, write):
    # 2024 3(a)(i), 3(b): Filing Deadline Fri 2024-04-05; the Registration Event is Sat 04-06: 1% of 1,000,000.00
    # = 10,000.00 for the month 04-06 .. 05-05 (filed Mon 05-06, the cure day not counted: one whole month).
    # 3(d): due three Business Days after it accrues: Mon 04-08, Tue 04-09, Wed 04-10.
    # Paid 9,899.50 on 04-10 (on time); 100.50 is still unpaid at the as-of date 05-10, 30 days late
    # (20 days to 04-30 + 10): 100.50 × 1% × 30/30 = 1.005 exactly -> half-up 1.01 (half-even would give 1.00).
    # Effective 05-06, on the Effectiveness Deadline (05-05 is a Sunday, extended to Mon 05-06): no other amount.
    deal = write("deal.yaml", """
        agreement: "2024"
        as_of: 2024-05-10
        events: {registration_filed: 2024-05-06, registration_effective: 2024-05-06}
        investors: [{name: H, purchase_price: 1000000.00}]
        payments: [{investor: H, date: 2024-04-10, amount: 9899.50}]
    """)
    result = cli("penalties", "-e", deal, "-f", "csv")
    assert result.code == 0, result.err
    got = [(r["track"], r["period"], r["days"], r["amount"], r["payment_due"], r["interest"])
           for r in rows(result.out)]
    assert got == [("late_filing", "1", "30", "10000.00", "2024-04-10", "1.01")]


def test_percentages_round_half_up():
    # $12.50 per $1,000,000 = 0.00125% -> to 4 places half-up 0.0013 (the interpreter's default, half-even, gives
    # 0.0012); $1,234.565 per $1,000,000 = 0.1234565% -> 0.1235.
    from rrcalc.engine.money import percent

    assert percent(D("12.50"), D("1000000.00")) == D("0.0013")
    assert percent(D("1234.565"), D("1000000.00")) == D("0.1235")
    assert percent(D("15000.00"), D("1000000.00")) == D("1.5")


def test_many_digit_sums_are_exact():
    # 28 significant digits are the default context's; the engine's sums are exact (money.add, 60 digits):
    # 10^27 + 0.01 + 0.01 = 1,000,000,000,000,000,000,000,000,000.02 (30 digits).
    from rrcalc.engine.amounts import RateClock

    clock = RateClock(D("1" + "0" * 26 + ".01"), date(2020, 1, 1), 1, D("0.01"))
    assert clock.at(date(2020, 1, 3)) == D("1" + "0" * 26 + ".03")
