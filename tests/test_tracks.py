"""Which days a penalty track counts: the window a Restricted Sale Date must fall in, `after` and `before` bounds,
and `overlap` with the tracks before it (count_once) or not (stack); and fields that cannot act, refused.

Through the console entry point in-process (the ``cli`` fixture); figures worked by hand from the clause.
"""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal

from .invented import RESTRICTED, RESTRICTED_EVENTS

D = Decimal


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


# -- after / before / overlap on restricted_sale tracks (the invented Gadget Co. agreement) ---------------------

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


# -- concurrent tracks in 1998 (reading concurrent_tracks) -----------------------------------------------------

def test_1998_concurrent_tracks_stack_or_count_once(cli, write):
    # Late effectiveness 05-29..07-09 (42 days) -> $40,000.00. Delisted 06-01..06-20 (20 days, after the
    # deadline, before the first anniversary): stack -> (C) pays a portion, $20,000.00, total $60,000.00;
    # count_once -> those 20 days are (A)'s days already: (C) pays nothing, total $40,000.00.
    path = write("d.yaml", """
        as_of: 1998-12-31
        events: {registration_filed: 1998-03-27, registration_effective: 1998-07-10}
        suspensions: [{start: 1998-06-01, end: 1998-06-20, kind: delisting}]
        investors: [{name: JNC, purchase_price: 1000000.00}]
    """)

    def total(*extra: str) -> str:
        r = cli("penalties", "-a", "1998", "-e", path, *extra, "--format", "json")
        assert r.code == 0, r.err
        return json.loads(r.out)["totals"]["overall"]

    assert total() == "60000.00"
    assert total("--reading", "concurrent_tracks=count_once") == "40000.00"


def test_count_once_on_calendar_months_periods_is_computed(cli, write):
    # The one validator accepts count_once on every schedule that counts runs of days (consecutive, calendar_months,
    # payment_dates: docs/encoding.md). blackout_excess cut by calendar month: its run 02-15 .. 02-25 less the days
    # late_filing counted (02-05 .. 02-19) is 02-20 .. 02-25, in February: 6 days × $1,000 = $6,000.
    text = RESTRICTED.replace("    periods: consecutive\n    period_days: month\n    amount: usd_per_day\n",
                              "    periods: calendar_months\n    amount: usd_per_day\n")
    assert text != RESTRICTED
    agreement = write("gadget-2026.yaml", text + "    overlap: count_once\n")
    result = cli("penalties", "-a", agreement, "-e", write("deal.yaml", RESTRICTED_EVENTS), "-f", "csv")
    assert result.code == 0, result.err
    got = {r["track"]: (r["period_start"], r["period_end"], r["days"], D(r["amount"])) for r in rows(result.out)}
    assert got["blackout_excess"] == ("2026-02-20", "2026-02-25", "6", D("6000.00"))
