"""The library: the same verbs as the command line, for notebooks and other programs.

    >>> from rrcalc import api
    >>> registry = api.Registry()                                  # bundled agreements (+ folders)
    >>> agreement = registry.load("agreements/2003.yaml")          # or a bundled id
    >>> sc = api.scenario(registry, "agreements/examples/2003-late-filing.yaml")   # doctest: +SKIP
    >>> sc.penalties().total                                        # doctest: +SKIP

Every function raises :class:`rrcalc.errors.InputError` (or another ``RRCalcError``) for bad input; none
of them prints. The command line (:mod:`rrcalc.cli`) only parses, calls these and renders.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rrcalc.engine.deadlines import DeadlineRow, evaluate, premature_events
from rrcalc.engine.penalties import PenaltyEngine, PenaltyResult
from rrcalc.errors import InputError, Location, RRCalcError, UsageError, excerpt
from rrcalc.model.agreement import Agreement
from rrcalc.model.calendars import BusinessCalendar, as_of_or_today
from rrcalc.model.facts import Facts, FactsBody, Investor, bind
from rrcalc.model.inputs import YAML_SUFFIXES, yaml_files
from rrcalc.model.schema import build, json_schema, suggest
from rrcalc.model.yamlsrc import Path_, Source, parse, read_file
from rrcalc.results import CheckItem, CheckReport

if TYPE_CHECKING:  # imported where used: a command that needs none of them does not pay for them
    from collections.abc import Callable, Iterable, Mapping

    from rrcalc.engine.penalties import AmountRow, ExampleRow
    from rrcalc.engine.prices import SharePrice
    from rrcalc.engine.whatif import Exposure, ReadingValue, SuspensionPlan
    from rrcalc.model.sourcetext import AgreementText
    from rrcalc.results import Deal, InvestorAmounts, Need, Portfolio, RateSchedule, ReadingsWorth, Shown

# -- agreements -----------------------------------------------------------------------------------------


def _bundled_dirs() -> list[Path]:
    here = Path(__file__).resolve().parent
    return [here / "_agreements", here.parent / "agreements"]


def bundled_dir() -> Path:
    """The folder holding the bundled agreements (installed package data, or the source tree)."""
    for d in _bundled_dirs():
        if d.is_dir() and any(d.glob("*.yaml")):
            return d
    raise RRCalcError("the bundled agreements are missing from this installation")


def bundled_ids() -> list[str]:
    """Ids of the bundled agreements, in order."""
    return sorted(p.stem for p in bundled_dir().glob("*.yaml"))


def agreement_from_source(src: Source) -> Agreement:
    """Build and check an agreement from parsed YAML."""
    if src.data is None:
        raise InputError("the file is empty; an agreement needs at least id, title, date, ...",
                         Location(src.file, 1, 1))
    agreement: Agreement = build(Agreement, src.data, src)
    agreement.origin = src.file
    return agreement


def _is_path(ref: str) -> bool:
    return ref.lower().endswith(YAML_SUFFIXES) or "/" in ref or "\\" in ref


def is_agreement_file(src: Source) -> bool:
    """The one rule telling an agreement file from the others (events files, files of cases): a top-level ``id``."""
    return isinstance(src.data, dict) and "id" in src.data


#: Where a folder of agreements came from, as messages name it.
AGREEMENTS_DIR, AGREEMENTS_ENV = "--agreements-dir", "RRCALC_AGREEMENTS"


def _same_file(a: Path, b: Path) -> bool:
    """Whether ``a`` and ``b`` hold the same agreement: one file, or byte-identical copies."""
    try:
        return a.resolve() == b.resolve() or a.read_bytes() == b.read_bytes()
    except OSError:
        return False


def _in_folder(exc: InputError, where: str) -> InputError:
    """``exc`` about a file of a folder, saying where the folder came from."""
    return InputError(f"{exc.message} (a file {where})", exc.location)


class Registry:
    """Where agreements come from: the bundled ones, folders of agreement files (``--agreements-dir``,
    ``RRCALC_AGREEMENTS``), and files given by path. Each file is parsed once per run.

    An events file's ``agreement:`` is an id, resolved here among known agreements, never followed as a path.
    A folder's YAML files are its agreements, except those without a top-level ``id`` (events files, files of
    cases kept beside them: :func:`is_agreement_file`); each must be a regular file inside the folder.

    One id names one agreement. A file of a folder whose id is a bundled agreement's, or another file's, is an error
    naming both files and where each came from, whichever id is asked for (a file given to ``check``: whenever its
    id is asked for): rrcalc never computes silently with an agreement other than the one the user's folder holds,
    nor picks one of two.
    The same file reached twice, or a byte-identical copy, is no clash. (``--agreement PATH`` is the explicit
    choice of one file: it is used as given.)
    """

    def __init__(self, dirs: list[Path] | None = None, environment: bool = True) -> None:
        self.dirs = list(dirs or [])
        origins = [AGREEMENTS_DIR] * len(self.dirs)
        if environment and os.environ.get(AGREEMENTS_ENV):
            extra = [Path(p) for p in os.environ[AGREEMENTS_ENV].split(os.pathsep) if p]
            self.dirs += extra
            origins += [AGREEMENTS_ENV] * len(extra)
        #: each folder's YAML files, listed now: a folder missing or unreadable is an error naming its origin
        self._files = [(d, f"in {o} '{excerpt(str(d), 200)}'", yaml_files(d, o))
                       for d, o in zip(self.dirs, origins, strict=True)]
        self._by_path: dict[Path, Agreement] = {}
        self._by_id: dict[str, Agreement] = {}
        self._claims: dict[str, tuple[Path, str]] = {}  # id -> the file that holds it, and where it came from
        self._clashes: dict[str, InputError] = {}  # ids two different files claim
        self._folder_ids: dict[str, Path] | None = None

    def _folders(self) -> dict[str, Path]:
        """Ids of the agreements in the folders (each file's ``id``), read once."""
        if self._folder_ids is None:
            found: dict[str, Path] = {}
            for d, where, files in self._files:
                for p in files:
                    try:
                        src = read_file(p, within=d, regular=True)
                        if not is_agreement_file(src):
                            continue
                        agreement = self._load_path(p, src=src)
                    except InputError as exc:
                        raise _in_folder(exc, where) from None
                    self._claim(agreement, p, where, src)
                    found.setdefault(agreement.id, p)
            self._folder_ids = found
        return self._folder_ids

    def _claim(self, agreement: Agreement, path: Path, where: str, src: Source, strict: bool = True) -> None:
        """Record that ``path`` (``where``: how it came) holds ``agreement.id``; another file claiming it is an error,
        raised now (``strict``) or whenever the id is asked for."""
        ident = agreement.id
        other: Path | None
        if ident in bundled_ids():
            other, other_where = bundled_dir() / f"{ident}.yaml", "bundled with rrcalc"
        else:
            other, other_where = self._claims.get(ident, (None, ""))
        if other is not None and not _same_file(other, path):
            error = src.error(("id",), f"agreement id '{ident}' is also the id of {other} ({other_where}); one id "
                                       f"names one agreement: give this agreement ({where}) an id of its own")
            self._clashes[ident] = error
            if strict:
                raise error
            return
        self._claims.setdefault(ident, (path, where))

    def _load_path(self, path: Path, src: Source | None = None, within: Path | None = None) -> Agreement:
        key = path.resolve() if path.exists() else path
        if key not in self._by_path:
            if src is None:
                src = read_file(path, within=within, regular=within is not None)
            agreement = agreement_from_source(src)
            if path.parent.resolve() == bundled_dir().resolve() and agreement.id != path.stem:
                raise src.error(("id",), f"a bundled agreement's id must be its file name: '{path.stem}'")
            self._by_path[key] = agreement
            self._by_id.setdefault(agreement.id, agreement)
        return self._by_path[key]

    def add(self, path: Path, src: Source) -> Agreement:
        """An agreement file given by path (to ``check``), known by its id to the other files. It is checked on its
        own whatever its id; an id that is another file's is an error for every file that names it (:meth:`_claim`)."""
        agreement = self._load_path(path, src=src)
        if path.parent.resolve() != bundled_dir().resolve():
            self._folders()
            self._claim(agreement, path, "given to check", src, strict=False)
        return agreement

    def known_ids(self) -> list[str]:
        return sorted({*bundled_ids(), *self._by_id, *self._folders()})

    def load(self, ref: str | Path, within: Path | None = None) -> Agreement:
        """An agreement by bundled id, by an id in the folders or already loaded, or by path (``--agreement``).

        ``within``: the folder of the file that names ``ref`` (a file of cases); a path is then relative to it
        and must lie inside it."""
        ref = str(ref)
        if _is_path(ref):
            path = Path(ref)
            if within is not None and not path.is_absolute():
                path = within / path
            return self._load_path(path, within=within)
        return self.by_id(ref)

    def by_id(self, ref: str, where: Location | None = None) -> Agreement:
        """An agreement by id only (an events file's ``agreement:``)."""
        if ref in self._clashes:
            raise self._clashes[ref]
        folders = self._folders()
        if ref in folders:
            return self._load_path(folders[ref])
        if ref in bundled_ids():
            return self._load_path(bundled_dir() / f"{ref}.yaml")
        if ref in self._by_id:
            return self._by_id[ref]
        ids = self.known_ids()
        message = (f"unknown agreement '{excerpt(ref)}'{suggest(ref, ids)}; known: {', '.join(ids)} "
                   "(an agreement given by path or in --agreements-dir is known by its id)")
        if where is not None:
            raise InputError(message, where)
        raise UsageError(message)

    def all(self) -> list[Agreement]:
        """Every bundled agreement and every agreement in the folders, loaded and validated."""
        folders = self._folders()
        out = [self.by_id(i) for i in bundled_ids()]
        out += [self._load_path(p) for i, p in sorted(folders.items()) if i not in bundled_ids()]
        return out


def load_agreement(ref: str | Path) -> Agreement:
    """Load an agreement by bundled id or by path, validated against the schema."""
    return Registry(environment=False).load(ref)


def list_agreements() -> list[Agreement]:
    """Every bundled agreement, loaded and validated."""
    return Registry(environment=False).all()


def readings(agreement: Agreement, chosen: dict[str, str] | None = None) -> dict[str, str]:
    """Every reading of ``agreement`` with the alternative in force (default, or as ``chosen``)."""
    return agreement.readings_in_force(chosen)


def calendar_for(agreement: Agreement, in_force: dict[str, str]) -> BusinessCalendar:
    """The business-day calendar in force for ``agreement`` (:meth:`Agreement.business_calendar`)."""
    return agreement.business_calendar(in_force)


# -- facts ----------------------------------------------------------------------------------------------


def facts_from_source(src: Source) -> FactsBody:
    """Build an events file's facts from parsed YAML (an empty file is no facts)."""
    return build(FactsBody, {} if src.data is None else src.data, src)


def load_facts(path: str | Path | None, agreement: Agreement,
               events: dict[str, date | bool] | None = None, as_of: date | None = None) -> Facts:
    """Load an events file (or none) and check it against ``agreement``; ``events`` override the file's,
    ``as_of`` overrides its as-of date."""
    if path is None:
        body, src = FactsBody(), None
    else:
        src = read_file(path)
        body = facts_from_source(src)
    if as_of is not None:
        body.as_of = as_of
    return bind(body, agreement, src, (), events or {})


# -- scenarios ------------------------------------------------------------------------------------------


@dataclass
class Scenario:
    """One deal's facts bound to its agreement, with the readings in force, the as-of date and the results."""

    name: str
    agreement: Agreement
    facts: Facts
    in_force: dict[str, str]
    as_of: date
    calendar: BusinessCalendar
    as_of_defaulted: bool = False

    def price(self, facts: Facts, in_force: dict[str, str], as_of: date) -> PenaltyResult:
        """The engine on other facts, readings or as-of date (for what-if questions)."""
        return PenaltyEngine(self.agreement, facts, calendar_for(self.agreement, in_force), in_force, as_of).run()

    def penalties(self) -> PenaltyResult:
        """Every Periodic Amount (computed on each call: :func:`compute` calls it once per command)."""
        return self.price(self.facts, self.in_force, self.as_of)

    def deadlines(self) -> list[DeadlineRow]:
        """Every obligation with its due date, basis and status."""
        return evaluate(self.agreement, self.facts.events, self.calendar, self.as_of, self.in_force,
                        frozenset(self.facts.derived), self.facts.body.suspensions)

    def windows(self) -> dict[str, date]:
        """The last day of each restricted-sale window the facts place."""
        return PenaltyEngine(self.agreement, self.facts, self.calendar, self.in_force, self.as_of).windows()


@dataclass(frozen=True)
class Options:
    """How every events file of one run is bound: the one typed value the command line (and a program) passes.

    ``agreement``: an id, a path or an Agreement, else the one each events file names by id; ``readings``: the
    alternatives chosen; ``events``: facts overriding the file's; ``as_of``: overrides the file's (without either,
    today in New York); ``purchase_price``: one Investor when the file lists none."""

    agreement: str | Path | Agreement | None = None
    readings: dict[str, str] = field(default_factory=dict)
    events: dict[str, date | bool] = field(default_factory=dict)
    as_of: date | None = None
    purchase_price: Decimal | None = None


def resolve_agreement(registry: Registry, ref: str | Path | Agreement | None, body: FactsBody | None = None,
                      src: Source | None = None, what: str = "") -> Agreement:
    """The agreement of a run: ``ref`` (an id, a path or an Agreement), else the one the facts name by id. The one
    place an agreement is resolved for facts."""
    if isinstance(ref, Agreement):
        return ref
    if ref is not None:
        return registry.load(ref)
    if body is not None and body.agreement is not None:
        return registry.by_id(body.agreement, src.where(("agreement",)) if src is not None else None)
    raise UsageError(f"{what}name the agreement (an 'agreement: ID' key in the events file) or give --agreement")


def scenario(registry: Registry, path: str | Path | None, options: Options | str | None = None) -> Scenario:
    """One events file (or the command line's facts alone) bound to its agreement, as ``options`` say (a string:
    the agreement's id or path)."""
    opts = options if isinstance(options, Options) else Options(agreement=options)
    agreement, chosen, events, as_of, purchase_price = (opts.agreement, opts.readings, opts.events, opts.as_of,
                                                         opts.purchase_price)
    src: Source | None = None
    body = FactsBody()
    if path is not None:
        src = read_file(path)
        body = facts_from_source(src)
    a = resolve_agreement(registry, agreement, body if src is not None else None, src,
                          f"{path}: " if path is not None else "")
    if purchase_price is not None:
        if body.investors:
            raise UsageError(f"--purchase-price: {path} already lists investors")
        body.investors = [Investor("investor", purchase_price)]
    defaulted = False
    if as_of is not None:
        body.as_of = as_of
    elif body.as_of is None:
        defaulted = True
    when = as_of_or_today(body.as_of)
    facts = bind(body, a, src, (), events or {})
    in_force = a.readings_in_force(chosen)
    facts.warnings += premature_events(a, facts.events, calendar_for(a, in_force))  # events with no effect
    return Scenario(str(path) if path is not None else "-", a, facts, in_force, when, calendar_for(a, in_force),
                    defaulted)


# -- the verbs ------------------------------------------------------------------------------------------


def deadlines(agreement: Agreement, facts: Facts, chosen: dict[str, str] | None = None,
              as_of: date | None = None) -> list[DeadlineRow]:
    """Every obligation with its due date, basis and status (:class:`rrcalc.engine.deadlines.DeadlineRow`)."""
    in_force = readings(agreement, chosen)
    when = as_of_or_today(as_of or facts.body.as_of)
    return evaluate(agreement, facts.events, calendar_for(agreement, in_force), when, in_force,
                    frozenset(facts.derived), facts.body.suspensions)


def penalties(agreement: Agreement, facts: Facts, chosen: dict[str, str] | None = None,
              as_of: date | None = None) -> PenaltyResult:
    """Every Periodic Amount, with its periods, Computation Dates and payment dates."""
    in_force = readings(agreement, chosen)
    when = as_of_or_today(as_of or facts.body.as_of)
    return PenaltyEngine(agreement, facts, calendar_for(agreement, in_force), in_force, when).run()


def examples(agreement: Agreement, chosen: dict[str, str] | None = None) -> list[ExampleRow]:
    """What each track costs per $1,000,000 for 30, 45, 60, 90 and 180 days of failure (the engine's figures)."""
    from rrcalc.engine.penalties import examples as _examples

    in_force = readings(agreement, chosen)
    return _examples(agreement, calendar_for(agreement, in_force), in_force)


def exposure(sc: Scenario, track: str | None, first: date, last: date,
             tick: Callable[[], None] | None = None) -> Exposure:
    """The total owed on ``track`` for every cure date from ``first`` to ``last`` (``tick`` called after each;
    at most :data:`rrcalc.engine.whatif.MAX_EXPOSURE_PAIRS` cure dates x Investors)."""
    from rrcalc.engine.whatif import exposure as _exposure

    return _exposure(sc.agreement, sc.facts, track, first, last, sc.in_force, sc.price, tick)


def check_exposure_size(first: date, last: date, investors: int) -> None:
    """Refuse up front an exposure over ``investors`` Investors in all that would take too long to price."""
    from rrcalc.engine.whatif import check_exposure_size as _check

    _check(first, last, investors)


def compare_readings(scenarios: list[Scenario]) -> tuple[Decimal, list[ReadingValue]]:
    """The total in force, and what each alternative of each reading is worth (one agreement)."""
    from rrcalc.engine.whatif import compare_readings as _compare

    first = scenarios[0]
    return _compare(first.agreement, [(s.facts, s.as_of) for s in scenarios], first.in_force, first.price)


def plan_next_suspension(sc: Scenario, days: int | None = None, priced: PenaltyResult | None = None) -> SuspensionPlan:
    """The next permitted blackout from the as-of date; with ``days``, what it would cost if not permitted."""
    from rrcalc.engine.whatif import plan_next_suspension as _plan

    return _plan(sc.agreement, sc.facts, priced or sc.penalties(), sc.calendar, sc.in_force, sc.as_of, days, sc.price)


def share_prices(sc: Scenario, prices: Mapping[date, Decimal], source: str,
                 priced: PenaltyResult | None = None) -> dict[tuple[str, date], SharePrice]:
    """Periodic Amount Shares pricing for each (track, Computation Date) of the scenario's final periods."""
    from rrcalc.engine.prices import share_price
    from rrcalc.engine.suspensions import trading_calendar

    trading = trading_calendar(sc.agreement)
    out: dict[tuple[str, date], SharePrice] = {}
    for r in (priced or sc.penalties()).rows:
        t = sc.agreement.tracks[r.track]
        cd = r.period.computation_date
        if t.shares is None or cd is None or (r.track, cd) in out:
            continue
        out[(r.track, cd)] = share_price(prices, cd, trading, int(sc.agreement.number(t.shares.trading_days)),
                                         sc.agreement.number(t.shares.price_percent), source)
    return out


# -- compute once: the results every renderer reads (rrcalc.results) --------------------------------------


def amounts_by_investor(agreement: Agreement, result: PenaltyResult) -> tuple[InvestorAmounts, ...]:
    """Each Investor's amounts, track by track, with subtotals and totals: the one place they are summed."""
    from itertools import groupby

    from rrcalc.engine.money import total
    from rrcalc.results import InvestorAmounts, TrackAmounts

    zero = Decimal("0.00")
    out = []
    by_investor: dict[str, list[AmountRow]] = {}
    for r in result.rows:
        by_investor.setdefault(r.investor, []).append(r)
    for name, rows in by_investor.items():
        tracks = []
        for tid, track_rows in groupby(rows, key=lambda r: r.track):
            group = tuple(track_rows)
            tracks.append(TrackAmounts(tid, group, total([r.amount for r in group]),
                                       total([r.interest or zero for r in group])))
        out.append(InvestorAmounts(name, tuple(tracks), total([r.amount for r in rows]),
                                   total([r.interest or zero for r in rows])))
    return tuple(out)


def compute(sc: Scenario, need: Need) -> Deal:
    """Everything one command shows of ``sc``, computed now, once (``need``): the renderers only arrange it."""
    from rrcalc.engine.money import total
    from rrcalc.results import Deal

    priced = sc.penalties() if need.penalties or need.plan or need.worth or need.prices is not None else None
    investors: tuple[InvestorAmounts, ...] = ()
    by_track: dict[str, Decimal] = {}
    if priced is not None:
        investors = amounts_by_investor(sc.agreement, priced)
        amounts: dict[str, list[Decimal]] = {}
        for r in priced.rows:
            amounts.setdefault(r.track, []).append(r.amount)
        by_track = {tid: total(v) for tid, v in amounts.items()}
    plan, plan_error = None, ""
    if need.plan:
        try:
            plan = plan_next_suspension(sc, need.plan_days, priced)
        except RRCalcError as exc:  # no Permitted Suspension Periods, or one still open: no window
            if need.plan_required:
                raise
            plan_error = str(exc)
    worth: tuple[ReadingValue, ...] = ()
    if need.worth and sc.agreement.readings and sc.agreement.tracks:
        worth = tuple(compare_readings([sc])[1])
    shares = share_prices(sc, need.prices, need.prices_source, priced) if need.prices is not None else None
    counts: dict[tuple[str, str, int, int], Decimal] = {}
    if shares is not None and priced is not None:
        from rrcalc.engine.prices import shares_for

        for r in priced.rows:
            sp = shares.get((r.track, r.period.computation_date)) if r.period.computation_date else None
            if sp is not None:
                counts[(r.investor, r.track, r.occurrence, r.period.n)] = shares_for(r.amount, sp)
    return Deal(sc.name, sc.agreement, sc.facts, sc.in_force, sc.as_of, sc.calendar, sc.as_of_defaulted,
                tuple(sc.deadlines()) if need.deadlines else (), priced, investors, by_track,
                sc.windows() if need.windows else {}, plan, plan_error, worth, shares, counts)


def bind_all(registry: Registry, paths: list[str | Path | None], options: Options,
             each: Callable[[Iterable[str | Path | None]], Iterable[str | Path | None]] | None = None
             ) -> list[Scenario]:
    """Every events file bound as ``options`` say (``each``: wraps the iteration, e.g. with a progress bar)."""
    return [scenario(registry, p, options) for p in (each(paths) if each else paths)]


def show(agreement: Agreement, chosen: dict[str, str] | None = None) -> Shown:
    """An agreement for ``show``: every obligation's rule (and its cases') in words, with the readings in force."""
    from rrcalc.engine.deadlines import Evaluator
    from rrcalc.model.agreement import DateRule
    from rrcalc.results import Shown

    in_force = agreement.readings_in_force(chosen)
    ev = Evaluator(agreement, {}, calendar_for(agreement, in_force), in_force)

    def words(rule: DateRule | str) -> str:
        dated = ev.obligation(rule) if isinstance(rule, str) else ev.rule(rule)
        text = dated.basis.replace(" (not given)", "")
        return f"{text} = {dated.date}" if dated.date else text

    rules = {}
    for k, ob in agreement.obligations.items():
        formula = words(k)
        for case in ob.cases:
            formula += f"; if {case.when}: {words(case.rule)}"
        rules[k] = f"if {ob.when}: {formula}" if ob.when else formula
    return Shown(agreement, in_force, rules)


def rate_schedule(agreement: Agreement, chosen: dict[str, str] | None = None) -> RateSchedule:
    """``penalties`` without facts: the readings in force and the engine's rate examples."""
    from rrcalc.results import RateSchedule

    return RateSchedule(agreement, agreement.readings_in_force(chosen), tuple(examples(agreement, chosen)))


def readings_worth(scenarios: list[Scenario]) -> ReadingsWorth:
    """``--compare-readings`` as a result (:func:`compare_readings`)."""
    from rrcalc.results import ReadingsWorth

    base, values = compare_readings(scenarios)
    return ReadingsWorth(scenarios[0].agreement, base, tuple(values))


def portfolio(deals: list[Deal], names: list[str]) -> Portfolio:
    """Many computed deals rolled up: every amount due by date, paid, outstanding and interest as of each deal's
    as-of date (payments applied in the order amounts fall due), and what was paid beyond them."""
    from rrcalc.engine.penalties import credits, settle
    from rrcalc.results import Payment, Portfolio

    zero = Decimal("0.00")
    rows = []
    for name, deal in zip(names, deals, strict=True):
        for r, owed, paid_on in settle(deal.penalties.rows, deal.facts.body.payments):
            due = r.payment_due
            assert due is not None  # settle() gives only rows with a payment date
            if owed == 0 and r.amount > 0:  # paid before its period began: from what an earlier payment left over
                assert paid_on is not None
                status = f"paid in advance {paid_on}" if paid_on < r.period.start else f"paid {paid_on}"
            elif owed < r.amount:
                status = "part paid"
            elif r.amount == 0:
                status = "nothing due"
            else:
                status = "overdue" if due < deal.as_of else "due"
            if r.period.status == "accruing":
                status += " (accruing)"
            rows.append(Payment(name, deal.agreement.id, r, due, r.amount - owed, owed,
                                r.interest if r.interest is not None else zero, status, deal.as_of))
    rows.sort(key=lambda x: (x.payment_due, x.deal, x.row.investor, x.row.track, x.row.occurrence, x.row.period.n))
    owing = tuple((name, inv, credit) for name, d in zip(names, deals, strict=True) if d.facts.body.payments
                  for inv, credit in credits(d.penalties.rows, d.facts.body.payments).items())
    return Portfolio(tuple(deals), tuple(names), tuple(rows), owing)



def load_portfolio(paths: list[str | Path], agreement_ref: str | None = None,
                   registry: Registry | None = None) -> Portfolio:
    """Each events file with its Periodic Amounts, under the agreement it names (or ``agreement_ref``), rolled up
    (:func:`portfolio`)."""
    from rrcalc.results import Need

    registry = registry or Registry()
    deals = [compute(scenario(registry, p, agreement_ref), Need(penalties=True)) for p in paths]
    return portfolio(deals, [d.facts.body.deal or d.name for d in deals])


def schema(kind: str) -> dict[str, Any]:
    """The JSON Schema of an agreement file (``agreement``) or an events file (``events``)."""
    if kind == "agreement":
        return json_schema(Agreement, "rrcalc agreement",
                           "The encoded terms of a Registration Rights Agreement (agreements/*.yaml).")
    if kind == "events":
        return json_schema(FactsBody, "rrcalc events file", "Scenario facts for one deal (the conventions, "
                           "docs/conventions.md#facts-and-the-as-of-date).")
    raise UsageError(f"unknown schema '{kind}'; choose agreement or events")


# -- check ----------------------------------------------------------------------------------------------


#: What ``check --fail-on`` can make a deal fail for.
FAIL_ON = ("missed", "not_permitted", "draft")


def check(paths: list[str | Path] | None = None, agreement_ref: str | None = None,
          registry: Registry | None = None, fail_on: list[str] | tuple[str, ...] = (),
          text: str | Path | None = None) -> CheckReport:
    """Validate every bundled agreement and each given file, and run embedded test cases.

    A given file is an agreement if it has a top-level ``id`` (:func:`is_agreement_file`), known by that id to
    the other files given; a file of expected outcomes if it has ``cases`` (:mod:`rrcalc.model.expect`);
    otherwise an events file, checked against the agreement it names by id (or ``agreement_ref``). A given
    folder stands for its YAML files (:func:`rrcalc.model.inputs.yaml_files`). Each agreement is parsed once.
    ``fail_on`` adds checks of each events file's facts: ``missed`` (no deadline missed) and ``not_permitted``
    (every suspension permitted); ``draft`` fails an agreement with open review items (a draft of `rrcalc draft`),
    which is otherwise reported, passing, as a draft.
    ``text``: the text of one agreement (``agreement_ref``, else the one agreement file among ``paths``) to verify
    its quotes against (:func:`_check_quotes`); every other agreement is verified against its ``source`` when that
    file is beside it.
    """
    for what in fail_on:
        if what not in FAIL_ON:
            raise UsageError(f"--fail-on: '{what}' is not one of {', '.join(FAIL_ON)}{suggest(what, list(FAIL_ON))}")
    registry = registry or Registry()
    report = CheckReport()
    bundled = [_relative(bundled_dir() / f"{i}.yaml") for i in bundled_ids()]
    targets: list[tuple[Path, Path | None]] = [(p, None) for p in bundled]  # each file, and the folder it is in
    for p in map(Path, paths or []):
        if not p.is_dir():
            targets.append((_relative(p), None))
            continue
        try:  # a folder given to check: its YAML files, as the shell's folder/*.yaml gives them
            targets += [(_relative(f), _relative(p)) for f in yaml_files(p, "check")]
        except RRCalcError as exc:
            report.items.append(CheckItem(str(p), "readable folder", False, str(exc)))
    from rrcalc.model.sourcetext import read_text

    quotes_text = read_text(text) if text is not None else None  # a bad text stops the run: exit 2
    given: Agreement | None = None
    if agreement_ref is not None:
        try:
            given = registry.load(agreement_ref)
        except RRCalcError as exc:
            report.items.append(CheckItem(agreement_ref, "valid agreement", False, str(exc)))
            return report
        if quotes_text is not None and all(not _same_path(t, Path(given.origin)) for t, _ in targets):
            targets.append((_relative(Path(given.origin)), None))  # checked, so that its quotes are
    # First every file is read, and the agreements given by path are made known by their ids, so that an events
    # file checked beside them may name them, in whichever order the files come (`check agreements/*.yaml
    # deals/*.yaml`). A large file that is not an agreement is read again when its turn comes, not held meanwhile.
    loaded: list[tuple[Path, Source | InputError | None, Path | None]] = []
    built: dict[int, Agreement | InputError] = {}
    for target, folder in targets:
        try:
            src = read_file(target, within=folder, regular=folder is not None)
        except InputError as exc:
            loaded.append((target, exc, folder))
            continue
        if is_agreement_file(src):
            try:
                built[len(loaded)] = (agreement_from_source(src) if target in bundled
                                      else registry.add(target, src))
            except InputError as exc:
                built[len(loaded)] = exc
        loaded.append((target, src if src.text is None or len(loaded) in built else None, folder))
    text_of: Path | None = None  # the agreement file --text is the text of
    if quotes_text is not None:
        if given is not None:
            text_of = Path(given.origin)
        else:
            mine = {loaded[i][0].resolve() for i in built if i >= len(bundled)}
            if len(mine) != 1:
                raise UsageError(f"--text is the text of one agreement; {len(mine)} agreement files are given: "
                                 "name the one with --agreement")
            text_of = mine.pop()
    for i, (target, read, folder) in enumerate(loaded):
        name = str(target)
        if read is None:
            try:
                read = read_file(target, within=folder, regular=folder is not None)
            except InputError as exc:
                read = exc
        if isinstance(read, InputError):
            report.items.append(_failed(name, "readable YAML", read))
            continue
        src, loaded[i] = read, (target, None, folder)  # released once checked
        if i in built:
            own: AgreementText | None = quotes_text if text_of and _same_path(target, text_of) else None
            _check_agreement(src, built[i], report, own, "draft" in fail_on)
        elif isinstance(src.data, dict) and "cases" in src.data:
            _check_cases(src, given, registry, report)
        else:
            _check_events(src, given, registry, report, tuple(fail_on))
    return report


def _failed(file: str, item: str, exc: RRCalcError) -> CheckItem:
    """A failed item for ``exc``, placed at its line and column when it names a place in ``file``."""
    loc = getattr(exc, "location", None)
    if isinstance(loc, Location) and loc.file == file:
        return CheckItem(file, item, False, str(exc), loc.line, loc.column)
    return CheckItem(file, item, False, str(exc))


def _relative(path: Path) -> Path:
    """``path`` relative to the working directory when it lies below it (shorter messages)."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve())
    except (ValueError, OSError, RuntimeError):
        return path


def _same_path(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except (OSError, RuntimeError):
        return a == b


def _check_quotes(src: Source, agreement: Agreement, text: AgreementText | None) -> tuple[str, list[CheckItem]]:
    """Every quote of ``agreement`` verified against ``text``, else against its ``source`` when that file is beside
    it (inside its folder): the remark for the agreement's own line, and a failed item per quote at fault, at the
    quote's (or the section's) line (:func:`rrcalc.model.sourcetext.verify`; docs/encoding.md)."""
    from rrcalc.model.sourcetext import read_text, references, verify
    from rrcalc.model.yamlsrc import dotted

    if text is None:
        folder = Path(src.file).parent
        beside = folder / agreement.source
        at = src.where(("source",))
        real, root = os.path.realpath(beside), os.path.realpath(folder)
        if os.path.commonpath([real, root]) != root:
            message = "must name a file inside the agreement's folder (give a text elsewhere with check --text FILE)"
            return "", [CheckItem(src.file, "text of the agreement", False, str(InputError(message, at)),
                                  at.line, at.column)]
        if not os.path.exists(beside):
            return (f"quotes not verified: no text ({excerpt(agreement.source, 80)}, its source, is not beside the "
                    "file; give it with check --text FILE)"), []
        try:
            text = read_text(beside, within=folder)
        except InputError as exc:
            return "", [CheckItem(src.file, "text of the agreement", False, str(InputError(exc.message, at)),
                                  at.line, at.column)]
    items: list[CheckItem] = []
    count, unplaced = 0, ""
    for path, section, quote in references(src.data):
        count += 1
        verdict = verify(text, section, quote)
        if verdict is None:
            continue
        if not verdict.fault:  # the quote is there; its section could not be placed
            unplaced = unplaced or f"; sections not checked where {verdict.message}"
            continue
        at = src.where((*path, verdict.fault))
        items.append(CheckItem(src.file, f"{verdict.fault} of {dotted(path[:-1]) or 'reference'}", False,
                               str(InputError(verdict.message, at)), at.line, at.column))
    if items:
        return f"{count - len(items)} of {count} quotes verified against {text.name}{unplaced}", items
    return (f"{count} quotes verified against {text.name}: each is in the text, under the section it cites"
            f"{unplaced}"), items


def _check_agreement(src: Source, agreement: Agreement | InputError, report: CheckReport,
                     text: AgreementText | None = None, fail_draft: bool = False) -> None:
    if isinstance(agreement, InputError):
        report.items.append(_failed(src.file, "valid agreement", agreement))
        return
    remark, quotes = _check_quotes(src, agreement, text)
    report.items.append(CheckItem(src.file, f"agreement {agreement.id} is valid", True, remark))
    report.items.extend(quotes)
    if agreement.review:  # a draft (`rrcalc draft`): reported, and failed only under --fail-on draft
        n = len(agreement.review)
        at = src.where(("review",))
        report.items.append(CheckItem(
            src.file, f"{n} review item{'s' * (n != 1)} open: agreement {agreement.id} is a draft", not fail_draft,
            "the `review` section lists what the text left to decide; encode each and delete it", at.line, at.column,
            draft=True))
    from rrcalc.engine.cases import run_case  # the engines load only when a check needs them

    for i, case in enumerate(agreement.tests):
        problems = run_case(agreement, case, src, ("tests", i))
        at = src.where(("tests", i))
        report.items.append(CheckItem(src.file, f"{agreement.id}: {case.name}", not problems,
                                      "; ".join(problems), at.line, at.column))


def _check_cases(src: Source, given: Agreement | None, registry: Registry, report: CheckReport) -> None:
    """A deal repository's file of expected outcomes: each case run like an agreement's embedded ones."""
    from rrcalc.engine.cases import run_case
    from rrcalc.model.agreement import TestCase
    from rrcalc.model.expect import CaseFile

    try:
        cases: CaseFile = build(CaseFile, src.data, src)
    except InputError as exc:
        report.items.append(_failed(src.file, "valid file of expected outcomes", exc))
        return
    folder = Path(src.file).parent  # what a file of cases names lies inside its folder
    for i, case in enumerate(cases.cases):
        at = src.where(("cases", i))
        try:
            facts_path: Path_  # where the facts are in facts_src
            if case.events is not None:
                facts_src = read_file(folder / case.events, within=folder, regular=True)
                body, facts_path = facts_from_source(facts_src), ()
            else:
                assert case.facts is not None  # DealCase.check: one or the other
                facts_src, body, facts_path = src, case.facts, ("cases", i)
            ref = case.agreement or cases.agreement
            if ref is not None:
                agreement = registry.load(ref, within=folder)
            elif body.agreement is not None:
                agreement = registry.by_id(body.agreement, facts_src.where(("agreement",)))
            elif given is not None:
                agreement = given
            else:
                raise src.error(("cases", i), f"case '{case.name}': name the agreement (in the case, the file, "
                                              "the events file, or with --agreement)")
            problems = run_case(agreement, TestCase(case.name, body, case.readings, case.expect, case.working),
                                facts_src, facts_path)
        except RRCalcError as exc:
            problems = [str(exc)]
        report.items.append(CheckItem(src.file, f"case: {case.name}", not problems, "; ".join(problems),
                                      at.line, at.column))


def _check_events(src: Source, given: Agreement | None, registry: Registry, report: CheckReport,
                  fail_on: tuple[str, ...] = ()) -> None:
    try:
        body = facts_from_source(src)
        if given is not None:
            agreement = given
        elif body.agreement is not None:
            agreement = registry.by_id(body.agreement, src.where(("agreement",)))
        else:
            raise src.error(("agreement",), "an events file checked on its own needs an 'agreement' key "
                                            "(or give --agreement)")
        facts = bind(body, agreement, src)
    except RRCalcError as exc:
        report.items.append(_failed(src.file, "valid events file", exc))
        return
    report.items.append(CheckItem(src.file, f"events for agreement {agreement.id} are valid", True))
    try:
        if "missed" in fail_on:
            missed = [r for r in deadlines(agreement, facts) if r.status == "missed"]
            at = src.where(("events",))
            report.items.append(CheckItem(
                src.file, "no deadline missed", not missed,
                "; ".join(f"{r.obligation.label} ({r.id}, §{r.obligation.reference.section}) due {r.due} was missed: "
                          f"{r.basis}" for r in missed), at.line, at.column))
        if "not_permitted" in fail_on:
            result = penalties(agreement, facts)
            bad = [c for c in result.suspensions if not c.permitted]
            for c in bad:
                # The facts judged are the file's suspensions trimmed to the as-of date and given their default
                # kind, so new objects: find the one written by its first day (suspensions never overlap).
                i = next((k for k, s in enumerate(body.suspensions) if s.start == c.suspension.start), None)
                at = src.where(("suspensions",) if i is None else ("suspensions", i))
                report.items.append(CheckItem(
                    src.file, f"suspension {c.n} ({c.suspension.start} to {c.suspension.end or 'open'}) is permitted",
                    False, f"not permitted: {'; '.join(c.reasons)}", at.line, at.column))
            if not bad:
                report.items.append(CheckItem(src.file, "every suspension is permitted", True))
    except RRCalcError as exc:
        report.items.append(_failed(src.file, "the facts can be computed", exc))


__all__ = [
    "Agreement", "CheckReport", "Facts", "FactsBody", "Options", "Registry", "Scenario", "bind_all", "bundled_ids",
    "calendar_for", "check", "compare_readings", "compute", "deadlines", "examples", "exposure", "list_agreements",
    "load_agreement", "load_facts", "load_portfolio", "parse", "penalties", "plan_next_suspension", "portfolio",
    "rate_schedule", "readings", "readings_worth", "scenario", "schema", "show",
]
