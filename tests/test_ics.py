"""The iCalendar export of every due date, parsed back with the icalendar library."""

from __future__ import annotations

from datetime import date, timedelta

import icalendar

from rrcalc import api
from rrcalc.output.ics import calendar, deal_key, payment_events, slug, suspension_events

from .conftest import AGREEMENTS

EXAMPLE = AGREEMENTS / "examples" / "2003-late-filing.yaml"
DEAL = "deal: Acme PIPE\n" + EXAMPLE.read_text(encoding="utf-8")
# UIDs: the deal's name (or events file), the agreement, what falls due; names keep a hash of their exact spelling
ACME = deal_key("2003", "Acme PIPE", None)
EXAMPLE_KEY = deal_key("2003", None, str(EXAMPLE))
SF, WHITE = slug("SF Capital Partners Ltd."), slug("White Investments")


def computed(path):
    sc = api.scenario(api.Registry(), path)
    return sc.agreement, sc.facts, sc.penalties()


def plan(path):
    return api.plan_next_suspension(api.scenario(api.Registry(), path)).plan


def parse(text: str) -> dict[str, icalendar.Event]:
    raw = text.encode("utf-8")
    assert raw.endswith(b"\r\n") and all(len(line) <= 75 for line in raw.split(b"\r\n"))  # RFC 5545 §3.1
    return {str(e["UID"]): e for e in icalendar.Calendar.from_ical(raw).walk("VEVENT")}


def test_each_payment_date_with_its_amount_and_a_reminder(write):
    path = write("acme.yaml", DEAL)
    a, facts, result = computed(path)
    cal = api.calendar_for(a, api.readings(a))
    events = parse(calendar(payment_events(a, result, facts.body.as_of, facts.body.deal, str(path), cal, 3),
                            facts.body.as_of, "x"))
    # 2(b)(iv)(1): the first amount is payable 30 days after the Required Filing Date 2003-08-21 = 2003-09-20;
    # the filing on 2003-09-15 comes before it, so the single late_filing amount is payable then.
    # SF: 1% × 2,000,000 × 25/30 = 16,666.67
    ev = events[f"{ACME}.payment.{SF}.late_filing.1.1@rrcalc"]
    assert ev.decoded("DTSTART") == date(2003, 9, 20)
    assert ev.decoded("DTEND") == date(2003, 9, 21)
    assert str(ev["SUMMARY"]) == "Periodic Amount $16,666.67 due to SF Capital Partners Ltd. — Acme PIPE"
    assert "§2(b)(ii), 2(b)(iii)" in str(ev["DESCRIPTION"])
    # 3 business days before Saturday 2003-09-20: Fri 19, Thu 18, Wed 17 -> 3 calendar days
    (alarm,) = ev.walk("VALARM")
    assert alarm.decoded("TRIGGER") == timedelta(days=-3)
    # restricted sale: RSD 2003-11-03 + 30 days = Wednesday 2003-12-03; 3 business days back: Tue 2, Mon 1,
    # Fri Nov 28 (Thanksgiving, Thursday 27, is skipped) -> 5 calendar days
    ev = events[f"{ACME}.payment.{WHITE}.restricted_sale.1.1@rrcalc"]
    assert ev.decoded("DTSTART") == date(2003, 12, 3)
    assert "$13,000.00" in str(ev["SUMMARY"])  # 1.5% × 1,000,000 × 26/30
    assert ev.walk("VALARM")[0].decoded("TRIGGER") == timedelta(days=-5)
    assert len(events) == 4  # two investors × two amounts


def test_uids_stay_when_the_dates_move(write):
    """Re-computation with a later filing moves the event; its UID stays, so a calendar updates it."""
    first = write("acme.yaml", DEAL)
    later = write("acme2.yaml", DEAL.replace("registration_filed: 2003-09-15", "registration_filed: 2003-10-01"))
    a, f1, r1 = computed(first)
    _, f2, r2 = computed(later)
    e1 = parse(calendar(payment_events(a, r1, f1.body.as_of, f1.body.deal, str(first)), f1.body.as_of, "x"))
    e2 = parse(calendar(payment_events(a, r2, f2.body.as_of, f2.body.deal, str(later)), f2.body.as_of, "x"))
    uid = f"{ACME}.payment.{WHITE}.late_filing.1.1@rrcalc"
    assert set(e1) <= set(e2)
    # filed 2003-10-01: the first Computation Date is 2003-09-20 (30 days), payable then (s1 = 2003-09-20)
    assert e1[uid].decoded("DTSTART") == e2[uid].decoded("DTSTART") == date(2003, 9, 20)
    # 25 days' amount (filed 09-15): 1% × 1,000,000 × 25/30 = 8,333.33; then a full period's (08-22 .. 09-20, 30
    # days, filed later): 1% × 1,000,000 = 10,000.00
    assert str(e1[uid]["SUMMARY"]) == "Periodic Amount $8,333.33 due to White Investments — Acme PIPE"
    assert str(e2[uid]["SUMMARY"]) == "Periodic Amount $10,000.00 due to White Investments — Acme PIPE"
    # DTSTAMP is the as-of date, not the clock
    assert e1[uid].decoded("DTSTAMP").date() == date(2004, 1, 31)


def test_blackouts_as_multi_day_events_and_the_next_window(write):
    # only the first (permitted) blackout: one of the two Permitted Suspension Periods is left
    second = "  - {start: 2003-11-03, end: 2003-11-28, notice: 2003-10-30, kind: potential_material_event}\n"
    assert second in DEAL
    text = DEAL.replace(second, "")
    path = write("acme.yaml", text)
    a, facts, result = computed(path)
    events = parse(calendar(suspension_events(a, result.suspensions, plan(path), facts.body.as_of, facts.body.deal,
                                              str(path)), facts.body.as_of, "x"))
    blackout = events[f"{ACME}.suspension.1@rrcalc"]
    assert blackout.decoded("DTSTART") == date(2003, 10, 14)
    assert blackout.decoded("DTEND") == date(2003, 10, 25)  # the last day, 10-24, included
    assert str(blackout["SUMMARY"]) == "Blackout 1 (permitted) — Acme PIPE"
    window = events[f"{ACME}.next-suspension-window@rrcalc"]
    # notice on Saturday 2004-01-31: two business days' notice, the notice day included (Mon Feb 2, Tue Feb 3)
    # -> start Wednesday 2004-02-04; 15 business days from it, Presidents' Day (Feb 16) skipped -> Feb 25
    assert window.decoded("DTSTART") == date(2004, 2, 4)
    assert window.decoded("DTEND") == date(2004, 2, 26)


def test_no_window_when_no_permitted_suspension_is_left():
    a, facts, result = computed(EXAMPLE)
    planned = plan(EXAMPLE)
    assert planned.remaining == 0  # 3(h): "up to two such suspension periods", both called
    events = parse(calendar(suspension_events(a, result.suspensions, planned, facts.body.as_of, None, str(EXAMPLE)),
                            facts.body.as_of, "x"))
    assert set(events) == {f"{EXAMPLE_KEY}.suspension.1@rrcalc", f"{EXAMPLE_KEY}.suspension.2@rrcalc"}
    bad = events[f"{EXAMPLE_KEY}.suspension.2@rrcalc"]
    assert "not permitted" in str(bad["SUMMARY"]) and "(agreement 2003)" in str(bad["SUMMARY"])
    assert "at most 15" in str(bad["DESCRIPTION"])


def test_text_is_escaped_by_the_library():
    from rrcalc.output.ics import CalendarEvent

    text = calendar([CalendarEvent("u@rrcalc", date(2003, 1, 2), "a, b; c \\ d", "line1\nline2")], date(2003, 1, 1),
                    "n")
    assert "SUMMARY:a\\, b\\; c \\\\ d\r\n" in text
    assert "DESCRIPTION:line1\\nline2\r\n" in text
    ev = next(iter(parse(text).values()))
    assert str(ev["SUMMARY"]) == "a, b; c \\ d"


def test_names_that_differ_only_in_punctuation_get_different_uids():
    assert slug("Fund, L.P.") != slug("Fund L.P.")
    assert deal_key("2003", None, "a/deal.yaml") != deal_key("2003", None, "b/deal.yaml")
    assert slug("acme-pipe") == "acme-pipe"  # a name that is already a token stays as it is
