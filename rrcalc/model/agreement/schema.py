"""The schema of an agreement's encoded terms (``agreements/*.yaml``).

Everything specific to one agreement lives in its YAML: dates, rates, periods, the events it
depends on, the obligations it creates, its readings (named choices where the text is
ambiguous: docs/conventions.md#readings), notes on its own inconsistencies, and test cases worked out
by hand from its clauses.
Every value carries a label, a unit and a reference (section and short quote), in the manner of
OpenFisca parameter files, so a lawyer can check each number against the words it encodes.

What the types cannot say (a name declared elsewhere, a term in the right unit, a field that acts only with
another) is a rule of :mod:`rrcalc.model.agreement.rules`, checked as each :class:`Checked` part is built.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Literal

from rrcalc.model.agreement import choices
from rrcalc.model.agreement.choices import Choice
from rrcalc.model.agreement.validation import Checked
from rrcalc.model.calendars import BusinessCalendar, get_calendar
from rrcalc.model.facts import FactsBody
from rrcalc.model.schema import F
from rrcalc.model.vocabulary import AMOUNTS as AMOUNTS  # re-exported: the vocabulary is the one source
from rrcalc.model.vocabulary import DAILY_AMOUNTS as DAILY_AMOUNTS
from rrcalc.model.vocabulary import WAYS

#: Anchor that every agreement knows without declaring it: the date of the agreement ("the date hereof").
AGREEMENT_DATE = "agreement_date"

Unit = Literal[
    "percent", "usd", "days", "business_days", "trading_days", "months", "years", "count", "shares",
    "date", "text", "flag", "calendar", "month_day",
]


@dataclass
class Reference(Checked):
    """Where in the agreement's text a value comes from: its section and a short quote of the words."""

    section: str = F("Section of the agreement as its text numbers it", examples=["2(b)(iii)", "11(k)"])
    quote: str = F("A short verbatim quote of the words encoded (at most 400 characters)")

    def __str__(self) -> str:
        return f"§{self.section}"


@dataclass
class Party:
    """A party to the agreement."""

    name: str = F("Name as it appears in the agreement")
    role: str = F("Its role, e.g. Company, Investor, Holder")


@dataclass
class Term(Checked):
    """One parameter of the agreement: value, unit, label and the clause it comes from."""

    label: str = F("What the value is, in the agreement's words")
    value: bool | date | int | Decimal | str = F("The value itself; percentages as exact decimals (1.5 for 1.5%)")
    unit: Unit = F("The unit of the value")
    reference: Reference = F("The clause that sets the value")
    description: str | None = F("Longer explanation, if the label is not enough", None)


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
class Reading(Checked):
    """A named choice where the text is ambiguous (docs/conventions.md#readings): a default, the alternatives, the
    words."""

    label: str = F("Short name of the question")
    question: str = F("Why the text admits more than one reading")
    default: str = F("The alternative rrcalc uses unless --reading says otherwise")
    alternatives: dict[str, str] = F("Each alternative's name and what it means", min_len=2)
    reference: Reference | None = F("The words that make it a choice", None)
    sets: str | None = F("A term whose value this reading chooses (each alternative is a value for it)", None)
@dataclass
class DateRule(Checked):
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
class RateStep:
    """The Periodic Amount Percentage from a period number on (2002: 2% for the 1st-3rd, 3% after)."""

    from_period: int = F("The first period (Computation Date) number the rate applies to", ge=1)
    rate: str = F("The term (unit percent) that gives the rate")


@dataclass
class Payment(Checked):
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

    WAYS = WAYS  # the payment ways (rrcalc.model.vocabulary.PAYMENT_WAYS)

    def way(self) -> str:
        """The one way this payment rule is given (after check)."""
        for w in self.WAYS:
            if getattr(self, w):
                return w
        return "first_days"


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
class Track(Checked):
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
class PaymentCap(Checked):
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
class ReviewItem:
    """A point a draft left open (`rrcalc draft`): what to decide, where, the passage, and why it was not decided."""

    topic: str = F("What is to be decided (a deadline, a track, the calendar, ...)")
    section: str = F("Section of the agreement as its text numbers it")
    passage: str = F("The words of the agreement in question")
    why: str = F("Why the draft did not decide it, and what to encode")


@dataclass
class Agreement(Checked):
    """A Registration Rights Agreement encoded as data."""

    id: str = F("Short id used with --agreement; a bundled agreement's is its file name", examples=["acme-2025"],
                text="id")
    title: str = F("Title of the agreement")
    date: date = F("The date of the agreement ('the date hereof'); anchor 'agreement_date'")
    company: str = F("The registrant")
    parties: list[Party] = F("The parties", min_len=1)
    summary: str = F("What the agreement provides, in one or two sentences")
    source: str = F("The agreement's text (plain UTF-8), by its file name: a path relative to this file's folder, "
                    "inside it. Where the file is there, `rrcalc check` verifies every quote and section against "
                    "it (docs/encoding.md#11-quotes-checked-against-the-text); else give it with `check --text`")
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
    review: list[ReviewItem] = F("Open points of a draft (`rrcalc draft`), each to be decided and encoded, then "
                                 "deleted; `rrcalc check` reports an agreement with any as a draft", factory=list)
    origin: str = field(default="", init=False, repr=False)  # the file it was loaded from

    def uses_principal(self) -> bool:
        """Whether some amount or cap is a share of the Investors' principal."""
        return any(t.base == "principal" for t in self.tracks.values()) or (
            self.payment_cap is not None and self.payment_cap.of == "principal")

    def default_suspension_kind(self) -> str | None:
        """The kind a suspension has when the events file gives none (a kind with ``default: true``)."""
        return next((k for k, sk in self.suspension_kinds.items() if sk.default), None)

    def choose(self, choice: Choice, in_force: dict[str, str]) -> str:
        """The value of a choice: itself, or the value of the alternative in force of the reading it names."""
        return choices.choose(self.readings, choice, in_force)

    def choose_optional(self, choice: Choice | None, in_force: dict[str, str]) -> str | None:
        """Like :meth:`choose`, for a field that may be unset (None), also by a reading's value."""
        return choices.choose_optional(self.readings, choice, in_force)

    def number(self, term: str) -> Decimal:
        """A numeric term's value as an exact Decimal."""
        return choices.number(self.terms, term)

    def readings_in_force(self, chosen: dict[str, str] | None = None) -> dict[str, str]:
        """Every reading with the alternative in force: its default, or as ``chosen`` (``--reading``)."""
        return choices.readings_in_force(self.id, self.readings, chosen)

    def business_calendar(self, in_force: dict[str, str]) -> BusinessCalendar:
        """The business-day calendar in force (the one place it is resolved; ``api.calendar_for`` is this)."""
        return get_calendar(self.calendar_name(in_force))

    def calendar_name(self, in_force: dict[str, str]) -> str:
        """The business-day calendar in force: the agreement's, unless a reading that sets it says otherwise."""
        return choices.calendar_name(self.readings, self.calendar, in_force)
