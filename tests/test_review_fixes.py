"""Regression tests for a fresh-eyes review: one date reading everywhere, strict amounts on the command line,
dependency cycles through events, `show` under the readings in force, embedded cases never on the wall clock,
the parallel batch's messages, and file names that must fit their format."""

from __future__ import annotations

import pytest

from .conftest import ROOT

EX = ROOT / "agreements" / "examples"


@pytest.mark.parametrize("text", ["20030815", "20030815xx", "2003-W33-4", "2003-8-15", "2003-08-15T00:00", " "])
def test_one_reading_of_a_date_on_the_command_line(cli, text):
    result = cli("penalties", "-a", "2003", "--as-of", text)
    assert result.code == 2 and "is not a date in the form YYYY-MM-DD" in result.err


@pytest.mark.parametrize("text", ['"20040131zz"', '"2003-W33-4"', "2003-8-1"])
def test_one_reading_of_a_date_in_an_events_file(cli, write, text):
    path = write("deal.yaml", f'agreement: "2003"\nas_of: {text}\n')
    result = cli("deadlines", "-e", path)
    assert result.code == 2 and "deal.yaml:2:" in result.err and "YYYY-MM-DD" in result.err


def test_one_reading_of_a_date_in_a_prices_file(cli, write):
    prices = write("bids.csv", "date,closing_bid\n20030915xx,1.00\n")
    result = cli("penalties", "-e", EX / "2003-late-filing.yaml", "--prices", prices)
    assert result.code == 2 and "bids.csv:2:1" in result.err and "YYYY-MM-DD" in result.err


@pytest.mark.parametrize("text", ["1000000,50", "1,0000", "1e6", "$1000", "-5", "1_000"])
def test_amounts_on_the_command_line_are_written_plainly(cli, text):
    result = cli("penalties", "-a", "2003", "--purchase-price", text, "--event", "quarterly_report_filed=2003-08-14")
    assert result.code == 2 and "--purchase-price" in result.err


def test_thousands_separators_where_they_belong(cli):
    # 1,000,000.00 is 1000000.00: late filing from 2003-08-22, as of 2003-09-20 = 30 days at 1% = 10,000.00
    args = ("penalties", "-a", "2003", "--event", "quarterly_report_filed=2003-08-14", "--as-of", "2003-09-20",
            "-f", "csv")
    assert cli(*args, "--purchase-price", "1,000,000.00").out == cli(*args, "--purchase-price", "1000000.00").out
    assert ",10000.00," in cli(*args, "--purchase-price", "1000000").out


def test_a_cycle_through_an_events_valid_from_is_refused(cli, tmp_path):
    text = (ROOT / "agreements" / "2001.yaml").read_text(encoding="utf-8").replace('id: "2001"', 'id: "cyc"')
    text = text.replace("rule: {on: 2003-04-24, days: 1}", "rule: {anchor: demand_request_received, days: 1}")
    path = tmp_path / "cyc.yaml"
    path.write_text(text, encoding="utf-8")
    result = cli("check", path)
    assert result.code == 1
    assert "demand_right_opens -> demand_request_received -> demand_right_opens" in result.out


def test_show_uses_the_readings_in_force(cli):
    # 1998 2(a): 30 days after 1998-02-27 = Sunday 1998-03-29; under due_date_roll=next_business_day: Mon 03-30
    plain = cli("show", "-a", "1998", "-f", "csv").out
    rolled = cli("show", "-a", "1998", "--reading", "due_date_roll=next_business_day", "-f", "csv").out
    line = next(ln for ln in rolled.splitlines() if ln.startswith("Obligations,filing_deadline,"))
    assert "= 1998-03-30" in line
    assert "= 1998-03-29" in next(ln for ln in plain.splitlines() if ln.startswith("Obligations,filing_deadline,"))


def test_an_embedded_case_without_as_of_does_not_depend_on_today(cli, tmp_path):
    # 2003 1(h): a 10-Q filed Monday 2030-03-04: 5 business days later is Monday 2030-03-11 (03-05..03-08 are
    # 4, 03-11 the 5th). Judged as of the calendars' last day, whatever today is.
    text = (ROOT / "agreements" / "2003.yaml").read_text(encoding="utf-8").replace('id: "2003"', 'id: "future"')
    text = text.split("\ntests:")[0] + """
tests:
  - name: a future 10-Q
    facts: {events: {quarterly_report_filed: 2030-03-04}}
    expect: {deadlines: {required_filing_date: 2030-03-11}}
"""
    path = tmp_path / "future.yaml"
    path.write_text(text, encoding="utf-8")
    result = cli("check", path)
    assert "PASS  " in result.out and "future: a future 10-Q" in result.out, result.out


def test_the_parallel_batch_says_what_one_process_says(cli, tmp_path):
    text = (EX / "2003-late-filing.yaml").read_text(encoding="utf-8").replace("as_of: 2004-01-31",
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


@pytest.mark.parametrize(("args", "wanted"), [(["check", "--junit", "report.yaml"], ".xml"),
                                              (["deadlines", "-e", str(EX / "2003-late-filing.yaml"), "--plot",
                                                "picture.png"], ".svg")])
def test_file_names_must_fit_their_format(cli, tmp_path, args, wanted):
    result = cli(*args)
    assert result.code == 2 and f"must be a file name ending {wanted}" in result.err


def test_names_that_differ_only_in_punctuation_get_different_uids():
    from rrcalc.output.ics import deal_key, slug

    assert slug("Fund, L.P.") != slug("Fund L.P.")
    assert deal_key("2003", None, "a/deal.yaml") != deal_key("2003", None, "b/deal.yaml")
    assert slug("acme-pipe") == "acme-pipe"  # a name that is already a token stays as it is


def test_check_output_has_no_control_characters(cli, tmp_path):
    name = tmp_path / "evil\x1b[31mname.yaml"
    name.write_text('agreement: "2003"\nevents: {bogus: 2003-01-01}\n', encoding="utf-8")
    for args in ((), ("--format", "github"), ("--quiet",)):
        result = cli("check", name, *args)
        assert "\x1b" not in result.out + result.err and "evil\\x1b[31mname.yaml" in result.out
    junit = tmp_path / "report.xml"
    cli("check", name, "--junit", junit)
    import xml.etree.ElementTree as ET

    assert ET.parse(junit).getroot() is not None  # well-formed


def test_outputs_use_the_agreements_own_defined_terms(cli):
    # 2012 calls its amounts "Additional Interest" (4(b)); 2003 "Periodic Amounts" (the default words)
    notes = cli("penalties", "-e", EX / "2012-exchange-offer-late.yaml", "-f", "table").out
    assert "Additional Interest under agreement 2012" in notes and "Periodic Amount" not in notes
    pipe = cli("penalties", "-e", EX / "2003-late-filing.yaml", "-f", "table").out
    assert "Periodic Amount under agreement 2003" in pipe
    reasons = cli("suspensions", "-e", EX / "2003-late-filing.yaml", "-f", "csv").out
    assert "Permitted Suspension Period" in reasons
