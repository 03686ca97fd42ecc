"""Periodic Amounts: the generic accrual engine, driven by each agreement's ``tracks`` (its YAML).

For each track it finds the occurrences (a missed deadline, each Restricted Sale Date, each suspension),
cuts each into periods (:mod:`rrcalc.engine.periods`), and prices each period for each Investor:

    amount = base × rate% × days / 30, rounded to cents half-up      (2002/2003 2(b)(iii), prorated)
    amount = base × rate%                                             (1998 2(c), "or portion thereof")

where the base is the Investor's Held Shares Value (or, for 1998, Aggregate Share Price) at the period's
first day: the purchase price less the purchase price of shares sold before that day. Payment dates
follow the track's rule (docs/conventions.md#payment-timing; 1998: five days after each period). No branch
here looks at an agreement's id: every number, date and choice comes from the agreement's terms, readings and
the facts.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any, cast

from rrcalc.engine import amounts, schedules
from rrcalc.engine.deadlines import Evaluator
from rrcalc.engine.money import add, cents, exact_product, exact_quotient, percent, sub, total
from rrcalc.engine.periods import (
    ONE,
    Period,
    Runs,
    boundary_periods,
    computation_periods,
    consecutive_periods,
    monthly_periods,
    subtract,
)
from rrcalc.engine.suspensions import SuspensionCheck
from rrcalc.model.agreement import Agreement, Track
from rrcalc.model.calendars import BusinessCalendar
from rrcalc.model.facts import Facts, FactsBody, Investor, PaymentMade
from rrcalc.model.vocabulary import RUN_SCHEDULES


@dataclass
class Occurrence:
    """One trigger of a track: from T (exclusive) to the cure C, cut into periods."""

    track_id: str
    n: int
    trigger: date
    cure: date | None  # None: not cured by the as-of date
    basis: str
    periods: list[Period]
    payment_dates: list[date | None] = field(default_factory=list)  # one per period
    payment_notes: list[str] = field(default_factory=list)  # one per period: how its payment date was moved
    election_deadlines: list[date | None] = field(default_factory=list)  # one per period, if the track has one
    holes: Runs = field(default_factory=list)  # days that pay under a prevailing track (precedence)
    origin: date | None = None  # where a step-up's clock starts


@dataclass(slots=True)
class AmountRow:
    """One Periodic Amount for one Investor."""

    investor: str
    track: str
    occurrence: int
    period: Period
    rate_pct: Decimal
    base: Decimal
    amount: Decimal
    payment_due: date | None
    rule: str
    interest: Decimal | None = None  # on a late payment, to the day paid or the as-of date
    election_deadline: date | None = None  # the last day of the Investor's election for this amount


@dataclass
class PenaltyResult:
    occurrences: list[Occurrence]
    rows: list[AmountRow]
    warnings: list[str]
    suspensions: list[SuspensionCheck]

    def totals(self) -> dict[str, Decimal]:
        out: dict[str, list[Decimal]] = {}
        for r in self.rows:
            out.setdefault(r.investor, []).append(r.amount)
        return {k: total(v) for k, v in out.items()}

    @property
    def total(self) -> Decimal:
        return total([r.amount for r in self.rows])


class PenaltyEngine:
    """Computes every track of one agreement for one set of facts."""

    def __init__(self, agreement: Agreement, facts: Facts, cal: BusinessCalendar, in_force: dict[str, str],
                 as_of: date):
        self.a = agreement
        self.facts = facts
        self.events = facts.events
        self.cal = cal
        self.in_force = in_force
        self.as_of = as_of
        self.ev = Evaluator(agreement, self.events, cal, in_force, frozenset(facts.derived),
                            facts.body.suspensions, as_of)
        self.excluded: Runs = sorted((d.start, d.end) for d in facts.body.investor_delays)
        self.warnings: list[str] = []
        self.suspension_checks = self.ev.suspension_checks()  # the scenario's one judgement of the suspensions
        self.claimed: list[tuple[str, Runs]] = []  # days each consecutive-period track counted, in track order

    def when(self, name: str | None) -> date | None:
        """The date of an event or obligation, if the facts determine it."""
        if name is None:
            return None
        return self.ev.anchor(name).date

    # -- occurrences -------------------------------------------------------------------------------
    def occurrences(self, tid: str, t: Track) -> list[Occurrence]:
        if t.occurs == "deadline_missed":
            return self._deadline_missed(tid, t)
        if t.occurs == "restricted_sale":
            return self._restricted_sales(tid, t)
        return self._suspension_days(tid, t)

    def _period_days(self, t: Track) -> int:
        return int(self.a.number(t.period_days or ""))  # given for these periods (Track.check)

    def _cut(self, t: Track, trigger: date, cure: date | None, runs: Runs | None = None,
             open_end: bool = False) -> list[Period]:
        if t.periods == "computation_dates":
            literal = self.a.choose(t.first_period_cure, self.in_force) == "literal"
            return computation_periods(trigger, cure, self.as_of, self._period_days(t), literal, self.excluded)
        if t.periods == "monthly":
            counts = self.a.choose(t.cure_day_counts, self.in_force) == "counted"
            return monthly_periods(trigger, cure, self.as_of, counts, self.excluded)
        if t.periods in BOUNDED:
            open_end = bool(runs and runs[-1][1] >= self.as_of and open_end)
            reason = "month" if t.periods == "calendar_months" else "payment_date"
            return boundary_periods(runs or [], schedules.boundary_function(self.a, t), open_end, reason,
                                    self.excluded)
        return consecutive_periods(subtract(runs or [], self.excluded), self._period_days(t), open_end)

    def _deadline_missed(self, tid: str, t: Track) -> list[Occurrence]:
        ob = self.ev.obligation(t.deadline or "")
        if ob.date is None:
            self.warnings.append(f"{tid}: the {t.deadline} is not determined ({ob.basis}); nothing computed")
            return []
        trigger = ob.date
        cure_value = self.events.get(t.cure or "")
        cure = cure_value if isinstance(cure_value, date) and not isinstance(cure_value, bool) else None
        cured = cure is not None and cure <= self.as_of
        basis = f"{t.deadline} {trigger} ({ob.basis}); " + (
            f"cured: {t.cure} {cure}" if cured else f"not cured by {self.as_of} ({t.cure} "
                                                   + (f"{cure})" if cure else "not given)"))
        if cure is not None and cure <= trigger:
            return []  # met on time: no failure
        runs: Runs = []
        if t.periods in RUN_PERIODS:
            counts = self.a.choose(t.cure_day_counts, self.in_force) == "counted"
            last = (cure if counts else cure - ONE) if cured and cure else self.as_of
            runs, note = self._runs(tid, t, trigger + ONE, last)
            basis += note
        periods = self._cut(t, trigger, cure if cured else None, runs, not cured)
        return [Occurrence(tid, 1, trigger, cure if cured else None, basis, periods)] if periods else []

    def _runs(self, tid: str, t: Track, first: date, last: date) -> tuple[Runs, str]:
        """The days of failure ``first``..``last`` that count under the track, the one path for every run-based
        occurrence: only those after ``after`` and before ``before`` (and by the as-of date), and under overlap
        count_once not those an earlier track counted; with a note of the days not counted again."""
        return self._overlap(tid, t, self._clip([(first, last)], t))

    def _overlap(self, tid: str, t: Track, runs: Runs) -> tuple[Runs, str]:
        """Claim ``runs`` for this track; under overlap count_once, without the days earlier tracks counted."""
        note = ""
        if self.a.choose(t.overlap, self.in_force) == "count_once":
            dropped = []
            for other, theirs in self.claimed:
                kept = subtract(runs, theirs)
                n = sum((b - a).days + 1 for a, b in runs) - sum((b - a).days + 1 for a, b in kept)
                if n:
                    dropped.append(f"{n} day(s) already counted under {other}")
                runs = kept
            if dropped:
                how = f"reading {t.overlap.reading}" if not isinstance(t.overlap, str) else "overlap count_once"
                note = f"; not counted again: {', '.join(dropped)} ({how})"
        self.claimed.append((tid, runs))
        return runs, note

    def _clip(self, runs: Runs, t: Track) -> Runs:
        after, before = self.when(t.after), self.when(self.a.choose_optional(t.before, self.in_force))
        out = []
        for a, b in runs:
            if after is not None:
                a = max(a, after + ONE)
            if before is not None:
                b = min(b, before - ONE)
            b = min(b, self.as_of)
            if a <= b:
                out.append((a, b))
        return out

    def _suspension_days(self, tid: str, t: Track) -> list[Occurrence]:
        chosen = [s for s in sorted(self.facts.body.suspensions, key=lambda s: s.start) if s.kind in t.kinds]
        pieces: list[tuple[Runs, bool, str, date]] = []
        for s in chosen:
            runs, note = self._runs(tid, t, s.start, s.end if s.end is not None else self.as_of)
            if not runs:
                continue
            open_end = s.end is None or s.end > self.as_of
            words = f"{s.kind} {s.start} to " + (f"{s.end}" if s.end else "(still open)") + note
            pieces.append((runs, open_end, words, runs[0][0]))
        if not pieces:
            return []
        if self.a.choose(t.occurrences, self.in_force) == "aggregate":
            runs = [r for p in pieces for r in p[0]]
            words = "all suspensions together: " + "; ".join(p[2] for p in pieces)
            pieces = [(runs, pieces[-1][1], words, runs[0][0])]
        out = []
        for n, (runs, open_end, words, first) in enumerate(pieces, 1):
            periods = consecutive_periods(subtract(runs, self.excluded), self._period_days(t), open_end)
            if periods:
                out.append(Occurrence(tid, n, first - ONE, None if open_end else runs[-1][1], words, periods))
        return out

    def _restricted_sales(self, tid: str, t: Track) -> list[Occurrence]:
        anchor = self.when(t.window_from)
        candidates = [c for c in self.suspension_checks if c.gives_occurrence and c.restricted_sale_date]
        if not candidates:
            return []
        if t.window_from is None:
            return self._restricted_runs(tid, t, candidates, None, "")
        if anchor is None:
            self.warnings.append(
                f"{tid}: {t.window_from} is not determined by the facts, so the "
                f"{self.a.number(t.window_days or '')}-day window for {self.a.words.failure_date}s cannot be placed; "
                "nothing computed for this track")
            return []
        window_end = self.window_end(t)
        assert window_end is not None
        inside = [c for c in candidates if c.restricted_sale_date and c.restricted_sale_date <= window_end]
        # outside the window: no Periodic Amount (`suspensions` still reports it)
        return self._restricted_runs(tid, t, inside, window_end,
                                     f", within {self.a.number(t.window_days or '')} days after {t.window_from} "
                                     f"{anchor}")

    def _restricted_runs(self, tid: str, t: Track, checks: list[SuspensionCheck], window_end: date | None,
                         within: str) -> list[Occurrence]:
        out: list[Occurrence] = []
        for c in checks:
            rsd = c.restricted_sale_date
            assert rsd is not None
            cure = c.restrictions_removed if c.restrictions_removed and c.restrictions_removed <= self.as_of \
                else None
            basis = (f"{self.a.words.failure_date} {rsd} (suspension {c.n}: {'; '.join(c.reasons)}){within}; "
                     + (f"restrictions removed {cure}" if cure else f"still restricted on {self.as_of}"))
            runs: Runs = []
            if t.periods in RUN_PERIODS:
                runs, note = self._runs(tid, t, rsd, (cure - ONE) if cure else self.as_of)
                basis += note
            # monthly periods start on the first day of failure, the Restricted Sale Date itself
            trigger = rsd - ONE if t.periods == "monthly" else rsd
            periods = self._cut(t, trigger, cure, runs, cure is None)
            if periods:
                out.append(Occurrence(tid, len(out) + 1, trigger, cure, basis, periods))
        return out

    def synthetic(self, tid: str, t: Track, days: int) -> Occurrence:
        """An occurrence of ``days`` counted days of failure, cured right after them, cut by the track's own rule
        (for the rate examples: what N days cost)."""
        fixed = self.ev.obligation(t.deadline).date if t.occurs == "deadline_missed" and t.deadline else None
        # the track's own deadline where the agreement alone fixes it (monthly periods depend on the month);
        # else any date: the amounts depend on day counts only
        trigger = fixed or date(2010, 1, 4)
        first, last = trigger + ONE, trigger + timedelta(days=days)
        counts = self.a.choose(t.cure_day_counts, self.in_force) == "counted"
        if t.periods == "computation_dates":
            cure = last
            periods = self._cut(t, trigger, cure)
        else:
            cure = last if counts else last + ONE
            periods = self._cut(t, trigger, cure, [(first, last)], False)
        return Occurrence(tid, 1, trigger, cure, f"{days} days of failure, cured after the last of them", periods)

    def window_end(self, t: Track) -> date | None:
        """The last day of a restricted_sale track's window: ``window_days`` after ``window_from`` (None: no window,
        or the facts do not place it)."""
        anchor = self.when(t.window_from) if t.occurs == "restricted_sale" else None
        return anchor + timedelta(days=int(self.a.number(t.window_days or ""))) if anchor is not None else None

    def windows(self) -> dict[str, date]:
        """The last day of each restricted_sale track's window, where the facts place it."""
        return {tid: end for tid, t in self.a.tracks.items() if (end := self.window_end(t)) is not None}

    # -- payment dates ------------------------------------------------------------------------------
    def payment_dates(self, t: Track, occ: Occurrence) -> list[date | None]:
        p = t.payment
        if p.way() in schedules.SCHEDULE_WAYS:
            return schedules.due_dates(self.a, t, occ.periods, self.cal)
        if p.business_days_after_accrual is not None:
            n_bd = int(self.a.number(p.business_days_after_accrual))
            return [self.cal.add(per.computation_date or per.start, n_bd) for per in occ.periods]
        if p.days_after_period_end is not None:
            n = timedelta(days=int(self.a.number(p.days_after_period_end)))
            return [per.natural_end + n for per in occ.periods]
        first = occ.trigger + timedelta(days=int(self.a.number(p.first_days or "")))
        cap = self.cal.add(occ.cure, int(self.a.number(p.after_cure_business_days or ""))) if occ.cure else None
        step = self._period_days(t)
        # accruing: its Computation Date as if no cure came (the period's natural end)
        return [_payable(per.computation_date or per.natural_end, first, None if per.status == "accruing" else cap,
                         step) for per in occ.periods]

    def _payments(self, t: Track, occ: Occurrence) -> None:
        """Payment dates (moved off non-business days where every due date moves) and election deadlines."""
        occ.payment_dates = self.payment_dates(t, occ)
        occ.payment_notes = [""] * len(occ.periods)
        if self.ev.roll_due_dates:
            for i, due in enumerate(occ.payment_dates):
                if due is not None and not self.cal.is_business_day(due):
                    occ.payment_dates[i] = self.cal.roll_forward(due)
                    occ.payment_notes[i] = (f"; payable {occ.payment_dates[i]}, moved from {due} (not a business "
                                            f"day; {self.ev.roll_words()})")
        e = t.election
        if e is None:
            return
        n = int(self.a.number(e.business_days))
        after = self.a.choose(e.after, self.in_force)
        for i, (per, due) in enumerate(zip(occ.periods, occ.payment_dates, strict=True)):
            anchor = due if after == "payment_due" else per.natural_end
            deadline = self.cal.add(anchor, n) if anchor is not None else None
            occ.election_deadlines.append(deadline)
            how = f"reading {e.after.reading}={after}" if not isinstance(e.after, str) else after
            occ.payment_notes[i] += (f"; {e.label}: by {deadline}, {n} business days after {anchor} ({how}; "
                                     f"§{e.reference.section})")

    # -- everything ---------------------------------------------------------------------------------
    def run(self) -> PenaltyResult:
        occurrences: list[Occurrence] = []
        rows: list[AmountRow] = []
        investors = sorted(self.facts.body.investors, key=lambda i: i.name)
        found = {tid: self.occurrences(tid, t) for tid, t in self.a.tracks.items()}
        amounts.resolve_precedence(self.a, found, self.excluded, self.cal, self.in_force)
        for tid, t in self.a.tracks.items():
            hsv_name = self.a.choose_optional(t.held_shares_value_after, self.in_force)
            hsv_from = self.when(hsv_name) if hsv_name else None
            for occ in found[tid]:
                self._payments(t, occ)
                occurrences.append(occ)
                for inv in investors:
                    for i, (per, due) in enumerate(zip(occ.periods, occ.payment_dates, strict=True)):
                        row = self.price(tid, t, occ, per, due, inv, hsv_name, hsv_from)
                        row.rule = shared(row.rule + occ.payment_notes[i])
                        if occ.election_deadlines:
                            row.election_deadline = occ.election_deadlines[i]
                        rows.append(row)
        order = {tid: n for n, tid in enumerate(self.a.tracks)}
        rows.sort(key=lambda r: (r.investor, order[r.track], r.occurrence, r.period.n))
        if self.a.payment_cap is not None:
            amounts.apply_cap(self.a, rows, self.facts.body.investors, self.in_force)
        if self.a.late_interest is not None:
            self._interest(rows)
        for paid_to, credit in (credits(rows, self.facts.body.payments) if self.facts.body.payments else {}).items():
            self.warnings.append(f"payments to {paid_to} exceed every amount they settle to the as-of date "
                                 f"{self.as_of} by {credit:,}: the Company has a credit of {credit:,}, applied to no "
                                 "amount")
        return PenaltyResult(occurrences, rows, self.warnings, self.suspension_checks)

    def _interest(self, rows: list[AmountRow]) -> None:
        """Interest on each amount not paid when due: each slice bears interest from the due date to the day it was
        paid (a payment in the facts), what is still unpaid to the as-of date; summed exactly, rounded once per
        amount to cents half-up ("bears interest ... until paid")."""
        rule = self.a.late_interest
        assert rule is not None
        rate, per_days = self.a.number(rule.rate), int(self.a.number(rule.period_days))
        for s in settle(rows, self.facts.body.payments):
            r, due = s.row, s.row.payment_due
            assert due is not None  # settle() gives only rows with a payment date
            # a payment dated after the as-of date is not yet made then: that slice is still outstanding
            parts = [(amount, min(day, self.as_of), f"paid {day}") for day, amount in s.slices]
            if s.owed > 0:
                parts.append((s.owed, self.as_of, f"unpaid at {self.as_of}"))
            accrued, words = [], []
            for amount, until, how in parts:
                late = (until - due).days
                if late > 0 and amount > 0:
                    accrued.append(exact_quotient(exact_product(amount, rate, Decimal(late)), 100 * per_days))
                    words.append(f"{amount} × {rate}% × {late}/{per_days} ({how})")
            r.interest = cents(add(accrued))
            if words:
                r.rule += f"; interest from {due}: {' + '.join(words)} = {r.interest} (§{rule.reference.section})"

    def price(self, tid: str, t: Track, occ: Occurrence, per: Period, due: date | None, inv: Investor,
              hsv_name: str | None = None, hsv_from: date | None = None) -> AmountRow:
        """One period's amount for one Investor, priced by :func:`rrcalc.engine.amounts.price_period` (the one pricer),
        with its payment's record date where the track pays holders of record."""
        amount, rate, base, how = amounts.price_period(self.a, t, occ, per, inv, self.excluded, hsv_name, hsv_from,
                                                       self.cal, self.in_force)
        record = schedules.record_date(self.a, t, due) if due is not None else None
        if record is not None:
            how += f"; paid on {due} to the holders of record on {record}"
        return AmountRow(inv.name, tid, occ.n, per, rate, base, amount, due, f"{how} (§{t.reference.section})")


#: Rule texts already made, shared: a large deal's Investors mostly have the same working for a period (a text costs
#: about 150 bytes a row). Emptied when full.
_TEXTS: dict[str, str] = {}
_TEXTS_MAX = 4096


def shared(text: str) -> str:
    """``text``, or the equal text already made."""
    if len(_TEXTS) >= _TEXTS_MAX:
        _TEXTS.clear()
    return _TEXTS.setdefault(text, text)


#: Periods cut from runs of failure days (rrcalc.model.vocabulary.PERIOD_SCHEDULES).
RUN_PERIODS = RUN_SCHEDULES
BOUNDED = tuple(s for s in RUN_SCHEDULES if s != "consecutive")


@dataclass
class Settlement:
    """How the Investor's payments settled one amount: the slices paid (day, amount) and what is still owed."""

    row: AmountRow
    owed: Decimal  # still unpaid after every payment in the facts
    slices: list[tuple[date, Decimal]]  # the parts of the amount paid, each with its day, in the order applied

    @property
    def paid_on(self) -> date | None:
        """The day of the last payment applied to the amount (None: nothing paid)."""
        return self.slices[-1][0] if self.slices else None

    def __iter__(self) -> Iterator[Any]:  # (row, owed, paid_on), as callers that only need the last payment day
        # unpack it
        return iter((self.row, self.owed, self.paid_on))


def settle(rows: list[AmountRow], payments: list[PaymentMade]) -> list[Settlement]:
    """Apply each Investor's payments to its amounts in the order they fall due (earliest payment date first;
    amounts due on one day in the order given: the engine's is track order in the YAML, occurrence, period).

    Returns, for every row with a payment date, the slices of it paid (day, amount) and what is still owed.
    """
    paid: dict[str, list[tuple[date, Decimal]]] = {}
    for p in sorted(payments, key=lambda p: p.date):
        paid.setdefault(p.investor, []).append((p.date, p.amount))
    out = []
    for inv in sorted({r.investor for r in rows}):
        mine = sorted((r for r in rows if r.investor == inv and r.payment_due is not None),
                      key=lambda r: cast(date, r.payment_due))  # stable: ties keep the order given
        queue = list(paid.get(inv, []))
        for r in mine:
            owed, slices = r.amount, []
            while owed > 0 and queue:  # payments settle amounts in the order they fall due
                day, amount = queue[0]
                used = min(owed, amount)
                owed = sub(owed, used)
                slices.append((day, used))
                if used == amount:
                    queue.pop(0)
                else:
                    queue[0] = (day, sub(amount, used))
            out.append(Settlement(r, owed, slices))
    return out


def credits(rows: list[AmountRow], payments: list[PaymentMade]) -> dict[str, Decimal]:
    """What each Investor was paid beyond every amount its payments settle (:func:`settle`), by Investor: the
    Company's credit. A payment larger than what is owed is neither refused (whether it exceeds depends on the
    readings and the as-of date, and a what-if must still run) nor lost: what it settles is shown paid, the rest is
    this credit, which the engine applies to nothing further."""
    paid: dict[str, list[Decimal]] = {}
    for p in payments:
        paid.setdefault(p.investor, []).append(p.amount)
    settled: dict[str, list[Decimal]] = {}
    for s in settle(rows, payments):
        settled.setdefault(s.row.investor, []).extend(amount for _, amount in s.slices)
    out: dict[str, Decimal] = {}
    for inv, amounts_paid in sorted(paid.items()):
        left = sub(total(amounts_paid), total(settled.get(inv, [])))
        if left > 0:
            out[inv] = left
    return out


def _payable(cd: date, first: date, cap: date | None, step: int) -> date:
    """The earliest payment-schedule date on or after ``cd`` (2002/2003 2(b)(iv); docs/conventions.md#payment-timing).

    The schedule is s1 = ``first``, then each next = the earlier of (previous + ``step`` days) and ``cap``
    (the third business day after the cure) while that is later than the previous date. When the schedule
    has ended before ``cd`` (only under the reading first_period_cure=literal, whose first Computation Date
    can fall after the cure), the amount is payable on its Computation Date, the day it is fixed.
    """
    if cd <= first:
        return first
    k = -(-(cd - first).days // step)  # ceil
    candidate = first + timedelta(days=step * k)
    if cap is None:
        return candidate
    if cap <= first:
        return cd
    if candidate < cap:
        return candidate
    return cap if cd <= cap else cd


def compute(agreement: Agreement, facts: Facts, cal: BusinessCalendar, in_force: dict[str, str],
            as_of: date) -> PenaltyResult:
    """Every Periodic Amount the facts give under ``agreement``."""
    return PenaltyEngine(agreement, facts, cal, in_force, as_of).run()


EXAMPLE_DAYS = (30, 45, 60, 90, 180)
PER_MILLION = Decimal("1000000.00")


@dataclass
class ExampleRow:
    track: str
    days: int
    periods: int
    amount: Decimal
    percent_of_base: Decimal
    working: str
    first_day: date
    last_day: date


def examples(agreement: Agreement, cal: BusinessCalendar, in_force: dict[str, str],
             days_list: tuple[int, ...] = EXAMPLE_DAYS) -> list[ExampleRow]:
    """What each track costs per $1,000,000 for ``days`` days of failure (no sales, cured after the last of
    them), priced by the engine itself: the same cutting, rates, proration and cap as for a real deal."""
    rows = []
    for tid, t in agreement.tracks.items():
        for days in days_list:
            investor = Investor("example", PER_MILLION, principal=PER_MILLION)
            engine = PenaltyEngine(agreement, Facts(FactsBody(investors=[investor])), cal, in_force,
                                   date(2035, 12, 31))
            occ = engine.synthetic(tid, t, days)
            occ.payment_dates = engine.payment_dates(t, occ)
            priced = [engine.price(tid, t, occ, per, due, investor)
                      for per, due in zip(occ.periods, occ.payment_dates, strict=True)]
            if agreement.payment_cap is not None:
                amounts.apply_cap(agreement, priced, [investor], in_force)
            amount = total([r.amount for r in priced])
            working = " + ".join(r.rule.rsplit(" (§", 1)[0].replace(f" × {PER_MILLION}", "") for r in priced)
            rows.append(ExampleRow(tid, days, len(occ.periods), amount,
                                   percent(amount, PER_MILLION), working,
                                   occ.periods[0].start, occ.periods[-1].end))
    return rows
