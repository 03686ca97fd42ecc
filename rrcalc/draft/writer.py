"""The draft as YAML text, written by hand in a stable order with comments, for a lawyer to read and finish.

Strings are written as YAML double-quoted scalars (JSON's escapes, which YAML shares; a character that is not
printable is escaped), so that no text of the agreement can turn into a number, a date, a boolean or YAML syntax;
numbers are plain decimals (``1.5``, ``10000``), dates ``YYYY-MM-DD``, ids plain snake_case keys. The file uses no
anchors, aliases, tags or floats: rrcalc's strict reader (:mod:`rrcalc.model.yamlsrc`) reads it back as written.
"""

from __future__ import annotations

import json
import re
from datetime import date
from decimal import Decimal
from typing import Any

from rrcalc.draft.build import Draft
from rrcalc.draft.numbers import plain

_PLAIN_KEY = re.compile(r"^[a-z][a-z0-9_]*$")
_WIDTH = 118


def scalar(value: Any) -> str:
    """One value as a YAML scalar."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal):
        return plain(value)
    if isinstance(value, date):
        return value.isoformat()
    if value is None:
        return "null"
    text = json.dumps(str(value), ensure_ascii=False)
    return "".join(c if c.isprintable() or c in " " else f"\\u{ord(c):04x}" for c in text)


def key(name: str) -> str:
    return name if _PLAIN_KEY.match(name) else scalar(name)


def _flow(value: Any) -> str | None:
    """A short mapping or list of scalars on one line (``{section: "2(a)", quote: "..."}``), or None."""
    if isinstance(value, dict):
        if any(isinstance(v, dict | list) for v in value.values()):
            if not all(isinstance(v, dict | list) and _flow(v) is not None for v in value.values()
                       if isinstance(v, dict | list)):
                return None
        parts = [f"{key(k)}: {_flow(v) if isinstance(v, dict | list) else scalar(v)}" for k, v in value.items()]
        return "{" + ", ".join(parts) + "}"
    if isinstance(value, list):
        if any(isinstance(v, dict | list) and _flow(v) is None for v in value):
            return None
        return "[" + ", ".join(str(_flow(v)) if isinstance(v, dict | list) else scalar(v) for v in value) + "]"
    return None


def block(value: Any, indent: int) -> list[str]:
    """``value`` (a mapping or list) as block YAML lines at ``indent`` spaces; short parts in flow style."""
    pad = " " * indent
    lines: list[str] = []
    if isinstance(value, dict):
        for k, v in value.items():
            if isinstance(v, dict | list):
                flow = _flow(v)
                if not v:
                    lines.append(f"{pad}{key(k)}: {'{}' if isinstance(v, dict) else '[]'}")
                elif flow is not None and len(pad) + len(key(k)) + 2 + len(flow) <= _WIDTH:
                    lines.append(f"{pad}{key(k)}: {flow}")
                else:
                    lines.append(f"{pad}{key(k)}:")
                    lines += block(v, indent + 2)
            else:
                lines.append(f"{pad}{key(k)}: {scalar(v)}")
        return lines
    for item in value:
        if isinstance(item, dict | list):
            flow = _flow(item)
            if flow is not None and len(pad) + 2 + len(flow) <= _WIDTH:
                lines.append(f"{pad}- {flow}")
                continue
            inner = block(item, indent + 2)
            if inner:
                inner[0] = f"{pad}- {inner[0][indent + 2:]}"
            lines += inner
        else:
            lines.append(f"{pad}- {scalar(item)}")
    return lines


def _comment(text: str) -> list[str]:
    out, line = [], "#"
    for word in text.split():
        if len(line) + 1 + len(word) > _WIDTH:
            out.append(line)
            line = "#"
        line += " " + word
    out.append(line)
    return out


def write(d: Draft) -> str:
    """The draft as the text of an agreement file."""
    h = d.header
    n_review = len(d.review)
    lines = _comment(f"A FIRST DRAFT written by `rrcalc draft` from {d.source}, for a lawyer to finish. Every value "
                     "quotes the words it was read from; what the draft could not decide is not guessed but listed "
                     "under `review` at the end, with its passage.")
    lines += _comment(f"{len(d.terms)} terms, {len(d.obligations)} obligations, {len(d.tracks)} tracks; "
                      f"{n_review} review items open. `rrcalc check` reports this file as a draft until `review` is "
                      "empty. Rename the id, check each clause, work test cases by hand (docs/encoding.md).")
    if d.defined:
        lines += _comment("Defined terms found: " + "; ".join(d.defined) + ".")
    head: dict[str, Any] = {"id": h["id"], "title": h["title"], "date": h["date"], "company": h["company"]}
    lines += block(head, 0)
    lines.append("parties:")
    lines += block(h["parties"], 2)
    lines += block({"summary": h["summary"], "source": h["source"]}, 0)
    lines.append("")
    lines.append("calendar:")
    lines += block(h["calendar"], 2)
    if "words" in h:
        lines += ["", "# The agreement's own words for its payments, permitted blackouts and failures."]
        lines += block({"words": h["words"]}, 0)
    sections: list[tuple[str, str, Any]] = [
        ("events", "The facts the deadlines count from and the events that meet them (an events file gives their "
                   "dates).", d.events),
        ("terms", "Every number the draft read, with its unit and the words it comes from.", d.terms),
        ("obligations", "The deadlines, with the rule that computes each date.", d.obligations),
        ("suspension_kinds", "The restrictions an events file may report.", d.suspension_kinds),
        ("permitted_suspensions", "What makes a suspension permitted.", d.permitted_suspensions),
        ("tracks", "The payments for failures (liquidated damages).", d.tracks),
        ("precedence", "Failures that do not pay together.", d.precedence),
        ("payment_cap", "The ceiling on payments.", d.payment_cap),
        ("late_interest", "Interest on payments made late.", d.late_interest),
    ]
    for name, what, value in sections:
        if not value:
            continue
        lines += ["", *_comment(what), f"{name}:"]
        if isinstance(value, dict):
            for k, v in value.items():
                if isinstance(v, dict) and name in ("events", "terms", "obligations", "suspension_kinds", "tracks"):
                    flow = _flow(v)
                    if flow is not None and len(flow) + len(k) + 4 <= _WIDTH:
                        lines.append(f"  {key(k)}: {flow}")
                    else:
                        lines.append(f"  {key(k)}:")
                        lines += block(v, 4)
                else:
                    lines += block({k: v}, 2)
        else:
            lines += block(value, 2)
    lines += ["", *_comment("REVIEW: what the draft left out, each with its section and passage and why. Work "
                            "through them, encode what each decides (a term, an obligation, a track, a reading) and "
                            "delete the item; `rrcalc check` reports the file as a draft while any is open.")]
    if d.review:
        lines.append("review:")
        lines += block(d.review, 2)
    else:
        lines.append("review: []")
    return "\n".join(lines) + "\n"
