"""The portfolio roll-up: many deals (events files, mixed agreements) in one payment calendar.

For each deal, every Periodic Amount with a payment date, what the deal's ``payments`` facts have settled
of it (each Investor's payments settle its amounts in the order they fall due:
:func:`rrcalc.engine.penalties.settle`, the same rule the late-interest computation uses), what is
outstanding and the interest on a late payment where the agreement provides it; then totals per deal
and per Investor. The same report renders as table, CSV (the payment calendar), JSON and XLSX.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rrcalc.engine.money import total
from rrcalc.output.render import Report, Section

if TYPE_CHECKING:
    from rrcalc.api import Registry, Scenario
    from rrcalc.model.agreement import Agreement

ZERO = Decimal("0.00")
CALENDAR_COLUMNS = ["payment_due", "deal", "agreement", "investor", "track", "occurrence", "period", "amount",
                    "paid", "outstanding", "interest", "status"]
MONEY = ["amount", "paid", "outstanding", "interest"]


@dataclass
class Deal:
    """One events file computed under its agreement (a :class:`rrcalc.api.Scenario` and its deal's name)."""

    name: str
    sc: Scenario

    @property
    def agreement(self) -> Agreement:
        return self.sc.agreement


def load_deals(paths: list[str | Path], agreement_ref: str | None = None,
               registry: Registry | None = None) -> list[Deal]:
    """Each events file with its Periodic Amounts, under the agreement it names (or ``agreement_ref``)."""
    from rrcalc import api

    registry = registry or api.Registry()
    out = []
    for path in paths:
        sc = api.scenario(registry, path, agreement_ref)
        out.append(Deal(sc.facts.body.deal or str(path), sc))
    return out


def payment_calendar(deals: list[Deal]) -> list[dict[str, Any]]:
    """Every amount due, by date: paid, outstanding and interest as of each deal's as-of date."""
    from rrcalc.engine.penalties import settle

    rows = []
    for deal in deals:
        sc = deal.sc
        for r, owed, paid_on in settle(sc.penalties.rows, sc.facts.body.payments):
            t = deal.agreement.tracks[r.track]
            due = r.payment_due
            assert due is not None  # settle() gives only rows with a payment date
            if owed == 0 and r.amount > 0:  # paid before its period began: from what an earlier payment left over
                assert paid_on is not None
                status = f"paid in advance {paid_on}" if paid_on < r.period.start else f"paid {paid_on}"
            elif owed < r.amount:
                status = "part paid"
            elif r.amount == 0:
                status = "nothing due"
            else:
                status = "overdue" if due < sc.as_of else "due"
            if r.period.status == "accruing":
                status += " (accruing)"
            rows.append({
                "payment_due": due, "deal": deal.name, "agreement": deal.agreement.id, "investor": r.investor,
                "track": r.track, "occurrence": r.occurrence, "period": r.period.n, "amount": r.amount,
                "paid": r.amount - owed, "outstanding": owed,
                "interest": r.interest if r.interest is not None else ZERO, "status": status,
                "as_of": sc.as_of, "rule": r.rule, "clause": t.reference.section, "quote": t.reference.quote,
            })
    rows.sort(key=lambda x: (x["payment_due"], x["deal"], x["investor"], x["track"], x["occurrence"], x["period"]))
    return rows


def credits(deals: list[Deal]) -> list[dict[str, Any]]:
    """What each deal's Investors were paid beyond every amount settled (:func:`rrcalc.engine.penalties.credits`):
    shown beside the calendar, never lost."""
    from rrcalc.engine.penalties import credits as owed_back

    return [{"deal": d.name, "investor": inv, "credit": credit} for d in deals if d.sc.facts.body.payments
            for inv, credit in owed_back(d.sc.penalties.rows, d.sc.facts.body.payments).items()]


def _totals(rows: list[dict[str, Any]], key: str) -> list[dict[str, Any]]:
    groups: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        groups.setdefault(row[key], []).append(row)
    return [{key: name, **{m: total([r[m] for r in items]) for m in MONEY}}
            for name, items in sorted(groups.items())]


def portfolio_report(deals: list[Deal]) -> Report:
    """The payment calendar, then the totals per deal and per Investor (each a partition of the whole)."""
    rows = payment_calendar(deals)
    by_deal = _totals(rows, "deal")
    agreements = {d.name: d.agreement.id for d in deals}
    for row in by_deal:
        row["agreement"] = agreements[row["deal"]]
    by_investor = _totals(rows, "investor")
    overall = {m: total([r[m] for r in rows]) for m in MONEY}
    notes = [f"{len(deals)} deal(s); {len(rows)} amount(s); owed {overall['amount']:,}, paid {overall['paid']:,}, "
             f"outstanding {overall['outstanding']:,}, interest {overall['interest']:,}"]
    owing = credits(deals)
    if owing:
        notes.append("paid beyond every amount settled, a credit of the Company: " + "; ".join(
            f"{c['deal']}, {c['investor']}: {c['credit']:,}" for c in owing))
    sections = [
        Section("Payment calendar", CALENDAR_COLUMNS, rows, notes, sums=MONEY),
        Section("By deal", ["deal", "agreement", *MONEY], by_deal, sums=MONEY),
        Section("By investor", ["investor", *MONEY], by_investor, sums=MONEY),
    ]
    payload = {"deals": [{"deal": d.name, "file": d.sc.name, "agreement": d.agreement.id, "as_of": d.sc.as_of,
                          "warnings": d.sc.penalties.warnings} for d in deals],
               "totals": overall, "by_deal": by_deal, "by_investor": by_investor, "calendar": rows,
               "credits": owing}
    return Report(sections[:1], payload, tables=lambda: sections, sheets=lambda: sections)
