"""`rrcalc check --fail-on not_permitted` on events files as people write them: a suspension without `kind`
(the agreement's default kind) and one still running on the as-of date are judged, placed at their own line."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from .conftest import run

DEAL = """\
agreement: "2003"
as_of: {as_of}
events:
  quarterly_report_filed: 2003-08-14
  registration_filed: 2003-09-15
  registration_effective: 2003-10-06
suspensions:
  - {{start: 2003-10-07, end: 2003-10-08, notice: 2003-09-30}}
  - {{start: 2003-10-24, end: 2003-12-02, notice: 2003-10-20}}
investors:
  - name: SF Capital Partners Ltd.
    purchase_price: 2000000.00
"""


@pytest.mark.parametrize(("as_of", "so_far", "end"), [
    # 2003 §3(h): the first suspension, Oct 7-8, is permitted (2 business days, notice a week ahead); the second
    # begins Oct 24, the 11th business day after Oct 8 (Oct 9, 10, 14-17, 20-23: 10 days; Columbus Day, Mon Oct
    # 13, is a bank holiday), so §3(h)(ii)'s gap of ten is kept, but §3(h)(i) allows "not more than fifteen (15)
    # business days": Oct 24 - Dec 2, 2003 on the New York banks' calendar is Oct 24 (1) + Oct 27-31 (5)
    # + Nov 3-7 (5) + Nov 10-14 less Veterans Day, Tue Nov 11 (4) + Nov 17-21 (5) + Nov 24-28 less
    # Thanksgiving, Thu Nov 27 (4) + Dec 1-2 (2) = 26 > 15.
    ("2004-01-31", "26 business days", "2003-12-02"),
    # As of Thu Nov 20 it is still running: 1 + 5 + 5 + 4 + Nov 17-20 (4) = 19 so far > 15.
    ("2003-11-20", "19 business days so far", "open"),
])
def test_a_suspension_without_kind_or_still_running_is_judged_at_its_line(tmp_path, as_of, so_far, end):
    deal = tmp_path / "deal.yaml"
    deal.write_text(DEAL.format(as_of=as_of))
    junit = tmp_path / "check.xml"
    done = run("check", deal, "--fail-on", "missed,not_permitted", "--format", "github", "--junit", junit)
    assert done.code == 1, done.err
    assert "internal error" not in done.err
    errors = [line for line in done.out.splitlines() if line.startswith("::error ")]
    # The second suspension is written on line 9 of the file, its mapping at column 5; the first is permitted.
    suspension = [e for e in errors if "suspension 2" in e]
    assert len(suspension) == 1, errors
    assert "line=9,col=5" in suspension[0]
    assert f"(2003-10-24 to {end})" in suspension[0] and f"{so_far}; at most 15" in suspension[0]
    assert not [e for e in errors if "suspension 1" in e]
    # Both failures (the missed Required Filing Date of Aug 21, filed Sep 15; this suspension) reach the JUnit file.
    assert ET.parse(junit).getroot().get("failures") == "2"
