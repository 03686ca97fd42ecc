"""`rrcalc suspensions`: Permitted Suspension Periods (3(h)), Restricted Sale Dates (1(i)), planning, CI gate.

Business days are New York bank days: 2003 bank holidays in these scenarios are Columbus Day (Mon 10-13),
Veterans Day (Tue 11-11) and Thanksgiving (Thu 11-27).
"""

from __future__ import annotations

import csv
import io
import json
import textwrap

import pytest

HEAD = """
as_of: 2004-03-31
events: {quarterly_report_filed: 2003-08-14, registration_filed: 2003-08-20,
         sec_effectiveness_notice: 2003-10-01, registration_effective: 2003-10-06}
investors: [{name: I, purchase_price: 1000000.00}]
suspensions:
"""

# S1 Mon 10-20 .. Fri 10-24: 5 business days; notice Thu 10-16 (10-16, 10-17: 2 business days).
S1 = "  - {start: 2003-10-20, end: 2003-10-24, notice: 2003-10-16}\n"
# S2 starts on the 10th business day after 10-24: 10-27 (1) .. 10-31 (5), 11-03 (6) .. 11-07 (10).
S2 = "  - {start: 2003-11-07, end: 2003-11-14, notice: 2003-11-05}\n"


def run(cli, write, body: str, *args: str):
    path = write("deal.yaml", textwrap.dedent(HEAD) + body)
    result = cli("suspensions", "-a", "2003", "-e", path, "-f", "csv", *args)
    return result, list(csv.DictReader(io.StringIO(result.out)))


def test_a_valid_pair(cli, write):
    result, rows = run(cli, write, S1 + S2)
    assert result.code == 0
    assert [(r["business_days"], r["gap_business_days"], r["notice_business_days"], r["permitted"])
            for r in rows] == [("5", "", "2", "yes"), ("5", "10", "2", "yes")]  # S2: 11-07, 10, 12, 13, 14
    assert rows[0]["restricted_sale_date"] == rows[1]["restricted_sale_date"] == ""


def test_the_second_one_business_day_too_early(cli, write):
    _, rows = run(cli, write, S1 + S2.replace("2003-11-07", "2003-11-06"))
    assert rows[1]["gap_business_days"] == "9"
    assert rows[1]["permitted"] == "no"
    assert rows[1]["restricted_sale_date"] == "2003-11-06"
    assert "begins 9 business days after the previous one; 10 required" in rows[1]["reasons"]


def test_fifteen_business_days_is_permitted_sixteen_is_not(cli, write):
    # 10-20 .. 11-07 = three full weeks = 15 business days; to Mon 11-10 = 16.
    _, rows15 = run(cli, write, "  - {start: 2003-10-20, end: 2003-11-07, notice: 2003-10-16}\n")
    assert (rows15[0]["business_days"], rows15[0]["permitted"]) == ("15", "yes")
    _, rows16 = run(cli, write, "  - {start: 2003-10-20, end: 2003-11-10, notice: 2003-10-16}\n")
    assert (rows16[0]["business_days"], rows16[0]["permitted"]) == ("16", "no")
    assert rows16[0]["restricted_sale_date"] == "2003-10-20"  # overlong_suspension=whole
    assert "16 business days; at most 15" in rows16[0]["reasons"]


def test_overlong_under_both_readings_with_the_periodic_amounts(cli, write):
    body = "  - {start: 2003-10-20, end: 2003-11-10, notice: 2003-10-16}\n"
    _, excess = run(cli, write, body, "--reading", "overlong_suspension=excess")
    # excess: permitted through the 15th business day (11-07); the 16th, Mon 11-10, is the Restricted Sale Date.
    assert excess[0]["restricted_sale_date"] == "2003-11-10"
    path = write("deal.yaml", textwrap.dedent(HEAD) + body)
    whole = json.loads(cli("penalties", "-a", "2003", "-e", path, "-f", "json").out)
    part = json.loads(cli("penalties", "-a", "2003", "-e", path, "-f", "json",
                          "-r", "overlong_suspension=excess").out)
    # whole: restricted 10-20 .. 11-10, removed 11-11: 22 days: 1,000,000 × 1.5% × 22/30 = 11,000.00.
    assert whole["totals"]["by_track"]["restricted_sale"] == "11000.00"
    # excess: restricted 11-10 only, removed 11-11: 1 day: 1,000,000 × 1.5% × 1/30 = 500.00.
    assert part["totals"]["by_track"]["restricted_sale"] == "500.00"


def test_a_third_suspension(cli, write):
    # S3 on the 10th business day after S2's end (11-14): 11-17 .. 11-21 (5), 11-24, 11-25, 11-26 (8),
    # Thanksgiving, 11-28 (9), 12-01 (10).
    s3 = "  - {start: 2003-12-01, end: 2003-12-03, notice: 2003-11-26}\n"
    _, rows = run(cli, write, S1 + S2 + s3)
    assert rows[2]["gap_business_days"] == "10"
    assert rows[2]["permitted"] == "no"
    assert rows[2]["reasons"].startswith("third suspension; at most 2")


def test_a_suspension_spanning_bank_holidays(cli, write):
    # 11-03 .. 11-24: weekdays 11-03..07 (5), 11-10..14 (5), 11-17..21 (5), 11-24 (1) = 16, less Veterans
    # Day (Tue 11-11, a bank holiday) = 15 bank business days: permitted. On the weekdays calendar: 16.
    body = "  - {start: 2003-11-03, end: 2003-11-24, notice: 2003-10-30}\n"
    _, banks = run(cli, write, body)
    assert (banks[0]["business_days"], banks[0]["permitted"]) == ("15", "yes")
    _, weekdays = run(cli, write, body, "--reading", "business_day_calendar=weekdays")
    assert (weekdays[0]["business_days"], weekdays[0]["permitted"]) == ("16", "no")


def test_short_notice_under_both_readings(cli, write):
    # Notice Fri 10-17 for Mon 10-20: one business day.
    body = S1.replace("2003-10-16", "2003-10-17")
    _, warn = run(cli, write, body)
    assert (warn[0]["notice_business_days"], warn[0]["permitted"]) == ("1", "yes")
    assert "warning: notice 1 business day ahead; at least 2 required if lawful" in warn[0]["reasons"]
    _, disq = run(cli, write, body, "--reading", "short_notice=disqualify")
    assert (disq[0]["permitted"], disq[0]["restricted_sale_date"]) == ("no", "2003-10-20")


def test_notice_across_columbus_day(cli, write):
    # Start Tue 10-14, notice Fri 10-10: Mon 10-13 is a bank holiday, so only 10-10 counts: 1.
    _, rows = run(cli, write, "  - {start: 2003-10-14, end: 2003-10-17, notice: 2003-10-10}\n")
    assert rows[0]["notice_business_days"] == "1"


def test_a_stop_order_is_never_permitted_and_does_not_count_toward_the_gap(cli, write):
    # A stop order between S1 and S2 does not count: S2's gap is still measured from S1.
    body = S1 + "  - {start: 2003-10-28, end: 2003-10-29, kind: stop_order}\n" + S2
    _, rows = run(cli, write, body)
    assert rows[1]["permitted"] == "no" and rows[1]["restricted_sale_date"] == "2003-10-28"
    assert (rows[2]["gap_business_days"], rows[2]["permitted"]) == ("10", "yes")


def test_fail_on_invalid_is_a_ci_gate(cli, write):
    ok, _ = run(cli, write, S1 + S2, "--fail-on-invalid")
    assert ok.code == 0
    bad, _ = run(cli, write, S1 + S2.replace("2003-11-07", "2003-11-06"), "--fail-on-invalid")
    assert bad.code == 1
    assert "suspension 2 (2003-11-06 to 2003-11-14) is not permitted: begins 9 business days" in bad.err


@pytest.mark.parametrize("body, as_of, start, end, remaining", [
    # none before; notice on Wed 10-08 -> 10-08 and 10-09 are the 2 days, start Fri 10-10. 15 business days
    # from it: 10-10 (1), [10-13 Columbus], 10-14..17 (5), 10-20..24 (10), 10-27..31 (15): the 16th is
    # Mon 11-03, so the longest runs through Sun 11-02.
    ("", "2003-10-08", "2003-10-10", "2003-11-02", "2"),
    # S1 ended Fri 10-24: the 10th business day after is 11-07. 15 business days from Fri 11-07: 11-07 (1),
    # 11-10, [11-11], 11-12..14 (5), 11-17..21 (10), 11-24..26 (13), [11-27], 11-28 (14), 12-01 (15):
    # the 16th is 12-02, so through 12-01.
    (S1, "2003-10-24", "2003-11-07", "2003-12-01", "1"),
    # Both used; S2 ended 11-14: the 10th business day after is 12-01 (see test_a_third_suspension).
    (S1 + S2, "2003-11-14", "2003-12-01", None, "0"),
])
def test_next_with_zero_one_and_two_prior(cli, write, body, as_of, start, end, remaining):
    text = textwrap.dedent(HEAD).replace("as_of: 2004-03-31", f"as_of: {as_of}") + body
    path = write("deal.yaml", text)
    result = cli("suspensions", "-a", "2003", "-e", path, "--next", "-f", "json")
    assert result.code == 0, result.err
    data = json.loads(result.out)
    assert (data["earliest_start"], data["remaining"]) == (start, int(remaining))
    if end:
        assert data["latest_end"] == end


def test_next_with_none_left_prices_a_suspension(cli, write):
    # As of 11-14 both permitted suspensions are used. A 5-business-day suspension from 12-01 (through
    # Fri 12-05) is the third: a Restricted Sale Date 12-01, within the window (10-06 + 90 = 2004-01-04);
    # restrictions removed 12-06: 5 days × 1.5% × 1,000,000 / 30 = 2,500.00.
    text = textwrap.dedent(HEAD).replace("as_of: 2004-03-31", "as_of: 2003-11-14") + S1 + S2
    path = write("deal.yaml", text)
    data = json.loads(cli("suspensions", "-a", "2003", "-e", path, "--next", "--days", "5", "-f", "json").out)
    assert data["cost"] == [{"investor": "I", "amount": "2500.00",
                             "note": "not permitted (third suspension; at most 2); Restricted Sale Date 2003-12-01"}]


def test_next_is_refused_where_nothing_is_permitted(cli):
    result = cli("suspensions", "-a", "1998", "--next")
    assert result.code == 2 and "no permitted suspensions to plan" in result.err  # 1998: words.permitted_suspension


def test_1998_every_suspension_counts_toward_a_track(cli, write):
    path = write("deal.yaml", """
        as_of: 1999-12-31
        events: {registration_filed: 1998-03-27, registration_effective: 1998-05-20}
        suspensions:
          - {start: 1998-09-01, end: 1998-09-20, kind: stop_order}
          - {start: 1999-01-04, end: 1999-01-08, kind: delisting}
    """)
    rows = list(csv.DictReader(io.StringIO(cli("suspensions", "-a", "1998", "-e", path, "-f", "csv").out)))
    assert [r["permitted"] for r in rows] == ["no", "no"]
    assert rows[0]["reasons"].endswith("its days count toward sales_unavailable")
    assert rows[1]["reasons"].endswith("its days count toward delisting")
    # 09-01 .. 09-20 (Tue .. Sun): 14 weekdays, less Labor Day (Mon 09-07) = 13 business days.
    assert rows[0]["business_days"] == "13"


def test_2001_postponements_and_deferrals_against_the_90_day_limits(cli, write):
    # 2(c): postponement "for up to 90 days": 06-01 .. 08-29 is 30 + 31 + 29 = 90 days: allowed; one day
    # more is not. 6(e): a deferral of 09-01 .. 09-30 (30 days) extends the effectiveness period by 30 days.
    def rows(end):
        path = write("deal.yaml", f"""
            as_of: 2003-12-31
            events: {{demand_request_received: 2003-05-01, registration_effective: 2003-08-31}}
            suspensions:
              - {{start: 2003-06-01, end: {end}, kind: postponement}}
              - {{start: 2003-09-01, end: 2003-09-30, kind: deferral}}
        """)
        return json.loads(cli("suspensions", "-a", "2001", "-e", path, "-f", "json").out)
    ok = rows("2003-08-29")
    assert [s["permitted"] for s in ok["suspensions"]] == [True, True]
    assert ok["suspensions"][0]["reasons"] == ["90 days, within 90"]
    assert ok["suspensions"][1]["extends_effectiveness_by"] == 30
    assert ok["extends_effectiveness_by"] == 30
    too_long = rows("2003-08-30")
    assert too_long["suspensions"][0]["permitted"] is False
    assert too_long["suspensions"][0]["reasons"] == ["91 days; at most 90"]


def test_an_open_suspension_is_judged_so_far(cli, write):
    # Open since Mon 10-20, as of Fri 10-31: 10 business days so far: permitted, flagged still open.
    text = textwrap.dedent(HEAD).replace("as_of: 2004-03-31", "as_of: 2003-10-31")
    path = write("deal.yaml", text + "  - {start: 2003-10-20, notice: 2003-10-16}\n")
    got = list(csv.DictReader(io.StringIO(cli("suspensions", "-a", "2003", "-e", path, "-f", "csv").out)))
    assert (got[0]["business_days"], got[0]["permitted"]) == ("10", "yes")
    assert "still open" in got[0]["reasons"]


# -- restrictions, the Registration Period and Rule 144(k) ---------------------------------------------------------

def _json(cli, *args: str) -> dict:
    r = cli(*args, "--format", "json")
    assert r.code == 0, r.err
    return json.loads(r.out)


def _periods(cli, *args: str) -> list[dict]:
    return _json(cli, "penalties", *args)["periods"]


def _deadlines(cli, *args: str) -> dict[str, dict]:
    return {d["obligation"]: d for d in _json(cli, "deadlines", *args)["deadlines"]}


def _total(cli, *args: str) -> str:
    return _json(cli, "penalties", *args)["totals"]["overall"]


def test_2003_a_restriction_past_the_registration_period_end_stops_there(cli, write):
    # 10-Q 2003-08-14 -> Required Filing Date 08-21, filed on time 08-20. SEC notice 10-01 -> Initial Required
    # Effective Date 10-06, window to 10-06 + 90 = 2004-01-04. Rule 144(k) on 2003-11-10 ends the Registration
    # Period (earliest of 144(k) and effective + 2 years). A stop order 11-03 .. 11-20 is a Restricted Sale Date
    # on 11-03; its days after 11-10 neither extend it: restrictions count through 11-10, removed 11-11.
    # CD1 = earlier of 11-03 + 30 = 12-03 and 11-11 = 11-11: 8 days x 1.5% / 30 x $1,000,000 = $4,000.00,
    # payable on s1 = 11-03 + 30 = 12-03 (the cure comes before s1).
    # A second stop order starting 11-24, after the period, starts no Restricted Sale Date.
    path = write("d.yaml", """
        as_of: 2004-03-31
        events: {quarterly_report_filed: 2003-08-14, registration_filed: 2003-08-20,
                 sec_effectiveness_notice: 2003-10-01, registration_effective: 2003-10-06,
                 rule_144k_date: 2003-11-10}
        suspensions:
          - {start: 2003-11-03, end: 2003-11-20, kind: stop_order}
          - {start: 2003-11-24, end: 2003-11-28, kind: stop_order}
        investors: [{name: SF, purchase_price: 1000000.00}]
    """)
    periods = _periods(cli, "-a", "2003", "-e", path)
    assert [(p["track"], p["days"], p["amount"], p["payment_due"]) for p in periods] == [
        ("restricted_sale", 8, "4000.00", "2003-12-03")]
    sus = _json(cli, "suspensions", "-a", "2003", "-e", path)["suspensions"]
    assert sus[0]["restricted_sale_date"] == "2003-11-03"
    assert sus[1]["restricted_sale_date"] in (None, "")
    assert "after the Registration Period ended 2003-11-10" in " ".join(sus[1]["reasons"])


def test_1998_sales_unavailable_after_rule_144k(cli, write):
    # Effective 1998-05-21 (on time). Stop order 09-01 .. 10-20 (30 + 20 = 50 days); Rule 144(k) from 10-01.
    # not_counted (default): days 09-01..09-30 = 30 -> one period, $20,000.00, due 09-30 + 5 = 10-05.
    # counted: 50 days -> 30 + 20 -> two periods, $40,000.00.
    path = write("d.yaml", """
        as_of: 1998-12-31
        events: {registration_filed: 1998-03-27, registration_effective: 1998-05-21, rule_144k_date: 1998-10-01}
        suspensions: [{start: 1998-09-01, end: 1998-10-20, kind: stop_order}]
        investors: [{name: JNC, purchase_price: 1000000.00}]
    """)
    periods = _periods(cli, "-a", "1998", "-e", path)
    assert [(p["period_end"], p["days"], p["amount"], p["payment_due"]) for p in periods] == [
        ("1998-09-30", 30, "20000.00", "1998-10-05")]
    assert _total(cli, "-a", "1998", "-e", path, "--reading", "after_rule_144k=counted") == "40000.00"


def test_2003_back_to_back_restrictions_are_one_restricted_sale_date(cli, write):
    # Effective 2003-10-06, window to 2004-01-04. A stop order 10-14..10-20 and an 'other' restriction
    # 10-21..10-31: one continuous run -> one Restricted Sale Date 10-14, restrictions removed 11-01.
    # CD1 = earlier of 10-14 + 30 = 11-13 and 11-01 = 11-01: 18 days x 1.5% / 30 x $1,000,000 = $9,000.00,
    # payable on s1 = 11-13. Under first_only nothing of the run is dropped (it is one episode, not two): the same
    # $9,000.00, not the first piece's 10-15 .. 10-21 = 7 days = $3,500.00 alone.
    path = write("d.yaml", """
        as_of: 2004-03-31
        events: {quarterly_report_filed: 2003-08-14, registration_filed: 2003-08-20,
                 sec_effectiveness_notice: 2003-10-01, registration_effective: 2003-10-06}
        suspensions:
          - {start: 2003-10-14, end: 2003-10-20, kind: stop_order}
          - {start: 2003-10-21, end: 2003-10-31, kind: other}
        investors: [{name: SF, purchase_price: 1000000.00}]
    """)
    for reading in ("each", "first_only"):
        periods = _periods(cli, "-a", "2003", "-e", path, "--reading", f"restricted_sale_episodes={reading}")
        assert [(p["occurrence"], p["days"], p["amount"], p["payment_due"]) for p in periods] == [
            (1, 18, "9000.00", "2003-11-13")]


# -- 2001: postponements of a demand registration (2(c)) -----------------------------------------------------------

POSTPONED_2001 = """
    as_of: 2003-12-31
    events: {demand_request_received: 2003-05-01, registration_filed: 2003-09-10}
    suspensions:
      - {start: 2003-06-01, end: 2003-07-23, kind: postponement}
      - {start: 2003-08-01, end: 2003-09-15, kind: postponement}
"""


def test_2001_postponements_move_the_filing_deadline_within_90_days_per_demand(cli, write):
    path = write("d.yaml", POSTPONED_2001)
    # R = 2003-05-01 -> 45 days -> 06-15. Postponement 06-01..07-23 = 30 + 23 = 53 days, permitted, begins before
    # 06-15 -> deadline 06-15 + 53 = 08-07. The second, 08-01..09-15 = 31 + 15 = 46 days, brings the demand's
    # postponements to 99 > 90 days (postponement_limit=per_demand_total): not permitted, no extension.
    # Filed 09-10 > 08-07 -> missed.
    rows = _deadlines(cli, "-a", "2001", "-e", path)
    assert rows["demand_filing_deadline"]["due"] == "2003-08-07"
    assert rows["demand_filing_deadline"]["status"] == "missed"
    sus = _json(cli, "suspensions", "-a", "2001", "-e", path)["suspensions"]
    assert [s["permitted"] for s in sus] == [True, False]
    # each: the second is permitted too (46 <= 90), begins 08-01 <= 08-07 -> 08-07 + 46 = 09-22; filed 09-10: met
    rows = _deadlines(cli, "-a", "2001", "-e", path, "--reading", "postponement_limit=each")
    assert (rows["demand_filing_deadline"]["due"], rows["demand_filing_deadline"]["status"]) == ("2003-09-22", "met")
    sus = _json(cli, "suspensions", "-a", "2001", "-e", path, "--reading", "postponement_limit=each")["suspensions"]
    assert [s["permitted"] for s in sus] == [True, True]


# -- suspensions judged once per scenario: a deadline extended by the permitted ones (an invented agreement) --------

def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


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
    deadlines = {r["obligation"]: r["due"] for r in _rows(cli("deadlines", "-a", agreement, "-e", events,
                                                             "-f", "csv").out)}
    assert deadlines == {"registration_period_end": "2026-05-01", "resale_window_end": "2026-06-15"}
    judged = _rows(cli("suspensions", "-a", agreement, "-e", events, "-f", "csv").out)
    assert [(r["start"], r["permitted"]) for r in judged] == [("2026-04-25", "yes")]


def test_until_that_the_suspensions_extend_is_refused(cli, write):
    # The suspensions are judged up to "until"; a date they extend cannot be that date.
    agreement = write("sprocket-2026.yaml", JUDGED.replace("until: registration_period_end",
                                                           "until: resale_window_end"))
    result = cli("deadlines", "-a", agreement, "-e", write("deal.yaml", JUDGED_EVENTS), "-f", "csv")
    assert result.code == 2
    assert "depends on itself (resale_window_end -> resale_window_end)" in result.err
    assert "permitted_suspensions.until" in result.err
