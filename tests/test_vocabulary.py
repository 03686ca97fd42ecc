"""The clause vocabulary of the market: an agreement of our own invention, mixing the families, in a
temporary folder, priced through the console script with no code change; and each family on its own, with the
arithmetic worked by hand. Weekdays checked with Python's calendar; 2026's Federal Reserve holidays in March,
April, August and November: none but Veterans Day (Wed 11-11) and Thanksgiving (11-26), outside the dates used.
"""

from __future__ import annotations

import csv
import io
import subprocess
import sys
import textwrap
from datetime import date
from decimal import Decimal
from pathlib import Path

from rrcalc.engine.amounts import RateClock, day_count
from rrcalc.engine.periods import boundary_periods
from rrcalc.engine.schedules import next_fixed_date, next_month_start

RRCALC = Path(sys.executable).parent / "rrcalc"
EXAMPLES = Path(__file__).resolve().parent.parent / "agreements" / "examples"

AGREEMENT = """\
id: widget-2026
title: Widget Co. Notes Registration Rights Agreement (invented for this test)
date: 2026-01-05
company: Widget Co.
parties: [{name: Widget Co., role: Company}]
summary: "Weekly liquidated damages per $1,000 principal, stepping up by period; at most two blackouts a year."
source: none
calendar: {label: Business Day, value: ny-banks, unit: calendar, reference: {section: "1", quote: "Business Day"}}
events:
  registration_filed: {label: Filed, not_before: [agreement_date]}
  registration_effective: {label: Effective, not_before: [registration_filed]}
terms:
  filing_days: {label: Filing days, value: 60, unit: days, reference: {section: "2", quote: "within 60 days"}}
  week: {label: A week, value: 7, unit: days, reference: {section: "3", quote: "for each week or portion thereof"}}
  per_thousand: {label: "Per $1,000 principal", value: 1000, unit: usd, reference: {section: "3", quote: "per $1,000"}}
  first_rate: {label: First four weeks, value: 0.05, unit: usd, reference: {section: "3", quote: "$0.05 per week"}}
  later_rate: {label: From the fifth week, value: 0.10, unit: usd, reference: {section: "3", quote: "$0.10 per week"}}
  pay_days: {label: Due after a week, value: 2, unit: business_days, reference: {section: "3", quote: "two days"}}
  cap: {label: Cap, value: 1300, unit: usd, reference: {section: "4", quote: "$1,300 in all"}}
  blackout_days: {label: Longest, value: 20, unit: days, reference: {section: "5", quote: "20 calendar days"}}
  blackouts: {label: Blackouts a year, value: 2, unit: count, reference: {section: "5", quote: "twice"}}
  year: {label: Window, value: 12, unit: months, reference: {section: "5", quote: "in any 12-month period"}}
obligations:
  filing_deadline:
    label: Filing deadline
    description: File within 60 days
    rule: {anchor: agreement_date, days: 60}
    met_by: registration_filed
    reference: {section: "2", quote: "within 60 days"}
suspension_kinds:
  blackout: {label: Blackout, default: true, not_before: registration_effective}
permitted_suspensions:
  kinds: [blackout]
  counting: calendar_days
  max_length: blackout_days
  max_count: blackouts
  count_window: year
  overlong: excess
tracks:
  late_filing:
    label: Not filed in time
    description: Weekly amounts per $1,000 principal, each week or portion thereof
    reference: {section: "3", quote: "for each week or portion thereof"}
    occurs: deadline_missed
    deadline: filing_deadline
    cure: registration_filed
    cure_day_counts: not_counted
    periods: consecutive
    period_days: week
    amount: usd_per_unit
    base_unit: per_thousand
    base: principal
    partial_period: full
    rates: [{from_period: 1, rate: first_rate}, {from_period: 5, rate: later_rate}]
    payment: {business_days_after_period_end: pay_days}
  blackout_excess:
    label: Blackout beyond the limits
    description: As late filing, from the first day beyond the limits
    reference: {section: "5", quote: "beyond these limits"}
    occurs: restricted_sale
    window_optional: true
    periods: consecutive
    period_days: week
    amount: usd_per_unit
    base_unit: per_thousand
    base: principal
    partial_period: full
    rates: [{from_period: 1, rate: first_rate}, {from_period: 5, rate: later_rate}]
    payment: {business_days_after_period_end: pay_days}
payment_cap:
  amount: cap
  scope: total
  reference: {section: "4", quote: "$1,300 in all"}
"""

EVENTS = """\
as_of: 2027-12-31
events: {registration_filed: 2026-04-15, registration_effective: 2026-05-01}
suspensions:
  - {start: 2026-06-01, end: 2026-06-10}
  - {start: 2026-08-03, end: 2026-08-27}
  - {start: 2026-11-02, end: 2026-11-06}
  - {start: 2027-08-30, end: 2027-09-03}
investors:
  - {name: A, purchase_price: 1960000.00, principal: 2000000.00}
  - {name: B, purchase_price: 980000.00, principal: 1000000.00}
"""


def test_an_invented_agreement_priced_through_the_console_script(tmp_path):
    (tmp_path / "widget-2026.yaml").write_text(AGREEMENT)
    (tmp_path / "deal.yaml").write_text(EVENTS)
    result = subprocess.run([str(RRCALC), "penalties", "--agreement", str(tmp_path / "widget-2026.yaml"),
                             "--events", str(tmp_path / "deal.yaml"), "--format", "csv"],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    got = {(r["investor"], r["track"], r["occurrence"], r["period"]): (r["period_start"], r["period_end"],
                                                                     Decimal(r["amount"]), r["payment_due"])
           for r in rows}
    # Filing deadline: 2026-01-05 + 60 = 03-06 (26 days to 01-31, + 28 = 54 to 02-28, + 6). Filed Wed 04-15 (not
    # counted): 03-07 .. 04-14 = 25 + 14 = 39 days = five weeks and a 4-day portion, which pays a full week.
    # A: $2,000,000 = 2,000 × $1,000: weeks 1-4 at $0.05 = $100.00, weeks 5-6 at $0.10 = $200.00.
    # B: $1,000,000 = 1,000 units: $50.00, then $100.00.
    # Due two Business Days after each week's last day: Fri 03-13 -> Mon 16, Tue 17; Fri 03-20 -> Tue 03-24;
    # Fri 03-27 -> Tue 03-31; Fri 04-03 (Good Friday is no bank holiday) -> Tue 04-07; Fri 04-10 -> Tue 04-14;
    # the portion ends Tue 04-14 -> Thu 04-16.
    weeks = [("2026-03-07", "2026-03-13", "2026-03-17"), ("2026-03-14", "2026-03-20", "2026-03-24"),
             ("2026-03-21", "2026-03-27", "2026-03-31"), ("2026-03-28", "2026-04-03", "2026-04-07"),
             ("2026-04-04", "2026-04-10", "2026-04-14"), ("2026-04-11", "2026-04-14", "2026-04-16")]
    for n, (start, end, due) in enumerate(weeks, 1):
        a_amount = Decimal("100.00") if n <= 4 else Decimal("200.00")
        assert got[("A", "late_filing", "1", str(n))] == (start, end, a_amount, due)
        assert got[("B", "late_filing", "1", str(n))] == (start, end, a_amount / 2, due)
    # Blackouts (calendar days; at most 20 each, two in any 12 months; beyond: damages from the first day
    # beyond). 06-01 .. 06-10: permitted. 08-03 .. 08-27 = 25 days: the 21st day, 08-23, is the first beyond:
    # 08-23 .. 08-27 = a portion of a week: A $100.00, B $50.00, due Fri 08-28, Mon 08-31.
    # 11-02 .. 11-06: the third in the 12 months to 11-02 (2025-11-03 .. 2026-11-02 holds both others): not
    # permitted at all: 11-02 .. 11-06, a week's portion, due Mon 11-09, Tue 11-10.
    # 2027-08-30 .. 09-03: the 12 months from 2026-08-31 hold only the third: permitted, no amount.
    assert got[("A", "blackout_excess", "1", "1")][:2] == ("2026-08-23", "2026-08-27")
    assert got[("A", "blackout_excess", "1", "1")][3] == "2026-08-31"
    assert got[("A", "blackout_excess", "2", "1")][:2] == ("2026-11-02", "2026-11-06")
    assert got[("A", "blackout_excess", "2", "1")][3] == "2026-11-10"
    assert not [k for k in got if k[2] == "3"]
    # The $1,300 cap on all payments, in the order they accrue: filing weeks 150 × 4 + 300 × 2 = 1,200 by 04-14;
    # 08-27: A's 100 brings 1,300, B's 50 is cut to 0 (the cap's default order, accrual: amounts accruing on one
    # day go in track order as listed, then Investors as listed in the events file: A before B); 11-06: both 0.
    assert got[("A", "blackout_excess", "1", "1")][2] == Decimal("100.00")
    assert got[("B", "blackout_excess", "1", "1")][2] == Decimal("0.00")
    assert got[("A", "blackout_excess", "2", "1")][2] == Decimal("0.00")
    assert sum(v[2] for v in got.values()) == Decimal("1300.00")


def test_the_blackout_judgements_through_the_console_script(tmp_path):
    (tmp_path / "widget-2026.yaml").write_text(AGREEMENT)
    (tmp_path / "deal.yaml").write_text(EVENTS)
    result = subprocess.run([str(RRCALC), "suspensions", "--agreement", str(tmp_path / "widget-2026.yaml"),
                             "--events", str(tmp_path / "deal.yaml"), "--format", "csv"],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(r["permitted"], r["restricted_sale_date"]) for r in rows] == [
        ("yes", ""), ("no", "2026-08-23"), ("no", "2026-11-02"), ("yes", "")]
    assert "25 days; at most 20" in rows[1]["reasons"]
    assert "third suspension in the 12 months to 2026-11-02; at most 2" in rows[2]["reasons"]


# -- each family on its own ------------------------------------------------------------------------

def test_day_counts_by_hand():
    # 30/360 US bond basis: 01-15 -> 01-31: D2 = 31 stays (D1 = 15 < 30): 31 - 15 = 16; 30E/360 makes it 30: 15.
    assert day_count("30/360", date(2013, 1, 15), date(2013, 1, 31)) == (16, 360)
    assert day_count("30E/360", date(2013, 1, 15), date(2013, 1, 31)) == (15, 360)
    # 01-31 -> 03-31: D1 = 31 -> 30, then D2 = 31 -> 30 under both: 30 × 2 = 60.
    assert day_count("30/360", date(2013, 1, 31), date(2013, 3, 31)) == (60, 360)
    # 2012-09-15 -> 11-15: two 30-day months = 60 (61 actual days).
    assert day_count("30/360", date(2012, 9, 15), date(2012, 11, 15)) == (60, 360)
    # actual: 2013-01-01 -> 03-01 = 31 + 28 = 59 days, over 360 or 365.
    assert day_count("actual/360", date(2013, 1, 1), date(2013, 3, 1)) == (59, 360)
    assert day_count("actual/365", date(2013, 1, 1), date(2013, 3, 1)) == (59, 365)


def test_step_up_by_elapsed_time_by_hand():
    # 0.25% for the first 90 days from 09-15, + 0.25% at the start of each later 90-day period, at most 1.00%.
    clock = RateClock(Decimal("0.25"), date(2012, 9, 15), 90, Decimal("0.25"), Decimal("1.00"))
    assert clock.at(date(2012, 12, 13)) == Decimal("0.25")  # day 89 (16 + 31 + 30 + 12 days later)
    assert clock.at(date(2012, 12, 14)) == Decimal("0.50")  # day 90
    assert clock.at(date(2013, 3, 14)) == Decimal("0.75")  # day 180
    assert clock.at(date(2014, 1, 1)) == Decimal("1.00")  # day 473: 5 steps, held at the maximum
    assert clock.changes(date(2012, 12, 1), date(2012, 12, 20)) == [
        (date(2012, 12, 1), date(2012, 12, 13), Decimal("0.25")),
        (date(2012, 12, 14), date(2012, 12, 20), Decimal("0.50"))]


def test_calendar_month_periods_by_hand():
    # 2008-01-11 .. 03-04 cut at each month's first day: 21, 29 and 4 days; the last is final (the cure).
    periods = boundary_periods([(date(2008, 1, 11), date(2008, 3, 4))], next_month_start, False, "month")
    assert [(p.start, p.end, p.days, p.status) for p in periods] == [
        (date(2008, 1, 11), date(2008, 1, 31), 21, "final"), (date(2008, 2, 1), date(2008, 2, 29), 29, "final"),
        (date(2008, 3, 1), date(2008, 3, 4), 4, "final")]


def test_fixed_payment_dates_by_hand():
    # May 15 / November 15: the first after 2012-11-14 is 11-15; after 11-15 itself, 2013-05-15.
    days = [(5, 15), (11, 15)]
    assert next_fixed_date(days, date(2012, 11, 14)) == date(2012, 11, 15)
    assert next_fixed_date(days, date(2012, 11, 15)) == date(2013, 5, 15)
    assert next_fixed_date(days, date(2013, 12, 31)) == date(2014, 5, 15)


def test_a_field_that_cannot_act_is_refused(tmp_path):
    bad = AGREEMENT.replace("    window_optional: true\n", "    window_optional: true\n    cure: registration_filed\n")
    (tmp_path / "bad.yaml").write_text(bad)
    result = subprocess.run([str(RRCALC), "check", str(tmp_path / "bad.yaml")], capture_output=True, text=True,
                            timeout=120)
    assert result.returncode != 0
    assert "'cure' acts only on a deadline_missed track" in result.stdout + result.stderr


def test_a_suspension_without_kind_takes_the_agreements_default(tmp_path):
    (tmp_path / "widget-2026.yaml").write_text(AGREEMENT)
    no_default = AGREEMENT.replace("default: true, ", "")
    (tmp_path / "plain.yaml").write_text(no_default.replace("id: widget-2026", "id: plain"))
    (tmp_path / "deal.yaml").write_text(textwrap.dedent(EVENTS))
    ok = subprocess.run([str(RRCALC), "suspensions", "-a", str(tmp_path / "widget-2026.yaml"), "-e",
                         str(tmp_path / "deal.yaml"), "-f", "csv"], capture_output=True, text=True, timeout=120)
    assert ok.returncode == 0, ok.stderr
    refused = subprocess.run([str(RRCALC), "suspensions", "-a", str(tmp_path / "plain.yaml"), "-e",
                              str(tmp_path / "deal.yaml"), "-f", "csv"], capture_output=True, text=True, timeout=120)
    assert refused.returncode == 2
    assert "gives no 'kind'" in refused.stderr and "Traceback" not in refused.stderr


# -- the agreement's own defined terms in every output (words: amount, permitted_suspension) ---------------------

def test_outputs_use_the_agreements_own_defined_terms(cli):
    # 2012 calls its amounts "Additional Interest" (4(b)); 2003 "Periodic Amounts" (the default words)
    notes = cli("penalties", "-e", EXAMPLES / "2012-exchange-offer-late.yaml", "-f", "table").out
    assert "Additional Interest under agreement 2012" in notes and "Periodic Amount" not in notes
    pipe = cli("penalties", "-e", EXAMPLES / "2003-late-filing.yaml", "-f", "table").out
    assert "Periodic Amount under agreement 2003" in pipe
    reasons = cli("suspensions", "-e", EXAMPLES / "2003-late-filing.yaml", "-f", "csv").out
    assert "Permitted Suspension Period" in reasons
