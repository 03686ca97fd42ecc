"""An agreement's text as filed, read for drafting: one flat string, its sections, sentences and quotes.

The text is kept as the exhibit gives it; what drafting needs is a view of it:

- ``flat``: every line stripped and joined with single spaces, runs of spaces collapsed, page furniture (page
  numbers such as ``-4-``, ``<PAGE>``) left out; a quote is a slice of it;
- the sections, from the markers that open a line (``2.``, ``(a)``, ``a.``, ``(iii)``, ``(A)``, ``Section 2.1``) where
  the line before ends a sentence, a heading or a list item: ``section_at(pos)`` is the label a lawyer cites
  (``2(b)(iii)``); before the first numbered section, ``preamble``;
- ``quote(start, end)``: the words as a lawyer would quote them, whitespace collapsed, never across a page break
  (the quote must occur in the text), at most :data:`MAX_QUOTE` characters.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

#: A reference's quote may hold at most 400 characters (the schema's bound); drafts quote less.
MAX_QUOTE = 300

_PAGE_LINE = re.compile(r"^\s*(?:-\s*\d{1,3}\s*-|\d{1,3}|<PAGE>|Page \d{1,3}(?: of \d{1,3})?|\[?PAGE\]?)\s*$",
                        re.IGNORECASE)
_SPACES = re.compile(r"\s+")
_ROMAN = re.compile(r"^(?=[ivxl])(l?x{0,3})(ix|iv|v?i{0,3})$")

# markers that open a line
_NUMBER = re.compile(r"^(?:(?:Section|SECTION|§)\s*)?(\d{1,2}(?:\.\d{1,2})?)\.?\s+(?=\S)")
_PAREN = re.compile(r"^\(([a-z]{1,4}|[A-Z]|\d{1,2})\)\s*(?=\S)")
_LETTER_DOT = re.compile(r"^([a-z])\.\s+(?=\S)")
_ENDS = (".", ":", ";", "]", ")", "—")


def roman(token: str) -> int | None:
    """The value of a lower-case roman numeral up to 89, or None."""
    if not token or not _ROMAN.match(token):
        return None
    values = {"i": 1, "v": 5, "x": 10, "l": 50}
    total, prev = 0, 0
    for ch in reversed(token):
        v = values[ch]
        total = total - v if v < prev else total + v
        prev = max(prev, v)
    return total or None


def normalize(text: str) -> str:
    """``text`` with every run of whitespace one space, and straight quotes for curly ones."""
    text = text.replace("\u201c", '"').replace("\u201d", '"').replace("\u2018", "'").replace("\u2019", "'")
    return _SPACES.sub(" ", text).strip()


@dataclass
class _Levels:
    """The section counters while the lines are read: number, letter, roman, capital, digit."""

    number: str | None = None
    letter: str | None = None
    roman: int | None = None
    capital: str | None = None
    digit: int | None = None
    letter_text: str = ""
    roman_text: str = ""

    def label(self) -> str:
        if self.number is None:
            return "preamble"
        out = self.number
        for part in (self.letter_text, self.roman_text, self.capital, None if self.digit is None else str(self.digit)):
            if part:
                out += f"({part})"
        return out


@dataclass
class Text:
    """The flat text, its sections and page breaks (see the module docstring)."""

    raw: str
    flat: str = ""
    breaks: list[int] = field(default_factory=list)
    starts: list[int] = field(default_factory=list)  # flat offsets where a section starts
    labels: list[str] = field(default_factory=list)
    paragraphs: list[int] = field(default_factory=list)  # flat offsets where a paragraph (after a blank line) starts
    end: int = 0  # where the body ends: the signatures ("IN WITNESS WHEREOF") and exhibits follow
    ends: list[int] = field(default_factory=list)  # where each sentence ends (its period), found once

    @classmethod
    def read(cls, raw: str) -> Text:
        t = cls(raw)
        t._build()
        return t

    def _build(self) -> None:
        parts: list[str] = []
        size = 0
        levels = _Levels()
        previous = ""  # the previous line that is not page furniture nor blank
        blank = True
        self.starts, self.labels = [0], ["preamble"]
        for line in self.raw.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
            if _PAGE_LINE.match(line):
                self.breaks.append(size)
                continue
            stripped = normalize(line)
            if not stripped:
                blank = True
                continue
            opens = (not previous or previous.endswith(_ENDS) or previous.isupper() or previous in ("and", "or")
                     or previous.endswith(("; and", "; or")) or len(line) - len(line.lstrip()) >= 8)
            if opens and self._marker(stripped, levels):
                self.starts.append(size + (1 if parts else 0))
                self.labels.append(levels.label())
            if blank:
                self.paragraphs.append(size + (1 if parts else 0))
            blank = False
            if parts:
                parts.append(" ")
                size += 1
            parts.append(stripped)
            size += len(stripped)
            previous = stripped
        self.flat = "".join(parts)
        m = re.search(r"IN\s+WITNESS\s+WHEREOF", self.flat, re.IGNORECASE)
        self.end = m.start() if m else len(self.flat)

    @staticmethod
    def _marker(line: str, lv: _Levels) -> bool:
        """Whether ``line`` opens a section, updating the counters."""
        m = _NUMBER.match(line)
        if m and not line[m.end():m.end() + 1].isdigit():
            number = m[1]
            major = int(number.split(".")[0])
            current = int(lv.number.split(".")[0]) if lv.number else 0
            if major in (current, current + 1) and number != lv.number and (major > 0):
                if lv.number is None and major != 1:
                    return False
                lv.number, lv.letter, lv.letter_text, lv.roman, lv.roman_text = number, None, "", None, ""
                lv.capital, lv.digit = None, None
                return True
            return False
        if lv.number is None:
            return False
        m = _PAREN.match(line) or _LETTER_DOT.match(line)
        if not m:
            return False
        token = m[1]
        expected_letter = "a" if lv.letter is None else chr(ord(lv.letter) + 1)
        value = roman(token)
        if token.islower() and len(token) == 1 and token == expected_letter:
            lv.letter, lv.letter_text = token, token
            lv.roman, lv.roman_text, lv.capital, lv.digit = None, "", None, None
            return True
        if value is not None and value == (lv.roman or 0) + 1:
            lv.roman, lv.roman_text, lv.capital, lv.digit = value, token, None, None
            return True
        if token.isupper() and len(token) == 1 and ((lv.capital is None and token == "A")
                                                    or (lv.capital and token == chr(ord(lv.capital) + 1))):
            lv.capital, lv.digit = token, None
            return True
        if token.isdigit() and int(token) == (lv.digit or 0) + 1:
            lv.digit = int(token)
            return True
        return False

    # -- positions ----------------------------------------------------------------------------------------------

    def section_at(self, pos: int) -> str:
        """The section a position of ``flat`` falls under."""
        return self.labels[bisect_right(self.starts, pos) - 1]

    def section_span(self, pos: int) -> tuple[int, int]:
        """The span of ``flat`` of the section ``pos`` falls under (to the next section's start)."""
        i = bisect_right(self.starts, pos) - 1
        end = self.starts[i + 1] if i + 1 < len(self.starts) else len(self.flat)
        return self.starts[i], end

    def top_section(self, pos: int) -> str:
        """The top-level section number of ``pos`` (``2`` for ``2(b)(iii)``)."""
        label = self.section_at(pos)
        return label.split("(")[0]

    def sentence(self, pos: int) -> tuple[int, int]:
        """The span of the sentence around ``pos``."""
        if not self.ends:
            self.ends = [m.start() for m in _SENTENCE_END.finditer(self.flat)]
        i = bisect_left(self.ends, pos)  # the ends before pos are ends[:i] (an end is its period's position)
        start = self.ends[i - 1] + 1 if i else 0
        while start < len(self.flat) and self.flat[start] == " ":
            start += 1
        end = self.ends[i] + 1 if i < len(self.ends) else len(self.flat)
        lo, hi = self.section_span(pos)  # a heading or a new section ends a sentence too
        return max(start, lo), min(end, hi)

    def sentences(self, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
        """The sentences that start within ``start .. end``."""
        end = len(self.flat) if end is None else end
        out = []
        pos = start
        while pos < end:
            s, e = self.sentence(pos)
            s = max(s, pos)
            if e <= s:
                e = min(end, s + 1)
            out.append((s, e))
            pos = e + 1
        return out

    def quote(self, start: int, end: int, focus: int | None = None) -> str:
        """``flat[start:end]`` as a quote: within one page (the part around ``focus``), trimmed of punctuation that
        opens or closes it, at most :data:`MAX_QUOTE` characters around ``focus``."""
        focus = start if focus is None else focus
        for b in self.breaks:
            if start < b < end:
                if b <= focus:
                    start = b
                else:
                    end = b
        if end - start > MAX_QUOTE:
            lo = max(start, min(focus - MAX_QUOTE // 3, end - MAX_QUOTE))
            start, end = lo, lo + MAX_QUOTE
            while start > 0 and self.flat[start - 1] != " " and start < focus:
                start += 1
            while end < len(self.flat) and self.flat[end:end + 1] not in (" ", "") and end > focus:
                end -= 1
        flat = self.flat
        while 0 < start < focus and flat[start - 1].isalnum() and flat[start].isalnum():
            start += 1  # never from the middle of a word
        while focus < end < len(flat) and flat[end - 1].isalnum() and flat[end].isalnum():
            end -= 1
        text = flat[start:end].strip(" ,;:")
        if text.startswith("(") and ")" not in text:
            text = text[1:].strip()
        if text.endswith("(") or (text.count("(") > text.count(")") and text.endswith(")")):
            text = text.rstrip("( ")
        return text


#: A sentence ends at a period (or semicolon-free colon) followed by a space and a capital, an opening parenthesis or
#: a quote, except after the abbreviations agreements use.
_SENTENCE_END = re.compile(
    r"(?<!\bInc)(?<!\bCorp)(?<!\bCo)(?<!\bLtd)(?<!\bNo)(?<!\bEsq)(?<!\bU\.S)(?<!\bL\.P)(?<!\bL\.L\.C)(?<!\bMr)(?<!\bMs)"
    r"(?<!\bSt)(?<!\bSec)(?<!\bi\.e)(?<!\be\.g)(?<!\bvs)(?<!\b[A-Z])(?<!\bS-\d)(?<!\bp\.m)(?<!\ba\.m)"
    r"\.(?=\s+(?:[A-Z(\"\[]|\d+\.\s))")
