"""An agreement's text as filed, and where each quote of an encoding lies in it.

``rrcalc check`` verifies every ``reference`` of an agreement against its text (docs/encoding.md, "Quotes checked
against the text"): the quote must occur in the text, and the cited section must be the one it falls under.

**Comparing a quote with the text.** Both are brought to one canonical form before they are compared:

- every run of whitespace (spaces, tabs, line breaks, page breaks, non-breaking spaces) is one space;
- a line holding only a page number (``12``, ``-3-``, ``Page 4``, ``<PAGE>``) is whitespace;
- dashes (``-``, the en and em dashes, the minus sign) are removed with the whitespace around them, so that a word
  hyphenated at a line end (``regis-`` / ``tration``) reads as the word, whichever way the quote writes it; a soft
  hyphen is removed;
- curly quotes and apostrophes are straight ones, and TeX-style ``````...''`` quotes are ``"``;
- letters are compared without regard to case (a defined term quoted with or without its capitals).

In a quote, ``...`` (or ``…``) marks an elision: the pieces it separates must each occur, in that order.

**Which section a quote falls under.** The text's numbered sections are found from its headings: a top-level
section is a line starting ``N.`` followed by a capital (``2. Registration.``, ``1.       DEFINITIONS.``), the
numbers following each other from 1; a subsection is a line starting ``(a)`` or ``a.`` inside it, the letters
following each other from ``a`` (an ``(i)`` followed by an ``(ii)`` is a numeral, not the letter). A cited section
such as ``2(b)(iii)(A)`` holds a quote when:

- the quote lies in top-level section 2 (``preamble``: before section 1);
- when section 2 has subsections and the quote lies in one of them, that subsection is (b); otherwise ``(b)`` is
  found as the deeper parts are;
- each deeper part, ``(iii)`` then ``(A)``, is written (as an enumeration, not inside a reference like
  ``Section 2(b)(iii)``) between the enclosing heading (or the previous part) and the end of the quote, and the part
  that would follow it (``(iv)``, ``(B)``) is not written between it and the quote.

A reference citing several sections (``2(a), 3(a)``) holds a quote each of whose pieces falls under one of them.
A text without numbered headings has its quotes checked, not its sections.
"""

from __future__ import annotations

import bisect
import os
import re
import stat
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rrcalc.errors import InputError, Location
from rrcalc.model.inputs import read_input

#: An agreement's text is at most this large (the bundled exhibits are 2 KB to 60 KB).
MAX_TEXT_BYTES = 5 * 1024 * 1024
#: A passage shown as a did-you-mean is cut to this many characters.
PASSAGE_CHARS = 300
#: A passage is offered as a did-you-mean when at least this near the quote (difflib's ratio, 0 to 1).
NEAR_ENOUGH = 0.6

_DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
_DOUBLE = "\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb"
_SINGLE = "\u2018\u2019\u201a\u201b\u2032"
_PAGE_LINE = re.compile(r"(?im)^[ \t\f]*(?:<page>[ \t]*\d*|-?[ \t]*(?:page[ \t]+)?\d{1,3}[ \t]*-?)[ \t\f\r]*$")
_ELISION = re.compile(r"\.\s?\.\s?\.|\u2026")
_TOP = re.compile(r"(?m)^[ \t]*(\d{1,3})\.[ \t]+(?=[A-Z\[])")
_SUB = re.compile(r"(?m)^[ \t]*(?:\(([a-z]{1,4})\)|([a-z]{1,4})\.)(?=\s)")
_LABEL = re.compile(r"(\d{1,3})((?:\([A-Za-z0-9]{1,6}\))*)")
_PART = re.compile(r"\(([A-Za-z0-9]{1,6})\)")
_ROMANS = ("i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii", "xiii", "xiv", "xv", "xvi",
           "xvii", "xviii", "xix", "xx")
#: Words after which ``(iii)`` names a part elsewhere rather than opening one (``this paragraph (iii)``).
_REFERRING = re.compile(r"(?i)(?:paragraphs?|subparagraphs?|clauses?|subclauses?|subsections?|sections?|items?)"
                        r"\s*$")
#: Spelled-out numbers, after which ``(30)`` repeats the number rather than opening a part (``thirty (30)``).
_NUMBER_WORD = re.compile(r"(?i)(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|teen|twenty|"
                          r"thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand)\s*$")
PREAMBLE = ("preamble", "recitals")


def canonical(text: str, offsets: list[int] | None = None) -> str:
    """``text`` in the canonical form quotes are compared in (the module's docstring); ``offsets``, when given,
    receives for each character of the result the index in ``text`` it came from."""
    out: list[str] = []
    n = len(text)
    i = 0
    pending_space = -1  # index of the whitespace run not yet written
    while i < n:
        c = text[i]
        if c.isspace():
            if pending_space < 0:
                pending_space = i
            i += 1
            continue
        if c in _DASHES or c == "\u00ad":
            j = i
            while j < n and (text[j] in _DASHES or text[j] == "\u00ad" or text[j].isspace()):
                j += 1
            if c == "\u00ad" or any(ch in _DASHES for ch in text[i:j]):
                pending_space = -1  # a dash joins what is around it
                i = j
                continue
        if pending_space >= 0:
            if out:
                out.append(" ")
                if offsets is not None:
                    offsets.append(pending_space)
            pending_space = -1
        if c in _DOUBLE or ((c == "`" or c == "'") and text.startswith(c * 2, i)):
            out.append('"')
            if offsets is not None:
                offsets.append(i)
            i += 1 if c in _DOUBLE else 2
            continue
        if c in _SINGLE:
            c = "'"
        low = c.lower()
        out.append(low)
        if offsets is not None:
            offsets.extend([i] * len(low))
        i += 1
    return "".join(out)


def pieces(quote: str) -> list[str]:
    """The canonical pieces of ``quote`` between its elisions (``...``), each stripped of the commas and spaces at
    its ends."""
    return [canonical(p).strip(" ,;") for p in written_pieces(quote)]


def written_pieces(quote: str) -> list[str]:
    """The pieces of ``quote`` between its elisions, as written."""
    return [p.strip(" ,;\t\n") for p in _ELISION.split(quote) if canonical(p).strip(" ,;")]


@dataclass(frozen=True)
class Heading:
    """A numbered heading of the text: top-level (``2.``) or a subsection of one (``(b)``, ``b.``)."""

    offset: int  # where its line's marker starts in the text
    top: str
    sub: str | None = None

    @property
    def label(self) -> str:
        return self.top + (f"({self.sub})" if self.sub else "")


def _next_letter(letter: str) -> str:
    return chr(ord(letter) + 1) if len(letter) == 1 and letter < "z" else ""


def _successors(part: str) -> tuple[str, ...]:
    """What would follow the enumeration part ``part``: ``iii`` -> ``iv``; ``b`` -> ``c``; ``A`` -> ``B``; ``1`` ->
    ``2`` (``i``, ``v`` and ``x`` may be letters or numerals: both)."""
    out: list[str] = []
    if part.isdigit():
        return (str(int(part) + 1),)
    for romans in (_ROMANS, tuple(r.upper() for r in _ROMANS)):
        if part in romans and romans.index(part) + 1 < len(romans):
            out.append(romans[romans.index(part) + 1])
    if len(part) == 1 and part.isalpha():
        nxt = chr(ord(part) + 1)
        if nxt.isalpha() and nxt.lower() <= "z":
            out.append(nxt)
    return tuple(out)


class AgreementText:
    """An agreement's text, its canonical form, and its numbered headings."""

    def __init__(self, text: str, name: str) -> None:
        self.name = name
        # page-number lines become spaces (same length: offsets into ``text`` stay valid)
        self.text = _PAGE_LINE.sub(lambda m: " " * len(m[0]), text)
        self._offsets: list[int] = []
        self.canon = canonical(self.text, self._offsets)
        self.headings = self._index()
        self._starts = [h.offset for h in self.headings]
        self._words: list[tuple[int, int, str]] | None = None

    # -- the section index ------------------------------------------------------------------------------------

    def _index(self) -> list[Heading]:
        tops: list[tuple[int, str]] = []
        for m in _TOP.finditer(self.text):
            if int(m[1]) == len(tops) + 1:
                tops.append((m.start(1), m[1]))
        headings: list[Heading] = []
        for k, (start, number) in enumerate(tops):
            end = tops[k + 1][0] if k + 1 < len(tops) else len(self.text)
            headings.append(Heading(start, number))
            subs = [(m.start(), m[1] or m[2]) for m in _SUB.finditer(self.text, start, end)]
            expected = "a"
            for j, (at, letter) in enumerate(subs):
                if letter != expected:
                    continue
                following = subs[j + 1][1] if j + 1 < len(subs) else None
                if letter in _ROMANS and following is not None and _ROMANS.index(letter) + 1 < len(_ROMANS) \
                        and following == _ROMANS[_ROMANS.index(letter) + 1]:
                    continue  # "(i)" then "(ii)": numerals of the subsection above, not the letter i
                headings.append(Heading(at, number, letter))
                expected = _next_letter(letter)
        return headings

    def heading_at(self, offset: int) -> Heading | None:
        """The innermost heading whose part of the text holds ``offset`` (None: before the first)."""
        k = bisect.bisect_right(self._starts, offset) - 1
        return self.headings[k] if k >= 0 else None

    def section_at(self, offset: int) -> str:
        """The section label of ``offset``: ``2(b)``, ``3``, or ``preamble``."""
        h = self.heading_at(offset)
        return h.label if h is not None else "preamble"

    def _top_heading(self, offset: int) -> Heading | None:
        k = bisect.bisect_right(self._starts, offset) - 1
        while k >= 0 and self.headings[k].sub is not None:
            k -= 1
        return self.headings[k] if k >= 0 else None

    def _has_subsections(self, top: Heading) -> bool:
        k = self.headings.index(top) + 1
        return k < len(self.headings) and self.headings[k].top == top.top and self.headings[k].sub is not None

    def _marker(self, part: str, start: int, end: int) -> int | None:
        """Where ``(part)`` is first written as an enumeration in ``text[start:end]`` (its end), or None: not glued to
        a word (``Section 2(b)``, also through other parts: ``2(b)(iii)``), nor after ``paragraph``, ``clause`` and
        the like, nor a number repeated in figures (``thirty (30)``)."""
        for m in re.finditer(re.escape(f"({part})"), self.text[start:end]):
            at = start + m.start()
            head = at
            while head > 0 and self.text[head - 1] == ")":  # "(i)(A)": look before the parts it follows
                opening = self.text.rfind("(", max(0, head - 8), head - 1)
                if opening < 0 or not re.fullmatch(r"\([A-Za-z0-9]{1,6}\)", self.text[opening:head]):
                    break
                head = opening
            before = self.text[max(0, head - 30):head]
            if before and (before[-1].isalnum() or before[-1] == ")"):
                continue
            if _REFERRING.search(before) or (part.isdigit() and _NUMBER_WORD.search(before)):
                continue
            return at + len(m[0])
        return None

    @staticmethod
    def _label(section: str) -> tuple[str, list[str]] | None:
        """One cited label as (top-level number, deeper parts); ``("", [])`` for the preamble; None: not a label of
        numbered sections (``Schedule A``)."""
        label = re.sub(r"(?i)^(?:\u00a7+|sections?)\s*", "", section.strip()).strip()
        if label.lower() in PREAMBLE:
            return "", []
        m = _LABEL.fullmatch(label)
        return None if m is None else (m[1], _PART.findall(m[2]))

    def placeable(self, section: str) -> bool:
        """Whether ``section`` is a label rrcalc can look for in a text: ``N``, ``N(a)(i)...`` or ``preamble``."""
        return self._label(section) is not None

    def _headed(self, label: tuple[str, list[str]], start: int) -> tuple[int, list[str]] | None:
        """Whether the headings put ``start`` under ``label``: the top-level section, and the subsection when the
        quote lies in one; then where the deeper parts are looked for from, and those parts. None: it does not."""
        top_number, parts = label
        if not top_number:  # the preamble
            return (0, []) if start < self.headings[0].offset else None
        top = self._top_heading(start)
        if top is None or top.top != top_number:
            return None
        inner = self.heading_at(start)
        if parts and inner is not None and inner.sub is not None and inner.top == top.top:
            return (inner.offset, parts[1:]) if parts[0] == inner.sub else None
        if parts and self._has_subsections(top) and parts[0].isalpha() and parts[0].islower() and \
                parts[0] not in _ROMANS:  # a lettered subsection cited where the quote lies before the first one
            return None
        return top.offset, parts

    def _deeper(self, anchor: int, parts: list[str], start: int, end: int) -> bool:
        """Whether each part is written, in order, from ``anchor`` to ``end``, and the part after it is not written
        between it and ``start``."""
        for part in parts:
            found = self._marker(part, anchor, end)
            if found is None:
                return False
            if any(self._marker(nxt, found, start) is not None for nxt in _successors(part)):
                return False
            anchor = found
        return True

    def held(self, section: str, spans: list[tuple[int, int]]) -> list[bool]:
        """For each piece of a placed quote (its spans in ``text``, in order), whether one of the labels ``section``
        cites holds it (the rules in the module's docstring). The deeper parts of a label are looked for across all
        the pieces its headings hold: an enumeration's lead-in and its items, quoted with an elision, fall under the
        item."""
        out = [False] * len(spans)
        for text_label in cited(section):
            label = self._label(text_label)
            if label is None:
                continue
            headed = [(k, self._headed(label, a)) for k, (a, _) in enumerate(spans)]
            mine = [(k, h) for k, h in headed if h is not None]
            if not mine:
                continue
            first, (anchor, parts) = mine[0]
            if self._deeper(anchor, parts, spans[first][0], spans[mine[-1][0]][1]):
                for k, _ in mine:
                    out[k] = True
        return out

    # -- finding quotes ---------------------------------------------------------------------------------------

    def _span(self, cstart: int, cend: int) -> tuple[int, int]:
        """The part of ``text`` the canonical characters ``cstart:cend`` came from."""
        return self._offsets[cstart], self._offsets[cend - 1] + 1

    def occurrences(self, piece: str, after: int = 0) -> Iterator[int]:
        """Canonical offsets at which ``piece`` occurs, from ``after`` on."""
        at = self.canon.find(piece, after)
        while at >= 0:
            yield at
            at = self.canon.find(piece, at + 1)

    def find(self, quote: str) -> tuple[list[list[tuple[int, int]]], int | None]:
        """Every placing of ``quote`` in the text (at most 50): for each, the spans (in ``text``) of its pieces, in
        order; and when there is none, the index of the first piece that is nowhere after the pieces before it."""
        parts = pieces(quote)
        placings: list[list[tuple[int, int]]] = []
        for first in self.occurrences(parts[0] if parts else "\0"):
            spans = [(first, first + len(parts[0]))]
            for piece in parts[1:]:
                at = self.canon.find(piece, spans[-1][1])
                if at < 0:
                    break
                spans.append((at, at + len(piece)))
            if len(spans) == len(parts):
                placings.append([self._span(a, b) for a, b in spans])
                if len(placings) >= 50:
                    break
        if placings or not parts:
            return placings, None if placings else 0
        end = 0
        for k, piece in enumerate(parts):
            at = self.canon.find(piece, end)
            if at < 0:
                return [], k
            end = at + len(piece)
        return [], 0  # pragma: no cover - every piece followed the one before: a placing

    # -- did you mean -----------------------------------------------------------------------------------------

    def nearest(self, piece: str) -> tuple[str, str, float] | None:
        """The passage of the text nearest to the canonical ``piece``, its section, and how near it is (0 to 1,
        :meth:`difflib.SequenceMatcher.ratio`): a window of as many words, chosen by the words it shares with
        ``piece``, then by the ratio among the best."""
        if self._words is None:
            self._words = [(m.start(), m.end(), m[0]) for m in re.finditer(r"\w+", self.canon)]
        words = self._words
        want = Counter(re.findall(r"\w+", piece))
        n = sum(want.values())
        if not words or n == 0:
            return None
        n = min(n, len(words))
        have: Counter[str] = Counter()
        overlap = 0
        scores: list[tuple[int, int]] = []
        for k, (_, _, w) in enumerate(words):
            if have[w] < want[w]:
                overlap += 1
            have[w] += 1
            if k >= n:
                old = words[k - n][2]
                have[old] -= 1
                if have[old] < want[old]:
                    overlap -= 1
            if k >= n - 1:
                scores.append((overlap, k - n + 1))
        best = max(s for s, _ in scores)
        candidates = [k for s, k in scores if s >= best - 1][:200]
        import difflib

        matcher = difflib.SequenceMatcher(autojunk=False)
        matcher.set_seq2(piece)
        chosen, ratio = (candidates[0], n), -1.0
        for k in candidates:
            for first, size in ((k, n), (k - 1, n + 1), (k, n + 1), (k - 1, n + 2), (k + 1, n - 1), (k, n - 1)):
                if first < 0 or size < 1 or first + size > len(words):
                    continue
                matcher.set_seq1(self.canon[words[first][0]:words[first + size - 1][1]])
                r = matcher.ratio()
                if r > ratio:
                    chosen, ratio = (first, size), r
        first, size = chosen
        start, end = self._span(words[first][0], words[first + size - 1][1])
        while start > 0 and self.text[start - 1] in "$\"'([\u201c\u2018":  # the punctuation around the words
            start -= 1
        while end < len(self.text) and self.text[end] in "\"')]%.,;:\u201d\u2019":
            end += 1
        passage = " ".join(self.text[start:end].split())
        if len(passage) > PASSAGE_CHARS:
            passage = passage[: PASSAGE_CHARS - 3] + "..."
        return passage, self.section_at(start), ratio


# -- reading a text -------------------------------------------------------------------------------------------


def _refuse(name: str, why: str) -> InputError:
    return InputError(why, Location(name))


def read_text(path: str | Path, *, within: Path | None = None) -> AgreementText:
    """Read an agreement's text: plain UTF-8 text, at most :data:`MAX_TEXT_BYTES`. An empty or binary file, a PDF,
    an HTML page or a text in another encoding is one InputError naming the file (save the exhibit as plain UTF-8
    text). ``within``: the folder the file must lie in (a ``source`` named by an agreement)."""
    name = str(path)
    try:
        st = os.stat(name)
    except OSError:
        st = None
    if st is not None and stat.S_ISREG(st.st_mode) and st.st_size > MAX_TEXT_BYTES:
        raise _refuse(name, f"is {st.st_size:,} bytes; an agreement's text may be at most "
                            f"{MAX_TEXT_BYTES // (1024 * 1024)} MiB")
    raw = read_input(path, "an agreement's text", within=within, regular=within is not None)
    if len(raw) > MAX_TEXT_BYTES:
        raise _refuse(name, f"more than {MAX_TEXT_BYTES // (1024 * 1024)} MiB; an agreement's text may be at most "
                            f"{MAX_TEXT_BYTES // (1024 * 1024)} MiB")
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    if not raw.strip():
        raise _refuse(name, "is empty; give the agreement's text")
    if raw.startswith(b"%PDF"):
        raise _refuse(name, "is a PDF, not plain text; save the exhibit as text (UTF-8)")
    if b"\0" in raw[:65536]:
        raise _refuse(name, "is a binary file, not plain text; give the agreement's text (UTF-8)")
    head = raw[:4096].lower()
    if re.search(rb"<(?:!doctype\s+html|html|body|p|div|table|font)[\s>]", head):
        raise _refuse(name, "is HTML, not plain text; save the exhibit as text (UTF-8)")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError(f"not UTF-8 text (byte 0x{raw[exc.start]:02x}); save the text as UTF-8",
                         Location(name, line)) from None
    return AgreementText(text, Path(name).name)


# -- an agreement's references --------------------------------------------------------------------------------


def references(data: Any, path: tuple[str | int, ...] = ()) -> Iterator[tuple[tuple[str | int, ...], str, str]]:
    """Every ``reference`` of an agreement's YAML data (its mappings with a ``section`` and a ``quote``): the path to
    it, the section and the quote, in the order the file writes them."""
    stack: list[tuple[tuple[str | int, ...], Any]] = [(path, data)]
    while stack:
        where, node = stack.pop()
        if isinstance(node, dict):
            section, quote = node.get("section"), node.get("quote")
            if where and where[-1] == "reference" and isinstance(section, str) and isinstance(quote, str):
                yield where, section, quote
            stack.extend((( *where, k), v) for k, v in reversed(list(node.items())))
        elif isinstance(node, list):
            stack.extend(((*where, i), v) for i, v in reversed(list(enumerate(node))))


def cited(section: str) -> list[str]:
    """The section labels one reference cites: ``2(a), 3(a) and 5(b)`` -> three."""
    return [s.strip() for s in re.split(r",|;|\band\b", section) if s.strip()]


@dataclass(frozen=True)
class Verdict:
    """What the text says of one reference that is not simply verified."""

    fault: str  # "quote", "section", or "" (the quote is in the text; its section could not be placed in it)
    message: str


def _shown(text: str, limit: int = 120) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def verify(text: AgreementText, section: str, quote: str) -> Verdict | None:
    """None when the quote of a reference is in the text, under the section it cites; else what is wrong (the field
    at fault and a message), or that its section could not be placed (a label like ``Schedule A``, or a text
    without numbered headings: the quote is verified, the section is not)."""
    placings, missing = text.find(quote)
    if missing is not None:
        parts = written_pieces(quote)
        if len(parts) <= 1:
            message = f"the quote is not in the text {text.name}"
        else:
            message = f"'{_shown(parts[missing], 80)}' (after the pieces before it) is not in the text {text.name}"
        near = text.nearest(pieces(quote)[missing]) if parts else None
        if near is not None and near[2] >= NEAR_ENOUGH:
            message += f"; did you mean \u00a7{near[1]}: \"{near[0]}\""
        else:
            message += "; nothing in it is near (is it this agreement's text?)"
        return Verdict("quote", message)
    unplaced = [s for s in cited(section) if not text.placeable(s)]
    if unplaced or not cited(section) or not text.headings:
        label = _shown(unplaced[0] if unplaced else section, 40)
        return Verdict("", "the text has no numbered headings" if not text.headings else
                       f"'{label}' is not a section rrcalc places (N, N(a)(i)..., preamble)")
    for spans in placings:
        if all(text.held(section, spans)):
            return None
    spans = placings[0]
    a, b = spans[text.held(section, spans).index(False)]
    return Verdict("section", f"the quote is in \u00a7{text.section_at(a)} of the text {text.name}, not under "
                              f"\u00a7{section}: \"{_shown(text.text[a:b])}\"")
