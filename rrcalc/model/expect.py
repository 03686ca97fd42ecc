"""A deal repository's expected outcomes: a YAML file of cases kept next to its events files.

Like OpenFisca's YAML tests, each case names its inputs (an events file, or facts written inline) and the
figures worked out by hand; ``rrcalc check`` runs them with the same machinery as the agreements' embedded
cases (:func:`rrcalc.engine.cases.run_case`)::

    agreement: acme-2025         # optional when each events file names its agreement
    cases:
      - name: late filing and one overlong blackout
        events: acme.yaml        # relative to this file
        expect:
          total: 57500.00
          penalties:
            - {investor: White Investments, track: late_filing, period: 1, amount: 8333.33}
          deadlines: {required_filing_date: 2003-08-21}
"""

from __future__ import annotations

from dataclasses import dataclass

from rrcalc.model.agreement import Expect
from rrcalc.model.facts import FactsBody
from rrcalc.model.schema import F
from rrcalc.model.yamlsrc import Path_, Source


@dataclass
class DealCase:
    """One expected outcome of a deal: its facts (a file or inline), readings, and hand-worked figures."""

    name: str = F("What the case shows", min_len=1)
    events: str | None = F("The events file, relative to this file and inside its folder (or give facts inline)",
                           None)
    facts: FactsBody | None = F("The facts inline, in the events-file format", None)
    agreement: str | None = F("Agreement id, or path relative to this file (default: the file's, or the events "
                              "file's)", None, text="id")
    readings: dict[str, str] = F("Readings switched for this case", factory=dict)
    expect: Expect = F("The expected results", factory=Expect)
    working: str | None = F("The arithmetic from the clause that gives the expected figures", None)

    def check(self, src: Source, path: Path_) -> None:
        if (self.events is None) == (self.facts is None):
            raise src.error(path, f"case '{self.name}': give either 'events' (a file) or 'facts' (inline)")


@dataclass
class CaseFile:
    """A file of expected outcomes (top-level ``cases``)."""

    cases: list[DealCase] = F("The cases", min_len=1)
    agreement: str | None = F("Agreement id, or path relative to this file, for every case that does not name one",
                              None, text="id")
