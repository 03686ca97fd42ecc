"""The model's vocabularies, each declared once with its meaning: amount families, payment ways, period schedules,
statuses. Validation (the agreement's choices and cross-field rules), the JSON Schema, ``docs/encoding.md`` (a test
compares it), the engine's dispatch and the renderers' units and labels are all read from these tables.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class AmountFamily:
    """One formula of a Periodic Amount (a track's ``amount``)."""

    name: str
    meaning: str
    percent: bool  # the rate is a percentage of the base (else dollars)
    daily: bool  # accrues day by day (any periods); the others are per period and need period_days
    unit: str  # the stable identifier of the rate's unit (CSV and JSON ``rate_unit``)
    per: str  # the words after a dollar rate: '{period}' is the track's period ('30-day period')


AMOUNT_FAMILIES: dict[str, AmountFamily] = {f.name: f for f in [
    AmountFamily("percent_of_base", "rate% of the base for each period, prorated as the track says", True, False,
                 "percent", ""),
    AmountFamily("usd", "a fixed dollar amount for each period, prorated as the track says", False, False,
                 "USD per period", "per {period}"),
    AmountFamily("usd_per_unit", "dollars for each base_unit of the base, for each period", False, False,
                 "USD per unit of base per period", "per {unit} of base per {period}"),
    AmountFamily("usd_per_day", "dollars for each calendar day of failure", False, True, "USD per day", "per day"),
    AmountFamily("usd_per_business_day", "dollars for each business day of failure", False, True,
                 "USD per business day", "per Business Day"),
    AmountFamily("annual_percent", "rate% per annum of the base, accruing daily by the track's day_count", True, True,
                 "percent per annum", "per annum"),
]}

AMOUNTS = tuple(AMOUNT_FAMILIES)
DAILY_AMOUNTS = tuple(k for k, f in AMOUNT_FAMILIES.items() if f.daily)
PERCENT_AMOUNTS = tuple(k for k, f in AMOUNT_FAMILIES.items() if f.percent)


def _plain(value: Decimal) -> str:
    text = format(value.normalize(), "f") if value == value.to_integral_value() else format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def rate_words(amount: str, rate: Decimal, period_days: int | None = None, base_unit: str | None = None) -> str:
    """A rate as a reader says it: '2%', '0.25% per annum', '$10,000.00 per 30-day period', '$2,500.00 per Business
    Day'."""
    family = AMOUNT_FAMILIES[amount]
    if family.percent:
        return f"{_plain(rate)}%" + (f" {family.per}" if family.per else "")
    period = f"{period_days}-day period" if period_days else "period"
    money = f"-${-rate:,.2f}" if rate < 0 else f"${rate:,.2f}"
    return f"{money} {family.per.format(period=period, unit=base_unit or 'unit')}"


@dataclass(frozen=True)
class Schedule:
    """One way a track's days are cut into periods (a track's ``periods``)."""

    name: str
    meaning: str
    runs: bool  # counts runs of days: ``after``/``before`` and ``overlap: count_once`` act on it
    needs_period_days: bool


PERIOD_SCHEDULES: dict[str, Schedule] = {s.name: s for s in [
    Schedule("computation_dates", "Computation Dates: each period ends on one, fixed by period_days", False, True),
    Schedule("consecutive", "consecutive parts of period_days days (the last may be short)", True, True),
    Schedule("monthly", "the failure's day and each monthly anniversary", False, False),
    Schedule("calendar_months", "the failure's days in each calendar month", True, False),
    Schedule("payment_dates", "the days between two of the payment's fixed_dates (an Interest Payment Date to the "
             "next)", True, False),
]}

SCHEDULES = tuple(PERIOD_SCHEDULES)
#: The schedules that count runs of days (``after``, ``before`` and ``overlap: count_once`` act on them).
RUN_SCHEDULES = tuple(k for k, s in PERIOD_SCHEDULES.items() if s.runs)


@dataclass(frozen=True)
class PaymentWay:
    """One way a track says when its amounts are payable (one field of its ``payment``)."""

    name: str
    meaning: str
    schedule: bool  # dated by the payment-schedule module (the others by the period cutter's own dates)


PAYMENT_WAYS: dict[str, PaymentWay] = {w.name: w for w in [
    PaymentWay("first_days", "the first payment this many days after the failure, then every period_days (with "
               "after_cure_business_days: the last within so many business days of the cure)", False),
    PaymentWay("days_after_period_end", "this many days after each period's last day", False),
    PaymentWay("business_days_after_period_end", "this many business days after each period's last day", True),
    PaymentWay("business_days_after_accrual", "this many business days after each Computation Date", False),
    PaymentWay("days_after_accrual", "this many days after each amount accrues", True),
    PaymentWay("nth_business_day_of_next_month", "the Nth business day of the month after the period", True),
    PaymentWay("fixed_dates", "the first of these days of the year after the period's last day (Interest Payment "
               "Dates)", True),
]}

WAYS = tuple(PAYMENT_WAYS)
#: The ways dated by :mod:`rrcalc.engine.schedules`.
SCHEDULE_WAYS = tuple(k for k, w in PAYMENT_WAYS.items() if w.schedule)

#: An obligation's status in ``deadlines``, with its meaning.
DEADLINE_STATUSES: dict[str, str] = {
    "met": "done on or before its date",
    "missed": "not done by its date",
    "open": "its date is not yet past",
    "unknown": "the facts do not fix its date yet",
    "not_applicable": "its condition does not hold",
}

#: A period's status in ``penalties`` and ``computation-dates``, with its meaning.
PERIOD_STATUSES: dict[str, str] = {
    "final": "the period is over: its amount is fixed",
    "accruing": "not cured by the as-of date: the amount grows until the cure",
}
