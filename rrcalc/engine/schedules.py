"""Payment timing beyond the 2002/2003 schedule: when each period's amount is due, read from the track's
``payment`` (agreement YAML), and the period boundaries that fixed dates and calendar months draw.

- ``business_days_after_period_end``: the Nth business day after the period's last day ("no later than three
  Business Days after the end of the 30-day period (or portion) it covers");
- ``days_after_accrual``: N calendar days after the day the amount accrues;
- ``nth_business_day_of_next_month``: the Nth business day of the month after the period's last day ("due on the
  fifth Business Day of the following month");
- ``fixed_dates``: the first of the fixed days of the year after the period's last day ("paid ... on each Interest
  Payment Date, for the days accrued up to and excluding that date"), with its record date.

A period still accruing at the as-of date is dated as if it ran its natural course: to its ``natural_end``, set by
the cutter that drew it (:mod:`rrcalc.engine.periods`). Business days come from the one calendar module.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from rrcalc.engine.periods import ONE, Period
from rrcalc.model.agreement import Agreement, Track
from rrcalc.model.calendars import BusinessCalendar
from rrcalc.model.vocabulary import SCHEDULE_WAYS as SCHEDULE_WAYS  # the ways dated here


def month_days(agreement: Agreement, names: list[str]) -> list[tuple[int, int]]:
    """The (month, day) of each month_day term, in order."""
    out = []
    for name in names:
        value = str(agreement.terms[name].value)
        out.append((int(value[:2]), int(value[3:])))
    return out


def next_fixed_date(days: list[tuple[int, int]], d: date) -> date:
    """The first of the fixed days of the year strictly after ``d`` (Feb 29 in a common year: Feb 28)."""
    best: date | None = None
    for year in (d.year, d.year + 1):
        for month, day in days:
            candidate = _on(year, month, day)
            if candidate > d and (best is None or candidate < best):
                best = candidate
        if best is not None:
            return best
    raise ValueError("no fixed dates")  # the schema requires at least one


def record_date(agreement: Agreement, t: Track, paid_on: date) -> date | None:
    """The record date for a payment on fixed date ``paid_on``: its paired record day on or before it."""
    if not t.payment.record_dates:
        return None
    fixed = month_days(agreement, t.payment.fixed_dates)
    records = month_days(agreement, t.payment.record_dates)
    for (fm, fd), (rm, rd) in zip(fixed, records, strict=True):
        if _on(paid_on.year, fm, fd) == paid_on:
            candidate = _on(paid_on.year, rm, rd)
            return candidate if candidate <= paid_on else _on(paid_on.year - 1, rm, rd)
    return None


def _on(year: int, month: int, day: int) -> date:
    try:
        return date(year, month, day)
    except ValueError:  # Feb 29 in a common year
        return date(year, month, 28)


def next_month_start(d: date) -> date:
    """The first day of the month after ``d``'s."""
    return date(d.year + (d.month == 12), d.month % 12 + 1, 1)


def boundary_function(agreement: Agreement, t: Track) -> Callable[[date], date]:
    """For calendar_months / payment_dates periods: the first boundary after a day."""
    if t.periods == "calendar_months":
        return next_month_start
    fixed = month_days(agreement, t.payment.fixed_dates)
    return lambda d: next_fixed_date(fixed, d)


def due_dates(agreement: Agreement, t: Track, periods: list[Period], cal: BusinessCalendar) -> list[date | None]:
    """When each period's amount is due under the track's payment rule (one of SCHEDULE_WAYS)."""
    p = t.payment
    out: list[date | None] = []
    for per in periods:
        end = per.natural_end  # the cutter's: its own last day, or where it ends if no cure comes
        if p.business_days_after_period_end is not None:
            due = cal.add(end, int(agreement.number(p.business_days_after_period_end)))
        elif p.days_after_accrual is not None:
            due = (per.computation_date or per.start) + timedelta(days=int(agreement.number(p.days_after_accrual)))
        elif p.nth_business_day_of_next_month is not None:
            first = next_month_start(end)
            due = cal.add(first - ONE, int(agreement.number(p.nth_business_day_of_next_month)))
        else:
            due = next_fixed_date(month_days(agreement, p.fixed_dates), end)
        out.append(due)
    return out
