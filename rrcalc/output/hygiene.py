"""Output hygiene: text from input files made safe for the place it is written (issue 10, "injection").

- CSV (:func:`csv_cell`): a cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return
  is what spreadsheets read as a formula (``=HYPERLINK(...)``); it gets a leading single quote, as OWASP's
  "CSV injection" advice recommends, so it shows as text. A plain decimal number such as ``-5.00`` or
  ``+3`` is data, not a formula, and is left as it is (a pipeline summing the column keeps working). The
  neutralisation is on by default; ``raw=True`` keeps every cell as it is, for pipelines that need that.
- Terminals and messages (:func:`printable`, which applies :func:`rrcalc.errors.printable`): control
  characters and other non-printable ones (C0, DEL, C1, the Unicode bidirectional overrides) are shown as
  escapes (``\\x1b``, ``\\u202e``) so a name cannot move the cursor, recolour the screen or reorder what
  is shown.
- iCalendar (:func:`ics_text`): control characters, which TEXT does not allow, dropped, and line breaks
  removed from one-line values (UID, X-WR-CALNAME), before the icalendar library escapes per RFC 5545
  §3.3.11: an id with CRLF cannot start a VEVENT of its own (nor crash the writer).
- XML/SVG (:func:`xml_text`): characters XML 1.0 forbids (C0 controls other than tab/LF/CR, U+FFFE,
  U+FFFF, lone surrogates) dropped, then ``& < > " '`` escaped: the SVG stays well-formed.
"""

from __future__ import annotations

import re

from rrcalc.errors import printable as _printable

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"^[-+]?(\d+(\.\d*)?|\.\d+)$")

_ICS_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f]")  # RFC 5545 CONTROL but LF (tab is allowed in TEXT)
_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def csv_cell(text: str, raw: bool = False) -> str:
    """``text`` as a CSV cell: formula-like text prefixed with a single quote unless ``raw``."""
    if raw or not text or not text.startswith(_FORMULA_START) or _PLAIN_NUMBER.match(text):
        return text
    return "'" + text


def printable(text: str, newlines: bool = True) -> str:
    """``text`` with control characters shown as escapes (:func:`rrcalc.errors.printable`, the one rule), line
    breaks kept unless ``newlines`` is False (a table cell may span lines; a message may not)."""
    if text.isprintable():
        return text
    if not newlines:
        return _printable(text)
    return "\n".join(_printable(part) for part in text.split("\n"))


def ics_text(text: str, newlines: bool = True) -> str:
    """Text for an iCalendar value (the icalendar library then escapes ``\\ ; ,`` and line breaks per RFC 5545
    §3.3.11): control characters, which TEXT does not allow, dropped; line breaks kept as one ``\\n`` or, for
    a one-line value (a UID, an X- property the library does not escape), made spaces."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not newlines:
        text = text.replace("\n", " ")
    return _ICS_CONTROL.sub("", text)


def xml_text(text: str) -> str:
    """``text`` for XML character data or a quoted attribute: forbidden characters dropped, markup escaped."""
    text = _XML_FORBIDDEN.sub("", text)
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;").replace("'", "&apos;"))
