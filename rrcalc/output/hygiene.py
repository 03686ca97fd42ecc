"""Output hygiene: text from input files made safe for the place it is written (issue 10, "injection").

- CSV (:func:`csv_cell`): a cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return
  is what spreadsheets read as a formula (``=HYPERLINK(...)``); it gets a leading single quote, as OWASP's
  "CSV injection" advice recommends, so it shows as text. A plain decimal number such as ``-5.00`` or
  ``+3`` is data, not a formula, and is left as it is (a pipeline summing the column keeps working). The
  neutralisation is on by default; ``raw=True`` keeps every cell as it is, for pipelines that need that.
- Terminals and messages (:func:`printable`): control characters (C0 except tab and newline, DEL, C1) and
  the Unicode bidirectional overrides are shown as escapes (``\\x1b``, ``\\u202e``) so a name cannot
  move the cursor, recolour the screen or reorder what is shown.
- iCalendar (:func:`ics_text`): TEXT escaped per RFC 5545 §3.3.11 (backslash, semicolon, comma, newlines
  as ``\\n``), and control characters, which TEXT does not allow, dropped: an id with CRLF cannot start a
  VEVENT of its own.
- XML/SVG (:func:`xml_text`): characters XML 1.0 forbids (C0 controls other than tab/LF/CR, U+FFFE,
  U+FFFF, lone surrogates) dropped, then ``& < > " '`` escaped: the SVG stays well-formed.
"""

from __future__ import annotations

import re

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"^[-+]?(\d+(\.\d*)?|\.\d+)$")

# C0 controls except tab and newline, DEL, C1 controls, and the bidirectional embedding/override/isolate marks
_UNPRINTABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_UNPRINTABLE_INLINE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")

_ICS_CONTROL = re.compile("[\x00-\x08\x0a-\x1f\x7f]")  # RFC 5545 CONTROL (tab is allowed in TEXT)
_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def csv_cell(text: str, raw: bool = False) -> str:
    """``text`` as a CSV cell: formula-like text prefixed with a single quote unless ``raw``."""
    if raw or not text or not text.startswith(_FORMULA_START) or _PLAIN_NUMBER.match(text):
        return text
    return "'" + text


def _escape(match: re.Match[str]) -> str:
    ch = match.group()
    return f"\\x{ord(ch):02x}" if ord(ch) < 0x100 else f"\\u{ord(ch):04x}"


def printable(text: str, newlines: bool = True) -> str:
    """``text`` with control characters shown as escapes (newlines and tabs kept unless ``newlines`` is False)."""
    pattern = _UNPRINTABLE if newlines else _UNPRINTABLE_INLINE
    return pattern.sub(_escape, text) if pattern.search(text) else text


def ics_text(text: str) -> str:
    """An RFC 5545 TEXT value: escapes, line breaks as ``\\n``, other control characters dropped."""
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    text = text.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")
    return _ICS_CONTROL.sub("", text)


def xml_text(text: str) -> str:
    """``text`` for XML character data or a quoted attribute: forbidden characters dropped, markup escaped."""
    text = _XML_FORBIDDEN.sub("", text)
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;").replace("'", "&apos;"))
