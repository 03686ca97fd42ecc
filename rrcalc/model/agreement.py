"""The schema of an agreement's encoded terms (``agreements/*.yaml``).

Everything specific to one agreement lives in its YAML: dates, rates, periods, the events it
depends on, the obligations it creates, its readings (named choices where the text is
ambiguous: docs/conventions.md#readings), notes on its own inconsistencies, and test cases worked out
by hand from its clauses.
Every value carries a label, a unit and a reference (section and short quote), in the manner of
OpenFisca parameter files, so a lawyer can check each number against the words it encodes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Literal

from rrcalc.model.calendars import CALENDARS, BusinessCalendar, get_calendar
from rrcalc.model.facts import FactsBody
from rrcalc.model.schema import F, suggest
from rrcalc.model.yamlsrc import Path_, Source

SNAKE = re.compile(r"^[a-z][a-z0-9_]*$")

#: Anchor that every agreement knows without declaring it: the date of the agreement ("the date hereof").
AGREEMENT_DATE = "agreement_date"

Unit = Literal[
    "percent", "usd", "days", "business_days", "trading_days", "months", "years", "count", "shares",
    "date", "text", "flag", "calendar", "month_day",
]

MONTH_DAY = re.compile(r"^(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$")


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

# Bounds on what the engine can run: an agreement beyond them is refused by `check`, with its line.
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
        def shown() -> str:  # the value as the file writes it (30.5, not Decimal('30.5')); read again only here
            return src.shown((*path, "value"), self.value)

        if self.unit in ("percent", "usd") and (isinstance(self.value, bool)
                                                or not isinstance(self.value, int | Decimal)):
            raise src.error((*path, "value"), f"'{shown()}' is not a number within rrcalc's bounds (at most "
                                              "15 digits before the point and 6 after)")
        if self.unit in ("percent", "usd") and isinstance(self.value, int | Decimal) and self.value < 0:
            raise src.error((*path, "value"), f"{shown()} is negative; a {self.unit} term must be at least 0")
        if self.unit in _COUNTS and (isinstance(self.value, bool) or not isinstance(self.value, int)
                                     or self.value < 0):
            raise src.error((*path, "value"), f"'{shown()}' is not a whole number of {self.unit} (0 or more)")
        top = MAX_BY_UNIT.get(self.unit)
        if top is not None and isinstance(self.value, int | Decimal) and not isinstance(self.value, bool) \
                and self.value > top:
            raise src.error((*path, "value"), f"{shown()} {self.unit} is more than rrcalc accepts ({top:,})")
        if self.unit == "calendar" and self.value not in CALENDARS:
            raise src.error((*path, "value"),
                            f"unknown calendar '{shown()}' (known: {', '.join(CALENDARS)})")
        if self.unit == "month_day":
            ok = isinstance(self.value, str) and MONTH_DAY.match(self.value)
            if ok and isinstance(self.value, str):  # ok is only ever true for text
                try:
                    date(2000, int(self.value[:2]), int(self.value[3:]))  # a leap year: 02-29 exists
                except ValueError:
                    ok = None
            if not ok:
                raise src.error((*path, "value"), f"'{shown()}' is not a day of the year written MM-DD "
                                                  "(in quotes, e.g. \"05-15\")")


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
    max_days: str | None = F(
        "Term (days): the longest the agreement allows such a restriction, in calendar days. Without "
        "permitted_suspensions it decides whether the restriction is permitted; with them, it is one more limit on "
        "each suspension of a permitted kind (beyond it, the overlong rule applies)", None)
    max_days_applies: Choice = F(
        "each: max_days limits every restriction of this kind by itself; total: all restrictions of this kind in "
        "the facts together (the facts describe one registration); or a reading that chooses", "each")
    extends_effectiveness: bool = F("Whether its days extend the period the statement must stay effective (only "
                                    "without permitted_suspensions)", False)
    grace_days: str | None = F("Term (days): a restriction of this kind that is not permitted becomes a failure only "
                               "once it has lasted more than this many consecutive days, on the next day (only for "
                               "a kind that permitted_suspensions never permits)", None)
    default: bool = F("The kind a suspension in an events file has when it gives none (at most one kind)", False)
    reference: Reference | None = F("The clause that speaks of it", None)


@dataclass
class Reading:
    """A named choice where the text is ambiguous (docs/conventions.md#readings): a default, the alternatives, the
    words."""

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

    Offsets follow the day-counting conventions (docs/conventions.md#day-counting): ``days`` are calendar
    days; ``business_days`` count from the anchor, the anchor itself never counted (negative: before it);
    ``months``/``years`` keep the day number, or take the month's last day where that day does not exist.
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
        "Whether a date that is not a business day moves (not unless the clause says so: the conventions, "
        "docs/conventions.md#due-dates-on-weekends-and-holidays)", "none")

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
    """When each amount is payable: exactly one way (docs/conventions.md#payment-timing: the 2002/2003 schedule of
    2(b)(iv); 1998: days after each period)."""

    first_days: str | None = F("Term: the first payment date is the trigger + this many days (2(b)(iv)(1))", None)
    after_cure_business_days: str | None = F(
        "Term: later payment dates are the earlier of each 30th day and this many business days after the cure",
        None)
    days_after_period_end: str | None = F("Term (days): each period's amount is due this many calendar days after "
                                          "its last day", None)
    business_days_after_period_end: str | None = F(
        "Term (business_days): each period's amount is due on this business day after its last day", None)
    business_days_after_accrual: str | None = F(
        "Term: each amount is due this many business days after the day it accrues (a monthly period's first day)",
        None)
    days_after_accrual: str | None = F(
        "Term (days): each amount is due this many calendar days after the day it accrues", None)
    nth_business_day_of_next_month: str | None = F(
        "Term (business_days): each period's amount is due on this business day of the month after the period's "
        "last day (e.g. 5: the fifth Business Day of the following month)", None)
    fixed_dates: list[str] = F(
        "Terms (month_day, e.g. \"05-15\"): each amount is paid on the first of these days of the year after the "
        "period's last day (Interest Payment Dates)", factory=list)
    record_dates: list[str] = F(
        "Terms (month_day): the record date of each fixed date, in the same order; the amount goes to the holders "
        "of record on the one preceding the payment", factory=list)
    reference: Reference | None = F("The clause that says when amounts are payable", None)

    WAYS = ("first_days", "days_after_period_end", "business_days_after_period_end", "business_days_after_accrual",
            "days_after_accrual", "nth_business_day_of_next_month", "fixed_dates")

    def way(self) -> str:
        """The one way this payment rule is given (after check)."""
        for w in self.WAYS:
            if getattr(self, w):
                return w
        return "first_days"

    def check(self, src: Source, path: Path_) -> None:
        schedule = self.first_days is not None or self.after_cure_business_days is not None
        ways = [schedule] + [bool(getattr(self, w)) for w in self.WAYS[1:]]
        if sum(ways) != 1 or (schedule and (self.first_days is None or self.after_cure_business_days is None)):
            raise src.error(path, "give one of: first_days and after_cure_business_days (a payment schedule), "
                                  + ", ".join(self.WAYS[1:]))
        if self.record_dates and len(self.record_dates) != len(self.fixed_dates):
            raise src.error((*path, "record_dates"), f"give one record date for each of the {len(self.fixed_dates)} "
                                                     "fixed dates, or none")


@dataclass
class SharePricing:
    """Periodic Amount Shares: an amount paid in shares at a discount to the average Closing Bid Price."""

    price_percent: str = F("Term (percent): the share price as a percentage of the average Closing Bid Price")
    trading_days: str = F("Term (trading_days): how many trading days before the Computation Date are averaged")
    reference: Reference | None = F("The clause that allows payment in shares", None)


@dataclass
class StepUp:
    """A rate that rises with the time a failure has lasted: every N days by X, up to a maximum."""

    every_days: str = F("Term (days): the rate rises at the start of each such period after the first")
    by: str = F("Term (the rate's unit): how much it rises each time")
    max: str | None = F("Term (the rate's unit): the most it can reach (unset: no maximum)", None)
    reference: Reference | None = F("The clause that steps the rate up", None)


AMOUNTS = ("percent_of_base", "usd", "usd_per_unit", "usd_per_day", "usd_per_business_day", "annual_percent")
#: Amounts that accrue day by day (any periods); the others are per period and need period_days.
DAILY_AMOUNTS = ("usd_per_day", "usd_per_business_day", "annual_percent")
DAY_COUNTS = ("30/360", "30E/360", "actual/360", "actual/365")


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
    periods: Literal["computation_dates", "consecutive", "monthly", "calendar_months", "payment_dates"] = F(
        "computation_dates: periods end on Computation Dates (2(b)(vii)); consecutive: the counted days are cut "
        "into consecutive periods of period_days, the last possibly a portion (1998; weeks: 7); monthly: periods "
        "run from the first day of failure to each monthly anniversary, the amount accruing on the period's first "
        "day; calendar_months: the days of failure in each calendar month; payment_dates: the days of failure "
        "between two of the payment's fixed_dates (an Interest Payment Date to the next, that day excluded)")
    rates: list[RateStep] = F("The rate by period number: a percentage, or USD for the usd amounts", min_len=1)
    period_days: str | None = F("Term (days): the length of a period (computation_dates, consecutive), or the "
                                "divisor of a prorated monthly amount; not for calendar_months or payment_dates", None)
    amount: Literal["percent_of_base", "usd", "usd_per_unit", "usd_per_day", "usd_per_business_day",
                    "annual_percent"] = F(
        "percent_of_base: rate% of the base per period; usd: rate dollars per period; usd_per_unit: rate dollars "
        "per period for each base_unit of the base (per $1,000 principal); usd_per_day / usd_per_business_day: rate "
        "dollars for each (business) day of failure; annual_percent: rate% per annum of the base, accruing daily "
        "by the day_count", "percent_of_base")
    base_unit: str | None = F("usd_per_unit: term (usd), the slice of the base each amount is for ($1,000)", None)
    day_count: Choice | None = F("annual_percent: 30/360 (US bond basis), 30E/360, actual/360 or actual/365; or a "
                                 "reading that chooses", None)
    step_up: StepUp | None = F("A rate that rises with elapsed days of failure (rates then gives the first rate)",
                               None)
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
    first_period_cure: Choice = F("ends_period or literal (docs/conventions.md#computation-dates); or a reading "
                                  "that chooses", "ends_period")
    occurrences: Choice = F("suspension tracks: each (every suspension its own periods) or aggregate; or a reading",
                            "each")
    base: Literal["held_shares_value", "purchase_price", "principal"] = F(
        "held_shares_value: the purchase price less sales before the period (see held_shares_value_after); "
        "purchase_price: the purchase price (a Subscription Amount), whatever was sold; principal: the principal "
        "amount of the Investor's notes (its 'principal' in the events file)", "held_shares_value")
    held_shares_value_after: Choice | None = F(
        "The base is the Purchase Price until this event or obligation's date, and the Held Shares Value after it "
        "(unset: always the Held Shares Value); or a reading that chooses the event or obligation", None)
    overlap: Choice = F(
        "stack: every day of failure counts under this track whatever other tracks count; count_once: a day that "
        "an earlier track (in the order of `tracks`) counts is not counted again here (consecutive, "
        "calendar_months or payment_dates periods); or a reading that chooses", "stack")
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
        # a field that cannot act is refused, never ignored
        only = {"deadline": ("deadline_missed",), "cure": ("deadline_missed",), "kinds": ("suspension",),
                "window_from": ("restricted_sale",), "window_days": ("restricted_sale",),
                "window_optional": ("restricted_sale",)}
        for key, occurs in only.items():
            if getattr(self, key) and self.occurs not in occurs:
                raise src.error((*path, key), f"'{key}' acts only on a {' or '.join(occurs)} track")
        new_periods = self.periods in ("calendar_months", "payment_dates")
        if self.period_days is None and self.periods in ("computation_dates", "consecutive", "monthly"):
            raise src.error(path, f"{self.periods} periods need 'period_days'")
        if self.period_days is not None and new_periods:
            raise src.error((*path, "period_days"), f"{self.periods} periods have no period_days")
        if self.amount not in DAILY_AMOUNTS and new_periods:
            raise src.error((*path, "amount"), f"a {self.amount} amount is per period; {self.periods} periods need "
                            f"an amount that accrues daily ({', '.join(DAILY_AMOUNTS)})")
        if (self.occurs == "suspension" and self.periods != "consecutive") or (
                self.periods == "computation_dates" and self.occurs == "suspension"):
            raise src.error((*path, "periods"), "a suspension track's days are cut into consecutive periods")
        if (self.after or self.before) and self.periods in ("computation_dates", "monthly"):
            key = "after" if self.after else "before"
            raise src.error((*path, key), f"'{key}' acts on consecutive, calendar_months or payment_dates periods, "
                                          f"not {self.periods}")
        if self.overlap != "stack" and self.periods in ("computation_dates", "monthly"):
            raise src.error((*path, "overlap"), f"'overlap' acts on consecutive, calendar_months or payment_dates "
                                                f"periods, not {self.periods}")
        if self.periods == "payment_dates" and not self.payment.fixed_dates:
            raise src.error((*path, "payment"), "payment_dates periods need the payment's fixed_dates")
        if (self.base_unit is None) != (self.amount != "usd_per_unit"):
            raise src.error((*path, "base_unit"), "give base_unit exactly when the amount is usd_per_unit")
        if (self.day_count is None) != (self.amount != "annual_percent"):
            raise src.error((*path, "day_count"), "give day_count exactly when the amount is annual_percent")
        if self.amount in ("usd", "usd_per_day", "usd_per_business_day"):
            for key, default in (("base", "held_shares_value"), ("held_shares_value_after", None)):
                if getattr(self, key) != default:
                    raise src.error((*path, key), f"a {self.amount} amount does not depend on the base")
        if self.amount in DAILY_AMOUNTS and self.partial_period != "daily":
            raise src.error((*path, "partial_period"), f"a {self.amount} amount accrues by the day; partial_period "
                                                       "does not apply")
        if self.step_up is not None and len(self.rates) != 1:
            raise src.error((*path, "step_up"), "with a step_up, rates gives only the first rate (from_period 1)")
        if self.first_period_cure != "ends_period" and self.periods != "computation_dates":
            raise src.error((*path, "first_period_cure"), "acts only on computation_dates periods")
        if self.occurrences != "each" and self.occurs != "suspension":
            raise src.error((*path, "occurrences"), "acts only on a suspension track")


@dataclass
class RollingTotal:
    """A limit on the days of permitted suspensions in any rolling window ("45 days in any 90-day period")."""

    max: str = F("Term (in the counting unit): the most days of suspension in any window")
    window: str = F("Term (days or months): the window's length, ending on each day of a suspension")


@dataclass
class PermittedSuspensions:
    """What makes a suspension permitted (a Permitted Suspension Period, an Allowable Grace Period, a Blackout
    Period); the first day that is not starts a failure (a Restricted Sale Date)."""

    kinds: list[str] = F("Suspension kinds that can be permitted; the only ones counted toward the limits",
                         min_len=1)
    counting: Literal["business_days", "trading_days", "calendar_days"] = F(
        "The unit of max_length, min_gap and the rolling totals: business days (the agreement's calendar), trading "
        "days (its trading calendar) or calendar days", "business_days")
    max_length: str | None = F("Term (counting unit): the longest one suspension may be (unset: no limit)", None)
    min_gap: str | None = F("Term (counting unit): a suspension must begin on or after this day after the last day "
                            "of the preceding one (unset: no gap)", None)
    max_count: str | None = F("Term (count): how many suspensions may be permitted (unset: no limit)", None)
    count_window: str | None = F("Term (days or months): max_count applies in any such window, a suspension counting "
                                 "in a window when any of its days lies in it (unset: in all)", None)
    totals: list[RollingTotal] = F("Limits on the total days of suspension in any rolling window", factory=list)
    notice_business_days: str | None = F("Term: the notice owed, in business days before the start (unset: none)",
                                         None)
    short_notice: Choice = F("warn or disqualify; or a reading that chooses", "warn")
    overlong: Choice = F("whole (a suspension beyond max_length, a kind's max_days or a rolling total is not "
                         "permitted at all: the failure runs from its first day) or excess (permitted up to the "
                         "limit: the failure runs from the first day beyond it); or a reading that chooses", "whole")
    episodes: Choice = F("each or first_only (Restricted Sale Dates); or a reading that chooses", "each")
    until: str | None = F(
        "An obligation or event ending the period in which restrictions matter: days after its date neither "
        "start nor extend a Restricted Sale Date (unset: no end)", None)
    reference: Reference | None = F("The clause that defines the permitted suspensions", None)


@dataclass
class PaymentCap:
    """A ceiling on payments: a percentage of each Investor's purchase price or principal, or dollars."""

    reference: Reference = F("The clause that sets the cap")
    rate: str | None = F("Term (percent): the cap as a percentage of the Investor's 'of' amount", None)
    amount: str | None = F("Term (usd): the cap in dollars", None)
    of: Literal["purchase_price", "principal"] = F("rate: a percentage of the purchase price or the principal",
                                                   "purchase_price")
    scope: Literal["per_investor", "total"] = F("per_investor: each Investor's payments are capped; total: all "
                                                "Investors' payments together, in the order they accrue",
                                                "per_investor")
    tracks: list[str] = F("The tracks whose payments count toward the cap (unset: all)", factory=list)
    order: Choice = F(
        "How the cap is divided among the amounts it cuts. accrual: amounts count in the order they accrue, those "
        "accruing on one day in the order of `tracks`, then the Investors in the events file's order, then by "
        "period; the first to reach the cap are paid in full and the rest cut. pro_rata: as accrual, but the "
        "amounts accruing on the day the cap is reached share what is left of it in proportion to their sizes "
        "(in cents that add up: each rounded down, the cents left over to the largest remainders, ties in accrual "
        "order). Or a reading that chooses", "accrual")

    def check(self, src: Source, path: Path_) -> None:
        if (self.rate is None) == (self.amount is None):
            raise src.error(path, "give one of 'rate' (percent) and 'amount' (usd)")
        if self.amount is not None and self.of != "purchase_price":
            raise src.error((*path, "of"), "a cap in dollars is not a share of anything")
        if self.rate is not None and self.scope == "total":
            raise src.error((*path, "scope"), "a percentage cap is per Investor")


@dataclass
class LateInterest:
    """Interest on a payment not made when due, prorated daily, until paid (or the as-of date)."""

    rate: str = F("Term (percent): interest per period")
    period_days: str = F("Term (days): the period the rate is for, and the denominator of the daily proration "
                         "(365 for a rate per annum on an actual/365 basis)")
    reference: Reference = F("The clause that charges the interest")


@dataclass
class Precedence:
    """Failures that do not pay together: a day in failure under several of the tracks pays only under the first
    listed ("only one Registration Default at a time"; "no payment under A on a day that pays under B")."""

    tracks: list[str] = F("Track ids, the one that prevails first", min_len=2)
    reference: Reference = F("The clause that sets the precedence")
    claims: Choice = F("Which days of a prevailing track exclude the later ones: accruing_days (only the days on "
                       "which it accrues an amount; a usd_per_business_day track: its business days) or failure_days "
                       "(every day of its failure); or a reading that chooses", "accruing_days")
    carry_step_up: bool = F("The step_up clock runs over the tracks' days together: not reset when one failure is "
                            "cured while another continues, and restarted only after all are cured", False)


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
class Words:
    """The agreement's own defined terms, which every output uses (the defaults are the 2002/2003 terms)."""

    amount: str = F("What one payment for a failure is called (e.g. Periodic Amount, Additional Interest, "
                    "liquidated damages)", "Periodic Amount")
    permitted_suspension: str = F("What a permitted blackout is called (e.g. Permitted Suspension Period, "
                                  "Allowable Grace Period, Blackout Period)", "Permitted Suspension Period")
    failure_date: str = F("What the first day a restriction on sales becomes a failure is called (e.g. Restricted "
                          "Sale Date, Registration Event, Registration Default)", "Restricted Sale Date")


@dataclass
class Agreement:
    """A Registration Rights Agreement encoded as data."""

    id: str = F("Short id used with --agreement; a bundled agreement's is its file name", examples=["acme-2025"],
                text="id")
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
        "none: a computed date stays where it falls unless its rule rolls it (the conventions, "
        "docs/conventions.md#due-dates-on-weekends-and-holidays); next_business_day: every due date (deadline "
        "obligations and payment dates) that is not a business day moves to the next one; or a reading that "
        "chooses", "none")
    terms: dict[str, Term] = F("Parameters (rates, periods, thresholds), by id", factory=dict)
    obligations: dict[str, Obligation] = F("Dated obligations, by id", factory=dict)
    suspension_kinds: dict[str, SuspensionKind] = F("Kinds of suspension the events file may give",
                                                    factory=dict)
    readings: dict[str, Reading] = F("Readings of ambiguous words, by key", factory=dict)
    tracks: dict[str, Track] = F("Payments for failures (liquidated damages), by track id; none: the agreement "
                                 "provides none", factory=dict)
    permitted_suspensions: PermittedSuspensions | None = F("Rules for Permitted Suspension Periods", None)
    words: Words = F("The agreement's own defined terms, used in every output", factory=Words)
    payment_cap: PaymentCap | None = F("A ceiling on all payments to one Investor", None)
    late_interest: LateInterest | None = F("Interest on payments made late", None)
    precedence: list[Precedence] = F("Failures that do not pay together, each group in order of precedence",
                                     factory=list)
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
        permitted = self.permitted_suspensions.kinds if self.permitted_suspensions else None
        defaults = [k for k, sk in self.suspension_kinds.items() if sk.default]
        if len(defaults) > 1:
            raise src.error((*path, "suspension_kinds", defaults[1], "default"),
                            f"only one kind can be the default; '{defaults[0]}' already is")
        for kind, sk in self.suspension_kinds.items():
            where = (*path, "suspension_kinds", kind)
            self._term(src, (*where, "max_days"), sk.max_days, "days")
            self._term(src, (*where, "grace_days"), sk.grace_days, "days")
            self._choice(src, (*where, "max_days_applies"), sk.max_days_applies, ("each", "total"))
            if sk.not_before is not None and sk.not_before not in self.events:
                raise src.error((*where, "not_before"),
                                f"unknown event '{sk.not_before}'{suggest(sk.not_before, list(self.events))}")
            # a field that cannot act is refused
            if permitted is not None and sk.max_days is not None and kind not in permitted:
                raise src.error((*where, "max_days"), "a kind that permitted_suspensions never permits has no day "
                                                      "limit to keep; list it in permitted_suspensions.kinds")
            if permitted is not None and sk.extends_effectiveness:
                raise src.error((*where, "extends_effectiveness"),
                                "acts only in an agreement without permitted_suspensions")
            if sk.grace_days is not None and (permitted is None or kind in permitted):
                raise src.error((*where, "grace_days"), "acts only on a kind that permitted_suspensions never "
                                                        "permits")
        for oid, ob in self.obligations.items():
            where = (*path, "obligations", oid)
            rules = [(("rule",), ob.rule)] + [(("cases", i, "rule"), c.rule) for i, c in enumerate(ob.cases)]
            for sub, rule in rules:
                for anchor in rule.anchors():
                    if anchor not in anchors:
                        raise src.error((*where, *sub), f"unknown anchor '{anchor}'{suggest(anchor, anchors)}")
            for key, event in [("when", ob.when), ("met_by", ob.met_by)] + [
                (f"cases[{i}].when", c.when) for i, c in enumerate(ob.cases)
            ]:
                if event is not None and event not in self.events:
                    raise src.error((*where, key), f"unknown event '{event}'{suggest(event, list(self.events))}")
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
        """No obligation's date may depend on itself, directly or through others (found without recursion).

        The graph is the one the evaluator walks: an obligation needs the anchors of its rules and cases, every
        value a case's bound can take (each alternative of the reading that chooses it), and an event it is
        anchored on needs that event's ``valid_from``."""
        needs: dict[str, list[str]] = {}
        for oid, ob in self.obligations.items():
            names = ob.rule.anchors() + [a for c in ob.cases for a in c.rule.anchors()]
            for c in ob.cases:  # a case's bound is evaluated too (every alternative its reading may choose)
                bound = c.on_or_before
                if isinstance(bound, ReadingRef) and bound.reading in self.readings:
                    alternatives = list(self.readings[bound.reading].alternatives)
                    names += [v for v in (bound.values or {a: a for a in alternatives}).values() if v]
                elif isinstance(bound, str):
                    names.append(bound)
            if ob.extended_by is not None and self.permitted_suspensions is not None \
                    and self.permitted_suspensions.until is not None:
                names.append(self.permitted_suspensions.until)  # its suspensions are judged up to that date
            needs[oid] = [a for a in dict.fromkeys(names) if a in self.obligations or a in self.events]
        for name, decl in self.events.items():
            needs[name] = [decl.valid_from] if decl.valid_from in self.obligations or decl.valid_from in self.events \
                else []
        state: dict[str, int] = {}  # 1: on the current path, 2: done
        for start in needs:
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
                    first = next((n for n in loop if n in self.obligations), loop[0])
                    loop = [*loop[loop.index(first):-1], *loop[:loop.index(first)], first] if first != loop[0] else loop
                    via = "" if not any(n in self.obligations and self.obligations[n].extended_by for n in loop) else \
                        "; an extended_by date depends on permitted_suspensions.until (suspensions are judged to it)"
                    raise src.error((*path, "obligations", first, "rule"),
                                    f"obligation '{loop[0]}' depends on itself ({' -> '.join(loop)}){via}")
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
            rate_unit = "percent" if t.amount in ("percent_of_base", "annual_percent") else "usd"
            for i, step in enumerate(t.rates):
                self._term(src, (*where, "rates", i, "rate"), step.rate, rate_unit)
                if rate_unit == "percent":
                    self._rate(src, (*where, "rates", i, "rate"), step.rate)
            if t.step_up is not None:
                self._term(src, (*where, "step_up", "every_days"), t.step_up.every_days, "days")
                if self.terms[t.step_up.every_days].value == 0:
                    raise src.error((*where, "step_up", "every_days"), "a step-up period needs at least a day")
                self._term(src, (*where, "step_up", "by"), t.step_up.by, rate_unit)
                self._term(src, (*where, "step_up", "max"), t.step_up.max, rate_unit)
            self._term(src, (*where, "base_unit"), t.base_unit, "usd")
            if t.base_unit is not None and self.number(t.base_unit) == 0:
                raise src.error((*where, "base_unit"), f"term '{t.base_unit}' is 0")
            if t.day_count is not None:
                self._choice(src, (*where, "day_count"), t.day_count, DAY_COUNTS)
            pay = (*where, "payment")
            self._term(src, (*pay, "first_days"), t.payment.first_days, "days")
            self._term(src, (*pay, "after_cure_business_days"), t.payment.after_cure_business_days, "business_days")
            self._term(src, (*pay, "days_after_period_end"), t.payment.days_after_period_end, "days")
            self._term(src, (*pay, "business_days_after_period_end"), t.payment.business_days_after_period_end,
                       "business_days")
            self._term(src, (*pay, "business_days_after_accrual"), t.payment.business_days_after_accrual,
                       "business_days")
            self._term(src, (*pay, "days_after_accrual"), t.payment.days_after_accrual, "days")
            self._term(src, (*pay, "nth_business_day_of_next_month"), t.payment.nth_business_day_of_next_month,
                       "business_days")
            if t.payment.nth_business_day_of_next_month is not None \
                    and self.number(t.payment.nth_business_day_of_next_month) < 1:
                raise src.error((*pay, "nth_business_day_of_next_month"), "the first business day is 1")
            for key in ("fixed_dates", "record_dates"):
                for i, name in enumerate(getattr(t.payment, key)):
                    self._term(src, (*pay, key, i), name, "month_day")
            if t.payment.first_days is not None and t.periods != "computation_dates":
                raise src.error((*pay, "first_days"), "a payment schedule (first_days) follows computation_dates")
            if t.shares is not None:
                self._term(src, (*where, "shares", "price_percent"), t.shares.price_percent, "percent")
                self._term(src, (*where, "shares", "trading_days"), t.shares.trading_days, "trading_days")
                self._positive(src, (*where, "shares", "price_percent"), t.shares.price_percent, "a share price")
                self._positive(src, (*where, "shares", "trading_days"), t.shares.trading_days,
                               "the number of trading days averaged", MAX_PERIOD_DAYS)
            self._choice(src, (*where, "cure_day_counts"), t.cure_day_counts, ("counted", "not_counted"))
            self._choice(src, (*where, "partial_period"), t.partial_period, ("daily", "per_computation_date", "full"))
            self._choice(src, (*where, "first_period_cure"), t.first_period_cure, ("ends_period", "literal"))
            self._choice(src, (*where, "occurrences"), t.occurrences, ("each", "aggregate"))
        if self.payment_cap is not None:
            cap = self.payment_cap
            self._term(src, (*path, "payment_cap", "rate"), cap.rate, "percent")
            self._term(src, (*path, "payment_cap", "amount"), cap.amount, "usd")
            self._choice(src, (*path, "payment_cap", "order"), cap.order, ("accrual", "pro_rata"))
            for i, tid in enumerate(cap.tracks):
                if tid not in self.tracks:
                    raise src.error((*path, "payment_cap", "tracks", i),
                                    f"unknown track '{tid}'{suggest(tid, list(self.tracks))}")
        if self.late_interest is not None:
            self._term(src, (*path, "late_interest", "rate"), self.late_interest.rate, "percent")
            self._term(src, (*path, "late_interest", "period_days"), self.late_interest.period_days, "days")
            self._rate(src, (*path, "late_interest", "rate"), self.late_interest.rate)
            self._positive(src, (*path, "late_interest", "period_days"), self.late_interest.period_days,
                           "an interest period (in days)", MAX_PERIOD_DAYS)
        seen: dict[str, int] = {}
        for g, group in enumerate(self.precedence):
            for i, tid in enumerate(group.tracks):
                if tid not in self.tracks:
                    raise src.error((*path, "precedence", g, "tracks", i),
                                    f"unknown track '{tid}'{suggest(tid, list(self.tracks))}")
                if tid in seen:
                    raise src.error((*path, "precedence", g, "tracks", i),
                                    f"track '{tid}' is already in precedence group {seen[tid] + 1}")
                seen[tid] = g
            self._choice(src, (*path, "precedence", g, "claims"), group.claims, ("accruing_days", "failure_days"))
        ps = self.permitted_suspensions
        if ps is not None:
            where = (*path, "permitted_suspensions")
            for i, kind in enumerate(ps.kinds):
                if kind not in self.suspension_kinds:
                    raise src.error((*where, "kinds", i), f"unknown suspension kind '{kind}'"
                                    f"{suggest(kind, list(self.suspension_kinds))}")
            days_unit = {"calendar_days": "days"}.get(ps.counting, ps.counting)
            self._term(src, (*where, "max_count"), ps.max_count, "count")
            self._term(src, (*where, "count_window"), ps.count_window, "days", "months")
            if ps.count_window is not None and ps.max_count is None:
                raise src.error((*where, "count_window"), "a count_window needs a max_count")
            self._term(src, (*where, "max_length"), ps.max_length, days_unit)
            self._term(src, (*where, "min_gap"), ps.min_gap, days_unit)
            self._term(src, (*where, "notice_business_days"), ps.notice_business_days, "business_days")
            for i, tot in enumerate(ps.totals):
                self._term(src, (*where, "totals", i, "max"), tot.max, days_unit)
                self._term(src, (*where, "totals", i, "window"), tot.window, "days", "months")
                if self.number(tot.window) == 0:
                    raise src.error((*where, "totals", i, "window"), "a window needs at least a day")
            self._choice(src, (*where, "short_notice"), ps.short_notice, ("warn", "disqualify"))
            self._choice(src, (*where, "overlong"), ps.overlong, ("whole", "excess"))
            self._choice(src, (*where, "episodes"), ps.episodes, ("each", "first_only"))
            if ps.until is not None and ps.until not in anchors:
                raise src.error((*where, "until"), f"unknown event or obligation '{ps.until}'"
                                f"{suggest(ps.until, anchors)}")
            if ps.short_notice != "warn" and ps.notice_business_days is None:
                raise src.error((*where, "short_notice"), "acts only with notice_business_days")

    def uses_principal(self) -> bool:
        """Whether some amount or cap is a share of the Investors' principal."""
        return any(t.base == "principal" for t in self.tracks.values()) or (
            self.payment_cap is not None and self.payment_cap.of == "principal")

    def default_suspension_kind(self) -> str | None:
        """The kind a suspension has when the events file gives none (a kind with ``default: true``)."""
        return next((k for k, sk in self.suspension_kinds.items() if sk.default), None)

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

    def business_calendar(self, in_force: dict[str, str]) -> BusinessCalendar:
        """The business-day calendar in force (the one place it is resolved; ``api.calendar_for`` is this)."""
        return get_calendar(self.calendar_name(in_force))

    def calendar_name(self, in_force: dict[str, str]) -> str:
        """The business-day calendar in force: the agreement's, unless a reading that sets it says otherwise."""
        for key, reading in self.readings.items():
            if reading.sets == "calendar":
                return in_force.get(key, reading.default)
        return str(self.calendar.value)
