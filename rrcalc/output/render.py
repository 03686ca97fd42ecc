"""Rendering: one renderer per format over the view model, written whole or not at all.

A view (:mod:`rrcalc.output.views`) returns a :class:`Report`: data :class:`Section` s (titled rows over fixed
columns, the stable column names), a JSON payload that carries the same facts and more (clause citations, rules),
and, built only when asked for, the people's tables and calendar entries. Renderers: the table for people
(:mod:`rrcalc.output.table`; colour only on a terminal, ``NO_COLOR`` honoured), CSV for pipelines (header
row, ISO dates, plain decimals, formula-like cells neutralised), JSON for programs (exact decimals as strings),
iCalendar where the report has dates. ``RENDERERS`` is the list of formats.
"""

from __future__ import annotations

import csv
import io
import json
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import Any

from rrcalc.errors import UsageError


@dataclass
class Section:
    """A titled table: ``columns`` in order, ``rows`` as mappings from column to value."""

    title: str
    columns: list[str]
    rows: list[dict[str, Any]]
    notes: list[str] = field(default_factory=list)
    headers: dict[str, str] = field(default_factory=dict)  # people's names for the table view
    group: str | None = None  # table view: a column whose value heads each run of rows instead
    sums: list[str] = field(default_factory=list)  # columns whose sum is a total (the workbook's =SUM rows)


@dataclass
class Report:
    """What a view returns: the data (``sections``: CSV, workbook), the JSON ``payload``, and, built only when
    that format is asked for, the people's tables (``tables``) and the calendar entries (``calendar``)."""

    sections: list[Section]
    payload: Any = None  # the JSON view; default: the sections' rows
    tables: Callable[[], list[Section]] | None = None  # the table view; default: the sections
    calendar: Callable[[], str] | None = None  # the iCalendar view, where the report has dates to keep
    sheets: Callable[[], list[Section]] | None = None  # the workbook's sheets when they split the sections' rows
    # into parts (one per investor); default: the sections
    footer: str = ""  # a closing line for the table view


def plain(value: Any) -> str:
    """A value as CSV and tables show it: ISO dates, plain decimals, yes/no, empty for None."""
    kind = type(value)
    if kind is str:
        text: str = value  # (the exact-type tests keep this hot path fast; a type checker cannot follow them)
        return text
    if kind is Decimal:
        return format(value, "f")
    if kind is int:
        return str(value)
    if kind is date:
        return date.isoformat(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, list | tuple):
        return "; ".join(plain(v) for v in value)
    return str(value)


def to_json_value(value: Any) -> Any:
    """JSON-ready data: dates as ISO strings, Decimals as exact strings, dataclasses as objects."""
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): to_json_value(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [to_json_value(v) for v in value]
    if hasattr(value, "__dataclass_fields__"):
        return {k: to_json_value(getattr(value, k)) for k, f in value.__dataclass_fields__.items()
                if f.init and getattr(value, k) not in (None, [], {})}
    if isinstance(value, Iterable) and not isinstance(value, str | bytes):  # rows made as they are read
        return [to_json_value(v) for v in value]
    return value


def render_json(report: Report, _: object = None) -> str:
    return "".join(json_pieces(report))


#: A list or mapping of more items than this, or one made as it is read (not a list), is written item by item.
_JSON_WHOLE_MAX = 64


def json_pieces(report: Report, items_per_piece: int = 2000) -> Iterator[str]:
    """:func:`render_json` in pieces: the same text as ``json.dumps(..., indent=2)`` of the whole payload, but a
    long list (a large deal's periods, made row by row) or mapping is encoded one item at a time, so neither the
    JSON-ready copy of the payload nor the whole text is ever held."""
    payload = report.payload if report.payload is not None else {s.title: s.rows for s in report.sections}
    buffer: list[str] = []
    for piece in _json_items(payload, 0):
        buffer.append(piece)
        if len(buffer) >= items_per_piece:
            yield "".join(buffer)
            buffer.clear()
    buffer.append("\n")
    yield "".join(buffer)


def _json_items(value: Any, depth: int) -> Iterator[str]:
    """``value`` as ``json.dumps(to_json_value(value), indent=2)`` writes it at nesting ``depth``, in pieces."""
    if not _streams(value):
        text = json.dumps(to_json_value(value), indent=2, ensure_ascii=False)
        yield text.replace("\n", "\n" + "  " * depth) if depth and "\n" in text else text
        return
    pad = "\n" + "  " * (depth + 1)
    if isinstance(value, dict):
        yield "{"
        for n, (k, v) in enumerate(value.items()):
            yield f"{',' if n else ''}{pad}{json.dumps(str(k), ensure_ascii=False)}: "
            yield from _json_items(v, depth + 1)
        yield "\n" + "  " * depth + "}"
        return
    empty = True
    for n, v in enumerate(value):
        yield f"{',' if n else '['}{pad}"
        empty = False
        yield from _json_items(v, depth + 1)
    yield "[]" if empty else "\n" + "  " * depth + "]"


def _streams(value: Any) -> bool:
    """Whether ``value`` is written item by item: rows made as they are read (an iterable that is not a list), a
    long list or mapping, or one holding such a value."""
    if isinstance(value, dict):
        return len(value) > _JSON_WHOLE_MAX or any(_streams(v) for v in value.values())
    if isinstance(value, list | tuple):
        return len(value) > _JSON_WHOLE_MAX or any(_streams(v) for v in value)
    return (isinstance(value, Iterable) and not isinstance(value, str | bytes)
            and not hasattr(value, "__dataclass_fields__"))


def render_csv(report: Report, raw: bool = False) -> str:
    """One section as CSV; several: one table with a leading 'section' column. Cells a spreadsheet would read
    as a formula are neutralised unless ``raw``."""
    return "".join(csv_pieces(report, raw))


def csv_pieces(report: Report, raw: bool = False, rows_per_piece: int = 5000) -> Iterator[str]:
    """:func:`render_csv` in pieces of ``rows_per_piece`` rows: a large CSV is never held whole."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    from rrcalc.output.hygiene import csv_cell, csv_raw_cell

    safe = csv_raw_cell if raw else csv_cell  # every cell, headers too: no row or formula from the input's text
    if len(report.sections) == 1:
        section = report.sections[0]
        writer.writerow([safe(c) for c in section.columns])  # exposure's columns are investor names
        for n, row in enumerate(section.rows, 1):
            writer.writerow([safe(plain(row.get(c))) for c in section.columns])
            if n % rows_per_piece == 0:
                yield out.getvalue()
                out.seek(0)
                out.truncate()
        yield out.getvalue()
        return
    seen: dict[str, None] = {}  # every section's columns, in first-seen order
    for s in report.sections:
        seen.update(dict.fromkeys(s.columns))
    columns = ["section", *seen]
    writer.writerow([safe(c) for c in columns])
    for s in report.sections:
        for row in s.rows:
            writer.writerow([safe(s.title) if c == "section" else safe(plain(row.get(c))) for c in columns])
    yield out.getvalue()


def render_ics(report: Report, _: object = None) -> str:
    if report.calendar is None:
        raise UsageError("--format ics: this command has no dates to put in a calendar")
    return report.calendar()


def render_table(report: Report, terminal: bool, width: int | None = None) -> str:
    """The people's view: aligned tables, values never split (see :mod:`rrcalc.output.table`)."""
    from rrcalc.output.table import Style, render_section

    encoding = (getattr(sys.stdout, "encoding", None) or "utf-8").lower()
    style = Style(terminal and "NO_COLOR" not in os.environ and os.environ.get("TERM") != "dumb", "utf" in encoding)
    if terminal and width is None:
        import shutil

        width = max(20, shutil.get_terminal_size((100, 24)).columns)
    sections = report.tables() if report.tables is not None else report.sections
    lines: list[str] = []
    for i, s in enumerate(sections):
        if i:
            lines.append("")
        lines += render_section(s.title, s.columns, s.rows, s.headers, s.notes, width if terminal else None, style,
                                s.group)
    if report.footer:
        lines.append(report.footer)
    text = "\n".join(lines) + "\n"
    if "utf" not in encoding:
        text = ascii_text(text)
    return text


_ASCII = str.maketrans({"§": "S", "×": "x", "…": "...", "█": "#", "▌": "|", "─": "-", "—": "-", "–": "-",
                        "’": "'", "‘": "'", "“": '"', "”": '"', "½": "1/2"})


def ascii_text(text: str) -> str:
    """``text`` for a terminal that cannot show more than ASCII: the few signs rrcalc uses spelt in ASCII."""
    return text.translate(_ASCII).encode("ascii", "replace").decode("ascii")


def render_xlsx(report: Report, _: object = None) -> bytes:
    """The Excel workbook (:mod:`rrcalc.output.xlsx`): a sheet per section, SUM totals, real dates."""
    from rrcalc.output.xlsx import workbook

    return workbook(report)


#: Format name -> renderer; a format that is not here is not a format (exit 2).
RENDERERS: dict[str, Callable[..., str | bytes]] = {"csv": render_csv, "json": render_json, "ics": render_ics,
                                                    "xlsx": render_xlsx}


def render(report: Report, fmt: str, terminal: bool, csv_raw: bool = False) -> str | bytes:
    """The report in format ``fmt``; ANSI styling only when ``terminal``."""
    if fmt == "table":
        return render_table(report, terminal)
    if fmt == "csv":
        return render_csv(report, csv_raw)
    if fmt not in RENDERERS:
        raise UsageError(f"no format '{fmt}'; formats: table, {', '.join(RENDERERS)}")
    return RENDERERS[fmt](report)


def write(text: str | bytes | Iterator[str], output: Path | None) -> None:
    """Write ``text`` (or a binary file's bytes) to stdout, or to ``output`` whole or not at all
    (:mod:`rrcalc.output.files`: devices and FIFOs directly, modes kept, inputs never overwritten)."""
    from rrcalc.output.files import write_output

    if output is None and isinstance(text, bytes) and sys.stdout.isatty():
        raise UsageError("this format is a binary file: give --output FILE (or redirect stdout)")
    write_output(text, output)


#: The formats a file name's extension stands for, where that is not the extension itself (``.csv``: csv): a text
#: for people (the table, or check's annotations), and the HTML report.
TEXT_SUFFIXES = {"txt": ("table", "github"), "text": ("table", "github"), "table": ("table",), "htm": ("html",)}


def suffix_formats(output: Path | str) -> tuple[str, ...]:
    """The formats the extension of ``output`` stands for: () for an extension that is no format's."""
    suffix = Path(output).suffix.lower().lstrip(".")
    if suffix in TEXT_SUFFIXES:
        return TEXT_SUFFIXES[suffix]
    return (suffix,) if suffix in RENDERERS or suffix == "html" else ()


def choose_format(fmt: str | None, output: Path | None, stdout_is_terminal: bool,
                  formats: tuple[str, ...] = ("table", *RENDERERS)) -> str:
    """The format asked for; else by the output file's extension; else table on a terminal, CSV in a pipe.

    ``formats`` are what the command can write (its declaration, :func:`rrcalc.cli.spec.formats_of`). An output
    whose extension names another format is refused, and so is one whose extension contradicts ``fmt``: a file
    never holds a format its name does not say."""
    named = suffix_formats(output) if output is not None else ()
    if fmt:
        if named and fmt not in named:
            raise UsageError(f"--output: {output}: the name says {named[0]} but --format is {fmt}; name the file "
                             f"for its format or leave --format out")
        return fmt
    if output is not None:
        suffix = Path(output).suffix.lower()
        usable = [f for f in named if f in formats]
        if usable:
            return usable[0]
        ends = ", ".join(dict.fromkeys(".txt" if f in ("table", "github") else f".{f}" for f in formats))
        if named:
            raise UsageError(f"--output: {output}: this command cannot write {suffix} files; it writes "
                             f"{', '.join(formats)}: give a file name ending {ends}")
        raise UsageError(f"--output: {output}: no format for the extension '{suffix}'; give --format "
                         f"({', '.join(formats)}) or a file name ending {ends}" if suffix else
                         f"--output: {output}: give --format, or a file name ending {ends}")
    return "table" if stdout_is_terminal else "csv"
