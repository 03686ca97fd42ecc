"""Amount formulas beyond "rate% of the base per period", day counts, step-ups, precedence and caps.

Each is a track's setting in the agreement's YAML (``amount``, ``day_count``, ``step_up``; the agreement's
``precedence`` and ``payment_cap``):

- ``usd``: rate dollars per period (pro rata as ``partial_period`` says): "$10,000 for each 30-day period ...,
  pro rata for any portion";
- ``usd_per_unit``: rate dollars per period for each ``base_unit`` of the base: "$0.05 per week per $1,000
  principal amount ... for each week or portion thereof";
- ``usd_per_day`` / ``usd_per_business_day``: rate dollars for each (business) day counted: "$2,500 for each
  Business Day after the Effectiveness Deadline";
- ``annual_percent``: rate% per annum of the base, accruing daily: amount = base × rate% × days / year over each
  run of days at one rate, days and year by the ``day_count`` (30/360 US bond basis, 30E/360, actual/360,
  actual/365); the sum is rounded once to cents;
- ``percent_of_base`` with a ``step_up``: as the classic formula, at the rate in force on the period's first day.

Step-ups by elapsed time: on day d the rate is the first rate + ``by`` × ⌊(d − origin) / every_days⌋, at most
``max``; the origin is the failure's first day, or, for tracks in a precedence group that carries the step-up,
the first day of the group's unbroken run of failure days (the rate is not reset while another failure goes
on, and starts again after all are cured).

Money is exact (money.py) and rounded once per amount; dates come from the one calendar module.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Protocol

from rrcalc.engine.money import CENT, add, cents, cents_down, div, exact_product, exact_quotient, mul, sub
from rrcalc.engine.periods import ONE, Period, Runs, overlap, subtract
from rrcalc.model.agreement import DAILY_AMOUNTS, Agreement, Track
from rrcalc.model.calendars import BusinessCalendar
from rrcalc.model.facts import Investor


class Occurrence(Protocol):
    """What pricing reads and sets of a :class:`rrcalc.engine.penalties.Occurrence` (penalties imports this module,
    so not the other way round)."""

    periods: list[Period]
    holes: Runs
    origin: date | None


class AmountRow(Protocol):
    """What the cap reads and cuts of a :class:`rrcalc.engine.penalties.AmountRow`."""

    investor: str
    track: str
    occurrence: int
    period: Period
    amount: Decimal
    rule: str


HUNDRED = Decimal(100)


def is_generic(t: Track) -> bool:
    """Whether the track's amounts need this module (anything but the classic rate% of the base per period)."""
    return t.amount != "percent_of_base" or t.step_up is not None


# -- day counts -----------------------------------------------------------------------------------

def day_count(convention: str, d1: date, d2: date) -> tuple[int, int]:
    """(days, days in the year) from ``d1`` (included) to ``d2`` (excluded) under ``convention``.

    30/360 is the US bond basis (ISDA 2006 4.16(f)): D1 = 31 becomes 30; D2 = 31 becomes 30 when D1 is 30 or 31.
    30E/360 (4.16(g)): both 31sts become 30. The 30-day conventions count each month as 30 days.
    """
    if convention == "actual/360":
        return (d2 - d1).days, 360
    if convention == "actual/365":
        return (d2 - d1).days, 365
    day1, day2 = d1.day, d2.day
    if day1 == 31:
        day1 = 30
    if day2 == 31 and (convention == "30E/360" or day1 >= 30):
        day2 = 30
    return 360 * (d2.year - d1.year) + 30 * (d2.month - d1.month) + (day2 - day1), 360


# -- rates --------------------------------------------------------------------------------------------

@dataclass
class RateClock:
    """The rate of one track on each day: by period number, stepped up by elapsed days from ``origin``."""

    first: Decimal
    origin: date
    every: int = 0
    by: Decimal = Decimal(0)
    most: Decimal | None = None

    def at(self, d: date) -> Decimal:
        if not self.every:
            return self.first
        steps = max((d - self.origin).days, 0) // self.every
        rate = add([self.first, mul(self.by, Decimal(steps))])
        return min(rate, self.most) if self.most is not None else rate

    def changes(self, a: date, b: date) -> list[tuple[date, date, Decimal]]:
        """Split [a, b] into runs of one rate."""
        out = []
        cur = a
        while cur <= b:
            rate = self.at(cur)
            end = b
            if self.every and (self.most is None or rate < self.most):
                steps = max((cur - self.origin).days, 0) // self.every
                end = min(b, self.origin + timedelta(days=(steps + 1) * self.every) - ONE)
            out.append((cur, end, rate))
            cur = end + ONE
        return out


def clock(agreement: Agreement, t: Track, first_rate: Decimal, origin: date) -> RateClock:
    su = t.step_up
    if su is None:
        return RateClock(first_rate, origin)
    return RateClock(first_rate, origin, int(agreement.number(su.every_days)), agreement.number(su.by),
                     agreement.number(su.max) if su.max else None)


# -- one amount -----------------------------------------------------------------------------------

def base_of(t: Track, inv: Investor, classic_base: Decimal) -> Decimal:
    """The base of the amount: the Investor's principal, or the purchase price / Held Shares Value."""
    if t.base == "principal":
        return inv.principal if inv.principal is not None else Decimal(0)
    return classic_base


def price(agreement: Agreement, t: Track, per: Period, counted: Runs, base: Decimal, rates: RateClock,
          cal: BusinessCalendar, in_force: dict[str, str]) -> tuple[Decimal, Decimal, str]:
    """(amount, rate on the first counted day, how) for one period; ``counted``: its days that pay."""
    first_day = counted[0][0] if counted else per.start
    rate0 = rates.at(first_day)
    if t.amount not in DAILY_AMOUNTS:
        return _per_period(agreement, t, per, base, rate0, in_force)
    parts: list[Decimal] = []
    words: list[str] = []
    convention = agreement.choose(t.day_count, in_force) if t.day_count is not None else ""
    for a, b in counted:
        for lo, hi, rate in rates.changes(a, b):
            if t.amount == "usd_per_day":
                n = (hi - lo).days + 1
                parts.append(mul(rate, Decimal(n)))
                words.append(f"{n} day(s) × ${rate}")
            elif t.amount == "usd_per_business_day":
                n = cal.count_inclusive(lo, hi)
                parts.append(mul(rate, Decimal(n)))
                words.append(f"{n} business day(s) {lo}..{hi} × ${rate}")
            else:
                days, year = day_count(convention, lo, hi + ONE)
                parts.append(exact_quotient(exact_product(base, rate, Decimal(days)), HUNDRED * year))
                words.append(f"{rate}% p.a. × {base} × {days}/{year} ({convention}, {lo} to {hi})")
    amount = cents(add(parts))
    return amount, rate0, " + ".join(words) if words else "no day counted"


def _per_period(agreement: Agreement, t: Track, per: Period, base: Decimal, rate: Decimal,
                in_force: dict[str, str]) -> tuple[Decimal, Decimal, str]:
    """A per-period amount (percent of base, dollars, dollars per unit of base), prorated as the track says
    (2002/2003 2(b)(iii) "prorated"; 1998 2(c) "or portion thereof": a portion pays in full)."""
    if t.amount == "usd":
        whole, what = rate, f"${rate}"
    elif t.amount == "usd_per_unit":
        unit = agreement.number(t.base_unit or "")
        whole = exact_quotient(exact_product(base, rate), unit)
        what = f"${rate} per ${unit} × {base}"
    else:
        whole, what = exact_quotient(exact_product(base, rate), HUNDRED), f"{rate}% × {base}"
    partial = agreement.choose(t.partial_period, in_force)
    period_days = int(agreement.number(t.period_days or ""))
    if partial == "daily" and per.full and t.periods == "monthly":
        num, den = per.days, per.span
        how = f"{what} for the month" + (f" × {num}/{den} days" if per.excluded else "")
    elif partial == "daily":
        num, den = per.days, period_days
        how = f"{what} × {num}/{den} days"
    elif per.excluded and t.periods == "computation_dates":
        num, den = per.days, per.span
        how = f"{what} × {num}/{den} days not attributable to the Investor"
    else:
        num, den = (1, 1) if per.days else (0, 1)
        how = f"{what} for the period" + ("" if per.days >= period_days else " (a portion pays in full)") \
            if per.days else f"{what} (no day counted)"
    amount = cents(exact_quotient(exact_product(whole, Decimal(num)), den))
    return amount, rate, how


def base_at(investor: Investor, day: date, hsv_from: date | None, use_hsv: bool) -> Decimal:
    """The Investor's base on ``day``: purchase price, less sales before ``day`` once the HSV applies."""
    if not use_hsv or (hsv_from is not None and day <= hsv_from):
        return investor.purchase_price
    sold = add(s.purchase_price for s in investor.sales if s.date < day)
    return sub(investor.purchase_price, sold)  # in money's one exact context


def rate_for(t: Track, agreement: Agreement, n: int) -> Decimal:
    """The rate (percent, or USD) for period number ``n``: the last step whose from_period is at most n."""
    rate = None
    for step in t.rates:
        if step.from_period <= n:
            rate = agreement.number(step.rate)
    assert rate is not None  # steps start at period 1 (schema)
    return rate


def price_period(agreement: Agreement, t: Track, occ: Occurrence, per: Period, inv: Investor, excluded: Runs,
                 hsv_name: str | None, hsv_from: date | None, cal: BusinessCalendar,
                 in_force: dict[str, str]) -> tuple[Decimal, Decimal, Decimal, str]:
    """(amount, rate, base, how) of one period for one Investor: the one pricer of every track and amount family.

    The base is the Investor's (its Held Shares Value from ``hsv_from``, its principal); the rate its period's step,
    stepped up by elapsed days from the occurrence's origin; the days counted exclude the Investor's own and those
    paying under a prevailing track (precedence)."""
    use_hsv = t.base == "held_shares_value" and (hsv_name is None or hsv_from is not None)
    base = base_of(t, inv, base_at(inv, per.start, hsv_from, use_hsv))
    rates = clock(agreement, t, rate_for(t, agreement, per.n), occ.origin or occ.periods[0].start)
    amount, rate, how = price(agreement, t, per, counted_runs(per, excluded, occ.holes), base, rates, cal, in_force)
    if per.excluded:
        how += f"; {per.excluded} day(s) attributable to the Investor excluded"
    if per.prevailed:
        how += f"; {per.prevailed} day(s) pay under a prevailing track instead (precedence)"
    if hsv_name and not use_hsv and t.base == "held_shares_value":
        how += f"; base is the Purchase Price ({hsv_name} not given)"
    return amount, rate, base, how


# -- precedence -------------------------------------------------------------------------------------

def _union(runs: Runs) -> Runs:
    """Sorted runs merged where they overlap or touch."""
    out: Runs = []
    for a, b in sorted(runs):
        if out and a <= out[-1][1] + ONE:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def _business_runs(runs: Runs, cal: BusinessCalendar) -> Runs:
    out: Runs = []
    for a, b in runs:
        d = a
        while d <= b:
            if cal.is_business_day(d):
                if out and out[-1][1] == d - ONE:
                    out[-1] = (out[-1][0], d)
                else:
                    out.append((d, d))
            d += ONE
    return out


def resolve_precedence(agreement: Agreement, occurrences: Mapping[str, Sequence[Occurrence]], excluded: Runs,
                       cal: BusinessCalendar, in_force: dict[str, str]) -> None:
    """Set each occurrence's ``holes`` (days that pay under a prevailing track) and step-up ``origin``."""
    for occs in occurrences.values():
        for occ in occs:
            occ.origin = occ.periods[0].start
    for group in agreement.precedence:
        claims = agreement.choose(group.claims, in_force)
        claimed: Runs = []
        spans: Runs = []
        for tid in group.tracks:
            t = agreement.tracks[tid]
            own: Runs = []
            for occ in occurrences.get(tid, []):
                occ.holes = list(claimed)
                mine = subtract(_union([(p.start, p.end) for p in occ.periods]), sorted(excluded + claimed))
                spans.extend((p.start, p.end) for p in occ.periods)
                for per in occ.periods:
                    per.prevailed = overlap(per.start, per.end, subtract(_union(claimed), excluded))
                    per.days -= per.prevailed
                own.extend(mine)
            if claims == "accruing_days" and t.amount == "usd_per_business_day":
                own = _business_runs(own, cal)
            claimed = _union(claimed + own)
        if group.carry_step_up:
            episodes = _union(spans)
            for tid in group.tracks:
                for occ in occurrences.get(tid, []):
                    first = occ.periods[0].start
                    occ.origin = next((a for a, b in episodes if a <= first <= b), first)


def counted_runs(per: Period, excluded: Runs, holes: Runs) -> Runs:
    """The days of ``per`` that pay: its days less the Investor's and those paying under a prevailing track."""
    return subtract([(per.start, per.end)], sorted(excluded + holes))


# -- caps -------------------------------------------------------------------------------------------

def apply_cap(agreement: Agreement, rows: Sequence[AmountRow], investors: list[Investor],
              in_force: dict[str, str]) -> None:
    """Cut amounts once the capped total (per Investor, or of all) reaches the cap, as the cap's ``order`` says.

    Amounts count in the order they accrue (the period's Computation Date, else its last day); on one day in the
    order of the agreement's ``tracks``, then of ``investors`` (the events file's order), then occurrence and
    period. ``accrual``: the first to reach the cap are paid in full, the rest cut. ``pro_rata``: the amounts
    accruing on the day the cap is reached share what is left in proportion to their sizes, in cents that add up.
    """
    rule = agreement.payment_cap
    assert rule is not None
    order = agreement.choose(rule.order, in_force)
    how = f"reading {rule.order.reading}={order}" if not isinstance(rule.order, str) else f"order {order}"
    capped = [r for r in rows if not rule.tracks or r.track in rule.tracks]
    groups: list[tuple[Decimal, list[AmountRow], str]] = []
    if rule.scope == "total":
        cap = agreement.number(rule.amount or "")
        groups.append((cap, capped, f"the cap of ${cap} on all payments"))
    else:
        for inv in investors:
            if rule.amount is not None:
                cap = agreement.number(rule.amount)
                words = f"the cap of ${cap}"
            else:
                rate = agreement.number(rule.rate or "")
                of = inv.principal if rule.of == "principal" and inv.principal is not None else inv.purchase_price
                cap = cents(exact_quotient(exact_product(of, rate), HUNDRED))
                words = f"the cap of {rate}% of {of} = {cap}"
            groups.append((cap, [r for r in capped if r.investor == inv.name], words))
    track_no = {tid: i for i, tid in enumerate(agreement.tracks)}
    investor_no = {inv.name: i for i, inv in enumerate(investors)}

    def accrues(r: AmountRow) -> date:
        return r.period.computation_date or r.period.end

    for cap, mine, words in groups:
        paid = ZERO
        ordered = sorted(mine, key=lambda r: (accrues(r), track_no[r.track], investor_no.get(r.investor, 0),
                                              r.occurrence, r.period.n))
        i = 0
        while i < len(ordered):
            day = accrues(ordered[i])
            j = i
            while j < len(ordered) and accrues(ordered[j]) == day:
                j += 1
            tied = ordered[i:j] if order == "pro_rata" else [ordered[i]]
            room = max(sub(cap, paid), ZERO)
            asked = add(r.amount for r in tied)
            if asked > room:
                shares = _pro_rata(room, [r.amount for r in tied]) if len(tied) > 1 else [room]
                for r, share in zip(tied, shares, strict=True):
                    if share != r.amount:
                        shared = f", shared pro rata by the amounts accruing on {day}" if len(tied) > 1 else ""
                        r.rule += f"; cut from {r.amount} by {words}{shared} ({how}; §{rule.reference.section})"
                        r.amount = share
            paid = add([paid, *(r.amount for r in tied)])
            i += len(tied)


ZERO = Decimal("0.00")


def _pro_rata(room: Decimal, amounts: list[Decimal]) -> list[Decimal]:
    """``room`` divided in proportion to ``amounts``, in cents that add up to it: each share rounded down to a cent,
    the cents left over one each to the largest remainders (ties to the earlier amount)."""
    whole = add(amounts)
    exact = [exact_quotient(exact_product(room, a), whole) for a in amounts]
    down = [cents_down(e) for e in exact]
    left = int(div(sub(room, add(down)), CENT))  # whole cents: fewer than the number of amounts
    for k in sorted(range(len(amounts)), key=lambda k: (sub(down[k], exact[k]), k))[:left]:
        down[k] = add([down[k], CENT])
    return down
