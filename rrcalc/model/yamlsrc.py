"""Safe, strict YAML reading that remembers where every value came from.

PyYAML composes the document into nodes (no object is ever constructed from a tag, so
``!!python/object`` and friends cannot run code); this module turns the nodes into plain Python
values itself and records the line and column of each value by its path, so that a schema error
deep in a file can name the exact line. It rejects what PyYAML would silently accept:

- duplicate keys in a mapping (PyYAML keeps the last one);
- tags other than the YAML core ones;
- impossible dates (2003-02-30) and timestamps with a time of day;
- floats: a number with a decimal point or exponent is read as an exact ``Decimal`` from its source
  text, never through a binary float (``2000000.10`` stays ``2000000.10``); inf and nan are refused.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

from rrcalc.errors import InputError, Location

try:  # the C composer is several times faster; both are safe (SafeLoader, compose only)
    _Loader: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader

Path_ = tuple[str | int, ...]

_TAG = "tag:yaml.org,2002:"
_DATE_RE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_INT_RE = re.compile(r"^[-+]?(0|[1-9][0-9_]*)$")


@dataclass
class Source:
    """A loaded YAML document: its data, and where each path in it was written."""

    file: str
    data: Any
    marks: dict[Path_, tuple[int, int]]

    def where(self, path: Path_, field: str | None = None) -> Location:
        """The location of ``path``, or of its nearest parent that has one."""
        p = tuple(path)
        while p and p not in self.marks:
            p = p[:-1]
        line, col = self.marks.get(p, (None, None))
        return Location(self.file, line, col, field if field is not None else dotted(path))

    def error(self, path: Path_, message: str) -> InputError:
        return InputError(message, self.where(path))


def dotted(path: Path_) -> str:
    """``('investors', 0, 'sales', 1, 'date')`` as ``investors[0].sales[1].date``."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def read_file(path: str | Path) -> Source:
    """Read and parse a YAML file; every failure is an InputError naming the file."""
    name = str(path)
    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError:
        raise InputError("no such file", Location(name)) from None
    except IsADirectoryError:
        raise InputError("is a directory, not a YAML file", Location(name)) from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", Location(name)) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError(f"not UTF-8 text (byte 0x{raw[exc.start]:02x})", Location(name, line)) from None
    return parse(text, name)


def parse(text: str, name: str = "<string>") -> Source:
    """Parse one YAML document from ``text``."""
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow (NUL, other control characters)
        line = text[: exc.position].count("\n") + 1
        raise InputError(f"invalid YAML: character {exc.character!r} is not allowed", Location(name, line)) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        loc = Location(name, mark.line + 1, mark.column + 1) if mark else Location(name)
        raise InputError(f"invalid YAML: {exc.problem or exc.context}", loc) from None
    except yaml.YAMLError as exc:  # e.g. a second document
        raise InputError(f"invalid YAML: {exc}", Location(name)) from None
    marks: dict[Path_, tuple[int, int]] = {}
    if node is None:
        return Source(name, None, marks)
    data = _convert(node, (), marks, name)
    return Source(name, data, marks)


def _convert(node: yaml.Node, path: Path_, marks: dict, name: str) -> Any:
    marks[path] = (node.start_mark.line + 1, node.start_mark.column + 1)

    def fail(message: str, at: yaml.Node = node) -> InputError:
        return InputError(
            message, Location(name, at.start_mark.line + 1, at.start_mark.column + 1, dotted(path) or None)
        )

    if isinstance(node, yaml.MappingNode):
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _TAG + "merge":
                raise fail("YAML merge keys (<<) are not supported; write the keys out", key_node)
            if not isinstance(key_node, yaml.ScalarNode):
                raise fail("a key must be a plain name, not a list or mapping", key_node)
            key = key_node.value
            if key in out:
                first = marks[(*path, key)][0]
                raise InputError(
                    f"duplicate key '{key}' (first given on line {first})",
                    Location(name, key_node.start_mark.line + 1, key_node.start_mark.column + 1,
                             dotted((*path, key))),
                )
            out[key] = _convert(value_node, (*path, key), marks, name)
            marks[(*path, key)] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
        return out
    if isinstance(node, yaml.SequenceNode):
        if node.tag not in (_TAG + "seq",):
            raise fail(f"unsupported YAML tag {node.tag}")
        return [_convert(item, (*path, i), marks, name) for i, item in enumerate(node.value)]
    return _scalar(node, fail)


def _scalar(node: yaml.ScalarNode, fail) -> Any:
    tag, value = node.tag, node.value
    if tag == _TAG + "str":
        return value
    if tag == _TAG + "null":
        return None
    if tag == _TAG + "bool":
        return value.lower() in ("true", "yes", "on", "y")
    if tag == _TAG + "int":
        if not _INT_RE.match(value):
            raise fail(f"'{value}' is not a plain decimal integer (octal, hex and sexagesimal are not accepted)")
        return int(value.replace("_", ""))
    if tag == _TAG + "float":
        try:
            number = Decimal(value.replace("_", ""))
        except InvalidOperation:
            raise fail(f"'{value}' is not a finite decimal number") from None
        if not number.is_finite():
            raise fail(f"'{value}' is not a finite decimal number")
        return number
    if tag == _TAG + "timestamp":
        m = _DATE_RE.match(value)
        if not m:
            raise fail(f"'{value}' is a timestamp; give a date as YYYY-MM-DD")
        try:
            return date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError as exc:
            raise fail(f"'{value}' is not a real date ({exc})") from None
    raise fail(f"unsupported YAML tag {tag}")
