"""A small, strict schema layer: typed dataclasses built from YAML, with exact error locations.

Each input file format is a tree of dataclasses (see :mod:`rrcalc.model.agreement` and :mod:`rrcalc.model.facts`);
every field carries a description (``doc``) and optional constraints. :func:`build` turns the
plain data from :mod:`rrcalc.model.yamlsrc` into those dataclasses, refusing unknown keys (with the
nearest known key suggested), missing keys, wrong types and broken constraints, each with the file,
line, column and field. :func:`json_schema` describes the same tree as JSON Schema, so editors can
validate and complete the files. One description serves both, so they cannot drift.

Kept small on purpose (instead of pydantic): rrcalc must start fast in shell pipelines, and every
message must name the YAML line, which needs the source marks this layer threads through.
"""

from __future__ import annotations

import dataclasses
import difflib
import gc
import re
import types
import typing
from datetime import date
from decimal import Decimal
from typing import Any, Literal, TypeVar, get_args, get_origin, get_type_hints, overload

from rrcalc.errors import InputError, excerpt
from rrcalc.model import bounds
from rrcalc.model.yamlsrc import Path_, Source, gc_paused

T = TypeVar("T")

MISSING = dataclasses.MISSING


def F(doc: str, default: Any = MISSING, *, factory: Any = MISSING, **constraints: Any) -> Any:
    """A documented field. Constraints: ``ge`` (minimum), ``min_len``, ``text`` (``"name"``: not blank; ``"id"``:
    not blank, no control or invisible characters, no surrounding space), ``examples``."""
    meta = {"doc": doc, **constraints}
    if factory is not MISSING:
        return dataclasses.field(default_factory=factory, metadata=meta)
    return dataclasses.field(default=default, metadata=meta)


def _hints(cls: type) -> dict[str, Any]:
    cached = cls.__dict__.get("__rr_hints__")
    if cached is None:
        cached = get_type_hints(cls)
        cls.__rr_hints__ = cached  # type: ignore[attr-defined]
    return cached


_TYPE_WORDS = {str: "a string", int: "a whole number", bool: "true or false", date: "a date (YYYY-MM-DD)",
               Decimal: "a decimal number", dict: "a mapping", list: "a list"}


#: Above 0 while the options of a union are tried: a message made then (and mostly dropped) quotes the value as
#: Python renders it plainly, not as the file writes it (that needs the file read again: only for a message shown).
_TRYING = [0]


def _describe(value: object, src: Source | None = None, path: Path_ = ()) -> str:
    """``value`` in a message: its kind, and the value as the file writes it (a short escaped excerpt)."""
    if value is None:
        return "nothing (null)"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    shown = src.shown(path, value) if src is not None and not _TRYING[0] else bounds.written(value)
    if isinstance(value, bool):
        return f"the boolean {shown}"
    if isinstance(value, date):
        return f"the date {shown}"
    if isinstance(value, int | Decimal):
        return f"the number {shown}"
    return f"'{shown}'"


@overload
def build(tp: type[T], value: Any, src: Source, path: Path_ = ()) -> T: ...


@overload
def build(tp: object, value: Any, src: Source, path: Path_ = ()) -> Any: ...  # a union, Literal, list[...]


def build(tp: Any, value: Any, src: Source, path: Path_ = ()) -> Any:
    """Convert ``value`` (found at ``path`` in ``src``) to type ``tp``, or raise InputError."""
    if not path and gc.isenabled():  # the whole file: no cycles are made, see yamlsrc.gc_paused
        with gc_paused():
            built = build(tp, value, src, (*path,))
        if src.text is not None and value is src.data:
            src.data = None  # a large file's plain values (~9x its size) are not needed once built: errors
            # after this point find their line from src.text (yamlsrc.Source.where)
        return built
    if type(value) is tp and tp in _PLAIN_UNBOUNDED:  # the common case, first: already the right scalar
        return value
    origin = get_origin(tp)
    if tp is Any:
        return value
    if origin in (typing.Union, types.UnionType):
        options = get_args(tp)
        if value is None and type(None) in options:
            return None
        errors = []
        failed: list[object] = []
        _TRYING[0] += 1  # a failed option is usual (bool | date | int | Decimal | str): its message stays cheap
        try:
            for option in options:
                if option is type(None):
                    continue
                try:
                    return build(option, value, src, path)
                except InputError as exc:
                    errors.append(exc)
                    failed.append(option)
        finally:
            _TRYING[0] -= 1
        if len(errors) == 1:
            if not _TRYING[0]:  # the one option again, for its message with the value as written
                build(failed[0], value, src, path)
            raise errors[0]
        wanted = " or ".join(_type_name(o) for o in options if o is not type(None))
        raise src.error(path, f"expected {wanted}, got {_describe(value, src, path)}")
    if origin is Literal:
        allowed = get_args(tp)
        if value not in allowed or isinstance(value, bool) != isinstance(allowed[0], bool):
            hint = _suggest(str(value), [str(a) for a in allowed])
            raise src.error(path, f"{_describe(value, src, path)} is not one of: {', '.join(map(str, allowed))}{hint}")
        return value
    if origin is list:
        if not isinstance(value, list):
            raise src.error(path, f"expected a list, got {_describe(value, src, path)}")
        (item,) = get_args(tp)
        return [build(item, v, src, (*path, i)) for i, v in enumerate(value)]
    if origin is dict:
        if not isinstance(value, dict):
            raise src.error(path, f"expected a mapping, got {_describe(value, src, path)}")
        _, item = get_args(tp)
        return {k: build(item, v, src, (*path, k)) for k, v in value.items()}
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):  # tp is a type hint: never an instance
        return _build_model(tp, value, src, path)
    if tp is bool:
        if not isinstance(value, bool):
            raise src.error(path, f"expected true or false, got {_describe(value, src, path)}")
        return value
    if tp is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise src.error(path, f"expected a whole number, got {_describe(value, src, path)}")
        problem = bounds.integer_problem(value)
        if problem is not None:
            raise src.error(path, problem)
        return value
    if tp is Decimal:
        if isinstance(value, bool) or not isinstance(value, int | Decimal):
            if isinstance(value, str) and _EXPONENT.match(value.strip()):
                raise src.error(path, f"'{excerpt(value)}' is in exponent notation; write the number out in plain "
                                      "digits (1500000, not 1.5e6)")
            if isinstance(value, str):
                raise src.error(path, f"expected a number, got the text '{excerpt(value)}' (write it without quotes, "
                                      "currency signs or thousands separators)")
            raise src.error(path, f"expected a number, got {_describe(value, src, path)}")
        number = Decimal(value)
        problem = bounds.decimal_problem(number)
        if problem is not None:
            raise src.error(path, bounds.decimal_problem(number, src.written(path)) or problem)
        return bounds.normal_decimal(number)
    if tp is date:
        if isinstance(value, str):
            parsed = bounds.parse_date(value)
            if isinstance(parsed, str):
                raise src.error(path, parsed)
            value = parsed
        if isinstance(value, date):
            problem = bounds.date_problem(value)
            if problem is not None:
                raise src.error(path, problem)
            return value
        raise src.error(path, f"expected a date (YYYY-MM-DD), got {_describe(value, src, path)}")
    if tp is str:
        if isinstance(value, bool | int | Decimal | date) or not isinstance(value, str):
            if isinstance(value, int | Decimal) and not isinstance(value, bool):
                return str(value)  # ids such as 2003 may be written unquoted
            raise src.error(path, f"expected text, got {_describe(value, src, path)}")
        return value
    raise TypeError(f"schema: unsupported type {tp!r}")  # a programming error, not bad input


_PLAIN_UNBOUNDED = (str, bool)  # dates and numbers are checked against rrcalc.model.bounds below
_EXPONENT = re.compile(r"^[-+]?(\d+\.?\d*|\.\d+)[eE][-+]?\d+$")


def _plan(cls: type) -> tuple[dict[str, dataclasses.Field[Any]], dict[str, Any]]:
    """A dataclass's init fields and their types, worked out once per class."""
    plan = cls.__dict__.get("__rr_plan__")
    if plan is None:
        plan = ({f.name: f for f in dataclasses.fields(cls) if f.init}, _hints(cls))
        cls.__rr_plan__ = plan  # type: ignore[attr-defined]
    return plan


def _build_model(cls: type[T], value: Any, src: Source, path: Path_) -> T:
    if not isinstance(value, dict):
        raise src.error(path, f"expected a mapping with keys {', '.join(_field_names(cls))}; "
                              f"got {_describe(value, src, path)}")
    fields, hints = _plan(cls)
    for key in value:
        if key not in fields:
            hint = _suggest(key, list(fields))
            raise src.error((*path, key), f"unknown key '{excerpt(key)}'{hint}")
    kwargs: dict[str, Any] = {}
    for name, f in fields.items():
        if name in value and value[name] is None and f.default_factory is not MISSING:
            kwargs[name] = f.default_factory()  # `suspensions:` with nothing under it: an empty list
        elif name in value:
            v = build(hints[name], value[name], src, (*path, name))
            if f.metadata.get("ge") is not None or f.metadata.get("min_len") is not None or "text" in f.metadata:
                _constrain(f, v, src, (*path, name))
            kwargs[name] = v
        elif f.default is MISSING and f.default_factory is MISSING:
            raise src.error(path, f"missing required key '{name}' ({f.metadata.get('doc', '')})".rstrip(" ()"))
    obj = cls(**kwargs)
    check = getattr(obj, "check", None)
    if check is not None:
        check(src, path)
    return obj


def _constrain(f: dataclasses.Field[Any], v: Any, src: Source, path: Path_) -> None:
    ge = f.metadata.get("ge")
    if ge is not None and v is not None and v < ge:
        what = "an amount of money" if f.metadata.get("unit") == "usd" else "a value"
        raise src.error(path, f"{src.shown(path, v)} is negative; {what} here must be at least {ge}")
    min_len = f.metadata.get("min_len")
    if min_len is not None and v is not None and len(v) < min_len:
        raise src.error(path, "must not be empty" if min_len == 1 else f"needs at least {min_len} items")
    kind = f.metadata.get("text")  # "name" or "id": the one check of names and ids (rrcalc.model.bounds)
    if kind is not None and isinstance(v, str):
        problem = bounds.text_problem(v, kind)
        if problem is not None:
            raise src.error(path, problem)


def _suggest(word: str, choices: list[str]) -> str:
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def suggest(word: str, choices: list[str]) -> str:
    """`` (did you mean 'x'?)`` for the nearest of ``choices``, or an empty string."""
    return _suggest(word, choices)


def _field_names(cls: type) -> list[str]:
    return [f.name for f in dataclasses.fields(cls) if f.init]


def _type_name(tp: Any) -> str:
    if dataclasses.is_dataclass(tp):
        return "a mapping"
    if get_origin(tp) is list:
        return "a list"
    if get_origin(tp) is dict:
        return "a mapping"
    return _TYPE_WORDS.get(tp, str(tp))


# -- JSON Schema ----------------------------------------------------------------------------------

def json_schema(root: type, title: str, description: str) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of the dataclass tree under ``root``."""
    defs: dict[str, Any] = {}
    body = _schema_of(root, defs)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": title,
        "description": description,
        **body,
        "$defs": dict(sorted(defs.items())),
    }


def _schema_of(tp: Any, defs: dict[str, Any]) -> dict[str, Any]:
    origin = get_origin(tp)
    if tp is Any:
        return {}
    if origin in (typing.Union, types.UnionType):
        options = [o for o in get_args(tp) if o is not type(None)]
        schemas = [_schema_of(o, defs) for o in options]
        if type(None) in get_args(tp):
            schemas.append({"type": "null"})
        return schemas[0] if len(schemas) == 1 else {"anyOf": schemas}
    if origin is Literal:
        return {"enum": list(get_args(tp))}
    if origin is list:
        return {"type": "array", "items": _schema_of(get_args(tp)[0], defs)}
    if origin is dict:
        return {"type": "object", "additionalProperties": _schema_of(get_args(tp)[1], defs)}
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):  # tp is a type hint: never an instance
        name = tp.__name__
        if defs.get(name, {}).get("x-python") not in (None, f"{tp.__module__}.{tp.__qualname__}"):
            raise TypeError(f"schema: two classes are named {name}")  # a programming error
        if name not in defs:
            defs[name] = {"x-python": f"{tp.__module__}.{tp.__qualname__}"}  # placeholder against recursion
            hints = _hints(tp)
            props: dict[str, Any] = {}
            required = []
            for f in dataclasses.fields(tp):
                if not f.init:
                    continue
                s = dict(_schema_of(hints[f.name], defs))
                if f.metadata.get("doc"):
                    s["description"] = f.metadata["doc"]
                if f.metadata.get("ge") is not None:
                    s["minimum"] = int(f.metadata["ge"])
                if f.metadata.get("examples"):
                    s["examples"] = f.metadata["examples"]
                if f.default is not MISSING and isinstance(f.default, str | int | bool):
                    s["default"] = f.default
                props[f.name] = s
                if f.default is MISSING and f.default_factory is MISSING:
                    required.append(f.name)
            defs[name] = {
                "x-python": f"{tp.__module__}.{tp.__qualname__}",
                "type": "object",
                "description": " ".join((tp.__doc__ or "").split()),
                "properties": props,
                "required": required,
                "additionalProperties": False,
            }
        return {"$ref": f"#/$defs/{name}"}
    if tp is bool:
        return {"type": "boolean"}
    if tp is int:
        return {"type": "integer"}
    if tp is Decimal:
        return {"type": "number"}
    if tp is date:
        return {"type": "string", "format": "date"}
    if tp is str:
        return {"type": "string"}
    raise TypeError(f"schema: unsupported type {tp!r}")
