"""Liquidated damages: each clause's amount (a percentage per N-day period, per Computation Date or per monthly
anniversary, dollars per period, per day or per Business Day, per week per $1,000, a rate per annum), its
proration, step-ups, the cap, when each amount is payable, interest on late payments, and the failures that do not
pay together.

:func:`read` (before the deadlines) writes a term for every number of these clauses, with its quote, and claims the
words so that no deadline is read from them (``three Business Days after the date on which it accrues`` is a
payment date, not a deadline). :func:`assemble` (after the deadlines) pairs each amount with the failures it pays
for (``is not filed on or before the Filing Deadline``, ``a deadline in Section 2 or 3 is missed``) and writes a
track where every part is in the text: the trigger and its cure, the amount and its periods, the payment date. A
part the text leaves open is not chosen: the track is left to review, with what is missing, or written with the
schema's default and a review item that says so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from rrcalc.draft.build import Data, Draft, ref, slug
from rrcalc.draft.deadlines import Deadlines, statement_key
from rrcalc.draft.definitions import Definitions
from rrcalc.draft.numbers import Quantity, plain, unit_after, words_value

_ILLUSTRATION = re.compile(r"^\(?\s*(?:For\s+example|By\s+way\s+of\s+(?:illustration|example)|For\s+illustration)",
                           re.IGNORECASE)
_ZONE = re.compile(r"liquidated\s+damages|Periodic\s+Amount|Additional\s+Interest|\bshall\s+pay\b|\bwill\s+make\s+"
                   r"payments\b|\bpay\s+(?:to\s+)?(?:each|the)\s+(?:Investor|Holder|Purchaser)|an\s+amount\s+(?:in\s+"
                   r"cash\s+)?equal\s+to|Delay\s+Payments?|\bpayments?\b|\binterest\b|\bpayable\b|\bamounts?\b|\bdue\b",
                   re.IGNORECASE)
_LATE = re.compile(r"not\s+(?:made|paid)\s+when\s+due|late\s+payments?|overdue|until\s+(?:[\w,]+\s+){0,8}?paid|"
                   r"fails?\s+to\s+pay\b|interest\s+thereon", re.IGNORECASE)
_CAP = re.compile(r"shall\s+not\s+exceed|(?:may|will)\s+not\s+exceed|in\s+no\s+event[^.;]{0,120}?exceed|not\s+to\s+"
                  r"exceed|capped\s+at|maximum\s+aggregate", re.IGNORECASE)
_PER_N_DAYS = re.compile(r"(?:for\s+)?(?:each|every|any)\s+(?P<n>[\w-]+(?:\s*\(\d+\))?)[\s-]*(?:calendar\s+)?day\s+p"
                         r"eriod"
                         r"(?P<portion>\s*\(?or\s+(?:any\s+)?portion\s+thereof\)?)?", re.IGNORECASE)
_PER_WEEK = re.compile(r"(?:for\s+)?(?:each|every|per)\s+week(?P<portion>\s+or\s+portion\s+thereof)?", re.IGNORECASE)
_PER_CD = re.compile(r"\b(?:each|per|to\s+each|for\s+each|for\s+the\s+[\w ,]+?)\s+Computation\s+Dates?", re.IGNORECASE)
_MONTHLY = re.compile(r"monthly\s+anniversary|\beach\s+month\b|\bper\s+month\b|\bfor\s+each\s+month\b", re.IGNORECASE)
_PER_BDAY = re.compile(r"for\s+each\s+Business\s+Day", re.IGNORECASE)
_PER_DAY = re.compile(r"for\s+each\s+(?:calendar\s+)?day\b(?!\s+period)", re.IGNORECASE)
_ANNUAL = re.compile(r"per\s+annum|a\s+year\b|per\s+year", re.IGNORECASE)
_PRO_RATA = re.compile(r"pro\s+rata|prorated|pro-rated|ratabl[ey]", re.IGNORECASE)
_PORTION_FULL = re.compile(r"or\s+(?:any\s+)?portion\s+thereof", re.IGNORECASE)
_DIVIDED = re.compile(r"divided\s+by\s+(?P<n>\d+)", re.IGNORECASE)
_STEP = re.compile(r"increasing\s+by\s+(?:a\s+further\s+|an\s+additional\s+)?(?P<by>\d+(?:\.\d+)?\s*%)[^.;]{0,40}?"
                   r"(?:at\s+the\s+(?:start|beginning)\s+of\s+)?each\s+subsequent\s+(?P<every>\d+)[\s-]*day\s+period"
                   r"(?:[^.;]{0,40}?(?:up\s+to\s+)?a\s+maximum\s+(?:rate\s+)?of\s+(?P<max>\d+(?:\.\d+)?\s*%))?",
                   re.IGNORECASE)
_FIRST_N = re.compile(r"for\s+the\s+first\s+(?P<n>\d+)[\s-]*day\s+period", re.IGNORECASE)
_STEPS_BY_ORDINAL = re.compile(r"for\s+the\s+(?P<list>first(?:\s*,\s*\w+)*(?:,?\s+and\s+\w+)?)\s+Computation\s+Dates?",
                               re.IGNORECASE)
_WITH_RESPECT = re.compile(r"with\s+respect\s+to\s+(?:the\s+|a\s+|any\s+|each\s+)?(?P<name>[A-Z]\w*(?:\s+[A-Z]\w*){0"
                           r",4})")
_TRIGGER = re.compile(r"(?:is|are|has|shall)\s+not\s+(?:been\s+|be\s+)?(?P<verb>filed|declared\s+effective|(?:become"
                      r"|becomes|"
                      r"been\s+declared)\s+effective)")
_BY_NAME = re.compile(r"\b(?:on\s+or\s+before|by|before|prior\s+to|within)\s+(?:the\s+|its\s+)?(?:relevant\s+)?"
                      r"(?P<name>[A-Z]\w*(?:\s+[A-Z]\w*){0,4})")
_MISSED = re.compile(r"a\s+deadline\s+in\s+Sections?\s+(?P<secs>\d+(?:\s*(?:,|or|and)\s*\d+)*)\s+is\s+missed",
                     re.IGNORECASE)
_NOT_COUNTED = re.compile(r"(?:up\s+)?to\s+but\s+excluding\s+the\s+(?:day|date)|prior\s+to\s+the\s+date\b[^.;]{0,160}?"
                          r"(?:declared\s+effective|filed|cured)", re.IGNORECASE)
_COUNTED = re.compile(r"(?:through|to)\s+and\s+including\s+the\s+(?:day|date)", re.IGNORECASE)
_BASE_PRINCIPAL = re.compile(r"principal\s+amount", re.IGNORECASE)
_BASE_PRICE = re.compile(r"Subscription\s+Amount|purchase\s+price\s+paid|aggregate\s+purchase\s+price", re.IGNORECASE)
_BASE_HELD = re.compile(r"\bheld\s+by\b|Held\s+Shares\s+Value|not\s+(?:previously|yet)\s+sold", re.IGNORECASE)
_PRECEDENCE = re.compile(r"No\s+payment\s+(?:shall\s+)?accrues?\s+under\s+Section\s+(?P<a>\d+)\s+for\s+(?:a|any)\s+d"
                         r"ay\s+on\s+"
                         r"which\s+a\s+payment\s+accrues\s+under\s+Section\s+(?P<b>\d+)", re.IGNORECASE)
_ONE_AT_A_TIME = re.compile(r"(?:shall|will)\s+not\s+pay\s+[\w ]+?\s+for\s+more\s+than\s+one\s+[\w ]+?\s+at\s+any\s+"
                            r"one\s+"
                            r"time", re.IGNORECASE)
_THIRTY_360 = re.compile(r"360-day\s+year\s+(?:consisting\s+)?of\s+twelve\s+30-day\s+months", re.IGNORECASE)
_IPD = re.compile(r"Interest\s+Payment\s+Dates?\"?\s+(?:are|means|shall\s+mean)\s+(?P<dates>[^;.]+?)\s+of\s+each\s+year"
                  r"(?:[;,]\s+the\s+record\s+date\s+for\s+each\s+is\s+the\s+(?:immediately\s+)?preceding\s+"
                  r"(?P<records>[^;.]+))?", re.IGNORECASE)
_MONTH_DAY = re.compile(r"(?P<m>January|February|March|April|May|June|July|August|September|October|November|December)"
                        r"\s+(?P<d>\d{1,2})", re.IGNORECASE)
_MONTHS = {m: i for i, m in enumerate(("january", "february", "march", "april", "may", "june", "july", "august",
                                       "september", "october", "november", "december"), 1)}
_NUM = r"(?P<n>(?:[a-z-]+\s*)?(?:\(\d+\))|\d+|[a-z-]+)"
_PAYMENTS: list[tuple[str, re.Pattern[str]]] = [
    ("business_days_after_period_end", re.compile(
        rf"(?:due|payable|paid|made)\s+(?:no\s+later\s+than|within)\s+{_NUM}\s+Business\s+Days?\s+after\s+the\s+end"
        rf"\s+of",
        re.IGNORECASE)),
    ("business_days_after_accrual", re.compile(
        rf"(?:due|payable|paid|made)\s+(?:no\s+later\s+than|within)\s+{_NUM}\s+Business\s+Days?\s+after\s+the\s+"
        r"(?:date|day)\s+on\s+which\s+it\s+accrues", re.IGNORECASE)),
    ("days_after_accrual", re.compile(
        rf"(?:due|payable|paid|made)\s+(?:no\s+later\s+than|within)\s+{_NUM}\s+(?:calendar\s+)?days?\s+after\s+the\s+"
        r"(?:date|day)\s+on\s+which\s+it\s+accrues", re.IGNORECASE)),
    ("nth_business_day_of_next_month", re.compile(
        rf"(?:due|payable|paid)\s+on\s+the\s+{_NUM}\s+Business\s+Day\s+of\s+the\s+(?:following|next)\s+(?:calendar\s+)?"
        r"month", re.IGNORECASE)),
    ("days_after_period_end", re.compile(
        rf"(?:made|paid|payable|due)\s+within\s+{_NUM}\s+days?\s+after\s+the\s+end\s+of\s+(?:each|the)\s+(?:such\s+)?"
        r"period", re.IGNORECASE)),
    ("fixed_dates", re.compile(r"(?:paid|payable)[^.;]{0,40}?\bon\s+each\s+Interest\s+Payment\s+Date", re.IGNORECASE)),
]
_SCHEDULE = re.compile(
    rf"\(1\)\s+(?:{_NUM}\s+days\s+after|on\s+the\s+day\s+after)\s+the\s+[^;]{{0,120}}?and\s+\(2\)\s+on\s+the\s+earli"
    rf"er\s+of"
    r"\s+\(A\)\s+each\s+thirtieth\s+day\s+thereafter,?\s+\(B\)\s+the\s+(?P<b>[\w-]+(?:\s*\(\d+\w*\))?)\s+business\s+"
    r"day\s+"
    r"after", re.IGNORECASE)
_SHARES = re.compile(r"divided\s+by\s+(?P<p>\d+(?:\.\d+)?)\s*%\s+of\s+the\s+average\s+(?:Closing\s+Bid\s+Price|[\w ]"
                     r"+?Price)"
                     rf"\s+for\s+the\s+(?:last\s+)?{_NUM}\s+trading\s+days", re.IGNORECASE)
_ELECTION = re.compile(rf"within\s+{_NUM}\s+business\s+days?\s+after\s+the\s+date\s+on\s+which\s+such\s+amounts\s+ar"
                       rf"e\s+"
                       r"first\s+payable", re.IGNORECASE)


@dataclass
class Amount:
    """One amount clause: the rate's terms and how it is cut into periods, as the text says."""

    pos: int
    section: str
    top: str
    family: str
    rates: list[tuple[int, str]]
    quote: str
    periods: str | None = None
    period_days: str | None = None
    partial: str | None = None
    step_up: Data | None = None
    base: str | None = None
    base_unit: str | None = None
    names: list[str] = field(default_factory=list)  # the triggers it names ("with respect to the Required ...")


@dataclass
class PaymentRule:
    pos: int
    top: str
    way: str
    value: Data
    quote: str
    section: str


@dataclass
class Trigger:
    pos: int
    top: str
    section: str
    obligation: str | None
    cure: str | None
    quote: str
    name: str


@dataclass
class State:
    amounts: list[Amount] = field(default_factory=list)
    payments: list[PaymentRule] = field(default_factory=list)
    cure: dict[str, tuple[str, str, str]] = field(default_factory=dict)  # top section -> (value, section, quote)
    day_count: tuple[str, str, str] | None = None
    fixed: tuple[list[str], list[str], str, str] | None = None  # Interest Payment Dates and record dates (terms)
    precedence: list[tuple[int, re.Match[str]]] = field(default_factory=list)
    computation: str | None = None  # the term of the Computation Date period


_STATE: dict[int, State] = {}


def _q_at(qs: list[Quantity], start: int, end: int, kinds: tuple[str, ...] = ("count", "ordinal")) -> Quantity | None:
    return next((q for q in qs if start <= q.start < end and q.kind in kinds), None)


def _value(qs: list[Quantity], m: re.Match[str], group: str = "n") -> int | None:
    """The whole number a match's group holds (words, figures or both)."""
    q = _q_at(qs, m.start(group), m.end(group))
    if q is not None and q.agrees and q.value == q.value.to_integral():
        return int(q.value)
    text = m[group] or ""
    digits = re.search(r"\d+", text)
    if digits:
        return int(digits[0])
    return words_value(text)


def read(d: Draft, defs: Definitions, qs: list[Quantity], dl: Deadlines) -> None:
    """Every number of the damages clauses, as terms; the payment rules, cure words, caps and interest noted for
    :func:`assemble`."""
    st = State()
    _STATE[id(d)] = st
    t = d.text
    flat = t.flat
    cd = defs.get("Computation Date")
    if cd is not None and not cd.paren:  # "(A) the date which is the earlier of thirty (30) days after ..."
        q = next((q for q in qs if cd.body_start <= q.start < cd.body_end and q.kind == "count"
                  and unit_after(flat, q.end) is not None), None)
        if q is not None and q.agrees:
            unit = unit_after(flat, q.end)
            assert unit is not None
            st.computation = d.term("computation_period", "Days from a trigger (or the previous Computation Date) to "
                                    "the next Computation Date", int(q.value), "days", cd.section,
                                    t.quote(cd.start, min(cd.body_end, unit[1] + 60), q.start))
            d.claim(cd.body_start, cd.body_end)
    for s, e in t.sentences(0, t.end):
        sentence = flat[s:e]
        inside = [q for q in qs if s <= q.start < e]
        if _ILLUSTRATION.match(sentence.lstrip("( ")) or re.search(r"\bBy\s+way\s+of\s+illustration", sentence):
            if any(q.kind in ("percent", "usd") for q in inside):
                d.claim(s, e)
            continue
        if not _ZONE.search(sentence):
            continue
        _payments(d, st, qs, s, e)
        _shares(d, qs, s, e)
        _election(d, qs, s, e)
        money = [q for q in inside if q.kind in ("percent", "usd") and not d.is_claimed(q.start, q.end)]
        if not money:
            _cure_words(d, st, s, e)
            continue
        if _LATE.search(sentence) and re.search(r"\binterest\b", sentence, re.IGNORECASE) and not re.search(
                r"Additional\s+Interest", sentence):
            _interest(d, money, s, e)
            d.claim(s, e)
            continue
        if _CAP.search(sentence):
            _cap(d, money, s, e)
            continue
        _amounts(d, st, defs, qs, money, s, e)
        _cure_words(d, st, s, e)
    _day_count(d, st)
    _interest_dates(d, st, defs)
    for m in _PRECEDENCE.finditer(flat, 0, t.end):
        st.precedence.append((m.start(), m))
    for m in _ONE_AT_A_TIME.finditer(flat, 0, t.end):
        st.precedence.append((m.start(), m))


def _payments(d: Draft, st: State, qs: list[Quantity], s: int, e: int) -> None:
    t = d.text
    flat = t.flat
    m = _SCHEDULE.search(flat, s, e)
    if m:
        first = 1 if m["n"] is None else _value(qs, m)
        b = _value(qs, m, "b")
        if first is not None and b is not None:
            section = t.section_at(m.start())
            quote = t.quote(m.start(), m.end() + 80, m.start())
            ft = d.term("first_payment_days", "The first amount is payable this many days after the trigger", first,
                        "days", section, t.quote(m.start(), m.start("b") - 40 if m.start("b") - 40 > m.start() else
                                                 m.end(), m.start()))
            bt = d.term("payment_after_cure", "A later amount is payable no later than this many business days after "
                        "the cure", b, "business_days", section, t.quote(m.start("b") - 7, m.end() + 60, m.start("b")))
            st.payments.append(PaymentRule(m.start(), t.top_section(m.start()), "first_days",
                                           {"first_days": ft, "after_cure_business_days": bt}, quote, section))
            d.claim(m.start(), min(e, m.end() + 160))
    for way, pattern in _PAYMENTS:
        for m in pattern.finditer(flat, s, e):
            if d.is_claimed(m.start(), m.end()):
                continue
            section = t.section_at(m.start())
            cs, ce = d.clause(m.start(), 80, 200)
            quote = t.quote(max(cs, m.start() - 40), min(ce, m.end() + 60), m.start())
            quote = _from_sentence_start(d, quote, m.start())
            if way == "fixed_dates":
                st.payments.append(PaymentRule(m.start(), t.top_section(m.start()), way, {}, quote, section))
                d.claim(m.start(), m.end())
                continue
            n = _value(qs, m)
            if n is None:
                continue
            unit = "days" if way in ("days_after_accrual", "days_after_period_end") else "business_days"
            labels = {"business_days_after_period_end": "Each amount is due this many Business Days after the end of "
                                                        "the period it covers",
                      "business_days_after_accrual": "Each amount is due this many Business Days after it accrues",
                      "days_after_accrual": "Each amount is due this many days after it accrues",
                      "nth_business_day_of_next_month": "The amounts of a calendar month are due on this Business Day "
                                                        "of the following month",
                      "days_after_period_end": "Each amount is due this many days after the end of its period"}
            tid = d.term("payment_" + way.replace("_after_", "_").replace("nth_", ""), labels[way], n, unit, section,
                         quote)
            st.payments.append(PaymentRule(m.start(), t.top_section(m.start()), way, {way: tid}, quote, section))
            d.claim(m.start(), m.end())


def _from_sentence_start(d: Draft, quote: str, pos: int) -> str:
    return quote


def _shares(d: Draft, qs: list[Quantity], s: int, e: int) -> None:
    t = d.text
    for m in _SHARES.finditer(t.flat, s, e):
        n = _value(qs, m)
        if n is None:
            continue
        section = t.section_at(m.start())
        quote = t.quote(m.start(), m.end(), m.start())
        d.term("share_price_percent", "Amounts paid in shares are priced at this percentage of the average price",
               Decimal(m["p"]), "percent", section, quote)
        d.term("share_price_trading_days", "Trading days averaged for the share price", n, "trading_days", section,
               quote)
        d.claim(m.start(), m.end())
        d.ask("shares", section, quote, "Amounts may be paid in shares: the draft writes the price's terms; add a "
              "`shares` block to the tracks (price_percent, trading_days) if rrcalc should convert them.")


def _election(d: Draft, qs: list[Quantity], s: int, e: int) -> None:
    t = d.text
    for m in _ELECTION.finditer(t.flat, s, e):
        n = _value(qs, m)
        if n is None:
            continue
        section = t.section_at(m.start())
        cs, ce = d.clause(m.start(), 160, 120)
        quote = t.quote(cs, ce, m.start())
        d.term("election_business_days", "The Investor may elect within this many business days after the amount is "
               "first payable", n, "business_days", section, quote)
        d.claim(m.start(), m.end())
        d.ask("election", section, quote, "An election the Investor may make for each amount: add an `election` to "
              "the tracks (its label, business_days, and after: period_end or payment_due, which the words leave to "
              "you).")


def _interest(d: Draft, money: list[Quantity], s: int, e: int) -> None:
    t = d.text
    sentence = t.flat[s:e]
    q = next((q for q in money if q.kind == "percent"), None)
    if q is None:
        return
    section = t.section_at(q.start)
    quote = t.quote(s, e, q.start)
    rate = d.term("interest_rate", "Interest on a payment not made when due", q.value, "percent", section, quote)
    d.claim(q.start, q.end)
    after = sentence[q.end - s:q.end - s + 40]
    days: int | None = None
    why = ""
    if _ANNUAL.match(after.strip()) or re.match(r"\s*per\s+annum", after):
        m = re.search(r"(?P<n>365|360)[\s-]*day\s+year", sentence)
        if m:
            days = int(m["n"])
        else:
            why = "A rate per annum without the year's length (365 days, 360?): the draft writes the rate only."
    elif re.match(r"\s*per\s+month", after):
        why = ("A rate per month, prorated by days: how long is a month (30 days? the calendar month?) is not said; "
               "the draft writes the rate; give late_interest its period_days.")
    else:
        why = "The period of the interest rate is not said; the draft writes the rate only."
    if days is None:
        d.ask("late interest", section, quote, why)
        return
    pt = d.term("interest_period_days", f"Days in the year over which the interest accrues ({days}-day year)", days,
                "days", section, quote)
    d.late_interest = {"rate": rate, "period_days": pt, "reference": ref(section, quote)}


def _cap(d: Draft, money: list[Quantity], s: int, e: int) -> None:
    t = d.text
    sentence = t.flat[s:e]
    cap = _CAP.search(sentence)
    assert cap is not None
    after = [q for q in money if q.start >= s + cap.start()]
    if not after:
        return
    q = after[0]
    section = t.section_at(q.start)
    quote = t.quote(s, e, q.start)
    d.claim(q.start, q.end)
    if q.kind == "percent":
        tid = d.term("payment_cap", "The most all payments may total, as a share of each Investor's amount", q.value,
                     "percent", section, quote)
        entry: Data = {"rate": tid}
        if _BASE_PRINCIPAL.search(sentence):
            entry["of"] = "principal"
        entry["reference"] = ref(section, quote)
        d.payment_cap = entry
        return
    tid = d.term("payment_cap", "The most all payments may total", q.value, "usd", section, quote)
    per = re.search(r"\bto\s+(?:any|each|an?)\s+(?:Holder|Investor|Purchaser)|\bper\s+(?:Holder|Investor)",
                    sentence, re.IGNORECASE)
    d.payment_cap = {"amount": tid, "scope": "per_investor" if per else "total", "reference": ref(section, quote)}
    if not per:
        d.ask("cap", section, quote, "A cap in dollars that does not say \"to each Investor\": the draft reads it as"
                                     " the "
                                     "total of all Investors' payments (scope: total); with one Investor both agree.")


def _cure_words(d: Draft, st: State, s: int, e: int) -> None:
    t = d.text
    for pattern, value in ((_NOT_COUNTED, "not_counted"), (_COUNTED, "counted")):
        m = pattern.search(t.flat, s, e)
        if m:
            top = t.top_section(m.start())
            if top not in st.cure:
                st.cure[top] = (value, t.section_at(m.start()), t.quote(*d.clause(m.start(), 120, 80), m.start()))


def _amounts(d: Draft, st: State, defs: Definitions, qs: list[Quantity], money: list[Quantity], s: int,
             e: int) -> None:
    """The amount clauses of one sentence."""
    t = d.text
    flat = t.flat
    sentence = flat[s:e]
    section = t.section_at(money[0].start)
    top = t.top_section(money[0].start)
    step = _STEP.search(sentence)
    used: set[int] = set()
    for i, q in enumerate(money):
        if q.start in used:
            continue
        if step is not None and s + step.start() <= q.start < s + step.end():
            continue
        local_lo = money[i - 1].end if i else s
        local_hi = money[i + 1].start if i + 1 < len(money) else e
        around = flat[max(s, q.start - 200):min(e, q.end + 240)]
        after = flat[q.end:min(e, q.end + 240)]
        family, periods, period_days, partial = None, None, None, None
        base_unit = None
        if q.kind == "percent":
            if _ANNUAL.match(after.strip()):
                if not re.search(r"accru|\bpay|\bbears?\b", sentence, re.IGNORECASE):
                    d.claim(q.start, q.end)  # "starts again at 0.25% per annum": the rate already read
                    continue
                family = "annual_percent"
            elif _PER_CD.search(after[:200]) or _PER_CD.search(flat[local_lo:q.start]):
                family, periods = "percent_of_base", "computation_dates"
                period_days = st.computation
            elif (m := _PER_N_DAYS.search(after[:160])) is not None:
                family, periods = "percent_of_base", "consecutive"
                period_days = _days_term(d, qs, q.end + m.start(), q.end + m.end(), m, section)
                partial = "full" if m["portion"] else None
            elif _MONTHLY.search(around) or _MONTHLY.search(sentence):
                family, periods = "percent_of_base", "monthly"
            else:
                continue
        else:
            if _PER_BDAY.match(after.strip()):
                family = "usd_per_business_day"
            elif _PER_DAY.match(after.strip()):
                family = "usd_per_day"
            elif (m := _PER_WEEK.search(after[:80])) is not None and re.search(r"per\s+\$\s?1,000\b", after[:160]):
                family, periods = "usd_per_unit", "consecutive"
                period_days = d.term("week_days", "A week", 7, "days", section, t.quote(q.start, q.end + m.end()))
                partial = "full" if m["portion"] else None
                base_unit = d.term("principal_unit", "Each amount is for this much principal", Decimal(1000), "usd",
                                   section, t.quote(q.start, q.end + 160, q.start))
            elif (m := _PER_N_DAYS.search(after[:160])) is not None:
                family, periods = "usd", "consecutive"
                period_days = _days_term(d, qs, q.end + m.start(), q.end + m.end(), m, section)
                partial = "full" if m["portion"] else None
            else:
                continue
        if partial is None and family in ("percent_of_base", "usd", "usd_per_unit"):
            if _PORTION_FULL.search(around):
                partial = "full"
            elif _PRO_RATA.search(sentence) or _PRO_RATA.search(flat, e, t.section_span(q.start)[1]):
                partial = "daily"
        quote = t.quote(max(s, local_lo), min(local_hi, q.end + 200), q.start)
        rates: list[tuple[int, str]] = []
        unit = "percent" if q.kind == "percent" else "usd"
        label = _rate_label(family, periods)
        rid = d.term(_rate_id(family), label, q.value, unit, section, quote)
        rates.append((1, rid))
        d.claim(q.start, q.end)
        amount = Amount(q.start, section, top, family, rates, quote, periods, period_days, partial)
        amount.base_unit = base_unit
        # 2002: "two percent (2%) ... for the first, second and third Computation Dates and three percent (3%) ...
        # to each Computation Date thereafter"
        lm = _STEPS_BY_ORDINAL.search(flat, q.end, min(e, q.end + 160))
        if lm and i + 1 < len(money) and money[i + 1].kind == q.kind:
            count = len(re.findall(r"\w+", lm["list"].replace("and", " ")))
            nq = money[i + 1]
            if re.search(r"thereafter", flat[nq.end:min(e, nq.end + 160)]):
                nquote = t.quote(nq.start, min(e, nq.end + 120), nq.start)
                rid2 = d.term(_rate_id(family) + "_later", f"{label}, from period {count + 1}", nq.value, unit,
                              section, nquote)
                amount.rates.append((count + 1, rid2))
                used.add(nq.start)
                d.claim(nq.start, nq.end)
        if family == "annual_percent" and step is not None:
            amount.step_up = _step_up(d, qs, step, s, section)
        if family == "monthly" or periods == "monthly":
            dm = _DIVIDED.search(flat, s, min(len(flat), e + 200))
            if dm:
                ds, de = t.sentence(dm.start())
                amount.period_days = d.term("proration_days", "A part period is prorated by its days divided by this",
                                            int(dm["n"]), "days", t.section_at(dm.start()), t.quote(ds, de, dm.start()))
                if amount.partial is None:
                    amount.partial = "daily"
        for wm in _WITH_RESPECT.finditer(flat, max(s, local_lo), q.start):
            amount.names.append(wm["name"])
        if _BASE_PRINCIPAL.search(sentence):
            amount.base = "principal"
        elif _BASE_HELD.search(sentence):
            amount.base = "held_shares_value"
        elif _BASE_PRICE.search(sentence):
            amount.base = "purchase_price"
        st.amounts.append(amount)


def _days_term(d: Draft, qs: list[Quantity], start: int, end: int, m: re.Match[str], section: str) -> str | None:
    n = _value(qs, m)
    if n is None:
        return None
    d.claim(start, end)
    return d.term("period_days", "The length of a period (a part of one as the clause says)", n, "days", section,
                  d.text.quote(start, end, start))


def _step_up(d: Draft, qs: list[Quantity], m: re.Match[str], s: int, section: str) -> Data | None:
    t = d.text
    quote = t.quote(s + m.start(), s + m.end(), s + m.start())
    by = Decimal(m["by"].rstrip("% ").strip())
    every = int(m["every"])
    out: Data = {"every_days": d.term("step_days", "The rate rises at the start of each later period of this many days",
                                      every, "days", section, quote),
                 "by": d.term("step_rate", "How much the rate rises each time", by, "percent", section, quote)}
    if m["max"]:
        out["max"] = d.term("max_rate", "The highest the rate can reach", Decimal(m["max"].rstrip("% ").strip()),
                            "percent", section, quote)
    out["reference"] = ref(section, quote)
    first = _FIRST_N.search(t.flat, max(0, s + m.start() - 200), s + m.start())
    if first and int(first["n"]) != every:
        d.ask("step-up", section, quote, "The first period and the later ones differ in length; rrcalc steps the rate "
                                         "every every_days from the first day: check.")
    d.claim(s + m.start(), s + m.end())
    return out


def _rate_id(family: str) -> str:
    return {"annual_percent": "annual_rate", "usd_per_business_day": "amount_per_business_day",
            "usd_per_day": "amount_per_day", "usd_per_unit": "amount_per_unit", "usd": "amount_per_period"
            }.get(family, "rate")


def _rate_label(family: str, periods: str | None) -> str:
    if family == "annual_percent":
        return "The rate per annum while the failure lasts"
    if family == "usd_per_business_day":
        return "Dollars for each Business Day of failure"
    if family == "usd_per_day":
        return "Dollars for each day of failure"
    if family == "usd_per_unit":
        return "Dollars per period for each slice of principal"
    if family == "usd":
        return "Dollars for each period of failure"
    what = {"computation_dates": "each Computation Date", "monthly": "each month", "consecutive": "each period"}
    return f"Percentage of the base for {what.get(periods or '', 'each period')}"


def _day_count(d: Draft, st: State) -> None:
    t = d.text
    m = _THIRTY_360.search(t.flat, 0, t.end)
    if m:
        st.day_count = ("30/360", t.section_at(m.start()), t.quote(*t.sentence(m.start()), m.start()))


def _interest_dates(d: Draft, st: State, defs: Definitions) -> None:
    t = d.text
    m = _IPD.search(t.flat, 0, t.end)
    if not m:
        return
    section = t.section_at(m.start())
    quote = t.quote(m.start() - 1 if t.flat[m.start() - 1:m.start()] == '"' else m.start(), m.end(), m.start())
    dates = [(int(_MONTHS[x["m"].lower()]), int(x["d"])) for x in _MONTH_DAY.finditer(m["dates"])]
    records = [(int(_MONTHS[x["m"].lower()]), int(x["d"])) for x in _MONTH_DAY.finditer(m["records"] or "")]
    fixed = [d.term(f"interest_payment_{mo:02d}_{dd:02d}", "Interest Payment Date", f"{mo:02d}-{dd:02d}", "month_day",
                    section, quote) for mo, dd in dates]
    rec = [d.term(f"record_date_{mo:02d}_{dd:02d}", "Record date of an Interest Payment Date", f"{mo:02d}-{dd:02d}",
                  "month_day", section, quote) for mo, dd in records]
    if fixed:
        st.fixed = (fixed, rec if len(rec) == len(fixed) else [], section, quote)


# -- assembly -------------------------------------------------------------------------------------------------------


def _triggers(d: Draft, dl: Deadlines) -> list[Trigger]:
    t = d.text
    flat = t.flat
    out: list[Trigger] = []
    for m in _TRIGGER.finditer(flat, 0, t.end):
        _, e = t.sentence(m.start())
        df = None
        for bm in _BY_NAME.finditer(flat, m.end(), min(e, m.end() + 140)):
            words = bm["name"].split()
            df = dl.defs.get(" ".join(words))
            while df is None and len(words) > 1:  # "Filing Deadline, the Company" -> the longest defined prefix
                words = words[:-1]
                df = dl.defs.get(" ".join(words))
            if df is not None and dl.by_name.get(df.key) in d.obligations:
                break
            df = None
        if df is None:
            continue
        oid = dl.by_name.get(df.key)
        if oid not in d.obligations:
            oid = None
        verb = "filed" if m["verb"].lower() == "filed" else "effective"
        cure = d.obligations[oid].get("met_by") if oid else None
        if cure is None:
            s, _ = t.sentence(m.start())
            stmt = ""
            for sm in re.finditer(r"(?P<stmt>(?:[A-Z][\w-]*\s+){0,4}?)Registration\s+Statement", flat[s:m.start()]):
                stmt = sm["stmt"]
            cure = f"{statement_key(stmt)}_{verb}"
            if cure not in d.events:
                cure = d.event(cure, f"The Registration Statement is"
                                     f" {'filed' if verb == 'filed' else 'declared effective'}",
                               t.section_at(m.start()), t.quote(m.start(), m.end(), m.start()))
        s, e = d.clause(m.start(), 100, 120)
        out.append(Trigger(m.start(), t.top_section(m.start()), t.section_at(m.start()), oid, cure,
                           t.quote(s, max(e, m.end()), m.start()), df.name))
    for m in _MISSED.finditer(flat, 0, t.end):
        secs = re.findall(r"\d+", m["secs"])
        section = t.section_at(m.start())
        for oid, ob in d.obligations.items():
            if ob.get("met_by") and ob.get("kind", "deadline") == "deadline" and \
                    str(ob["reference"]["section"]).split("(")[0] in secs:
                out.append(Trigger(m.start(), t.top_section(m.start()), section, oid, ob["met_by"],
                                   t.quote(*d.clause(m.start(), 60, 60), m.start()), ob["label"]))
    return out


def assemble(d: Draft, defs: Definitions, dl: Deadlines) -> None:
    """Tracks from the amounts and the failures they pay for; precedence."""
    st = _STATE.pop(id(d), None)
    if st is None:
        return
    triggers = _triggers(d, dl)
    taken: set[int] = set()
    by_top: dict[str, list[Amount]] = {}
    for a in st.amounts:
        by_top.setdefault(a.top, []).append(a)
    for a in st.amounts:
        mine: list[Trigger] = []
        if a.names:
            for name in a.names:
                mine += [tr for tr in triggers if tr.name.lower() == name.lower() and id(tr) not in taken]
            if not mine and any(n.lower() in ("restricted sale date", "registration event", "registration default")
                                for n in a.names):
                d.ask("track", a.section, a.quote, f"An amount for a {a.names[0]} (a failure while the statement is "
                      "effective): write a restricted_sale or suspension track with the permitted_suspensions rules; "
                      "the draft writes the rate's terms.")
                continue
        elif len(by_top[a.top]) == 1:
            mine = [tr for tr in triggers if tr.top == a.top and id(tr) not in taken]
        for tr in mine:
            taken.add(id(tr))
        if not mine:
            d.ask("track", a.section, a.quote, "An amount whose failure the draft cannot tell (which deadline, which "
                  "cure): the rate is written as a term; write the track.")
            continue
        for tr in mine:
            _track(d, st, a, tr)
    _restricted(d, triggers)
    _precedence(d, st)


def _restricted(d: Draft, triggers: list[Trigger]) -> None:
    """Failures while the statement is effective are left to review (they need the suspension rules)."""
    t = d.text
    for m in re.finditer(r"ceases?\s+(?:for\s+any\s+reason\s+)?to\s+(?:be|remain)\s+(?:continuously\s+)?(?:effective|"
                         r"available|usable)|sales\s+of\s+[^.;]{0,60}?cannot\s+be\s+made|is\s+not\s+listed|"
                         r"Restricted\s+Sale\s+Date\s+within", t.flat[:t.end], re.IGNORECASE):
        s, e = d.clause(m.start(), 160, 160)
        section = t.section_at(m.start())
        quote = t.quote(s, e, m.start())
        grace = re.compile(r"for\s+more\s+than\s+(?P<n>\d+|[\w-]+(?:\s*\(\d+\))?)\s+consecutive\s+(?:calendar\s+)?days",
                           re.IGNORECASE).search(t.flat, m.start(), t.sentence(m.start())[1])
        if grace:
            n = _value([], grace)
            if n is not None:
                d.term("unavailability_days", "Days of unavailability before it is a failure", n, "days", section,
                       t.quote(m.start(), grace.end(), grace.start()))
                d.claim(grace.start(), grace.end())
        d.ask("track", section, quote, "A failure while the statement is effective (a suspension, a delisting, "
              "unavailability): write a restricted_sale or suspension track, with suspension_kinds (grace_days for "
              "a number of days it may last first) and the permitted_suspensions rules.")


def _track(d: Draft, st: State, a: Amount, tr: Trigger) -> None:
    missing: list[str] = []
    if tr.obligation is None:
        missing.append(f"the deadline {tr.name} (not read as an obligation)")
    if a.family in ("percent_of_base",) and a.periods == "computation_dates":
        missing.append("Computation Date periods: partial_period, first_period_cure and held_shares_value_after are "
                       "choices the text leaves open (readings)")
    pay = [p for p in st.payments if p.top == a.top]
    payment: Data | None = None
    periods = a.periods
    if a.family == "annual_percent":
        fixed = next((p for p in pay if p.way == "fixed_dates"), None)
        if fixed is not None and st.fixed is not None:
            payment = {"fixed_dates": st.fixed[0]}
            if st.fixed[1]:
                payment["record_dates"] = st.fixed[1]
            payment["reference"] = ref(fixed.section, fixed.quote)
            periods = "payment_dates"
        else:
            missing.append("when the interest is paid (Interest Payment Dates)")
        if st.day_count is None:
            missing.append("the day count (30/360, actual/365, ...)")
    elif a.family in ("usd_per_business_day", "usd_per_day"):
        nth = next((p for p in pay if p.way == "nth_business_day_of_next_month"), None)
        if nth is not None:
            periods = "calendar_months"
            payment = {**nth.value, "reference": ref(nth.section, nth.quote)}
        else:
            missing.append("when the daily amounts are paid")
    else:
        ways = [p for p in pay if p.way not in ("fixed_dates", "nth_business_day_of_next_month")]
        if periods == "computation_dates":
            ways = [p for p in ways if p.way == "first_days"]
        else:
            ways = [p for p in ways if p.way != "first_days"]
        if ways:
            payment = {**ways[0].value, "reference": ref(ways[0].section, ways[0].quote)}
        else:
            missing.append("when each amount is payable")
    if periods in ("consecutive", "monthly", "computation_dates") and a.period_days is None:
        missing.append("the length of a period (or the divisor of a part month)")
    if a.family in ("percent_of_base", "usd", "usd_per_unit") and a.partial is None:
        missing.append("whether a part period is prorated (pro rata) or pays in full (or portion thereof)")
    if a.family in ("percent_of_base", "annual_percent", "usd_per_unit") and a.base is None:
        missing.append("the base (purchase price, held shares value or principal)")
    if missing:
        d.ask("track", a.section, a.quote, f"A payment for {tr.name} missed, not written: the text leaves open "
              + "; ".join(missing) + ". The rate and the other numbers are written as terms.")
        return
    assert payment is not None and tr.obligation is not None
    entry: Data = {"label": f"Not done by the {tr.name}",
                   "description": _track_description(d, a, tr),
                   "occurs": "deadline_missed", "deadline": tr.obligation, "cure": tr.cure}
    cure = st.cure.get(a.top)
    if cure is not None:
        entry["cure_day_counts"] = cure[0]
    entry["periods"] = periods
    if a.period_days is not None and periods in ("consecutive", "monthly", "computation_dates"):
        entry["period_days"] = a.period_days
    if a.family != "percent_of_base":
        entry["amount"] = a.family
    if a.family in ("percent_of_base", "usd", "usd_per_unit"):
        entry["partial_period"] = a.partial
    if a.family == "annual_percent" and st.day_count is not None:
        entry["day_count"] = st.day_count[0]
    if a.base_unit is not None:
        entry["base_unit"] = a.base_unit
    if a.family in ("percent_of_base", "annual_percent", "usd_per_unit") and a.base not in (None, "held_shares_value"):
        entry["base"] = a.base
    entry["rates"] = [{"from_period": n, "rate": r} for n, r in a.rates]
    if a.step_up is not None:
        entry["step_up"] = a.step_up
    entry["payment"] = payment
    entry["reference"] = ref(a.section if a.section == tr.section else f"{tr.section}, {a.section}", a.quote)
    d.track("late_" + slug(tr.obligation.replace("_deadline", "").replace("_date", "")), entry)
    if cure is None:
        d.ask("cure day", tr.section, tr.quote, f"Does the day {tr.name} is cured still count as a day of failure? The "
              "text does not say; the draft leaves the schema's default (cure_day_counts: counted).")


def _track_description(d: Draft, a: Amount, tr: Trigger) -> str:
    rate = d.terms[a.rates[0][1]]
    value = plain(rate["value"]) if isinstance(rate["value"], Decimal) else str(rate["value"])
    what = {"percent_of_base": f"{value}% of the base", "usd": f"${value}", "usd_per_day": f"${value} a day",
            "usd_per_business_day": f"${value} a Business Day", "usd_per_unit": f"${value} per slice",
            "annual_percent": f"{value}% a year"}[a.family]
    per = {"computation_dates": " for each Computation Date", "monthly": " on each monthly anniversary",
           "consecutive": " for each period"}.get(a.periods or "", "")
    return f"{what}{per} from the day after the {tr.name} until the cure (drafted from §{a.section}: check)."


def _tops(track: Data) -> set[str]:
    """The top-level sections a track's reference cites."""
    return {x.strip().split("(")[0] for x in str(track["reference"]["section"]).split(",")}


def _precedence(d: Draft, st: State) -> None:
    t = d.text
    for pos, m in st.precedence:
        section = t.section_at(pos)
        quote = t.quote(*t.sentence(pos), pos)
        if "a" in m.groupdict() and m.groupdict().get("a"):
            late = [k for k, v in d.tracks.items() if m["a"] in _tops(v)]
            first = [k for k, v in d.tracks.items() if m["b"] in _tops(v)]
            group = [*first, *[k for k in late if k not in first]]
            if len(group) >= 2 and first and late:
                d.precedence.append({"tracks": group, "reference": ref(section, quote)})
                d.ask("precedence", section, quote, "Which days of the prevailing track exclude the other: only those "
                      "on which it accrues an amount (claims: accruing_days, the schema's default) or every day of "
                      "its failure (failure_days)?")
            else:
                d.ask("precedence", section, quote, "Failures that do not pay together: the draft could not write both "
                      "tracks; add a precedence group.")
        else:
            group = list(d.tracks)
            s, e = t.sentence(pos)
            carry = bool(re.search(r"not\s+(?:be\s+)?reset", t.flat[s:e + 200], re.IGNORECASE))
            if len(group) >= 2:
                entry: Data = {"tracks": group}
                if carry:
                    entry["carry_step_up"] = True
                entry["reference"] = ref(section, t.quote(s, min(len(t.flat), e + 120), pos))
                d.precedence.append(entry)
                d.ask("precedence", section, quote, "One failure pays at a time: the draft lists every track in one "
                      "group in the order written; put the one that prevails first.")
            else:
                d.ask("precedence", section, quote, "One failure pays at a time: add a precedence group of the tracks.")


__all__ = ["assemble", "plain", "read", "unit_after"]
