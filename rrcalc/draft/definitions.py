"""The defined terms of an agreement's text: ``"Filing Deadline" means ...`` and ``... (the "Registration
Deadline")``, with where each is defined and what it says.

A definition by ``means`` (``shall mean``, ``refers to``, ``is``, ``are``) has its body after the verb, to the end of
its sentence; a definition in parentheses names the phrase before it, from the start of its clause. Names are
matched without regard to case (the 2001 exhibit writes ``"EFFECTIVE DATE"``); :func:`Definitions.at` finds the
longest defined name at a position, as a deadline's anchor mentions it (``the Closing Date``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rrcalc.draft.text import Text

_MEANS = re.compile(r'"(?P<name>[A-Za-z][^"]{0,60}?)[,.]?"\s+(?:shall\s+mean|means|shall\s+refer\s+to|refers?\s+to|'
                    r'is|are|has\s+the\s+meaning)\b')
_PAREN = re.compile(r'\(\s*(?:[^()"]{0,80}?\b(?:the|each|an?|so-called)\s+)?"(?P<name>[A-Za-z][^"]{0,60}?)[,.]?"\s*\)')
#: ``Each of the following is a "Registration Event":`` (the body follows the colon).
_IS_A = re.compile(r'\b(?:is|are|be|constitutes?)\s+(?:a|an|the)\s+"(?P<name>[A-Za-z][^"]{0,60}?)"\s*:')


@dataclass(frozen=True)
class Definition:
    """One defined term: its name as written, the span of the definition and of its body, and its section."""

    name: str
    start: int  # the definition's first character (the name's opening quote, or the phrase it names)
    body_start: int
    body_end: int
    section: str
    paren: bool  # defined in parentheses after the phrase
    mark_end: int = 0  # where the definition's own words end (the closing parenthesis, or the verb)

    @property
    def key(self) -> str:
        return key(self.name)


def key(name: str) -> str:
    """The name as names are compared: lower case, single spaces, no trailing ``s`` on the last word."""
    k = " ".join(name.lower().split())
    return k[:-1] if k.endswith("s") and not k.endswith("ss") else k


def title(name: str) -> str:
    """An upper-case name in title case (``EFFECTIVE DATE`` -> ``Effective Date``); other names as written."""
    if name.upper() != name or (len(name) <= 5 and " " not in name):
        return name
    small = {"of", "the", "and", "or", "a", "an", "in", "on", "for", "to", "by"}
    words = name.lower().split()
    return " ".join(w if i and w in small else w[:1].upper() + w[1:] for i, w in enumerate(words))


class Definitions:
    """Every definition found in a text, and lookups by name and position."""

    def __init__(self, text: Text) -> None:
        self.text = text
        self.all: list[Definition] = []
        flat = text.flat
        for m in _MEANS.finditer(flat, 0, text.end):
            s, e = text.sentence(m.start())
            nxt = _MEANS.search(flat, m.end(), e)  # several definitions in one run-on sentence (2001)
            end = nxt.start() if nxt else e
            self.all.append(Definition(title(m["name"]), m.start(), m.end(), end, text.section_at(m.start()), False,
                                       m.end()))
        for m in _IS_A.finditer(flat, 0, text.end):
            _, e = text.sentence(m.start())
            self.all.append(Definition(title(m["name"]), m.start(), m.end(), e, text.section_at(m.start()), False,
                                       m.end()))
        for m in _PAREN.finditer(flat, 0, text.end):
            s, _ = text.sentence(m.start())
            lo = max(s, flat.rfind(";", s, m.start()) + 1, m.start() - 240)
            self.all.append(Definition(title(m["name"]), lo, lo, m.start(), text.section_at(m.start()), True, m.end()))
        self.all.sort(key=lambda d: d.start)
        self.by_key: dict[str, Definition] = {}
        for d in self.all:
            self.by_key.setdefault(d.key, d)  # the first definition of a name wins
        names = sorted({d.name for d in self.all}, key=len, reverse=True)
        self._mention = re.compile(
            r"(?:the\s+|a\s+|an\s+|such\s+|each\s+|any\s+|relevant\s+|its\s+)*(?P<name>"
            + "|".join(re.escape(n) + "s?" for n in names) + r")\b", re.IGNORECASE) if names else None

    def get(self, name: str) -> Definition | None:
        return self.by_key.get(key(name))

    def at(self, pos: int) -> tuple[Definition, int] | None:
        """The defined name mentioned at ``pos`` (after articles), and where the mention ends."""
        if self._mention is None:
            return None
        m = self._mention.match(self.text.flat, pos)
        if not m:
            return None
        d = self.get(m["name"])
        return (d, m.end()) if d is not None else None

    def body(self, d: Definition) -> str:
        return self.text.flat[d.body_start:d.body_end]
