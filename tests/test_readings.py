"""Readings: the named choices where an agreement's text is ambiguous. Each is listed with its alternatives,
switched with --reading on every command (`show` prints obligations under the readings in force), and priced
by --compare-readings. What each reading changes in the figures is in the topic's own file (deadlines,
penalties, suspensions, payments, tracks).
"""

from __future__ import annotations

import csv
import io

import pytest

LATE_1998 = """
    as_of: 1998-12-31
    events: {registration_filed: 1998-03-27, registration_effective: 1998-07-10, calamity_loss: 1998-09-01}
    investors: [{name: JNC, purchase_price: 1000000.00}]
"""


def test_show_uses_the_readings_in_force(cli):
    # 1998 2(a): 30 days after 1998-02-27 = Sunday 1998-03-29; under due_date_roll=next_business_day: Mon 03-30
    plain = cli("show", "-a", "1998", "-f", "csv").out
    rolled = cli("show", "-a", "1998", "--reading", "due_date_roll=next_business_day", "-f", "csv").out
    line = next(ln for ln in rolled.splitlines() if ln.startswith("Obligations,filing_deadline,"))
    assert "= 1998-03-30" in line
    assert "= 1998-03-29" in next(ln for ln in plain.splitlines() if ln.startswith("Obligations,filing_deadline,"))


@pytest.mark.parametrize(("agreement", "keys"), [
    ("1998", ["calamity_timing", "after_rule_144k", "concurrent_tracks", "first_payable"]),
    ("2001", ["postponement_limit"]),
    ("2003", ["held_shares_value_from"]),
])
def test_the_readings_are_listed(cli, agreement, keys):
    r = cli("readings", "-a", agreement, "--format", "csv")
    listed = [row["reading"] for row in csv.DictReader(io.StringIO(r.out))]
    assert set(keys) <= set(listed)


def test_compare_readings_prices_the_1998_readings(cli, write):
    path = write("late.yaml", LATE_1998)
    r = cli("penalties", "-a", "1998", "-e", path, "--compare-readings", "--format", "csv")
    assert r.code == 0, r.err
    rows = {(x["reading"], x["alternative"]): x for x in csv.DictReader(io.StringIO(r.out))}
    # calamity_timing=any_time: the loss of 09-01 extends the deadline to 06-27 (02-27 + 120); days 06-28..07-09 =
    # 3 + 9 = 12, one portion at 2% of $1,000,000 = $20,000.00 instead of $40,000.00 (30 + 12 days, two periods;
    # worked in test_deadlines.py::test_1998_calamity_after_the_deadline_does_not_extend_it)
    assert rows[("calamity_timing", "any_time")]["total"] == "20000.00"
    assert rows[("calamity_timing", "any_time")]["difference"] == "-20000.00"
    for key in ("after_rule_144k", "concurrent_tracks", "first_payable"):
        assert any(k == key for k, _ in rows)
