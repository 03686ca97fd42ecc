"""Numbers as agreements write them: ``thirty (30)``, ``the thirtieth (30th)``, ``45th``, ``five``, ``one and
one-half (1 1/2%) percent``, ``two hundredths (.02)``, ``1.0%``, ``$10,000``.

:func:`quantities` finds every number in a flat text with its kind and exact value (a ``Decimal``); where words and
figures are both given (``thirty (30)``) the figures are the value and ``agrees`` says whether the words say the same.
:func:`unit_after` reads the unit that follows a number (``days``, ``business days``, ``Trading Days``, ``-day``,
``months``, ``years``, ``weeks``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

_UNITS = {"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
          "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
          "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
_ORD_UNITS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
              "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14,
              "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19}
_ORD_TENS = {"twentieth": 20, "thirtieth": 30, "fortieth": 40, "fiftieth": 50, "sixtieth": 60, "seventieth": 70,
             "eightieth": 80, "ninetieth": 90}
_ORD_BIG = {"hundredth": 100, "thousandth": 1000}
_BIG = {"hundred": 100, "thousand": 1000}

_CARD = "|".join(sorted([*_UNITS, *_TENS, *_BIG], key=len, reverse=True))
_ORDW = "|".join(sorted([*_ORD_UNITS, *_ORD_TENS, *_ORD_BIG], key=len, reverse=True))
#: A cardinal in words: "forty-five", "one hundred twenty", "one hundred and eighty".
WORDS = rf"(?:(?:{_CARD})(?:[\s-]+(?:and[\s-]+)?(?:{_CARD}))*)"
#: An ordinal in words: "thirtieth", "forty-fifth", "one hundred twentieth".
ORD_WORDS = rf"(?:(?:(?:{_CARD})[\s-]+(?:and[\s-]+)?)*(?:{_ORDW}))"

Kind = Literal["count", "ordinal", "percent", "usd"]


@dataclass(frozen=True)
class Quantity:
    """A number found in the text: its span in the flat text, kind and value."""

    start: int
    end: int
    kind: Kind
    value: Decimal
    agrees: bool = True  # words and figures, where both are written, say the same
    words: bool = False  # written in words only (no figures)


def words_value(text: str) -> int | None:
    """The value of a number written in words (cardinal or ordinal), or None."""
    total, current = 0, 0
    seen = False
    for word in re.split(r"[\s-]+", text.lower().strip()):
        if word in ("and", ""):
            continue
        if word in _UNITS:
            current += _UNITS[word]
        elif word in _TENS:
            current += _TENS[word]
        elif word in _ORD_UNITS:
            current += _ORD_UNITS[word]
        elif word in _ORD_TENS:
            current += _ORD_TENS[word]
        elif word in ("hundred", "hundredth"):
            current = max(current, 1) * 100
        elif word in ("thousand", "thousandth"):
            total += max(current, 1) * 1000
            current = 0
        else:
            return None
        seen = True
    return total + current if seen else None


def _fraction(text: str) -> Decimal | None:
    """``1 1/2``, ``1-1/2``, ``1/2``, ``1.5``, ``.02`` as a Decimal."""
    text = text.strip()
    m = re.fullmatch(r"(\d+)?[\s-]*(\d+)/(\d+)", text)
    if m:
        whole = Decimal(m[1] or 0)
        den = Decimal(m[3])
        if den == 0:
            return None
        return whole + Decimal(m[2]) / den
    m = re.fullmatch(r"\d*\.?\d+", text.replace(",", ""))
    if m:
        return Decimal(text.replace(",", ""))
    return None


_FRAC = r"(?:\d+[\s-]+\d+/\d+|\d+/\d+|\d+(?:\.\d+)?|\.\d+)"
_PATTERNS: list[tuple[Kind, re.Pattern[str]]] = [
    # one and one-half (1 1/2%) percent | one percent (1%) | ten percent (10%) | two (2%) percent | fifty (50%) percent
    ("percent", re.compile(
        rf"\b(?P<w>{WORDS}(?:[\s-]+and[\s-]+(?:one|a)[\s-]+(?:half|quarter))?)(?:\s+percent)?\s*"
        rf"\(\s*(?P<n>{_FRAC})\s*%\s*\)(?:\s*percent\b)?", re.IGNORECASE)),
    # two hundredths (.02)
    ("percent", re.compile(rf"\b(?P<w>{WORDS})\s+hundredths\s*\(\s*(?P<h>\d*\.\d+)\s*\)", re.IGNORECASE)),
    # 1.0% | 0.25% | 18 % | 1 1/2%
    ("percent", re.compile(rf"(?<![\w.$])(?P<n>{_FRAC})\s*%")),
    # 10 percent
    ("percent", re.compile(r"(?<![\w.$])(?P<n>\d+(?:\.\d+)?)\s+percent\b", re.IGNORECASE)),
    # $10,000 | $2,500.00 | $.05
    ("usd", re.compile(r"\$\s?(?P<n>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)(?![\d,]*\.\d)")),
    # the thirtieth (30th) | 30th | 1st
    ("ordinal", re.compile(rf"\b(?P<w>{ORD_WORDS})\s*\(\s*(?P<n>\d+)\s*(?:st|nd|rd|th)\s*\)", re.IGNORECASE)),
    ("ordinal", re.compile(r"(?<![\w.])(?P<n>\d+)\s*(?:st|nd|rd|th)\b", re.IGNORECASE)),
    ("ordinal", re.compile(rf"\b(?P<w>{ORD_WORDS})\b", re.IGNORECASE)),
    # thirty (30) | 30 | five
    ("count", re.compile(rf"\b(?P<w>{WORDS})\s*\(\s*(?P<n>\d{{1,3}}(?:,\d{{3}})*)\s*\)", re.IGNORECASE)),
    ("count", re.compile(r"(?<![\w.,$/-])(?P<n>\d{1,3}(?:,\d{3})+|\d+)(?![\w,]*\d)(?!\s*(?:%|percent\b))"
                         r"(?!\.\d)")),
    ("count", re.compile(rf"\b(?P<w>{WORDS})\b", re.IGNORECASE)),
]


def quantities(flat: str) -> list[Quantity]:
    """Every number in ``flat``, longest reading first where readings overlap, in text order."""
    found: list[Quantity] = []
    taken = bytearray(len(flat) + 1)
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(flat):
            if any(taken[m.start():m.end()]):
                continue
            q = _read(kind, m)
            if q is None:
                continue
            found.append(q)
            for i in range(m.start(), m.end()):
                taken[i] = 1
    return sorted(found, key=lambda q: q.start)


def _read(kind: Kind, m: re.Match[str]) -> Quantity | None:
    groups = m.groupdict()
    words = groups.get("w")
    figures = groups.get("n")
    hundredths = groups.get("h")
    value: Decimal | None
    if hundredths is not None:
        value = Decimal(hundredths) * 100
        said = words_value(words or "")
        return Quantity(m.start(), m.end(), "percent", value.normalize() if value == value.to_integral() else value,
                        said is not None and Decimal(said) == value)
    if figures is not None:
        value = _fraction(figures)
        if value is None:
            return None
        agrees = True
        if words:
            half = re.search(r"and[\s-]+(?:one|a)[\s-]+half", words, re.IGNORECASE)
            quarter = re.search(r"and[\s-]+(?:one|a)[\s-]+quarter", words, re.IGNORECASE)
            base = re.split(r"[\s-]+and[\s-]+(?:one|a)[\s-]+(?:half|quarter)", words, flags=re.IGNORECASE)[0]
            said = words_value(base)
            if said is None:
                agrees = False
            else:
                extra = Decimal("0.5") if half else Decimal("0.25") if quarter else Decimal(0)
                agrees = Decimal(said) + extra == value
        return Quantity(m.start(), m.end(), kind, value, agrees)
    if words:
        if words.lower() in ("and", "hundred", "thousand"):
            return None
        said = words_value(words)
        if said is None:
            return None
        return Quantity(m.start(), m.end(), kind, Decimal(said), True, words=True)
    return None


_UNIT = re.compile(
    r"\s*(?:-\s*|\s)?(?P<mod>(?:consecutive\s+)?(?:calendar|business|trading|banking)?\s*)"
    r"(?P<unit>days?|months?|years?|weeks?)\b(?P<poss>')?",
    re.IGNORECASE)

Unit = Literal["days", "business_days", "trading_days", "months", "years", "weeks"]


def unit_after(flat: str, pos: int) -> tuple[Unit, int] | None:
    """The unit of time that follows a number ending at ``pos``, and where it ends; None if none does."""
    m = _UNIT.match(flat, pos)
    if not m:
        return None
    mod = m["mod"].lower().split()
    unit = m["unit"].lower().rstrip("s")
    if unit == "day":
        if "business" in mod or "banking" in mod:
            return "business_days", m.end()
        if "trading" in mod:
            return "trading_days", m.end()
        return "days", m.end()
    return {"month": "months", "year": "years", "week": "weeks"}[unit], m.end()  # type: ignore[return-value]


def plain(value: Decimal) -> str:
    """A Decimal as plain digits, no exponent, no trailing zeros after the point (``1.5``, ``10000``, ``0.25``)."""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text or "0"
