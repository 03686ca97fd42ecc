"""The library's results: what one command needs, computed once (:func:`rrcalc.api.compute` and the other verbs)
into typed, immutable values that every renderer reads and none recomputes.

The renderers (:mod:`rrcalc.output`) import their types from here, never from :mod:`rrcalc.api` or the engine
(``tests/test_layout.py``); the engine's row types are the library's public result types, re-exported here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # types only: importing the results loads no engine
    from rrcalc.engine.deadlines import DeadlineRow as DeadlineRow
    from rrcalc.engine.penalties import AmountRow as AmountRow
    from rrcalc.engine.penalties import ExampleRow as ExampleRow
    from rrcalc.engine.penalties import PenaltyResult as PenaltyResult
    from rrcalc.engine.prices import SharePrice as SharePrice
    from rrcalc.engine.suspensions import NextSuspension as NextSuspension
    from rrcalc.engine.suspensions import SuspensionCheck as SuspensionCheck
    from rrcalc.engine.whatif import Exposure as Exposure
    from rrcalc.engine.whatif import ReadingValue as ReadingValue
    from rrcalc.engine.whatif import SuspensionPlan as SuspensionPlan
    from rrcalc.model.agreement import Agreement
    from rrcalc.model.calendars import BusinessCalendar
    from rrcalc.model.facts import Facts

    #: One deal's Periodic Amount Shares pricing by (track, Computation Date).
    Shares = Mapping[tuple[str, date], SharePrice]


@dataclass(frozen=True)
class Need:
    """What a command shows, so what :func:`rrcalc.api.compute` computes (nothing else, nothing later)."""

    deadlines: bool = False
    penalties: bool = False  # the Periodic Amounts, with the suspension verdicts and the per-track subtotals
    windows: bool = False  # the last day of each restricted-sale window
    plan: bool = False  # the next permitted blackout (and, with plan_days, what one that long would cost)
    plan_days: int | None = None
    plan_required: bool = False  # a deal whose blackout cannot be planned is an error (else: its plan_error)
    worth: bool = False  # what each alternative of each reading is worth
    prices: Mapping[date, Decimal] | None = None  # closing bids: the Periodic Amount Shares
    prices_source: str = ""


@dataclass(frozen=True)
class TrackAmounts:
    """One Investor's amounts under one track, with their subtotal."""

    track: str
    rows: tuple[AmountRow, ...]
    subtotal: Decimal
    interest: Decimal  # late-payment interest on them (0.00 where the agreement has none)


@dataclass(frozen=True)
class InvestorAmounts:
    """One Investor's amounts, track by track (in the engine's order), with the totals."""

    name: str
    tracks: tuple[TrackAmounts, ...]
    total: Decimal
    interest: Decimal


@dataclass(frozen=True)
class Deal:
    """One events file bound to its agreement (:class:`rrcalc.api.Scenario`) and computed as its command needs."""

    name: str
    agreement: Agreement
    facts: Facts
    in_force: dict[str, str]
    as_of: date
    calendar: BusinessCalendar
    as_of_defaulted: bool = False
    deadlines: tuple[DeadlineRow, ...] = ()
    priced: PenaltyResult | None = None
    investors: tuple[InvestorAmounts, ...] = ()
    by_track: Mapping[str, Decimal] = field(default_factory=dict)  # tracks with amounts, in the rows' order
    windows: Mapping[str, date] = field(default_factory=dict)
    plan: SuspensionPlan | None = None  # None: no blackout can be planned (plan_error says why)
    plan_error: str = ""
    worth: tuple[ReadingValue, ...] = ()
    shares: Shares | None = None
    #: Periodic Amount Shares each amount converts into, by (investor, track, occurrence, period)
    share_counts: Mapping[tuple[str, str, int, int], Decimal] = field(default_factory=dict)

    @property
    def penalties(self) -> PenaltyResult:
        """The Periodic Amounts (computed by the library when the command needs them; never here)."""
        if self.priced is None:
            raise AssertionError(f"{self.name}: the Periodic Amounts were not computed for this command")
        return self.priced


@dataclass(frozen=True)
class Shown:
    """An agreement as ``show`` presents it: with every obligation's rule in words, readings in force."""

    agreement: Agreement
    in_force: dict[str, str]
    rules: Mapping[str, str]  # obligation id -> its rule (and its cases') in words, with no facts


@dataclass(frozen=True)
class RateSchedule:
    """``penalties`` without facts: the readings in force and what each track costs per $1,000,000."""

    agreement: Agreement
    in_force: dict[str, str]
    examples: tuple[ExampleRow, ...]


@dataclass(frozen=True)
class ReadingsWorth:
    """``--compare-readings``: the total in force and what each alternative of each reading is worth."""

    agreement: Agreement
    total: Decimal
    values: tuple[ReadingValue, ...]


@dataclass(frozen=True)
class Payment:
    """One amount in a portfolio's payment calendar, as settled by the payments made."""

    deal: str
    agreement: str
    row: AmountRow
    payment_due: date
    paid: Decimal
    outstanding: Decimal
    interest: Decimal
    status: str
    as_of: date


@dataclass(frozen=True)
class Portfolio:
    """Many deals rolled up: the payment calendar (by date), and what Investors were paid beyond it."""

    deals: tuple[Deal, ...]
    names: tuple[str, ...]  # each deal's name (its ``deal:``, else its file)
    calendar: tuple[Payment, ...]
    credits: tuple[tuple[str, str, Decimal], ...]  # (deal, investor, credit)


@dataclass
class CheckItem:
    """One line of a `check` run: a file validated, or an embedded test case run."""

    file: str
    item: str
    passed: bool
    detail: str = ""
    line: int | None = None  # where in ``file`` the problem is (for CI annotations)
    col: int | None = None
    draft: bool = False  # an agreement with open review items: reported (DRAFT), failed only by --fail-on draft

    def __post_init__(self) -> None:  # file names and details reach terminals, CI logs and XML: no control codes
        from rrcalc.errors import printable

        self.file, self.item = printable(self.file), printable(self.item)
        self.detail = "\n".join(printable(part) for part in self.detail.split("\n"))  # line breaks are the renderers'



@dataclass
class CheckReport:
    items: list[CheckItem] = field(default_factory=list)

    @property
    def passed(self) -> int:
        return sum(i.passed and not i.draft for i in self.items)

    @property
    def drafts(self) -> int:
        """Agreements reported as drafts (open review items), not failed."""
        return sum(i.passed and i.draft for i in self.items)

    @property
    def failed(self) -> int:
        return sum(not i.passed for i in self.items)
