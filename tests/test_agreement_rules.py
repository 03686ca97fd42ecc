"""Every cross-field rule of an agreement, from its table (``rrcalc/model/agreement/rules.py``): a case that breaks it
and a case where it applies and holds.

The failing case edits a bundled agreement, through the console entry point (``rrcalc show -a FILE``): the one
error a user sees names the file, line, column and field, with the rule's message. A rule with an example in the
table uses it (the error is where the example says); a rule of a family (a term's reference, a choice, a name
declared elsewhere, a term's bounds) gets its edit here, from its field: the first bundled agreement that has the
field (or the item it belongs to) gets a value that breaks the rule, and the error is expected at that field's
line and column as YAML places it.

The passing case is a bundled agreement in which the rule applies and holds (the agreement is valid); for the few
rules no bundled agreement exercises, an edit that makes it apply and hold.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from rrcalc.errors import InputError
from rrcalc.model.agreement import Agreement, validation
from rrcalc.model.agreement.validation import Checked, Rule, Scope
from rrcalc.model.schema import build
from rrcalc.model.yamlsrc import Path_, dotted, parse
from tests.conftest import AGREEMENTS, run
from tests.rule_examples import EXAMPLES, Example

BUNDLED = sorted(p.stem for p in AGREEMENTS.glob("*.yaml"))
BAD = "zzz"  # a name close to none of the bundled agreements' (no "did you mean" in the messages)


def _table() -> list[tuple[Scope[Any, Any], Rule[Any, Any]]]:
    return [pair for scopes in validation.table().values() for pair in validation.rules(scopes)]


RULES = {rule.id: rule for _, rule in _table()}


def test_the_table_is_well_formed() -> None:
    ids = [rule.id for _, rule in _table()]
    assert len(ids) == len(set(ids)), "rule ids are unique"
    for _, rule in _table():
        assert rule.fields and rule.message, rule.id
        assert (rule.id not in EXAMPLES) != (rule.family is None), f"{rule.id}: an example, or a family that makes one"
    # every class whose objects are checked has rules, and every class with rules is checked as it is built
    assert all(issubclass(cls, Checked) for cls in validation.table())


# -- the bundled agreements, their objects, and where each rule applies ---------------------------------------------

def _text(aid: str) -> str:
    return (AGREEMENTS / f"{aid}.yaml").read_text(encoding="utf-8")


@functools.cache
def _loaded(aid: str) -> Agreement:
    src = parse(_text(aid), f"{aid}.yaml")
    return build(Agreement, src.data, src)


def _objects(value: object, path: Path_ = ()) -> Iterator[tuple[object, Path_]]:
    """Every checked object below ``value`` with its path, parents after their parts (the order they are built)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            if f.init:
                yield from _objects(getattr(value, f.name), (*path, f.name))
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _objects(v, (*path, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _objects(v, (*path, i))
    if isinstance(value, Checked):
        yield value, path


def _applications(agreement: Agreement) -> dict[str, list[tuple[Path_, Any]]]:
    """Rule id -> the items (their paths) it applies to in ``agreement``."""
    found: dict[str, list[tuple[Path_, Any]]] = {}
    for obj, path in _objects(agreement):
        for rule, where, item in validation.applications(obj, path):
            found.setdefault(rule.id, []).append((where, item))
    return found


@functools.cache
def _bundled_applications(aid: str) -> dict[str, list[tuple[Path_, Any]]]:
    return _applications(_loaded(aid))


def _items(rule: Rule[Any, Any], agreement: Agreement) -> Iterator[tuple[Path_, Any]]:
    """Every item of the scope ``rule`` is in (whether or not the rule applies to it), with its path."""
    for obj, path in _objects(agreement):
        for scopes in (s for cls, s in validation.table().items() if type(obj) is cls):
            yield from _scope_items(scopes, obj, obj, path, rule)


def _scope_items(scopes: Any, obj: object, parent: object, path: Path_, rule: Rule[Any, Any]
                 ) -> Iterator[tuple[Path_, Any]]:
    for scope in scopes:
        for sub, item in scope.each(obj, parent):
            for r in scope.rules:
                if isinstance(r, Scope):
                    yield from _scope_items((r,), obj, item, (*path, *sub), rule)
                elif r is rule:
                    yield (*path, *sub), item


# -- editing a YAML text at a path ----------------------------------------------------------------------------------

def _node(root: yaml.Node, path: Path_) -> tuple[yaml.Node | None, yaml.Node | None]:
    """The key node (None for a list entry) and the value node at ``path`` (None where the path is not written)."""
    key: yaml.Node | None = None
    node: yaml.Node | None = root
    for part in path:
        if isinstance(node, yaml.MappingNode):
            key, node = next(((k, v) for k, v in node.value if k.value == str(part)), (None, None))
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            key, node = None, node.value[part]
        else:
            return None, None
        if node is None:
            return None, None
    return key, node


def _set(text: str, path: Path_, value: str) -> str | None:
    """``text`` with the value at ``path`` written as ``value`` (a key added to its mapping where it is not given);
    None where that cannot be done in place (the value is a block, or its mapping is not written)."""
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    _, node = _node(root, path)
    if node is not None:
        if not isinstance(node, yaml.ScalarNode) and not node.flow_style:
            return None
        return text[: node.start_mark.index] + value + text[node.end_mark.index:]
    _, parent = _node(root, path[:-1])
    if not isinstance(parent, yaml.MappingNode) or not parent.value or not isinstance(path[-1], str):
        return None
    first = parent.value[0][0].start_mark
    added = f"{path[-1]}: {value}, " if parent.flow_style else f"{path[-1]}: {value}\n{' ' * first.column}"
    return text[: first.index] + added + text[first.index:]


def _mark(text: str, path: Path_) -> tuple[int, int]:
    """Line and column where ``path`` is written (its key, or the entry itself in a list), or its nearest parent
    where it is not."""
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    for n in range(len(path), 0, -1):
        key, node = _node(root, path[:n])
        if node is not None:
            mark = (key or node).start_mark
            return mark.line + 1, mark.column + 1
    return 1, 1


def _path(field: str) -> Path_:
    """``tracks.x.rates[0].rate`` as a path."""
    return tuple(int(p) if p.isdigit() else p for p in re.split(r"\.|\[|\]\.?", field.rstrip("]")))


# -- the failing case of each rule ----------------------------------------------------------------------------------

@dataclasses.dataclass
class Broken:
    """A bundled agreement edited to break a rule, and the error expected."""

    agreement: str
    text: str
    line: int
    column: int
    field: str
    message: str


def _edited(ex: Example) -> str:
    text = _text(ex.agreement)
    for old, new in ((ex.old, ex.new), *ex.more):
        assert old in text, f"the example's text is not in {ex.agreement}.yaml: {old!r}"
        text = text.replace(old, new, 1)
    return text


def _from_example(ex: Example) -> Broken:
    edited = _edited(ex)
    line, column = _mark(edited, _path(ex.field))
    return Broken(ex.agreement, edited, line, column, ex.field, ex.message)


def _field(rule: Rule[Any, Any]) -> Path_:
    return tuple(rule.fields[0].split(".")) if rule.fields[0] else ()


def _flow(mapping: dict[str, str | None]) -> str:
    return "{" + ", ".join(f"{k}: {'null' if v is None else v}" for k, v in mapping.items()) + "}"


def _allowed(rule: Rule[Any, Any], a: Agreement) -> list[str]:
    allowed = rule.params["allowed"]
    return list(allowed(a) if callable(allowed) else allowed)  # type: ignore[operator, call-overload]


@dataclasses.dataclass
class Edit:
    """Write ``value`` at ``target``; the error then names ``at`` with ``message``."""

    target: Path_
    value: str
    at: Path_
    message: str


def _family_edit(rule: Rule[Any, Any], a: Agreement, item: Any, at: Path_, text: str) -> Edit | None:
    """For a rule of a family at ``at`` (its field's path) in ``a``: the edit that breaks it (the value to write at
    a path), the path the error names, and the message expected; None where this item cannot show it."""
    family = rule.family
    reading, alternatives = next(((k, list(r.alternatives)) for k, r in a.readings.items()), (None, []))
    if family == "term-known":
        return Edit(at, BAD, at, f"unknown term '{BAD}'")
    if family == "term-unit":
        units = rule.params["units"](a, item)  # type: ignore[operator]
        other = next((k for k, t in a.terms.items() if t.unit not in units), None)
        if other is None:
            return None
        return Edit(at, other, at, f"term '{other}' is in {a.terms[other].unit}; expected {' or '.join(units)}")
    if family == "known":
        node = _node(yaml.compose(text, Loader=yaml.SafeLoader), at)[1]
        message = f"unknown {rule.params['what']} '{BAD}'"
        if not isinstance(_get_value(item, rule), list):
            return Edit(at, BAD, at, message)
        if isinstance(node, yaml.SequenceNode) and node.value:  # a list written: its first entry
            return Edit((*at, 0), BAD, (*at, 0), message)
        return Edit(at, f"[{BAD}]", (*at, 0), message) if node is None else None
    if family == "choice":
        allowed = _allowed(rule, a)
        return Edit(at, BAD, at, f"'{BAD}' is not one of: {', '.join(allowed)}")
    if family == "choice-reading":
        return Edit(at, f"{{reading: {BAD}}}", (*at, "reading"), f"unknown reading '{BAD}'")
    if family in ("choice-missing-value", "choice-extra-value", "choice-null") and reading is None:
        return None
    if family == "choice-missing-value":
        return Edit(at, f"{{reading: {reading}, values: {{}}}}", (*at, "values"),
            f"no value for alternative '{alternatives[0]}' of reading '{reading}'")
    if family == "choice-extra-value":
        first = _allowed(rule, a)[0]
        values = _flow({**{alt: first for alt in alternatives}, BAD: first})
        return Edit(at, f"{{reading: {reading}, values: {values}}}", (*at, "values", BAD),
            f"'{BAD}' is not an alternative of reading '{reading}'")
    if family == "choice-null":
        values = _flow({alt: None for alt in alternatives})
        return Edit(at, f"{{reading: {reading}, values: {values}}}", at,
            f"null is not allowed here; choose one of: {', '.join(_allowed(rule, a))}")
    name = _get_name(item, rule)
    if name is None:
        return None
    value = {"positive": 0, "at-most": int(rule.params.get("top", 0)) + 1, "rate": 101}[family]  # type: ignore[call-overload]
    message = {"positive": f"term '{name}' is 0; {rule.params.get('what')} must be more than 0",
               "at-most": f"term '{name}' is {value}; {rule.params.get('what')} may be at most "
                          f"{rule.params.get('top')}",
               "rate": f"term '{name}' is 101%; a rate per period may be at most 100% of its base"}[family or ""]
    return Edit(("terms", name, "value"), str(value), at, message)


def _get_value(item: Any, rule: Rule[Any, Any]) -> Any:
    """The value of the rule's field in ``item``."""
    value = item
    for part in rule.fields[0].split(".") if rule.fields[0] else ():
        value = getattr(value, part, None) if value is not None else None
    return value


def _get_name(item: Any, rule: Rule[Any, Any]) -> str | None:
    value = _get_value(item, rule)
    return value if isinstance(value, str) else None


def _generated(rule: Rule[Any, Any]) -> Broken:
    """The failing case of a family's rule: the first bundled item that has the field written, else the first
    item the edit fits."""
    tried = []
    for prefer_written in (True, False):
        for aid in BUNDLED:
            a, text = _loaded(aid), _text(aid)
            root = yaml.compose(text, Loader=yaml.SafeLoader)
            for where, item in _items(rule, a):
                at = (*where, *_field(rule))
                if prefer_written and _node(root, at)[1] is None:
                    continue
                edit = _family_edit(rule, a, item, at, text)
                if edit is None:
                    continue
                edited = _set(text, edit.target, edit.value)
                if edited is None:
                    continue
                tried.append(aid)
                line, column = _mark(edited, edit.at)
                return Broken(aid, edited, line, column, dotted(edit.at), edit.message)
    raise AssertionError(f"{rule.id}: no bundled agreement has an item to break it on (tried {tried})")


#: Every rule, both ways, in the whole suite; the fast loop (``-m "not slow"``) samples every tenth rule.
RULE_CASES = [rid if i % 10 == 0 else pytest.param(rid, marks=pytest.mark.slow) for i, rid in enumerate(RULES)]


@pytest.mark.parametrize("rule_id", RULE_CASES)
def test_each_rule_refuses_an_agreement_that_breaks_it(rule_id: str, tmp_path: Path) -> None:
    rule = RULES[rule_id]
    example = EXAMPLES.get(rule_id) or BREAKS.get(rule_id)
    case = _from_example(example) if example is not None else _generated(rule)
    path = tmp_path / f"{case.agreement}.yaml"
    path.write_text(case.text, encoding="utf-8")
    result = run("show", "-a", str(path))
    assert (result.code, result.out) == (2, ""), result
    expected = f"rrcalc: error: {path}:{case.line}:{case.column}: field '{case.field}': {case.message}"
    assert result.err.rstrip("\n") == expected


#: Rules of a family whose field no bundled agreement has, nor could get alone: an edit that breaks each.
BREAKS = {
    "tracks.base_unit:term": Example("2007", "    amount: usd\n", "    amount: usd_per_unit\n    base_unit: zzz\n",
                                     "tracks.late_filing.base_unit", "unknown term 'zzz'"),
    "tracks.base_unit:term-unit": Example("2007", "    amount: usd\n", "    amount: usd_per_unit\n"
                                          "    base_unit: interest_rate\n", "tracks.late_filing.base_unit",
                                          "term 'interest_rate' is in percent; expected usd"),
    "tracks.payment.days_after_accrual:term": Example(
        "2007", "business_days_after_period_end: filing_payment_days", "days_after_accrual: zzz",
        "tracks.late_filing.payment.days_after_accrual", "unknown term 'zzz'"),
    "tracks.payment.days_after_accrual:term-unit": Example(
        "2007", "business_days_after_period_end: filing_payment_days", "days_after_accrual: filing_payment_days",
        "tracks.late_filing.payment.days_after_accrual", "term 'filing_payment_days' is in business_days; expected "
        "days"),
    "precedence.tracks:known": Example("2012", "tracks: [exchange_filing,", "tracks: [exchange_filling,",
                                       "precedence[0].tracks[0]", "unknown track 'exchange_filling' (did you mean "
                                       "'exchange_filing'?)"),
}


# -- the passing case of each rule ----------------------------------------------------------------------------------

#: Rules no bundled agreement exercises: an edit that makes each apply, and hold.
_PER_UNIT = Example("2007", "    amount: usd\n", "    amount: usd_per_unit\n    base_unit: filing_amount\n", "", "")
_ON_ACCRUAL = Example("2007", "business_days_after_period_end: filing_payment_days",
                      "days_after_accrual: filing_period", "", "")
_COUNT_WINDOW = Example("2003", "  max_count: permitted_suspensions\n", "  max_count: permitted_suspensions\n"
                        "  count_window: computation_period\n", "", "")
HOLDS = {
    "tracks.base_unit:term": _PER_UNIT,
    "tracks.base_unit:term-unit": _PER_UNIT,
    "tracks:base-unit-zero": _PER_UNIT,
    "tracks.payment.days_after_accrual:term": _ON_ACCRUAL,
    "tracks.payment.days_after_accrual:term-unit": _ON_ACCRUAL,
    "permitted_suspensions.count_window:term": _COUNT_WINDOW,
    "permitted_suspensions.count_window:term-unit": _COUNT_WINDOW,
}


@functools.cache
def _valid(aid: str) -> bool:
    return run("show", "-a", str(AGREEMENTS / f"{aid}.yaml")).code == 0


@pytest.mark.parametrize("rule_id", RULE_CASES)
def test_each_rule_holds_where_it_applies(rule_id: str, tmp_path: Path) -> None:
    where = [aid for aid in BUNDLED if rule_id in _bundled_applications(aid)]
    if where:
        assert _valid(where[0]), f"{where[0]}.yaml is valid"
        return
    rule = RULES[rule_id]
    edited = _holding(rule)
    path = tmp_path / "ok.yaml"
    path.write_text(edited, encoding="utf-8")
    result = run("show", "-a", str(path))
    assert result.code == 0, result.err
    src = parse(edited, str(path))
    assert rule_id in _applications(build(Agreement, src.data, src))


def _holding(rule: Rule[Any, Any]) -> str:
    """A bundled agreement edited so that ``rule`` applies (and holds)."""
    if rule.id in HOLDS:
        return _edited(HOLDS[rule.id])
    # a choice left to a reading, each alternative giving an allowed value: the first item where that is valid
    assert rule.family in ("choice-reading", "choice-missing-value", "choice-extra-value", "choice-null"), rule.id
    for aid in BUNDLED:
        a, text = _loaded(aid), _text(aid)
        for reading, r in a.readings.items():
            values = _flow({alt: _allowed(rule, a)[0] for alt in r.alternatives})
            for where, _ in _items(rule, a):
                edited = _set(text, (*where, *_field(rule)), f"{{reading: {reading}, values: {values}}}")
                if edited is not None and _builds(edited):
                    return edited
    raise AssertionError(f"{rule.id}: no edit makes it apply")


def _builds(text: str) -> bool:
    src = parse(text, "edited.yaml")
    try:
        build(Agreement, src.data, src)
    except InputError:
        return False
    return True
