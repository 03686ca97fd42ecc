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

from rrcalc.model.calendars import CALENDARS
from rrcalc.model.facts import FactsBody
from rrcalc.model.schema import F, suggest
from rrcalc.model.yamlsrc import Path_, Source

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


_COUNTS = ("days", "business_days", "trading_days", "months", "years", "count", "shares")

# Bounds on what the engine can run (issue 10): an agreement beyond them is refused by `check`, with its line.
#: The largest value of a term or offset in each unit: a century of days (36,600), of months (1,200) or of
#: years (100); counts up to 10,000; a percentage up to 1,000 (rates per period have the tighter bound below).
MAX_BY_UNIT = {"days": 36_600, "business_days": 36_600, "trading_days": 36_600, "months": 1_200, "years": 100,
               "count": 10_000, "percent": 1_000}
#: A Periodic Amount or interest rate is at most 100% of its base per period: a failure never costs more than
#: the whole base in one period (the bundled agreements charge 1% to 3%).
MAX_RATE_PERCENT = 100
#: A period (of Periodic Amounts or of interest) is at most a year (a leap year's 366 days): rates are quoted
#: per 30 days, per month or per annum.
MAX_PERIOD_DAYS = 366
#: earliest_of / latest_of may nest this deep (the bundled agreements nest two levels).
MAX_RULE_NESTING = 4


@dataclass
class Term:
    """One parameter of the agreement: value, unit, label and the clause it comes from."""

    label: str = F("What the value is, in the agreement's words")
    value: bool | date | int | Decimal | str = F("The value itself; percentages as exact decimals (1.5 for 1.5%)")
    unit: Unit = F("The unit of the value")
    reference: Reference = F("The clause that sets the value")
    description: str | None = F("Longer explanation, if the label is not enough", None)

    def check(self, src: Source, path: Path_) -> None:
        if self.unit in ("percent", "usd") and (isinstance(self.value, bool)
                                                or not isinstance(self.value, int | Decimal)):
            raise src.error((*path, "value"), f"'{self.value}' is not a number within rrcalc's bounds (at most "
                                              "15 digits before the point and 6 after)")
        if self.unit in ("percent", "usd") and isinstance(self.value, int | Decimal) and self.value < 0:
            raise src.error((*path, "value"), f"{self.value} is negative; a {self.unit} term must be at least 0")
        if self.unit in _COUNTS and (isinstance(self.value, bool) or not isinstance(self.value, int)
                                     or self.value < 0):
            raise src.error((*path, "value"), f"{self.value!r} is not a whole number of {self.unit} (0 or more)")
        top = MAX_BY_UNIT.get(self.unit)
        if top is not None and isinstance(self.value, int | Decimal) and not isinstance(self.value, bool) \
                and self.value > top:
            raise src.error((*path, "value"), f"{self.value} {self.unit} is more than rrcalc accepts ({top:,})")
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
    valid_from: str | None = F(
        "An obligation or event from whose date on this event has effect: dated earlier, it creates no "
        "obligation (every obligation counted from it is not_applicable, with the reason and a warning)", None)


@dataclass
class SuspensionKind:
    """A kind of restriction on sales that the events file may report."""

    label: str = F("What the restriction is")
    not_before: str | None = F("An event the restriction cannot start before (bad input otherwise)", None)
    max_days: str | None = F("Term (days): the longest the agreement allows such a restriction, in calendar days",
                             None)
    max_days_applies: Choice = F(
        "each: max_days limits every restriction of this kind by itself; total: all restrictions of this kind in "
        "the facts together (the facts describe one registration); or a reading that chooses", "each")
    extends_effectiveness: bool = F("Whether its days extend the period the statement must stay effective", False)
    grace_days: str | None = F("Term (days): a restriction of this kind that is not permitted becomes a failure only "
                               "once it has lasted more than this many consecutive days, on the next day", None)
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
        for key in offsets:
            n, top = getattr(self, key), MAX_BY_UNIT[key]
            if abs(n) > top:
                raise src.error((*path, key), f"an offset of {n} {key} is more than rrcalc accepts (±{top:,})")
        if self.nesting() > MAX_RULE_NESTING:
            raise src.error(path, f"earliest_of/latest_of nested more than {MAX_RULE_NESTING} levels deep")

    def nesting(self) -> int:
        """How deep earliest_of/latest_of lists nest under this rule (0: none). Each sub-rule was checked when it
        was built, so this never goes deeper than MAX_RULE_NESTING + 1."""
        subs = (self.earliest_of or []) + (self.latest_of or [])
        return 1 + max(r.nesting() for r in subs) if subs else 0

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
    on_or_before: Choice | None = F(
        "The case applies only when its event's date is on or before this date: own_rule (the date the "
        "obligation's own rule gives), an event or obligation; or a reading that chooses (unset: at any time)",
        None)
    reference: Reference | None = F("The clause that provides the alternative", None)


@dataclass
class Extension:
    """The date moves later by the calendar days of each permitted restriction of these kinds.

    A restriction counts when it begins on or before the date as extended so far and, if the obligation's
    ``met_by`` event is given, before that event (2001 6(a) "subject to Section 2(c)": a postponement of the
    filing; 6(e): the effectiveness period "extended for a number of days equal to the number of days" deferred).
    """

    kinds: list[str] = F("Suspension kinds whose days extend the date", min_len=1)
    reference: Reference | None = F("The clause that extends the date", None)


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
    extended_by: Extension | None = F("Restrictions whose days move the date later", None)


@dataclass
class ReadingRef:
    """A choice left to a reading: the value in force of reading ``reading``."""

    reading: str = F("The reading whose alternative in force decides")
    values: dict[str, str | None] | None = F(
        "The value each alternative of the reading gives the field (null: the field is unset); without it, the "
        "alternative's own name is the value", None)


Choice = ReadingRef | str


@dataclass
class RateStep:
    """The Periodic Amount Percentage from a period number on (2002: 2% for the 1st-3rd, 3% after)."""

    from_period: int = F("The first period (Computation Date) number the rate applies to", ge=1)
    rate: str = F("The term (unit percent) that gives the rate")


@dataclass
class Payment:
    """When each amount is payable (SPEC §4.3 for 2002/2003; 1998: a number of days after each period)."""

    first_days: str | None = F("Term: the first payment date is the trigger + this many days (2(b)(iv)(1))", None)
    after_cure_business_days: str | None = F(
        "Term: later payment dates are the earlier of each 30th day and this many business days after the cure",
        None)
    days_after_period_end: str | None = F("Term: each period's amount is due this many days after its last day",
                                          None)
    business_days_after_accrual: str | None = F(
        "Term: each amount is due this many business days after the day it accrues (a monthly period's first day)",
        None)
    reference: Reference | None = F("The clause that says when amounts are payable", None)

    def check(self, src: Source, path: Path_) -> None:
        schedule = self.first_days is not None or self.after_cure_business_days is not None
        ways = [schedule, self.days_after_period_end is not None, self.business_days_after_accrual is not None]
        if sum(ways) != 1 or (schedule and (self.first_days is None or self.after_cure_business_days is None)):
            raise src.error(path, "give one of: first_days and after_cure_business_days (a payment schedule), "
                                  "days_after_period_end, or business_days_after_accrual")


@dataclass
class SharePricing:
    """Periodic Amount Shares: an amount paid in shares at a discount to the average Closing Bid Price."""

    price_percent: str = F("Term (percent): the share price as a percentage of the average Closing Bid Price")
    trading_days: str = F("Term (trading_days): how many trading days before the Computation Date are averaged")
    reference: Reference | None = F("The clause that allows payment in shares", None)


@dataclass
class Election:
    """An election the Investor may make for each amount, within business days after it is first payable."""

    label: str = F("What the Investor elects, in words")
    business_days: str = F("Term (business_days): the election is due this many business days after the anchor")
    after: Choice = F("period_end: the period's last day (the amount arises); payment_due: the day the amount "
                      "is due; or a reading that chooses")
    reference: Reference = F("The clause that gives the election")


@dataclass
class Track:
    """A kind of failure that gives rise to payments, and how they are computed."""

    label: str = F("What the failure is")
    description: str = F("How the amounts are computed, in words")
    reference: Reference = F("The clause that creates the payments")
    occurs: Literal["deadline_missed", "restricted_sale", "suspension"] = F(
        "deadline_missed: from a deadline to a cure event; restricted_sale: each Restricted Sale Date (from the "
        "permitted_suspensions rules) to the removal of restrictions; suspension: the restricted days themselves")
    periods: Literal["computation_dates", "consecutive", "monthly"] = F(
        "computation_dates: periods end on Computation Dates (2(b)(vii)); consecutive: the counted days are cut "
        "into consecutive periods, the last possibly a portion (1998); monthly: periods run from the first day of "
        "failure to each monthly anniversary, the amount accruing on the period's first day")
    period_days: str = F("Term: the length of a period in days")
    rates: list[RateStep] = F("The Periodic Amount Percentage by period number", min_len=1)
    deadline: str | None = F("deadline_missed: the obligation whose date triggers the track", None)
    cure: str | None = F("deadline_missed: the event that cures the failure", None)
    cure_day_counts: Choice = F("counted or not_counted: whether the cure day itself is a day of failure (1998: "
                                "'prior to the date ... declared effective' does not count it); or a reading",
                                "counted")
    kinds: list[str] = F("suspension: the suspension kinds whose days count", factory=list)
    after: str | None = F("Only days after this obligation's or event's date count", None)
    before: Choice | None = F("Only days before this obligation's or event's date count; or a reading that "
                              "chooses the date (or none)", None)
    window_from: str | None = F("restricted_sale: the date the 90-day window runs from (obligation or event)", None)
    window_days: str | None = F("restricted_sale: term, the window's length in days", None)
    partial_period: Choice = F("daily (rate × days / period), per_computation_date or full (a portion pays the "
                               "full rate); or a reading that chooses", "daily")
    first_period_cure: Choice = F("ends_period or literal (SPEC §4.1); or a reading that chooses", "ends_period")
    occurrences: Choice = F("suspension tracks: each (every suspension its own periods) or aggregate; or a reading",
                            "each")
    base: Literal["held_shares_value", "purchase_price"] = F(
        "held_shares_value: the purchase price less sales before the period (see held_shares_value_after); "
        "purchase_price: the purchase price (a Subscription Amount), whatever was sold", "held_shares_value")
    held_shares_value_after: Choice | None = F(
        "The base is the Purchase Price until this event or obligation's date, and the Held Shares Value after it "
        "(unset: always the Held Shares Value); or a reading that chooses the event or obligation", None)
    overlap: Choice = F(
        "stack: every day of failure counts under this track whatever other tracks count; count_once: a day that "
        "an earlier track (in the order of `tracks`) counts is not counted again here (consecutive periods "
        "only); or a reading that chooses", "stack")
    election: Election | None = F("The Investor's election (e.g. to convert an amount into shares): its "
                                  "deadline is given for each amount", None)
    payment: Payment = F("When the amounts are payable", factory=Payment)
    window_optional: bool = F("restricted_sale: give amounts for every Restricted Sale Date when the track has no "
                              "window", False)
    shares: SharePricing | None = F("How an amount converts into Periodic Amount Shares, if it can", None)

    def check(self, src: Source, path: Path_) -> None:
        need = {"deadline_missed": ("deadline", "cure"),
                "restricted_sale": () if self.window_optional else ("window_from", "window_days"),
                "suspension": ("kinds",)}[self.occurs]
        for key in need:
            if not getattr(self, key):
                raise src.error(path, f"a {self.occurs} track needs '{key}'")
        if [r.from_period for r in self.rates] != sorted({r.from_period for r in self.rates}) \
                or self.rates[0].from_period != 1:
            raise src.error((*path, "rates"), "rate steps must start at period 1 and increase")


@dataclass
class PermittedSuspensions:
    """What makes a suspension a Permitted Suspension Period (3(h)); others start a Restricted Sale Date."""

    kinds: list[str] = F("Suspension kinds that can be permitted; the only ones counted toward the limits",
                         min_len=1)
    max_business_days: str = F("Term: the longest a permitted suspension may be, in business (or trading) days")
    min_gap_business_days: str = F("Term: a suspension must begin on or after this business (or trading) day "
                                   "after the last day of the preceding one")
    max_count: str | None = F("Term: how many suspensions may be permitted in all (unset: no limit)", None)
    notice_business_days: str | None = F("Term: the notice owed, in business days before the start (unset: none)",
                                         None)
    max_total_business_days: str | None = F("Term: the most business (or trading) days of suspension in any "
                                            "rolling window (see total_window_days)", None)
    total_window_days: str | None = F("Term: the rolling window, in calendar days, for max_total_business_days",
                                      None)
    counting: Literal["business_days", "trading_days"] = F(
        "Count lengths and gaps in business days (the agreement's calendar) or trading days (its trading calendar)",
        "business_days")
    short_notice: Choice = F("warn or disqualify; or a reading that chooses", "warn")
    overlong: Choice = F("whole or excess; or a reading that chooses", "whole")
    episodes: Choice = F("each or first_only (Restricted Sale Dates); or a reading that chooses", "each")
    until: str | None = F(
        "An obligation or event ending the period in which restrictions matter: days after its date neither "
        "start nor extend a Restricted Sale Date (unset: no end)", None)
    reference: Reference | None = F("The clause that defines Permitted Suspension Periods", None)


@dataclass
class PaymentCap:
    """A ceiling on all payments to one Investor, as a percentage of its purchase price."""

    rate: str = F("Term (percent): the cap as a percentage of the Investor's purchase price")
    reference: Reference = F("The clause that sets the cap")


@dataclass
class LateInterest:
    """Interest on a payment not made when due, prorated daily, until paid (or the as-of date)."""

    rate: str = F("Term (percent): interest per period")
    period_days: str = F("Term (days): the period the rate is for, and the denominator of the daily proration")
    reference: Reference = F("The clause that charges the interest")


@dataclass
class Note:
    """A drafting point the text itself raises (an inconsistency, a redundancy), printed by `show`."""

    title: str = F("Short title")
    text: str = F("What the text says and how rrcalc treats it")
    reference: Reference = F("The words in question")


@dataclass
class ExpectedAmount:
    """One expected Periodic Amount (or a track's total when ``period`` is omitted)."""

    track: str = F("Track id")
    amount: Decimal = F("The amount in USD, worked out by hand", ge=0)
    investor: str | None = F("The Investor (default: the only one)", None)
    occurrence: int = F("Which trigger of the track (1 for the first)", 1, ge=1)
    period: int | None = F("The period number; omitted: the occurrence's total", None)
    days: int | None = F("The days counted in the period", None)
    payment_due: date | None = F("When the amount is payable", None)
    interest: Decimal | None = F("Interest on the amount for late payment, worked out by hand", None)


@dataclass
class Expect:
    """What a test case expects, each figure worked out by hand from the clause."""

    deadlines: dict[str, date | None] = F("Obligation id to its due date (null: not determined by the facts)",
                                          factory=dict)
    penalties: list[ExpectedAmount] = F("Expected Periodic Amounts", factory=list)
    total: Decimal | None = F("The expected total owed to all Investors, all tracks", None)


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

    id: str = F("Short id used with --agreement; a bundled agreement's is its file name", examples=["acme-2025"])
    title: str = F("Title of the agreement")
    date: date = F("The date of the agreement ('the date hereof'); anchor 'agreement_date'")
    company: str = F("The registrant")
    parties: list[Party] = F("The parties", min_len=1)
    summary: str = F("What the agreement provides, in one or two sentences")
    source: str = F("File name of the agreement's text")
    calendar: Term = F("The business-day calendar (unit 'calendar'): ny-banks, nyse or weekdays")
    trading_calendar: str = F("Calendar of the Principal Trading Market's trading days", "nyse")
    events: dict[str, EventDecl] = F("Facts the obligations depend on, by name", factory=dict)
    roll_due_dates: Choice = F(
        "none: a computed date stays where it falls unless its rule rolls it (SPEC §2); next_business_day: every "
        "due date (deadline obligations and payment dates) that is not a business day moves to the next one; or "
        "a reading that chooses", "none")
    terms: dict[str, Term] = F("Parameters (rates, periods, thresholds), by id", factory=dict)
    obligations: dict[str, Obligation] = F("Dated obligations, by id", factory=dict)
    suspension_kinds: dict[str, SuspensionKind] = F("Kinds of suspension the events file may give",
                                                    factory=dict)
    readings: dict[str, Reading] = F("Readings of ambiguous words, by key", factory=dict)
    tracks: dict[str, Track] = F("Payments for failures (liquidated damages), by track id; none: the agreement "
                                 "provides none", factory=dict)
    permitted_suspensions: PermittedSuspensions | None = F("Rules for Permitted Suspension Periods", None)
    payment_cap: PaymentCap | None = F("A ceiling on all payments to one Investor", None)
    late_interest: LateInterest | None = F("Interest on payments made late", None)
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
        self._choice(src, (*path, "roll_due_dates"), self.roll_due_dates, ("none", "next_business_day"))
        for name, decl in self.events.items():
            if decl.valid_from is not None and decl.valid_from not in anchors:
                raise src.error((*path, "events", name, "valid_from"),
                                f"unknown event or obligation '{decl.valid_from}'{suggest(decl.valid_from, anchors)}")
            for i, other in enumerate(decl.not_before):
                if other not in self.events and other != AGREEMENT_DATE:
                    raise src.error((*path, "events", name, "not_before", i),
                                    f"unknown event '{other}'{suggest(other, anchors)}")
        for kind, sk in self.suspension_kinds.items():
            self._term(src, (*path, "suspension_kinds", kind, "max_days"), sk.max_days, "days")
            self._term(src, (*path, "suspension_kinds", kind, "grace_days"), sk.grace_days, "days")
            self._choice(src, (*path, "suspension_kinds", kind, "max_days_applies"), sk.max_days_applies,
                         ("each", "total"))
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
            for i, c in enumerate(ob.cases):
                if c.on_or_before is not None:
                    self._choice(src, (*where, "cases", i, "on_or_before"), c.on_or_before, ("own_rule", *anchors),
                                 optional=True)
            if ob.extended_by is not None:
                for i, kind in enumerate(ob.extended_by.kinds):
                    if kind not in self.suspension_kinds:
                        raise src.error((*where, "extended_by", "kinds", i), f"unknown suspension kind '{kind}'"
                                        f"{suggest(kind, list(self.suspension_kinds))}")
        self._check_cycles(src, path)
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
        self._check_tracks(src, path, anchors)
        for i, case in enumerate(self.tests):
            for oid in case.expect.deadlines:
                if oid not in self.obligations:
                    raise src.error((*path, "tests", i, "expect", "deadlines", oid),
                                    f"unknown obligation '{oid}'{suggest(oid, list(self.obligations))}")
            for j, ex in enumerate(case.expect.penalties):
                if ex.track not in self.tracks:
                    raise src.error((*path, "tests", i, "expect", "penalties", j, "track"),
                                    f"unknown track '{ex.track}'{suggest(ex.track, list(self.tracks))}")
            for key, value in case.readings.items():
                if key not in self.readings:
                    raise src.error((*path, "tests", i, "readings", key),
                                    f"unknown reading '{key}'{suggest(key, list(self.readings))}")
                if value not in self.readings[key].alternatives:
                    raise src.error((*path, "tests", i, "readings", key),
                                    f"'{value}' is not an alternative of '{key}' "
                                    f"({', '.join(self.readings[key].alternatives)})")

    def _check_cycles(self, src: Source, path: Path_) -> None:
        """No obligation's date may depend on itself, directly or through others (found without recursion)."""
        needs: dict[str, list[str]] = {}
        for oid, ob in self.obligations.items():
            names = ob.rule.anchors() + [a for c in ob.cases for a in c.rule.anchors()]
            for c in ob.cases:  # a case's bound is evaluated too (every alternative its reading may choose)
                bound = c.on_or_before
                if isinstance(bound, ReadingRef) and bound.reading in self.readings:
                    names += list(self.readings[bound.reading].alternatives)
                elif isinstance(bound, str):
                    names.append(bound)
            needs[oid] = [a for a in dict.fromkeys(names) if a in self.obligations]
        state: dict[str, int] = {}  # 1: on the current path, 2: done
        for start in self.obligations:
            if state.get(start):
                continue
            trail = [start]
            todo = [iter(needs[start])]
            state[start] = 1
            while todo:
                nxt = next(todo[-1], None)
                if nxt is None:
                    state[trail.pop()] = 2
                    todo.pop()
                elif state.get(nxt) == 1:
                    loop = [*trail[trail.index(nxt):], nxt]
                    raise src.error((*path, "obligations", loop[0], "rule"),
                                    f"obligation '{loop[0]}' depends on itself ({' -> '.join(loop)})")
                elif not state.get(nxt):
                    state[nxt] = 1
                    trail.append(nxt)
                    todo.append(iter(needs[nxt]))

    def _positive(self, src: Source, where: Path_, name: str | None, what: str, top: int | None = None) -> None:
        """A term that divides or counts must not be 0 (and not above ``top``)."""
        if name is None or name not in self.terms:
            return
        value = self.terms[name].value
        if isinstance(value, int | Decimal) and not isinstance(value, bool):
            if value <= 0:
                raise src.error(where, f"term '{name}' is {value}; {what} must be more than 0")
            if top is not None and value > top:
                raise src.error(where, f"term '{name}' is {value}; {what} may be at most {top}")

    # -- tracks and suspension rules ---------------------------------------------------------------
    def _term(self, src: Source, where: Path_, name: str | None, *units: str) -> None:
        if name is None:
            return
        if name not in self.terms:
            raise src.error(where, f"unknown term '{name}'{suggest(name, list(self.terms))}")
        if self.terms[name].unit not in units:
            raise src.error(where, f"term '{name}' is in {self.terms[name].unit}; expected {' or '.join(units)}")

    def _rate(self, src: Source, where: Path_, name: str) -> None:
        value = self.terms[name].value if name in self.terms else None
        if isinstance(value, int | Decimal) and not isinstance(value, bool) and value > MAX_RATE_PERCENT:
            raise src.error(where, f"term '{name}' is {value}%; a rate per period may be at most "
                                   f"{MAX_RATE_PERCENT}% of its base")

    def _choice(self, src: Source, where: Path_, choice: Choice | None, allowed: tuple[str, ...],
                optional: bool = False) -> None:
        """A choice's value (or every value its reading can give) must be allowed; null only if ``optional``."""
        values: list[str | None] = [choice] if isinstance(choice, str) else []
        if isinstance(choice, ReadingRef):
            if choice.reading not in self.readings:
                raise src.error((*where, "reading"),
                                f"unknown reading '{choice.reading}'{suggest(choice.reading, list(self.readings))}")
            alternatives = list(self.readings[choice.reading].alternatives)
            if choice.values is None:
                values = list(alternatives)
            else:
                for alt in alternatives:
                    if alt not in choice.values:
                        raise src.error((*where, "values"), f"no value for alternative '{alt}' of reading "
                                                            f"'{choice.reading}'")
                for alt in choice.values:
                    if alt not in alternatives:
                        raise src.error((*where, "values", alt), f"'{alt}' is not an alternative of reading "
                                        f"'{choice.reading}'{suggest(alt, alternatives)}")
                values = list(choice.values.values())
        for v in values:
            if v is None and not optional:
                raise src.error(where, f"null is not allowed here; choose one of: {', '.join(allowed)}")
            if v is not None and v not in allowed:
                raise src.error(where, f"'{v}' is not one of: {', '.join(allowed)}{suggest(v, list(allowed))}")

    def _check_tracks(self, src: Source, path: Path_, anchors: list[str]) -> None:
        for tid, t in self.tracks.items():
            where = (*path, "tracks", tid)
            if t.deadline is not None and t.deadline not in self.obligations:
                raise src.error((*where, "deadline"),
                                f"unknown obligation '{t.deadline}'{suggest(t.deadline, list(self.obligations))}")
            if t.cure is not None and t.cure not in self.events:
                raise src.error((*where, "cure"), f"unknown event '{t.cure}'{suggest(t.cure, list(self.events))}")
            for key in ("after", "window_from"):
                name = getattr(t, key)
                if name is not None and name not in anchors:
                    raise src.error((*where, key), f"unknown event or obligation '{name}'{suggest(name, anchors)}")
            for key in ("before", "held_shares_value_after"):
                self._choice(src, (*where, key), getattr(t, key), tuple(anchors), optional=True)
            self._choice(src, (*where, "overlap"), t.overlap, ("stack", "count_once"))
            if t.periods != "consecutive" and (isinstance(t.overlap, ReadingRef) or t.overlap != "stack"):
                raise src.error((*where, "overlap"), "count_once acts on consecutive periods only")
            if t.election is not None:
                self._term(src, (*where, "election", "business_days"), t.election.business_days, "business_days")
                self._choice(src, (*where, "election", "after"), t.election.after, ("period_end", "payment_due"))
            for i, kind in enumerate(t.kinds):
                if kind not in self.suspension_kinds:
                    raise src.error((*where, "kinds", i), f"unknown suspension kind '{kind}'"
                                    f"{suggest(kind, list(self.suspension_kinds))}")
            if t.occurs == "restricted_sale" and self.permitted_suspensions is None:
                raise src.error((*where, "occurs"), "a restricted_sale track needs a permitted_suspensions block")
            self._term(src, (*where, "period_days"), t.period_days, "days")
            self._positive(src, (*where, "period_days"), t.period_days, "a period (in days)", MAX_PERIOD_DAYS)
            self._term(src, (*where, "window_days"), t.window_days, "days")
            for i, step in enumerate(t.rates):
                self._term(src, (*where, "rates", i, "rate"), step.rate, "percent")
                self._rate(src, (*where, "rates", i, "rate"), step.rate)
            self._term(src, (*where, "payment", "first_days"), t.payment.first_days, "days")
            self._term(src, (*where, "payment", "after_cure_business_days"), t.payment.after_cure_business_days,
                       "business_days")
            self._term(src, (*where, "payment", "days_after_period_end"), t.payment.days_after_period_end, "days")
            if t.shares is not None:
                self._term(src, (*where, "shares", "price_percent"), t.shares.price_percent, "percent")
                self._term(src, (*where, "shares", "trading_days"), t.shares.trading_days, "trading_days")
                self._positive(src, (*where, "shares", "price_percent"), t.shares.price_percent, "a share price")
                self._positive(src, (*where, "shares", "trading_days"), t.shares.trading_days,
                               "the number of trading days averaged", MAX_PERIOD_DAYS)
            self._term(src, (*where, "payment", "business_days_after_accrual"), t.payment.business_days_after_accrual,
                       "business_days")
            self._choice(src, (*where, "cure_day_counts"), t.cure_day_counts, ("counted", "not_counted"))
            self._choice(src, (*where, "partial_period"), t.partial_period, ("daily", "per_computation_date", "full"))
            self._choice(src, (*where, "first_period_cure"), t.first_period_cure, ("ends_period", "literal"))
            self._choice(src, (*where, "occurrences"), t.occurrences, ("each", "aggregate"))
        if self.payment_cap is not None:
            self._term(src, (*path, "payment_cap", "rate"), self.payment_cap.rate, "percent")
        if self.late_interest is not None:
            self._term(src, (*path, "late_interest", "rate"), self.late_interest.rate, "percent")
            self._term(src, (*path, "late_interest", "period_days"), self.late_interest.period_days, "days")
            self._rate(src, (*path, "late_interest", "rate"), self.late_interest.rate)
            self._positive(src, (*path, "late_interest", "period_days"), self.late_interest.period_days,
                           "an interest period (in days)", MAX_PERIOD_DAYS)
        ps = self.permitted_suspensions
        if ps is not None:
            where = (*path, "permitted_suspensions")
            for i, kind in enumerate(ps.kinds):
                if kind not in self.suspension_kinds:
                    raise src.error((*where, "kinds", i), f"unknown suspension kind '{kind}'"
                                    f"{suggest(kind, list(self.suspension_kinds))}")
            days_unit = ps.counting
            self._term(src, (*where, "max_count"), ps.max_count, "count")
            self._term(src, (*where, "max_business_days"), ps.max_business_days, days_unit)
            self._term(src, (*where, "min_gap_business_days"), ps.min_gap_business_days, days_unit)
            self._term(src, (*where, "notice_business_days"), ps.notice_business_days, "business_days")
            self._term(src, (*where, "max_total_business_days"), ps.max_total_business_days, days_unit)
            self._term(src, (*where, "total_window_days"), ps.total_window_days, "days")
            if (ps.max_total_business_days is None) != (ps.total_window_days is None):
                raise src.error(where, "give both max_total_business_days and total_window_days, or neither")
            self._choice(src, (*where, "short_notice"), ps.short_notice, ("warn", "disqualify"))
            self._choice(src, (*where, "overlong"), ps.overlong, ("whole", "excess"))
            self._choice(src, (*where, "episodes"), ps.episodes, ("each", "first_only"))
            if ps.until is not None and ps.until not in anchors:
                raise src.error((*where, "until"), f"unknown event or obligation '{ps.until}'"
                                f"{suggest(ps.until, anchors)}")

    def choose(self, choice: Choice, in_force: dict[str, str]) -> str:
        """The value of a choice: itself, or the value of the alternative in force of the reading it names."""
        value = self.choose_optional(choice, in_force)
        assert value is not None  # the schema refuses null where a value is required
        return value

    def choose_optional(self, choice: Choice | None, in_force: dict[str, str]) -> str | None:
        """Like :meth:`choose`, for a field that may be unset (None), also by a reading's value."""
        if not isinstance(choice, ReadingRef):
            return choice
        alt = in_force.get(choice.reading, self.readings[choice.reading].default)
        return choice.values[alt] if choice.values is not None else alt

    def number(self, term: str) -> Decimal:
        """A numeric term's value as an exact Decimal."""
        value = self.terms[term].value
        if isinstance(value, bool) or not isinstance(value, int | Decimal):
            raise TypeError(f"term {term} is not a number")
        return Decimal(value)

    def readings_in_force(self, chosen: dict[str, str] | None = None) -> dict[str, str]:
        """Every reading with the alternative in force: its default, or as ``chosen`` (``--reading``)."""
        from rrcalc.errors import UsageError

        chosen = chosen or {}
        for key, value in chosen.items():
            if key not in self.readings:
                known = list(self.readings)
                raise UsageError(f"--reading {key}={value}: agreement {self.id} has no reading '{key}'"
                                 f"{suggest(key, known)}; readings: {', '.join(known) or 'none'}")
            alts = list(self.readings[key].alternatives)
            if value not in alts:
                raise UsageError(f"--reading {key}={value}: '{value}' is not an alternative"
                                 f"{suggest(value, alts)}; choose one of: {', '.join(alts)}")
        return {k: chosen.get(k, r.default) for k, r in self.readings.items()}

    def calendar_name(self, in_force: dict[str, str]) -> str:
        """The business-day calendar in force: the agreement's, unless a reading that sets it says otherwise."""
        for key, reading in self.readings.items():
            if reading.sets == "calendar":
                return in_force.get(key, reading.default)
        return str(self.calendar.value)
