"""Errors rrcalc reports to its users. None of them should ever surface as a traceback."""

from __future__ import annotations

import re
from dataclasses import dataclass


class RRCalcError(Exception):
    """Base class for every error rrcalc reports as a message."""

    exit_code = 2

    def __str__(self) -> str:
        return printable(short_quotes(super().__str__()))  # no control characters reach the terminal or a log


class CalendarRangeError(RRCalcError):
    """A date outside the years a business-day calendar knows (never "no holidays":
    docs/conventions.md#business-day-calendars)."""


@dataclass
class Location:
    """Where in an input file a problem is: file, 1-based line and column, and the field's path."""

    file: str
    line: int | None = None
    column: int | None = None
    field: str | None = None

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return where


class InputError(RRCalcError):
    """Bad input: one message naming file, line, column and field (exit code 2)."""

    def __init__(self, message: str, location: Location | None = None) -> None:
        self.message = message
        self.location = location
        super().__init__(str(self))

    def __str__(self) -> str:
        message = short_quotes(" ".join(self.message.split()))  # always one line, whatever a parser said
        if self.location is None:
            return printable(message)
        field = f" field '{self.location.field}':" if self.location.field else ""
        return printable(f"{self.location}:{field} {message}")  # file names and keys may hold ESC


class UsageError(RRCalcError):
    """A command-line option that does not make sense (exit code 2)."""


def printable(text: str) -> str:
    """``text`` with control characters (escape sequences, CR, LF, NUL...) shown as ``\\xNN`` escapes.

    Messages quote values from files and the command line; a value must never move the terminal's cursor,
    change its colours or start a new line in a log.
    """
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() or c == " " else repr(c)[1:-1] for c in text)


#: A message quotes at most this many characters of a value from a file or the command line.
EXCERPT_CHARS = 40
#: A value quoted in a message ('...', opened after a space, a parenthesis or the start) this long or longer is
#: surely not a short name: cut to an excerpt wherever the message was made.
_LONG_QUOTED = re.compile(r"(?:(?<=[\s(])|^)'([^']{200,})'(?=[\s;:,.)?]|$)")


def short_quotes(message: str) -> str:
    """``message`` with every quoted value of 200 characters or more cut to an :func:`excerpt`: the net under the
    excerpts each message makes itself, so that no message echoes a whole file or a 100 KB scalar."""
    if len(message) < 200:
        return message
    return _LONG_QUOTED.sub(lambda m: f"'{excerpt(m[1])}'", message)


def excerpt(text: str, limit: int = EXCERPT_CHARS) -> str:
    """``text`` as a message may quote it: control characters escaped (:func:`printable`), and cut to ``limit``
    characters with ``...`` when longer, so that a long value (a secret file's line, a 100 KB scalar) is never
    echoed whole."""
    shown = printable(text[: limit + 1])
    return shown if len(shown) <= limit else shown[: limit - 3] + "..."
