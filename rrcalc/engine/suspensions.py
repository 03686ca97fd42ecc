"""Suspensions: was each blackout a Permitted Suspension Period, and where does a Restricted Sale Date begin?

2002/2003 3(h): "The term 'Permitted Suspension Period' means up to two such suspension periods, each of
which suspension period shall not either (i) be for more than fifteen (15) business days or (ii) begin
less than ten (10) business days after the last day of the preceding suspension (whether or not such last
day was during or after a Permitted Suspension Period); provided further that the Company shall, if lawful
to do so, provide the Investor with at least two (2) business days' notice".
1(i): "'Restricted Sale Date' means the first date, other than a date during a Permitted Suspension Period,
on which the Investor is restricted from making sales".

The limits are the agreement's terms (``permitted_suspensions``); the readings ``short_notice``,
``overlong_suspension`` and ``restricted_sale_episodes`` decide the open questions
(docs/conventions.md#suspensions-and-restricted-sale-dates).
Only suspensions of a permitted kind count toward the limits and the gap; every other restriction is
never permitted. Restrictions are removed on the day after a suspension's last day.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from rrcalc.model.agreement import Agreement, ReadingRef
from rrcalc.model.calendars import CALENDAR_DAYS, LAST_YEAR, BusinessCalendar, CalendarDays
from rrcalc.model.facts import Suspension

ONE = timedelta(days=1)


@dataclass
class SuspensionCheck:
    """One suspension judged against 3(h)."""

    n: int
    suspension: Suspension
    business_days: int  # from start to end (or the as-of date while open), inclusive
    gap_business_days: int | None  # after the preceding counted suspension's last day, through this start
    notice_business_days: int | None  # from the notice day inclusive to the start exclusive
    permitted: bool
    restricted_sale_date: date | None
    restrictions_removed: date | None  # the day after the last restricted day; None while open
    reasons: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    counted: bool = True  # of a kind that counts toward the limits
    gives_occurrence: bool = False  # its Restricted Sale Date starts a restricted_sale occurrence
    calendar_days: int | None = None  # calendar days, first and last included (kinds with a day limit)
    extends_effectiveness_by: int | None = None  # days the effectiveness period is extended by (6(e))


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


@dataclass
class Limits:
    """An agreement's permitted_suspensions rules, as numbers, with the calendars they are counted on."""

    agreement: Agreement
    cal: BusinessCalendar  # business days (notice)
    days_cal: BusinessCalendar | CalendarDays  # the counting unit: business days, trading days or calendar days
    unit: str
    max_count: int | None
    count_window: tuple[int, str] | None  # (n, "days" or "months")
    max_len: int | None
    min_gap: int | None
    notice_needed: int | None
    totals: list[tuple[int, tuple[int, str]]]  # (max, window)

    @classmethod
    def of(cls, agreement: Agreement, cal: BusinessCalendar) -> Limits:
        rules = agreement.permitted_suspensions
        assert rules is not None

        def n(term: str | None) -> int | None:
            return int(agreement.number(term)) if term else None

        def window(term: str) -> tuple[int, str]:
            return int(agreement.number(term)), agreement.terms[term].unit

        unit = {"trading_days": "trading day", "calendar_days": "day"}.get(rules.counting, "business day")
        return cls(agreement, cal, counting_calendar(agreement, cal), unit, n(rules.max_count),
                   window(rules.count_window) if rules.count_window else None, n(rules.max_length), n(rules.min_gap),
                   n(rules.notice_business_days), [(int(agreement.number(t.max)), window(t.window))
                                                   for t in rules.totals])

    def first_beyond(self, kind: str, start: date, last: date, prior: list[tuple[date, date]]
                     ) -> tuple[date | None, list[str]]:
        """The first day of a suspension from ``start`` to ``last`` beyond a limit on its length or a rolling
        total (``prior``: the earlier counted suspensions), and the limits it breaks."""
        found: list[tuple[date, str]] = []
        length = self.days_cal.count_inclusive(start, last)
        if self.max_len is not None and length > self.max_len:
            found.append((self.days_cal.add(start - ONE, self.max_len + 1), f"{_plural(length, self.unit)}"
                          f"; at most {self.max_len}"))
        max_days = self.agreement.suspension_kinds[kind].max_days
        if max_days is not None:
            limit = int(self.agreement.number(max_days))
            days = (last - start).days + 1
            if days > limit:
                found.append((start + timedelta(days=limit), f"{_plural(days, 'calendar day')}; at most {limit} "
                                                             f"(§{_section(self.agreement, kind)})"))
        for most, win in self.totals:
            def total(d: date, win: tuple[int, str] = win) -> int:
                since = window_start(d, win)
                return sum(self.days_cal.count_inclusive(max(a, since), min(b, d))
                           for a, b in [*prior, (start, d)] if b >= since and a <= d)

            at_last = total(last)
            if at_last <= most:
                continue
            day = start
            while total(day) <= most:
                day += ONE
            found.append((day, f"brings suspensions to {_plural(at_last, self.unit)} in the {_window_words(win)} "
                               f"ending {last}; at most {most}"))
        if not found:
            return None, []
        return min(d for d, _ in found), [words for _, words in found]

    def count_in_window(self, start: date, prior: list[tuple[date, date]]) -> int:
        """This suspension's number among the counted ones: in all, or in the count_window ending on its start."""
        if self.count_window is None:
            return len(prior) + 1
        since = window_start(start, self.count_window)
        return sum(1 for _, b in prior if b >= since) + 1


def window_start(d: date, window: tuple[int, str]) -> date:
    """The first day of the rolling window of ``window`` (days or months) that ends on ``d``."""
    n, unit = window
    if unit == "months":
        from dateutil.relativedelta import relativedelta

        return d - relativedelta(months=n) + ONE
    return d - timedelta(days=n - 1)


def _window_words(window: tuple[int, str]) -> str:
    n, unit = window
    return f"{n} {'months' if unit == 'months' else 'days'}"


def _section(agreement: Agreement, kind: str) -> str:
    ref = agreement.suspension_kinds[kind].reference
    return ref.section if ref else "suspension_kinds"


def check_suspensions(agreement: Agreement, suspensions: list[Suspension], cal: BusinessCalendar,
                      in_force: dict[str, str], as_of: date, until: date | None = None) -> list[SuspensionCheck]:
    """Judge every suspension, in order of start, against the agreement's permitted_suspensions rules.

    ``until``: the date of the rules' ``until`` (the end of the Registration Period): days after it neither
    start nor extend a Restricted Sale Date (3(h) "during the periods the Registration Statement is required
    to be in effect"). A run of non-permitted restricted days that continues across adjacent suspensions is
    one Restricted Sale Date (1(i) "the first date ... on which the Investor is restricted").
    """
    rules = agreement.permitted_suspensions
    ordered = sorted(suspensions, key=lambda s: s.start)
    out: list[SuspensionCheck] = []
    if rules is None:
        used: dict[str | None, int] = {}
        return [_without_rules(agreement, n, s, cal, as_of, in_force, used) for n, s in enumerate(ordered, 1)]
    lim = Limits.of(agreement, cal)
    days_cal, unit = lim.days_cal, lim.unit
    short_notice = agreement.choose(rules.short_notice, in_force)
    overlong = agreement.choose(rules.overlong, in_force)
    episodes = agreement.choose(rules.episodes, in_force)

    previous_end: date | None = None  # last day of the preceding counted suspension
    counted_runs: list[tuple[date, date]] = []
    any_rsd = False
    run: SuspensionCheck | None = None  # the check whose Restricted Sale Date's run reaches the previous day
    w = agreement.words  # the agreement's own defined terms
    run_last: date | None = None
    for n, s in enumerate(ordered, 1):
        kind = s.kind or ""
        last = s.end if s.end is not None else as_of
        removed = s.end + ONE if s.end is not None else None
        if until is not None and s.start > until:
            out.append(SuspensionCheck(n, s, cal.count_inclusive(s.start, last), None, None, True, None, removed,
                                       [f"after the Registration Period ended {until}: it neither starts nor "
                                        f"extends a {w.failure_date}"], [], counted=False))
            continue
        if until is not None and last > until:
            last, removed = until, until + ONE  # restrictions count only through the period's last day
        counted = kind in rules.kinds
        length = (days_cal if counted else cal).count_inclusive(s.start, last)
        notice = None
        if s.notice is not None:
            notice = cal.count_inclusive(s.notice, s.start - ONE) if s.notice < s.start else \
                -cal.count_inclusive(s.start, s.notice - ONE) if s.notice > s.start else 0
        reasons: list[str] = []
        warnings: list[str] = []
        gap = days_cal.count_after(previous_end, s.start) if counted and previous_end is not None else None
        rsd: date | None = s.start
        if not counted:
            permitted = False
            reasons.append(f"a {kind.replace('_', ' ')} is never a {w.permitted_suspension}")
            rsd = _after_grace(agreement, s, last, reasons)
        else:
            blocking = []
            number = lim.count_in_window(s.start, counted_runs)
            if lim.max_count is not None and number > lim.max_count:
                within = f" in the {_window_words(lim.count_window)} to {s.start}" if lim.count_window else ""
                blocking.append(f"{_ordinal(number)} suspension{within}; at most {lim.max_count}")
            if gap is not None and lim.min_gap is not None and gap < lim.min_gap:
                blocking.append(f"begins {_plural(gap, unit)} after the previous one; {lim.min_gap} required")
            beyond, broken = lim.first_beyond(kind, s.start, last, counted_runs)
            if lim.notice_needed is not None and s.notice is None:
                warnings.append("no notice recorded")
            elif lim.notice_needed is not None and notice is not None and notice < lim.notice_needed:
                words = f"notice {_plural(notice, 'business day')} ahead; at least {lim.notice_needed} required " \
                        "if lawful"
                if short_notice == "disqualify":
                    blocking.append(words)
                else:
                    warnings.append(words)
            if s.end is None:
                broken = [b.replace("; at most", " so far; at most", 1) if b[0].isdigit() else b for b in broken]
            permitted = not blocking and beyond is None
            reasons = blocking + broken
            if beyond is not None and not blocking and overlong == "excess":
                # permitted up to the day before the first day beyond the limit, which is the Restricted Sale Date
                rsd = beyond
                reasons.append(f"permitted through {beyond - ONE}; restricted from {rsd}")
            elif permitted:
                rsd = None
            if s.end is None and permitted:
                warnings.append("still open")
            previous_end = last
            counted_runs.append((s.start, last))
        if until is not None and s.end is not None and s.end > until:
            reasons.append(f"restricted days after the Registration Period ended {until} are not counted")
        if rsd is not None and run is not None and run_last is not None and s.start <= run_last + ONE:
            # the same run of restricted days: one Restricted Sale Date, its restrictions removed later
            reasons.append(f"continues the restriction of suspension {run.n} ({w.failure_date} "
                           f"{run.restricted_sale_date or '-'}): not a new {w.failure_date}")
            run.restrictions_removed = removed
            run_last = last
            out.append(SuspensionCheck(n, s, length, gap, notice, permitted, None, removed, reasons, warnings,
                                       counted, False))
            continue
        gives = rsd is not None and (episodes == "each" or not any_rsd)
        if rsd is not None and not gives:
            how = f" (reading {rules.episodes.reading})" if isinstance(rules.episodes, ReadingRef) else ""
            reasons.append(f"not a {w.failure_date}: only the first counts{how}")
        any_rsd = any_rsd or rsd is not None
        check = SuspensionCheck(n, s, length, gap, notice, permitted, rsd if gives else None, removed,
                                reasons, warnings, counted, gives)
        out.append(check)
        run, run_last = (check, last) if rsd is not None else (None, None)
    return out


def trading_calendar(agreement: Agreement) -> BusinessCalendar:
    """The Principal Trading Market's trading days (the agreement's ``trading_calendar``): the one place it is
    resolved."""
    from rrcalc.model.calendars import get_calendar

    return get_calendar(agreement.trading_calendar)


def counting_calendar(agreement: Agreement, cal: BusinessCalendar) -> BusinessCalendar | CalendarDays:
    """The calendar suspension lengths and gaps are counted on: business, trading or calendar days."""
    rules = agreement.permitted_suspensions
    if rules is not None and rules.counting == "trading_days":
        return trading_calendar(agreement)
    if rules is not None and rules.counting == "calendar_days":
        return CALENDAR_DAYS
    return cal


def _after_grace(agreement: Agreement, s: Suspension, last: date, reasons: list[str]) -> date | None:
    """A restriction that is a failure only after lasting more than N consecutive days: its failure date."""
    kind = agreement.suspension_kinds[s.kind or ""]
    if kind.grace_days is None:
        return s.start
    grace = int(agreement.number(kind.grace_days))
    days = (last - s.start).days + 1
    if days <= grace:
        reasons.append(f"lasted {_plural(days, 'day')}, not more than {grace}: no failure")
        return None
    failure = s.start + timedelta(days=grace)
    reasons.append(f"more than {grace} consecutive days: a failure from {failure}")
    return failure


def _ordinal(n: int) -> str:
    words = {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth"}
    if n in words:
        return words[n]
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _without_rules(agreement: Agreement, n: int, s: Suspension, cal: BusinessCalendar, as_of: date,
                   in_force: dict[str, str], used: dict[str | None, int]) -> SuspensionCheck:
    """An agreement with no Permitted Suspension Periods: a kind's own day limit (2001), or none (1998).

    ``used``: the days of each kind so far, for a limit that applies to all restrictions of a kind together.
    """
    last = s.end if s.end is not None else as_of
    length = cal.count_inclusive(s.start, last)
    removed = s.end + ONE if s.end is not None else None
    kind = agreement.suspension_kinds[s.kind or ""]
    days = (last - s.start).days + 1
    reasons: list[str] = []
    warnings: list[str] = []
    extends = None
    if kind.max_days is not None:
        limit = int(agreement.number(kind.max_days))
        open_words = " so far" if s.end is None else ""
        if agreement.choose(kind.max_days_applies, in_force) == "total":
            before = used.get(s.kind, 0)
            permitted = before + days <= limit
            choice = kind.max_days_applies
            how = f" (reading {choice.reading})" if not isinstance(choice, str) else ""
            if before == 0:
                reasons.append(f"{_plural(days, 'day')}{open_words}; at most {limit}" if not permitted else
                               f"{_plural(days, 'day')}{open_words}, within {limit}")
            else:
                reasons.append(f"{_plural(days, 'day')}{open_words}, {before + days} with the earlier ones; at "
                               f"most {limit} in all{how}")
            if permitted:
                used[s.kind] = before + days
        else:
            permitted = days <= limit
            reasons.append(f"{_plural(days, 'day')}{open_words}; at most {limit}" if not permitted else
                           f"{_plural(days, 'day')}{open_words}, within {limit}")
        if kind.extends_effectiveness:
            extends = days
            reasons.append(f"extends the effectiveness period by {_plural(days, 'day')}")
    else:
        permitted = False
        tracks = [tid for tid, t in agreement.tracks.items() if t.occurs == "suspension" and s.kind in t.kinds]
        reasons.append("the agreement permits no suspension" + (
            f"; its days count toward {', '.join(tracks)}" if tracks else ""))
    check = SuspensionCheck(n, s, length, None, None, permitted, None, removed, reasons, warnings, counted=False)
    check.calendar_days = days
    check.extends_effectiveness_by = extends
    return check


@dataclass
class NextSuspension:
    """What counsel asks before calling a blackout: when it may start, how long it may run, what is left."""

    earliest_start: date
    latest_end: date  # the last day of a suspension of the longest permitted length starting then
    remaining: int  # permitted suspensions still available (-1: no limit on their number)
    max_business_days: int
    reasons: list[str]


def plan_next(agreement: Agreement, checks: list[SuspensionCheck], cal: BusinessCalendar, as_of: date,
              effective: date | None) -> NextSuspension:
    """The earliest permitted start of a new suspension (notice given on ``as_of``), and its longest end."""
    rules = agreement.permitted_suspensions
    if rules is None:
        raise ValueError("no permitted suspensions")
    lim = Limits.of(agreement, cal)
    days_cal, unit = lim.days_cal, lim.unit
    notice_needed = lim.notice_needed or 0
    counted = [c for c in checks if c.counted]
    reasons = []
    # Notice given on the as-of date: the start must leave `notice_needed` business days, the notice day
    # included, before it (3(h) "at least two (2) business days' notice").
    start = as_of + ONE
    while cal.count_inclusive(as_of, start - ONE) < notice_needed:
        start += ONE
    if notice_needed:
        reasons.append(f"notice given on {as_of}: {notice_needed} business days' notice means starting on {start} "
                       "or later")
    if counted:
        last = counted[-1].suspension
        if last.end is None:
            raise ValueError(f"suspension {counted[-1].n} is still open")
        if lim.min_gap is not None:
            gap_start = days_cal.add(last.end, lim.min_gap)
            reasons.append(f"the previous suspension ended {last.end}: the {_ordinal(lim.min_gap)} {unit} after it "
                           f"is {gap_start}")
            start = max(start, gap_start)
    if effective is not None and start < effective:
        start = effective
        reasons.append(f"not before the effective date {effective}")
    prior = [(c.suspension.start, c.suspension.end or as_of) for c in counted]
    if lim.count_window is not None and lim.max_count is not None:
        while lim.count_in_window(start, prior) > lim.max_count:  # wait until the oldest leaves the window
            start += ONE
    # the longest run from `start` that breaks no limit on length, a kind's days or a rolling total
    horizon = min(start + timedelta(days=3 * 366), date(LAST_YEAR, 12, 31))  # never past the calendars' years
    beyond, _ = lim.first_beyond(rules.kinds[0], start, horizon, prior)
    latest_end = (beyond - ONE) if beyond is not None else horizon
    longest = days_cal.count_inclusive(start, latest_end)
    reasons.append(f"at most {longest} {unit}s: from {start} through {latest_end}")
    if lim.max_count is None:
        remaining = -1
        reasons.append(f"{len(counted)} used; no limit on their number")
    else:
        used = lim.count_in_window(start, prior) - 1
        remaining = max(0, lim.max_count - used)
        within = f" in the {_window_words(lim.count_window)} to {start}" if lim.count_window else ""
        reasons.append(f"{used} of {lim.max_count} suspensions used{within}; {remaining} left")
    return NextSuspension(start, latest_end, remaining, longest, reasons)
