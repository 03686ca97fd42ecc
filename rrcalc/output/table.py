"""The table view for people: values never split, long text folded or moved aside, colour with meaning.

Layout, for a terminal of ``width`` columns:
1. Dates, amounts, numbers, ids and status words are *fixed* cells: never wrapped or cut.
2. Long text (rules, reasons, quotes, bases) folds inside its own column when at least
   ``MIN_LONG`` characters remain for it.
3. Otherwise the long text moves to numbered notes under the table (the cell shows ``[n]``).
4. When even the fixed cells do not fit, each row is printed as a record: one field per line.
Off a terminal (``width`` None) nothing is wrapped, so every row stays on one line for grep and diff.
Rendering is linear in the number of cells: no measuring passes over rich renderables.
"""

from __future__ import annotations

import textwrap
from datetime import date
from decimal import Decimal
from typing import Any

from rrcalc.output.chart import Bar
from rrcalc.output.hygiene import table_text as printable  # every title, header, cell and note: controls escaped

#: Columns whose text is long and may fold or move to notes.
LONG = {"rule", "reasons", "quote", "basis", "description", "working", "meaning", "label", "detail", "value",
        "question", "alternatives", "provides", "title", "parties", "note", "cure", "flags", "company", "item",
        "file", "how", "note_text", "kind", "reason"}

#: People's names for the CSV's columns (the CSV keeps the stable column names).
HEADERS = {
    "period_start": "Start", "period_end": "End", "payment_due": "Payable", "rate_shown": "Rate", "rate_unit": "Unit",
    "computation_date": "Computation Date", "business_days": "Days", "gap_business_days": "Gap",
    "notice_business_days": "Notice", "restricted_sale_date": "Restricted", "occurrence": "Occ.",
    "period": "#", "amount_per_1000000": "Per $1,000,000", "in_force": "In force", "n": "#",
    "average_closing_bid": "Avg bid", "share_price": "Share price", "periodic_amount_shares": "Shares",
    "cure_date": "Cure date", "earliest_start": "Earliest start", "latest_end": "Latest end",
    "max_business_days": "Max days", "partial_period": "Partial period", "rate_pct_": "Rate %",
}

#: Status words and their colour (ANSI SGR) on a terminal.
COLOURS = {"missed": "31", "no": "31", "FAIL": "31", "not permitted": "31", "accruing": "33", "accruing …": "33",
           "open": "33", "unknown": "2", "met": "32", "yes": "32", "PASS": "32", "final": "", "permitted": "32"}

MIN_LONG = 24
MIN_BAR = 8  # the narrowest a bar column (exposure's chart) is drawn before the table turns to records
GAP = 2


def header(key: str, overrides: dict[str, str]) -> str:
    """A column's name for people: the view's, the table's, or the key in words. A column named after something
    in the input (exposure's ``investor: NAME``) keeps the name as written, its control characters escaped."""
    if key in overrides:
        return printable(overrides[key])
    if key in HEADERS:
        return HEADERS[key]
    if key.isidentifier():
        return key.replace("_", " ").capitalize()
    return printable(key[:1].upper() + key[1:])


def cell(value: object) -> str:
    """A value for people: money with thousands separators, ISO dates, yes/no; control characters escaped."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Decimal):
        if value.as_tuple().exponent == -2:
            return f"{value:,.2f}"
        return format(value, "f")
    if isinstance(value, date):
        return value.isoformat()
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return "; ".join(cell(v) for v in value)
    return printable(str(value))


def _numeric(values: list[object]) -> bool:
    return any(isinstance(v, int | Decimal) and not isinstance(v, bool) for v in values)


class Style:
    """How to draw: Unicode or ASCII rules, colour or none."""

    def __init__(self, colour: bool, unicode: bool) -> None:
        self.colour = colour
        self.rule = "─" if unicode else "-"
        self.ellipsis = "…" if unicode else "..."

    def paint(self, text: str, word: str, bold: bool = False) -> str:
        if not self.colour:
            return text
        code = "1" if bold else COLOURS.get(word.strip(), "")
        return f"\x1b[{code}m{text}\x1b[0m" if code else text


def render_section(title: str, columns: list[str], rows: list[dict[str, Any]], headers: dict[str, str],
                   notes: list[str], width: int | None, style: Style, group: str | None = None) -> list[str]:
    """One titled table (or its records), with its notes, as lines.

    ``group``: a column whose value heads each run of rows (a sub-heading line) instead of a column.
    """
    title = printable(title) + ("" if rows else ": none")
    out = [style.paint(line, "", bold=True) for line in _fold(title, width, "")]
    if not rows:
        return out + [line for n in notes for line in _fold(printable(n), width, "")]
    labels = [cell(r.get(group)) for r in rows] if group else None
    columns = [c for c in columns if c != group]
    text = [[cell(r.get(c)) for c in columns] for r in rows]
    heads = [header(c, headers) for c in columns]
    right = [_numeric([r.get(c) for r in rows]) for c in columns]
    long_cols = [i for i, c in enumerate(columns) if c in LONG]
    natural = [max(len(heads[i]), *(len(t[i]) for t in text)) for i in range(len(columns))]
    bars = [i for i, c in enumerate(columns) if any(isinstance(r.get(c), Bar) for r in rows)]
    if width is not None and bars and _span(natural, GAP) > width:  # bars are drawn as wide as there is room
        room = natural[bars[0]] - (_span(natural, GAP) - width) // len(bars)
        _redraw(rows, columns, bars, text, max(MIN_BAR, room))
        natural = [max(len(heads[i]), *(len(t[i]) for t in text)) for i in range(len(columns))]
    widths = list(natural)
    moved: list[int] = []
    gap = GAP
    if width is not None and _span(natural, gap) > width:
        fixed = [w if i not in long_cols else 0 for i, w in enumerate(natural)]
        for gap in (GAP, 1):
            room = width - _span(fixed, gap) - gap * len(long_cols)
            share = room // len(long_cols) if long_cols else 0
            if not long_cols and room >= 0:
                break
            if long_cols and share >= MIN_LONG:
                for i in long_cols:
                    widths[i] = min(natural[i], max(share, len(heads[i])))
                break
        else:
            # long text moves under its row; the fixed cells must still fit, else one record per row
            moved = long_cols
            kept = [w if i not in moved else 0 for i, w in enumerate(natural)]
            gap = GAP if _span(kept, GAP) <= width else 1
            if _span(kept, gap) > width:
                _redraw(rows, columns, bars, text, width - 6)  # a record's long value is a line of its own
                return out + _records(columns, heads, text, width, style, labels) + [
                    line for n in notes for line in _fold(printable(n), width, "  ")]
    if moved:
        keep = [i for i in range(len(columns)) if i not in moved]
        aside = [[(heads[i], t[i]) for i in moved if t[i]] for t in text]
        text = [[t[i] for i in keep] for t in text]
        heads, widths, right = [heads[i] for i in keep], [widths[i] for i in keep], [right[i] for i in keep]
    else:
        aside = None
    out += _grid(heads, text, widths, right, style, gap, labels, aside, width)
    for n in notes:
        out += _fold(printable(n), width, "  ")
    return out


def _redraw(rows: list[dict[str, Any]], columns: list[str], bars: list[int], text: list[list[str]],
            width: int) -> None:
    """Draw the bars of columns ``bars`` at most ``width`` characters wide (in ``text``, the cells' text)."""
    for n, r in enumerate(rows):
        for i in bars:
            value = r.get(columns[i])
            if isinstance(value, Bar):
                text[n][i] = value.draw(max(1, min(width, value.width)))


def _span(widths: list[int], gap: int) -> int:
    """The width of a table whose columns have ``widths`` (zero: left out), with its indent."""
    shown = [w for w in widths if w]
    return 2 + sum(shown) + gap * (len(shown) - 1)


def _grid(heads: list[str], text: list[list[str]], widths: list[int], right: list[bool], style: Style, gap: int,
          labels: list[str] | None, aside: list[list[tuple[str, str]]] | None = None,
          width: int | None = None) -> list[str]:
    sep = " " * gap
    lines = [style.paint(("  " + sep.join(_pad(h, widths[i], right[i]) for i, h in enumerate(heads))).rstrip(), "",
                         bold=True),
             "  " + sep.join(style.rule * w for w in widths)]
    current = None
    for n, t in enumerate(text):
        if labels is not None and labels[n] and labels[n] != current:
            current = labels[n]
            lines.append(style.paint(f"  {current}", "", bold=True))
        cells = [textwrap.wrap(v, widths[i], break_long_words=False, break_on_hyphens=False) or [""]
                 if len(v) > widths[i] else [v] for i, v in enumerate(t)]
        for k in range(max(len(c) for c in cells)):
            parts = []
            for i, c in enumerate(cells):
                value = c[k] if k < len(c) else ""
                padded = _pad(value, widths[i], right[i])
                parts.append(style.paint(padded, value) if k == 0 else padded)
            lines.append(("  " + sep.join(parts)).rstrip())
        for head, value in (aside[n] if aside else []):
            lines += _fold(f"{head}: {value}", width, "      ")
    return lines


def _pad(text: str, w: int, right: bool) -> str:
    return text.rjust(w) if right else text.ljust(w)


def _records(columns: list[str], heads: list[str], text: list[list[str]], width: int, style: Style,
             labels: list[str] | None) -> list[str]:
    """Each row as a record: one field per line, long values folded under their label."""
    label_w = min(max(len(h) for h in heads), max(8, width // 3))
    out: list[str] = []
    for n, t in enumerate(text, 1):
        out.append(style.paint(f"  ({n}) {labels[n - 1] if labels else ''}".rstrip(), "", bold=True))
        for i, h in enumerate(heads):
            if not t[i]:
                continue
            if len(h) > label_w or 4 + label_w + 2 + len(t[i]) > width:  # the width of the one-line form below
                out += _fold(f"{h}:", width, "    ")
                out += _fold(t[i], width, "      ")
            else:
                out.append(f"    {h.ljust(label_w)}  {style.paint(t[i], t[i])}")
    return out


def _fold(text: str, width: int | None, indent: str) -> list[str]:
    if width is None or len(indent) + len(text) <= width:
        return [indent + text]
    return textwrap.wrap(text, max(10, width - len(indent)), initial_indent=indent, subsequent_indent=indent + "  ",
                         break_long_words=False, break_on_hyphens=False)
