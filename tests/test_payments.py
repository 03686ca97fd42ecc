"""When amounts are payable: payment due dates (periods' ends, accrual, business days), the due_date_roll reading
moving them off weekends, an accruing period's end and due date, and the 1998 conversion election deadlines.

Through the console entry point, in-process (the ``cli`` fixture) and as the installed script (``console``);
every date worked by hand with the New York banks' calendar (1998-07-04 is a Saturday and is not moved, so
Friday 1998-07-03 is a business day).
"""

from __future__ import annotations

import csv
import io
import json

from .conftest import ROOT, console


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def _periods(cli, *args: str) -> list[dict]:
    r = cli("penalties", *args, "--format", "json")
    assert r.code == 0, r.err
    return json.loads(r.out)["periods"]


LATE_1998 = """
    as_of: 1998-12-31
    events: {registration_filed: 1998-03-27, registration_effective: 1998-07-10, calamity_loss: 1998-09-01}
    investors: [{name: JNC, purchase_price: 1000000.00}]
"""


# -- the due_date_roll reading moves payment dates too ----------------------------------------------------------

def test_next_business_day_moves_payment_due_dates_1998(cli, write):
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
    done = console("penalties", "-a", "1998", "-e", path, "--reading", "due_date_roll=next_business_day",
                   "--format", "csv")
    assert done.returncode == 0
    assert [x["payment_due"] for x in csv.DictReader(io.StringIO(done.stdout))] == ["1998-10-26"]


# -- an accruing period: where it would end, when it would be due -------------------------------------------------

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


# -- the 1998 conversion election (2(c)): two business days after the period end or the payment date ---------------

def test_1998_conversion_election_deadline_per_amount(cli, write):
    # Periods end 06-27 (Sat) and 07-09 (Thu); payments due 06-27 + 5 = 07-02 and 07-09 + 5 = 07-14.
    # period_end: 06-27 -> Mon 06-29 (1), Tue 06-30 (2); 07-09 -> Fri 07-10 (1), Mon 07-13 (2).
    # payment_due: 07-02 -> Fri 07-03 (1; July 4 is a Saturday, not moved), Mon 07-06 (2);
    #              07-14 -> Wed 07-15 (1), Thu 07-16 (2).
    path = write("late.yaml", LATE_1998)
    r = cli("penalties", "-a", "1998", "-e", path, "--format", "csv")
    assert [x["election_deadline"] for x in rows(r.out)] == ["1998-06-30", "1998-07-13"]
    done = console("penalties", "-a", "1998", "-e", path, "--reading", "first_payable=payment_due",
                   "--format", "csv")
    assert done.returncode == 0, done.stderr
    assert [x["election_deadline"] for x in csv.DictReader(io.StringIO(done.stdout))] == ["1998-07-06", "1998-07-16"]
