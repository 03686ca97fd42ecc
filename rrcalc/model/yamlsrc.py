"""Safe, strict YAML reading that remembers where every value came from.

PyYAML composes the document into nodes (no object is ever constructed from a tag, so
``!!python/object`` and friends cannot run code); this module turns the nodes into plain Python
values itself and records the line and column of each value by its path, so that a schema error
deep in a file can name the exact line. It rejects what PyYAML would silently accept:

- duplicate keys in a mapping (PyYAML keeps the last one);
- tags other than the YAML core ones;
- impossible dates (2003-02-30) and timestamps with a time of day;
- a boolean that is not one of YAML's words (``!!bool maybe``, ``!!bool 1``: PyYAML reads both as false);
- keys that are blank or hold a NUL or a line break (every key is a name or an id);
- floats: a number with a decimal point or exponent is read as an exact ``Decimal`` from its source
  text, never through a binary float (``2000000.10`` stays ``2000000.10``); inf and nan are refused.

It also refuses, before any value is built, what could exhaust memory or the stack: anchors
and aliases (``&a`` / ``*a``: a 350-byte "billion laughs" file expands to gigabytes), collections nested
more than :data:`MAX_DEPTH` deep (read from the parser's event stream with an explicit stack, never by
recursion: 30,000 nested ``[`` crashed the recursive composer), numbers longer than :data:`MAX_DIGITS`
characters, and (:mod:`rrcalc.model.inputs`) files too large or endless devices.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Protocol

import yaml

from rrcalc.errors import EXCERPT_CHARS, InputError, Location, excerpt
from rrcalc.model.inputs import read_input


class _Events(Protocol):
    """What rrcalc uses of a PyYAML loader: its event stream. Events are told apart by their exact type in the hot
    loops below (``type(event) is yaml.ScalarEvent``), which a type checker cannot narrow on, hence Any."""

    def get_event(self) -> Any: ...

    def dispose(self) -> None: ...


try:  # the C composer is several times faster; both are safe (SafeLoader, compose only)
    _Loader: Callable[[str | bytes], _Events] = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader

Path_ = tuple[str | int, ...]

_TAG = "tag:yaml.org,2002:"
_DATE_RE = re.compile(r"^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})$")
_INT_RE = re.compile(r"^[-+]?(0|[1-9][0-9_]*)$")
#: The words YAML reads as a boolean (PyYAML's, for a plain scalar or an explicit ``!!bool``).
_TRUE = frozenset(("true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON"))
_FALSE = frozenset(("false", "False", "FALSE", "no", "No", "NO", "off", "Off", "OFF"))

#: Collections (mappings and lists) may nest this deep; the bundled agreements need about ten levels.
MAX_DEPTH = 64
#: A number may be written with at most this many characters (sign, digits, point, underscores).
MAX_DIGITS = 40
#: Up to this size a file's line and column marks are recorded while it is read; a larger file's are found
#: again on demand, for the one value an error names (a 50 MB events file would need half a gigabyte of them).
EAGER_MARKS_BYTES = 1024 * 1024
#: One message for a file nested too deep, whichever layer (libyaml's scanner or our event walk) notices first.
_TOO_DEEP = f"nested more than {MAX_DEPTH} levels deep; rrcalc files need far fewer"


@dataclass
class Source:
    """A loaded YAML document: its data, and where each path in it was written."""

    file: str
    data: Any
    marks: dict[Path_, tuple[int, int]]
    text: str | bytes | None = field(default=None, repr=False)  # a large file's text: marks found on demand
    raw: str | bytes | None = field(default=None, repr=False)  # a small file's text, for quoting a value as written

    def written(self, path: Path_) -> str | None:
        """The scalar at ``path`` as the file writes it (``yes``, ``3.05e+1``, ``0.0000001``), or None: a message
        quotes a value as its author wrote it, not as Python reads it (``True``, ``30.5``, ``1E-7``)."""
        text = self.raw if self.raw is not None else self.text
        if text is None:
            return None
        found: dict[Path_, str] = {}
        _locate(text, tuple(path), found)
        return found.get(tuple(path))

    def shown(self, path: Path_, value: object) -> str:
        """``value``, found at ``path``, quoted for a message: as written, as a short escaped excerpt."""
        from rrcalc.model.bounds import written

        text = self.written(path) if not isinstance(value, str) else None
        return excerpt(text) if text is not None else written(value)

    def where(self, path: Path_, field: str | None = None) -> Location:
        """The location of ``path``, or of its nearest parent that has one."""
        p = tuple(path)
        if self.text is not None and p not in self.marks:
            self.marks.update(_locate(self.text, p))
        while p and p not in self.marks:
            p = p[:-1]
        line, col = self.marks.get(p, (None, None))
        return Location(self.file, line, col, field if field is not None else dotted(path))

    def error(self, path: Path_, message: str) -> InputError:
        return InputError(message, self.where(path))


def dotted(path: Path_) -> str:
    """``('investors', 0, 'sales', 1, 'date')`` as ``investors[0].sales[1].date`` (a long key as an excerpt)."""
    out = ""
    for part in path:
        if isinstance(part, str) and len(part) > EXCERPT_CHARS:
            part = excerpt(part)
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def read_file(path: str | Path, *, within: Path | None = None, regular: bool = False) -> Source:
    """Read and parse a YAML file; every failure is an InputError naming the file. ``within`` and ``regular`` are
    :func:`rrcalc.model.inputs.read_input`'s, for a file the user did not name."""
    name = str(path)
    raw = read_input(path, "a YAML file", within=within, regular=regular)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError(f"not UTF-8 text (byte 0x{raw[exc.start]:02x})", Location(name, line)) from None
    del text  # the parser reads the (smaller) bytes; it was decoded only to check the encoding
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    return parse(raw, name)


def parse(text: str | bytes, name: str = "<string>") -> Source:
    """Parse one YAML document from ``text`` (str, or UTF-8 bytes), within the limits above."""
    eager = len(text) <= EAGER_MARKS_BYTES
    marks: dict[Path_, tuple[int, int]] | None = {} if eager else None
    loader = _Loader(text)
    try:
        with gc_paused():
            data = _build(loader, name, marks, text)
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow (NUL, other control characters)
        before = text[: exc.position]
        line = (before.count(b"\n") if isinstance(before, bytes) else before.count("\n")) + 1
        raise InputError(f"invalid YAML: character {exc.character!r} is not allowed", Location(name, line)) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        loc = Location(name, mark.line + 1, mark.column + 1) if mark else Location(name)
        problem = exc.problem or exc.context or ""
        if "nesting depth" in problem:  # libyaml >= 0.2.5 stops deep nesting itself, ahead of our own count
            raise InputError(_TOO_DEEP, loc) from None
        raise InputError(f"invalid YAML: {problem}", loc) from None
    except yaml.YAMLError as exc:
        raise InputError(f"invalid YAML: {exc}", Location(name)) from None
    finally:
        loader.dispose()
    return Source(name, data, marks if marks is not None else {}, None if eager else text, text if eager else None)


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while plain values are built: they hold no cycles, and its passes over
    millions of new objects nearly doubled the time to read a 50 MB file."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


class _Frame:
    """An open mapping or sequence while the event stream is read."""

    __slots__ = ("key", "key_mark", "path", "value")

    def __init__(self, value: dict[str, Any] | list[Any], path: Path_) -> None:
        self.value = value
        self.path = path
        self.key: str | None = None  # a mapping's key waiting for its value
        self.key_mark: tuple[int, int] = (0, 0)


def _resolve(value: str, implicit: tuple[bool, bool]) -> str:
    """The core-schema tag of a plain scalar (PyYAML's Resolver, without its path machinery: it is hot)."""
    if not implicit[0]:
        return _TAG + "str"
    for tag, regexp in _RESOLVERS.get(value[0] if value else "", ()):
        if regexp.match(value):
            return tag
    return _TAG + "str"


#: First character -> (tag, pattern) pairs, in PyYAML's order.
_RESOLVERS: dict[str, list[tuple[str, re.Pattern[str]]]] = yaml.resolver.Resolver.yaml_implicit_resolvers


def _locate(text: str | bytes, target: Path_,
            written: dict[Path_, str] | None = None) -> dict[Path_, tuple[int, int]]:
    """The marks of ``target`` and its parents, found by reading the events again (no values built); ``written``
    receives the text of ``target`` as the file writes it, when it is a scalar."""
    found: dict[Path_, tuple[int, int]] = {}
    loader = _Loader(text)
    frames: list[list[Any]] = []  # [path, is_map, pending key or None, key mark, next index]
    try:
        while True:
            event = loader.get_event()
            kind = type(event)
            if kind is yaml.StreamEndEvent:
                break
            if kind in (yaml.StreamStartEvent, yaml.DocumentStartEvent, yaml.DocumentEndEvent):
                continue
            if kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                frames.pop()
                continue
            mark = (event.start_mark.line + 1, event.start_mark.column + 1)
            top = frames[-1] if frames else None
            if top is not None and top[1] and top[2] is None:
                top[2], top[3] = event.value, mark
                if kind is not yaml.ScalarEvent:
                    break
                continue
            if top is None:
                path: Path_ = ()
            elif top[1]:
                path, mark = (*top[0], top[2]), top[3]
                top[2] = None
            else:
                path = (*top[0], top[4])
                top[4] += 1
            on_target = path == target[:len(path)]
            if on_target and path not in found:
                found[path] = mark
            if path == target:
                if written is not None and kind is yaml.ScalarEvent:
                    written[path] = event.value
                break
            if kind is yaml.SequenceStartEvent or kind is yaml.MappingStartEvent:
                frames.append([path, kind is yaml.MappingStartEvent, None, (0, 0), 0])
    except yaml.YAMLError:
        pass
    finally:
        loader.dispose()
    return found


def _build(loader: _Events, name: str, marks: dict[Path_, tuple[int, int]] | None, text: str | bytes) -> Any:
    """Plain Python values from the parser's events: no recursion, no anchors, depth and digits limited.

    ``marks`` (None for a large file) receives the line and column of every value by its path."""
    stack: list[_Frame] = []
    root: Any = None
    documents = 0
    while True:
        event = loader.get_event()
        kind = type(event)
        if kind is yaml.StreamEndEvent:
            return root
        if kind is yaml.DocumentStartEvent:
            documents += 1
            if documents > 1:
                raise InputError("invalid YAML: expected a single document, found another",
                                 Location(name, event.start_mark.line + 1, event.start_mark.column + 1))
            continue
        if kind in (yaml.StreamStartEvent, yaml.DocumentEndEvent):
            continue
        mark = (event.start_mark.line + 1, event.start_mark.column + 1)
        top = stack[-1] if stack else None
        if kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
            stack.pop()
            continue
        if kind is yaml.AliasEvent or getattr(event, "anchor", None) is not None:
            raise InputError("YAML anchors and aliases (&name, *name) are not accepted in rrcalc files; "
                             "write the values out", Location(name, *mark))
        # where the new value goes
        if top is not None and type(top.value) is dict and top.key is None:
            if kind is not yaml.ScalarEvent:
                raise InputError("a key must be a plain name, not a list or mapping",
                                 Location(name, *mark, dotted(top.path) or None))
            tag = event.tag if event.tag not in (None, "!") else _resolve(event.value, event.implicit)
            if tag == _TAG + "merge":
                raise InputError("YAML merge keys (<<) are not supported; write the keys out",
                                 Location(name, *mark, dotted(top.path) or None))
            key = event.value
            if not key.isprintable() or key.strip() != key or not key:  # every key is a name or an id
                from rrcalc.model.bounds import text_problem

                problem = text_problem(key, "id")
                if problem is not None:
                    raise InputError(f"a key {problem}", Location(name, *mark, dotted(top.path) or None))
            if key in top.value:
                first = (marks if marks is not None else _locate(text, (*top.path, key)))[(*top.path, key)][0]
                raise InputError(f"duplicate key '{excerpt(key)}' (first given on line {first})",
                                 Location(name, *mark, dotted((*top.path, key))))
            top.key, top.key_mark = key, mark
            continue
        if top is None:
            path: Path_ = ()
        elif type(top.value) is dict:
            path = (*top.path, top.key)  # type: ignore[arg-type]
            mark = top.key_mark
        else:
            path = (*top.path, len(top.value))
        if marks is not None:
            marks[path] = mark
        if kind is yaml.ScalarEvent:
            tag = event.tag if event.tag not in (None, "!") else _resolve(event.value, event.implicit)
            value = _scalar(tag, event.value, lambda m, p=path, at=event.start_mark: InputError(
                m, Location(name, at.line + 1, at.column + 1, dotted(p) or None)))
        elif kind is yaml.SequenceStartEvent or kind is yaml.MappingStartEvent:
            if len(stack) >= MAX_DEPTH:
                raise InputError(_TOO_DEEP,
                                 Location(name, *mark))
            is_map = kind is yaml.MappingStartEvent
            tag = event.tag
            if tag not in (None, "!") and tag != _TAG + ("map" if is_map else "seq"):
                raise InputError(f"unsupported YAML tag {tag}", Location(name, *mark, dotted(path) or None))
            value = {} if is_map else []
        else:  # pragma: no cover - the parser emits no other events
            raise InputError(f"invalid YAML: unexpected {kind.__name__}", Location(name, *mark))
        if top is None:
            root = value
        elif type(top.value) is dict:
            top.value[top.key] = value  # type: ignore[index]
            top.key = None
        else:
            top.value.append(value)  # type: ignore[union-attr]
        if kind is not yaml.ScalarEvent:
            stack.append(_Frame(value, path))


def _scalar(tag: str, value: str, fail: Callable[..., InputError]) -> Any:
    if tag == _TAG + "str":
        return value
    if tag == _TAG + "null":
        return None
    if tag == _TAG + "bool":  # an explicit !!bool too: only YAML's own words, never a guess (maybe, 1)
        if value in _TRUE:
            return True
        if value in _FALSE:
            return False
        raise fail(f"'{excerpt(value)}' is not true or false (write true or false)")
    if tag == _TAG + "int":
        if len(value) > MAX_DIGITS:
            raise fail(f"a number of {len(value)} characters; rrcalc accepts at most {MAX_DIGITS}")
        if not _INT_RE.match(value):
            raise fail(f"'{excerpt(value)}' is not a plain decimal integer (octal, hex and sexagesimal are not "
                       "accepted)")
        return int(value.replace("_", ""))
    if tag == _TAG + "float":
        if len(value) > MAX_DIGITS:
            raise fail(f"a number of {len(value)} characters; rrcalc accepts at most {MAX_DIGITS}")
        try:
            if not value.isascii():  # Decimal() alone reads ٢.٥ as 2.5
                raise InvalidOperation
            number = Decimal(value.replace("_", ""))
        except InvalidOperation:
            raise fail(f"'{excerpt(value)}' is not a finite decimal number") from None
        if not number.is_finite():
            raise fail(f"'{value}' is not a finite decimal number")
        return number
    if tag == _TAG + "timestamp":
        if not _DATE_RE.match(value):
            raise fail(f"'{excerpt(value)}' is a timestamp; give a date as YYYY-MM-DD")
        from rrcalc.model.bounds import parse_date

        parsed = parse_date(value)
        if isinstance(parsed, str):
            raise fail(parsed)
        return parsed
    raise fail(f"unsupported YAML tag {tag}")
