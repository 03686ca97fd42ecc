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
import io
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from rrcalc.engine.money import EXACT, add, div, mul
from rrcalc.errors import InputError, Location, excerpt
from rrcalc.model.calendars import BusinessCalendar
from rrcalc.model.inputs import read_input

SHARE_PLACES = Decimal("0.0001")


def load_prices(path: str | Path) -> dict[date, Decimal]:
    """The Closing Bid Prices in a CSV file, by date (UTF-8, a byte-order mark allowed; size-limited)."""
    from rrcalc.model.bounds import date_problem, parse_date, parse_decimal

    name = str(path)
    raw = read_input(path, "a prices file")
    try:
        text = raw.decode("utf-8-sig")  # a spreadsheet's UTF-8 export starts with a byte-order mark
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError(f"not UTF-8 text (byte 0x{raw[exc.start]:02x})", Location(name, line)) from None
    if "\x00" in text:
        raise InputError("not a CSV text file (it contains NUL bytes)", Location(name, text[:text.index("\x00")]
                                                                                  .count("\n") + 1))
    # Lines are counted as a text editor counts them: a quoted value may span lines, and only CR, LF and CRLF end
    # one (str.splitlines would also split at VT, FF, U+2028...). strict: an unclosed quote is an error, not a value
    # running to the end of the file.
    rows = csv.reader(io.StringIO(text, newline=""), strict=True)
    line = 1  # the line the record being read starts on
    prices: dict[date, Decimal] = {}
    try:
        header = next(rows, None)
        if header is None or [h.strip() for h in header] != ["date", "closing_bid"]:
            raise InputError("the first line must be the header 'date,closing_bid'", Location(name, 1))
        line = rows.line_num + 1
        for row in rows:
            at, line = line, rows.line_num + 1
            if not row or not "".join(row).strip():
                continue
            if len(row) != 2:
                raise InputError(f"expected 2 columns, got {len(row)}", Location(name, at))
            parsed = parse_date(row[0].strip())
            if isinstance(parsed, str):
                raise InputError(parsed, Location(name, at, 1, "date"))
            day = parsed
            problem = date_problem(day)
            if problem is not None:
                raise InputError(problem, Location(name, at, 1, "date"))
            price = parse_decimal(row[1].strip())  # plain ASCII digits: never 1_0 as 10, nor ٢.٥ as 2.5
            if isinstance(price, str):
                raise InputError(price, Location(name, at, None, "closing_bid"))
            if price <= 0:
                raise InputError(f"'{excerpt(row[1].strip())}' is not a positive price",
                                 Location(name, at, None, "closing_bid"))
            if day in prices:
                raise InputError(f"{day} is given twice", Location(name, at, 1, "date"))
            prices[day] = price
    except csv.Error as exc:
        if "unexpected end of data" in str(exc):
            raise InputError("a quoted value starts on this line and its quote is never closed",
                             Location(name, line)) from None
        raise InputError(f"not valid CSV: {exc}", Location(name, rows.line_num)) from None
    return prices


@dataclass
class SharePrice:
    days: list[date]
    average: Decimal
    price: Decimal  # the discounted price per share


def share_price(prices: Mapping[date, Decimal], computation_date: date, trading: BusinessCalendar, n_days: int,
                percent: Decimal, source: str) -> SharePrice:
    """percent% of the average Closing Bid Price of the ``n_days`` trading days before ``computation_date``."""
    days = [trading.add(computation_date, -k) for k in range(n_days, 0, -1)]
    missing = [d for d in days if d not in prices]
    if missing:
        raise InputError(f"no closing bid for {', '.join(map(str, missing))} (needed for the Computation Date "
                         f"{computation_date})", Location(source))
    average = div(add(prices[d] for d in days), Decimal(n_days))  # money's one exact context
    return SharePrice(days, average, div(mul(average, percent), Decimal(100)))


def shares_for(amount: Decimal, price: SharePrice) -> Decimal:
    return div(amount, price.price).quantize(SHARE_PLACES, rounding=ROUND_HALF_UP, context=EXACT)
