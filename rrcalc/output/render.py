"""Rendering: one report, three views (table, CSV, JSON), written whole or not at all.

A :class:`Report` is a list of :class:`Section` s, each a titled list of rows over fixed columns,
plus a JSON payload that carries the same facts and more (clause citations, rules). The table view
is for people (rich, colour only on a terminal, ``NO_COLOR`` honoured); CSV for pipelines (header
row, ISO dates, plain decimal numbers); JSON for programs (exact decimals as strings).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import Any

from rrcalc.errors import UsageError

FORMATS = ("table", "csv", "json", "ics")


@dataclass
class Section:
    """A titled table: ``columns`` in order, ``rows`` as mappings from column to value."""

    title: str
    columns: list[str]
    rows: list[dict[str, Any]]
    notes: list[str] = field(default_factory=list)
    headers: dict[str, str] = field(default_factory=dict)  # display names for the table view
    display: list[dict[str, Any]] | None = None  # rows as the table view shows them (with marks)


@dataclass
class Report:
    sections: list[Section]
    payload: Any = None  # the JSON view; default: the sections' rows
    footer: str = ""  # a closing line for the table view (e.g. a summary)
    text: str | None = None  # the table view as plain lines instead of tables (e.g. `check` in a CI log)
    ics: str | None = None  # an iCalendar view, for reports of dates (`deadlines`)
    table_sections: list[Section] | Callable[[], list[Section]] | None = None  # the table view's own sections
    # (a function, so that CSV and JSON runs never pay for building them)
    csv_section: int | None = None  # CSV carries one section (or all, with a 'section' column)


def plain(value: Any) -> str:
    """A value as CSV and tables show it: ISO dates, plain decimals, yes/no, empty for None."""
    kind = type(value)
    if kind is str:
        return value
    if kind is Decimal:
        return format(value, "f")
    if kind is int:
        return str(value)
    if kind is date:
        return value.isoformat()
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
    return value


def render(report: Report, fmt: str, terminal: bool, csv_raw: bool = False) -> str:
    """The report as text in format ``fmt``; ANSI styling only when ``terminal``; formula-like CSV cells
    neutralised unless ``csv_raw`` (:func:`rrcalc.output.hygiene.csv_cell`)."""
    if fmt == "json":
        payload = report.payload if report.payload is not None else {
            s.title: s.rows for s in report.sections}
        return json.dumps(to_json_value(payload), indent=2, ensure_ascii=False) + "\n"
    if fmt == "csv":
        return _csv(report, csv_raw)
    if fmt == "ics":
        if report.ics is None:
            raise UsageError("--format ics is only for `rrcalc deadlines`")
        return report.ics
    if report.text is not None:
        return report.text
    return _table(report, terminal)


def _csv(report: Report, raw: bool = False) -> str:
    from rrcalc.output.hygiene import csv_cell

    out = io.StringIO()
    if report.csv_section is not None or len(report.sections) == 1:
        section = report.sections[report.csv_section or 0]
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow([csv_cell(c, raw) for c in section.columns])
        for row in section.rows:
            writer.writerow([csv_cell(plain(row.get(c)), raw) for c in section.columns])
        return out.getvalue()
    seen: dict[str, None] = {}  # every section's columns, in first-seen order
    for s in report.sections:
        seen.update(dict.fromkeys(s.columns))
    columns = ["section", *seen]
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([csv_cell(c, raw) for c in columns])
    for s in report.sections:
        for row in s.rows:
            writer.writerow([csv_cell(s.title if c == "section" else plain(row.get(c)), raw) for c in columns])
    return out.getvalue()


def _table(report: Report, terminal: bool) -> str:
    from rich import box
    from rich.console import Console
    from rich.table import Table

    buf = io.StringIO()
    # On a terminal rich fits the tables to its width; in a pipe or file nothing is wrapped, so every
    # cell stays on one line for grep and diff.
    width = None if terminal else 100_000
    console = Console(file=buf, force_terminal=terminal, no_color=not terminal or None,
                      width=width, highlight=False, emoji=False, soft_wrap=False)
    sections = report.table_sections if report.table_sections is not None else report.sections
    if callable(sections):
        sections = sections()
    for i, section in enumerate(sections):
        if i:
            console.print()
        table = Table(title=_escape(section.title), title_justify="left", box=box.SIMPLE_HEAVY,
                      show_lines=False, expand=False)
        shown = section.display if section.display is not None else section.rows
        for c in section.columns:
            numeric = any(isinstance(r.get(c), int | Decimal) and not isinstance(r.get(c), bool) for r in shown)
            table.add_column(section.headers.get(c, c), overflow="fold", justify="right" if numeric else "left")
        for row in shown:
            table.add_row(*[_escape(_human(row.get(c))) for c in section.columns])
        if not section.rows:
            console.print(f"{_escape(section.title)}: none")
        else:
            console.print(table)
        for note in section.notes:
            console.print(_escape(note))
    if report.footer:
        console.print(_escape(report.footer))
    return buf.getvalue()


def _human(value: Any) -> str:
    """A value for people: money (a Decimal in cents) with thousands separators; the rest as :func:`plain`."""
    if isinstance(value, Decimal) and value.as_tuple().exponent == -2:
        return f"{value:,.2f}"
    return plain(value)


def _escape(text: str) -> str:
    from rich.markup import escape

    from rrcalc.output.hygiene import printable

    return escape(printable(text))  # control characters shown as escapes, never sent to the terminal


def write(text: str, output: Path | None) -> None:
    """Write ``text`` to stdout, or to ``output`` whole or not at all (:mod:`rrcalc.output.files`)."""
    from rrcalc.output.files import write_output

    write_output(text, output)


def choose_format(fmt: str | None, output: Path | None, stdout_is_terminal: bool) -> str:
    """The format asked for; else by the output file's extension; else table on a terminal, CSV in a pipe."""
    if fmt:
        return fmt
    if output is not None:
        suffix = Path(output).suffix.lower().lstrip(".")
        return suffix if suffix in FORMATS else "table"
    return "table" if stdout_is_terminal else "csv"
