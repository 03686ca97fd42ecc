"""The schema of an agreement's encoded terms (``agreements/*.yaml``).

Everything specific to one agreement lives in its YAML: dates, rates, periods, the events it
depends on, the obligations it creates, its readings (SPEC §2: named choices where the text is
ambiguous), notes on its own inconsistencies, and test cases worked out by hand from its clauses.
Every value carries a label, a unit and a reference (section and short quote), in the manner of
OpenFisca parameter files, so a lawyer can check each number against the words it encodes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Literal

from rrcalc.calendars import CALENDARS
from rrcalc.facts import FactsBody
from rrcalc.schema import F, suggest
from rrcalc.yamlsrc import Path_, Source

SNAKE = re.compile(r"^[a-z][a-z0-9_]*$")

#: Anchor that every agreement knows without declaring it: the date of the agreement ("the date hereof").
AGREEMENT_DATE = "agreement_date"

Unit = Literal[
    "percent", "usd", "days", "business_days", "trading_days", "months", "years", "count", "shares",
    "date", "text", "flag", "calendar",
]


@dataclass
class Reference:
    """Where in the agreement's text a value comes from: its section and a short quote of the words."""

    section: str = F("Section of the agreement as its text numbers it", examples=["2(b)(iii)", "11(k)"])
    quote: str = F("A short verbatim quote of the words encoded (at most 400 characters)")

    def check(self, src: Source, path: Path_) -> None:
        if not self.quote.strip():
            raise src.error((*path, "quote"), "must not be empty")
        if len(self.quote) > 400:
            raise src.error((*path, "quote"), f"is {len(self.quote)} characters; quote at most 400")

    def __str__(self) -> str:
        return f"§{self.section}"


@dataclass
class Party:
    """A party to the agreement."""

    name: str = F("Name as it appears in the agreement")
    role: str = F("Its role, e.g. Company, Investor, Holder")


@dataclass
class Term:
    """One parameter of the agreement: value, unit, label and the clause it comes from."""

    label: str = F("What the value is, in the agreement's words")
    value: bool | date | int | Decimal | str = F("The value itself; percentages as exact decimals (1.5 for 1.5%)")
    unit: Unit = F("The unit of the value")
    reference: Reference = F("The clause that sets the value")
    description: str | None = F("Longer explanation, if the label is not enough", None)

    def check(self, src: Source, path: Path_) -> None:
        if self.unit in ("percent", "usd") and isinstance(self.value, int | Decimal) and self.value < 0:
            raise src.error((*path, "value"), f"{self.value} is negative; a {self.unit} term must be at least 0")
        if self.unit == "calendar" and self.value not in CALENDARS:
            raise src.error((*path, "value"),
                            f"unknown calendar '{self.value}' (known: {', '.join(CALENDARS)})")


@dataclass
class EventDecl:
    """A fact the agreement's obligations depend on, supplied by the events file."""

    label: str = F("What happened, in words")
    type: Literal["date", "flag"] = F("'date' for a dated fact; 'flag' for a yes/no fact", "date")
    not_before: list[str] = F("Events (or agreement_date) this one cannot precede: a reversed pair is bad input",
                              factory=list)
    reference: Reference | None = F("The clause that gives the event its meaning", None)
    derive: Literal["all_investors_sold_out"] | None = F(
        "When not given, derive the date from the facts: all_investors_sold_out = the day of the sale after "
        "which no Investor holds any securities", None)


@dataclass
class SuspensionKind:
    """A kind of restriction on sales that the events file may report."""

    label: str = F("What the restriction is")
    not_before: str | None = F("An event the restriction cannot start before (bad input otherwise)", None)
    reference: Reference | None = F("The clause that speaks of it", None)


@dataclass
class Reading:
    """A named choice where the text is ambiguous (SPEC §2): a default, the alternatives, the words."""

    label: str = F("Short name of the question")
    question: str = F("Why the text admits more than one reading")
    default: str = F("The alternative rrcalc uses unless --reading says otherwise")
    alternatives: dict[str, str] = F("Each alternative's name and what it means", min_len=2)
    reference: Reference | None = F("The words that make it a choice", None)
    sets: str | None = F("A term whose value this reading chooses (each alternative is a value for it)", None)

    def check(self, src: Source, path: Path_) -> None:
        if self.default not in self.alternatives:
            raise src.error((*path, "default"), f"'{self.default}' is not one of the alternatives "
                            f"({', '.join(self.alternatives)}){suggest(self.default, list(self.alternatives))}")


@dataclass
class DateRule:
    """How a date is computed: a fixed date, or an offset from an anchor, or the earliest/latest of rules.

    Offsets follow SPEC §2: ``days`` are calendar days; ``business_days`` count from the anchor, the
    anchor itself never counted (negative: before it); ``months``/``years`` keep the day number, or
    take the month's last day where that day does not exist.
    """

    on: date | None = F("A fixed date (an offset may count from it)", None)
    anchor: str | None = F("The event, obligation or 'agreement_date' the date counts from", None)
    days: int | None = F("Calendar days after the anchor (negative: before)", None)
    business_days: int | None = F("Business days after the anchor, the anchor not counted (negative: before)", None)
    months: int | None = F("Months after the anchor", None)
    years: int | None = F("Years after the anchor", None)
    earliest_of: list[DateRule] | None = F("The earliest of these rules' dates that the facts determine", None)
    latest_of: list[DateRule] | None = F("The latest of these rules' dates", None)
    roll: Literal["none", "next_business_day", "next_business_day_if_weekend"] = F(
        "Whether a date that is not a business day moves (SPEC §2: not unless the clause says so)", "none")

    def check(self, src: Source, path: Path_) -> None:
        bases = [k for k in ("on", "anchor", "earliest_of", "latest_of") if getattr(self, k) is not None]
        if len(bases) != 1:
            raise src.error(path, "a date rule needs exactly one of 'on', 'anchor', 'earliest_of', 'latest_of'"
                            + (f"; got {', '.join(bases)}" if bases else ""))
        offsets = [k for k in ("days", "business_days", "months", "years") if getattr(self, k) is not None]
        if len(offsets) > 1:
            raise src.error(path, f"give one offset, not {' and '.join(offsets)}")
        if offsets and self.anchor is None and self.on is None:
            raise src.error((*path, offsets[0]), "an offset needs an 'anchor' or 'on' date to count from")

    def anchors(self) -> list[str]:
        """Every anchor name this rule refers to."""
        out = [self.anchor] if self.anchor else []
        for sub in (self.earliest_of or []) + (self.latest_of or []):
            out.extend(sub.anchors())
        return out


@dataclass
class Case:
    """An alternative rule that applies when an event is given (a date) or a flag is true."""

    when: str = F("The event or flag that selects this rule")
    rule: DateRule = F("The rule that applies then")
    reference: Reference | None = F("The clause that provides the alternative", None)


@dataclass
class Obligation:
    """A dated obligation, right or limit the agreement creates."""

    label: str = F("Name of the obligation as a lawyer would say it")
    description: str = F("What must happen by (or from) the date")
    rule: DateRule = F("How the date is computed")
    reference: Reference = F("The clause that creates the obligation")
    kind: Literal["deadline", "earliest", "window_start", "window_end", "date"] = F(
        "deadline: must happen on or before; earliest: may happen from; window_start/window_end: bounds of a "
        "period; date: a defined date", "deadline")
    when: str | None = F("Applies only when this event is given or this flag is true", None)
    cases: list[Case] = F("Alternative rules, the first whose event is given wins", factory=list)
    met_by: str | None = F("The event that fulfils the obligation (for its status)", None)


@dataclass
class Note:
    """A drafting point the text itself raises (an inconsistency, a redundancy), printed by `show`."""

    title: str = F("Short title")
    text: str = F("What the text says and how rrcalc treats it")
    reference: Reference = F("The words in question")


@dataclass
class Expect:
    """What a test case expects, each figure worked out by hand from the clause."""

    deadlines: dict[str, date | None] = F("Obligation id to its due date (null: not determined by the facts)",
                                          factory=dict)


@dataclass
class TestCase:
    """A scenario and its hand-worked result, run by `rrcalc check`."""

    name: str = F("What the case shows")
    facts: FactsBody = F("The scenario, in the events-file format", factory=FactsBody)
    readings: dict[str, str] = F("Readings switched for this case", factory=dict)
    expect: Expect = F("The expected results", factory=Expect)
    working: str | None = F("The arithmetic from the clause that gives the expected figures", None)


@dataclass
class Agreement:
    """A Registration Rights Agreement encoded as data."""

    id: str = F("Short id used with --agreement", examples=["2003"])
    title: str = F("Title of the agreement")
    date: date = F("The date of the agreement ('the date hereof'); anchor 'agreement_date'")
    company: str = F("The registrant")
    parties: list[Party] = F("The parties", min_len=1)
    summary: str = F("What the agreement provides, in one or two sentences")
    source: str = F("File name of the agreement's text")
    calendar: Term = F("The business-day calendar (unit 'calendar'): ny-banks, nyse or weekdays")
    trading_calendar: str = F("Calendar of the Principal Trading Market's trading days", "nyse")
    events: dict[str, EventDecl] = F("Facts the obligations depend on, by name", factory=dict)
    terms: dict[str, Term] = F("Parameters (rates, periods, thresholds), by id", factory=dict)
    obligations: dict[str, Obligation] = F("Dated obligations, by id", factory=dict)
    suspension_kinds: dict[str, SuspensionKind] = F("Kinds of suspension the events file may give",
                                                    factory=dict)
    readings: dict[str, Reading] = F("Readings of ambiguous words, by key", factory=dict)
    notes: list[Note] = F("Inconsistencies and drafting points in the text", factory=list)
    tests: list[TestCase] = F("Hand-worked scenarios `rrcalc check` runs", factory=list)
    origin: str = field(default="", init=False, repr=False)  # the file it was loaded from

    def check(self, src: Source, path: Path_) -> None:
        for group in ("events", "terms", "obligations", "readings"):
            for key in getattr(self, group):
                if not SNAKE.match(key):
                    raise src.error((*path, group, key), f"'{key}' is not a snake_case name")
        if self.calendar.unit != "calendar":
            raise src.error((*path, "calendar", "unit"), "must be 'calendar'")
        if self.trading_calendar not in CALENDARS:
            raise src.error((*path, "trading_calendar"),
                            f"unknown calendar '{self.trading_calendar}' (known: {', '.join(CALENDARS)})")
        clash = set(self.events) & set(self.obligations)
        if clash or AGREEMENT_DATE in self.events or AGREEMENT_DATE in self.obligations:
            name = sorted(clash)[0] if clash else AGREEMENT_DATE
            raise src.error((*path, "events", name), f"'{name}' names both an event and an obligation")
        anchors = [AGREEMENT_DATE, *self.events, *self.obligations]
        for name, decl in self.events.items():
            for i, other in enumerate(decl.not_before):
                if other not in self.events and other != AGREEMENT_DATE:
                    raise src.error((*path, "events", name, "not_before", i),
                                    f"unknown event '{other}'{suggest(other, anchors)}")
        for kind, sk in self.suspension_kinds.items():
            if sk.not_before is not None and sk.not_before not in self.events:
                raise src.error((*path, "suspension_kinds", kind, "not_before"),
                                f"unknown event '{sk.not_before}'{suggest(sk.not_before, list(self.events))}")
        for oid, ob in self.obligations.items():
            where = (*path, "obligations", oid)
            rules = [(("rule",), ob.rule)] + [(("cases", i, "rule"), c.rule) for i, c in enumerate(ob.cases)]
            for sub, rule in rules:
                for anchor in rule.anchors():
                    if anchor not in anchors:
                        raise src.error((*where, *sub), f"unknown anchor '{anchor}'{suggest(anchor, anchors)}")
            for key, name in [("when", ob.when), ("met_by", ob.met_by)] + [
                (f"cases[{i}].when", c.when) for i, c in enumerate(ob.cases)
            ]:
                if name is not None and name not in self.events:
                    raise src.error((*where, key), f"unknown event '{name}'{suggest(name, list(self.events))}")
        for key, reading in self.readings.items():
            if reading.sets is None:
                continue
            target = self.calendar if reading.sets == "calendar" else self.terms.get(reading.sets)
            if target is None:
                raise src.error((*path, "readings", key, "sets"),
                                f"unknown term '{reading.sets}'{suggest(reading.sets, ['calendar', *self.terms])}")
            if target.unit == "calendar":
                for alt in reading.alternatives:
                    if alt not in CALENDARS:
                        raise src.error((*path, "readings", key, "alternatives", alt),
                                        f"unknown calendar '{alt}' (known: {', '.join(CALENDARS)})")
        for i, case in enumerate(self.tests):
            for oid in case.expect.deadlines:
                if oid not in self.obligations:
                    raise src.error((*path, "tests", i, "expect", "deadlines", oid),
                                    f"unknown obligation '{oid}'{suggest(oid, list(self.obligations))}")
            for key, value in case.readings.items():
                if key not in self.readings:
                    raise src.error((*path, "tests", i, "readings", key),
                                    f"unknown reading '{key}'{suggest(key, list(self.readings))}")
                if value not in self.readings[key].alternatives:
                    raise src.error((*path, "tests", i, "readings", key),
                                    f"'{value}' is not an alternative of '{key}' "
                                    f"({', '.join(self.readings[key].alternatives)})")
