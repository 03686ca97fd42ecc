"""Scenario facts: the events file (docs/conventions.md#facts-and-the-as-of-date) and its checks against an
agreement.

The file's own shape is checked when it is built (types, unknown keys, negative money, reversed
or overlapping periods); :func:`bind` then checks it against the agreement it is used with (event
names and types, suspension kinds, dates that cannot come in that order), naming the nearest
declared event for a typo so that a misspelt fact is never silently dropped.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from itertools import pairwise
from typing import Protocol

from rrcalc.errors import InputError, Location, excerpt
from rrcalc.model.bounds import exact_sum as add
from rrcalc.model.bounds import written
from rrcalc.model.calendars import as_of_or_today
from rrcalc.model.schema import F, suggest
from rrcalc.model.yamlsrc import Path_, Source


class EventDeclared(Protocol):
    """What binding facts reads of a declared event (:class:`rrcalc.model.agreement.EventDecl`)."""

    @property
    def type(self) -> str: ...

    @property
    def not_before(self) -> list[str]: ...

    @property
    def derive(self) -> str | None: ...


class KindDeclared(Protocol):
    """What binding facts reads of a suspension kind (:class:`rrcalc.model.agreement.SuspensionKind`)."""

    @property
    def not_before(self) -> str | None: ...


class TrackDeclared(Protocol):
    """What binding facts reads of a penalty track (:class:`rrcalc.model.agreement.Track`)."""

    @property
    def cure(self) -> str | None: ...


class Agreement(Protocol):
    """What binding facts needs of an agreement (:class:`rrcalc.model.agreement.Agreement`, which imports this
    module for its embedded test cases: a protocol keeps the two free of an import cycle)."""

    id: str
    date: date

    @property
    def events(self) -> Mapping[str, EventDeclared]: ...

    @property
    def suspension_kinds(self) -> Mapping[str, KindDeclared]: ...

    @property
    def tracks(self) -> Mapping[str, TrackDeclared]: ...

    def default_suspension_kind(self) -> str | None: ...

    def uses_principal(self) -> bool: ...


@dataclass(slots=True)
class Sale:
    """A sale of Registrable Securities by an Investor: reduces its Held Shares Value from the next day."""

    date: date = F("Date of the sale")
    purchase_price: Decimal = F("Purchase price paid for the shares sold (USD)", ge=0, unit="usd")


@dataclass(slots=True)
class Investor:
    """An Investor (Holder) and its purchase price."""

    name: str = F("Name of the Investor", min_len=1, text="name")
    purchase_price: Decimal = F("Purchase price of its securities (USD); 1998: the Aggregate Share Price",
                                ge=0, unit="usd")
    principal: Decimal | None = F("Principal amount of its notes (USD), for an agreement whose amounts are a share "
                                  "of principal", None, ge=0, unit="usd")
    sales: list[Sale] = F("Sales of the securities, reducing the Held Shares Value", factory=list)

    def check(self, src: Source, path: Path_) -> None:
        sold = add(s.purchase_price for s in self.sales)
        if sold > self.purchase_price:
            raise src.error((*path, "sales"), f"sales total {sold}, more than the purchase price "
                                              f"{self.purchase_price}")


@dataclass
class Suspension:
    """A period in which Investors could not sell under the effective registration statement."""

    start: date = F("First restricted day")
    end: date | None = F("Last restricted day; omit while still restricted", None)
    notice: date | None = F("When Investors were told of it", None)
    kind: str | None = F("One of the agreement's suspension_kinds; omitted: its default kind (the one marked "
                         "default: true)", None)

    def check(self, src: Source, path: Path_) -> None:
        if self.end is not None and self.end < self.start:
            raise src.error((*path, "end"), f"ends {self.end} before it starts {self.start}")


@dataclass
class Interval:
    """A run of days, first and last included."""

    start: date = F("First day")
    end: date = F("Last day")

    def check(self, src: Source, path: Path_) -> None:
        if self.end < self.start:
            raise src.error((*path, "end"), f"ends {self.end} before it starts {self.start}")


def _check_no_overlap(items: list[Suspension] | list[Interval], src: Source, path: Path_, what: str) -> None:
    order = sorted(range(len(items)), key=lambda i: items[i].start)
    for a, b in pairwise(order):
        first, second = items[a], items[b]
        if first.end is None or second.start <= first.end:
            until = "is still open" if first.end is None else f"runs to {first.end}"
            raise src.error((*path, b, "start"),
                            f"{what} starting {second.start} overlaps the one starting {first.start} "
                            f"(item {a + 1}), which {until}")


@dataclass
class PaymentMade:
    """A payment the Company made to an Investor (settles its amounts in the order they fell due)."""

    investor: str = F("The Investor paid")
    date: date = F("The day it was paid")
    amount: Decimal = F("The amount paid (USD)", ge=0, unit="usd")


@dataclass
class FactsBody:
    """Scenario facts: dated events, suspensions, Investor delays and the Investors."""

    agreement: str | None = F("Agreement id; must match --agreement when both are given", None, text="id")
    deal: str | None = F("The deal's name, used in titles (calendar events, reports): 'Acme PIPE'", None,
                         min_len=1, text="name")
    as_of: date | None = F("Date up to which an uncured failure accrues; default today", None)
    events: dict[str, date | bool] = F("Dated facts (and yes/no flags) by the names the agreement declares",
                                       factory=dict)
    suspensions: list[Suspension] = F("Periods in which sales were restricted", factory=list)
    investor_delays: list[Interval] = F("Days of delay attributable to the Investors (excluded)", factory=list)
    investors: list[Investor] = F("The Investors and their purchase prices", factory=list)
    payments: list[PaymentMade] = F("Payments made (for interest on late payments)", factory=list)

    def check(self, src: Source, path: Path_) -> None:
        _check_no_overlap(self.suspensions, src, (*path, "suspensions"), "suspension")
        _check_no_overlap(self.investor_delays, src, (*path, "investor_delays"), "investor delay")
        seen: dict[str, int] = {}
        for i, inv in enumerate(self.investors):
            if inv.name in seen:
                raise src.error((*path, "investors", i, "name"),
                                f"investor '{excerpt(inv.name)}' is listed twice (first as item {seen[inv.name] + 1})")
            seen[inv.name] = i
        for i, p in enumerate(self.payments):
            if p.investor not in seen:
                raise src.error((*path, "payments", i, "investor"),
                                f"no investor named '{excerpt(p.investor)}'{suggest(p.investor, list(seen))}")


@dataclass
class Facts:
    """Facts bound to an agreement: a :class:`FactsBody` plus where it came from."""

    body: FactsBody
    source: Source | None = None
    path: Path_ = ()
    overrides: dict[str, date | bool] = field(default_factory=dict)
    derived: dict[str, date] = field(default_factory=dict)  # events the agreement derives from the facts
    warnings: list[str] = field(default_factory=list)  # said once on stderr by the command line
    given: FactsBody | None = None  # the facts as given, before those dated after the as-of date were set aside

    @property
    def events(self) -> dict[str, date | bool]:
        return {**self.derived, **self.body.events, **self.overrides}


def sold_out_date(investors: list[Investor]) -> date | None:
    """The day of the sale after which no Investor holds any securities (None if one still does)."""
    last: date | None = None
    for inv in investors:
        sold = add(s.purchase_price for s in inv.sales)
        if sold < inv.purchase_price or not inv.sales:
            return None
        day = max(s.date for s in inv.sales)
        last = day if last is None else max(last, day)
    return last


def _after(value: date | bool, as_of: date) -> bool:
    return isinstance(value, date) and not isinstance(value, bool) and value > as_of


def as_known_on(body: FactsBody, as_of: date) -> tuple[FactsBody, list[str]]:
    """The facts as known on ``as_of`` (docs/conventions.md#facts-and-the-as-of-date): what is dated later has not
    happened yet.

    Events, sales, payments and suspensions starting later are set aside; a suspension or Investor delay
    running past the as-of date is still running then. Returns the facts and the words for each set aside.
    """
    later = [f"{k} {v}" for k, v in body.events.items() if _after(v, as_of)]
    suspensions = []
    for s in body.suspensions:
        if s.start > as_of:
            later.append(f"suspension starting {s.start}")
        elif s.end is not None and s.end > as_of:
            later.append(f"end {s.end} of the suspension starting {s.start}")
            suspensions.append(replace(s, end=None))
        else:
            suspensions.append(s)
    delays = []
    for d in body.investor_delays:
        if d.start > as_of:
            later.append(f"investor delay starting {d.start}")
        else:
            delays.append(d if d.end <= as_of else replace(d, end=as_of))
    investors = []
    for inv in body.investors:
        sales = [x for x in inv.sales if x.date <= as_of]
        later += [f"sale by {inv.name} on {x.date}" for x in inv.sales if x.date > as_of]
        investors.append(inv if len(sales) == len(inv.sales) else replace(inv, sales=sales))
    payments = [p for p in body.payments if p.date <= as_of]
    later += [f"payment to {p.investor} on {p.date}" for p in body.payments if p.date > as_of]
    if not later:
        return body, []
    events = {k: v for k, v in body.events.items() if not _after(v, as_of)}
    return replace(body, events=events, suspensions=suspensions, investor_delays=delays, investors=investors,
                   payments=payments), later


def _check_order(events: dict[str, date | bool], agreement: Agreement, overrides: dict[str, date | bool],
                 err: Callable[..., InputError]) -> None:
    """An event dated before one it cannot precede (declared ``not_before``) is bad input."""
    for name, decl in agreement.events.items():
        if not isinstance(events.get(name), date):
            continue
        for other in decl.not_before:
            earlier = agreement.date if other == "agreement_date" else events.get(other)
            if isinstance(earlier, date) and events[name] < earlier:  # type: ignore[operator]
                message = f"{name} {events[name]} is before {other} {earlier}, which it cannot precede"
                if name in overrides:
                    raise InputError(message, Location("--event", field=name))
                raise err(("events", name), message)


def _check_cures_given(events: dict[str, date | bool], agreement: Agreement, overrides: dict[str, date | bool],
                       err: Callable[..., InputError]) -> None:
    """Facts in order (docs/conventions.md#facts-and-the-as-of-date): an event given without one that must come
    before it, where a track is cured by that earlier event, is bad input (the track could not tell when its
    failure ended)."""
    cures: dict[str, str] = {}  # cure event -> the first track it cures
    for tid, t in agreement.tracks.items():
        if t.cure is not None:
            cures.setdefault(t.cure, tid)
    for name, decl in agreement.events.items():
        if not isinstance(events.get(name), date):
            continue
        for other in decl.not_before:
            if other in cures and not isinstance(events.get(other), date):
                message = (f"{name} {events[name]} is given without {other}, which comes before it and cures "
                           f"track {cures[other]}: give {other}")
                if name in overrides:
                    raise InputError(message, Location("--event", field=name))
                raise err(("events", name), message)


def bind(body: FactsBody, agreement: Agreement, src: Source | None, path: Path_ = (),
         overrides: dict[str, date | bool] | None = None) -> Facts:
    """Check ``body`` against ``agreement``: declared event names and types, kinds, order of dates."""
    overrides = overrides or {}

    def err(sub: Path_, message: str, field_name: str | None = None) -> InputError:
        if src is None:
            return InputError(message, Location("--event", field=field_name))
        return src.error((*path, *sub), message)

    if body.agreement is not None and body.agreement != agreement.id:
        raise err(("agreement",), f"the facts are for agreement '{excerpt(body.agreement)}', not '{agreement.id}'")
    declared = list(agreement.events)
    for source_name, events in (("file", body.events), ("--event", overrides)):
        for name, value in events.items():
            where: Path_ = ("events", name)
            if name not in agreement.events:
                message = (f"agreement {agreement.id} declares no event '{excerpt(name)}'{suggest(name, declared)}; "
                           f"declared: {', '.join(declared) or 'none'}")
                if source_name == "--event":
                    raise InputError(message, Location("--event", field=name))
                raise err(where, message)
            want = agreement.events[name].type
            if (want == "flag") != isinstance(value, bool):
                got = (src.shown((*path, *where), value) if source_name == "file" and src is not None
                       else written(value))  # as written: yes, 2003-10-01 (never True, datetime.date(...))
                message = (f"'{excerpt(name)}' is a {'yes/no flag (true or false)' if want == 'flag' else 'date'}, "
                           f"got {got}")
                if source_name == "--event":
                    raise InputError(message, Location("--event", field=name))
                raise err(where, message)
    _check_order({**body.events, **overrides}, agreement, overrides, err)
    if any(s.kind is None for s in body.suspensions):  # the agreement's default kind (``default: true``)
        default_kind = agreement.default_suspension_kind()
        body = replace(body, suspensions=[s if s.kind is not None else replace(s, kind=default_kind)
                                          for s in body.suspensions])
    given_body = body
    as_of = as_of_or_today(body.as_of)
    known, later = as_known_on(body, as_of)
    kept = {k: v for k, v in overrides.items() if not _after(v, as_of)}
    later += [f"{k} {v} (--event)" for k, v in overrides.items() if _after(v, as_of)]
    facts = Facts(known, src, path, kept, given=body)
    if later:
        facts.warnings.append(f"facts dated after the as-of date {as_of} are treated as not yet happened: "
                              + "; ".join(later))
    body = known
    for name, decl in agreement.events.items():
        given = name in body.events or name in kept
        if decl.derive == "all_investors_sold_out" and body.investors and not given:
            day = sold_out_date(body.investors)
            if day is not None:
                facts.derived[name] = day
    events = facts.events
    _check_cures_given(events, agreement, overrides, err)
    kinds = agreement.suspension_kinds
    events = {**given_body.events, **overrides}  # the order of facts is checked on all of them, as given
    for i, s in enumerate(given_body.suspensions):
        if not kinds:
            raise err(("suspensions", i), f"agreement {agreement.id} provides for no suspensions")
        if s.kind is None:
            raise err(("suspensions", i), f"the suspension gives no 'kind', and agreement {agreement.id} has no "
                                          f"default kind; kinds: {', '.join(kinds)}")
        if s.kind not in kinds:
            raise err(("suspensions", i, "kind"),
                      f"'{excerpt(s.kind)}' is not a suspension kind of agreement {agreement.id}"
                      f"{suggest(s.kind, list(kinds))}; kinds: {', '.join(kinds)}")
        after = kinds[s.kind].not_before
        if after is None:
            continue
        anchor = events.get(after)
        if not isinstance(anchor, date):
            raise err(("suspensions", i, "start"),
                      f"a {s.kind} suspension needs the event '{after}', which the facts do not give")
        if s.start < anchor:
            raise err(("suspensions", i, "start"), f"suspension starts {s.start}, before {after} {anchor}")
    if agreement.uses_principal():
        for i, inv in enumerate(body.investors):
            if inv.principal is None:
                raise err(("investors", i), f"agreement {agreement.id} computes amounts on principal: give the "
                                            f"investor's 'principal'")
    return facts
