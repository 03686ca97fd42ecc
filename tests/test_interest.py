"""Interest on late payments (2007 4(b): 18% simple, actual/365; 2024 3(d): 1% per month prorated daily): which
slice of an amount is late, for how long, and payments the as-of date has not reached yet.

Through the console entry point in-process (the ``cli`` fixture); every figure worked by hand from the clause.
The half-cent rounding of interest is in test_rounding; interest stopping at the as-of date in test_hostile.
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal

from .conftest import ROOT

D = Decimal
EXAMPLES = ROOT / "agreements" / "examples"


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_interest_on_a_partly_paid_amount_runs_per_slice(cli, write):
    # 2007 4(b): "A payment not made when due bears simple interest at 18% per annum, computed on the actual
    # number of days elapsed over a 365-day year, until paid." The 2007 example, its last payment 34,999.00:
    # payments settle amounts in the order they fall due: 10,000 (11-29), 10,000 (12-31) and 6,666.67 (01-25)
    # pay the three filing amounts on their due dates (no interest). The first effectiveness amount, 35,000.00
    # due Thu 2008-02-07, gets 34,999.00 on 03-07; 1.00 is still unpaid at the as-of date 2008-12-31.
    #   34,999.00 × 18% × 29/365 (02-07 -> 03-07 in leap 2008: 22 + 7 = 29 days) = 182,694.78 / 365 = 500.53364..
    #   1.00 × 18% × 328/365 (02-07 -> 12-31: day 366 - day 38 = 328) = 59.04 / 365 = 0.16175..
    #   together 500.69539.. -> rounded once for the amount: 500.70 (slices rounded apart: 500.53 + 0.16 = 500.69)
    # The second amount, 5,000.00 due 03-07, gets nothing: 5,000 × 18% × 299/365 (day 366 - day 67) =
    #   269,100 / 365 = 737.260.. -> 737.26.
    text = (EXAMPLES / "2007-late-filing-and-effectiveness.yaml").read_text()
    assert "amount: 40000.00" in text
    path = write("deal.yaml", text.replace("amount: 40000.00", "amount: 34999.00"))
    result = cli("penalties", "-a", "2007", "-e", path, "-f", "csv")
    assert result.code == 0, result.err
    got = {(r["track"], r["period"]): D(r["interest"]) for r in rows(result.out)}
    assert got[("late_effectiveness", "1")] == D("500.70")
    assert got[("late_effectiveness", "2")] == D("737.26")
    assert got[("late_filing", "1")] == got[("late_filing", "2")] == got[("late_filing", "3")] == D("0.00")


def test_interest_on_the_bundled_2007_example_is_unchanged(cli):
    # The example as bundled: 40,000.00 on 03-07 pays the 35,000.00 due 02-07 in full (29 days late) and the
    # 5,000.00 due that very day on time. 35,000 × 18% × 29/365 = 182,700 / 365 = 500.5479.. -> 500.55.
    result = cli("penalties", "-a", "2007", "-e", EXAMPLES / "2007-late-filing-and-effectiveness.yaml", "-f", "csv")
    got = {(r["track"], r["period"]): D(r["interest"]) for r in rows(result.out)}
    assert got[("late_effectiveness", "1")] == D("500.55")
    assert got[("late_effectiveness", "2")] == D("0.00")


def test_a_payment_after_the_as_of_date_is_not_yet_made(cli, write):
    # The 34,999.00 dated 03-07 with the as-of date 2008-02-29: nothing is paid by then, so the whole
    # 35,000.00 due 02-07 is late 22 days: 35,000 × 18% × 22/365 = 138,600 / 365 = 379.7260.. -> 379.73.
    text = (EXAMPLES / "2007-late-filing-and-effectiveness.yaml").read_text()
    text = text.replace("amount: 40000.00", "amount: 34999.00").replace("as_of: 2008-12-31", "as_of: 2008-02-29")
    result = cli("penalties", "-a", "2007", "-e", write("deal.yaml", text), "-f", "csv")
    got = {(r["track"], r["period"]): D(r["interest"]) for r in rows(result.out)}
    assert got[("late_effectiveness", "1")] == D("379.73")
