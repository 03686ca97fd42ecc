"""Dated obligations: evaluate each obligation's date rule (agreement YAML) against the facts.

The rules are data (:class:`rrcalc.model.agreement.DateRule`); this module only knows the day-counting
conventions (docs/conventions.md#day-counting):
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

from rrcalc.engine.suspensions import SuspensionCheck, check_suspensions
from rrcalc.model.agreement import AGREEMENT_DATE, Agreement, DateRule, Obligation
from rrcalc.model.calendars import SAT, BusinessCalendar
from rrcalc.model.facts import Suspension


@dataclass
class Dated:
    """A computed date with its explanation."""

    date: date | None
    basis: str
    flags: list[str] = field(default_factory=list)
    void: str | None = None  # why the date does not arise at all (an event dated before it has effect)


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
                 in_force: dict[str, str] | None = None, derived: frozenset[str] = frozenset(),
                 suspensions: list[Suspension] | None = None, as_of: date | None = None):
        self.agreement = agreement
        self.derived = derived
        self.in_force = in_force or {}
        self.roll_due_dates = agreement.choose(agreement.roll_due_dates, self.in_force) == "next_business_day"
        self.events = events
        self.calendar = calendar
        self.suspensions = suspensions or []
        self.as_of = as_of
        self._done: dict[str, Dated] = {}
        self._busy: set[str] = set()
        self._checks: list[SuspensionCheck] | None = None

    def suspension_checks(self) -> list[SuspensionCheck]:
        """Every suspension judged against the permitted_suspensions rules, once for the scenario: up to the rules'
        ``until`` date and at the as-of date. Deadlines extended by suspensions, Periodic Amounts and the
        suspensions report all read these same judgements."""
        if self._checks is None:
            rules = self.agreement.permitted_suspensions
            until = self.anchor(rules.until).date if rules is not None and rules.until is not None else None
            # no as-of date (a rule evaluated without facts): the suspensions' own last days
            self._checks = check_suspensions(self.agreement, self.suspensions, self.calendar, self.in_force,
                                             self.judged_at(), until)
        return self._checks

    def judged_at(self) -> date:
        """The day open suspensions are judged to: the as-of date (without one, the suspensions' last known day)."""
        return self.as_of or max([s.end or s.start for s in self.suspensions], default=self.agreement.date)

    def roll_words(self) -> str:
        """How the choice to roll every due date is made, for the basis of a moved date."""
        choice = self.agreement.roll_due_dates
        return f"reading {choice.reading}" if not isinstance(choice, str) else "roll_due_dates"

    # -- anchors ----------------------------------------------------------------------------------
    def anchor(self, name: str) -> Dated:
        if name == AGREEMENT_DATE:
            return Dated(self.agreement.date, f"the agreement date {self.agreement.date}")
        if name in self.agreement.events:
            value = self.events.get(name)
            if isinstance(value, date):
                void = self.premature(name)
                if void is not None:
                    return Dated(None, void, void=void)
                how = " (derived from the Investors' sales)" if name in self.derived else ""
                return Dated(value, f"{name} {value}{how}")
            return Dated(None, f"{name} (not given)")
        inner = self.obligation(name)
        if inner.date is None:
            return Dated(None, f"{name} ({inner.basis})", void=inner.void)
        return Dated(inner.date, f"{name} {inner.date}", inner.flags)

    def premature(self, name: str) -> str | None:
        """Why event ``name`` has no effect (dated before its declared ``valid_from``), or None."""
        decl = self.agreement.events[name]
        value = self.events.get(name)
        if decl.valid_from is None or not isinstance(value, date) or isinstance(value, bool):
            return None
        opens = self.anchor(decl.valid_from)
        if opens.date is None or value >= opens.date:
            return None
        cite = f" (§{decl.reference.section})" if decl.reference else ""
        return f"{name} {value} is before {decl.valid_from} {opens.date}: it creates no obligation{cite}"

    def obligation(self, oid: str) -> Dated:
        if oid in self._done:
            return self._done[oid]
        if oid in self._busy:
            from rrcalc.errors import InputError, Location

            raise InputError(f"obligation '{oid}' depends on itself", Location(self.agreement.origin or "agreement",
                                                                               field=f"obligations.{oid}"))
        self._busy.add(oid)
        ob = self.agreement.obligations[oid]
        rule, via = self.select(ob)
        if rule is None:
            result = Dated(None, f"applies only when {ob.when} is given")
        else:
            d = self.rule(rule)
            result = Dated(d.date, f"{d.basis}{via}", d.flags, d.void)
            if ob.extended_by is not None and result.date is not None:
                result = self._extend(ob, result)
            if self.roll_due_dates and ob.kind == "deadline" and result.date is not None \
                    and not self.calendar.is_business_day(result.date):
                moved = self.calendar.roll_forward(result.date)
                result = Dated(moved, f"{result.basis}, moved from {result.date} to the next business day "
                                      f"({self.roll_words()})", [*result.flags, f"rolled from {result.date}"])
        self._busy.discard(oid)
        self._done[oid] = result
        return result

    def given(self, name: str) -> bool:
        value = self.events.get(name)
        return value is True or (isinstance(value, date) and not isinstance(value, bool))

    def _extend(self, ob: Obligation, d: Dated) -> Dated:
        """Move the date later by the days of each permitted restriction of the kinds that extend it."""
        ext = ob.extended_by
        assert ext is not None and d.date is not None
        as_of = self.judged_at()
        checks = self.suspension_checks()
        met = self.events.get(ob.met_by) if ob.met_by else None
        due, words, flags = d.date, [], list(d.flags)
        for c in checks:
            s = c.suspension
            if s.kind not in ext.kinds or s.start > due or (isinstance(met, date) and s.start >= met):
                continue
            if not c.permitted:
                words.append(f"not by the {s.kind} from {s.start} ({'; '.join(c.reasons)})")
                continue
            last = s.end if s.end is not None else as_of
            days = (last - s.start).days + 1
            due += timedelta(days=days)
            words.append(f"+ {_plural(days, 'day')} of the {s.kind} {s.start} to {s.end or '(still open)'}")
            if s.end is None:
                flags.append(f"the {s.kind} from {s.start} is still open: the date moves on while it lasts")
        if not words:
            return d
        cite = f" (§{ext.reference.section})" if ext.reference else ""
        return Dated(due, f"{d.basis}, extended{cite}: {'; '.join(words)}", flags, d.void)

    def select(self, ob: Obligation) -> tuple[DateRule | None, str]:
        """The rule that applies: the first case whose event is given (on or before its bound), else the main rule."""
        if ob.when is not None and not self.given(ob.when):
            return None, ""
        notes = ""
        for case in ob.cases:
            if self.given(case.when):
                value = self.events[case.when]
                fact = f"{case.when} {value}" if isinstance(value, date) else case.when
                bound_name = self.agreement.choose_optional(case.on_or_before, self.in_force)
                if bound_name is not None and isinstance(value, date):
                    bound = self.rule(ob.rule) if bound_name == "own_rule" else self.anchor(bound_name)
                    what = "the date of its own rule" if bound_name == "own_rule" else bound_name
                    if bound.date is not None and value > bound.date:
                        how = self._how_chosen(case.on_or_before)
                        notes += f" ({fact} is after {what} {bound.date}, so it does not apply{how})"
                        continue
                return case.rule, f" (as {fact})"
        return ob.rule, notes

    def _how_chosen(self, choice: object) -> str:
        reading = getattr(choice, "reading", None)
        return f"; reading {reading}={self.in_force.get(reading, self.agreement.readings[reading].default)}" \
            if reading else ""

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
            return Dated(None, f"no date: {base.void}" if base.void else words, void=base.void)
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
            return Dated(None, f"{word} of: {listing}", void=next((s.void for s in subs if s.void), None))
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
             derived: frozenset[str] = frozenset(), suspensions: list[Suspension] | None = None) -> list[DeadlineRow]:
    """Every obligation of ``agreement``, with its due date, basis and status at ``as_of``.

    Status is ``missed`` only when the facts say so and the due date has passed: with no facts at all, a
    passed deadline whose fulfilling event is not given is ``unknown``. An obligation counted from an event
    that has no effect (before its ``valid_from``) is ``not_applicable``, its basis saying why.
    """
    ev = Evaluator(agreement, events, calendar, readings, derived, suspensions, as_of)
    rows = []
    for oid, ob in agreement.obligations.items():
        dated = ev.obligation(oid)
        flags = list(dated.flags)
        if dated.date is not None and not calendar.is_business_day(dated.date):
            holiday = calendar.holiday_name(dated.date)
            flags.append(f"not a business day ({holiday or dated.date.strftime('%A')})")
        status = "not_applicable" if dated.date is None and dated.void else \
            _status(ev, ob, dated.date, as_of, bool(events))
        rows.append(DeadlineRow(oid, ob, dated.date, dated.basis, status, flags))
    return rows


def premature_events(agreement: Agreement, events: dict[str, date | bool], calendar: BusinessCalendar) -> list[str]:
    """Why each given event dated before its ``valid_from`` creates no obligation (one line each)."""
    ev = Evaluator(agreement, events, calendar)
    return [why for name in agreement.events if (why := ev.premature(name)) is not None]


def _implied(ev: Evaluator, event: str) -> tuple[str, date] | None:
    """A given event that cannot come before ``event`` (its ``not_before``): ``event`` happened by then."""
    dates = [(name, v) for name, decl in ev.agreement.events.items() if event in decl.not_before
             and isinstance(v := ev.events.get(name), date) and not isinstance(v, bool)]
    return min(dates, key=lambda x: x[1]) if dates else None


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
        return "met" if done <= due else "missed" if as_of > due else "open"
    implied = _implied(ev, ob.met_by) if ob.met_by else None
    if implied is not None and implied[1] <= due:
        # facts in order (docs/conventions.md#facts-and-the-as-of-date): e.g. effectiveness implies a filing on
        # or before that date
        return "met"
    if as_of <= due:
        return "open"
    if implied is not None:
        return "unknown"  # happened by the later event, but perhaps after the due date
    return "missed" if ob.met_by is not None and facts_given else "unknown"
