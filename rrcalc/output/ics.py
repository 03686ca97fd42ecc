"""iCalendar (RFC 5545) export of due dates: one all-day event per dated obligation.

Written by hand (no dependency): CRLF line ends, TEXT values escaped (RFC 5545 §3.3.11) and lines folded
at 75 octets (§3.1). The output is deterministic: UIDs derive from agreement, obligation and date, and
DTSTAMP from the as-of date, so the same facts always give the same bytes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from rrcalc.output.hygiene import ics_text


@dataclass
class CalendarEvent:
    uid: str
    day: date
    summary: str
    description: str


def _escape(text: str) -> str:
    return ics_text(text)  # RFC 5545 §3.3.11, control characters dropped (rrcalc.output.hygiene)


def _fold(line: str) -> list[str]:
    """Split a content line into chunks of at most 75 octets, never inside a UTF-8 character."""
    out: list[str] = []
    current, size, limit = "", 0, 75
    for ch in line:
        n = len(ch.encode("utf-8"))
        if size + n > limit:
            out.append(current)
            current, size, limit = " ", 1, 75  # continuation lines start with one space
        current += ch
        size += n
    out.append(current)
    return out


def calendar(events: Iterable[CalendarEvent], stamp: date, name: str) -> str:
    """The VCALENDAR text for ``events``."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//rrcalc//Registration Rights deadlines//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{_escape(name)}",
    ]
    for ev in events:
        lines += [
            "BEGIN:VEVENT",
            f"UID:{_escape(ev.uid)}",  # UID is TEXT too: an id with CRLF cannot start a VEVENT
            f"DTSTAMP:{stamp:%Y%m%d}T000000Z",
            f"DTSTART;VALUE=DATE:{ev.day:%Y%m%d}",
            f"DTEND;VALUE=DATE:{ev.day + timedelta(days=1):%Y%m%d}",
            f"SUMMARY:{_escape(ev.summary)}",
            f"DESCRIPTION:{_escape(ev.description)}",
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(chunk + "\r\n" for line in lines for chunk in _fold(line))
