"""The portfolio roll-up: many deals (events files, mixed agreements) in one payment calendar.

For each deal, every Periodic Amount with a payment date, what the deal's ``payments`` facts have settled
of it (each Investor's payments settle its amounts in the order they fall due:
:func:`rrcalc.engine.penalties.settle`, the same rule the late-interest computation uses), what is
outstanding and the interest on a late payment where the agreement provides it; then totals per deal
and per Investor. The same report renders as table, CSV (the payment calendar), JSON and XLSX.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from rrcalc.engine.money import total
from rrcalc.output.render import Report, Section

if TYPE_CHECKING:
    from rrcalc.results import Portfolio

ZERO = Decimal("0.00")
CALENDAR_COLUMNS = ["payment_due", "deal", "agreement", "investor", "track", "occurrence", "period", "amount",
                    "paid", "outstanding", "interest", "status"]
MONEY = ["amount", "paid", "outstanding", "interest"]


def payment_calendar(portfolio: Portfolio) -> list[dict[str, Any]]:
    """Every amount due, by date (:func:`rrcalc.api.portfolio` settled them), as rows."""
    rows = []
    for p in portfolio.calendar:
        r = p.row
        deal = portfolio.deals[portfolio.names.index(p.deal)]
        t = deal.agreement.tracks[r.track]
        rows.append({
            "payment_due": p.payment_due, "deal": p.deal, "agreement": p.agreement, "investor": r.investor,
            "track": r.track, "occurrence": r.occurrence, "period": r.period.n, "amount": r.amount,
            "paid": p.paid, "outstanding": p.outstanding, "interest": p.interest, "status": p.status,
            "as_of": p.as_of, "rule": r.rule, "clause": t.reference.section, "quote": t.reference.quote,
        })
    return rows


def credits(portfolio: Portfolio) -> list[dict[str, Any]]:
    """What each deal's Investors were paid beyond every amount settled: shown beside the calendar, never lost."""
    return [{"deal": d, "investor": inv, "credit": credit} for d, inv, credit in portfolio.credits]


def _totals(rows: list[dict[str, Any]], key: str) -> list[dict[str, Any]]:
    groups: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        groups.setdefault(row[key], []).append(row)
    return [{key: name, **{m: total([r[m] for r in items]) for m in MONEY}}
            for name, items in sorted(groups.items())]


def portfolio_report(portfolio: Portfolio) -> Report:
    """The payment calendar, then the totals per deal and per Investor (each a partition of the whole)."""
    rows = payment_calendar(portfolio)
    deals = portfolio.deals
    by_deal = _totals(rows, "deal")
    agreements = {name: d.agreement.id for name, d in zip(portfolio.names, deals, strict=True)}
    for row in by_deal:
        row["agreement"] = agreements[row["deal"]]
    by_investor = _totals(rows, "investor")
    overall = {m: total([r[m] for r in rows]) for m in MONEY}
    notes = [f"{len(deals)} deal(s); {len(rows)} amount(s); owed {overall['amount']:,}, paid {overall['paid']:,}, "
             f"outstanding {overall['outstanding']:,}, interest {overall['interest']:,}"]
    owing = credits(portfolio)
    if owing:
        notes.append("paid beyond every amount settled, a credit of the Company: " + "; ".join(
            f"{c['deal']}, {c['investor']}: {c['credit']:,}" for c in owing))
    sections = [
        Section("Payment calendar", CALENDAR_COLUMNS, rows, notes, sums=MONEY),
        Section("By deal", ["deal", "agreement", *MONEY], by_deal, sums=MONEY),
        Section("By investor", ["investor", *MONEY], by_investor, sums=MONEY),
    ]
    payload = {"deals": [{"deal": name, "file": d.name, "agreement": d.agreement.id, "as_of": d.as_of,
                          "warnings": d.penalties.warnings} for name, d in zip(portfolio.names, deals, strict=True)],
               "totals": overall, "by_deal": by_deal, "by_investor": by_investor, "calendar": rows,
               "credits": owing}
    return Report(sections[:1], payload, tables=lambda: sections, sheets=lambda: sections)
