"""What-if questions, answered by re-running the one accrual engine on changed facts:

- :func:`exposure`: the total owed on one track for every possible cure date;
- :func:`compare_readings`: what each alternative of each reading is worth against the readings in force;
- :func:`plan_next_suspension`: the earliest permitted start of a new blackout, and what it would cost if it
  were not permitted.
"""

from __future__ import annotations

from collections.abc import Callable
from copy import deepcopy
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from rrcalc.engine.money import add, sub, total
from rrcalc.engine.penalties import PenaltyEngine, PenaltyResult
from rrcalc.engine.suspensions import NextSuspension, plan_next
from rrcalc.errors import UsageError
from rrcalc.model.agreement import Agreement
from rrcalc.model.calendars import LAST_YEAR, BusinessCalendar
from rrcalc.model.facts import Facts, Suspension

#: Prices one set of facts under some readings as of a date (the engine, with its calendar resolved).
Pricer = Callable[[Facts, dict[str, str], date], PenaltyResult]

#: The longest range of cure dates one exposure run tries.
MAX_CURE_DAYS = 3660

#: The most (cure date, Investor) pairs one exposure run prices. Each pair re-prices one Investor's whole track
#: for one cure date, so the work grows with cure dates x Investors x the periods before each cure: on one core
#: of the project's machine 50,000 pairs take about 3 s just after the failure and about 30 s over ten years of
#: cure dates (13 Investors; 0.6 ms a pair there), the longest a what-if should keep someone waiting. Ten years
#: of cure dates for 1,000 Investors (3.65 million pairs, about half an hour) is refused before any pricing.
MAX_EXPOSURE_PAIRS = 50_000


def check_exposure_size(first: date, last: date, investors: int) -> None:
    """Refuse, naming the limit, an exposure of ``investors`` Investors (over every events file) whose cure
    dates from ``first`` to ``last`` would exceed :data:`MAX_EXPOSURE_PAIRS`."""
    days = (last - first).days + 1
    if days > 0 and days * max(investors, 1) > MAX_EXPOSURE_PAIRS:
        raise UsageError(f"--cure-to: at most {MAX_EXPOSURE_PAIRS:,} cure dates x Investors in one run (each "
                         f"re-prices an Investor's track); {days:,} cure dates x {investors:,} Investors asked: "
                         "narrow --cure-from/--cure-to or give fewer Investors")


@dataclass
class ExposurePoint:
    """The total owed on the track if it is cured on ``cure_date``."""

    cure_date: date
    how: str
    by_investor: dict[str, Decimal]

    @property
    def total(self) -> Decimal:
        return total(list(self.by_investor.values()))


@dataclass
class Exposure:
    track: str
    investors: list[str]
    points: list[ExposurePoint]
    as_of: date
    actual: date | None = None  # the cure the facts give (the varied suspension's end + 1 day), if any


def exposure(agreement: Agreement, facts: Facts, track: str | None, first: date, last: date,
             in_force: dict[str, str], price: Pricer, tick: Callable[[], None] | None = None) -> Exposure:
    """What the track costs for each cure date from ``first`` to ``last``, as of the later of ``last`` and the
    facts' as-of date (every period of each cure closes); ``tick`` is called once each cure date is priced."""
    if last < first:
        raise UsageError(f"--cure-to {last} is before --cure-from {first}")
    if (last - first).days > MAX_CURE_DAYS:
        raise UsageError("--cure-to: at most ten years of cure dates at a time")
    check_exposure_size(first, last, len(facts.body.investors))
    if not agreement.tracks:
        raise UsageError(f"agreement {agreement.id} provides no liquidated damages")
    tid = track or next(iter(agreement.tracks))
    if tid not in agreement.tracks:
        from rrcalc.model.schema import suggest

        raise UsageError(f"--track: agreement {agreement.id} has no track '{tid}'"
                         f"{suggest(tid, list(agreement.tracks))}; tracks: {', '.join(agreement.tracks)}")
    t = agreement.tracks[tid]
    as_of = max(last, facts.body.as_of or last)
    points = []
    day = first
    target = None
    if t.occurs != "deadline_missed":
        sus = [s for s in facts.body.suspensions if t.occurs == "restricted_sale" or s.kind in t.kinds]
        if not sus:
            raise UsageError(f"track {tid} is cured by the end of a suspension, and the facts give none")
        target = max(sus, key=lambda s: s.start)
        day = max(first, target.start + timedelta(days=1))
    while day <= last:
        if target is None:
            what_if = Facts(facts.body, facts.source, facts.path, {**facts.overrides, t.cure or "": day},
                            facts.derived)
            how = f"{t.cure} on {day}"
        else:
            what_if = deepcopy(facts)
            what_if.body.suspensions = [
                s if s is not target and s.start != target.start else
                Suspension(s.start, day - timedelta(days=1), s.notice, s.kind) for s in what_if.body.suspensions]
            how = f"restrictions removed on {day} (suspension from {target.start})"
        result = price(what_if, in_force, as_of)
        by_investor = {inv.name: Decimal("0.00") for inv in facts.body.investors}
        for r in result.rows:
            if r.track == tid:
                by_investor[r.investor] = add([by_investor.get(r.investor, Decimal("0.00")), r.amount])
        points.append(ExposurePoint(day, how, by_investor))
        day += timedelta(days=1)
        if tick is not None:
            tick()
    if target is None:
        given = facts.events.get(t.cure or "")
        actual = given if isinstance(given, date) and not isinstance(given, bool) else None
    else:
        actual = target.end + timedelta(days=1) if target.end is not None else None
    return Exposure(tid, sorted(inv.name for inv in facts.body.investors), points, as_of, actual)


@dataclass
class ReadingValue:
    """The total owed under one alternative of one reading, the other readings as in force."""

    reading: str
    alternative: str
    in_force: bool
    total: Decimal
    difference: Decimal
    meaning: str
    clause: str
    by_investor: dict[str, Decimal] = field(default_factory=dict)


def compare_readings(agreement: Agreement, scenarios: list[tuple[Facts, date]], in_force: dict[str, str],
                     price: Pricer) -> tuple[Decimal, list[ReadingValue]]:
    """The total in force, and one row per alternative of every reading (summed over ``scenarios``)."""

    def totals(readings: dict[str, str]) -> tuple[Decimal, dict[str, Decimal]]:
        per_investor: dict[str, list[Decimal]] = {}
        for facts, as_of in scenarios:
            for inv, amount in price(facts, readings, as_of).totals().items():
                per_investor.setdefault(inv, []).append(amount)
        summed = {k: total(v) for k, v in sorted(per_investor.items())}
        return total(list(summed.values())), summed

    base_total, base_investors = totals(in_force)
    rows = []
    for key, reading in agreement.readings.items():
        for alt, meaning in reading.alternatives.items():
            current = in_force[key] == alt
            alt_total, by_investor = (base_total, base_investors) if current else totals({**in_force, key: alt})
            rows.append(ReadingValue(key, alt, current, alt_total, alt_total - base_total, meaning,
                                     reading.reference.section if reading.reference else "", by_investor))
    return base_total, rows


@dataclass
class SuspensionCost:
    investor: str
    amount: Decimal
    note: str


@dataclass
class SuspensionPlan:
    plan: NextSuspension
    days: int | None
    costs: list[SuspensionCost] | None


def plan_next_suspension(agreement: Agreement, facts: Facts, result: PenaltyResult, cal: BusinessCalendar,
                         in_force: dict[str, str], as_of: date, days: int | None, price: Pricer) -> SuspensionPlan:
    """The next permitted blackout (notice given on ``as_of``); with ``days``, what it would cost each Investor
    if it were not permitted (the engine re-run with the suspension added, every period closed)."""
    rules = agreement.permitted_suspensions
    if rules is None:
        raise UsageError(f"agreement {agreement.id} has no {agreement.words.permitted_suspension}s to plan")
    kind = rules.kinds[0]
    after = agreement.suspension_kinds[kind].not_before
    anchor = facts.events.get(after) if after else None
    try:
        plan = plan_next(agreement, result.suspensions, cal, as_of,
                         anchor if isinstance(anchor, date) and not isinstance(anchor, bool) else None)
    except ValueError as exc:
        raise UsageError(f"cannot plan the next suspension: {exc}") from None
    if days is None:
        return SuspensionPlan(plan, None, None)
    start = plan.earliest_start
    end = cal.add(start - timedelta(days=1), days)
    what_if = deepcopy(facts)
    what_if.body.suspensions = [*facts.body.suspensions, Suspension(start, end, as_of, kind)]
    # long enough for every period of the new occurrence to close, never past the calendars' years
    horizon = min(end + timedelta(days=400), date(LAST_YEAR, 12, 31))
    before = price(facts, in_force, horizon).totals()
    after_result = price(what_if, in_force, horizon)
    after_totals = after_result.totals()
    new = next(c for c in after_result.suspensions if c.suspension.start == start)
    w = agreement.words
    note = (f"permitted: no {w.amount}" if new.permitted else
            f"not permitted ({'; '.join(new.reasons)}); {w.failure_date} {new.restricted_sale_date}")
    rsd = new.restricted_sale_date
    engine = PenaltyEngine(agreement, what_if, cal, in_force, horizon)
    for tid, window_end in engine.windows().items():
        if rsd is not None and rsd > window_end:
            note += f", outside the window of {tid} (ends {window_end}): no {w.amount}"
    costs = [SuspensionCost(inv.name, sub(after_totals.get(inv.name, Decimal("0.00")),
                                          before.get(inv.name, Decimal("0.00"))), note)
             for inv in sorted(facts.body.investors, key=lambda i: i.name)]
    return SuspensionPlan(plan, days, costs)
