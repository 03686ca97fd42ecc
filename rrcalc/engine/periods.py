"""Computation periods: how days of failure are cut into the periods that each earn a Periodic Amount.

Two ways, each a track's ``periods`` setting:
- ``computation_dates`` (2002/2003 2(b)(vii); docs/conventions.md#computation-dates): CD1 = the earlier of
  T + 30 and the cure C; CDk+1 = the earlier of CDk + 30 and C; the last CD is C. Period k covers the days
  after CDk-1 (after T for k = 1) through CDk, so the days of all periods add up to C - T. Uncured at the
  as-of date A, the open period ends at A with status ``accruing`` and no Computation Date.
- ``consecutive`` (1998 2(c)): the counted days (runs of dates) are cut into consecutive periods of
  30 counted days; the last may be a portion.

Days attributable to the Investor are removed from the count of each period (2(b)(vi); 1998 2(c)).
All arithmetic is on date intervals, so the cost grows with the number of periods, not of days.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

ONE = timedelta(days=1)

#: Runs of days, each (first, last) inclusive, sorted and disjoint.
Runs = list[tuple[date, date]]


@dataclass(slots=True)
class Period:
    """One period of a track's occurrence."""

    n: int
    start: date  # first day counted
    end: date  # last day counted (for computation_dates: the CD, or the as-of date while accruing)
    days: int  # days counted (calendar days less excluded days)
    reason: str  # 30_days, cure or as_of
    computation_date: date | None  # None while accruing
    status: str  # final or accruing
    #: the period's last day when final; while accruing, the day it ends if no cure comes. Set by the cutter that
    #: draws the period; every payment date and election deadline reads it (where a period would end is decided once)
    natural_end: date
    span: int = 0  # calendar days in the period, before exclusions
    full: bool = False  # a complete period (it earns the full rate, however many calendar days it has)
    prevailed: int = 0  # days that pay under a prevailing track instead (precedence), not counted in days

    @property
    def excluded(self) -> int:
        """Days attributable to the Investor."""
        return self.span - self.days - self.prevailed


def overlap(first: date, last: date, runs: Runs) -> int:
    """Days of [first, last] inside ``runs``."""
    n = 0
    for a, b in runs:
        lo, hi = max(a, first), min(b, last)
        if lo <= hi:
            n += (hi - lo).days + 1
    return n


def computation_periods(trigger: date, cure: date | None, as_of: date, period_days: int = 30,
                        literal_first: bool = False, excluded: Runs | None = None) -> list[Period]:
    """The periods after ``trigger`` until ``cure`` (or ``as_of``), ending on Computation Dates."""
    excluded = excluded or []
    cured = cure is not None and cure <= as_of
    periods: list[Period] = []
    prev, k = trigger, 0
    step = timedelta(days=period_days)
    while True:
        k += 1
        natural = prev + step
        if cured and cure is not None:
            if cure <= prev:
                break
            if k == 1 and literal_first and cure < natural:
                cd, last, reason = natural, cure, "30_days"  # 2(b)(vii)(A) read literally
            elif cure <= natural:
                cd, last, reason = cure, cure, "cure"
            else:
                cd, last, reason = natural, natural, "30_days"
            status = "final"
        elif natural <= as_of:
            cd, last, reason, status = natural, natural, "30_days", "final"
        else:
            if as_of <= prev:
                break
            cd, last, reason, status = None, as_of, "as_of", "accruing"
        span = (last - prev).days
        days = span - overlap(prev + ONE, last, excluded)
        natural_end = natural if status == "accruing" else last
        periods.append(Period(k, prev + ONE, last, days, reason, cd, status, natural_end, span, span == period_days))
        if status == "accruing" or reason == "cure" or (cd is not None and cure is not None and cd >= cure):
            break
        prev = cd if cd is not None else last
    return periods


def subtract(runs: Runs, excluded: Runs) -> Runs:
    """``runs`` without the days in ``excluded``."""
    out: Runs = []
    for a, b in runs:
        pieces = [(a, b)]
        for x, y in excluded:
            nxt = []
            for p, q in pieces:
                if y < p or x > q:
                    nxt.append((p, q))
                    continue
                if p < x:
                    nxt.append((p, x - ONE))
                if y < q:
                    nxt.append((y + ONE, q))
            pieces = nxt
        out.extend(pieces)
    return sorted(out)


def consecutive_periods(runs: Runs, period_days: int, open_end: bool) -> list[Period]:
    """Cut the counted days in ``runs`` into consecutive periods of ``period_days`` counted days.

    ``open_end``: the failure was still going on at the as-of date (the last run ends there), so a
    last portion is ``accruing``.
    """
    periods: list[Period] = []
    k = 0
    need = period_days
    start: date | None = None
    for i, (a, b) in enumerate(runs):
        cur = a
        while cur <= b:
            if start is None:
                start = cur
            available = (b - cur).days + 1
            take = min(need, available)
            cur = cur + timedelta(days=take)
            need -= take
            if need == 0:
                k += 1
                last = cur - ONE
                periods.append(Period(k, start, last, period_days, "30_days", last, "final", last,
                                      (last - start).days + 1, True))
                start, need = None, period_days
        if i == len(runs) - 1 and start is not None:
            k += 1
            days = period_days - need
            status = "accruing" if open_end else "final"
            # accruing: as if it ran its full count of days from its first (days not yet known to be excluded)
            natural = start + timedelta(days=period_days - 1) if open_end else b
            periods.append(Period(k, start, b, days, "as_of" if open_end else "cure",
                                  None if open_end else b, status, natural, (b - start).days + 1))
    return periods


def monthly_periods(trigger: date, cure: date | None, as_of: date, cure_day_counts: bool = False,
                    excluded: Runs | None = None) -> list[Period]:
    """Periods from the first day of failure (the day after ``trigger``) to each monthly anniversary of it.

    Each period's amount accrues on its first day (the failure's date, then each monthly anniversary);
    the last period, cut short by the cure (or the as-of date), is a partial one. An anniversary that does
    not exist (the 31st in a 30-day month) is the month's last day, always counted from the first day.
    """
    from dateutil.relativedelta import relativedelta

    excluded = excluded or []
    first = trigger + ONE
    cured = cure is not None and cure <= as_of
    last_day = ((cure if cure_day_counts else cure - ONE) if cured and cure is not None else as_of)
    periods: list[Period] = []
    k = 0
    while True:
        start = first + relativedelta(months=k)
        if start > last_day:
            break
        following = first + relativedelta(months=k + 1)
        end = min(following - ONE, last_day)
        full = end == following - ONE
        span = (end - start).days + 1
        days = span - overlap(start, end, excluded)
        if full:
            reason, status = "month", "final"
        elif cured:
            reason, status = "cure", "final"
        else:
            reason, status = "as_of", "accruing"
        natural_end = following - ONE if status == "accruing" else end
        periods.append(Period(k + 1, start, end, days, reason, start, status, natural_end, span, full))
        k += 1
    return periods


def boundary_periods(runs: Runs, next_boundary: Callable[[date], date], open_end: bool, reason: str,
                     excluded: Runs | None = None) -> list[Period]:
    """Cut the days of failure in ``runs`` at boundary dates: each period runs from its first day to the day before
    the next boundary (a calendar month's end, the day before an Interest Payment Date), or to the failure's end.

    ``next_boundary(d)`` is the first boundary after ``d``. A period cut short by the end of the failure is
    ``final`` (reason ``cure``), or ``accruing`` (reason ``as_of``) when the failure was still going on at the
    as-of date (``open_end``: the last run ends there).
    """
    excluded = excluded or []
    periods: list[Period] = []
    for i, (a, b) in enumerate(runs):
        cur = a
        while cur <= b:
            boundary = next_boundary(cur)
            end = min(boundary - ONE, b)
            full = end == boundary - ONE
            if full:
                why, status = reason, "final"
            elif open_end and i == len(runs) - 1:
                why, status = "as_of", "accruing"
            else:
                why, status = "cure", "final"
            span = (end - cur).days + 1
            days = span - overlap(cur, end, excluded)
            periods.append(Period(len(periods) + 1, cur, end, days, why, end if status == "final" else None, status,
                                  boundary - ONE if status == "accruing" else end, span, full))
            cur = end + ONE
    return periods
