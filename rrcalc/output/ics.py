"""iCalendar (RFC 5545) export of every due date: deadlines, payment dates, blackouts, the next window.

Written with the ``icalendar`` library, which does the RFC's escaping (§3.3.11), line folding at 75 octets
(§3.1), CRLF line ends and VALARM components, so none of that is hand-written here. The output is
deterministic and stable across re-computation:

- a UID names the deal and the thing that falls due (deal + agreement + obligation id; + investor, track,
  occurrence and period for a payment; + the suspension's number for a blackout), never the date, so a
  calendar that re-imports a recomputed file moves the event instead of duplicating it;
- DTSTAMP is the as-of date at midnight UTC, so the same facts always give the same bytes.

An optional reminder (``remind`` business days before, on the calendar in force) becomes a VALARM whose
trigger is the whole number of calendar days back to that business day.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rrcalc.model.agreement import Agreement
    from rrcalc.model.calendars import BusinessCalendar
    from rrcalc.results import NextSuspension, PenaltyResult, SuspensionCheck

PRODID = "-//rrcalc//Registration Rights deadlines//EN"


@dataclass
class CalendarEvent:
    uid: str
    day: date
    summary: str
    description: str
    last: date | None = None  # the last day of a multi-day event (inclusive); None: one day
    remind_days: int | None = None  # a reminder this many calendar days before the first day


def slug(text: str) -> str:
    """A UID-safe, lower-case token for a name ('acme-pipe' stays; 'Acme PIPE, Inc.' -> 'acme-pipe-inc-' and a short
    hash of the exact name, so that 'Fund, L.P.' and 'Fund L.P.' never share a UID)."""
    token = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "x"
    if token == text:
        return token
    import hashlib

    return f"{token}-{hashlib.sha256(text.encode('utf-8', 'surrogateescape')).hexdigest()[:8]}"


def deal_key(agreement_id: str, deal: str | None, events_file: str | None) -> str:
    """The deal part of every UID: its ``deal:`` name, else the events file's stem, then the agreement."""
    if deal:
        return f"{slug(deal)}.{slug(agreement_id)}"
    if events_file and events_file != "-":  # the file's stem, and a hash of the path as given (a/deal, b/deal)
        import hashlib

        stem = re.split(r"[\\/]", events_file)[-1].rsplit(".", 1)[0]
        token = re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-") or "x"
        digest = hashlib.sha256(events_file.encode("utf-8", "surrogateescape")).hexdigest()[:8]  # a name's own bytes
        return f"{token}-{digest}.{slug(agreement_id)}"
    return f"deal.{slug(agreement_id)}"


def titled(what: str, deal: str | None, agreement_id: str) -> str:
    """An event title: 'Required Filing Date — Acme PIPE', or '... (agreement 2003)' for an unnamed deal."""
    return f"{what} — {deal}" if deal else f"{what} (agreement {agreement_id})"


def remind_days(cal: BusinessCalendar, day: date, business_days: int | None) -> int | None:
    """Calendar days from the ``business_days``-th business day before ``day`` to ``day``."""
    if not business_days:
        return None
    return (day - cal.add(day, -business_days)).days


def calendar(events: Iterable[CalendarEvent], stamp: date, name: str) -> str:
    """The VCALENDAR text for ``events`` (CRLF line ends, folded, escaped)."""
    from icalendar import Alarm, Calendar, Event

    from rrcalc.output.hygiene import ics_text

    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", ics_text(name, newlines=False))  # the library leaves X- raw
    dtstamp = datetime(stamp.year, stamp.month, stamp.day, tzinfo=UTC)
    for ev in events:
        item = Event()
        item.add("uid", ics_text(ev.uid, newlines=False))
        item.add("dtstamp", dtstamp)
        item.add("dtstart", ev.day)
        item.add("dtend", (ev.last or ev.day) + timedelta(days=1))  # DTEND of an all-day event is exclusive
        item.add("summary", ics_text(ev.summary))
        item.add("description", ics_text(ev.description))
        item.add("transp", "TRANSPARENT")
        if ev.remind_days:
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", ics_text(f"Reminder: {ev.summary}"))
            alarm.add("trigger", timedelta(days=-ev.remind_days))
            item.add_component(alarm)
        cal.add_component(item)
    ical: bytes = cal.to_ical()
    return ical.decode("utf-8")


def _money(value: Decimal) -> str:
    return f"${value:,.2f}"


# -- what falls due, as events ----------------------------------------------------------------------------

def deadline_events(agreement: Agreement, rows: list[dict[str, Any]], as_of: date, deal: str | None,
                    events_file: str | None, cal: BusinessCalendar | None = None,
                    remind: int | None = None) -> list[CalendarEvent]:
    """One all-day event per dated obligation (``rows`` as :func:`rrcalc.output.views.deadlines_report` makes)."""
    key = deal_key(agreement.id, deal, events_file)
    out = []
    for row in rows:
        if row["due"] is None:
            continue
        out.append(CalendarEvent(
            uid=f"{key}.{row['obligation']}@rrcalc",
            day=row["due"],
            summary=titled(row["description"], deal, agreement.id),
            description=(f"{row['obligation']}: {row['basis']}. Status as of {as_of}: {row['status']}. "
                         f"§{row['clause']}: \"{row['quote']}\""
                         + (f" Note: {'; '.join(row['flags'])}." if row["flags"] else "")),
            remind_days=remind_days(cal, row["due"], remind) if cal is not None else None,
        ))
    return out


def payment_events(agreement: Agreement, result: PenaltyResult, as_of: date, deal: str | None,
                   events_file: str | None, cal: BusinessCalendar | None = None,
                   remind: int | None = None) -> list[CalendarEvent]:
    """One all-day event per Periodic Amount with a payment date: the amount, to whom, its working."""
    key = deal_key(agreement.id, deal, events_file)
    out = []
    for r in result.rows:
        if r.payment_due is None:
            continue
        t = agreement.tracks[r.track]
        accruing = r.period.status == "accruing"
        what = f"{agreement.words.amount} {_money(r.amount)} due to {r.investor}" + (" (accruing)" if accruing else "")
        out.append(CalendarEvent(
            uid=f"{key}.payment.{slug(r.investor)}.{r.track}.{r.occurrence}.{r.period.n}@rrcalc",
            day=r.payment_due,
            summary=titled(what, deal, agreement.id),
            description=(f"{t.label}, occurrence {r.occurrence}, period {r.period.n} "
                         f"({r.period.start} to {r.period.end}, {r.period.days} days): {r.rule}. "
                         f"Status as of {as_of}: {r.period.status}"
                         + ("; the amount grows until the cure" if accruing else "")
                         + f". §{t.reference.section}: \"{t.reference.quote}\""),
            remind_days=remind_days(cal, r.payment_due, remind) if cal is not None else None,
        ))
    return out


def suspension_events(agreement: Agreement, checks: list[SuspensionCheck], plan: NextSuspension | None,
                      as_of: date, deal: str | None, events_file: str | None, cal: BusinessCalendar | None = None,
                      remind: int | None = None) -> list[CalendarEvent]:
    """Each blackout as a multi-day event with its verdict, and the next permitted window (``plan``)."""
    key = deal_key(agreement.id, deal, events_file)
    out = []
    for c in checks:
        s = c.suspension
        verdict = "permitted" if c.permitted else "not permitted"
        last = s.end or as_of
        reasons = ("; ".join([*c.reasons, *(f"warning: {w}" for w in c.warnings)])
                   or agreement.words.permitted_suspension)
        out.append(CalendarEvent(
            uid=f"{key}.suspension.{c.n}@rrcalc",
            day=s.start,
            last=max(last, s.start),
            summary=titled(f"Blackout {c.n} ({verdict})", deal, agreement.id),
            description=(f"Suspension {c.n} ({s.kind}) from {s.start} to {s.end or f'still open on {as_of}'}: "
                         f"{c.business_days} business days; {verdict}: {reasons}"
                         + (f". {agreement.words.failure_date} {c.restricted_sale_date}"
                            if c.restricted_sale_date else "")),
        ))
    if plan is not None and plan.remaining != 0:  # none left: there is no permitted window to show
        rules = agreement.permitted_suspensions
        out.append(CalendarEvent(
            uid=f"{key}.next-suspension-window@rrcalc",
            day=plan.earliest_start,
            last=max(plan.latest_end, plan.earliest_start),
            summary=titled("Next permitted suspension window", deal, agreement.id),
            description=(f"With notice given on {as_of}, a new suspension may start on {plan.earliest_start} and "
                         f"last to {plan.latest_end} ({plan.max_business_days} business days): "
                         + "; ".join(plan.reasons)
                         + (f". §{rules.reference.section}: \"{rules.reference.quote}\""
                            if rules is not None and rules.reference is not None else "")),
            remind_days=remind_days(cal, plan.earliest_start, remind) if cal is not None else None,
        ))
    return out


def merge(calendars: list[str]) -> str:
    """Several VCALENDAR texts as one: the first's header, every VEVENT in order."""
    if len(calendars) == 1:
        return calendars[0]
    head, events = [], []
    for k, text in enumerate(calendars):
        body = text.split("BEGIN:VEVENT\r\n", 1)
        if k == 0:
            head.append(body[0])
        if len(body) > 1:
            events.append("BEGIN:VEVENT\r\n" + body[1].rsplit("END:VCALENDAR\r\n", 1)[0])
    return "".join(head + events) + "END:VCALENDAR\r\n"
