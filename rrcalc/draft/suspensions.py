"""Suspension limits: how many suspensions (``up to two such suspension periods``, ``no more than two times in any
12-month period``), how long each (``be for more than fifteen (15) business days``, ``last more than 15 consecutive
Trading Days``), totals in a window (``up to 45 days in any 90-day period``, ``total more than 30 Trading Days in any
period of 365 consecutive calendar days``), the gap (``begin less than ten (10) business days after the last day of
the preceding suspension``) and the notice (``at least two (2) business days' notice``).

Every limit is written as a term with its quote. Where the limits share one counting unit, a ``permitted_suspensions``
block and the suspension kind it permits are written too; a limit whose reading is open (``may not begin within 5
Trading Days after the end of the preceding one``: is the fifth day within?) is listed for review and left out.
"""

from __future__ import annotations

import re

from rrcalc.draft.build import Data, Draft, ref, slug
from rrcalc.draft.definitions import Definitions
from rrcalc.draft.numbers import Quantity, words_value

_ZONE = re.compile(r"suspend|suspension|Grace\s+Period|Blackout|postpone|defer|delay|not\s+be\s+required\s+to",
                   re.IGNORECASE)
_NUM = r"(?P<n>(?:[a-z-]+\s*)?\(\d+\)|\d+|[a-z-]+)"
_UNIT = r"(?P<unit>(?:consecutive\s+)?(?:calendar\s+|business\s+|trading\s+)?days?)"
_COUNTS = [re.compile(rf"up\s+to\s+{_NUM}\s+(?:such\s+)?(?:suspension\s+periods|suspensions|Grace\s+Periods|Blackout\s+"
                      r"Periods|times|occasions)", re.IGNORECASE),
           re.compile(rf"(?:no|not)\s+more\s+than\s+{_NUM}\s+(?:times|occasions|suspensions|Grace\s+Periods|Blackout\s+"
                      r"Periods)(?:\s+in\s+any\s+(?P<w>\d+|[a-z-]+(?:\s*\(\d+\))?)[\s-]*(?P<wu>month|day)[\s-]*perio"
                      r"d)?",
                      re.IGNORECASE)]
_LENGTHS = [re.compile(rf"(?:be\s+for|last|continue\s+for|exceed|for\s+a\s+period\s+of)\s+(?:more\s+than\s+|longer\s+"
                       rf"than\s+){_NUM}\s+{_UNIT}", re.IGNORECASE),
            re.compile(rf"for\s+a\s+period\s+not\s+to\s+exceed\s+{_NUM}\s+{_UNIT}", re.IGNORECASE)]
_TOTAL = re.compile(rf"(?:up\s+to|total\s+(?:more\s+than|in\s+excess\s+of)|not\s+(?:to\s+)?exceed(?:\s+in\s+the\s+ag"
                    rf"gregate)?|"
                    rf"more\s+than)\s+{_NUM}\s+{_UNIT}\s+(?:in\s+(?:total|the\s+aggregate)\s+)?(?:in|during)\s+any\s+"
                    r"(?:period\s+of\s+)?(?P<w>\d+|[a-z-]+(?:\s*\(\d+\))?)[\s-]*(?:consecutive\s+)?(?:calendar\s+)?"
                    r"(?P<wu>day|month)s?(?:[\s-]*period)?", re.IGNORECASE)
_GAP = re.compile(rf"begin\s+(?P<how>less\s+than|within|earlier\s+than)\s+{_NUM}\s+{_UNIT}\s+after\s+the\s+(?:last\s"
                  rf"+day|end)",
                  re.IGNORECASE)
_NOTICE = re.compile(rf"at\s+least\s+{_NUM}\s+business\s+days'?\s+(?:prior\s+)?(?:written\s+)?notice", re.IGNORECASE)
_EXCESS = re.compile(r"\bday\s+of\s+(?:suspension|a\s+\w+\s+Period)[^.;]{0,40}?beyond\s+(?:either|any|the|such)\s+"
                     r"limits?", re.IGNORECASE)
_WHOLE = re.compile(r"first\s+day\s+of\s+any\s+[\w ]{2,40}?\s+that\s+is\s+not\s+an?\s+[\w ]{2,40}?\s+is\s+the\s+date"
                    r"\s+of",
                    re.IGNORECASE)
_POSTPONE = re.compile(rf"(?:postpone|defer|delay|suspend|not\s+be\s+required\s+to\s+\w+)[^.;]{{0,200}}?for\s+(?:a\s"
                       rf"+period\s+"
                       rf"of\s+)?up\s+to\s+{_NUM}\s+days", re.IGNORECASE)


def _n(qs: list[Quantity], m: re.Match[str], group: str = "n") -> int | None:
    if m[group] is None:
        return None
    q = next((q for q in qs if m.start(group) <= q.start < m.end(group) and q.kind in ("count", "ordinal")), None)
    if q is not None:
        return int(q.value) if q.agrees and q.value == q.value.to_integral() else None
    digits = re.search(r"\d+", m[group])
    return int(digits[0]) if digits else words_value(m[group])


def _unit(text: str | None) -> str:
    low = (text or "").lower()
    return "business_days" if "business" in low else "trading_days" if "trading" in low else "days"


def read(d: Draft, defs: Definitions, qs: list[Quantity]) -> None:
    t = d.text
    flat = t.flat
    limits: list[tuple[str, str, int, str, str]] = []  # (field, unit, value, section, quote)
    windows: dict[int, tuple[int, str]] = {}  # index in limits -> (window value, window unit)
    first: int | None = None
    overlong: tuple[str, str, str] | None = None
    for s, e in t.sentences(0, t.end):
        sentence = flat[s:e]
        if not _ZONE.search(sentence):
            continue
        found = False
        for m in _TOTAL.finditer(flat, s, e):
            n, w = _n(qs, m), _n(qs, m, "w")
            if n is None or w is None:
                continue
            limits.append(("totals", _unit(m["unit"]), n, t.section_at(m.start()), t.quote(m.start(), m.end())))
            windows[len(limits) - 1] = (w, "months" if m["wu"].lower().startswith("month") else "days")
            d.claim(m.start(), m.end())
            found = True
        for m in (m for p in _COUNTS for m in p.finditer(flat, s, e)):
            if d.is_claimed(m.start(), m.end()):
                continue
            n = _n(qs, m)
            if n is None:
                continue
            limits.append(("max_count", "count", n, t.section_at(m.start()), t.quote(m.start(), m.end())))
            if m.groupdict().get("w"):
                w = _n(qs, m, "w")
                if w is not None:
                    windows[len(limits) - 1] = (w, "months" if m["wu"].lower().startswith("month") else "days")
            d.claim(m.start(), m.end())
            found = True
        for m in (m for p in _LENGTHS for m in p.finditer(flat, s, e)):
            if d.is_claimed(m.start(), m.end()):
                continue
            n = _n(qs, m)
            if n is None:
                continue
            limits.append(("max_length", _unit(m["unit"]), n, t.section_at(m.start()),
                           t.quote(max(s, m.start() - 40), m.end(), m.start())))
            d.claim(m.start(), m.end())
            found = True
        for m in _GAP.finditer(flat, s, e):
            n = _n(qs, m)
            section = t.section_at(m.start())
            quote = t.quote(max(s, m.start() - 30), m.end() + 40, m.start())
            d.claim(m.start(), min(e, m.end() + 60))
            if n is None:
                continue
            if m["how"].lower().startswith("less"):
                limits.append(("min_gap", _unit(m["unit"]), n, section, quote))
                found = True
            else:
                d.ask("suspension gap", section, quote, f"\"begin within {n} ... after the end\": is the {n}th day "
                      f"within (the earliest start the {n + 1}th) or not (the {n}th)? The draft writes no min_gap; "
                      "set it (a term in the counting unit) and say why in a note.")
        for m in _NOTICE.finditer(flat, s, e):
            n = _n(qs, m)
            if n is None:
                continue
            limits.append(("notice_business_days", "business_days", n, t.section_at(m.start()),
                           t.quote(max(s, m.start() - 60), m.end() + 40, m.start())))
            d.claim(m.start(), m.end())
            found = True
        if found and first is None:
            first = s
        om = _EXCESS.search(flat, s, e) or _WHOLE.search(flat, s, e)
        if om and overlong is None:
            overlong = ("excess" if _EXCESS.match(flat, om.start()) else "whole", t.section_at(om.start()),
                        t.quote(s, e, om.start()))
            d.claim(s, e)
        if not found:
            for m in _POSTPONE.finditer(flat, s, e):
                n = _n(qs, m)
                if n is None:
                    continue
                section = t.section_at(m.start())
                quote = t.quote(max(s, m.start()), m.end(), m.end() - 10)
                d.term("suspension_limit_days", "The longest the restriction may last, in calendar days", n, "days",
                       section, quote)
                d.claim(m.start(), m.end())
                d.ask("suspension", section, quote, "A postponement or suspension the Company may make for up to "
                      f"{n} days: declare it as a suspension kind (max_days, or permitted_suspensions) and say whether "
                      "the limit is per suspension or in total.")
    if not limits or first is None:
        return
    _write(d, defs, limits, windows, first, overlong)


_LABELS = {"max_count": "How many suspensions may be permitted", "max_length": "The longest one suspension may be",
           "min_gap": "A suspension may begin on or after this day after the last day of the preceding one",
           "notice_business_days": "The notice owed before a suspension", "totals": "The most days of suspension in "
                                                                                     "any window"}


def _write(d: Draft, defs: Definitions, limits: list[tuple[str, str, int, str, str]],
           windows: dict[int, tuple[int, str]], first: int, overlong: tuple[str, str, str] | None) -> None:
    t = d.text
    block: Data = {}
    terms: dict[str, list[str] | str] = {}
    units = {u for f, u, _, _, _ in limits if f in ("max_length", "min_gap", "totals")}
    section = limits[0][3]
    for i, (field, unit, value, sec, q) in enumerate(limits):
        tid = d.term("suspension_" + field.replace("_business_days", "").replace("max_", ""), _LABELS[field], value,
                     unit, sec, q)
        if field == "totals":
            w, wu = windows[i]
            wid = d.term("suspension_window", "The rolling window of the total", w, wu, sec, q)
            total = terms.setdefault("totals", [])
            assert isinstance(total, list)
            total.append(f"{tid}|{wid}")
        elif field == "max_count" and i in windows:
            w, wu = windows[i]
            terms["count_window"] = d.term("suspension_count_window", "The window in which the count applies", w, wu,
                                           sec, q)
            terms["max_count"] = tid
        else:
            terms.setdefault(field, tid)
    if len(units) > 1:
        d.ask("permitted suspensions", section, d.passage(first), "The suspension limits are counted in different un"
                                                                  "its ("
              + ", ".join(sorted(units)) + "); rrcalc counts them in one (counting): the draft writes the terms only.")
        return
    kind = _kind(d, defs, first)
    block["kinds"] = [kind]
    unit = next(iter(units), "business_days")
    block["counting"] = {"days": "calendar_days"}.get(unit, unit)
    for field in ("max_length", "min_gap", "max_count", "count_window", "notice_business_days"):
        if field in terms:
            block[field] = terms[field]
    if "totals" in terms:
        block["totals"] = [{"max": x.split("|")[0], "window": x.split("|")[1]} for x in terms["totals"]]
    if overlong is not None:
        block["overlong"] = overlong[0]
    else:
        d.ask("suspension limits", section, d.passage(first), "What a suspension beyond a limit becomes is not said:"
                                                              " the whole "
              "suspension (overlong: whole, the schema's default) or only the days beyond the limit (excess)?")
    if "notice_business_days" in terms:
        d.ask("suspension notice", section, d.passage(first), "Does short notice disqualify the suspension, or only "
                                                              "warrant a "
              "flag (short_notice: warn, the schema's default)?")
    s, e = t.sentence(first)
    block["reference"] = ref(t.section_at(first), t.quote(s, e, first))
    d.permitted_suspensions = block
    d.suspension_kinds[kind] = {"label": "A suspension the Company declares (permitted within the limits)",
                                "default": True, "reference": ref(t.section_at(first), t.quote(s, e, first))}


def _kind(d: Draft, defs: Definitions, pos: int) -> str:
    for name in ("Potential Material Event", "Grace Period", "Blackout Period", "Suspension Period"):
        if defs.get(name) is not None or re.search(re.escape(name), d.text.flat[:d.text.end]):
            return slug(name.replace("Suspension Period", "suspension").replace("Blackout Period", "blackout"))
    return "suspension"


__all__ = ["read"]
