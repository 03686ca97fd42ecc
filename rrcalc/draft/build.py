"""What a draft holds while it is made: the agreement's parts as the YAML will write them, and the review items.

Every part is plain data (the mappings and lists of the YAML file, in the order they will be written), so that the
writer (:mod:`rrcalc.draft.writer`) writes it and the checker (:func:`rrcalc.draft.check_draft`) reads it back with
rrcalc's own schema. Each value carries its reference (section and quote); every id is a snake_case name, unique in
its group, and events and obligations never share one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from rrcalc.draft.text import Text

Data = dict[str, Any]


def slug(text: str, limit: int = 5) -> str:
    """A snake_case id from words: ``"Filing Deadline"`` -> ``filing_deadline``."""
    words = re.findall(r"[a-z0-9]+", text.lower().replace("'s", ""))
    out = "_".join(words[:limit])
    if not out or not out[0].isalpha():
        out = "x_" + out if out else "x"
    return out


def ref(section: str, quote: str) -> Data:
    return {"section": section, "quote": quote}


@dataclass
class Draft:
    """The parts of an agreement being drafted from ``text``, and what is left to review."""

    text: Text
    source: str
    header: Data = field(default_factory=dict)
    events: dict[str, Data] = field(default_factory=dict)
    terms: dict[str, Data] = field(default_factory=dict)
    obligations: dict[str, Data] = field(default_factory=dict)
    suspension_kinds: dict[str, Data] = field(default_factory=dict)
    permitted_suspensions: Data | None = None
    tracks: dict[str, Data] = field(default_factory=dict)
    precedence: list[Data] = field(default_factory=list)
    payment_cap: Data | None = None
    late_interest: Data | None = None
    review: list[Data] = field(default_factory=list)
    defined: list[str] = field(default_factory=list)  # "Name (section)" of each defined term found
    claimed: list[tuple[int, int]] = field(default_factory=list)  # spans of flat text an extractor has read
    reserved: set[str] = field(default_factory=set)  # obligation ids promised before they are written

    # -- spans ----------------------------------------------------------------------------------------------------

    def claim(self, start: int, end: int) -> None:
        self.claimed.append((start, end))

    def is_claimed(self, start: int, end: int) -> bool:
        return any(s < end and start < e for s, e in self.claimed)

    # -- ids --------------------------------------------------------------------------------------------------------

    def free(self, base: str, taken: dict[str, Data] | set[str]) -> str:
        used = set(taken) | set(self.events) | set(self.obligations) | self.reserved | {"agreement_date"}
        name, n = base, 2
        while name in used:
            name, n = f"{base}_{n}", n + 1
        return name

    # -- parts ------------------------------------------------------------------------------------------------------

    def term(self, base: str, label: str, value: Decimal | int | str, unit: str, section: str, quote: str,
             description: str | None = None) -> str:
        """A term (reusing one with the same value, unit and quote): its id."""
        for tid, t in self.terms.items():
            if t["value"] == value and t["unit"] == unit and t["reference"]["quote"] == quote:
                return tid
        used = set(self.terms)
        name, n = base, 2
        while name in used:
            name, n = f"{base}_{n}", n + 1
        entry: Data = {"label": label, "value": value, "unit": unit, "reference": ref(section, quote)}
        if description:
            entry["description"] = description
        self.terms[name] = entry
        return name

    def event(self, base: str, label: str, section: str | None = None, quote: str | None = None,
              kind: str = "date") -> str:
        """An event (the one of that id if declared already): its id."""
        base = base if re.fullmatch(r"[a-z][a-z0-9_]*", base) else slug(base or "event")
        if base in self.events:
            return base
        if base in self.obligations or base in self.reserved or base == "agreement_date":
            base = self.free(base + "_event", self.events)
        entry: Data = {"label": label}
        if kind == "flag":
            entry["type"] = "flag"
        if section is not None and quote:
            entry["reference"] = ref(section, quote)
        self.events[base] = entry
        return base

    def obligation(self, base: str, entry: Data) -> str:
        name = self.free(base, self.obligations)
        self.obligations[name] = entry
        return name

    def track(self, base: str, entry: Data) -> str:
        name, n = base, 2
        while name in self.tracks:
            name, n = f"{base}_{n}", n + 1
        self.tracks[name] = entry
        return name

    def ask(self, topic: str, section: str, passage: str, why: str) -> None:
        """A review item: what the draft left out, the passage it comes from, and why (each once)."""
        for item in self.review:
            if item["topic"] == topic and item["passage"] == passage and item["why"] == why:
                return
        self.review.append({"topic": topic, "section": section, "passage": passage, "why": why})

    # -- quoting ----------------------------------------------------------------------------------------------------

    def quote(self, start: int, end: int, focus: int | None = None) -> str:
        return self.text.quote(start, end, focus)

    def passage(self, pos: int) -> str:
        """The sentence around ``pos``, as a review item quotes it."""
        s, e = self.text.sentence(pos)
        return self.text.quote(s, e, pos)

    def clause(self, pos: int, before: int = 160, after: int = 160) -> tuple[int, int]:
        """The clause around ``pos``: within its sentence, from the last ``;`` (or sentence start) before it to the
        next ``;`` after it, at most ``before``/``after`` characters away."""
        s, e = self.text.sentence(pos)
        flat = self.text.flat
        lo = max(s, pos - before)
        semi = flat.rfind(";", lo, pos)
        if semi >= 0:
            lo = semi + 1
        hi = min(e, pos + after)
        semi = flat.find(";", pos, hi)
        if semi >= 0:
            hi = semi
        while lo < pos and flat[lo] == " ":
            lo += 1
        if lo > s and pos - before == lo:  # cut inside the sentence: start at a word
            sp = flat.find(" ", lo, pos)
            lo = sp + 1 if sp >= 0 else lo
        if hi < e and pos + after == hi:
            sp = flat.rfind(" ", pos, hi)
            hi = sp if sp > pos else hi
        return lo, hi
