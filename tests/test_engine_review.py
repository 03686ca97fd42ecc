"""Review findings on the accrual engine, each with its figure worked out by hand from the clause.

Through the console entry point in-process (the ``cli`` fixture) where a figure is visible there.
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal

from .conftest import ROOT

D = Decimal
EXAMPLES = ROOT / "agreements" / "examples"


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


# -- 1. late interest on a partly paid amount -------------------------------------------------------

def test_interest_on_a_partly_paid_amount_runs_per_slice(cli, write):
    # 2007 4(b): "A payment not made when due bears simple interest at 18% per annum, computed on the actual
    # number of days elapsed over a 365-day year, until paid." The 2007 example, its last payment 34,999.00:
    # payments settle amounts in the order they fall due: 10,000 (11-29), 10,000 (12-31) and 6,666.67 (01-25)
    # pay the three filing amounts on their due dates (no interest). The first effectiveness amount, 35,000.00
    # due Thu 2008-02-07, gets 34,999.00 on 03-07; 1.00 is still unpaid at the as-of date 2008-12-31.
    #   34,999.00 × 18% × 29/365 (02-07 -> 03-07 in leap 2008: 22 + 7 = 29 days) = 182,694.78 / 365 = 500.53364..
    #   1.00 × 18% × 328/365 (02-07 -> 12-31: day 366 - day 38 = 328) = 59.04 / 365 = 0.16175..
    #   together 500.69539.. -> rounded once for the amount: 500.70 (slices rounded apart: 500.53 + 0.16 = 500.69)
    # The second amount, 5,000.00 due 03-07, gets nothing: 5,000 × 18% × 299/365 (day 366 - day 67) =
    #   269,100 / 365 = 737.260.. -> 737.26.
    text = (EXAMPLES / "2007-late-filing-and-effectiveness.yaml").read_text()
    assert "amount: 40000.00" in text
    path = write("deal.yaml", text.replace("amount: 40000.00", "amount: 34999.00"))
    result = cli("penalties", "-a", "2007", "-e", path, "-f", "csv")
    assert result.code == 0, result.err
    got = {(r["track"], r["period"]): D(r["interest"]) for r in rows(result.out)}
    assert got[("late_effectiveness", "1")] == D("500.70")
    assert got[("late_effectiveness", "2")] == D("737.26")
    assert got[("late_filing", "1")] == got[("late_filing", "2")] == got[("late_filing", "3")] == D("0.00")


def test_interest_on_the_bundled_2007_example_is_unchanged(cli):
    # The example as bundled: 40,000.00 on 03-07 pays the 35,000.00 due 02-07 in full (29 days late) and the
    # 5,000.00 due that very day on time. 35,000 × 18% × 29/365 = 182,700 / 365 = 500.5479.. -> 500.55.
    result = cli("penalties", "-a", "2007", "-e", EXAMPLES / "2007-late-filing-and-effectiveness.yaml", "-f", "csv")
    got = {(r["track"], r["period"]): D(r["interest"]) for r in rows(result.out)}
    assert got[("late_effectiveness", "1")] == D("500.55")
    assert got[("late_effectiveness", "2")] == D("0.00")


def test_a_payment_after_the_as_of_date_is_not_yet_made(cli, write):
    # The 34,999.00 dated 03-07 with the as-of date 2008-02-29: nothing is paid by then, so the whole
    # 35,000.00 due 02-07 is late 22 days: 35,000 × 18% × 22/365 = 138,600 / 365 = 379.7260.. -> 379.73.
    text = (EXAMPLES / "2007-late-filing-and-effectiveness.yaml").read_text()
    text = text.replace("amount: 40000.00", "amount: 34999.00").replace("as_of: 2008-12-31", "as_of: 2008-02-29")
    result = cli("penalties", "-a", "2007", "-e", write("deal.yaml", text), "-f", "csv")
    got = {(r["track"], r["period"]): D(r["interest"]) for r in rows(result.out)}
    assert got[("late_effectiveness", "1")] == D("379.73")


# -- 2. after / before / overlap on restricted_sale tracks --------------------------------------------

RESTRICTED = """\
id: gadget-2026
title: Gadget Co. Registration Rights Agreement (invented for this test)
date: 2026-01-05
company: Gadget Co.
parties: [{name: Gadget Co., role: Company}]
summary: "Daily damages for late filing and for blackouts beyond five days."
source: none
calendar: {label: Business Day, value: ny-banks, unit: calendar, reference: {section: "1", quote: "Business Day"}}
events:
  registration_filed: {label: Filed, not_before: [agreement_date]}
  listing_ended: {label: Delisted}
terms:
  filing_days: {label: Filing days, value: 30, unit: days, reference: {section: "2", quote: "within 30 days"}}
  month: {label: A month, value: 30, unit: days, reference: {section: "3", quote: "each 30 days"}}
  filing_rate: {label: Per day late, value: 100, unit: usd, reference: {section: "3", quote: "$100 a day"}}
  blackout_rate: {label: Per day restricted, value: 1000, unit: usd, reference: {section: "5", quote: "$1,000 a day"}}
  pay_days: {label: Due after a period, value: 2, unit: business_days, reference: {section: "3", quote: "two days"}}
  blackout_days: {label: Longest, value: 5, unit: days, reference: {section: "5", quote: "5 calendar days"}}
obligations:
  filing_deadline:
    label: Filing deadline
    description: File within 30 days
    rule: {anchor: agreement_date, days: 30}
    met_by: registration_filed
    reference: {section: "2", quote: "within 30 days"}
suspension_kinds:
  blackout: {label: Blackout, default: true}
permitted_suspensions:
  kinds: [blackout]
  counting: calendar_days
  max_length: blackout_days
  overlong: excess
tracks:
  late_filing:
    label: Not filed in time
    description: $100 a day
    reference: {section: "3", quote: "$100 a day"}
    occurs: deadline_missed
    deadline: filing_deadline
    cure: registration_filed
    cure_day_counts: not_counted
    periods: consecutive
    period_days: month
    amount: usd_per_day
    rates: [{from_period: 1, rate: filing_rate}]
    payment: {business_days_after_period_end: pay_days}
  blackout_excess:
    label: Blackout beyond five days
    description: $1,000 a day from the first day beyond the limit
    reference: {section: "5", quote: "beyond these limits"}
    occurs: restricted_sale
    window_optional: true
    periods: consecutive
    period_days: month
    amount: usd_per_day
    rates: [{from_period: 1, rate: blackout_rate}]
    payment: {business_days_after_period_end: pay_days}
"""

RESTRICTED_EVENTS = """\
as_of: 2026-12-31
events: {registration_filed: 2026-02-20, listing_ended: 2026-02-23}
suspensions:
  - {start: 2026-02-10, end: 2026-02-25}
investors:
  - {name: A, purchase_price: 1000000.00}
"""


def _restricted_days(cli, write, extra: str) -> dict[str, tuple[str, str, str, Decimal]]:
    agreement = write("gadget-2026.yaml", RESTRICTED + extra)
    result = cli("penalties", "-a", agreement, "-e", write("deal.yaml", RESTRICTED_EVENTS), "-f", "csv")
    assert result.code == 0, result.err
    return {r["track"]: (r["period_start"], r["period_end"], r["days"], D(r["amount"])) for r in rows(result.out)}


def test_restricted_sale_consecutive_periods_without_bounds(cli, write):
    # Filing deadline 2026-01-05 + 30 = 02-04; filed 02-20, not counted: 02-05 .. 02-19 = 15 days × $100 = $1,500.
    # Blackout 02-10 .. 02-25 (16 calendar days; at most 5, the excess a failure): the Restricted Sale Date is the
    # sixth day, 02-15; restrictions removed 02-26: 02-15 .. 02-25 = 11 days × $1,000 = $11,000.
    got = _restricted_days(cli, write, "")
    assert got["late_filing"] == ("2026-02-05", "2026-02-19", "15", D("1500.00"))
    assert got["blackout_excess"] == ("2026-02-15", "2026-02-25", "11", D("11000.00"))


def test_restricted_sale_consecutive_periods_honour_before(cli, write):
    # before: listing_ended (02-23): only days before it count: 02-15 .. 02-22 = 8 days × $1,000 = $8,000.
    got = _restricted_days(cli, write, "    before: listing_ended\n")
    assert got["blackout_excess"] == ("2026-02-15", "2026-02-22", "8", D("8000.00"))


def test_restricted_sale_consecutive_periods_honour_after(cli, write):
    # after: registration_filed (02-20): only days after it count: 02-21 .. 02-25 = 5 days × $1,000 = $5,000.
    got = _restricted_days(cli, write, "    after: registration_filed\n")
    assert got["blackout_excess"] == ("2026-02-21", "2026-02-25", "5", D("5000.00"))


def test_restricted_sale_consecutive_periods_honour_count_once(cli, write):
    # overlap count_once: late_filing (earlier in `tracks`) counted 02-05 .. 02-19; of the run 02-15 .. 02-25 the
    # days 02-15 .. 02-19 are not counted again: 02-20 .. 02-25 = 6 days × $1,000 = $6,000.
    got = _restricted_days(cli, write, "    overlap: count_once\n")
    assert got["blackout_excess"] == ("2026-02-20", "2026-02-25", "6", D("6000.00"))


def test_overlap_on_periods_it_cannot_act_on_is_refused(cli, write):
    agreement = write("gadget-2026.yaml", RESTRICTED.replace("    periods: consecutive\n    period_days: month\n"
                                                             "    amount: usd_per_day\n    rates: [{from_period: 1, "
                                                             "rate: blackout_rate}]",
                                                             "    periods: computation_dates\n    period_days: month\n"
                                                             "    amount: usd\n    rates: [{from_period: 1, "
                                                             "rate: blackout_rate}]\n    overlap: count_once"))
    result = cli("penalties", "-a", agreement, "-e", write("deal.yaml", RESTRICTED_EVENTS), "-f", "csv")
    assert result.code == 2
    assert "field 'tracks.blackout_excess.overlap'" in result.err and "not computation_dates" in result.err


# -- 5. where an accruing period would end: the cutter's natural_end -----------------------------------

def test_an_accruing_monthly_period_ends_where_the_cutter_says(cli, write):
    # The 2024 agreement with the Closing Date moved to 2023-12-31 and its late filing amounts due three Business
    # Days after each period's end (instead of after accrual). Filing Deadline 2023-12-31 + 30 = Tue 2024-01-30;
    # not filed by the as-of date 2024-03-10. 3(b): periods run from the first day of failure, 01-31, to each
    # monthly anniversary of it: 01-31 .. 02-28 (the anniversary 02-31 does not exist: 02-29), then from 02-29 to
    # the day before the second anniversary, 03-31: 03-30 (not 02-29 + 1 month - 1 = 03-28).
    # Due three Business Days (ny-banks: Good Friday is no holiday) after Sat 03-30: Mon 04-01, Tue 04-02, Wed 04-03.
    # The first period, final, ends Wed 02-28: Thu 02-29, Fri 03-01, Mon 03-04.
    text = (ROOT / "agreements" / "2024.yaml").read_text()
    text = text.replace("rule: {on: 2024-03-06}", "rule: {on: 2023-12-31}")
    old = ('payment: {business_days_after_accrual: payment_due, reference: {section: "3(d)", quote: "Each payment is '
           'due no later than three Business Days after the date on which it accrues"}}')
    assert old in text
    text = text.replace(old, "payment: {business_days_after_period_end: payment_due}")
    agreement = write("2024-varied.yaml", text)
    events = write("deal.yaml", """
        as_of: 2024-03-10
        investors: [{name: H, purchase_price: 1000000.00}]
    """)
    result = cli("penalties", "-a", agreement, "-e", events, "-f", "csv")
    assert result.code == 0, result.err
    got = [(r["period_start"], r["period_end"], r["status"], r["payment_due"]) for r in rows(result.out)
           if r["track"] == "late_filing"]
    assert got == [("2024-01-31", "2024-02-28", "final", "2024-03-04"),
                   ("2024-02-29", "2024-03-10", "accruing", "2024-04-03")]


# -- 6. the suspensions judged once per scenario ---------------------------------------------------------

JUDGED = """\
id: sprocket-2026
title: Sprocket Co. Registration Rights Agreement (invented for this test)
date: 2026-01-05
company: Sprocket Co.
parties: [{name: Sprocket Co., role: Company}]
summary: "Blackouts of at most ten days during the Registration Period; the resale window extended by them."
source: none
calendar: {label: Business Day, value: ny-banks, unit: calendar, reference: {section: "1", quote: "Business Day"}}
events:
  registration_effective: {label: Effective, not_before: [agreement_date]}
terms:
  blackout_days: {label: Longest, value: 10, unit: days, reference: {section: "5", quote: "10 calendar days"}}
obligations:
  registration_period_end:
    label: End of the Registration Period
    description: 60 days after effectiveness
    kind: window_end
    rule: {anchor: registration_effective, days: 60}
    reference: {section: "4", quote: "for 60 days"}
  resale_window_end:
    label: End of the resale window
    description: 90 days after effectiveness, extended by the days of permitted blackouts
    kind: window_end
    rule: {anchor: registration_effective, days: 90}
    extended_by:
      kinds: [blackout]
      reference: {section: "6", quote: "extended by the days of any permitted blackout"}
    reference: {section: "6", quote: "90 days"}
suspension_kinds:
  blackout: {label: Blackout, default: true}
permitted_suspensions:
  kinds: [blackout]
  counting: calendar_days
  max_length: blackout_days
  until: registration_period_end
tracks: {}
"""

JUDGED_EVENTS = """\
as_of: 2026-12-31
events: {registration_effective: 2026-03-02}
suspensions:
  - {start: 2026-04-25, end: 2026-05-09}
investors:
  - {name: A, purchase_price: 1000000.00}
"""


def test_a_deadline_extended_by_suspensions_reads_the_scenarios_one_judgement(cli, write):
    # Effective 2026-03-02: the Registration Period ends 03-02 + 60 = 05-01 (29 days to 03-31, + 30 = 59 to 04-30,
    # + 1); the resale window 03-02 + 90 = 05-31 (+ 31 in May = 90). The blackout 04-25 .. 05-09 is judged up to
    # the Registration Period's end ("until"): 04-25 .. 05-01 = 7 calendar days, at most 10: permitted. So it
    # extends the resale window by its 15 days (04-25 .. 05-09: 6 + 9): 05-31 + 15 = 06-15. (Judged without
    # "until", as the deadline code once did on its own, it ran 15 days > 10: not permitted, no extension.)
    agreement, events = write("sprocket-2026.yaml", JUDGED), write("deal.yaml", JUDGED_EVENTS)
    deadlines = {r["obligation"]: r["due"] for r in rows(cli("deadlines", "-a", agreement, "-e", events,
                                                             "-f", "csv").out)}
    assert deadlines == {"registration_period_end": "2026-05-01", "resale_window_end": "2026-06-15"}
    judged = rows(cli("suspensions", "-a", agreement, "-e", events, "-f", "csv").out)
    assert [(r["start"], r["permitted"]) for r in judged] == [("2026-04-25", "yes")]


def test_until_that_the_suspensions_extend_is_refused(cli, write):
    # The suspensions are judged up to "until"; a date they extend cannot be that date.
    agreement = write("sprocket-2026.yaml", JUDGED.replace("until: registration_period_end",
                                                           "until: resale_window_end"))
    result = cli("deadlines", "-a", agreement, "-e", write("deal.yaml", JUDGED_EVENTS), "-f", "csv")
    assert result.code == 2
    assert "depends on itself (resale_window_end -> resale_window_end)" in result.err
    assert "permitted_suspensions.until" in result.err


# -- 3. one pricer, one cap ----------------------------------------------------------------------------------

def test_one_pricer_and_one_cap():
    # Every period is priced by amounts.price_period and every cap applied by amounts.apply_cap, whether or not
    # the track is in a precedence group; the rate examples use the same public entry points as a real deal.
    import inspect

    from rrcalc.engine import amounts, penalties

    assert not [m for m in ("_price", "_price_generic", "pricer", "_cap") if hasattr(penalties.PenaltyEngine, m)]
    assert "amounts.price_period(" in inspect.getsource(penalties.PenaltyEngine.price)
    examples = inspect.getsource(penalties.examples)
    assert "engine._" not in examples and "amounts.apply_cap(" in examples
    assert callable(amounts.apply_cap) and callable(amounts.price_period)


def test_the_1998_portion_pays_in_full_through_the_one_pricer(cli):
    # 1998 2(c) "for each 30-day period or portion thereof": the per-million examples at 2% a period:
    # 45 days = one 30-day period and a 15-day portion = 2 × 2% × 1,000,000 = 40,000.00; 60 days = 2 periods = 40,000.
    got = {(r["track"], r["days"]): r for r in rows(cli("penalties", "-a", "1998", "-f", "csv").out)}
    first = next(k[0] for k in got)
    assert got[(first, "45")]["amount_per_1000000"] == "40000.00"
    assert "(a portion pays in full)" in got[(first, "45")]["working"]
    assert got[(first, "60")]["amount_per_1000000"] == "40000.00"


# -- 4. how a shared cap is divided: the cap's `order` ------------------------------------------------------

CAP_TERM = '  cap: {label: Cap, value: 5000, unit: usd, reference: {section: "6", quote: "$5,000 in all"}}\n'
CAPPED = RESTRICTED.replace("  blackout_days:", CAP_TERM + "  blackout_days:") + """\
payment_cap:
  amount: cap
  scope: total
  reference: {section: "6", quote: "$5,000 in all"}
"""

# Filed 02-26 (not counted): late filing 02-05 .. 02-25 = 21 days × $100 = $2,100, its period's last day 02-25;
# the blackout run 02-15 .. 02-25 = 11 days × $1,000 = $11,000, also accruing on 02-25. Investors Z then A (the
# events file's order), each owed both (the daily amounts do not depend on the base): 26,200 asked on one day.
CAPPED_EVENTS = RESTRICTED_EVENTS.replace("registration_filed: 2026-02-20", "registration_filed: 2026-02-26").replace(
    "  - {name: A, purchase_price: 1000000.00}", "  - {name: Z, purchase_price: 1000000.00}\n"
    "  - {name: A, purchase_price: 500000.00}")


def _capped(cli, write, order: str) -> dict[tuple[str, str], Decimal]:
    agreement = write("gadget-2026.yaml", CAPPED + order)
    result = cli("penalties", "-a", agreement, "-e", write("deal.yaml", CAPPED_EVENTS), "-f", "csv")
    assert result.code == 0, result.err
    return {(r["investor"], r["track"]): D(r["amount"]) for r in rows(result.out)}


def test_a_shared_cap_by_default_in_accrual_then_track_then_investor_order(cli, write):
    # order: accrual (the default): all four accrue on 02-25; tracks as listed (late_filing before
    # blackout_excess, though not alphabetically), then Investors as listed (Z before A):
    # Z late_filing 2,100 (2,100 so far); A late_filing 2,100 (4,200); Z blackout 11,000 cut to 800 (5,000);
    # A blackout cut to 0.
    got = _capped(cli, write, "")
    assert got == {("Z", "late_filing"): D("2100.00"), ("A", "late_filing"): D("2100.00"),
                   ("Z", "blackout_excess"): D("800.00"), ("A", "blackout_excess"): D("0.00")}


def test_a_shared_cap_pro_rata_in_cents_that_add_up(cli, write):
    # order: pro_rata: the four amounts accruing on 02-25 share the $5,000 in proportion (26,200 asked):
    #   2,100: 5,000 × 2,100 / 26,200 = 400.7633.. -> 400.76 (remainder 0.0034)
    #   11,000: 5,000 × 11,000 / 26,200 = 2,099.2366.. -> 2,099.23 (remainder 0.0066)
    #   rounded down: 2 × 400.76 + 2 × 2,099.23 = 4,999.98; the 2 cents left go to the two largest remainders
    #   (the 11,000s): 2,099.24 each. 801.52 + 4,198.48 = 5,000.00.
    got = _capped(cli, write, "  order: pro_rata\n")
    assert got == {("Z", "late_filing"): D("400.76"), ("A", "late_filing"): D("400.76"),
                   ("Z", "blackout_excess"): D("2099.24"), ("A", "blackout_excess"): D("2099.24")}
    assert sum(got.values()) == D("5000.00")


def test_an_unknown_cap_order_is_refused(cli, write):
    result = cli("penalties", "-a", write("gadget-2026.yaml", CAPPED + "  order: alphabetical\n"),
                 "-e", write("deal.yaml", CAPPED_EVENTS), "-f", "csv")
    assert result.code == 2 and "payment_cap.order" in result.err and "'alphabetical' is not one of" in result.err


# -- 7. rounding explicit everywhere in the engine --------------------------------------------------------------

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

    clock = RateClock(D("1" + "0" * 26 + ".01"), __import__("datetime").date(2020, 1, 1), 1, D("0.01"))
    assert clock.at(__import__("datetime").date(2020, 1, 3)) == D("1" + "0" * 26 + ".03")


def test_no_bare_rounding_in_the_engine():
    # every quantize names its rounding and context; no sum() of Decimals in the default 28-digit context
    import re

    engine = ROOT / "rrcalc" / "engine"
    for path in sorted(engine.glob("*.py")):
        if path.name in ("prices.py", "cases.py"):  # owned elsewhere (prices.py rounds shares half-up in EXACT)
            continue
        text = path.read_text()
        for m in re.finditer(r"\.quantize\(", text):
            call = text[m.start():m.start() + 160]
            assert "rounding=" in call and "context=" in call, (path.name, call)
        assert "Decimal(0))" not in text.replace(" ", ""), path.name
