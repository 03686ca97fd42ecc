"""`rrcalc check` for CI: annotations, JUnit XML, quiet output, a deal's own expected outcomes, --fail-on."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from rrcalc import api
from rrcalc.errors import UsageError
from rrcalc.output import ci

from .conftest import AGREEMENTS

EXAMPLE = AGREEMENTS / "examples" / "2003-late-filing.yaml"

# Hand-worked for the 2003 example (2(b)(iii), prorated per 30 days): late filing Aug 22 - Sep 15 = 25 days:
# White 1% × 1,000,000 × 25/30 = 8,333.33; restricted sale Nov 4 - Nov 29 = 26 days: 1.5% × 1,000,000 × 26/30
# = 13,000.00; SF 16,666.67 + 19,500.00 (base 2,000,000 less 500,000 sold on Oct 8); all: 57,500.00.
CASES = """\
agreement: "2003"
cases:
  - name: the example deal
    events: deal.yaml
    working: "see the test module's docstring"
    expect:
      total: 57500.00
      penalties:
        - {investor: White Investments, track: late_filing, period: 1, days: 25, amount: 8333.33,
           payment_due: 2003-09-20}
        - {investor: SF Capital Partners Ltd., track: restricted_sale, amount: 19500.00}
      deadlines: {required_filing_date: 2003-08-21}
  - name: a wrong expectation
    events: deal.yaml
    expect:
      total: 57500.01
  - name: inline facts
    facts:
      events: {quarterly_report_filed: 2003-08-28}
    expect:
      deadlines: {required_filing_date: 2003-09-05}
"""


@pytest.fixture
def deal(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "deals").mkdir()
    (tmp_path / "deals" / "deal.yaml").write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "deals" / "deal.expect.yaml").write_text(CASES, encoding="utf-8")
    return tmp_path / "deals"


def test_a_deal_repository_runs_its_own_expected_outcomes(deal):
    report = api.check([deal / "deal.expect.yaml"])
    mine = {i.item: i for i in report.items if i.file == "deals/deal.expect.yaml"}
    assert mine["case: the example deal"].passed, mine["case: the example deal"].detail
    assert mine["case: inline facts"].passed  # Labor Day 2003 skipped: Sep 5 is the 5th business day
    wrong = mine["case: a wrong expectation"]
    assert not wrong.passed and wrong.detail == "total: expected 57500.01, computed 57500.00"
    assert (wrong.line, wrong.col) == (13, 5)  # the case's own line in the file, for the annotation


def test_fail_on_missed_and_not_permitted(deal):
    plain = api.check([deal / "deal.yaml"])
    assert plain.failed == 0
    report = api.check([deal / "deal.yaml"], fail_on=["missed", "not_permitted"])
    failed = [i for i in report.items if not i.passed]
    assert [i.item for i in failed] == ["no deadline missed", "suspension 2 (2003-11-03 to 2003-11-28) is permitted"]
    # the Required Filing Date (Aug 21) passed before the filing on Sep 15
    assert "Required Filing Date (required_filing_date, §1(h), 2(a)(i)) due 2003-08-21" in failed[0].detail
    # 3(h): 18 business days (at most 15), six business days after the first (ten required)
    assert "at most 15" in failed[1].detail
    assert failed[1].line == 13  # the second suspension's line in the events file
    with pytest.raises(UsageError, match="did you mean 'missed'"):
        api.check([], fail_on=["mised"])


def test_github_annotations(deal):
    out = ci.github(api.check([deal / "deal.expect.yaml", deal / "deal.yaml"], fail_on=["not_permitted"]))
    lines = out.splitlines()
    assert ("::error file=deals/deal.expect.yaml,line=13,col=5,title=rrcalc check%3A case%3A a wrong expectation::"
            "total: expected 57500.01, computed 57500.00") in lines
    assert any(line.startswith("::error file=deals/deal.yaml,line=13,col=5,") for line in lines)
    assert lines[-1].endswith("2 failed")


def test_github_escapes_data_and_properties():
    report = api.CheckReport([api.CheckItem("a,b:c.yaml", "x", False, "50%\nnext", 1, 2)])
    assert ci.github(report).splitlines()[0] == ("::error file=a%2Cb%3Ac.yaml,line=1,col=2,title=rrcalc check%3A x::"
                                                 "50%25%0Anext")


def test_junit_parses_back(deal):
    report = api.check([deal / "deal.expect.yaml"])
    root = ET.fromstring(ci.junit(report))
    assert root.tag == "testsuites"
    assert int(root.get("tests")) == len(report.items) and int(root.get("failures")) == 1
    suite = next(s for s in root.iter("testsuite") if s.get("name") == "deals/deal.expect.yaml")
    cases = {c.get("name"): c for c in suite.iter("testcase")}
    assert cases["case: the example deal"].find("failure") is None
    failure = cases["case: a wrong expectation"].find("failure")
    assert failure.get("message") == "total: expected 57500.01, computed 57500.00"
    assert cases["case: a wrong expectation"].get("line") == "13"


def test_quiet_shows_only_failures(deal):
    out = ci.lines(api.check([deal / "deal.expect.yaml"]), quiet=True)
    assert out.splitlines()[0] == "FAIL  deals/deal.expect.yaml:13  case: a wrong expectation"
    assert "PASS" not in out
    assert out.splitlines()[-1].endswith(" passed, 1 failed")


def test_an_embedded_case_without_as_of_does_not_depend_on_today(cli, tmp_path):
    # 2003 1(h): a 10-Q filed Monday 2030-03-04: 5 business days later is Monday 2030-03-11 (03-05..03-08 are
    # 4, 03-11 the 5th). Judged as of the calendars' last day, whatever today is.
    text = (AGREEMENTS / "2003.yaml").read_text(encoding="utf-8").replace('id: "2003"', 'id: "future"')
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
