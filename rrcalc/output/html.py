"""The HTML deal report: one self-contained page an analyst can mail to an investment committee.

Built from the library's results (:mod:`rrcalc.api`: deadlines, penalties with their suspension checks, the
readings compared) and rendered by a Jinja2 template (``templates/report.html.j2``) with autoescaping on, so
no text from an agreement or an events file can become markup. The page needs nothing from outside: the
CSS is inline, the timeline is inline SVG, there is no script, and the same facts give the same bytes.

    >>> from rrcalc import api
    >>> from rrcalc.output.html import deal_report
    >>> sc = api.scenario(api.Registry(), "agreements/examples/2003-late-filing.yaml")   # doctest: +SKIP
    >>> html = deal_report(api.compute(sc, REPORT))                                     # doctest: +SKIP
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rrcalc.engine.money import total
from rrcalc.model.agreement import Agreement
from rrcalc.model.facts import Facts
from rrcalc.output.chart import Lane, Mark, timeline_svg
from rrcalc.results import Need

if TYPE_CHECKING:
    from collections.abc import Sequence

    from rrcalc.results import AmountRow, DeadlineRow, Deal, PenaltyResult

#: What the report shows, so what the library computes for it (:func:`rrcalc.api.compute`).
REPORT = Need(deadlines=True, penalties=True, worth=True)
#: What a timeline (``--plot``) shows.
TIMELINE = Need(deadlines=True, penalties=True)

TEMPLATES = Path(__file__).resolve().parent / "templates"
STATUS_TONE = {"missed": "bad", "met": "good", "open": "pending", "unknown": "neutral", "not_applicable": "neutral"}


def money(value: Decimal | None) -> str:
    """$1,234.56 (a Decimal in cents), or an empty string."""
    if value is None:
        return ""
    return f"-${-value:,.2f}" if value < 0 else f"${value:,.2f}"


def long_date(value: date | None) -> str:
    return f"{value:%B} {value.day}, {value.year}" if value else ""


def deal_data(sc: Deal) -> dict[str, Any]:
    """Everything the report shows about one deal (computed with :data:`REPORT`), as the template's context."""
    from rrcalc.output.views import rate_shown

    agreement, facts, result = sc.agreement, sc.facts, sc.penalties
    deadlines = sc.deadlines
    investors = [{"name": i.name, "total": i.total, "interest": i.interest if agreement.late_interest else None,
                  "tracks": [{"id": t.track, "track": agreement.tracks[t.track], "subtotal": t.subtotal,
                              "rows": [(r, rate_shown(agreement, r.track, r.rate_pct)) for r in t.rows]}
                             for t in i.tracks]} for i in sc.investors]
    by_track = {tid: sc.by_track[tid] for tid in agreement.tracks if tid in sc.by_track}  # the agreement's order
    worth = sc.worth
    readings = [{"key": key, "reading": reading, "in_force": sc.in_force[key],
                 "alternatives": [w for w in worth if w.reading == key]}
                for key, reading in agreement.readings.items()]
    return {
        "agreement": agreement,
        "facts": facts,
        "deal": facts.body.deal,
        "events_file": sc.name if sc.name != "-" else None,
        "as_of": sc.as_of,
        "calendar": sc.calendar.name,
        "in_force": sc.in_force,
        "deadlines": deadlines,
        "result": result,
        "investors": investors,
        "by_track": by_track,
        "total": result.total,
        "readings": readings,
        "suspensions": result.suspensions,
        "timeline": timeline(agreement, facts, deadlines, result, sc.as_of),
    }


def timeline(agreement: Agreement, facts: Facts, deadlines: Sequence[DeadlineRow], result: PenaltyResult,
             as_of: date) -> str:
    """The deal on one picture: events, deadlines, blackouts, accrual periods and payment dates."""
    events = Lane("Events", [Mark(v, agreement.events[k].label if k in agreement.events else k, f"{k}: {v}")
                             for k, v in facts.events.items() if isinstance(v, date) and not isinstance(v, bool)])
    lanes = [events, Lane("Deadlines", [Mark(r.due, r.obligation.label, f"{r.obligation.label}: {r.due} ({r.status}; "
                                             f"§{r.obligation.reference.section})", tone=STATUS_TONE.get(r.status,
                                                                                                        "neutral"))
                                        for r in deadlines if r.due is not None])]
    if result.suspensions:
        lanes.append(Lane("Blackouts", [
            Mark(c.suspension.start, f"#{c.n} {'permitted' if c.permitted else 'not permitted'}",
                 f"suspension {c.n}: {c.suspension.start} to {c.suspension.end or 'open'}; "
                 + ("; ".join(c.reasons) or agreement.words.permitted_suspension),
                 last=c.suspension.end or as_of, tone="good" if c.permitted else "bad")
            for c in result.suspensions]))
    for occ in result.occurrences:
        label = agreement.tracks[occ.track_id].label
        marks = [Mark(p.start, f"{p.days}d" if len(occ.periods) < 8 else "",
                      f"{occ.track_id} #{occ.n} period {p.n}: {p.start} to {p.end}, {p.days} days ({p.status})",
                      last=p.end, tone="accrual" if p.status == "final" else "pending")
                 for p in occ.periods]
        lanes.append(Lane(_short(label, 32), marks))
    pays: dict[date, list[AmountRow]] = {}
    for r in result.rows:
        if r.payment_due is not None:
            pays.setdefault(r.payment_due, []).append(r)
    lanes.append(Lane("Payments due", [
        Mark(day, _money_short(total([r.amount for r in rows])),
             f"payable {day}: " + "; ".join(f"{r.investor} {money(r.amount)}" for r in rows), tone="pay")
        for day, rows in sorted(pays.items())]))
    days = [m.first for lane in lanes for m in lane.marks] + [m.last for lane in lanes for m in lane.marks if m.last]
    days.append(as_of)
    horizon = as_of + timedelta(days=120)  # far-off deadlines (a Registration Period's end) stay in the table
    for lane in lanes:
        lane.marks = [m for m in lane.marks if m.first <= horizon]
    days = [d for d in days if d <= horizon]
    first, last = min(days) - timedelta(days=7), max(days) + timedelta(days=7)
    return timeline_svg(lanes, first, last, as_of, f"Timeline of the deal under agreement {agreement.id}")


def _short(text: str, n: int = 22) -> str:
    return text if len(text) <= n else text[:n - 1] + "…"


def _money_short(value: Decimal) -> str:
    return f"${value / 1000:,.1f}k" if value >= 1000 else money(value)


def _shown(value: object) -> object:
    """Every value the template prints, before autoescaping: control characters and non-characters replaced
    (:func:`rrcalc.output.hygiene.shown_text`), in text and in the markup rrcalc built alike."""
    from markupsafe import Markup

    from rrcalc.output.hygiene import shown_text

    if isinstance(value, Markup):
        return Markup(shown_text(str(value)))
    if value is None or isinstance(value, int | Decimal | date):
        return value
    return shown_text(str(value))


def deal_report(sc: Deal) -> str:
    """The deal report of one deal (computed with :data:`REPORT`) as one HTML document (a string)."""
    from jinja2 import Environment, FileSystemLoader, StrictUndefined
    from markupsafe import Markup

    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True, undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True, finalize=_shown)
    env.filters["money"] = money
    env.filters["long_date"] = long_date
    data = deal_data(sc)
    data["timeline"] = Markup(data["timeline"])  # built by chart.timeline_svg, every text in it escaped
    return env.get_template("report.html.j2").render(**data, words=sc.agreement.words)
