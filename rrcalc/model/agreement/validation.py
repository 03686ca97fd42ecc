"""The one place an agreement's cross-field rules are checked: :func:`check` walks the table of
:mod:`rrcalc.model.agreement.rules` for each object as it is built.

The table is a list of :class:`Scope` per class (registered with :func:`register`). A scope names the items its
rules look at (the object itself, or each entry of one of its collections, e.g. every track), and holds its rules
(and narrower scopes) in the order they are checked: item by item, and for each item rule by rule. The first rule
that fails raises its message at its field, with the file, line and column (a user sees one error), so a rule may
take for granted every rule before it on the same item, and every earlier scope.

A :class:`Rule` is data: an id, the fields it concerns, when it applies (``when``), what breaks it (``fails``),
and the message (the tests make a failing and a passing case of every rule from the table, with the edits in
tests/rule_examples.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any, Generic, TypeVar

from rrcalc.errors import InputError
from rrcalc.model.yamlsrc import Path_, Source

Obj = TypeVar("Obj")
Item = TypeVar("Item")


class Written:
    """A value in a message, quoted as the file writes it at the fault's field (``yes``, not ``True``)."""

    __slots__ = ("value",)

    def __init__(self, value: object) -> None:
        self.value = value


class Fault:
    """Where a rule is broken, below its item (``at``), and the values its message names."""

    __slots__ = ("at", "values")

    def __init__(self, *at: str | int, **values: object) -> None:
        self.at: Path_ = at
        self.values: Mapping[str, object] = values


class Rule(Generic[Obj, Item]):
    """One cross-field rule: it applies to an item when ``when`` holds (always, without it); ``fails`` gives True
    (broken at ``at``, below the item), a :class:`Fault` (broken there, with the message's values), or False/None.
    The message is formatted with the item as ``it`` and the fault's values. ``family`` names a kind of rule that
    recurs on many fields (a term's reference, a choice), with its ``params`` (the units, the values allowed): the
    tests derive its failing case from its field."""

    __slots__ = ("at", "fails", "family", "fields", "id", "message", "params", "when")

    def __init__(self, id: str, fields: str | tuple[str, ...], message: str,
                 fails: Callable[[Obj, Item], Fault | bool | None], *, when: Callable[[Obj, Item], bool] | None = None,
                 at: str | Path_ = (), family: str | None = None,
                 params: Mapping[str, object] | None = None) -> None:
        self.id = id
        self.fields = (fields,) if isinstance(fields, str) else fields
        self.message = message
        self.fails = fails
        self.when = when
        self.at: Path_ = (at,) if isinstance(at, str) else at
        self.family = family
        self.params: Mapping[str, object] = params or {}

    def __repr__(self) -> str:
        return f"Rule({self.id!r})"


class Scope(Generic[Obj, Item]):
    """Rules on each item that ``each`` gives (its path below the parent item, and the item), in order. A top-level
    scope's parent item is the object itself; a nested scope's, each item of the scope around it. ``where`` names
    the items as a dotted pattern (``tracks.*``) below the parent."""

    __slots__ = ("each", "id", "rules", "where")

    def __init__(self, id: str, where: str, each: Callable[[Obj, Any], Iterable[tuple[Path_, Item]]],
                 rules: Sequence[Rule[Obj, Item] | Scope[Obj, Any]]) -> None:
        self.id, self.where, self.each, self.rules = id, where, each, rules


def itself(obj: object, parent: Item) -> Iterable[tuple[Path_, Item]]:
    """A scope of one item: the parent itself."""
    return (((), parent),)


_TABLE: dict[type, Sequence[Scope[Any, Any]]] = {}
#: What fills the table, run the first time it is needed (the package loads its rules module so, not when it is
#: imported: a program that imports the package and builds no agreement pays nothing for them).
_LOADER: list[Callable[[], object]] = []
_LOADED = [False]


def load_with(loader: Callable[[], object]) -> None:
    """Have ``loader`` (an import of the rules module, which registers its table) fill the table when it is first
    needed."""
    _LOADER.append(loader)


def _table() -> dict[type, Sequence[Scope[Any, Any]]]:
    if not _LOADED[0]:
        for loader in _LOADER:
            loader()  # an import: done once, and another thread waits for it to complete
        _LOADED[0] = True
    return _TABLE


class Checked:
    """An object whose rules are checked as soon as it is built (:func:`rrcalc.model.schema.build` calls
    ``check``)."""

    __slots__ = ()

    def check(self, src: Source, path: Path_) -> None:
        check(self, src, path)


def register(cls: type[Checked], *scopes: Scope[Any, Any]) -> None:
    """Make ``scopes`` the rules of every ``cls`` object."""
    _TABLE[cls] = scopes


def table() -> dict[type, Sequence[Scope[Any, Any]]]:
    """Every class's scopes, in order."""
    return dict(_table())


def rules(scopes: Iterable[Scope[Any, Any]]) -> Iterator[tuple[Scope[Any, Any], Rule[Any, Any]]]:
    """Every rule of ``scopes`` with the scope it is directly in, in order."""
    for scope in scopes:
        for r in scope.rules:
            if isinstance(r, Scope):
                yield from rules((r,))
            else:
                yield scope, r


def applications(obj: object, path: Path_ = ()) -> Iterator[tuple[Rule[Any, Any], Path_, Any]]:
    """Each rule that applies to ``obj`` (found at ``path``), with its item's path and the item, in the order they
    are checked. Lazy: a rule is asked whether it applies only once the rules before it have held."""
    for scope in _table().get(type(obj), ()):
        yield from _walk(scope, obj, obj, path)


def _walk(scope: Scope[Any, Any], obj: object, parent: object, path: Path_
          ) -> Iterator[tuple[Rule[Any, Any], Path_, Any]]:
    for sub, item in scope.each(obj, parent):
        where = (*path, *sub)
        for r in scope.rules:
            if isinstance(r, Scope):
                yield from _walk(r, obj, item, where)
            elif r.when is None or r.when(obj, item):
                yield r, where, item


def check(obj: object, src: Source, path: Path_) -> None:
    """Raise the first broken rule of ``obj`` (found at ``path`` in ``src``) as an InputError at its field.

    The same walk as :func:`applications`, in plain loops: it runs for every part of every agreement built."""
    for scope in _table().get(type(obj), ()):
        _check(scope, obj, obj, src, path)


def _check(scope: Scope[Any, Any], obj: object, parent: object, src: Source, path: Path_) -> None:
    for sub, item in scope.each(obj, parent):
        for r in scope.rules:
            if isinstance(r, Scope):
                _check(r, obj, item, src, (*path, *sub))
            elif r.when is None or r.when(obj, item):
                found = r.fails(obj, item)
                if found:
                    raise _error(r, item, found, src, (*path, *sub))


def _error(r: Rule[Any, Any], item: object, found: Fault | bool, src: Source, where: Path_) -> InputError:
    fault = found if isinstance(found, Fault) else Fault(*r.at)
    at = (*where, *fault.at)
    values = {k: src.shown(at, v.value) if isinstance(v, Written) else v for k, v in fault.values.items()}
    return src.error(at, r.message.format(it=item, **values))
