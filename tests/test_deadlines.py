"""`rrcalc deadlines`: obligations worked out by hand from each agreement's clauses.

Each expected date is derived in the comment beside it from the clause's words and the conventions of
docs/conventions.md#day-counting (calendar days unless "business days"; business days counted from the day
after the anchor; New York bank holidays on the Federal Reserve schedule).
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import icalendar
import pytest

from rrcalc import api
from rrcalc.engine.deadlines import evaluate
from rrcalc.model.calendars import NY_BANKS

from .conftest import ROOT, console

EXAMPLES = ROOT / "agreements" / "examples"


def due(agreement: str, as_of: date = date(2030, 1, 1), readings: dict | None = None, **events) -> dict:
    a = api.load_agreement(agreement)
    facts = api.load_facts(None, a, events)
    in_force = api.readings(a, readings or {})
    return {r.id: r for r in evaluate(a, facts.events, NY_BANKS, as_of, in_force)}


def dates(rows: dict) -> dict:
    return {k: r.due for k, r in rows.items()}


# -- 1998 ------------------------------------------------------------------------------------------

def test_1998_dates_fixed_by_the_agreement_alone():
    got = dates(due("1998"))
    # 2(a): "on or before the thirtieth (30th) day following the date hereof": 1998-02-27 + 30 days.
    # Feb 1998 has 28 days: 02-27 -> 03-01 is 2 days, + 28 = 03-29 (a Sunday, not moved).
    assert got["filing_deadline"] == date(1998, 3, 29)
    # 2(c): "no later than the ninetieth (90th) day following the date hereof": 2 (to 03-01) + 31 (to
    # 04-01) + 30 (to 05-01) + 27 = 90 -> 1998-05-28.
    assert got["registration_deadline"] == date(1998, 5, 28)
    # 4(a): "At least five (5) business days prior to the first anticipated filing date", measured from the
    # Filing Date (Sun 03-29): Fri 03-27 (1), Thu 03-26 (2), Wed 03-25 (3), Tue 03-24 (4), Mon 03-23 (5).
    assert got["investor_information_request"] == date(1998, 3, 23)


def test_1998_calamity_extends_the_registration_deadline_by_30_days():
    # 2(c): "extended by a period of thirty (30) days": 1998-05-28 + 30 = 1998-06-27.
    got = due("1998", calamity_loss=date(1998, 4, 15))
    assert got["registration_deadline"].due == date(1998, 6, 27)
    assert "calamity_loss 1998-04-15" in got["registration_deadline"].basis


def test_1998_transfer_agent_opinion_across_memorial_day():
    # 3(o): "within three (3) business days after [it] is ordered effective". Effective Thu 1998-05-21:
    # Fri 05-22 (1), Mon 05-25 Memorial Day (bank holiday, not counted), Tue 05-26 (2), Wed 05-27 (3).
    got = due("1998", registration_filed=date(1998, 3, 27), registration_effective=date(1998, 5, 21))
    assert got["transfer_agent_opinion"].due == date(1998, 5, 27)
    # 2(c)(iii): "prior to the one (1) year anniversary of the effective date": 1999-05-21.
    assert got["listing_period_end"].due == date(1999, 5, 21)


def test_1998_review_period_and_mailed_notice():
    # 2(a): five business days to review from delivery on Thu 1998-07-02: Fri 07-03 (1), Mon 07-06 (2),
    # Tue 07-07 (3), Wed 07-08 (4), Thu 07-09 (5). July 4, 1998 was a Saturday: the Fed does not move it,
    # so Friday July 3 counts.
    # 11(b): "effective five (5) days after being placed in the mail": 1998-07-02 + 5 = 1998-07-07.
    got = due("1998", draft_delivered=date(1998, 7, 2), notice_mailed=date(1998, 7, 2))
    assert got["investor_review_end"].due == date(1998, 7, 9)
    assert got["notice_effective"].due == date(1998, 7, 7)


def test_1998_status_met_and_missed():
    got = due("1998", as_of=date(1998, 12, 31), registration_filed=date(1998, 3, 27),
              registration_effective=date(1998, 6, 15))
    assert got["filing_deadline"].status == "met"  # filed 03-27 <= 03-29
    assert got["registration_deadline"].status == "missed"  # effective 06-15 > 05-28


def test_1998_due_date_roll_reading_moves_the_sunday_filing_date():
    # Reading due_date_roll=next_business_day: Sun 1998-03-29 -> Mon 1998-03-30.
    got = due("1998", readings={"due_date_roll": "next_business_day"})
    assert got["filing_deadline"].due == date(1998, 3, 30)
    # The dependent 4(a) request counts back from the moved date: Mon 03-30 less 5 business days:
    # Fri 03-27 (1), Thu 03-26 (2), Wed 03-25 (3), Tue 03-24 (4), Mon 03-23 (5).
    assert got["investor_information_request"].due == date(1998, 3, 23)


# -- 2001 ------------------------------------------------------------------------------------------

def test_2001_demand_right_opens_after_april_24_2003():
    # 2(a): "At any time after April 24, 2003": the first day is April 25, 2003.
    assert dates(due("2001"))["demand_right_opens"] == date(2003, 4, 25)


def test_2001_demand_timeline():
    # R = 2003-06-02. 2(a): notice "Within 10 days after receipt": 06-12. 6(a): file "within 45 days of the
    # receipt": June has 30 days, 06-02 + 28 = 06-30, + 17 = 07-17. Holders notified 06-10 answer "within
    # 10 days after the receipt": 06-20; 3(a) piggyback requests also within 10 days: 06-20.
    got = dates(due("2001", demand_request_received=date(2003, 6, 2), holder_notice_received=date(2003, 6, 10)))
    assert got["demand_notice_to_holders"] == date(2003, 6, 12)
    assert got["demand_filing_deadline"] == date(2003, 7, 17)
    assert got["holder_response_deadline"] == date(2003, 6, 20)
    assert got["piggyback_request_deadline"] == date(2003, 6, 20)


def test_2001_holdbacks_only_when_underwritten():
    # 5(a): "the seven days prior to and during the 90-day period beginning on the effective date":
    # effective 2003-09-15 -> from 09-08 through 09-15 + 89 = 12-13 (Sep 15 + 15 = 09-30, + 31 = 10-31,
    # + 30 = 11-30, + 13 = 12-13). 5(b): the earlier of notice 2003-08-01 + 180 = 2004-01-28 and
    # effective + 90 = 2003-12-14.
    events = {"holder_notice_received": date(2003, 8, 1), "registration_effective": date(2003, 9, 15)}
    got = dates(due("2001", underwritten=True, **events))
    assert got["company_holdback_start"] == date(2003, 9, 8)
    assert got["company_holdback_end"] == date(2003, 12, 13)
    assert got["holder_holdback_end"] == date(2003, 12, 14)
    not_underwritten = due("2001", underwritten=False, **events)
    assert not_underwritten["company_holdback_start"].due is None
    assert not_underwritten["company_holdback_start"].status == "not_applicable"


def test_2001_additional_registration_within_six_months_of_a_cutback():
    # 2(b): "within 6 months thereafter": 2003-08-31 + 6 months has no February 31 -> 2004-02-29
    # (2004 is a leap year), flagged as a month-end adjustment.
    got = due("2001", underwriter_cutback=date(2003, 8, 31))
    row = got["additional_registration_deadline"]
    assert row.due == date(2004, 2, 29)
    assert any("month-end adjusted" in f for f in row.flags)


# -- 2002 ------------------------------------------------------------------------------------------

def test_2002_required_effective_date_is_june_1_2003_a_sunday():
    row = due("2002")["required_effective_date"]
    assert row.due == date(2003, 6, 1)
    assert any("not a business day (Sunday)" in f for f in row.flags)


def test_2002_initial_required_effective_date_is_the_earlier():
    # 2(a)(i): "the earlier of (Y) five (5) days after oral or written notice by the SEC ... or (Z) June 1, 2003".
    early = due("2002", registration_filed=date(2003, 1, 10), sec_effectiveness_notice=date(2003, 5, 20))
    assert early["initial_required_effective_date"].due == date(2003, 5, 25)  # 05-20 + 5
    late = due("2002", registration_filed=date(2003, 1, 10), sec_effectiveness_notice=date(2003, 5, 30))
    assert late["initial_required_effective_date"].due == date(2003, 6, 1)  # 05-30 + 5 = 06-04 is later


def test_2002_transfer_agent_opinion_across_independence_day():
    # 3(k): five business days after effectiveness on Mon 2003-06-30: Tue 07-01 (1), Wed 07-02 (2),
    # Thu 07-03 (3), Fri 07-04 holiday, Mon 07-07 (4), Tue 07-08 (5).
    got = due("2002", registration_filed=date(2003, 1, 10), registration_effective=date(2003, 6, 30))
    assert got["transfer_agent_opinion"].due == date(2003, 7, 8)
    # 3(c): counsel's review "not less than three (3) business days" before filing on Fri 2003-01-10:
    # Thu 01-09 (1), Wed 01-08 (2), Tue 01-07 (3).
    assert got["counsel_review"].due == date(2003, 1, 7)


def test_2002_registration_period_ends_at_the_earliest_the_facts_give():
    # 3(a): earliest of 144(k), no shares held, one year after the Effective Date (2003-06-30 -> 2004-06-30).
    base = {"registration_filed": date(2003, 1, 10), "registration_effective": date(2003, 6, 30)}
    assert due("2002", **base)["registration_period_end"].due == date(2004, 6, 30)
    assert due("2002", rule_144k_date=date(2004, 3, 1), **base)["registration_period_end"].due == date(2004, 3, 1)


def test_2002_all_shares_sold_is_derived_from_the_investors_sales(write):
    # Every Investor has sold all it bought by 2003-09-10 (the later of the last sales): the Registration
    # Period ends then, before one year after effectiveness.
    path = write("deal.yaml", """
        events: {registration_filed: 2003-01-10, registration_effective: 2003-06-30}
        investors:
          - name: A
            purchase_price: 100000.00
            sales: [{date: 2003-08-01, purchase_price: 40000}, {date: 2003-09-10, purchase_price: 60000}]
          - name: B
            purchase_price: 50000.00
            sales: [{date: 2003-07-15, purchase_price: 50000}]
    """)
    a = api.load_agreement("2002")
    facts = api.load_facts(path, a)
    rows = {r.id: r for r in evaluate(a, facts.events, NY_BANKS, date(2004, 1, 1), {}, frozenset(facts.derived))}
    assert rows["registration_period_end"].due == date(2003, 9, 10)
    assert "derived from the Investors' sales" in rows["registration_period_end"].basis


# -- 2003 ------------------------------------------------------------------------------------------

def test_2003_required_filing_date_across_labor_day():
    # 1(h): "five (5) business days from the date of the filing" of the 10-Q on Thu 2003-08-28:
    # Fri 08-29 (1), Mon 09-01 Labor Day, Tue 09-02 (2), Wed 09-03 (3), Thu 09-04 (4), Fri 09-05 (5).
    row = due("2003", quarterly_report_filed=date(2003, 8, 28))["required_filing_date"]
    assert row.due == date(2003, 9, 5)
    assert "5 business days after quarterly_report_filed 2003-08-28" == row.basis


def test_2003_initial_required_effective_date_and_window():
    # 2(a)(i): "no later than five (5) days after receipt ... of written notice by the SEC": 10-01 + 5 = 10-06.
    # 2(b)(ii): a Restricted Sale Date "within ninety (90) days after" it: 10-06 + 90 = 2004-01-04
    # (Oct 25 days left + Nov 30 + Dec 31 = 86, + 4).
    got = dates(due("2003", registration_filed=date(2003, 9, 5), sec_effectiveness_notice=date(2003, 10, 1)))
    assert got["initial_required_effective_date"] == date(2003, 10, 6)
    assert got["restricted_sale_window_end"] == date(2004, 1, 4)


def test_2003_transfer_agent_opinion_across_columbus_day():
    # 3(k): effective Mon 2003-10-06: Tue 10-07 (1), Wed 10-08 (2), Thu 10-09 (3), Fri 10-10 (4),
    # Mon 10-13 Columbus Day (a bank holiday), Tue 10-14 (5).
    got = due("2003", registration_filed=date(2003, 9, 5), registration_effective=date(2003, 10, 6))
    assert got["transfer_agent_opinion"].due == date(2003, 10, 14)
    # Under the nyse reading Columbus Day is a trading day, so the 5th is Mon 10-13.
    nyse = api.load_agreement("2003")
    in_force = api.readings(nyse, {"business_day_calendar": "nyse"})

    cal = api.calendar_for(nyse, in_force)
    rows = {r.id: r for r in evaluate(nyse, {"registration_filed": date(2003, 9, 5),
                                              "registration_effective": date(2003, 10, 6)}, cal, date(2004, 1, 1))}
    assert rows["transfer_agent_opinion"].due == date(2003, 10, 13)


def test_2003_registration_period_two_years_or_three_with_unexercised_warrants():
    base = {"registration_filed": date(2003, 9, 5), "registration_effective": date(2003, 10, 6)}
    assert due("2003", **base)["registration_period_end"].due == date(2005, 10, 6)  # 3(a)(iii): + 2 years
    extended = due("2003", warrants_unexercised_no_piggyback=True, **base)["registration_period_end"]
    assert extended.due == date(2006, 10, 6)  # 2(c): "for one additional year"


def test_2003_status_of_the_example_deal():
    # Example: 10-Q 2003-08-14 -> Required Filing Date 2003-08-21; filed 2003-09-15: missed.
    a = api.load_agreement("2003")
    facts = api.load_facts(EXAMPLES / "2003-late-filing.yaml", a)
    rows = {r.id: r for r in evaluate(a, facts.events, NY_BANKS, facts.body.as_of, {})}
    assert rows["required_filing_date"].due == date(2003, 8, 21)
    assert rows["required_filing_date"].status == "missed"
    assert rows["initial_required_effective_date"].status == "met"  # effective 10-06 <= 10-06


def test_without_facts_a_passed_deadline_is_unknown_not_missed():
    rows = due("1998", as_of=date(2020, 1, 1))
    assert rows["filing_deadline"].status == "unknown"
    assert rows["registration_deadline"].status == "unknown"


# -- the command -----------------------------------------------------------------------------------

def test_cli_1998_without_events(cli):
    result = cli("deadlines", "--agreement", "1998", "--format", "csv")
    assert result.code == 0
    got = {r["obligation"]: r for r in csv.DictReader(io.StringIO(result.out))}
    assert got["filing_deadline"]["due"] == "1998-03-29"
    assert got["registration_deadline"]["due"] == "1998-05-28"
    assert got["transfer_agent_opinion"]["basis"] == "3 business days after registration_effective (not given)"


def test_cli_1998_calamity(cli):
    result = cli("deadlines", "-a", "1998", "--event", "calamity_loss=1998-04-15", "-f", "csv")
    got = {r["obligation"]: r["due"] for r in csv.DictReader(io.StringIO(result.out))}
    assert got["registration_deadline"] == "1998-06-27"


def test_cli_csv_has_exactly_the_spec_columns(cli):
    out = cli("deadlines", "-a", "2003", "-e", EXAMPLES / "2003-late-filing.yaml", "-f", "csv").out
    assert out.splitlines()[0] == "obligation,description,clause,due,basis,status"


def test_cli_table_flags_non_business_due_dates(cli):
    out = cli("deadlines", "-a", "1998", "-f", "table").out
    line = next(ln for ln in out.splitlines() if ln.strip().startswith("filing_deadline"))
    assert "1998-03-29" in line and "not a business day (Sunday)" in line


def test_cli_json_carries_citations_and_flags(cli):
    data = json.loads(cli("deadlines", "-a", "1998", "-f", "json").out)
    row = next(r for r in data["deadlines"] if r["obligation"] == "filing_deadline")
    assert row["due"] == "1998-03-29" and row["clause"] == "2(a)"
    assert "thirtieth (30th) day following the date hereof" in row["quote"]
    assert row["flags"] == ["not a business day (Sunday)"]
    assert data["calendar"] == "ny-banks"


@pytest.mark.parametrize("example", sorted(EXAMPLES.glob("*.yaml")), ids=lambda p: p.stem)
def test_every_example_runs(cli, example):
    agreement = example.stem.split("-")[0]
    assert cli("deadlines", "-a", agreement, "-e", example, "-f", "json").code == 0


def test_ics_export_parses_back(cli, tmp_path):
    target = tmp_path / "deadlines.ics"
    result = cli("deadlines", "-a", "2003", "-e", EXAMPLES / "2003-late-filing.yaml", "--output", target,
                 "--format", "ics")
    assert result.code == 0
    raw = target.read_bytes()
    assert b"\r\n" in raw and all(len(line) <= 75 for line in raw.split(b"\r\n"))
    cal = icalendar.Calendar.from_ical(raw)
    events = {str(e["UID"]): e for e in cal.walk("VEVENT")}
    (rfd,) = [e for uid, e in events.items() if uid.endswith(".required_filing_date@rrcalc")]  # no date in the UID
    assert rfd.decoded("DTSTART") == date(2003, 8, 21)
    assert "§1(h), 2(a)(i)" in str(rfd["DESCRIPTION"])
    assert "Required Filing Date" in str(rfd["SUMMARY"])
    # obligations the facts do not date (no 144(k) date given, etc.) have no event
    assert all(e.decoded("DTSTART") for e in events.values())


def test_ics_is_only_for_deadlines(cli):
    result = cli("agreements", "--format", "ics")
    assert result.code == 2 and "--format ics: this command has no dates to put in a calendar" in result.err


# -- through the command: events, readings and the as-of date (New York bank holidays: 1998-07-04 is a Saturday
# and is not moved; 2003-07-04, a Friday, and 2003-11-11, Veterans Day, are holidays) ------------------------------

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


LATE_1998 = """
    as_of: 1998-12-31
    events: {registration_filed: 1998-03-27, registration_effective: 1998-07-10, calamity_loss: 1998-09-01}
    investors: [{name: JNC, purchase_price: 1000000.00}]
"""
EXAMPLE_2003 = EXAMPLES / "2003-late-filing.yaml"


def test_1998_calamity_after_the_deadline_does_not_extend_it(cli, write):
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


def test_1998_calamity_before_the_deadline_extends_it_under_both_readings(cli):
    # a loss on 1998-04-15 (before 05-28) extends the deadline to 02-27 + 120 = 06-27 under either reading
    for reading in ("by_deadline", "any_time"):
        rows = _deadlines(cli, "-a", "1998", "--event", "calamity_loss=1998-04-15", "--as-of", "1998-12-31",
                          "--reading", f"calamity_timing={reading}")
        assert rows["registration_deadline"]["due"] == "1998-06-27"


def test_effectiveness_implies_the_filing_for_statuses_where_the_filing_cures_no_track(cli):
    # 1998: no track is cured by the filing. Effective 1998-05-21 without registration_filed: the filing came on
    # or before 05-21, perhaps after the Filing Date 03-29 -> its status is unknown, not missed.
    rows = _deadlines(cli, "-a", "1998", "--event", "registration_effective=1998-05-21", "--as-of", "1998-12-31")
    assert rows["filing_deadline"]["status"] == "unknown"
    # effective on 1998-03-27, before the Filing Date: the filing was on time -> met
    rows = _deadlines(cli, "-a", "1998", "--event", "registration_effective=1998-03-27", "--as-of", "1998-12-31")
    assert rows["filing_deadline"]["status"] == "met"


def test_2001_a_premature_demand_creates_no_obligation(cli):
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


def test_2001_effectiveness_period_end_with_the_6e_extension(cli, write):
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


def test_prospectus_notice_three_business_days_before_the_filing(cli):
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


def test_1998_investor_information_request_from_the_earlier_filing(cli):
    # 1998 4(a): filed early, Mon 1998-03-16: 5 business days before it: 03-13, 03-12, 03-11, 03-10, 03-09.
    rows = _deadlines(cli, "-a", "1998", "--event", "registration_filed=1998-03-16", "--as-of", "1998-12-31")
    assert rows["investor_information_request"]["due"] == "1998-03-09"
    # not filed: from the Filing Date Sun 03-29: 03-27, 03-26, 03-25, 03-24, 03-23
    rows = _deadlines(cli, "-a", "1998", "--as-of", "1998-12-31")
    assert rows["investor_information_request"]["due"] == "1998-03-23"


def test_facts_after_the_as_of_date_have_not_happened(cli):
    # As of 2003-08-20, the day before the Required Filing Date 08-21: the filing of 09-15 has not happened,
    # so the deadline is open, not missed.
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


def test_facts_after_the_as_of_date_through_the_console_script():
    done = console("deadlines", "-a", "2003", "-e", EXAMPLE_2003, "--as-of", "2003-08-20", "--format", "csv")
    assert done.returncode == 0, done.stderr
    rows = {row["obligation"]: row for row in csv.DictReader(io.StringIO(done.stdout))}
    assert rows["required_filing_date"]["status"] == "open"
    assert done.stderr.count("treated as not yet happened") == 1
