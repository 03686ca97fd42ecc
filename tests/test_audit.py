"""Issue 11: the agreements' words over convenience. One or more hand-worked scenarios per item of the audit.

Every expected figure is worked out by hand from the clause, the arithmetic in the comments; every date was
checked by calendar arithmetic (Python's datetime), not by rrcalc. Bank holidays used (Federal Reserve
schedule): 1998-07-04 is a Saturday and is not moved (1998-07-03 is a business day); 2003-07-04 (Friday) and
2003-11-11 (Tuesday, Veterans Day) are holidays.
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
from pathlib import Path

import pytest

from tests.conftest import ROOT

RRCALC = ROOT / ".venv" / "bin" / "rrcalc"


def _json(cli, *args: str) -> dict:
    r = cli(*args, "--format", "json")
    assert r.code == 0, r.err
    return json.loads(r.out)


def _deadlines(cli, *args: str) -> dict[str, dict]:
    return {d["obligation"]: d for d in _json(cli, "deadlines", *args)["deadlines"]}


def _periods(cli, *args: str) -> list[dict]:
    return _json(cli, "penalties", *args)["periods"]


def _total(cli, *args: str) -> str:
    return _json(cli, "penalties", *args)["totals"]["overall"]


def _console(*args: str | Path) -> subprocess.CompletedProcess:
    """The real console entry point."""
    return subprocess.run([str(RRCALC), *map(str, args)], capture_output=True, text=True, timeout=60, check=False)


# -- item 1: the 1998 calamity extension only for a loss on or before the deadline it extends -----------

LATE_1998 = """
    as_of: 1998-12-31
    events: {registration_filed: 1998-03-27, registration_effective: 1998-07-10, calamity_loss: 1998-09-01}
    investors: [{name: JNC, purchase_price: 1000000.00}]
"""


def test_1_calamity_after_the_deadline_does_not_extend_it(cli, write):
    path = write("late.yaml", LATE_1998)
    # Registration Deadline 1998-02-27 + 90 = 1998-05-28; the loss of 1998-09-01 is after it -> no extension
    # (calamity_timing=by_deadline). Effective 1998-07-10 -> days 05-29..07-09 = 3 + 30 + 9 = 42 -> periods of
    # 30 + 12 (a portion pays in full, "or portion thereof") -> 2% x 2 x $1,000,000 = $40,000.00.
    rows = _deadlines(cli, "-a", "1998", "-e", path)
    assert rows["registration_deadline"]["due"] == "1998-05-28"
    assert "calamity_loss 1998-09-01 is after" in rows["registration_deadline"]["basis"]
    periods = _periods(cli, "-a", "1998", "-e", path)
    assert [(p["period_start"], p["period_end"], p["days"], p["amount"]) for p in periods] == [
        ("1998-05-29", "1998-06-27", 30, "20000.00"), ("1998-06-28", "1998-07-09", 12, "20000.00")]
    # any_time: deadline 02-27 + 120 = 06-27; days 06-28..07-09 = 3 + 9 = 12 -> one portion -> $20,000.00
    assert _deadlines(cli, "-a", "1998", "-e", path, "--reading", "calamity_timing=any_time")[
        "registration_deadline"]["due"] == "1998-06-27"
    assert _total(cli, "-a", "1998", "-e", path, "--reading", "calamity_timing=any_time") == "20000.00"


def test_1_calamity_before_the_deadline_extends_it_under_both_readings(cli):
    # a loss on 1998-04-15 (before 05-28) extends the deadline to 02-27 + 120 = 06-27 under either reading
    for reading in ("by_deadline", "any_time"):
        rows = _deadlines(cli, "-a", "1998", "--event", "calamity_loss=1998-04-15", "--as-of", "1998-12-31",
                          "--reading", f"calamity_timing={reading}")
        assert rows["registration_deadline"]["due"] == "1998-06-27"


# -- item 2: restrictions after the Registration Period -------------------------------------------------

def test_2_restriction_past_the_registration_period_end_stops_there_2003(cli, write):
    # 10-Q 2003-08-14 -> Required Filing Date 08-21, filed on time 08-20. SEC notice 10-01 -> Initial Required
    # Effective Date 10-06, window to 10-06 + 90 = 2004-01-04. Rule 144(k) on 2003-11-10 ends the Registration
    # Period (earliest of 144(k) and effective + 2 years). A stop order 11-03 .. 11-20 is a Restricted Sale Date
    # on 11-03; its days after 11-10 neither extend it: restrictions count through 11-10, removed 11-11.
    # CD1 = earlier of 11-03 + 30 = 12-03 and 11-11 = 11-11: 8 days x 1.5% / 30 x $1,000,000 = $4,000.00,
    # payable on s1 = 11-03 + 30 = 12-03 (the cure comes before s1). (Before the fix: 18 days, $9,000.00.)
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


def test_2_sales_unavailable_after_rule_144k_1998(cli, write):
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


# -- item 3: facts in order -----------------------------------------------------------------------------

def test_3_effectiveness_without_the_filing_is_bad_input_where_the_filing_cures_a_track(cli, write):
    path = write("d.yaml", """
        as_of: 2004-01-31
        events:
          quarterly_report_filed: 2003-08-14
          registration_effective: 2003-10-06
        investors: [{name: SF, purchase_price: 1000000.00}]
    """)
    r = cli("penalties", "-a", "2003", "-e", path)
    assert r.code == 2
    assert r.err.count("\n") == 1 and "Traceback" not in r.err
    assert f"{path}:4:" in r.err and "give registration_filed" in r.err
    done = _console("penalties", "-a", "2003", "-e", path, "--format", "csv")
    assert done.returncode == 2 and "give registration_filed" in done.stderr


def test_3_elsewhere_effectiveness_implies_the_filing_for_statuses(cli):
    # 1998: no track is cured by the filing. Effective 1998-05-21 without registration_filed: the filing came on
    # or before 05-21, perhaps after the Filing Date 03-29 -> its status is unknown, not missed.
    rows = _deadlines(cli, "-a", "1998", "--event", "registration_effective=1998-05-21", "--as-of", "1998-12-31")
    assert rows["filing_deadline"]["status"] == "unknown"
    # effective on 1998-03-27, before the Filing Date: the filing was on time -> met
    rows = _deadlines(cli, "-a", "1998", "--event", "registration_effective=1998-03-27", "--as-of", "1998-12-31")
    assert rows["filing_deadline"]["status"] == "met"


# -- items 4 and 5: 2001 -----------------------------------------------------------------------------

POSTPONED_2001 = """
    as_of: 2003-12-31
    events: {demand_request_received: 2003-05-01, registration_filed: 2003-09-10}
    suspensions:
      - {start: 2003-06-01, end: 2003-07-23, kind: postponement}
      - {start: 2003-08-01, end: 2003-09-15, kind: postponement}
"""


def test_4_5_postponements_move_the_filing_deadline_within_90_days_per_demand(cli, write):
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


def test_4_a_premature_demand_creates_no_obligation(cli):
    # 2(a): "At any time after April 24, 2003" -> the right opens 2003-04-25; a demand on 04-20 is premature.
    r = cli("deadlines", "-a", "2001", "--event", "demand_request_received=2003-04-20", "--as-of", "2003-06-30",
            "--format", "csv")
    assert r.code == 0
    rows = {row["obligation"]: row for row in csv.DictReader(io.StringIO(r.out))}
    for oid in ("demand_notice_to_holders", "demand_filing_deadline"):
        assert rows[oid]["status"] == "not_applicable" and rows[oid]["due"] == ""
        assert "before demand_right_opens 2003-04-25" in rows[oid]["basis"]
    assert r.err.count("demand_request_received 2003-04-20 is before demand_right_opens") == 1
    # on the day the right opens, R + 10 = 2003-05-05 as usual
    rows2 = _deadlines(cli, "-a", "2001", "--event", "demand_request_received=2003-04-25", "--as-of", "2003-06-30")
    assert rows2["demand_notice_to_holders"]["due"] == "2003-05-05"


def test_4_effectiveness_period_end_with_the_6e_extension(cli, write):
    # 6(b): the shorter of 144(k) (2004-06-30) and all sold (not given) -> 2004-06-30; 6(e): a deferral of
    # amendments 2003-10-01..10-30 (30 days, within 90) extends it by 30 days -> 2004-07-30.
    path = write("d.yaml", """
        as_of: 2004-12-31
        events: {demand_request_received: 2003-05-01, registration_filed: 2003-06-10,
                 registration_effective: 2003-09-30, rule_144k_date: 2004-06-30}
        suspensions: [{start: 2003-10-01, end: 2003-10-30, kind: deferral}]
    """)
    rows = _deadlines(cli, "-a", "2001", "-e", path)
    assert rows["effectiveness_period_end"]["due"] == "2004-07-30"
    assert rows["demand_filing_deadline"]["status"] == "met"  # filed 06-10 <= R + 45 = 06-15


# -- item 6: due_date_roll moves payment dates too --------------------------------------------------------

def test_6_next_business_day_moves_payment_due_dates(cli, write):
    # Effective 1998-05-21; stop order 09-21..10-20 = 10 + 20 = 30 days -> one period, due 10-20 + 5 = 10-25, a
    # Sunday: not moved by default; under due_date_roll=next_business_day it moves to Monday 1998-10-26.
    path = write("d.yaml", """
        as_of: 1998-12-31
        events: {registration_filed: 1998-03-27, registration_effective: 1998-05-21}
        suspensions: [{start: 1998-09-21, end: 1998-10-20, kind: stop_order}]
        investors: [{name: JNC, purchase_price: 1000000.00}]
    """)
    assert [p["payment_due"] for p in _periods(cli, "-a", "1998", "-e", path)] == ["1998-10-25"]
    moved = _periods(cli, "-a", "1998", "-e", path, "--reading", "due_date_roll=next_business_day")
    assert [p["payment_due"] for p in moved] == ["1998-10-26"]
    assert "moved from 1998-10-25" in moved[0]["rule"]
    done = _console("penalties", "-a", "1998", "-e", path, "--reading", "due_date_roll=next_business_day",
                    "--format", "csv")
    assert done.returncode == 0
    assert [x["payment_due"] for x in csv.DictReader(io.StringIO(done.stdout))] == ["1998-10-26"]


# -- item 7: one run of restricted days across adjacent suspensions is one Restricted Sale Date ----------

def test_7_back_to_back_restrictions_are_one_restricted_sale_date(cli, write):
    # Effective 2003-10-06, window to 2004-01-04. A stop order 10-14..10-20 and an 'other' restriction
    # 10-21..10-31: one continuous run -> one Restricted Sale Date 10-14, restrictions removed 11-01.
    # CD1 = earlier of 10-14 + 30 = 11-13 and 11-01 = 11-01: 18 days x 1.5% / 30 x $1,000,000 = $9,000.00,
    # payable on s1 = 11-13. Under first_only nothing of the run is dropped: the same $9,000.00
    # (before the fix: $3,500.00, the second piece dropped).
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


# -- item 8: concurrent tracks in 1998 ---------------------------------------------------------------------

def test_8_concurrent_tracks_stack_or_count_once(cli, write):
    # Late effectiveness 05-29..07-09 (42 days) -> $40,000.00. Delisted 06-01..06-20 (20 days, after the
    # deadline, before the first anniversary): stack -> (C) pays a portion, $20,000.00, total $60,000.00;
    # count_once -> those 20 days are (A)'s days already: (C) pays nothing, total $40,000.00.
    path = write("d.yaml", """
        as_of: 1998-12-31
        events: {registration_filed: 1998-03-27, registration_effective: 1998-07-10}
        suspensions: [{start: 1998-06-01, end: 1998-06-20, kind: delisting}]
        investors: [{name: JNC, purchase_price: 1000000.00}]
    """)
    assert _total(cli, "-a", "1998", "-e", path) == "60000.00"
    assert _total(cli, "-a", "1998", "-e", path, "--reading", "concurrent_tracks=count_once") == "40000.00"


# -- item 9: 2003 Held Shares Value "after the relevant Filing Date" -----------------------------------

def test_9_held_shares_value_from(cli, write):
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
    assert [p["amount"] for p in _periods(cli, "-a", "2003", "-e", path)] == ["10000.00", "5000.00"]
    alt = _periods(cli, "-a", "2003", "-e", path, "--reading", "held_shares_value_from=required_filing_date")
    assert [(p["base"], p["amount"]) for p in alt] == [("1000000.00", "10000.00"), ("600000.00", "3000.00")]


# -- item 10: the 1998 conversion election --------------------------------------------------------------

def test_10_conversion_election_deadline_per_amount(cli, write):
    # Periods end 06-27 (Sat) and 07-09 (Thu); payments due 06-27 + 5 = 07-02 and 07-09 + 5 = 07-14.
    # period_end: 06-27 -> Mon 06-29 (1), Tue 06-30 (2); 07-09 -> Fri 07-10 (1), Mon 07-13 (2).
    # payment_due: 07-02 -> Fri 07-03 (1; July 4 is a Saturday, not moved), Mon 07-06 (2);
    #              07-14 -> Wed 07-15 (1), Thu 07-16 (2).
    path = write("late.yaml", LATE_1998)
    r = cli("penalties", "-a", "1998", "-e", path, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(r.out)))
    assert [x["election_deadline"] for x in rows] == ["1998-06-30", "1998-07-13"]
    done = _console("penalties", "-a", "1998", "-e", path, "--reading", "first_payable=payment_due",
                    "--format", "csv")
    assert done.returncode == 0, done.stderr
    assert [x["election_deadline"] for x in csv.DictReader(io.StringIO(done.stdout))] == ["1998-07-06", "1998-07-16"]


# -- item 11: notice obligations -------------------------------------------------------------------------

def test_11_prospectus_notice_three_business_days_before_the_filing(cli):
    # 2003 3(d)(i)(A): supplement filed Fri 2003-11-14: Thu 11-13 (1), Wed 11-12 (2), Tue 11-11 Veterans Day
    # (not counted), Mon 11-10 (3) -> notice by 2003-11-10.
    rows = _deadlines(cli, "-a", "2003", "--event", "registration_filed=2003-08-20",
                      "--event", "prospectus_filed=2003-11-14", "--as-of", "2003-12-31")
    assert rows["prospectus_filing_notice"]["due"] == "2003-11-10"
    # 2002: filed Mon 2003-07-07: Fri 07-04 (Independence Day, not counted), Thu 07-03 (1), Wed 07-02 (2),
    # Tue 07-01 (3) -> 2003-07-01.
    rows = _deadlines(cli, "-a", "2002", "--event", "registration_filed=2003-01-15",
                      "--event", "prospectus_filed=2003-07-07", "--as-of", "2003-12-31")
    assert rows["prospectus_filing_notice"]["due"] == "2003-07-01"


def test_11_investor_information_request_from_the_earlier_filing(cli):
    # 1998 4(a): filed early, Mon 1998-03-16: 5 business days before it: 03-13, 03-12, 03-11, 03-10, 03-09.
    rows = _deadlines(cli, "-a", "1998", "--event", "registration_filed=1998-03-16", "--as-of", "1998-12-31")
    assert rows["investor_information_request"]["due"] == "1998-03-09"
    # not filed: from the Filing Date Sun 03-29: 03-27, 03-26, 03-25, 03-24, 03-23
    rows = _deadlines(cli, "-a", "1998", "--as-of", "1998-12-31")
    assert rows["investor_information_request"]["due"] == "1998-03-23"


# -- item 12: as of before the facts -------------------------------------------------------------------

EXAMPLE_2003 = ROOT / "agreements" / "examples" / "2003-late-filing.yaml"


def test_12_facts_after_the_as_of_date_have_not_happened(cli):
    # As of 2003-08-20, the day before the Required Filing Date 08-21: the filing of 09-15 has not happened,
    # so the deadline is open (it was "missed" before the fix).
    r = cli("deadlines", "-a", "2003", "-e", EXAMPLE_2003, "--as-of", "2003-08-20", "--format", "json")
    assert r.code == 0
    rows = {d["obligation"]: d for d in json.loads(r.out)["deadlines"]}
    assert rows["required_filing_date"]["status"] == "open"
    assert r.err.count("treated as not yet happened") == 1
    # As of 2003-09-01: late filing accrues 08-22..09-01 = 11 days: SF 2,000,000 x 1% x 11/30 = 7,333.33;
    # White 1,000,000 x 1% x 11/30 = 3,666.666... -> 3,666.67. No Restricted Sale Date yet (suspensions later).
    periods = _periods(cli, "-a", "2003", "-e", EXAMPLE_2003, "--as-of", "2003-09-01")
    assert [(p["investor"], p["track"], p["days"], p["amount"], p["status"]) for p in periods] == [
        ("SF Capital Partners Ltd.", "late_filing", 11, "7333.33", "accruing"),
        ("White Investments", "late_filing", 11, "3666.67", "accruing")]


def test_12_through_the_console_entry_point():
    done = _console("deadlines", "-a", "2003", "-e", EXAMPLE_2003, "--as-of", "2003-08-20", "--format", "csv")
    assert done.returncode == 0, done.stderr
    rows = {row["obligation"]: row for row in csv.DictReader(io.StringIO(done.stdout))}
    assert rows["required_filing_date"]["status"] == "open"
    assert done.stderr.count("treated as not yet happened") == 1


# -- every new reading is listed and compared -------------------------------------------------------

@pytest.mark.parametrize(("agreement", "keys"), [
    ("1998", ["calamity_timing", "after_rule_144k", "concurrent_tracks", "first_payable"]),
    ("2001", ["postponement_limit"]),
    ("2003", ["held_shares_value_from"]),
])
def test_new_readings_are_listed(cli, agreement, keys):
    r = cli("readings", "-a", agreement, "--format", "csv")
    listed = [row["reading"] for row in csv.DictReader(io.StringIO(r.out))]
    assert set(keys) <= set(listed)


def test_new_readings_in_compare_readings(cli, write):
    path = write("late.yaml", LATE_1998)
    r = cli("penalties", "-a", "1998", "-e", path, "--compare-readings", "--format", "csv")
    assert r.code == 0, r.err
    rows = {(x["reading"], x["alternative"]): x for x in csv.DictReader(io.StringIO(r.out))}
    # calamity_timing=any_time: $20,000.00 instead of $40,000.00 (test_1 above)
    assert rows[("calamity_timing", "any_time")]["total"] == "20000.00"
    assert rows[("calamity_timing", "any_time")]["difference"] == "-20000.00"
    for key in ("after_rule_144k", "concurrent_tracks", "first_payable"):
        assert any(k == key for k, _ in rows)
