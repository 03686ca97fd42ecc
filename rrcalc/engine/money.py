"""Money: exact decimals, rounded to cents half-up once per Periodic Amount (SPEC §2).

Totals are sums of rounded amounts, never rounded again. Percentages are exact decimals (1.5, not
0.015000000001): a rate of 1.5 percent is ``Decimal("1.5")`` and is divided by 100 exactly.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Context, Decimal

CENT = Decimal("0.01")
_EXACT = Context(prec=60)  # wide enough that nothing is rounded before the one rounding to cents


def cents(amount: Decimal) -> Decimal:
    """``amount`` rounded to cents, half-up (0.005 -> 0.01)."""
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def periodic_amount(base: Decimal, rate_pct: Decimal, days: int, period_days: int) -> Decimal:
    """base × rate% × days / period_days, rounded once to cents (``days == period_days``: a full period)."""
    numerator = _EXACT.multiply(_EXACT.multiply(base, rate_pct), Decimal(days))
    return cents(_EXACT.divide(numerator, Decimal(100 * period_days)))


def total(amounts: list[Decimal]) -> Decimal:
    """The sum of already-rounded amounts (kept to cents)."""
    return sum(amounts, Decimal("0.00")).quantize(CENT)


def exact_product(*factors: Decimal) -> Decimal:
    """The product of ``factors``, not rounded (a part of an amount that is rounded once, later, by cents)."""
    out = Decimal(1)
    for f in factors:
        out = _EXACT.multiply(out, f)
    return out


def exact_quotient(numerator: Decimal, denominator: Decimal | int) -> Decimal:
    """``numerator / denominator`` in the wide context, not rounded to cents."""
    return _EXACT.divide(numerator, Decimal(denominator))
