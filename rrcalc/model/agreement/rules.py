"""The cross-field rules of an agreement, as one table: what the schema's types cannot say.

Each class's rules are a list of scopes (:class:`~rrcalc.model.agreement.validation.Scope`), checked by
:func:`rrcalc.model.agreement.validation.check` as soon as an object of the class is built: a term, a date rule, a
track, the whole agreement (its rules run last, once every part has passed its own). Within a scope the rules are
checked item by item, in the order written, and the first that fails is the one error the user sees; a rule may
take for granted the rules before it.

A rule is an entry: its id, the fields it concerns (below its scope's items), ``when`` it applies, what ``fails``
it, and the message (the edit of a bundled agreement that breaks each is test data, in tests/rule_examples.py).
Most rules recur on many fields and
are made by the helpers below: :func:`term` (the field names a term, in a unit), :func:`choice` (a value, or a
reading whose alternatives each give one), :func:`known` (a name declared elsewhere in the agreement),
:func:`positive` and :func:`rate` (a term's value within bounds). ``tests/test_agreement_rules.py`` makes a
failing and a passing case of every rule from this table.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from decimal import Decimal
from typing import Any

from rrcalc.model.agreement.choices import ReadingRef
from rrcalc.model.agreement.schema import (
    AGREEMENT_DATE,
    DAILY_AMOUNTS,
    DAY_COUNTS,
    Agreement,
    DateRule,
    Payment,
    PaymentCap,
    Precedence,
    RateStep,
    Reading,
    Reference,
    SuspensionKind,
    Term,
    TestCase,
    Track,
)
from rrcalc.model.agreement.validation import Fault, Rule, Scope, Written, itself, register
from rrcalc.model.bounds import MAX_BY_UNIT, MAX_PERIOD_DAYS, MAX_RATE_PERCENT, MAX_RULE_NESTING
from rrcalc.model.calendars import CALENDARS
from rrcalc.model.schema import suggest
from rrcalc.model.vocabulary import RUN_SCHEDULES
from rrcalc.model.yamlsrc import Path_

SNAKE = re.compile(r"^[a-z][a-z0-9_]*$")
MONTH_DAY = re.compile(r"^(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$")
_COUNTS = ("days", "business_days", "trading_days", "months", "years", "count", "shares")
_KNOWN_CALENDARS = ", ".join(CALENDARS)

A = Agreement
#: Units a rule asks of a term: fixed, or worked out from the agreement and the item (a track's rate unit).
Units = tuple[str, ...] | Callable[[A, Any], tuple[str, ...]]
#: Names a rule allows: fixed, or the agreement's own (its events and obligations).
Names = tuple[str, ...] | Callable[[A], Iterable[str]]


# -- helpers: the rules that recur on many fields -----------------------------------------------------------------

_PARTS: dict[str, tuple[str, ...]] = {}


def _get(item: object, field: str) -> Any:
    """The value of the dotted ``field`` below ``item`` (None where a part on the way is unset; "": the item)."""
    parts = _PARTS.get(field)
    if parts is None:
        parts = _PARTS[field] = tuple(field.split(".")) if field else ()
    value: Any = item
    for part in parts:
        if value is None:
            return None
        value = getattr(value, part)
    return value


def _path(field: str) -> Path_:
    return tuple(field.split(".")) if field else ()


def _given(field: str) -> Callable[[A, Any], bool]:
    return lambda a, it: _get(it, field) is not None


def _names(names: Names, a: A) -> list[str]:
    return list(names(a) if callable(names) else names)


def _anchors(a: A) -> list[str]:
    """What a date can count from: the agreement's date, its events, its obligations."""
    return [AGREEMENT_DATE, *a.events, *a.obligations]


def term(scope: str, field: str, units: Units) -> list[Rule[A, Any]]:
    """``field`` (when set) names a term of the agreement, in one of ``units``."""
    at = _path(field)

    def units_of(a: A, it: Any) -> tuple[str, ...]:
        return units(a, it) if callable(units) else units

    def unknown(a: A, it: Any) -> Fault | None:
        name = _get(it, field)
        return None if name in a.terms else Fault(*at, name=name, hint=suggest(name, list(a.terms)))

    def wrong_unit(a: A, it: Any) -> Fault | None:
        name, wanted = _get(it, field), units_of(a, it)
        unit = a.terms[name].unit
        return None if unit in wanted else Fault(*at, name=name, unit=unit, wanted=" or ".join(wanted))

    return [Rule(f"{scope}.{field or '*'}:term", field, "unknown term '{name}'{hint}", unknown, when=_given(field),
                 family="term-known"),
            Rule(f"{scope}.{field or '*'}:term-unit", field, "term '{name}' is in {unit}; expected {wanted}",
                 wrong_unit, when=_given(field), family="term-unit", params={"units": units_of})]


def known(scope: str, field: str, names: Callable[[A], Iterable[str]], what: str,
          hints: Callable[[A], Iterable[str]] | None = None) -> Rule[A, Any]:
    """``field`` (when set; each of its entries, for a list) is one of the agreement's ``names`` (say ``what``);
    the hint suggests the nearest of ``hints`` (default: the names)."""
    at = _path(field)

    def unknown(a: A, it: Any) -> Fault | None:
        value = _get(it, field)
        allowed = list(names(a))
        entries = list(enumerate(value)) if isinstance(value, list) else [(None, value)]
        for i, name in entries:
            if name not in allowed:
                where = at if i is None else (*at, i)
                return Fault(*where, name=name, hint=suggest(name, list(hints(a)) if hints else allowed))
        return None

    return Rule(f"{scope}.{field}:known", field, f"unknown {what} '{{name}}'{{hint}}", unknown, when=_given(field),
                family="known", params={"what": what})


def choice(scope: str, field: str, allowed: Names, optional: bool = False) -> list[Rule[A, Any]]:
    """``field`` is one of ``allowed``, or a reading whose alternatives (or the values given for them) each are one
    (``optional``: or null, the field unset)."""
    at = _path(field)

    def ref(it: Any) -> ReadingRef | None:
        value = _get(it, field)
        return value if isinstance(value, ReadingRef) else None

    def values(a: A, it: Any) -> list[str | None]:
        value = _get(it, field)
        if isinstance(value, str):
            return [value]
        if isinstance(value, ReadingRef):
            return list(a.readings[value.reading].alternatives) if value.values is None else list(value.values.values())
        return []

    def first_bad(a: A, it: Any) -> tuple[bool, str | None]:
        ok = _names(allowed, a)
        for v in values(a, it):
            if (v is None and not optional) or (v is not None and v not in ok):
                return True, v
        return False, None

    def unknown_reading(a: A, it: Any) -> Fault | None:
        r = ref(it)
        assert r is not None
        return None if r.reading in a.readings else \
            Fault(*at, "reading", name=r.reading, hint=suggest(r.reading, list(a.readings)))

    def missing_value(a: A, it: Any) -> Fault | None:
        r = ref(it)
        assert r is not None and r.values is not None
        alt = next((x for x in a.readings[r.reading].alternatives if x not in r.values), None)
        return None if alt is None else Fault(*at, "values", alt=alt, reading=r.reading)

    def extra_value(a: A, it: Any) -> Fault | None:
        r = ref(it)
        assert r is not None and r.values is not None
        alternatives = list(a.readings[r.reading].alternatives)
        alt = next((x for x in r.values if x not in alternatives), None)
        return None if alt is None else Fault(*at, "values", alt, alt=alt, reading=r.reading,
                                              hint=suggest(alt, alternatives))

    def null(a: A, it: Any) -> Fault | None:
        bad, v = first_bad(a, it)
        return Fault(*at, allowed=", ".join(_names(allowed, a))) if bad and v is None else None

    def not_allowed(a: A, it: Any) -> Fault | None:
        bad, v = first_bad(a, it)
        ok = _names(allowed, a)
        return Fault(*at, value=v, allowed=", ".join(ok), hint=suggest(v, ok)) if bad and v is not None else None

    def by_reading(it: Any) -> bool:
        return ref(it) is not None

    def with_values(it: Any) -> bool:
        r = ref(it)
        return r is not None and r.values is not None

    name = f"{scope}.{field}"
    params = {"allowed": allowed, "optional": optional}
    rules: list[Rule[A, Any]] = [
        Rule(f"{name}:reading", (field, f"{field}.reading"), "unknown reading '{name}'{hint}", unknown_reading,
             when=lambda a, it: by_reading(it), family="choice-reading", params=params),
        Rule(f"{name}:reading-values", (field, f"{field}.values"), "no value for alternative '{alt}' of reading "
             "'{reading}'", missing_value, when=lambda a, it: with_values(it), family="choice-missing-value",
             params=params),
        Rule(f"{name}:reading-alternatives", (field, f"{field}.values"), "'{alt}' is not an alternative of reading "
             "'{reading}'{hint}", extra_value, when=lambda a, it: with_values(it), family="choice-extra-value",
             params=params),
    ]
    if not optional:  # null is never among the values of an optional field: the rule could not fail
        rules.append(Rule(f"{name}:not-null", field, "null is not allowed here; choose one of: {allowed}", null,
                          when=lambda a, it: with_values(it), family="choice-null", params=params))
    rules.append(Rule(f"{name}:choice", field, "'{value}' is not one of: {allowed}{hint}", not_allowed,
                      when=_given(field), family="choice", params=params))
    return rules


def _number(a: A, name: str | None) -> Decimal | int | None:
    """A term's value when it is a number (None: unset, unknown or not a number)."""
    value = a.terms[name].value if name is not None and name in a.terms else None
    return value if isinstance(value, int | Decimal) and not isinstance(value, bool) else None


def positive(scope: str, field: str, what: str, top: int | None = None) -> list[Rule[A, Any]]:
    """The term ``field`` names divides or counts: more than 0 (and at most ``top``)."""
    at = _path(field)

    def value(a: A, it: Any) -> Decimal | int | None:
        return _number(a, _get(it, field))

    rules: list[Rule[A, Any]] = [
        Rule(f"{scope}.{field}:positive", field, f"term '{{name}}' is {{value}}; {what} must be more than 0",
             lambda a, it: (v := value(a, it)) is not None and v <= 0 and Fault(*at, name=_get(it, field), value=v),
             family="positive", params={"what": what})]
    if top is not None:
        rules.append(Rule(f"{scope}.{field}:at-most", field,
                          f"term '{{name}}' is {{value}}; {what} may be at most {top}",
                          lambda a, it: (v := value(a, it)) is not None and v > top
                          and Fault(*at, name=_get(it, field), value=v), family="at-most",
                          params={"what": what, "top": top}))
    return rules


def rate(scope: str, field: str, when: Callable[[A, Any], bool] | None = None) -> Rule[A, Any]:
    """The term ``field`` names is a rate per period: at most MAX_RATE_PERCENT% of its base."""
    at = _path(field)
    return Rule(f"{scope}.{field}:rate", field, "term '{name}' is {value}%; a rate per period may be at most "
                f"{MAX_RATE_PERCENT}% of its base",
                lambda a, it: (v := _number(a, _get(it, field))) is not None and v > MAX_RATE_PERCENT
                and Fault(*at, name=_get(it, field), value=v), when=when, family="rate")


def _first(pairs: Iterable[tuple[Path_, object]]) -> Fault | None:
    """The first of ``(path, ...)`` pairs as a fault at that path (None when there is none)."""
    for at, _ in pairs:
        return Fault(*at)
    return None


# -- the parts, each checked as it is built ---------------------------------------------------------------------

register(Reference, Scope("reference", "", itself, [
    Rule("reference:quote", "quote", "must not be empty", lambda _, r: not r.quote.strip(), at="quote"),
    Rule("reference:quote-length", "quote", "is {n} characters; quote at most 400",
         lambda _, r: len(r.quote) > 400 and Fault("quote", n=len(r.quote))),
]))


def _month_day(value: object) -> bool:
    if not isinstance(value, str) or not MONTH_DAY.match(value):
        return False
    try:
        date(2000, int(value[:2]), int(value[3:]))  # a leap year: 02-29 exists
    except ValueError:
        return False
    return True


def _is_number(value: object) -> bool:
    return isinstance(value, int | Decimal) and not isinstance(value, bool)


register(Term, Scope("term", "", itself, [
    Rule("term:number", ("value", "unit"), "'{value}' is not a number within rrcalc's bounds (at most 15 digits "
         "before the point and 6 after)",
         lambda _, t: not _is_number(t.value) and Fault("value", value=Written(t.value)),
         when=lambda _, t: t.unit in ("percent", "usd")),
    Rule("term:not-negative", ("value", "unit"), "{value} is negative; a {it.unit} term must be at least 0",
         lambda _, t: _is_number(t.value) and t.value < 0 and Fault("value", value=Written(t.value)),
         when=lambda _, t: t.unit in ("percent", "usd")),
    Rule("term:whole", ("value", "unit"), "'{value}' is not a whole number of {it.unit} (0 or more)",
         lambda _, t: (isinstance(t.value, bool) or not isinstance(t.value, int) or t.value < 0)
         and Fault("value", value=Written(t.value)), when=lambda _, t: t.unit in _COUNTS),
    Rule("term:at-most", ("value", "unit"), "{value} {it.unit} is more than rrcalc accepts ({top:,})",
         lambda _, t: _is_number(t.value) and t.value > MAX_BY_UNIT[t.unit]
         and Fault("value", value=Written(t.value), top=MAX_BY_UNIT[t.unit]),
         when=lambda _, t: t.unit in MAX_BY_UNIT),
    Rule("term:calendar", ("value", "unit"), "unknown calendar '{value}' (known: " + _KNOWN_CALENDARS + ")",
         lambda _, t: t.value not in CALENDARS and Fault("value", value=Written(t.value)),
         when=lambda _, t: t.unit == "calendar"),
    Rule("term:month-day", ("value", "unit"), "'{value}' is not a day of the year written MM-DD (in quotes, e.g. "
         "\"05-15\")", lambda _, t: not _month_day(t.value) and Fault("value", value=Written(t.value)),
         when=lambda _, t: t.unit == "month_day"),
]))

register(Reading, Scope("reading", "", itself, [
    Rule("reading:default", ("default", "alternatives"), "'{it.default}' is not one of the alternatives ({alts}){hint}",
         lambda _, r: r.default not in r.alternatives and Fault(
             "default", alts=", ".join(r.alternatives), hint=suggest(r.default, list(r.alternatives)))),
]))

_BASES = ("on", "anchor", "earliest_of", "latest_of")
_OFFSETS = ("days", "business_days", "months", "years")


def _set(rule: DateRule, keys: tuple[str, ...]) -> list[str]:
    return [k for k in keys if getattr(rule, k) is not None]


def _offset_beyond(r: DateRule) -> Fault | None:
    for key in _set(r, _OFFSETS):
        n, top = getattr(r, key), MAX_BY_UNIT[key]
        if abs(n) > top:
            return Fault(key, n=n, key=key, top=top)
    return None


register(DateRule, Scope("date_rule", "", itself, [
    Rule("date_rule:one-base", _BASES, "a date rule needs exactly one of 'on', 'anchor', 'earliest_of', "
         "'latest_of'{got}", lambda _, r: len(bases := _set(r, _BASES)) != 1 and Fault(
             got=f"; got {', '.join(bases)}" if bases else "")),
    Rule("date_rule:one-offset", _OFFSETS, "give one offset, not {offsets}",
         lambda _, r: len(offsets := _set(r, _OFFSETS)) > 1 and Fault(offsets=" and ".join(offsets))),
    Rule("date_rule:offset-from", (*_OFFSETS, "anchor", "on"), "an offset needs an 'anchor' or 'on' date to count "
         "from", lambda _, r: bool(offsets := _set(r, _OFFSETS)) and r.anchor is None and r.on is None
         and Fault(offsets[0])),
    Rule("date_rule:offset-bound", _OFFSETS, "an offset of {n} {key} is more than rrcalc accepts (±{top:,})",
         lambda _, r: _offset_beyond(r)),
    Rule("date_rule:nesting", ("earliest_of", "latest_of"), f"earliest_of/latest_of nested more than "
         f"{MAX_RULE_NESTING} levels deep", lambda _, r: r.nesting() > MAX_RULE_NESTING),
]))


def _one_way(p: Payment) -> bool:
    schedule = p.first_days is not None or p.after_cure_business_days is not None
    ways = [schedule] + [bool(getattr(p, w)) for w in p.WAYS[1:]]
    return sum(ways) == 1 and not (schedule and (p.first_days is None or p.after_cure_business_days is None))


register(Payment, Scope("payment", "", itself, [
    Rule("payment:one-way", Payment.WAYS, "give one of: first_days and after_cure_business_days (a payment "
         "schedule), " + ", ".join(Payment.WAYS[1:]), lambda _, p: not _one_way(p)),
    Rule("payment:record-dates", ("record_dates", "fixed_dates"), "give one record date for each of the {n} fixed "
         "dates, or none", lambda _, p: bool(p.record_dates) and len(p.record_dates) != len(p.fixed_dates)
         and Fault("record_dates", n=len(p.fixed_dates))),
]))

_NEEDS = {"deadline_missed": ("deadline", "cure"), "restricted_sale": ("window_from", "window_days"),
          "suspension": ("kinds",)}
#: A field that cannot act is refused, never ignored: each acts only on these kinds of track.
_ONLY = {"deadline": ("deadline_missed",), "cure": ("deadline_missed",), "kinds": ("suspension",),
         "window_from": ("restricted_sale",), "window_days": ("restricted_sale",),
         "window_optional": ("restricted_sale",)}
_NEW_PERIODS = ("calendar_months", "payment_dates")


def _needs(t: Track) -> Fault | None:
    need = () if t.occurs == "restricted_sale" and t.window_optional else _NEEDS[t.occurs]
    key = next((k for k in need if not getattr(t, k)), None)
    return None if key is None else Fault(key=key)


def _only(t: Track) -> Fault | None:
    for key, occurs in _ONLY.items():
        if getattr(t, key) and t.occurs not in occurs:
            return Fault(key, key=key, occurs=" or ".join(occurs))
    return None


def _after_before(t: Track) -> Fault | None:
    if (t.after or t.before) and t.periods in ("computation_dates", "monthly"):
        key = "after" if t.after else "before"
        return Fault(key, key=key)
    return None


def _not_on_base(t: Track) -> Fault | None:
    for key, default in (("base", "held_shares_value"), ("held_shares_value_after", None)):
        if getattr(t, key) != default:
            return Fault(key)
    return None


register(Track, Scope("track", "", itself, [
    Rule("track:needs", ("occurs", *sorted({k for ks in _NEEDS.values() for k in ks})), "a {it.occurs} track needs "
         "'{key}'", lambda _, t: _needs(t)),
    Rule("track:rate-steps", "rates", "rate steps must start at period 1 and increase",
         lambda _, t: [r.from_period for r in t.rates] != sorted({r.from_period for r in t.rates})
         or t.rates[0].from_period != 1, at="rates"),
    Rule("track:acts-only-on", ("occurs", *_ONLY), "'{key}' acts only on a {occurs} track", lambda _, t: _only(t)),
    Rule("track:period-days-needed", ("periods", "period_days"), "{it.periods} periods need 'period_days'",
         lambda _, t: t.period_days is None and t.periods in ("computation_dates", "consecutive", "monthly")),
    Rule("track:no-period-days", ("periods", "period_days"), "{it.periods} periods have no period_days",
         lambda _, t: t.period_days is not None and t.periods in _NEW_PERIODS, at="period_days"),
    Rule("track:daily-amount", ("periods", "amount"), "a {it.amount} amount is per period; {it.periods} periods "
         "need an amount that accrues daily (" + ", ".join(DAILY_AMOUNTS) + ")",
         lambda _, t: t.amount not in DAILY_AMOUNTS and t.periods in _NEW_PERIODS, at="amount"),
    Rule("track:suspension-periods", ("occurs", "periods"), "a suspension track's days are cut into consecutive "
         "periods", lambda _, t: t.occurs == "suspension" and t.periods != "consecutive", at="periods"),
    Rule("track:after-before", ("after", "before", "periods"), "'{key}' acts on consecutive, calendar_months or "
         "payment_dates periods, not {it.periods}",
         lambda _, t: _after_before(t)),
    Rule("track:overlap-periods", ("overlap", "periods"), "'overlap' acts on consecutive, calendar_months or "
         "payment_dates periods, not {it.periods}",
         lambda _, t: t.overlap != "stack" and t.periods not in RUN_SCHEDULES, at="overlap"),
    Rule("track:payment-dates", ("periods", "payment.fixed_dates"), "payment_dates periods need the payment's "
         "fixed_dates", lambda _, t: t.periods == "payment_dates" and not t.payment.fixed_dates, at="payment"),
    Rule("track:base-unit", ("base_unit", "amount"), "give base_unit exactly when the amount is usd_per_unit",
         lambda _, t: (t.base_unit is None) != (t.amount != "usd_per_unit"), at="base_unit"),
    Rule("track:day-count", ("day_count", "amount"), "give day_count exactly when the amount is annual_percent",
         lambda _, t: (t.day_count is None) != (t.amount != "annual_percent"), at="day_count"),
    Rule("track:base", ("amount", "base", "held_shares_value_after"), "a {it.amount} amount does not depend on the "
         "base", lambda _, t: _not_on_base(t), when=lambda _, t: t.amount in ("usd", "usd_per_day",
                                                                             "usd_per_business_day")),
    Rule("track:partial-period", ("amount", "partial_period"), "a {it.amount} amount accrues by the day; "
         "partial_period does not apply", lambda _, t: t.amount in DAILY_AMOUNTS and t.partial_period != "daily",
         at="partial_period"),
    Rule("track:step-up-rates", ("step_up", "rates"), "with a step_up, rates gives only the first rate "
         "(from_period 1)", lambda _, t: t.step_up is not None and len(t.rates) != 1, at="step_up"),
    Rule("track:first-period-cure", ("first_period_cure", "periods"), "acts only on computation_dates periods",
         lambda _, t: t.first_period_cure != "ends_period" and t.periods != "computation_dates",
         at="first_period_cure"),
    Rule("track:occurrences", ("occurrences", "occurs"), "acts only on a suspension track",
         lambda _, t: t.occurrences != "each" and t.occurs != "suspension", at="occurrences"),
]))

register(PaymentCap, Scope("payment_cap", "", itself, [
    Rule("payment_cap:rate-or-amount", ("rate", "amount"), "give one of 'rate' (percent) and 'amount' (usd)",
         lambda _, c: (c.rate is None) == (c.amount is None)),
    Rule("payment_cap:dollars-of", ("amount", "of"), "a cap in dollars is not a share of anything",
         lambda _, c: c.amount is not None and c.of != "purchase_price", at="of"),
    Rule("payment_cap:percent-scope", ("rate", "scope"), "a percentage cap is per Investor",
         lambda _, c: c.rate is not None and c.scope == "total", at="scope"),
]))


# -- the agreement as a whole, once its parts are built ---------------------------------------------------------

def _each(field: str) -> Callable[[A, Any], Iterator[tuple[Path_, Any]]]:
    """Every entry of the mapping or list ``field`` of the item, with its key or index."""
    def each(a: A, parent: Any) -> Iterator[tuple[Path_, Any]]:
        value = getattr(parent, field)
        pairs = value.items() if isinstance(value, dict) else enumerate(value)
        return (((field, k), v) for k, v in pairs)
    return each


def _if_set(field: str) -> Callable[[A, Any], Iterator[tuple[Path_, Any]]]:
    """The item's ``field``, when it is set."""
    def each(a: A, parent: Any) -> Iterator[tuple[Path_, Any]]:
        value = getattr(parent, field)
        return iter([((field,), value)] if value is not None else [])
    return each


def _names_of(a: A, parent: Any) -> Iterator[tuple[Path_, str]]:
    for group in ("events", "terms", "obligations", "readings"):
        for key in getattr(a, group):
            yield (group, key), key


def _clash(a: A) -> Fault | None:
    clash = set(a.events) & set(a.obligations)
    if clash or AGREEMENT_DATE in a.events or AGREEMENT_DATE in a.obligations:
        name = sorted(clash)[0] if clash else AGREEMENT_DATE
        return Fault("events", name, name=name)
    return None


def _two_defaults(a: A) -> Fault | None:
    defaults = [k for k, sk in a.suspension_kinds.items() if sk.default]
    return Fault("suspension_kinds", defaults[1], "default", first=defaults[0]) if len(defaults) > 1 else None


def _permits(a: A) -> list[str] | None:
    return a.permitted_suspensions.kinds if a.permitted_suspensions else None


def _permitted(a: A, sk: SuspensionKind) -> bool:
    """Whether permitted_suspensions lists the kind (false without permitted_suspensions)."""
    kinds = _permits(a)
    return kinds is not None and next(k for k, x in a.suspension_kinds.items() if x is sk) in kinds


def _unknown_anchor(a: A, ob: Any) -> Fault | None:
    anchors = _anchors(a)
    rules: list[tuple[Path_, DateRule]] = [(("rule",), ob.rule)] + [
        (("cases", i, "rule"), c.rule) for i, c in enumerate(ob.cases)]
    for sub, r in rules:
        for anchor in r.anchors():
            if anchor not in anchors:
                return Fault(*sub, name=anchor, hint=suggest(anchor, anchors))
    return None


def _unknown_event(a: A, ob: Any) -> Fault | None:
    for key, event in [("when", ob.when), ("met_by", ob.met_by)] + [
            (f"cases[{i}].when", c.when) for i, c in enumerate(ob.cases)]:  # one key: the obligation's line
        if event is not None and event not in a.events:
            return Fault(key, name=event, hint=suggest(event, list(a.events)))
    return None


def _target(a: A, r: Reading) -> Term | None:
    """The term a reading sets (the calendar is one)."""
    return a.calendar if r.sets == "calendar" else a.terms.get(r.sets or "")


def _rate_unit(a: A, t: Track) -> tuple[str, ...]:
    return ("percent",) if t.amount in ("percent_of_base", "annual_percent") else ("usd",)


class _Step:
    """A rate step with its track (whose amount gives the rate's unit)."""

    __slots__ = ("rate", "track")

    def __init__(self, track: Track, step: RateStep) -> None:
        self.track, self.rate = track, step.rate


def _steps(a: A, t: Track) -> Iterator[tuple[Path_, _Step]]:
    return ((("rates", i), _Step(t, s)) for i, s in enumerate(t.rates))


def _list_of(path: tuple[str, ...], field: str) -> Callable[[A, Any], Iterator[tuple[Path_, Any]]]:
    """Every entry of the list at ``path`` + ``field`` below the item."""
    def each(a: A, parent: Any) -> Iterator[tuple[Path_, Any]]:
        return (((*path, field, i), v) for i, v in enumerate(getattr(_get(parent, ".".join(path)), field)))
    return each


def _days_unit(a: A, _: Any) -> tuple[str, ...]:
    """The unit of the permitted suspensions' day counts."""
    ps = a.permitted_suspensions
    assert ps is not None
    return ({"calendar_days": "days"}.get(ps.counting, ps.counting),)


def _group(a: A, group: Precedence) -> int:
    return next(g for g, x in enumerate(a.precedence) if x is group)


class _Member:
    """A track of a precedence group, where it stands."""

    __slots__ = ("g", "i", "track")

    def __init__(self, g: int, i: int, track: str) -> None:
        self.g, self.i, self.track = g, i, track


def _members(a: A, group: Precedence) -> Iterator[tuple[Path_, _Member]]:
    g = _group(a, group)
    return ((("tracks", i), _Member(g, i, tid)) for i, tid in enumerate(group.tracks))


def _earlier_group(a: A, m: _Member) -> int | None:
    """The group an earlier entry of the precedence already put this track in."""
    for g, group in enumerate(a.precedence[: m.g + 1]):
        if m.track in (group.tracks if g < m.g else group.tracks[: m.i]):
            return g
    return None


def _case_readings(a: A, case: TestCase) -> Iterator[tuple[Path_, tuple[str, str]]]:
    return ((("readings", k), (k, v)) for k, v in case.readings.items())


def _cycle(a: A) -> Fault | None:
    """An obligation whose date depends on itself, directly or through others (found without recursion).

    The graph is the one the evaluator walks: an obligation needs the anchors of its rules and cases, every value
    a case's bound can take (each alternative of the reading that chooses it), and an event it is anchored on needs
    that event's ``valid_from``."""
    needs: dict[str, list[str]] = {}
    for oid, ob in a.obligations.items():
        names = ob.rule.anchors() + [x for c in ob.cases for x in c.rule.anchors()]
        for c in ob.cases:  # a case's bound is evaluated too (every alternative its reading may choose)
            bound = c.on_or_before
            if isinstance(bound, ReadingRef) and bound.reading in a.readings:
                alternatives = list(a.readings[bound.reading].alternatives)
                names += [v for v in (bound.values or {x: x for x in alternatives}).values() if v]
            elif isinstance(bound, str):
                names.append(bound)
        if ob.extended_by is not None and a.permitted_suspensions is not None \
                and a.permitted_suspensions.until is not None:
            names.append(a.permitted_suspensions.until)  # its suspensions are judged up to that date
        needs[oid] = [x for x in dict.fromkeys(names) if x in a.obligations or x in a.events]
    for name, decl in a.events.items():
        needs[name] = [decl.valid_from] if decl.valid_from in a.obligations or decl.valid_from in a.events else []
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
                first = next((n for n in loop if n in a.obligations), loop[0])
                loop = [*loop[loop.index(first):-1], *loop[:loop.index(first)], first] if first != loop[0] else loop
                via = "" if not any(n in a.obligations and a.obligations[n].extended_by for n in loop) else \
                    "; an extended_by date depends on permitted_suspensions.until (suspensions are judged to it)"
                return Fault("obligations", first, "rule", first=loop[0], loop=" -> ".join(loop), via=via)
            elif not state.get(nxt):
                state[nxt] = 1
                trail.append(nxt)
                todo.append(iter(needs[nxt]))
    return None


_EVENTS = lambda a: a.events  # noqa: E731 - the names a rule allows, read from the agreement
_OBLIGATIONS = lambda a: a.obligations  # noqa: E731
_KINDS = lambda a: a.suspension_kinds  # noqa: E731
_TRACKS = lambda a: a.tracks  # noqa: E731

register(Agreement, Scope("names", "{events,terms,obligations,readings}.*", _names_of, [
    Rule("agreement:snake-case", ("events.*", "terms.*", "obligations.*", "readings.*"), "'{it}' is not a "
         "snake_case name", lambda _, key: not SNAKE.match(key)),
]), Scope("agreement", "", itself, [
    Rule("agreement:calendar-unit", "calendar.unit", "must be 'calendar'", lambda a, _: a.calendar.unit != "calendar",
         at=("calendar", "unit")),
    Rule("agreement:trading-calendar", "trading_calendar", "unknown calendar '{it.trading_calendar}' (known: "
         + _KNOWN_CALENDARS + ")", lambda a, _: a.trading_calendar not in CALENDARS, at="trading_calendar"),
    Rule("agreement:event-or-obligation", ("events.*", "obligations.*"), "'{name}' names both an event and an "
         "obligation", lambda a, _: _clash(a)),
    *choice("agreement", "roll_due_dates", ("none", "next_business_day")),
]), Scope("events", "events.*", _each("events"), [
    known("events", "valid_from", _anchors, "event or obligation"),
    known("events", "not_before", lambda a: [*a.events, AGREEMENT_DATE], "event", hints=_anchors),
]), Scope("suspension_kinds.default", "", itself, [
    Rule("agreement:one-default-kind", "suspension_kinds.*.default", "only one kind can be the default; '{first}' "
         "already is", lambda a, _: _two_defaults(a)),
]), Scope("suspension_kinds", "suspension_kinds.*", _each("suspension_kinds"), [
    *term("suspension_kinds", "max_days", ("days",)),
    *term("suspension_kinds", "grace_days", ("days",)),
    *choice("suspension_kinds", "max_days_applies", ("each", "total")),
    known("suspension_kinds", "not_before", _EVENTS, "event"),
    Rule("suspension_kinds:max-days-permitted", "max_days", "a kind that permitted_suspensions never permits has no "
         "day limit to keep; list it in permitted_suspensions.kinds",
         lambda a, sk: _permits(a) is not None and sk.max_days is not None and not _permitted(a, sk), at="max_days"),
    Rule("suspension_kinds:extends-effectiveness", "extends_effectiveness", "acts only in an agreement without "
         "permitted_suspensions", lambda a, sk: _permits(a) is not None and sk.extends_effectiveness,
         at="extends_effectiveness"),
    Rule("suspension_kinds:grace-days", "grace_days", "acts only on a kind that permitted_suspensions never permits",
         lambda a, sk: sk.grace_days is not None and (_permits(a) is None or _permitted(a, sk)),
         at="grace_days"),
]), Scope("obligations", "obligations.*", _each("obligations"), [
    Rule("obligations:anchor", ("rule", "cases.*.rule"), "unknown anchor '{name}'{hint}", _unknown_anchor),
    Rule("obligations:event", ("when", "met_by", "cases.*.when"), "unknown event '{name}'{hint}", _unknown_event),
    Scope("obligations.cases", "cases.*", _each("cases"), [
        *choice("obligations.cases", "on_or_before", lambda a: ("own_rule", *_anchors(a)), optional=True),
    ]),
    known("obligations", "extended_by.kinds", _KINDS, "suspension kind"),
]), Scope("cycles", "", itself, [
    Rule("agreement:no-cycle", "obligations.*.rule", "obligation '{first}' depends on itself ({loop}){via}",
         lambda a, _: _cycle(a)),
]), Scope("readings", "readings.*", _each("readings"), [
    Rule("readings:sets", "sets", "unknown term '{name}'{hint}",
         lambda a, r: _target(a, r) is None and Fault("sets", name=r.sets,
                                                      hint=suggest(r.sets, ["calendar", *a.terms])),
         when=lambda _, r: r.sets is not None),
    Rule("readings:calendars", ("sets", "alternatives"), "unknown calendar '{alt}' (known: " + _KNOWN_CALENDARS
         + ")", lambda a, r: (alt := next((x for x in r.alternatives if x not in CALENDARS), None)) is not None
         and Fault("alternatives", alt, alt=alt),
         when=lambda a, r: r.sets is not None and (t := _target(a, r)) is not None and t.unit == "calendar"),
]), Scope("tracks", "tracks.*", _each("tracks"), [
    known("tracks", "deadline", _OBLIGATIONS, "obligation"),
    known("tracks", "cure", _EVENTS, "event"),
    known("tracks", "after", _anchors, "event or obligation"),
    known("tracks", "window_from", _anchors, "event or obligation"),
    *choice("tracks", "before", _anchors, optional=True),
    *choice("tracks", "held_shares_value_after", _anchors, optional=True),
    *choice("tracks", "overlap", ("stack", "count_once")),
    *term("tracks", "election.business_days", ("business_days",)),
    *choice("tracks", "election.after", ("period_end", "payment_due")),
    known("tracks", "kinds", _KINDS, "suspension kind"),
    Rule("tracks:restricted-sale", ("occurs", "permitted_suspensions"), "a restricted_sale track needs a "
         "permitted_suspensions block", lambda a, t: t.occurs == "restricted_sale" and a.permitted_suspensions is None,
         at="occurs"),
    *term("tracks", "period_days", ("days",)),
    *positive("tracks", "period_days", "a period (in days)", MAX_PERIOD_DAYS),
    *term("tracks", "window_days", ("days",)),
    Scope("tracks.rates", "rates.*", _steps, [
        *term("tracks.rates", "rate", lambda a, s: _rate_unit(a, s.track)),
        rate("tracks.rates", "rate", when=lambda a, s: _rate_unit(a, s.track) == ("percent",)),
    ]),
    *term("tracks", "step_up.every_days", ("days",)),
    Rule("tracks:step-up-days", "step_up.every_days", "a step-up period needs at least a day",
         lambda a, t: a.terms[t.step_up.every_days].value == 0, at=("step_up", "every_days"),
         when=lambda _, t: t.step_up is not None),
    *term("tracks", "step_up.by", _rate_unit),
    *term("tracks", "step_up.max", _rate_unit),
    *term("tracks", "base_unit", ("usd",)),
    Rule("tracks:base-unit-zero", "base_unit", "term '{it.base_unit}' is 0", lambda a, t: a.number(t.base_unit) == 0,
         at="base_unit", when=_given("base_unit")),
    *choice("tracks", "day_count", DAY_COUNTS),
    *term("tracks", "payment.first_days", ("days",)),
    *term("tracks", "payment.after_cure_business_days", ("business_days",)),
    *term("tracks", "payment.days_after_period_end", ("days",)),
    *term("tracks", "payment.business_days_after_period_end", ("business_days",)),
    *term("tracks", "payment.business_days_after_accrual", ("business_days",)),
    *term("tracks", "payment.days_after_accrual", ("days",)),
    *term("tracks", "payment.nth_business_day_of_next_month", ("business_days",)),
    Rule("tracks:first-business-day", "payment.nth_business_day_of_next_month", "the first business day is 1",
         lambda a, t: a.number(t.payment.nth_business_day_of_next_month) < 1,
         at=("payment", "nth_business_day_of_next_month"), when=_given("payment.nth_business_day_of_next_month")),
    Scope("tracks.payment.fixed_dates", "payment.fixed_dates.*", _list_of(("payment",), "fixed_dates"), [
        *term("tracks.payment.fixed_dates", "", ("month_day",)),
    ]),
    Scope("tracks.payment.record_dates", "payment.record_dates.*", _list_of(("payment",), "record_dates"), [
        *term("tracks.payment.record_dates", "", ("month_day",)),
    ]),
    Rule("tracks:first-days", ("payment.first_days", "periods"), "a payment schedule (first_days) follows "
         "computation_dates", lambda _, t: t.payment.first_days is not None and t.periods != "computation_dates",
         at=("payment", "first_days")),
    *term("tracks", "shares.price_percent", ("percent",)),
    *term("tracks", "shares.trading_days", ("trading_days",)),
    *positive("tracks", "shares.price_percent", "a share price"),
    *positive("tracks", "shares.trading_days", "the number of trading days averaged", MAX_PERIOD_DAYS),
    *choice("tracks", "cure_day_counts", ("counted", "not_counted")),
    *choice("tracks", "partial_period", ("daily", "per_computation_date", "full")),
    *choice("tracks", "first_period_cure", ("ends_period", "literal")),
    *choice("tracks", "occurrences", ("each", "aggregate")),
]), Scope("payment_cap", "payment_cap", _if_set("payment_cap"), [
    *term("payment_cap", "rate", ("percent",)),
    *term("payment_cap", "amount", ("usd",)),
    *choice("payment_cap", "order", ("accrual", "pro_rata")),
    known("payment_cap", "tracks", _TRACKS, "track"),
]), Scope("late_interest", "late_interest", _if_set("late_interest"), [
    *term("late_interest", "rate", ("percent",)),
    *term("late_interest", "period_days", ("days",)),
    rate("late_interest", "rate"),
    *positive("late_interest", "period_days", "an interest period (in days)", MAX_PERIOD_DAYS),
]), Scope("precedence", "precedence.*", _each("precedence"), [
    Scope("precedence.tracks", "tracks.*", _members, [
        Rule("precedence.tracks:known", "tracks.*", "unknown track '{it.track}'{hint}",
             lambda a, m: m.track not in a.tracks and Fault(hint=suggest(m.track, list(a.tracks))), family="known",
             params={"what": "track"}),
        Rule("precedence:once", "tracks.*", "track '{it.track}' is already in precedence group {group}",
             lambda a, m: (g := _earlier_group(a, m)) is not None and Fault(group=g + 1)),
    ]),
    *choice("precedence", "claims", ("accruing_days", "failure_days")),
]), Scope("permitted_suspensions", "permitted_suspensions", _if_set("permitted_suspensions"), [
    known("permitted_suspensions", "kinds", _KINDS, "suspension kind"),
    *term("permitted_suspensions", "max_count", ("count",)),
    *term("permitted_suspensions", "count_window", ("days", "months")),
    Rule("permitted_suspensions:count-window", ("count_window", "max_count"), "a count_window needs a max_count",
         lambda _, ps: ps.count_window is not None and ps.max_count is None, at="count_window"),
    *term("permitted_suspensions", "max_length", _days_unit),
    *term("permitted_suspensions", "min_gap", _days_unit),
    *term("permitted_suspensions", "notice_business_days", ("business_days",)),
    Scope("permitted_suspensions.totals", "totals.*", _each("totals"), [
        *term("permitted_suspensions.totals", "max", _days_unit),
        *term("permitted_suspensions.totals", "window", ("days", "months")),
        Rule("permitted_suspensions:window", "totals.*.window", "a window needs at least a day",
             lambda a, tot: a.number(tot.window) == 0, at="window"),
    ]),
    *choice("permitted_suspensions", "short_notice", ("warn", "disqualify")),
    *choice("permitted_suspensions", "overlong", ("whole", "excess")),
    *choice("permitted_suspensions", "episodes", ("each", "first_only")),
    known("permitted_suspensions", "until", _anchors, "event or obligation"),
    Rule("permitted_suspensions:short-notice", ("short_notice", "notice_business_days"), "acts only with "
         "notice_business_days", lambda _, ps: ps.short_notice != "warn" and ps.notice_business_days is None,
         at="short_notice"),
]), Scope("tests", "tests.*", _each("tests"), [
    Rule("tests:deadline", "expect.deadlines.*", "unknown obligation '{name}'{hint}",
         lambda a, case: (oid := next((o for o in case.expect.deadlines if o not in a.obligations), None))
         is not None and Fault("expect", "deadlines", oid, name=oid, hint=suggest(oid, list(a.obligations)))),
    Rule("tests:track", "expect.penalties.*.track", "unknown track '{name}'{hint}",
         lambda a, case: (j := next((j for j, ex in enumerate(case.expect.penalties) if ex.track not in a.tracks),
                                    None)) is not None
         and Fault("expect", "penalties", j, "track", name=(t := case.expect.penalties[j].track),
                   hint=suggest(t, list(a.tracks)))),
    Scope("tests.readings", "readings.*", _case_readings, [
        Rule("tests:reading", "readings.*", "unknown reading '{name}'{hint}",
             lambda a, kv: kv[0] not in a.readings and Fault(name=kv[0], hint=suggest(kv[0], list(a.readings)))),
        Rule("tests:alternative", "readings.*", "'{value}' is not an alternative of '{name}' ({alts})",
             lambda a, kv: kv[1] not in a.readings[kv[0]].alternatives and Fault(
                 name=kv[0], value=kv[1], alts=", ".join(a.readings[kv[0]].alternatives))),
    ]),
]))
