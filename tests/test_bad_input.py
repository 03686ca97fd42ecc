"""Bad input: exit code 2, one message naming file, line and field, nothing on stdout, no traceback."""

from __future__ import annotations

import pytest

from .conftest import AGREEMENTS, ROOT, console

EX = ROOT / "agreements" / "examples"

GOOD_EVENTS = """
agreement: "2003"
as_of: 2004-01-31
events:
  quarterly_report_filed: 2003-08-14
  registration_filed: 2003-09-05
  registration_effective: 2003-10-06
suspensions:
  - {start: 2003-10-14, end: 2003-10-24, notice: 2003-10-10}
investors:
  - name: SF Capital Partners Ltd.
    purchase_price: 2000000.00
"""


def assert_bad_input(result, *fragments: str) -> None:
    assert result.code == 2, (result.code, result.out, result.err)
    assert result.out == ""
    assert "Traceback" not in result.err
    lines = result.err.strip().splitlines()
    assert len(lines) == 1, result.err
    for fragment in fragments:
        assert fragment in lines[0], (fragment, lines[0])


def deadlines(cli, path, *extra):
    return cli("deadlines", "--agreement", "2003", "--events", path, "--format", "csv", *extra)


def test_the_good_file_is_accepted(cli, write):
    result = deadlines(cli, write("deal.yaml", GOOD_EVENTS))
    assert result.code == 0, result.err


def test_missing_file(cli, tmp_path):
    assert_bad_input(deadlines(cli, tmp_path / "nope.yaml"), "nope.yaml", "no such file")


def test_invalid_yaml_syntax(cli, write):
    path = write("deal.yaml", "events:\n  registration_filed: [2003-09-05\n")
    assert_bad_input(deadlines(cli, path), "deal.yaml:3:", "invalid YAML")


def test_duplicate_key(cli, write):
    path = write("deal.yaml", GOOD_EVENTS.replace(
        "  registration_filed: 2003-09-05\n", "  registration_filed: 2003-09-05\n  registration_filed: 2003-09-06\n"))
    assert_bad_input(deadlines(cli, path), "deal.yaml:6:3", "events.registration_filed",
                     "duplicate key 'registration_filed' (first given on line 5)")


def test_unknown_key_suggests_the_nearest(cli, write):
    path = write("deal.yaml", GOOD_EVENTS.replace("    purchase_price:", "    purchase_prise:"))
    assert_bad_input(deadlines(cli, path), "deal.yaml:11:5", "investors[0].purchase_prise",
                     "did you mean 'purchase_price'?")


def test_wrong_type(cli, write):
    path = write("deal.yaml", GOOD_EVENTS.replace("2000000.00", '"$2,000,000"'))
    assert_bad_input(deadlines(cli, path), "deal.yaml:11:5", "investors[0].purchase_price", "expected a number")


def test_impossible_date(cli, write):
    path = write("deal.yaml", GOOD_EVENTS.replace("registration_filed: 2003-09-05", "registration_filed: 2003-02-30"))
    assert_bad_input(deadlines(cli, path), "deal.yaml:5:23", "events.registration_filed", "not a real date")


def test_reversed_suspension(cli, write):
    path = write("deal.yaml", GOOD_EVENTS.replace("end: 2003-10-24", "end: 2003-10-04"))
    assert_bad_input(deadlines(cli, path), "deal.yaml:8:25", "suspensions[0].end", "before it starts")


def test_negative_money(cli, write):
    path = write("deal.yaml", GOOD_EVENTS.replace("2000000.00", "-5.00"))
    assert_bad_input(deadlines(cli, path), "deal.yaml:11:5", "investors[0].purchase_price", "negative")


def test_overlapping_suspensions(cli, write):
    path = write("deal.yaml", GOOD_EVENTS.replace(
        "  - {start: 2003-10-14, end: 2003-10-24, notice: 2003-10-10}\n",
        "  - {start: 2003-10-14, end: 2003-10-24}\n  - {start: 2003-10-20, end: 2003-10-30}\n"))
    assert_bad_input(deadlines(cli, path), "deal.yaml:9:6", "suspensions[1].start", "overlaps")


def test_undeclared_event_suggests_the_nearest(cli, write):
    path = write("deal.yaml", GOOD_EVENTS.replace("registration_filed:", "registration_filled:"))
    assert_bad_input(deadlines(cli, path), "deal.yaml:5:3", "events.registration_filled",
                     "did you mean 'registration_filed'?")


def test_events_in_an_impossible_order(cli, write):
    path = write("deal.yaml", GOOD_EVENTS.replace("registration_effective: 2003-10-06",
                                                  "registration_effective: 2003-09-01"))
    assert_bad_input(deadlines(cli, path), "deal.yaml:6:3", "registration_effective 2003-09-01 is before "
                                                          "registration_filed 2003-09-05")


def test_suspension_before_effectiveness(cli, write):
    path = write("deal.yaml", GOOD_EVENTS.replace("start: 2003-10-14", "start: 2003-10-01"))
    assert_bad_input(deadlines(cli, path), "deal.yaml:8:6", "suspensions[0].start", "before registration_effective")


def test_python_object_tag_is_refused_not_run(cli, write):
    path = write("deal.yaml", "events: !!python/object/apply:os.system ['echo pwned']\n")
    assert_bad_input(deadlines(cli, path), "deal.yaml:1", "unsupported YAML tag")


def test_not_utf8(cli, write):
    path = write("deal.yaml", b"events:\n  registration_filed: 2003-09-05 \xff\n")
    assert_bad_input(deadlines(cli, path), "deal.yaml:2", "not UTF-8")


def test_sales_exceeding_the_purchase_price(cli, write):
    path = write("deal.yaml", GOOD_EVENTS + "    sales:\n      - {date: 2003-11-01, purchase_price: 2500000}\n")
    assert_bad_input(deadlines(cli, path), "deal.yaml:12:5", "investors[0].sales", "more than the purchase price")


def test_investor_listed_twice(cli, write):
    path = write("deal.yaml", GOOD_EVENTS + "  - {name: SF Capital Partners Ltd., purchase_price: 1}\n")
    assert_bad_input(deadlines(cli, path), "deal.yaml:12:6", "investors[1].name", "listed twice")


def test_events_for_another_agreement(cli, write):
    path = write("deal.yaml", GOOD_EVENTS.replace('agreement: "2003"', 'agreement: "2002"'))
    assert_bad_input(deadlines(cli, path), "deal.yaml:1", "for agreement '2002', not '2003'")


def test_unknown_agreement(cli):
    result = cli("show", "--agreement", "2004")
    assert_bad_input(result, "unknown agreement '2004'", "known: 1998, 2001, 2002, 2003, 2007, 2012, 2024")


def test_unknown_reading_and_alternative(cli):
    assert_bad_input(cli("readings", "-a", "2003", "--reading", "prorate=daily"), "did you mean 'proration'?")
    assert_bad_input(cli("readings", "-a", "2003", "--reading", "proration=weekly"),
                     "choose one of: daily, per_computation_date")


def test_undeclared_event_on_the_command_line(cli):
    result = cli("deadlines", "-a", "1998", "--event", "calamity=1998-04-15")
    assert_bad_input(result, "--event", "did you mean 'calamity_loss'?")


@pytest.mark.parametrize("args", [
    ["--event", "calamity_loss"],  # no =DATE
    ["--event", "calamity_loss=1998-02-30"],  # impossible date
    ["--as-of", "yesterday"],
])
def test_bad_command_line_values_are_usage_errors(cli, args):
    result = cli("deadlines", "-a", "1998", *args)
    assert result.code == 2
    assert result.out == ""
    assert "Traceback" not in result.err


def test_output_into_a_missing_folder(cli, tmp_path):
    result = cli("agreements", "--output", tmp_path / "no" / "such" / "out.csv")
    assert_bad_input(result, "out.csv", "folder does not exist")


def test_broken_agreement_file(cli, write):
    text = (AGREEMENTS / "2003.yaml").read_text()
    path = write("mine.yaml", text.replace("    value: 1.5\n", "    value: -1.5\n"))
    result = cli("show", "--agreement", path)
    assert_bad_input(result, "mine.yaml:", "terms.restricted_sale_rate.value", "negative")


def test_timestamp_with_time_is_refused(cli, write):
    path = write("deal.yaml", GOOD_EVENTS.replace("as_of: 2004-01-31", "as_of: 2004-01-31 10:00:00"))
    assert_bad_input(deadlines(cli, path), "deal.yaml:2", "as_of", "timestamp")


# -- one reading of a date and of an amount, wherever it is written -------------------------------------------------

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


# -- an order of facts the agreement does not allow --------------------------------------------------------------------

def test_effectiveness_without_the_filing_is_bad_input_where_the_filing_cures_a_track(cli, write):
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
    done = console("penalties", "-a", "2003", "-e", path, "--format", "csv")
    assert done.returncode == 2 and "give registration_filed" in done.stderr


# -- agreements whose rules depend on themselves; output names that do not fit their format ---------------------------

def test_a_cycle_through_an_events_valid_from_is_refused(cli, tmp_path):
    text = (ROOT / "agreements" / "2001.yaml").read_text(encoding="utf-8").replace('id: "2001"', 'id: "cyc"')
    text = text.replace("rule: {on: 2003-04-24, days: 1}", "rule: {anchor: demand_request_received, days: 1}")
    path = tmp_path / "cyc.yaml"
    path.write_text(text, encoding="utf-8")
    result = cli("check", path)
    assert result.code == 1
    assert "demand_right_opens -> demand_request_received -> demand_right_opens" in result.out


@pytest.mark.parametrize(("args", "wanted"), [(["check", "--junit", "report.yaml"], ".xml"),
                                              (["deadlines", "-e", str(EX / "2003-late-filing.yaml"), "--plot",
                                                "picture.png"], ".svg")])
def test_file_names_must_fit_their_format(cli, tmp_path, args, wanted):
    result = cli(*args)
    assert result.code == 2 and f"must be a file name ending {wanted}" in result.err
