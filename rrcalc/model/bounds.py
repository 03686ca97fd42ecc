"""Bounds on numbers and dates at the model boundary (issue 10): what the engine can compute exactly.

- A decimal number (an amount, a price, a percentage) has at most :data:`MAX_INTEGER_DIGITS` digits
  before the point (a quadrillion dollars less a cent: larger than any deal) and at most
  :data:`MAX_DECIMALS` after it (prices of penny stocks need four to six); with 60-digit exact
  arithmetic (:mod:`rrcalc.engine.money`) nothing is then rounded before the one rounding to cents.
- A whole number has at most :data:`MAX_INTEGER_DIGITS` digits (agreement terms have tighter bounds of
  their own, see :mod:`rrcalc.model.agreement`).
- A date lies within the years every business-day calendar knows, 1990-2035 (SPEC §2), so that a date
  the calendar cannot place is refused where it is written (file, line, field or option), not deep in
  the engine.
- A negative zero (``-0.0``) is read as zero.

The checks return a reason (or None) so each caller can name the place: schema fields by file and line,
``--prices`` rows by file and line, options by name (:func:`parse_date`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from decimal import Context, Decimal

from rrcalc.model.calendars import FIRST_YEAR, LAST_YEAR

MAX_INTEGER_DIGITS = 15
MAX_DECIMALS = 6

#: The one decimal context of every money computation (:mod:`rrcalc.engine.money` uses it): 60 significant digits,
#: so that sums and products of bounded inputs are exact until the one rounding to cents.
EXACT = Context(prec=60)


def exact_sum(values: Iterable[Decimal]) -> Decimal:
    """The exact sum of ``values`` in :data:`EXACT`, never a negative zero."""
    out = Decimal(0)
    for v in values:
        out = EXACT.add(out, v)
    return out.copy_abs() if out.is_zero() else out


def decimal_problem(value: Decimal) -> str | None:
    """Why ``value`` is out of bounds, or None."""
    if not value.is_finite():
        return f"'{value}' is not a finite number"
    if value.is_zero():
        return None
    if value.adjusted() >= MAX_INTEGER_DIGITS:  # adjusted(): the power of ten of the leading digit
        return f"'{value}' has more than {MAX_INTEGER_DIGITS} digits before the decimal point"
    _sign, digits, exponent = value.as_tuple()
    assert isinstance(exponent, int)
    trailing = len(digits) - len("".join(map(str, digits)).rstrip("0"))
    if -(exponent + trailing) > MAX_DECIMALS:  # 2.5000000 is 2.5: trailing zeros do not count
        return f"'{value}' has more than {MAX_DECIMALS} decimal places"
    return None


def normal_decimal(value: Decimal) -> Decimal:
    """``value`` without a negative zero."""
    return value.copy_abs() if value.is_zero() else value


def integer_problem(value: int) -> str | None:
    """Why the whole number ``value`` is out of bounds, or None."""
    if abs(value) >= 10 ** MAX_INTEGER_DIGITS:
        return f"{value} has more than {MAX_INTEGER_DIGITS} digits"
    return None


def date_problem(value: date) -> str | None:
    """Why ``value`` is outside the calendars' years, or None."""
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        return (f"{value.isoformat()} is outside the years rrcalc's business-day calendars know "
                f"({FIRST_YEAR}-{LAST_YEAR})")
    return None


_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


def parse_date(text: str) -> date | str:
    """The one reading of a date written as text (YAML, events files, ``--prices`` rows, options): exactly
    ``YYYY-MM-DD``, a real day, within the calendars' years. The date, or why it is not one.

    (``date.fromisoformat`` is not used: it also takes ``20030815``, ``2003-W33-4`` and more.)
    """
    m = _ISO_DATE.match(text)
    if m is None:
        shown = text if len(text) <= 40 else text[:37] + "..."
        return f"'{shown}' is not a date in the form YYYY-MM-DD"
    try:
        value = date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError as exc:
        return f"'{text}' is not a real date ({exc})"
    return date_problem(value) or value


