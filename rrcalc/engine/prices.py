"""Closing Bid Prices (``--prices FILE``) and Periodic Amount Shares (2002/2003 2(b)(iv)).

"Periodic Amount Shares ... in an amount equal to the Periodic Amount being paid thereby divided by 90%
of the average Closing Bid Price for the last five (5) trading days prior to the Computation Date."
The trading days are the Principal Trading Market's (the agreement's ``trading_calendar``). The file is a
CSV with a header ``date,closing_bid``; every price is an exact decimal. A missing price is an error.
The agreements do not say how a fraction of a share is treated: rrcalc reports shares to four decimals
(half-up) and leaves rounding to whole shares to the parties.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path

from rrcalc.errors import InputError, Location
from rrcalc.model.calendars import BusinessCalendar

SHARE_PLACES = Decimal("0.0001")


def load_prices(path: str | Path) -> dict[date, Decimal]:
    """The Closing Bid Prices in a CSV file, by date."""
    name = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError("no such file", Location(name)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read: {exc}", Location(name)) from None
    rows = csv.reader(text.splitlines())
    header = next(rows, None)
    if header is None or [h.strip() for h in header] != ["date", "closing_bid"]:
        raise InputError("the first line must be the header 'date,closing_bid'", Location(name, 1))
    prices: dict[date, Decimal] = {}
    for line, row in enumerate(rows, start=2):
        if not row or not "".join(row).strip():
            continue
        if len(row) != 2:
            raise InputError(f"expected 2 columns, got {len(row)}", Location(name, line))
        try:
            day = date.fromisoformat(row[0].strip())
        except ValueError:
            raise InputError(f"'{row[0]}' is not a date (YYYY-MM-DD)", Location(name, line, 1, "date")) from None
        try:
            price = Decimal(row[1].strip())
        except InvalidOperation:
            raise InputError(f"'{row[1]}' is not a number", Location(name, line, None, "closing_bid")) from None
        if not price.is_finite() or price <= 0:
            raise InputError(f"'{row[1]}' is not a positive price", Location(name, line, None, "closing_bid"))
        if day in prices:
            raise InputError(f"{day} is given twice", Location(name, line, 1, "date"))
        prices[day] = price
    return prices


@dataclass
class SharePrice:
    days: list[date]
    average: Decimal
    price: Decimal  # the discounted price per share


def share_price(prices: dict[date, Decimal], computation_date: date, trading: BusinessCalendar, n_days: int,
                percent: Decimal, source: str) -> SharePrice:
    """percent% of the average Closing Bid Price of the ``n_days`` trading days before ``computation_date``."""
    days = [trading.add(computation_date, -k) for k in range(n_days, 0, -1)]
    missing = [d for d in days if d not in prices]
    if missing:
        raise InputError(f"no closing bid for {', '.join(map(str, missing))} (needed for the Computation Date "
                         f"{computation_date})", Location(source))
    average = sum((prices[d] for d in days), Decimal(0)) / Decimal(n_days)
    return SharePrice(days, average, average * percent / Decimal(100))


def shares_for(amount: Decimal, price: SharePrice) -> Decimal:
    return (amount / price.price).quantize(SHARE_PLACES, rounding=ROUND_HALF_UP)
