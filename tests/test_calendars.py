"""Business-day calendars: every day 1990-2035 against independent sources, year-by-year facts, invariants.

Independent sources (test-only dependencies):
- QuantLib's ``UnitedStates(FederalReserve)`` and ``UnitedStates(NYSE)``: every day 1990-2035.
- python-holidays' ``XFED`` (Federal Reserve, which it only knows from 1999) and ``XNYS``.
Deliberate differences from those sources: none. Any difference fails the test and must be
either fixed or listed in ``DELIBERATE`` below with the reason.
"""

from __future__ import annotations

from datetime import date, timedelta

import holidays
import pytest
import QuantLib as ql
from hypothesis import given, settings
from hypothesis import strategies as st

from rrcalc.errors import CalendarRangeError
from rrcalc.model.calendars import NY_BANKS, NYSE, WEEKDAYS, get_calendar

FIRST, LAST = date(1990, 1, 1), date(2035, 12, 31)

#: (calendar, source) -> {date: reason}; days where rrcalc deliberately differs from a source.
DELIBERATE: dict[tuple[str, str], dict[date, str]] = {}


def every_day(start: date = FIRST, end: date = LAST):
    d = start
    while d <= end:
        yield d
        d += timedelta(days=1)


def _ql(d: date) -> ql.Date:
    return ql.Date(d.day, d.month, d.year)


@pytest.mark.parametrize("name, source", [
    ("ny-banks", ql.UnitedStates(ql.UnitedStates.FederalReserve)),
    ("nyse", ql.UnitedStates(ql.UnitedStates.NYSE)),
])
def test_every_day_1990_2035_matches_quantlib(name, source):
    cal = get_calendar(name)
    diffs = {d for d in every_day() if cal.is_business_day(d) != source.isBusinessDay(_ql(d))}
    assert diffs == set(DELIBERATE.get((name, "quantlib"), {}))


@pytest.mark.parametrize("name, code, first_year", [("ny-banks", "XFED", 1999), ("nyse", "XNYS", 1990)])
def test_every_day_matches_python_holidays_where_it_has_data(name, code, first_year):
    cal = get_calendar(name)
    closed = holidays.financial_holidays(code, years=range(first_year, 2036))
    diffs = {d for d in every_day(date(first_year, 1, 1))
             if d.weekday() < 5 and cal.is_business_day(d) == (d in closed)}
    assert diffs == set(DELIBERATE.get((name, "holidays"), {}))


def test_python_holidays_federal_reserve_has_no_1998_so_rrcalc_does_not_rely_on_it():
    # A known trap: holidays' Federal Reserve calendar starts in 1999 and silently returns nothing
    # for 1998. rrcalc's own rules give 1998's nine bank holidays.
    assert len(holidays.financial_holidays("XFED", years=1998)) == 0
    assert len(NY_BANKS.holidays_in(1998)) == 9


def test_1998_bank_holidays_year_by_year():
    assert list(NY_BANKS.holidays_in(1998)) == [
        date(1998, 1, 1), date(1998, 1, 19), date(1998, 2, 16), date(1998, 5, 25), date(1998, 9, 7),
        date(1998, 10, 12), date(1998, 11, 11), date(1998, 11, 26), date(1998, 12, 25),
    ]


def test_2003_bank_holidays_year_by_year():
    # Jan 1 Wed, MLK Jan 20, Presidents Feb 17, Memorial May 26, July 4 Fri, Labor Sep 1, Columbus Oct 13,
    # Veterans Nov 11 Tue, Thanksgiving Nov 27, Christmas Thu.
    assert list(NY_BANKS.holidays_in(2003)) == [
        date(2003, 1, 1), date(2003, 1, 20), date(2003, 2, 17), date(2003, 5, 26), date(2003, 7, 4),
        date(2003, 9, 1), date(2003, 10, 13), date(2003, 11, 11), date(2003, 11, 27), date(2003, 12, 25),
    ]


def test_saturday_holiday_is_not_moved_for_banks_but_is_for_nyse():
    # July 4, 2020 was a Saturday: the Federal Reserve stayed open on Friday July 3; the NYSE closed.
    assert NY_BANKS.is_business_day(date(2020, 7, 3))
    assert not NYSE.is_business_day(date(2020, 7, 3))


def test_sunday_holiday_is_observed_monday():
    # July 4, 2021 was a Sunday: Monday July 5 is a holiday for both.
    assert not NY_BANKS.is_business_day(date(2021, 7, 5))
    assert not NYSE.is_business_day(date(2021, 7, 5))


def test_juneteenth_from_2022_only():
    assert NY_BANKS.is_business_day(date(2021, 6, 18))  # the 2021 law came too late for the Fed to close
    assert not NY_BANKS.is_business_day(date(2022, 6, 20))  # June 19, 2022 a Sunday -> Monday
    assert not NYSE.is_business_day(date(2023, 6, 19))


def test_nyse_special_closures():
    for d in [date(2001, 9, 11), date(2001, 9, 12), date(2001, 9, 13), date(2001, 9, 14), date(2004, 6, 11),
              date(2012, 10, 29), date(2012, 10, 30), date(2018, 12, 5), date(2025, 1, 9)]:
        assert not NYSE.is_business_day(d), d
    assert NY_BANKS.is_business_day(date(2004, 6, 11))  # banks were open for Reagan's funeral
    assert NYSE.holiday_name(date(2001, 9, 11)) == "September 11 attacks"


def test_good_friday_closes_nyse_not_banks():
    assert not NYSE.is_business_day(date(2003, 4, 18))
    assert NY_BANKS.is_business_day(date(2003, 4, 18))


@pytest.mark.parametrize("d", [date(1989, 12, 31), date(2036, 1, 1), date(1900, 6, 1)])
def test_outside_known_years_is_an_error_not_no_holidays(d):
    for cal in (NY_BANKS, NYSE, WEEKDAYS):
        with pytest.raises(CalendarRangeError, match="covers 1990-2035"):
            cal.is_business_day(d)


def test_stepping_past_the_last_known_year_is_an_error():
    with pytest.raises(CalendarRangeError):
        NY_BANKS.add(date(2035, 12, 28), 5)


def test_add_counts_from_the_day_after_and_skips_holidays():
    # 2003-08-28 (Thu) + 5 business days: 08-29 (1), 09-01 Labor Day skipped, 09-02 (2), 09-03 (3),
    # 09-04 (4), 09-05 (5).
    assert NY_BANKS.add(date(2003, 8, 28), 5) == date(2003, 9, 5)
    # Backwards: 5 business days before Sunday 1998-03-29 is Monday 1998-03-23.
    assert NY_BANKS.add(date(1998, 3, 29), -5) == date(1998, 3, 23)
    assert NY_BANKS.add(date(2003, 8, 28), 0) == date(2003, 8, 28)


def test_count_inclusive_spans_a_holiday():
    # Mon 2003-06-30 .. Fri 2003-07-11: 10 weekdays, less July 4 = 9 business days.
    assert NY_BANKS.count_inclusive(date(2003, 6, 30), date(2003, 7, 11)) == 9
    assert WEEKDAYS.count_inclusive(date(2003, 6, 30), date(2003, 7, 11)) == 10
    assert NY_BANKS.count_inclusive(date(2003, 7, 12), date(2003, 7, 11)) == 0


days = st.dates(min_value=date(1990, 2, 1), max_value=date(2034, 12, 31))
calendars = st.sampled_from([NY_BANKS, NYSE, WEEKDAYS])


@settings(max_examples=300, deadline=None)
@given(cal=calendars, start=days, n=st.integers(min_value=1, max_value=120))
def test_add_and_count_agree(cal, start, n):
    end = cal.add(start, n)
    assert end > start
    assert cal.is_business_day(end)
    assert cal.count_after(start, end) == n
    back = cal.add(end, -n)  # the n-th business day before end
    assert cal.is_business_day(back) and back <= start and cal.count_after(back, end) == n
    if cal.is_business_day(start):
        assert back == start


@settings(max_examples=200, deadline=None)
@given(cal=calendars, a=st.dates(min_value=date(1990, 1, 1), max_value=date(2034, 12, 31)),
       span=st.integers(min_value=0, max_value=365))
def test_count_matches_a_day_by_day_count(cal, a, span):
    b = a + timedelta(days=span)
    brute = sum(cal.is_business_day(a + timedelta(days=i)) for i in range(1, span + 1))
    assert cal.count_after(a, b) == brute
    assert cal.count_inclusive(a, b) == brute + cal.is_business_day(a)
    assert cal.count_after(b, a) == -brute
