"""The cap on payments: how a cap shared by every Investor and track is divided among amounts accruing on one day
(`payment_cap.order`: accrual, the default, or pro_rata in cents that add up), and an order that is not one.

The 2024 cap (10% of the Subscription Amount) is in test_pipe, the 2007 dollar cap in test_penalties' rate
examples. Through the console entry point in-process (the ``cli`` fixture); figures worked by hand.
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal

from .invented import RESTRICTED, RESTRICTED_EVENTS

D = Decimal


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


# The invented Gadget Co. agreement with a cap of $5,000 on all payments together (its section 6).
CAP_TERM = '  cap: {label: Cap, value: 5000, unit: usd, reference: {section: "6", quote: "$5,000 in all"}}\n'
CAPPED = RESTRICTED.replace("  blackout_days:", CAP_TERM + "  blackout_days:") + """\
payment_cap:
  amount: cap
  scope: total
  reference: {section: "6", quote: "$5,000 in all"}
"""

# Filed 02-26 (not counted): late filing 02-05 .. 02-25 = 21 days × $100 = $2,100, its period's last day 02-25;
# the blackout run 02-15 .. 02-25 = 11 days × $1,000 = $11,000, also accruing on 02-25. Investors Z then A (the
# events file's order), each owed both (the daily amounts do not depend on the base): 26,200 asked on one day.
CAPPED_EVENTS = RESTRICTED_EVENTS.replace("registration_filed: 2026-02-20", "registration_filed: 2026-02-26").replace(
    "  - {name: A, purchase_price: 1000000.00}", "  - {name: Z, purchase_price: 1000000.00}\n"
    "  - {name: A, purchase_price: 500000.00}")


def _capped(cli, write, order: str) -> dict[tuple[str, str], Decimal]:
    agreement = write("gadget-2026.yaml", CAPPED + order)
    result = cli("penalties", "-a", agreement, "-e", write("deal.yaml", CAPPED_EVENTS), "-f", "csv")
    assert result.code == 0, result.err
    return {(r["investor"], r["track"]): D(r["amount"]) for r in rows(result.out)}


def test_a_shared_cap_by_default_in_accrual_then_track_then_investor_order(cli, write):
    # order: accrual (the default): all four accrue on 02-25; tracks as listed (late_filing before
    # blackout_excess, though not alphabetically), then Investors as listed (Z before A):
    # Z late_filing 2,100 (2,100 so far); A late_filing 2,100 (4,200); Z blackout 11,000 cut to 800 (5,000);
    # A blackout cut to 0.
    got = _capped(cli, write, "")
    assert got == {("Z", "late_filing"): D("2100.00"), ("A", "late_filing"): D("2100.00"),
                   ("Z", "blackout_excess"): D("800.00"), ("A", "blackout_excess"): D("0.00")}


def test_a_shared_cap_pro_rata_in_cents_that_add_up(cli, write):
    # order: pro_rata: the four amounts accruing on 02-25 share the $5,000 in proportion (26,200 asked):
    #   2,100: 5,000 × 2,100 / 26,200 = 400.7633.. -> 400.76 (remainder 0.0034)
    #   11,000: 5,000 × 11,000 / 26,200 = 2,099.2366.. -> 2,099.23 (remainder 0.0066)
    #   rounded down: 2 × 400.76 + 2 × 2,099.23 = 4,999.98; the 2 cents left go to the two largest remainders
    #   (the 11,000s): 2,099.24 each. 801.52 + 4,198.48 = 5,000.00.
    got = _capped(cli, write, "  order: pro_rata\n")
    assert got == {("Z", "late_filing"): D("400.76"), ("A", "late_filing"): D("400.76"),
                   ("Z", "blackout_excess"): D("2099.24"), ("A", "blackout_excess"): D("2099.24")}
    assert sum(got.values()) == D("5000.00")


def test_an_unknown_cap_order_is_refused(cli, write):
    result = cli("penalties", "-a", write("gadget-2026.yaml", CAPPED + "  order: alphabetical\n"),
                 "-e", write("deal.yaml", CAPPED_EVENTS), "-f", "csv")
    assert result.code == 2 and "payment_cap.order" in result.err and "'alphabetical' is not one of" in result.err
