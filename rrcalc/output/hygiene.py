"""Output hygiene: text from input files made safe for the place it is written (no injection).

One function per destination, applied by every renderer of that format:

- CSV (:func:`csv_cell`, every cell of every CSV, headers included): a carriage return, which spreadsheets and
  RFC 4180 readers take as the end of a record even outside quotes, becomes a line feed, so the csv writer
  quotes the cell and no text can start a row of its own (always, ``--csv-raw`` too). A cell that starts with
  ``=``, ``+``, ``-``, ``@``, a tab or a line break is what spreadsheets read as a formula
  (``=HYPERLINK(...)``); it gets a leading single quote, as OWASP's "CSV injection" advice recommends, so it
  shows as text. A plain decimal number such as ``-5.00`` or ``+3`` is data, not a formula, and is left as it
  is (a pipeline summing the column keeps working). The neutralisation is on by default; ``raw=True``
  (``--csv-raw``) keeps the formulas, for pipelines that need that.
- Terminals, tables and messages (:func:`printable`, :func:`table_text`, which apply
  :func:`rrcalc.errors.printable`): control characters and other non-printable ones (C0, DEL, C1, the Unicode
  bidirectional controls) are shown as escapes (``\\x1b``, ``\\u202e``) so a name cannot move the cursor,
  recolour the screen or reorder what is shown.
- iCalendar (:func:`ics_text`): control characters, which TEXT does not allow, dropped, and line breaks
  removed from one-line values (UID, X-WR-CALNAME), before the icalendar library escapes per RFC 5545
  §3.3.11: an id with CRLF cannot start a VEVENT of its own (nor crash the writer).
- XML/SVG/JUnit (:func:`xml_chars`, :func:`xml_text`): characters XML 1.0 forbids (C0 controls other than
  tab/LF/CR, U+FFFE, U+FFFF) and the C1 controls and DEL it discourages dropped, then (``xml_text``)
  ``& < > " '`` escaped: the file stays well-formed.
- HTML and spreadsheet cells (:func:`shown_text`): the same characters, and the other non-characters, replaced
  by U+FFFD (the replacement character), so two names that differ by a control character still differ.
- Sheet names (:func:`sheet_text`): only printable characters (a sheet name is written into the workbook's
  XML without escaping).
- A file name that is not UTF-8 reaches Python as lone surrogates (U+DC80..U+DCFF); every text output shows
  them as backslash escapes (``\\udcff``, :func:`unpaired`), as messages do, instead of failing to encode.
"""

from __future__ import annotations

import re

from rrcalc.errors import printable as _printable

_FORMULA_START = frozenset("=+-@\t\r\n")
_PLAIN_NUMBER = re.compile(r"^[-+]?(\d+(\.\d*)?|\.\d+)$")
_CARRIAGE_RETURN = re.compile("\r\n?")
_SURROGATE = re.compile("[\ud800-\udfff]")

_ICS_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f]")  # RFC 5545 CONTROL but LF (tab is allowed in TEXT)
_XML_DROPPED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
_NONCHARACTERS = "\ufdd0-\ufdef" + "".join(chr(plane << 16 | 0xfffe) + chr(plane << 16 | 0xffff) for plane in range(17))
_REPLACED = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f{_NONCHARACTERS}]")


def csv_cell(text: str, raw: bool = False) -> str:
    """``text`` as a CSV cell: carriage returns as line feeds (the writer then quotes the cell); formula-like text
    prefixed with a single quote unless ``raw``."""
    if "\r" in text:
        text = _CARRIAGE_RETURN.sub("\n", text)
    if raw or not text or text[0] not in _FORMULA_START or _PLAIN_NUMBER.match(text):
        return text
    return "'" + text


def csv_raw_cell(text: str) -> str:
    """``text`` as a ``--csv-raw`` cell: formulas kept, carriage returns still made line feeds."""
    return _CARRIAGE_RETURN.sub("\n", text) if "\r" in text else text


def unpaired(text: str) -> str:
    """``text`` with lone surrogates (how Python reads a file name that is not UTF-8) as backslash escapes, the
    form messages show them in (``\\udcff``); any other text unchanged."""
    if not _SURROGATE.search(text):
        return text
    return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def table_text(text: str) -> str:
    """One line of a table for people: every control character (line breaks too) shown as an escape."""
    return _printable(text)


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
    text = unpaired(text).replace("\r\n", "\n").replace("\r", "\n")
    if not newlines:
        text = text.replace("\n", " ")
    return _ICS_CONTROL.sub("", text)


def xml_chars(text: str) -> str:
    """``text`` for an XML writer that escapes markup itself (ElementTree): forbidden and discouraged characters
    dropped, lone surrogates escaped."""
    return _XML_DROPPED.sub("", unpaired(text))


def shown_text(text: str) -> str:
    """``text`` for an HTML page or a spreadsheet cell: carriage returns as line feeds, control characters and
    non-characters replaced by U+FFFD, lone surrogates escaped (markup is the template's or the writer's)."""
    if "\r" in text:
        text = _CARRIAGE_RETURN.sub("\n", text)
    return _REPLACED.sub("\ufffd", unpaired(text))


def sheet_text(text: str) -> str:
    """``text`` for a workbook's sheet name: printable characters only."""
    return text if text.isprintable() else "".join(c for c in text if c.isprintable())


def xml_text(text: str) -> str:
    """``text`` for XML character data or a quoted attribute: forbidden characters dropped, markup escaped."""
    text = xml_chars(text)
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;").replace("'", "&apos;"))
