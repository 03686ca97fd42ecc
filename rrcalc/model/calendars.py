"""Business-day calendars: the one place rrcalc decides whether a day is a business day.

By default (docs/conventions.md#business-day-calendars) a business day is not a Saturday, not a Sunday,
and not a day New York banks may close, following the Federal Reserve holiday schedule (a Sunday
holiday is observed on Monday, a Saturday holiday is not moved). The 1998 agreement defines it so in
Section 11(k): "any day other than a Saturday or Sunday or a day on which banking institutions in the
State of New York are authorized or obligated by law, regulation or executive order to close".

Calendars are data, in the spirit of python-holidays: each holiday is a rule (a fixed date, the n-th
weekday of a month, or an offset from Easter) with the years it applies and how a weekend date is
observed; each calendar also lists one-off closures. Every calendar knows a range of years and
refuses dates outside it (`CalendarRangeError`), so a missing year can never pass as "no holidays".

Conventions (docs/conventions.md#calendar-days-and-business-days), for a calendar `cal`:
- ``cal.add(d, n)`` with n > 0 is the n-th business day after d, d itself never counted;
  with n < 0 it is the |n|-th business day before d ("at least N business days prior to X").
- ``cal.count_after(a, b)`` is the number of business days in the half-open range (a, b]:
  so ``cal.add(a, n) == b`` exactly when ``b`` is a business day and ``cal.count_after(a, b) == n``.
- ``cal.count_inclusive(a, b)`` counts business days from a to b, both included.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from datetime import UTC, date, timedelta
from functools import cached_property

from dateutil.easter import easter

from rrcalc.errors import CalendarRangeError

MON, TUE, WED, THU, FRI, SAT, SUN = range(7)

#: How a holiday that falls on a weekend is observed.
#: ``sunday_to_monday``: the Federal Reserve rule (a Saturday holiday is not moved).
#: ``nearest_weekday``: the NYSE rule (Saturday to Friday, Sunday to Monday).
#: ``nyse_new_year``: NYSE New Year's Day: Sunday to Monday, a Saturday holiday is not moved
#: (NYSE Rule 7.2: the exchange does not close on a Friday that ends a year or accounting period).
OBSERVANCES = ("sunday_to_monday", "nearest_weekday", "nyse_new_year", "none")


@dataclass(frozen=True)
class Holiday:
    """One recurring holiday rule."""

    name: str
    month: int = 0
    day: int = 0  # a fixed day of the month, or 0
    weekday: int = -1  # with nth: the nth such weekday of the month
    nth: int = 0  # 1..4, or -1 for the last
    easter_offset: int | None = None  # days from Easter Sunday (Good Friday: -2)
    first_year: int = 1
    last_year: int = 9999
    observed: str = "none"

    def __post_init__(self) -> None:
        if self.observed not in OBSERVANCES:
            raise ValueError(f"holiday {self.name}: unknown observance rule '{self.observed}'")

    def date_in(self, year: int) -> date | None:
        """The day the holiday is observed in ``year``, or None when it is not observed that year."""
        if not self.first_year <= year <= self.last_year:
            return None
        if self.easter_offset is not None:
            return easter(year) + timedelta(days=self.easter_offset)
        if self.day:
            d = date(year, self.month, self.day)
        elif self.nth > 0:
            first = date(year, self.month, 1)
            d = first + timedelta(days=(self.weekday - first.weekday()) % 7 + 7 * (self.nth - 1))
        else:  # last weekday of the month
            nxt = date(year + (self.month == 12), self.month % 12 + 1, 1)
            last = nxt - timedelta(days=1)
            d = last - timedelta(days=(last.weekday() - self.weekday) % 7)
        wd = d.weekday()
        if wd == SUN and self.observed in ("sunday_to_monday", "nearest_weekday", "nyse_new_year"):
            return d + timedelta(days=1)
        if wd == SAT:
            if self.observed == "nearest_weekday":
                return d - timedelta(days=1)
            if self.observed in ("sunday_to_monday", "nyse_new_year"):
                return None  # a Saturday holiday is not moved: no weekday closes
        return d


@dataclass(frozen=True)
class Closure:
    """A one-off closure (a national day of mourning, 9/11, a hurricane)."""

    day: date
    name: str


@dataclass(frozen=True)
class BusinessCalendar:
    """A business-day calendar: weekends, holiday rules and one-off closures over known years."""

    name: str
    description: str
    first_year: int
    last_year: int
    holidays: tuple[Holiday, ...] = ()
    closures: tuple[Closure, ...] = ()

    # -- holidays ---------------------------------------------------------------------------
    def _check(self, d: date) -> None:
        if not self.first_year <= d.year <= self.last_year:
            raise CalendarRangeError(
                f"calendar '{self.name}' covers {self.first_year}-{self.last_year}; "
                f"{d.isoformat()} is outside it"
            )

    def holidays_in(self, year: int) -> dict[date, str]:
        """Weekday closures in ``year`` (observed holidays and one-off closures), by date."""
        if not self.first_year <= year <= self.last_year:
            raise CalendarRangeError(
                f"calendar '{self.name}' covers {self.first_year}-{self.last_year}; {year} is outside it"
            )
        found: dict[date, str] = {}
        for rule in self.holidays:
            d = rule.date_in(year)
            if d is not None and d.year == year and d.weekday() < SAT:
                found[d] = rule.name
        for c in self.closures:
            if c.day.year == year and c.day.weekday() < SAT:
                found[c.day] = c.name
        return dict(sorted(found.items()))

    @cached_property
    def _sorted_closed(self) -> list[date]:
        days: list[date] = []
        for y in range(self.first_year, self.last_year + 1):
            days.extend(self.holidays_in(y))
        return days

    @cached_property
    def _closed(self) -> frozenset[date]:
        return frozenset(self._sorted_closed)

    def holiday_name(self, d: date) -> str | None:
        """The holiday or closure that makes weekday ``d`` a non-business day, if any."""
        self._check(d)
        return self.holidays_in(d.year).get(d)

    # -- business days ----------------------------------------------------------------------
    def is_business_day(self, d: date) -> bool:
        self._check(d)
        return d.weekday() < SAT and d not in self._closed

    def add(self, d: date, n: int) -> date:
        """The n-th business day after ``d`` (n > 0) or before it (n < 0); ``d`` is never counted.

        ``add(d, 0)`` is ``d`` itself.
        """
        self._check(d)
        step = 1 if n >= 0 else -1
        left = abs(n)
        cur = d
        while left:
            cur += timedelta(days=step)
            if self.is_business_day(cur):
                left -= 1
        return cur

    def roll_forward(self, d: date) -> date:
        """``d`` if it is a business day, else the next business day."""
        while not self.is_business_day(d):
            d += timedelta(days=1)
        return d

    def count_after(self, a: date, b: date) -> int:
        """Business days in (a, b]: after ``a``, up to and including ``b``; negative when b < a."""
        if b < a:
            return -self.count_after(b, a)
        self._check(a)
        self._check(b)
        return _weekdays_upto(b) - _weekdays_upto(a) - self._closed_in(a, b)

    def count_inclusive(self, a: date, b: date) -> int:
        """Business days from ``a`` to ``b``, both included (0 when b < a)."""
        if b < a:
            return 0
        return self.count_after(a, b) + int(self.is_business_day(a))

    def _closed_in(self, a: date, b: date) -> int:
        """Weekday closures in (a, b]."""
        days = self._sorted_closed
        return bisect.bisect_right(days, b) - bisect.bisect_right(days, a)


def _weekdays_upto(d: date) -> int:
    """Number of Monday-Friday days from a fixed Monday epoch up to and including ``d``."""
    n = (d - _EPOCH).days  # days after the epoch Monday
    weeks, rem = divmod(n, 7)
    return weeks * 5 + min(rem, 4) + 1


_EPOCH = date(1, 1, 1)  # a Monday

# ---------------------------------------------------------------------------------------------
# The calendars. Years: every calendar covers 1990-2035 (docs/conventions.md#business-day-calendars).

FIRST_YEAR, LAST_YEAR = 1990, 2035

FEDERAL_RESERVE_HOLIDAYS = (
    Holiday("New Year's Day", 1, 1, observed="sunday_to_monday"),
    Holiday("Martin Luther King Jr. Day", 1, weekday=MON, nth=3, first_year=1986),
    Holiday("Washington's Birthday", 2, weekday=MON, nth=3),
    Holiday("Memorial Day", 5, weekday=MON, nth=-1),
    # The Federal Reserve first closed for Juneteenth in 2022 (2021's law came too late to close on it).
    Holiday("Juneteenth National Independence Day", 6, 19, first_year=2022, observed="sunday_to_monday"),
    Holiday("Independence Day", 7, 4, observed="sunday_to_monday"),
    Holiday("Labor Day", 9, weekday=MON, nth=1),
    Holiday("Columbus Day", 10, weekday=MON, nth=2),
    Holiday("Veterans Day", 11, 11, observed="sunday_to_monday"),
    Holiday("Thanksgiving Day", 11, weekday=THU, nth=4),
    Holiday("Christmas Day", 12, 25, observed="sunday_to_monday"),
)

NYSE_HOLIDAYS = (
    Holiday("New Year's Day", 1, 1, observed="nyse_new_year"),
    Holiday("Martin Luther King Jr. Day", 1, weekday=MON, nth=3, first_year=1998),
    Holiday("Washington's Birthday", 2, weekday=MON, nth=3),
    Holiday("Good Friday", easter_offset=-2),
    Holiday("Memorial Day", 5, weekday=MON, nth=-1),
    Holiday("Juneteenth National Independence Day", 6, 19, first_year=2022, observed="nearest_weekday"),
    Holiday("Independence Day", 7, 4, observed="nearest_weekday"),
    Holiday("Labor Day", 9, weekday=MON, nth=1),
    Holiday("Thanksgiving Day", 11, weekday=THU, nth=4),
    Holiday("Christmas Day", 12, 25, observed="nearest_weekday"),
)

NYSE_CLOSURES = (
    Closure(date(1994, 4, 27), "National Day of Mourning for President Nixon"),
    Closure(date(2001, 9, 11), "September 11 attacks"),
    Closure(date(2001, 9, 12), "September 11 attacks"),
    Closure(date(2001, 9, 13), "September 11 attacks"),
    Closure(date(2001, 9, 14), "September 11 attacks"),
    Closure(date(2004, 6, 11), "National Day of Mourning for President Reagan"),
    Closure(date(2007, 1, 2), "National Day of Mourning for President Ford"),
    Closure(date(2012, 10, 29), "Hurricane Sandy"),
    Closure(date(2012, 10, 30), "Hurricane Sandy"),
    Closure(date(2018, 12, 5), "National Day of Mourning for President George H. W. Bush"),
    Closure(date(2025, 1, 9), "National Day of Mourning for President Carter"),
)

NY_BANKS = BusinessCalendar(
    "ny-banks",
    "New York bank holidays on the Federal Reserve schedule (Sunday holidays observed Monday, "
    "Saturday holidays not moved); the conventions' default (docs/conventions.md#business-day-calendars), "
    "1998 RRA Section 11(k)",
    FIRST_YEAR,
    LAST_YEAR,
    FEDERAL_RESERVE_HOLIDAYS,
)

NYSE = BusinessCalendar(
    "nyse",
    "New York Stock Exchange trading days, including special closures (Principal Trading Market)",
    FIRST_YEAR,
    LAST_YEAR,
    NYSE_HOLIDAYS,
    NYSE_CLOSURES,
)

WEEKDAYS = BusinessCalendar("weekdays", "Monday to Friday, no holidays", FIRST_YEAR, LAST_YEAR)

CALENDARS: dict[str, BusinessCalendar] = {c.name: c for c in (NY_BANKS, NYSE, WEEKDAYS)}


def today() -> date:
    """Today in New York, where these agreements' business days are kept (the default as-of date:
    docs/conventions.md#facts-and-the-as-of-date).

    Not the machine's local date: the same command gives the same answer in every time zone.
    """
    from datetime import datetime

    try:
        from zoneinfo import ZoneInfo

        return datetime.now(ZoneInfo("America/New_York")).date()
    except Exception:  # no time-zone database on this machine: fall back to UTC, never to local time
        return datetime.now(UTC).date()


def as_of_or_today(given: date | None) -> date:
    """The as-of date: the one given (on the command line, else in the events file), else today in New York. The one
    place it is defaulted."""
    return given if given is not None else today()


def get_calendar(name: str) -> BusinessCalendar:
    """The calendar called ``name``; KeyError with the known names otherwise."""
    try:
        return CALENDARS[name]
    except KeyError:
        raise KeyError(f"unknown calendar '{name}' (known: {', '.join(CALENDARS)})") from None


class CalendarDays:
    """Counting in calendar days with the calendars' interface (every day counts): for limits an agreement states
    in calendar days ("20 consecutive calendar days", "45 days in any 90-day period")."""

    name = "calendar-days"

    def is_business_day(self, d: date) -> bool:
        return True

    def add(self, d: date, n: int) -> date:
        """The n-th day after ``d`` (before it when n < 0)."""
        return d + timedelta(days=n)

    def roll_forward(self, d: date) -> date:
        return d

    def count_after(self, a: date, b: date) -> int:
        """Days in (a, b]."""
        return (b - a).days

    def count_inclusive(self, a: date, b: date) -> int:
        """Days from ``a`` to ``b``, both included (0 when b < a)."""
        return max((b - a).days + 1, 0)


CALENDAR_DAYS = CalendarDays()
