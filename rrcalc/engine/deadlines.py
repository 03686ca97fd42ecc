"""Dated obligations: evaluate each obligation's date rule (agreement YAML) against the facts.

The rules are data (:class:`rrcalc.model.agreement.DateRule`); this module only knows SPEC §2's conventions:
- "N days after X": X + N calendar days;
- "N business days after X": the N-th business day after X, X itself never counted (negative: before);
- "N months/years after X": the same day number, or the month's last day where it does not exist,
  flagged as an adjustment;
- a computed date is not moved off a weekend or holiday unless the rule says ``roll`` (flagged).
Every date comes with its basis in words, so each figure can be explained.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from rrcalc.model.agreement import AGREEMENT_DATE, Agreement, DateRule, Obligation
from rrcalc.model.calendars import SAT, BusinessCalendar

#: The reading (SPEC §2, "non-business due dates") under which every due date moves off non-business days.
DUE_DATE_ROLL = "due_date_roll"


@dataclass
class Dated:
    """A computed date with its explanation."""

    date: date | None
    basis: str
    flags: list[str] = field(default_factory=list)


@dataclass
class DeadlineRow:
    """One obligation evaluated against the facts."""

    id: str
    obligation: Obligation
    due: date | None
    basis: str
    status: str  # met, missed, open, unknown, not_applicable
    flags: list[str]


def _plural(n: int, unit: str) -> str:
    return f"{n} {unit if n == 1 else unit + 's'}"


class Evaluator:
    """Evaluates date rules for one agreement, one set of facts and one calendar."""

    def __init__(self, agreement: Agreement, events: dict[str, date | bool], calendar: BusinessCalendar,
                 roll_due_dates: bool = False, derived: frozenset[str] = frozenset()):
        self.agreement = agreement
        self.derived = derived
        self.roll_due_dates = roll_due_dates
        self.events = events
        self.calendar = calendar
        self._done: dict[str, Dated] = {}
        self._busy: set[str] = set()

    # -- anchors ----------------------------------------------------------------------------------
    def anchor(self, name: str) -> Dated:
        if name == AGREEMENT_DATE:
            return Dated(self.agreement.date, f"the agreement date {self.agreement.date}")
        if name in self.agreement.events:
            value = self.events.get(name)
            if isinstance(value, date):
                how = " (derived from the Investors' sales)" if name in self.derived else ""
                return Dated(value, f"{name} {value}{how}")
            return Dated(None, f"{name} (not given)")
        inner = self.obligation(name)
        if inner.date is None:
            return Dated(None, f"{name} ({inner.basis})")
        return Dated(inner.date, f"{name} {inner.date}", inner.flags)

    def obligation(self, oid: str) -> Dated:
        if oid in self._done:
            return self._done[oid]
        if oid in self._busy:
            raise ValueError(f"obligation '{oid}' depends on itself")
        self._busy.add(oid)
        ob = self.agreement.obligations[oid]
        rule, via = self.select(ob)
        if rule is None:
            result = Dated(None, f"applies only when {ob.when} is given")
        else:
            d = self.rule(rule)
            result = Dated(d.date, f"{d.basis}{via}", d.flags)
            if self.roll_due_dates and ob.kind == "deadline" and d.date is not None \
                    and not self.calendar.is_business_day(d.date):
                moved = self.calendar.roll_forward(d.date)
                result = Dated(moved, f"{result.basis}, moved from {d.date} to the next business day "
                                      f"(reading {DUE_DATE_ROLL}=next_business_day)",
                               [*d.flags, f"rolled from {d.date}"])
        self._busy.discard(oid)
        self._done[oid] = result
        return result

    def given(self, name: str) -> bool:
        value = self.events.get(name)
        return value is True or (isinstance(value, date) and not isinstance(value, bool))

    def select(self, ob: Obligation) -> tuple[DateRule | None, str]:
        """The rule that applies: the first case whose event is given, else the main rule."""
        if ob.when is not None and not self.given(ob.when):
            return None, ""
        for case in ob.cases:
            if self.given(case.when):
                value = self.events[case.when]
                fact = f"{case.when} {value}" if isinstance(value, date) else case.when
                return case.rule, f" (as {fact})"
        return ob.rule, ""

    # -- rules ------------------------------------------------------------------------------------
    def rule(self, rule: DateRule) -> Dated:
        if rule.on is not None or rule.anchor is not None:
            result = self._offset(rule)
        else:
            result = self._extreme(rule)
        return self._roll(rule, result)

    def _offset(self, rule: DateRule) -> Dated:
        base = Dated(rule.on, f"fixed date {rule.on}") if rule.on is not None else self.anchor(rule.anchor or "")
        cal = self.calendar
        if rule.days is not None:
            n, unit = rule.days, "day"
        elif rule.business_days is not None:
            n, unit = rule.business_days, "business day"
        elif rule.months is not None:
            n, unit = rule.months, "month"
        elif rule.years is not None:
            n, unit = rule.years, "year"
        else:
            return base
        words = f"{_plural(abs(n), unit)} {'after' if n >= 0 else 'before'} {base.basis}"
        if base.date is None:
            return Dated(None, words)
        flags = list(base.flags)
        if unit == "day":
            d = base.date + timedelta(days=n)
        elif unit == "business day":
            d = cal.add(base.date, n)
        else:
            d = base.date + (relativedelta(months=n) if unit == "month" else relativedelta(years=n))
            if d.day != base.date.day:
                flags.append(f"month-end adjusted: {base.date.day} does not exist in {d:%B %Y}, so {d}")
        return Dated(d, words, flags)

    def _extreme(self, rule: DateRule) -> Dated:
        earliest = rule.earliest_of is not None
        subs = [self.rule(r) for r in (rule.earliest_of if earliest else rule.latest_of) or []]
        known = [s for s in subs if s.date is not None]
        word = "earliest" if earliest else "latest"
        listing = "; ".join(s.basis + (f" = {s.date}" if s.date else "") for s in subs)
        if not known:
            return Dated(None, f"{word} of: {listing}")
        pick = (min if earliest else max)(known, key=lambda s: s.date)  # type: ignore[arg-type, return-value]
        flags = list(pick.flags)
        if len(known) < len(subs):
            flags.append(f"{word} of the dates the facts determine so far")
        return Dated(pick.date, f"{word} of: {listing}", flags)

    def _roll(self, rule: DateRule, d: Dated) -> Dated:
        if d.date is None or rule.roll == "none":
            return d
        weekend_only = rule.roll == "next_business_day_if_weekend"
        if weekend_only and d.date.weekday() < SAT:
            return d
        moved = self.calendar.roll_forward(d.date)
        if moved == d.date:
            return d
        why = "a weekend" if d.date.weekday() >= SAT else "not a business day"
        return Dated(moved, d.basis + f", moved from {d.date} ({why}) to the next business day",
                     [*d.flags, f"rolled from {d.date}"])


def evaluate(agreement: Agreement, events: dict[str, date | bool], calendar: BusinessCalendar,
             as_of: date, readings: dict[str, str] | None = None,
             derived: frozenset[str] = frozenset()) -> list[DeadlineRow]:
    """Every obligation of ``agreement``, with its due date, basis and status at ``as_of``.

    Status is ``missed`` only when the facts say so: with no facts at all, a passed deadline whose
    fulfilling event is not given is ``unknown``.
    """
    roll_all = (readings or {}).get(DUE_DATE_ROLL) == "next_business_day"
    ev = Evaluator(agreement, events, calendar, roll_all, derived)
    rows = []
    for oid, ob in agreement.obligations.items():
        dated = ev.obligation(oid)
        flags = list(dated.flags)
        if dated.date is not None and not calendar.is_business_day(dated.date):
            holiday = calendar.holiday_name(dated.date)
            flags.append(f"not a business day ({holiday or dated.date.strftime('%A')})")
        rows.append(DeadlineRow(oid, ob, dated.date, dated.basis,
                                _status(ev, ob, dated.date, as_of, bool(events)), flags))
    return rows


def _status(ev: Evaluator, ob: Obligation, due: date | None, as_of: date, facts_given: bool) -> str:
    """met / missed / open for a deadline; unknown when the facts do not determine it."""
    rule, _ = ev.select(ob)
    if rule is None:
        return "not_applicable"
    if due is None:
        return "unknown"
    if ob.kind in ("earliest", "window_start"):
        return "open" if as_of < due else "met"  # the day has come
    if ob.kind != "deadline":
        return "open" if as_of <= due else "met"  # the period or date has run
    done = ev.events.get(ob.met_by) if ob.met_by else None
    if isinstance(done, date):
        return "met" if done <= due else "missed"
    if as_of <= due:
        return "open"
    return "missed" if ob.met_by is not None and facts_given else "unknown"
