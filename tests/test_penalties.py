"""Periodic Amounts worked out by hand from the clauses (arithmetic beside each figure), and invariants.

Conventions (docs/conventions.md#proration, #rounding, #bases): a period of d days earns base × rate × d / 30
(2002/2003, reading proration=daily) or the full rate for each 30-day period "or portion thereof" (1998); each
amount is rounded to cents half-up; the base is the Investor's purchase price less the purchase price of shares sold
before the period's first day.
"""

from __future__ import annotations

import csv
import io
import json
import random
import textwrap
from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rrcalc import api
from rrcalc.model.facts import bind
from rrcalc.model.yamlsrc import parse

from .conftest import ROOT

D = Decimal
EXAMPLES = ROOT / "agreements" / "examples"


def compute(agreement: str, text: str, readings: dict | None = None):
    a = api.load_agreement(agreement)
    src = parse(textwrap.dedent(text), "scenario.yaml")
    facts = bind(api.facts_from_source(src), a, src)
    return api.penalties(a, facts, readings or {})


def amounts(result, track: str | None = None, investor: str | None = None) -> list[Decimal]:
    return [r.amount for r in result.rows if (track is None or r.track == track)
            and (investor is None or r.investor == investor)]


# -- the agreements' own illustrations -------------------------------------------------------------

def test_2003_illustration_filed_45_days_late_aggregates_one_and_a_half_percent():
    # 2(b)(iii): "if the Registration Statement is not filed forty-five (45) days after the Required Filing
    # Date, the Periodic Amount ... will aggregate one and one-half (1-1/2%) percent of the Purchase Price".
    # 10-Q Thu 2003-08-14 -> RFD Thu 08-21; filed 08-21 + 45 = 10-05.
    # CD1 = 09-20: 30 days × 1% = 1%; CD2 = 10-05 (the filing): 15 days × 1% × 15/30 = 0.5%. Sum 1.5%.
    r = compute("2003", """
        as_of: 2004-01-31
        events: {quarterly_report_filed: 2003-08-14, registration_filed: 2003-10-05}
        investors: [{name: I, purchase_price: 2000000.00}]
    """)
    assert [(p.period.days, p.amount) for p in r.rows] == [(30, D("20000.00")), (15, D("10000.00"))]
    assert r.total == D("2000000.00") * D("0.015")


def test_2002_illustration_not_effective_by_july_1_aggregates_two_percent():
    # 2(b)(iii): "if the Registration Statement is not declared effective by July 1, 2003, the Periodic Amount
    # will aggregate two (2%) percent". Required Effective Date 06-01; effective 07-01 = T + 30: one period
    # of 30 days at 2%.
    r = compute("2002", """
        as_of: 2003-12-31
        events: {registration_filed: 2003-01-10, registration_effective: 2003-07-01}
        investors: [{name: I, purchase_price: 1000000.00}]
    """)
    assert [(p.period.days, p.rate_pct, p.amount) for p in r.rows] == [(30, D(2), D("20000.00"))]


def test_1998_illustration_20000_per_30_day_period_per_million():
    # 2(c): "the Company would pay $20,000 for each thirty (30) day period thereafter with respect to each
    # $1,000,000 of Aggregate Share Price". Deadline 05-28; effective 07-28: counted days 05-29 .. 07-27 =
    # 3 + 30 + 27 = 60 days = two full periods: 2 × 1,000,000 × .02 = 40,000.
    r = compute("1998", """
        as_of: 1998-12-31
        events: {registration_filed: 1998-03-27, registration_effective: 1998-07-28}
        investors: [{name: JNC, purchase_price: 1000000.00}]
    """)
    assert amounts(r) == [D("20000.00"), D("20000.00")]
    # Payment "within five (5) days after the end of each period": 1st period 05-29 .. 06-27 -> 07-02;
    # 2nd 06-28 .. 07-27 -> 08-01.
    assert [p.payment_due for p in r.rows] == [date(1998, 7, 2), date(1998, 8, 1)]


def test_penalties_without_events_shows_the_rate_schedule_and_examples(cli):
    out = cli("penalties", "--agreement", "2003", "--format", "json").out
    data = json.loads(out)
    ex = {(e["track"], e["days"]): D(e["amount_per_1000000"]) for e in data["examples"]}
    assert ex[("late_filing", 45)] == D("15000.00")  # the illustration: 1.5% of 1,000,000
    assert ex[("late_filing", 180)] == D("60000.00")  # 6 full periods × 1%
    assert ex[("restricted_sale", 45)] == D("22500.00")  # 1.5% + 1.5% × 15/30 = 2.25%
    data98 = json.loads(cli("penalties", "-a", "1998", "-f", "json").out)
    ex98 = {(e["track"], e["days"]): D(e["amount_per_1000000"]) for e in data98["examples"]}
    assert ex98[("late_effectiveness", 30)] == D("20000.00")  # the 1998 illustration
    assert ex98[("late_effectiveness", 45)] == D("40000.00")  # 30 + a 15-day portion, each 2%


# The same failure as a rate example (`penalties --agreement 2007`, no facts: N days from the day after the track's
# own deadline) and as a deal gives the same figure: the examples go through the deal's cutting, rates, precedence
# between tracks and cap, not through a second pricer. 2007: Filing Deadline Sat 2007-10-27 (Closing 09-12 + 45),
# Effectiveness Deadline Thu 2008-01-10 (+ 120); both tracks are in one precedence group (4(c)); $250,000 cap (4(a)).
# Bank holidays: Martin Luther King Jr. Day 01-21, Presidents' Day 02-18, Memorial Day 05-26, Independence Day 07-04.
@pytest.mark.parametrize(("track", "days", "events", "expected"), [
    # 2: $10,000 for each 30-day period, pro rata; the filing day counted (filing_cure_day=counted).
    # 45 days = 10-28 .. 12-11 (4 + 30 + 11), filed 12-11: $10,000 × 30/30 + $10,000 × 15/30 = $15,000.00.
    ("late_filing", 45, "{registration_filed: 2007-12-11, registration_effective: 2008-01-09}", "15000.00"),
    # 60 days = 10-28 .. 12-26 (4 + 30 + 26), filed 12-26: two whole periods: 2 × $10,000 = $20,000.00.
    ("late_filing", 60, "{registration_filed: 2007-12-26, registration_effective: 2008-01-09}", "20000.00"),
    # 3: $2,500 for each Business Day from 01-11 up to but excluding the effective day. 45 days = 01-11 .. 02-24
    # (21 + 24), effective Mon 02-25: January 11, 14-18, 22-25, 28-31 = 14; February 1, 4-8, 11-15, 19-22 = 15;
    # 29 × $2,500 = $72,500.00.
    ("late_effectiveness", 45, "{registration_filed: 2007-10-15, registration_effective: 2008-02-25}", "72500.00"),
    # 180 days = 01-11 .. 07-08 (21 + 29 + 31 + 30 + 31 + 30 + 8), effective 07-09: Business Days January 14,
    # February 21 - 1 = 20, March 21, April 22, May 22 - 1 = 21, June 21, July 1-3, 7-8 = 5: 124 × $2,500 =
    # $310,000, capped (4(a)) at $250,000.00: 35,000 + 50,000 + 52,500 + 55,000 + 52,500 = 245,000 by May; June's
    # 52,500 cut to the 5,000 left; July's 12,500 cut to 0.
    ("late_effectiveness", 180, "{registration_filed: 2007-10-15, registration_effective: 2008-07-09}", "250000.00"),
])
def test_2007_rate_examples_and_a_deal_with_the_same_failure_price_alike(cli, write, track, days, events, expected):
    examples = {(r["track"], r["days"]): r["amount_per_1000000"]
                for r in csv.DictReader(io.StringIO(cli("penalties", "-a", "2007", "-f", "csv").out))}
    assert examples[(track, str(days))] == expected
    deal = write("deal.yaml", f"""
        agreement: "2007"
        as_of: 2008-12-31
        events: {events}
        investors: [{{name: Harbor Lane Capital LP, purchase_price: 5000000.00}}]
    """)
    result = cli("penalties", "-e", deal, "-f", "csv")
    assert result.code == 0, result.err
    got = list(csv.DictReader(io.StringIO(result.out)))
    assert {r["track"] for r in got} == {track}  # the other track met its deadline
    assert sum(D(r["amount"]) for r in got) == D(expected)
    if days == 180:  # the cap acts in the deal as in the example: June cut to 5,000.00, July to 0.00
        assert [(r["period_start"], r["amount"]) for r in got][-2:] == [("2008-06-01", "5000.00"),
                                                                      ("2008-07-01", "0.00")]


def test_2001_has_no_liquidated_damages(cli, write):
    result = cli("penalties", "-a", "2001", "-e", EXAMPLES / "2001-underwritten-demand.yaml", "-f", "csv")
    assert result.code == 0
    assert result.out == "investor,track,occurrence,period,period_start,period_end,days,rate,rate_unit,base,amount," \
                         "payment_due,status\n"
    assert "provides no liquidated damages" in result.err
    assert cli("penalties", "-a", "2001").code == 0


# -- 2003 ------------------------------------------------------------------------------------------

def test_2003_partial_period_cured_before_the_first_payment_date():
    # RFD 08-21, filed 08-31 (a Sunday): 10 days × 1% × 10/30 × 3,000,000 = 10,000.00.
    # 2(b)(iv)(1): payable "thirty (30) days after the Required Filing Date": 08-21 + 30 = Sat 09-20 (not moved).
    r = compute("2003", """
        as_of: 2004-01-31
        events: {quarterly_report_filed: 2003-08-14, registration_filed: 2003-08-31}
        investors: [{name: I, purchase_price: 3000000.00}]
    """)
    (row,) = r.rows
    assert (row.period.days, row.amount, row.payment_due) == (10, D("10000.00"), date(2003, 9, 20))
    assert row.period.computation_date == date(2003, 8, 31) and row.period.reason == "cure"


def test_2003_uncured_at_the_as_of_date_is_accruing():
    # Not filed by 2003-10-01. CD1 = 09-20 (30 days: 1,000,000 × 1% = 10,000.00, payable 09-20).
    # Open period 09-21 .. 10-01 = 11 days: 1,000,000 × 1% × 11/30 = 3,666.666... -> 3,666.67, accruing;
    # payable, if no cure came, on 09-20 + 30 = 10-20 (its natural Computation Date 10-20).
    r = compute("2003", """
        as_of: 2003-10-01
        events: {quarterly_report_filed: 2003-08-14}
        investors: [{name: I, purchase_price: 1000000.00}]
    """)
    first, open_ = r.rows
    assert (first.amount, first.period.status, first.payment_due) == (D("10000.00"), "final", date(2003, 9, 20))
    assert (open_.period.days, open_.amount, open_.period.status) == (11, D("3666.67"), "accruing")
    assert open_.period.computation_date is None and open_.payment_due == date(2003, 10, 20)


SUSPENDED_2003 = """
    as_of: 2004-01-31
    events: {quarterly_report_filed: 2003-08-14, registration_filed: 2003-08-20,
             sec_effectiveness_notice: 2003-10-01, registration_effective: 2003-10-06}
    suspensions: [{start: 2003-10-14, end: 2003-11-04, notice: 2003-10-09}]
    investors:
      - name: SF
        purchase_price: 2000000.00
        sales: [{date: 2003-10-08, purchase_price: 500000.00}, {date: 2003-10-14, purchase_price: 100000.00}]
"""


def test_2003_overlong_suspension_whole_reading_and_sales_reducing_the_base():
    # Suspension Tue 10-14 .. Tue 11-04, notice Thu 10-09 (10-09, 10-10 = 2 business days: enough).
    # Business days: 10-14..10-17 (4), 10-20..10-24 (5), 10-27..10-31 (5), 11-03, 11-04 (2) = 16 > 15.
    # Reading overlong_suspension=whole: the first day, 10-14, is the Restricted Sale Date; restrictions are
    # removed 11-05. Window: IRED 10-06 + 90 = 2004-01-04 >= 10-14. Days 10-15 .. 11-05 = 22.
    # Base on 10-15: 2,000,000 - 500,000 (sold 10-08) - 100,000 (sold 10-14) = 1,400,000.
    # 1,400,000 × 1.5% × 22/30 = 21,000 × 22/30 = 15,400.00.
    r = compute("2003", SUSPENDED_2003)
    (row,) = amounts_rows = [x for x in r.rows if x.track == "restricted_sale"]
    assert amounts_rows[0].base == D("1400000.00")
    assert (row.period.start, row.period.days, row.amount) == (date(2003, 10, 15), 22, D("15400.00"))
    # Payable: s1 = 10-14 + 30 = 11-13; third business day after 11-05: 11-06, 11-07, 11-10 -> CD 11-05 is
    # before s1, so 11-13.
    assert row.payment_due == date(2003, 11, 13)


def test_2003_overlong_suspension_excess_reading():
    # overlong_suspension=excess: permitted through its 15th business day (11-03); the 16th business day,
    # Tue 11-04, is the Restricted Sale Date; restrictions removed 11-05: one day.
    # Base on 11-05: 1,400,000. 1,400,000 × 1.5% × 1/30 = 700.00.
    r = compute("2003", SUSPENDED_2003, {"overlong_suspension": "excess"})
    (row,) = [x for x in r.rows if x.track == "restricted_sale"]
    assert (r.occurrences[-1].trigger, row.period.days, row.amount) == (date(2003, 11, 4), 1, D("700.00"))


def test_2003_restricted_sale_window_missing_anchor_warns_and_computes_nothing():
    r = compute("2003", SUSPENDED_2003.replace("sec_effectiveness_notice: 2003-10-01,", ""))
    assert not [x for x in r.rows if x.track == "restricted_sale"]
    assert any("sec_effectiveness_notice" in w or "initial_required_effective_date" in w for w in r.warnings)


def test_2003_restricted_sale_just_inside_and_just_outside_the_window():
    # IRED = 10-01 + 5 = 10-06; window ends 10-06 + 90 = Sun 2004-01-04. A stop order (never permitted)
    # starting 2004-01-04 is inside; one starting 2004-01-05 is outside and gives nothing.
    base = """
        as_of: 2004-03-31
        events: {quarterly_report_filed: 2003-08-14, registration_filed: 2003-08-20,
                 sec_effectiveness_notice: 2003-10-01, registration_effective: 2003-10-06}
        suspensions: [{start: START, end: 2004-01-09, kind: stop_order}]
        investors: [{name: I, purchase_price: 1000000.00}]
    """
    inside = compute("2003", base.replace("START", "2004-01-04"))
    # 01-04 .. 01-09, removed 01-10: 6 days × 1.5% × 1,000,000 / 30 = 3,000.00.
    assert amounts(inside, "restricted_sale") == [D("3000.00")]
    outside = compute("2003", base.replace("START", "2004-01-05"))
    assert amounts(outside, "restricted_sale") == []


def test_cli_penalties_warns_on_stderr_and_keeps_stdout_clean(cli, write):
    path = write("deal.yaml", SUSPENDED_2003.replace("sec_effectiveness_notice: 2003-10-01,", ""))
    result = cli("penalties", "-a", "2003", "-e", path, "-f", "csv")
    assert result.code == 0
    assert "rrcalc: warning:" in result.err and "nothing computed" in result.err
    assert all(r["track"] != "restricted_sale" for r in csv.DictReader(io.StringIO(result.out)))


def _json_periods(cli, *args: str) -> list[dict]:
    r = cli("penalties", *args, "--format", "json")
    assert r.code == 0, r.err
    return json.loads(r.out)["periods"]


def test_2003_held_shares_value_from_the_filing_or_the_required_filing_date(cli, write):
    # Required Filing Date 08-21; filed 08-21 + 45 = 10-05. Periods 08-22..09-20 (30 days), 09-21..10-05 (15).
    # A sale of $400,000 (of $1,000,000) on 09-01.
    # registration_filed (default): both periods start on or before 10-05 -> Purchase Price:
    #   1% x 1,000,000 = 10,000.00 + 1% x 1,000,000 x 15/30 = 5,000.00 -> $15,000.00.
    # required_filing_date: HSV after 08-21: period 1 base 1,000,000 (no sale before 08-22) -> 10,000.00;
    #   period 2 base 600,000 -> 1% x 600,000 x 15/30 = 3,000.00 -> $13,000.00.
    path = write("d.yaml", """
        as_of: 2004-01-31
        events: {quarterly_report_filed: 2003-08-14, registration_filed: 2003-10-05}
        investors:
          - name: SF
            purchase_price: 1000000.00
            sales: [{date: 2003-09-01, purchase_price: 400000.00}]
    """)
    assert [p["amount"] for p in _json_periods(cli, "-a", "2003", "-e", path)] == ["10000.00", "5000.00"]
    alt = _json_periods(cli, "-a", "2003", "-e", path, "--reading", "held_shares_value_from=required_filing_date")
    assert [(p["base"], p["amount"]) for p in alt] == [("1000000.00", "10000.00"), ("600000.00", "3000.00")]


# -- 2002 ------------------------------------------------------------------------------------------

def test_2002_the_step_to_three_percent():
    # Required Effective Date 06-01, effective 10-15. CDs: 07-01, 07-31, 08-30, 09-29 (30 days each),
    # then 10-15 (16 days). Rates 2%, 2%, 2% (first three Computation Dates), 3%, 3% (thereafter).
    # Per 1,000,000: 20,000 + 20,000 + 20,000 + 30,000 + 3% × 16/30 = 16,000. Total 106,000.
    r = compute("2002", """
        as_of: 2003-12-31
        events: {registration_filed: 2003-01-10, registration_effective: 2003-10-15}
        investors: [{name: I, purchase_price: 1000000.00}]
    """)
    assert [(x.period.computation_date, x.period.days, x.rate_pct, x.amount) for x in r.rows] == [
        (date(2003, 7, 1), 30, D(2), D("20000.00")),
        (date(2003, 7, 31), 30, D(2), D("20000.00")),
        (date(2003, 8, 30), 30, D(2), D("20000.00")),
        (date(2003, 9, 29), 30, D(3), D("30000.00")),
        (date(2003, 10, 15), 16, D(3), D("16000.00")),
    ]
    # Payment schedule: s1 = the day after, 06-02; then 07-02, 08-01, 08-31, 09-30; then the earlier of
    # 10-30 and the third business day after 10-15 (10-16, 10-17, 10-20) = 10-20.
    assert [x.payment_due for x in r.rows] == [date(2003, 7, 2), date(2003, 8, 1), date(2003, 8, 31),
                                               date(2003, 9, 30), date(2003, 10, 20)]
    assert r.total == D("106000.00")


def test_2002_proration_reading():
    # Effective 07-15: CD1 07-01 (30 days), CD2 07-15 (14 days). daily: 2% + 2% × 14/30 of 1,500,000 =
    # 30,000 + 14,000 = 44,000. per_computation_date: 2% + 2% = 60,000.
    text = """
        as_of: 2003-12-31
        events: {registration_filed: 2003-01-10, registration_effective: 2003-07-15}
        investors: [{name: I, purchase_price: 1500000.00}]
    """
    assert compute("2002", text).total == D("44000.00")
    assert compute("2002", text, {"proration": "per_computation_date"}).total == D("60000.00")


def test_2002_first_period_cure_reading():
    # Effective 06-11, 10 days late: 1,000,000 × 2% × 10/30 = 6,666.666... -> 6,666.67 either way.
    # ends_period: CD1 = the cure, 06-11, payable on the first schedule date on or after it: s1 = 06-02,
    # s2 = the earlier of 07-02 and the third business day after 06-11 (06-12, 06-13, 06-16) = 06-16.
    # literal: CD1 = 06-01 + 30 = 07-01 (reason 30_days); the schedule ended on 06-16, so it is payable
    # on its Computation Date.
    text = """
        as_of: 2003-12-31
        events: {registration_filed: 2003-01-10, registration_effective: 2003-06-11}
        investors: [{name: I, purchase_price: 1000000.00}]
    """
    (a,) = compute("2002", text).rows
    (b,) = compute("2002", text, {"first_period_cure": "literal"}).rows
    assert (a.amount, a.period.computation_date, a.period.reason, a.payment_due) == \
        (D("6666.67"), date(2003, 6, 11), "cure", date(2003, 6, 16))
    assert (b.amount, b.period.computation_date, b.period.reason, b.payment_due) == \
        (D("6666.67"), date(2003, 7, 1), "30_days", date(2003, 7, 1))


def test_2002_held_shares_value_after_effectiveness_and_investor_delay_excluded():
    # Effective 07-15 (44 days late). Investor delay 06-10 .. 06-14 (5 days, 2(b)(vi)) falls in period 1.
    # Period 1 (06-02 .. 07-01): 30 - 5 = 25 days: 2,000,000 × 2% × 25/30 = 33,333.33.
    # Period 2 (07-02 .. 07-15): 14 days; base is the Purchase Price until the Effective Date (a sale on
    # 07-10 does not reduce it): 2,000,000 × 2% × 14/30 = 18,666.67.
    r = compute("2002", """
        as_of: 2003-12-31
        events: {registration_filed: 2003-01-10, registration_effective: 2003-07-15}
        investor_delays: [{start: 2003-06-10, end: 2003-06-14}]
        investors:
          - {name: I, purchase_price: 2000000.00, sales: [{date: 2003-07-10, purchase_price: 400000}]}
    """)
    assert [(x.period.days, x.base, x.amount) for x in r.rows] == [
        (25, D("2000000.00"), D("33333.33")), (14, D("2000000.00"), D("18666.67"))]


def test_2002_third_suspension_and_short_notice_readings():
    # Effective 07-15. Three blackouts, each 5 business days, 10+ business days apart:
    # 1) Mon 08-04 .. Fri 08-08, notice 07-31 (07-31, 08-01: 2 business days) -> permitted;
    # 2) Mon 09-08 .. Fri 09-12, notice Fri 09-05 (1 business day: short) -> permitted under short_notice=warn,
    #    a Restricted Sale Date under disqualify;
    # 3) Mon 10-06 .. Fri 10-10 -> the third: never permitted; RSD 10-06 is within 07-15 + 90 = 10-13.
    text = """
        as_of: 2003-12-31
        events: {registration_filed: 2003-01-10, registration_effective: 2003-07-15}
        suspensions:
          - {start: 2003-08-04, end: 2003-08-08, notice: 2003-07-31}
          - {start: 2003-09-08, end: 2003-09-12, notice: 2003-09-05}
          - {start: 2003-10-06, end: 2003-10-10, notice: 2003-10-02}
        investors: [{name: I, purchase_price: 1000000.00}]
    """
    warn = compute("2002", text)
    # Only the third: 10-06 .. 10-10, removed 10-11: 5 days × 1.5% × 1,000,000 / 30 = 2,500.00.
    assert [o.trigger for o in warn.occurrences if o.track_id == "restricted_sale"] == [date(2003, 10, 6)]
    assert amounts(warn, "restricted_sale") == [D("2500.00")]
    assert "third suspension; at most 2" in warn.suspensions[2].reasons
    disq = compute("2002", text, {"short_notice": "disqualify"})
    # The second too: 09-08 .. 09-12, 5 days: 2,500.00.
    assert amounts(disq, "restricted_sale") == [D("2500.00"), D("2500.00")]
    first_only = compute("2002", text, {"short_notice": "disqualify", "restricted_sale_episodes": "first_only"})
    assert [o.trigger for o in first_only.occurrences if o.track_id == "restricted_sale"] == [date(2003, 9, 8)]


# -- 1998 ------------------------------------------------------------------------------------------

def test_1998_a_portion_pays_the_full_rate():
    # Deadline 05-28; effective 07-13: counted days 05-29 .. 07-12 = 3 + 30 + 12 = 45: one full period
    # (05-29 .. 06-27) and a portion of 15 days (06-28 .. 07-12), each 2% of 5,000,000 = 100,000.
    r = compute("1998", """
        as_of: 1998-12-31
        events: {registration_filed: 1998-03-27, registration_effective: 1998-07-13}
        investors: [{name: JNC, purchase_price: 5000000.00}]
    """)
    assert [(x.period.start, x.period.end, x.period.days, x.amount) for x in r.rows] == [
        (date(1998, 5, 29), date(1998, 6, 27), 30, D("100000.00")),
        (date(1998, 6, 28), date(1998, 7, 12), 15, D("100000.00")),
    ]
    # Due within 5 days after each period's end: 07-02 and 07-17.
    assert [x.payment_due for x in r.rows] == [date(1998, 7, 2), date(1998, 7, 17)]


def test_1998_periods_per_suspension_reading_and_sales():
    # Two stop orders of 10 days each after effectiveness: 08-01 .. 08-10 and 09-01 .. 09-10.
    # each: two portions, each 2% of the Aggregate Share Price held on its first day:
    #   08-01: 1,000,000; 09-01: 1,000,000 - 250,000 sold on 08-20 = 750,000 -> 20,000 + 15,000.
    # aggregate: 20 days, one portion starting 08-01: 20,000.
    text = """
        as_of: 1998-12-31
        events: {registration_filed: 1998-03-27, registration_effective: 1998-05-20}
        suspensions: [{start: 1998-08-01, end: 1998-08-10, kind: stop_order},
                      {start: 1998-09-01, end: 1998-09-10, kind: stop_order}]
        investors:
          - {name: JNC, purchase_price: 1000000.00, sales: [{date: 1998-08-20, purchase_price: 250000}]}
    """
    assert amounts(compute("1998", text), "sales_unavailable") == [D("20000.00"), D("15000.00")]
    assert amounts(compute("1998", text, {"periods_per_suspension": "aggregate"}), "sales_unavailable") == \
        [D("20000.00")]


def test_1998_delisting_counts_only_before_the_first_anniversary():
    # Effective 1998-05-20, so the listing condition runs to (not including) 1999-05-20. Delisted
    # 1999-05-01 .. 1999-06-30: counted 05-01 .. 05-19 = 19 days, one portion: 2% × 1,000,000 = 20,000,
    # due 05-19 + 5 = 05-24.
    r = compute("1998", """
        as_of: 1999-12-31
        events: {registration_filed: 1998-03-27, registration_effective: 1998-05-20}
        suspensions: [{start: 1999-05-01, end: 1999-06-30, kind: delisting}]
        investors: [{name: JNC, purchase_price: 1000000.00}]
    """)
    (row,) = [x for x in r.rows if x.track == "delisting"]
    assert (row.period.start, row.period.end, row.period.days, row.amount, row.payment_due) == \
        (date(1999, 5, 1), date(1999, 5, 19), 19, D("20000.00"), date(1999, 5, 24))


def test_1998_investor_delays_are_excluded_and_uncured_accrues():
    # Not effective by the as-of date 1998-07-10; deadline 05-28. Days 05-29 .. 07-10 = 43, less the
    # Investors' delay 06-01 .. 06-05 (5 days) = 38 counted: a period of 30 (05-29 .. 05-31, 06-06 .. 07-02)
    # and an accruing portion of 8 (07-03 .. 07-10). 2% of 1,000,000 each.
    r = compute("1998", """
        as_of: 1998-07-10
        events: {registration_filed: 1998-03-27}
        investor_delays: [{start: 1998-06-01, end: 1998-06-05}]
        investors: [{name: JNC, purchase_price: 1000000.00}]
    """)
    assert [(x.period.start, x.period.end, x.period.days, x.period.status) for x in r.rows] == [
        (date(1998, 5, 29), date(1998, 7, 2), 30, "final"),
        (date(1998, 7, 3), date(1998, 7, 10), 8, "accruing"),
    ]
    assert amounts(r) == [D("20000.00"), D("20000.00")]


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_1998_rate_examples_pay_a_portion_in_full(cli):
    # 1998 2(c) "for each 30-day period or portion thereof": the per-million examples at 2% a period:
    # 45 days = one 30-day period and a 15-day portion = 2 × 2% × 1,000,000 = 40,000.00; 60 days = 2 periods = 40,000.
    got = {(r["track"], r["days"]): r for r in _rows(cli("penalties", "-a", "1998", "-f", "csv").out)}
    first = next(k[0] for k in got)
    assert got[(first, "45")]["amount_per_1000000"] == "40000.00"
    assert "(a portion pays in full)" in got[(first, "45")]["working"]
    assert got[(first, "60")]["amount_per_1000000"] == "40000.00"


# -- the commands ----------------------------------------------------------------------------------

def test_cli_csv_columns_and_json_rule(cli):
    example = EXAMPLES / "2003-late-filing.yaml"
    out = cli("penalties", "-a", "2003", "-e", example, "-f", "csv").out
    assert out.splitlines()[0] == ("investor,track,occurrence,period,period_start,period_end,days,rate,rate_unit,base,"
                                   "amount,payment_due,status")
    data = json.loads(cli("penalties", "-a", "2003", "-e", example, "-f", "json").out)
    row = data["periods"][0]
    assert row["clause"] and row["rule"].startswith("1% × 2000000.00 × 25/30 days")
    # The example, by hand: late filing 25 days (RFD 08-21 to 09-15): 2,000,000 and 1,000,000 × 1% × 25/30
    # = 16,666.67 + 8,333.33; the second blackout (11-03 .. 11-28) began 6 business days after the first
    # and ran 18 business days: RSD 11-03, removed 11-29, 26 days at 1.5%: SF 1,500,000 (after its 10-08
    # sale) -> 19,500.00; White 1,000,000 -> 13,000.00.
    assert data["totals"]["overall"] == "57500.00"
    assert data["totals"]["by_investor"] == {"SF Capital Partners Ltd.": "36166.67", "White Investments": "21333.33"}


def test_cli_computation_dates_columns(cli):
    out = cli("computation-dates", "-a", "2002", "-e", EXAMPLES / "2002-late-effectiveness.yaml", "-f", "csv").out
    assert out.splitlines() == [
        "track,occurrence,n,computation_date,period_start,days,reason",
        "late_effectiveness,1,1,2003-07-01,2003-06-02,30,30_days",
        "late_effectiveness,1,2,2003-07-15,2003-07-02,14,cure",
    ]


def test_cli_table_marks_accruing_periods(cli, write):
    path = write("deal.yaml", """
        as_of: 2003-10-01
        events: {quarterly_report_filed: 2003-08-14}
        investors: [{name: I, purchase_price: 1000000.00}]
    """)
    out = cli("penalties", "-a", "2003", "-e", path, "-f", "table").out
    assert "accruing" in out and "subtotal" in out and "overall" in out


def test_cli_purchase_price_and_event_quick_facts(cli):
    result = cli("penalties", "-a", "2002", "--event", "registration_filed=2003-01-10",
                 "--event", "registration_effective=2003-07-01", "--purchase-price", "1000000", "-f", "csv",
                 "--as-of", "2003-12-31")
    got = list(csv.DictReader(io.StringIO(result.out)))
    assert [(r["investor"], r["amount"]) for r in got] == [("investor", "20000.00")]


def test_cli_batch_adds_a_scenario_column(cli, tmp_path):
    for i in range(3):
        (tmp_path / f"deal{i}.yaml").write_text(
            f"as_of: 2003-12-31\nevents: {{registration_filed: 2003-01-10, registration_effective: 2003-07-0{i + 1}}}\n"
            "investors: [{name: I, purchase_price: 1000000.00}]\n")
    files = sorted(tmp_path.glob("*.yaml"))
    result = cli("penalties", "-a", "2002", "--events", *files, "-f", "csv")
    assert result.code == 0, result.err
    got = list(csv.DictReader(io.StringIO(result.out)))
    assert result.out.startswith("scenario,investor,track,")
    # effective 07-01: 20,000.00; 07-02: + 2% × 1/30 = 666.67; 07-03: + 2% × 2/30 = 1,333.33
    per_file = {}
    for r in got:
        per_file[r["scenario"]] = per_file.get(r["scenario"], D(0)) + D(r["amount"])
    assert list(per_file.values()) == [D("20000.00"), D("20666.67"), D("21333.33")]


# -- invariants (hypothesis) -----------------------------------------------------------------------

cures = st.integers(min_value=1, max_value=400)
prices = st.decimals(min_value=0, max_value=D("50000000"), places=2, allow_nan=False, allow_infinity=False)


def late(agreement: str, days: int, price: Decimal, readings: dict | None = None, as_of: str = "2035-01-01"):
    if agreement == "2002":
        cure = date(2003, 6, 1) + timedelta(days=days)
        events = f"registration_filed: 2003-01-10, registration_effective: {cure}"
    elif agreement == "2003":
        cure = date(2003, 8, 21) + timedelta(days=days)
        events = f"quarterly_report_filed: 2003-08-14, registration_filed: {cure}"
    else:
        cure = date(1998, 5, 28) + timedelta(days=days)
        events = f"registration_filed: 1998-03-27, registration_effective: {cure}"
    return compute(agreement, f"as_of: {as_of}\nevents: {{{events}}}\n"
                              f"investors: [{{name: I, purchase_price: {price}}}]\n", readings), cure


@settings(max_examples=60, deadline=None)
@given(agreement=st.sampled_from(["1998", "2002", "2003"]), d1=cures, d2=cures, price=prices,
       proration=st.sampled_from(["daily", "per_computation_date"]))
def test_a_later_cure_never_owes_less(agreement, d1, d2, price, proration):
    readings = {"proration": proration} if agreement != "1998" else {}
    early, _ = late(agreement, min(d1, d2), price, readings)
    later, _ = late(agreement, max(d1, d2), price, readings)
    assert later.total >= early.total


@settings(max_examples=60, deadline=None)
@given(agreement=st.sampled_from(["2002", "2003"]), d=cures, price=prices)
def test_period_days_add_up_to_the_days_counted(agreement, d, price):
    r, _cure = late(agreement, d, price)
    assert sum(x.period.days for x in r.rows) == d  # C - T
    assert r.total == sum((x.amount for x in r.rows), D(0))  # the total is the sum of rounded amounts
    assert all(x.amount == x.amount.quantize(D("0.01")) for x in r.rows)


@settings(max_examples=40, deadline=None)
@given(d=cures)
def test_1998_days_add_up(d):
    r, _ = late("1998", d, D("1000000"))
    assert sum(x.period.days for x in r.rows) == d - 1  # the effective day itself is not counted


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(min_value=0, max_value=10_000))
def test_results_do_not_depend_on_the_order_of_investors_or_suspensions(seed):
    rng = random.Random(seed)
    investors = [f"  - {{name: Inv{i}, purchase_price: {rng.randint(1, 9_000_000)}.{rng.randint(0, 99):02d}}}"
                 for i in range(5)]
    suspensions = ["  - {start: 2003-10-14, end: 2003-10-24, notice: 2003-10-09}",
                   "  - {start: 2003-11-03, end: 2003-11-28, notice: 2003-10-30}",
                   "  - {start: 2003-12-15, end: 2003-12-19, kind: stop_order}"]
    head = ("as_of: 2004-03-31\nevents: {quarterly_report_filed: 2003-08-14, registration_filed: 2003-09-15,"
            " sec_effectiveness_notice: 2003-10-01, registration_effective: 2003-10-06}\n")

    def run(inv, sus):
        r = compute("2003", head + "suspensions:\n" + "\n".join(sus) + "\ninvestors:\n" + "\n".join(inv) + "\n")
        return [(x.investor, x.track, x.occurrence, x.period.n, x.amount, x.payment_due) for x in r.rows]

    shuffled_inv, shuffled_sus = investors[:], suspensions[:]
    rng.shuffle(shuffled_inv)
    rng.shuffle(shuffled_sus)
    assert run(investors, suspensions) == run(shuffled_inv, shuffled_sus)


LABOR_DAY_2003 = """
    as_of: 2004-01-31
    events: {quarterly_report_filed: 2003-08-28, registration_filed: 2003-09-15}
    investors: [{name: I, purchase_price: 1000000.00}]
"""
TWO_STOP_ORDERS_1998 = """
    as_of: 1998-12-31
    events: {registration_filed: 1998-03-27, registration_effective: 1998-05-20}
    suspensions: [{start: 1998-08-01, end: 1998-08-10, kind: stop_order},
                  {start: 1998-09-01, end: 1998-09-10, kind: stop_order}]
    investors: [{name: JNC, purchase_price: 1000000.00}]
"""


@pytest.mark.parametrize("agreement, reading, alternative, scenario", [
    ("2003", "proration", "per_computation_date", EXAMPLES / "2003-late-filing.yaml"),
    ("2003", "short_notice", "disqualify", EXAMPLES / "2003-late-filing.yaml"),
    ("2003", "overlong_suspension", "excess", SUSPENDED_2003),
    ("2003", "first_period_cure", "literal", EXAMPLES / "2003-late-filing.yaml"),
    # RFD: 5 bank business days after 08-28 skip Labor Day (09-05); 5 weekdays do not (09-04).
    ("2003", "business_day_calendar", "weekdays", LABOR_DAY_2003),
    ("2003", "restricted_sale_episodes", "first_only", SUSPENDED_2003.replace(
        "suspensions: [{start: 2003-10-14, end: 2003-11-04, notice: 2003-10-09}]",
        "suspensions: [{start: 2003-10-14, end: 2003-10-16, kind: stop_order},"
        " {start: 2003-11-03, end: 2003-11-05, kind: stop_order}]")),
    ("2002", "proration", "per_computation_date", EXAMPLES / "2002-late-effectiveness.yaml"),
    ("1998", "periods_per_suspension", "aggregate", TWO_STOP_ORDERS_1998),
])
def test_each_reading_changes_the_result_where_it_should(cli, write, agreement, reading, alternative, scenario):
    path = scenario if not isinstance(scenario, str) else write("deal.yaml", scenario)
    default = json.loads(cli("penalties", "-a", agreement, "-e", path, "-f", "json").out)
    switched = json.loads(cli("penalties", "-a", agreement, "-e", path, "-f", "json",
                              "--reading", f"{reading}={alternative}").out)
    assert switched["readings"][reading] == alternative
    assert (default["totals"], default["periods"]) != (switched["totals"], switched["periods"])


# -- Periodic Amount Shares (2(b)(iv)) --------------------------------------------------------------

def _price_file(write, skip: tuple[str, ...] = ()):
    from rrcalc.model.calendars import NYSE

    special = {"2003-06-27": "3.00", "2003-07-03": "4.00"}
    lines = ["date,closing_bid"]
    d = date(2003, 6, 2)
    while d <= date(2003, 7, 31):
        if NYSE.is_business_day(d) and str(d) not in skip:
            lines.append(f"{d},{special.get(str(d), '2.00')}")
        d += timedelta(days=1)
    return write("prices.csv", "\n".join(lines) + "\n")


def test_periodic_amount_shares_use_the_five_trading_days_before_the_computation_date(cli, write):
    # 2002, effective Mon 2003-07-07. CD1 = 07-01 (30 days at 2% of 1,000,000 = 20,000.00); the five trading
    # days before it: 06-24, 06-25, 06-26, 06-27, 06-30 -> (2 + 2 + 2 + 3 + 2) / 5 = 2.20; 90% = 1.98;
    # 20,000 / 1.98 = 10,101.0101 shares.
    # CD2 = 07-07 (6 days: 2% × 6/30 × 1,000,000 = 4,000.00); trading days before it: 06-27, 06-30, 07-01,
    # 07-02, 07-03 (the NYSE is closed on 07-04) -> (3 + 2 + 2 + 2 + 4) / 5 = 2.60; 90% = 2.34;
    # 4,000 / 2.34 = 1,709.4017 shares.
    result = cli("penalties", "-a", "2002", "--event", "registration_filed=2003-01-10",
                 "--event", "registration_effective=2003-07-07", "--purchase-price", "1000000",
                 "--as-of", "2003-12-31", "--prices", _price_file(write), "-f", "csv")
    assert result.code == 0, result.err
    got = [(r["amount"], r["average_closing_bid"], r["share_price"], r["periodic_amount_shares"])
           for r in csv.DictReader(io.StringIO(result.out))]
    assert got == [("20000.00", "2.200000", "1.980000", "10101.0101"),
                   ("4000.00", "2.600000", "2.340000", "1709.4017")]


def test_a_missing_price_is_a_clear_error(cli, write):
    result = cli("penalties", "-a", "2002", "--event", "registration_filed=2003-01-10",
                 "--event", "registration_effective=2003-07-07", "--purchase-price", "1000000",
                 "--as-of", "2003-12-31", "--prices", _price_file(write, skip=("2003-06-30",)), "-f", "csv")
    assert result.code == 2 and result.out == ""
    assert "prices.csv" in result.err and "no closing bid for 2003-06-30" in result.err


def test_a_malformed_price_file_names_the_line(cli, write):
    path = write("prices.csv", "date,closing_bid\n2003-06-02,2.00\n2003-06-03,two\n")
    result = cli("penalties", "-a", "2002", "--event", "registration_effective=2003-07-07",
                 "--event", "registration_filed=2003-01-10", "--purchase-price", "1", "--prices", path)
    assert result.code == 2 and "prices.csv:3" in result.err and "'two' is not a number" in result.err


def test_compare_readings_shows_what_each_reading_is_worth(cli):
    out = cli("penalties", "-a", "2003", "-e", EXAMPLES / "2003-late-filing.yaml", "--compare-readings", "-f", "csv")
    got = {(r["reading"], r["alternative"]): r for r in csv.DictReader(io.StringIO(out.out))}
    assert got[("proration", "daily")]["in_force"] == "yes"
    assert got[("proration", "daily")]["total"] == "57500.00"
    # per_computation_date: each period earns its full rate: late filing 25 days -> 1% of 2,000,000 and of
    # 1,000,000 = 30,000 (instead of 25,000); the restricted sale, 26 days -> 1.5% of 1,500,000 and of
    # 1,000,000 = 37,500 (instead of 32,500): 67,500, 10,000 more.
    assert (got[("proration", "per_computation_date")]["total"],
            got[("proration", "per_computation_date")]["difference"]) == ("67500.00", "10000.00")
    # short_notice=disqualify: the first blackout (notice 1 business day ahead) becomes a Restricted Sale
    # Date 10-14, removed 10-25: 11 days × 1.5% of 1,500,000 (SF, after its sale) and 1,000,000 / 30
    # = 8,250 + 5,500 = 13,750 more.
    assert got[("short_notice", "disqualify")]["difference"] == "13750.00"


def _portfolio(tmp_path, n: int, bad: set[int] = frozenset()) -> list:
    files = []
    for i in range(n):
        day = date(2003, 6, 2) + timedelta(days=i % 90)
        text = (f"as_of: 2003-12-31\nevents: {{registration_filed: 2003-01-10, registration_effective: {day}}}\n"
                f"investors: [{{name: A, purchase_price: {1000 + i}.00}}, {{name: B, purchase_price: 777.77}}]\n")
        if i in bad:
            text = text.replace("777.77", "-1")
        path = tmp_path / f"deal{i:04d}.yaml"
        path.write_text(text)
        files.append(path)
    return files


def test_a_large_batch_priced_in_parallel_is_byte_identical_to_one_process(cli, tmp_path, monkeypatch):
    from rrcalc.cli import commands

    files = _portfolio(tmp_path, 150)
    parallel, sequential = tmp_path / "parallel.csv", tmp_path / "sequential.csv"
    assert cli("penalties", "-a", "2002", "-f", "csv", "-o", parallel, "--events", *files).code == 0
    monkeypatch.setattr(commands, "PARALLEL_MIN", 10**9)
    assert cli("penalties", "-a", "2002", "-f", "csv", "-o", sequential, "--events", *files).code == 0
    assert parallel.read_bytes() == sequential.read_bytes()
    assert parallel.read_text().count("\n") > 150


def test_a_bad_file_in_a_parallel_batch_is_reported_like_in_one_process(cli, tmp_path):
    files = _portfolio(tmp_path, 150, bad={97, 120})
    target = tmp_path / "out.csv"
    result = cli("penalties", "-a", "2002", "-f", "csv", "-o", target, "--events", *files)
    assert result.code == 2 and result.out == ""
    assert "deal0097.yaml:3" in result.err and result.err.count("\n") == 1  # the first bad file, in order
    assert not target.exists()


def test_the_parallel_batch_says_what_one_process_says(cli, tmp_path):
    text = (EXAMPLES / "2003-late-filing.yaml").read_text(encoding="utf-8").replace("as_of: 2004-01-31",
                                                                                    "as_of: 2003-09-01")
    files = []
    for i in range(100):  # PARALLEL_MIN: priced by one worker per core
        p = tmp_path / f"d{i:03d}.yaml"
        p.write_text(text, encoding="utf-8")
        files.append(p)
    many = cli("penalties", "-f", "csv", *files)
    one = cli("penalties", "-f", "csv", files[0])
    assert many.code == 0 and len(many.err.splitlines()) == 100
    assert one.err.splitlines()[0].replace("rrcalc: warning: ", "") in many.err.splitlines()[0]
