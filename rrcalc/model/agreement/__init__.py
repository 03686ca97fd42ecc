"""An agreement's encoded terms (``agreements/*.yaml``): the schema, its cross-field rules, its run-time choices.

- :mod:`.schema`: the dataclasses (terms, events, obligations, date rules, tracks, readings, notes, cases), the
  shape of the YAML file and of the JSON Schema;
- :mod:`.rules`: the cross-field rules, one table, and :mod:`.validation`, the one function that checks it as
  each object is built (the table is loaded the first time an object is checked, not on import);
- :mod:`.choices`: a field left to a reading, and the readings in force.

The bounds on what the engine can run are :mod:`rrcalc.model.bounds`'. Everything is imported from here.
"""

from __future__ import annotations

from rrcalc.model.agreement import validation
from rrcalc.model.agreement.choices import Choice, ReadingRef
from rrcalc.model.agreement.schema import (
    AGREEMENT_DATE,
    AMOUNTS,
    DAILY_AMOUNTS,
    DAY_COUNTS,
    Agreement,
    Case,
    DateRule,
    Election,
    EventDecl,
    Expect,
    ExpectedAmount,
    Extension,
    LateInterest,
    Note,
    Obligation,
    Party,
    Payment,
    PaymentCap,
    PermittedSuspensions,
    Precedence,
    RateStep,
    Reading,
    Reference,
    RollingTotal,
    SharePricing,
    StepUp,
    SuspensionKind,
    Term,
    TestCase,
    Track,
    Unit,
    Words,
)
from rrcalc.model.bounds import MAX_BY_UNIT, MAX_PERIOD_DAYS, MAX_RATE_PERCENT, MAX_RULE_NESTING


def _load_rules() -> None:
    """The rules table, loaded the first time an agreement's part is checked."""
    from rrcalc.model.agreement import rules  # noqa: F401 - registers its table


validation.load_with(_load_rules)

__all__ = [
    "AGREEMENT_DATE", "AMOUNTS", "DAILY_AMOUNTS", "DAY_COUNTS", "MAX_BY_UNIT", "MAX_PERIOD_DAYS", "MAX_RATE_PERCENT",
    "MAX_RULE_NESTING", "Agreement", "Case", "Choice", "DateRule", "Election", "EventDecl", "Expect", "ExpectedAmount",
    "Extension", "LateInterest", "Note", "Obligation", "Party", "Payment", "PaymentCap", "PermittedSuspensions",
    "Precedence", "RateStep", "Reading", "ReadingRef", "Reference", "RollingTotal", "SharePricing", "StepUp",
    "SuspensionKind", "Term", "TestCase", "Track", "Unit", "Words",
]
