"""Run-time choices: a field's value left to a reading (:class:`ReadingRef`), and the readings in force.

A field typed :data:`Choice` holds either its value or a reference to a reading (docs/conventions.md#readings);
which value it has is known only once the readings in force are (their defaults, or ``--reading``). These are the
functions that resolve them; :class:`rrcalc.model.agreement.Agreement` offers each as a method. They read the
agreement's readings and terms through the small protocols below, so this module needs nothing of the schema.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from rrcalc.model.schema import F, suggest


@dataclass
class ReadingRef:
    """A choice left to a reading: the value in force of reading ``reading``."""

    reading: str = F("The reading whose alternative in force decides")
    values: dict[str, str | None] | None = F(
        "The value each alternative of the reading gives the field (null: the field is unset); without it, the "
        "alternative's own name is the value", None)


Choice = ReadingRef | str


if TYPE_CHECKING:  # for the type checker only: a class made at run time would cost every start-up
    from typing import Protocol

    class ReadingLike(Protocol):
        """What resolving a choice reads of a reading (:class:`rrcalc.model.agreement.Reading`)."""

        @property
        def default(self) -> str: ...

        @property
        def alternatives(self) -> Mapping[str, str]: ...

        @property
        def sets(self) -> str | None: ...

    class TermLike(Protocol):
        """What resolving a choice reads of a term (:class:`rrcalc.model.agreement.Term`)."""

        @property
        def value(self) -> object: ...


def choose_optional(readings: Mapping[str, ReadingLike], choice: Choice | None,
                    in_force: Mapping[str, str]) -> str | None:
    """The value of a choice that may be unset (None), also by a reading's value: itself, or the value of the
    alternative in force of the reading it names."""
    if not isinstance(choice, ReadingRef):
        return choice
    alt = in_force.get(choice.reading, readings[choice.reading].default)
    return choice.values[alt] if choice.values is not None else alt


def choose(readings: Mapping[str, ReadingLike], choice: Choice, in_force: Mapping[str, str]) -> str:
    """The value of a choice that must have one."""
    value = choose_optional(readings, choice, in_force)
    assert value is not None  # the schema refuses null where a value is required
    return value


def readings_in_force(agreement_id: str, readings: Mapping[str, ReadingLike],
                      chosen: Mapping[str, str] | None = None) -> dict[str, str]:
    """Every reading with the alternative in force: its default, or as ``chosen`` (``--reading``)."""
    from rrcalc.errors import UsageError

    chosen = chosen or {}
    for key, value in chosen.items():
        if key not in readings:
            known = list(readings)
            raise UsageError(f"--reading {key}={value}: agreement {agreement_id} has no reading '{key}'"
                             f"{suggest(key, known)}; readings: {', '.join(known) or 'none'}")
        alts = list(readings[key].alternatives)
        if value not in alts:
            raise UsageError(f"--reading {key}={value}: '{value}' is not an alternative"
                             f"{suggest(value, alts)}; choose one of: {', '.join(alts)}")
    return {k: chosen.get(k, r.default) for k, r in readings.items()}


def calendar_name(readings: Mapping[str, ReadingLike], calendar: TermLike, in_force: Mapping[str, str]) -> str:
    """The business-day calendar in force: the agreement's ``calendar``, unless a reading that sets it says
    otherwise."""
    for key, reading in readings.items():
        if reading.sets == "calendar":
            return in_force.get(key, reading.default)
    return str(calendar.value)


def number(terms: Mapping[str, TermLike], term: str) -> Decimal:
    """A numeric term's value as an exact Decimal."""
    value = terms[term].value
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        raise TypeError(f"term {term} is not a number")
    return value if isinstance(value, Decimal) else Decimal(value)  # a Decimal is immutable: no copy per use
