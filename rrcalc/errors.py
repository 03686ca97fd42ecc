"""Errors rrcalc reports to its users. None of them should ever surface as a traceback."""

from __future__ import annotations

from dataclasses import dataclass


class RRCalcError(Exception):
    """Base class for every error rrcalc reports as a message."""

    exit_code = 2

    def __str__(self) -> str:
        return printable(super().__str__())  # no control characters reach the terminal or a log


class CalendarRangeError(RRCalcError):
    """A date outside the years a business-day calendar knows (SPEC §2: never "no holidays")."""


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
        message = " ".join(self.message.split())  # always one line, whatever a parser said
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
