"""Money: exact decimals, rounded to cents half-up once per Periodic Amount
(docs/conventions.md#rounding).

Totals are sums of rounded amounts, never rounded again. Percentages are exact decimals (1.5, not
0.015000000001): a rate of 1.5 percent is ``Decimal("1.5")`` and is divided by 100 exactly.

Every computation on money (Held Shares Values, totals, share prices) uses the one context :data:`EXACT`
(defined in :mod:`rrcalc.model.bounds`: 60 significant digits, far more than the 15 integer digits and 6
decimals an input amount may have), never the interpreter's default 28-digit context. A zero is never negative:
``-0.0`` in an input prints as ``0.00``.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

from rrcalc.model.bounds import EXACT as EXACT  # re-exported: money's one context
from rrcalc.model.bounds import exact_sum

CENT = Decimal("0.01")
_EXACT = EXACT  # wide enough that nothing is rounded before the one rounding to cents (60 digits)


def unsigned_zero(value: Decimal) -> Decimal:
    """``value``, with a negative zero (``-0.00``) made positive."""
    return value.copy_abs() if value.is_signed() and value.is_zero() else value


#: Amounts in cents already made, shared: a large deal's Investors mostly owe the same few amounts, and a Decimal
#: costs 104 bytes (every value here has two decimals, so equal values print alike). Emptied when full.
_CENTS: dict[Decimal, Decimal] = {}
_CENTS_MAX = 4096


def shared_cents(value: Decimal) -> Decimal:
    """``value`` (in cents), or the equal amount already made."""
    if len(_CENTS) >= _CENTS_MAX:
        _CENTS.clear()
    return _CENTS.setdefault(value, value)


def cents(amount: Decimal) -> Decimal:
    """``amount`` rounded to cents, half-up (0.005 -> 0.01)."""
    return shared_cents(unsigned_zero(amount.quantize(CENT, rounding=ROUND_HALF_UP, context=EXACT)))


def cents_down(amount: Decimal) -> Decimal:
    """``amount`` rounded down to cents (toward zero): a share whose left-over cents are handed out apart."""
    return unsigned_zero(amount.quantize(CENT, rounding=ROUND_DOWN, context=EXACT))


def add(values: Iterable[Decimal]) -> Decimal:
    """The exact sum of ``values`` (in :data:`EXACT`)."""
    return exact_sum(values)


def sub(a: Decimal, b: Decimal) -> Decimal:
    """``a - b`` exactly."""
    return unsigned_zero(EXACT.subtract(a, b))


def mul(a: Decimal, b: Decimal) -> Decimal:
    """``a × b`` exactly."""
    return unsigned_zero(EXACT.multiply(a, b))


def div(a: Decimal, b: Decimal) -> Decimal:
    """``a / b`` to 60 significant digits."""
    return unsigned_zero(EXACT.divide(a, b))


def periodic_amount(base: Decimal, rate_pct: Decimal, days: int, period_days: int) -> Decimal:
    """base × rate% × days / period_days, rounded once to cents (``days == period_days``: a full period)."""
    numerator = EXACT.multiply(EXACT.multiply(base, rate_pct), Decimal(days))
    return cents(EXACT.divide(numerator, Decimal(100 * period_days)))


def percent(part: Decimal, whole: Decimal, places: int = 4) -> Decimal:
    """``part`` as a percentage of ``whole``, rounded half-up to ``places`` decimals (trailing zeros dropped)."""
    exact = EXACT.divide(EXACT.multiply(part, Decimal(100)), whole)
    return exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP, context=EXACT).normalize(EXACT)


def total(amounts: list[Decimal]) -> Decimal:
    """The sum of already-rounded amounts (kept to cents)."""
    return cents(add(amounts))


def exact_product(*factors: Decimal) -> Decimal:
    """The product of ``factors``, not rounded (a part of an amount that is rounded once, later, by cents)."""
    out = Decimal(1)
    for f in factors:
        out = EXACT.multiply(out, f)
    return out


def exact_quotient(numerator: Decimal, denominator: Decimal | int) -> Decimal:
    """``numerator / denominator`` in the exact context, not rounded to cents."""
    return EXACT.divide(numerator, Decimal(denominator))
