"""Bounds on numbers and dates at the model boundary: what the engine can compute exactly.

- A decimal number (an amount, a price, a percentage) has at most :data:`MAX_INTEGER_DIGITS` digits
  before the point (a quadrillion dollars less a cent: larger than any deal) and at most
  :data:`MAX_DECIMALS` after it (prices of penny stocks need four to six); with 60-digit exact
  arithmetic (:mod:`rrcalc.engine.money`) nothing is then rounded before the one rounding to cents.
- A whole number has at most :data:`MAX_INTEGER_DIGITS` digits (agreement terms have tighter bounds of
  their own, see :mod:`rrcalc.model.agreement`).
- A date lies within the years every business-day calendar knows, 1990-2035
  (docs/conventions.md#business-day-calendars), so that a date the calendar cannot place is refused
  where it is written (file, line, field or option), not deep in the engine.
- A negative zero (``-0.0``) is read as zero.

The checks return a reason (or None) so each caller can name the place: schema fields by file and line,
``--prices`` rows by file and line, options by name (:func:`parse_date`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from decimal import Context, Decimal

from rrcalc.errors import excerpt
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


def decimal_problem(value: Decimal, as_written: str | None = None) -> str | None:
    """Why ``value`` is out of bounds, or None. The value is quoted ``as_written`` (the text it was read from) when
    given, else in plain digits (``0.0000001``, never ``1E-7``)."""
    shown = excerpt(as_written) if as_written is not None else written(value)
    if not value.is_finite():
        return f"'{shown}' is not a finite number"
    if value.is_zero():
        return None
    if value.adjusted() >= MAX_INTEGER_DIGITS:  # adjusted(): the power of ten of the leading digit
        return f"'{shown}' has more than {MAX_INTEGER_DIGITS} digits before the decimal point"
    _sign, digits, exponent = value.as_tuple()
    assert isinstance(exponent, int)
    trailing = len(digits) - len("".join(map(str, digits)).rstrip("0"))
    if -(exponent + trailing) > MAX_DECIMALS:  # 2.5000000 is 2.5: trailing zeros do not count
        return f"'{shown}' has more than {MAX_DECIMALS} decimal places"
    return None


def written(value: object) -> str:
    """``value`` (read from a file or an option) as a person writes it, for a message: ``true``, ``30.5``,
    ``0.0000001``, ``2003-10-01``, text as a short escaped excerpt (:func:`rrcalc.errors.excerpt`); never Python's
    spelling (``True``, ``Decimal('30.5')``, ``1E-7``). A file's own text is better still where it is known
    (:meth:`rrcalc.model.yamlsrc.Source.written`)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return excerpt(format(value, "f") if value.is_finite() else str(value))
    if isinstance(value, date):
        return value.isoformat()
    return excerpt(str(value))


_PLAIN_DECIMAL = re.compile(r"[-+]?([0-9]+(\.[0-9]*)?|\.[0-9]+)")


def parse_decimal(text: str) -> Decimal | str:
    """The one reading of a number written as text outside YAML (a ``--prices`` cell): plain ASCII digits with an
    optional sign and decimal point, within the bounds above. The number, or why it is not one. (``Decimal()``
    alone would also take ``1_0`` as 10, ``١٢`` as 12, ``1e3``, ``Infinity`` and ``NaN``.)"""
    if _PLAIN_DECIMAL.fullmatch(text) is None:
        return f"'{excerpt(text)}' is not a number (write plain digits, e.g. 2.50)"
    value = Decimal(text)
    return decimal_problem(value, text) or normal_decimal(value)


#: What an id may not hold: NUL, and every character that ends a line (str.splitlines's: LF, CR, VT, FF, FS, GS, RS,
#: NEL, U+2028, U+2029). Other control characters are shown escaped wherever an id is written.
_NOT_IN_ID = frozenset("\x00\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")


def text_problem(value: str, kind: str) -> str | None:
    """Why ``value`` cannot be a name (``kind="name"``: an Investor's, a deal's) or an id (``kind="id"``: an
    agreement's id, a key), or None: the one check of both. A name is not blank; an id is not blank, holds no NUL
    and no line break, and does not start or end with a space, so that the id a person types on the command line
    or reads in a one-line message is the id itself."""
    if not value.strip():
        return "must not be blank" if value == "" else f"'{excerpt(value)}' is blank"
    if kind == "id":
        odd = next((c for c in value if c in _NOT_IN_ID), None)
        if odd is not None:
            what = "a NUL" if odd == "\x00" else "a line break"
            return f"'{excerpt(value)}' holds {what} (U+{ord(odd):04X}); an id is one line of text"
        if value != value.strip():
            return f"'{excerpt(value)}' starts or ends with a space; an id does not"
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


_ISO_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")  # ASCII digits only: never ２００４ or ٢٠٠٤


def parse_date(text: str) -> date | str:
    """The one reading of a date written as text (YAML, events files, ``--prices`` rows, options): exactly
    ``YYYY-MM-DD``, a real day, within the calendars' years. The date, or why it is not one.

    (``date.fromisoformat`` is not used: it also takes ``20030815``, ``2003-W33-4`` and more.)
    """
    m = _ISO_DATE.fullmatch(text)
    if m is None:
        return f"'{excerpt(text)}' is not a date in the form YYYY-MM-DD"
    try:
        value = date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError as exc:
        return f"'{text}' is not a real date ({exc})"
    return date_problem(value) or value




# -- agreements ----------------------------------------------------------------------------------------------------
# Bounds on what the engine can run of an agreement: an agreement beyond them is refused by `check`, with its line.
#: The largest value of a term or offset in each unit: a century of days (36,600), of months (1,200) or of
#: years (100); counts up to 10,000; a percentage up to 1,000 (rates per period have the tighter bound below).
MAX_BY_UNIT = {"days": 36_600, "business_days": 36_600, "trading_days": 36_600, "months": 1_200, "years": 100,
               "count": 10_000, "percent": 1_000}
#: A Periodic Amount or interest rate is at most 100% of its base per period: a failure never costs more than
#: the whole base in one period (the bundled agreements charge 1% to 3%).
MAX_RATE_PERCENT = 100
#: A period (of Periodic Amounts or of interest) is at most a year (a leap year's 366 days): rates are quoted
#: per 30 days, per month or per annum.
MAX_PERIOD_DAYS = 366
#: earliest_of / latest_of may nest this deep (the bundled agreements nest two levels).
MAX_RULE_NESTING = 4
