"""The header of a draft: its date, title, company and parties, the business-day calendar and the agreement's own
words for its payments, permitted blackouts and failures.

The date is the one the preamble gives (``dated as of July 1, 2003``, ``made as of April 24, 2001``); the parties
are the names before the preamble's ``(the "Company")``, ``(each, a "Holder")``..., and the signatories of the
signature pages. The calendar is New York bank days where the agreement defines a business day by New York banks;
where it does not, or defines one otherwise, the calendar is left to review (with the conventions' default).
"""

from __future__ import annotations

import re
from datetime import date

from rrcalc.draft.build import Draft, ref
from rrcalc.draft.definitions import Definitions, title
from rrcalc.errors import InputError, Location

MONTHS = {m: i for i, m in enumerate(("january", "february", "march", "april", "may", "june", "july", "august",
                                      "september", "october", "november", "december"), 1)}
DATE = re.compile(r"\b(?P<m>January|February|March|April|May|June|July|August|September|October|November|December)"
                  r"\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y>\d{4})\b"
                  r"|\bthe\s+(?P<d2>\d{1,2})(?:st|nd|rd|th)?\s+day\s+of\s+(?P<m2>January|February|March|April|May|"
                  r"June|July|August|September|October|November|December),?\s+(?P<y2>\d{4})\b", re.IGNORECASE)

_PARTY_ROLE = re.compile(
    r"^(?:Company|Issuer|Registrant|Corporation|Parent|Guarantors?|(?:Initial |Selling )?(?:Investors?|Holders?|"
    r"Purchasers?|Buyers?|Subscribers?|Stockholders?|Shareholders?|Lenders?|Noteholders?|Initial Purchasers?)|"
    r"(?:Placement )?Agent|Underwriters?)$", re.IGNORECASE)


def read_date(m: re.Match[str]) -> date | None:
    month = (m["m"] or m["m2"]).lower()
    day, year = int(m["d"] or m["d2"]), int(m["y"] or m["y2"])
    try:
        return date(year, MONTHS[month], day)
    except ValueError:
        return None


def fill(d: Draft, defs: Definitions) -> None:
    """The header fields of ``d``: title, date, company, parties, calendar and words."""
    t = d.text
    flat = t.flat
    preamble_end = t.starts[1] if len(t.starts) > 1 else min(len(flat), 3000)
    head = flat[:max(preamble_end, 200)]
    d.header["title"] = _title(head)
    when = None
    lead = re.search(r"\b(?:dated|made|entered\s+into|effective)(?:\s+and\s+(?:entered\s+into|effective))?"
                     r"(?:\s+as\s+of)?\s*(?:the\s+date\s+)?", head, re.IGNORECASE)
    for m in DATE.finditer(head):
        if lead and lead.end() <= m.start() <= lead.end() + 20:
            when = read_date(m)
            break
    if when is None:
        first = next((read_date(m) for m in DATE.finditer(head)), None)
        if first is None:
            first = next((read_date(m) for m in DATE.finditer(flat)), None)
        if first is None:
            raise InputError("no date found in the text: an agreement's text names its date (\"dated as of July 1, "
                             "2003\"); is this an agreement?", Location(d.source))
        when = first
        d.ask("date", "preamble", t.quote(0, min(len(head), 300)),
              f"The preamble does not say \"dated as of\"; the draft takes the first date in the text, {when}.")
    d.header["date"] = when
    company, parties = _parties(d, head)
    d.header["company"] = company
    d.header["parties"] = parties
    d.header["source"] = d.source
    _calendar(d, defs)
    _words(d, defs)


def _title(head: str) -> str:
    m = re.search(r"REGISTRATION\s+RIGHTS\s+AGREEMENT", head, re.IGNORECASE)
    return "Registration Rights Agreement" if m else "Agreement"


def _clean_name(name: str) -> str:
    name = re.sub(r"^(?:and|by|between|among|made|is|,)\s+", "", name.strip(" ,;"), flags=re.IGNORECASE)
    name = re.sub(r"^(?:and|by|between|among)\s+", "", name, flags=re.IGNORECASE)
    cut = re.search(r",\s+(?:an?\s+|with\s+|organized\b|having\b|whose\b|located\b)", name)
    if cut:
        name = name[:cut.start()]
    name = name.strip(" ,;")
    if name.upper() == name and any(c.isalpha() for c in name):  # FOCUS ENHANCEMENTS, INC.
        words = []
        for w in name.split():
            core = w.strip(",.")
            if re.fullmatch(r"(?:[A-Z]\.)+[A-Z]?\.?", w) or (len(core) <= 3 and core not in _SMALL):
                words.append(w)
            else:
                words.append(w[:1] + w[1:].lower())
        name = " ".join(words)
    return name


_SMALL = {"INC", "LTD", "CO", "THE", "AND", "OF", "FOR", "FUND"}


def _singular(role: str) -> str:
    return role[:-1] if role.endswith("s") and not role.endswith("ss") else role


def _parties(d: Draft, head: str) -> tuple[str, list[dict[str, str]]]:
    """The company and the parties: from the preamble's defined roles, and the signature pages."""
    t = d.text
    parties: list[dict[str, str]] = []
    m = re.search(r"\b(?:between|among)\b", head, re.IGNORECASE)
    company = None
    investor_role = None
    if m:
        end = head.find("WHEREAS", m.end())
        sentence_end = re.search(r"\.\s+(?:[A-Z]{2,}|W\s?H\s?E\s?R\s?E\s?A\s?S|R\s?E\s?C\s?I\s?T\s?A\s?L\s?S|"
                                 r"NOW|The\s+parties|A\s?G\s?R\s?E\s?E\s?M\s?E\s?N\s?T)", head[m.end():])
        stop = m.end() + sentence_end.start() + 1 if sentence_end else (end if end > 0 else len(head))
        body = head[m.end():stop]
        prev = 0
        for role_m in re.finditer(r'\(\s*(?:[^()"]{0,60}?\b(?:the|an?|each)\s+)?"(?P<role>[^"]{1,40})"\s*\)', body):
            role = title(role_m["role"].strip(" ,"))
            name_text = body[prev:role_m.start()]
            prev = role_m.end()
            name_text = re.split(r"\)\s*,?\s+(?:and\s+)?|;\s+", name_text)[-1]
            if not _PARTY_ROLE.match(role) and not re.fullmatch(r"[A-Z]{2,6}", role_m["role"]):
                continue
            name = _clean_name(name_text)
            if not name or len(name) > 120:
                continue
            if role.lower() in ("company", "issuer", "registrant", "corporation") and company is None:
                company = name
                role = role[:1].upper() + role[1:]
            elif investor_role is None and not re.fullmatch(r"[A-Z]{2,6}", role):
                investor_role = _singular(role)
            parties.append({"name": name, "role": role})
    for name in _signatories(t.raw):
        clean = _clean_name(name)
        key = re.sub(r"[^a-z]", "", clean.lower())
        if any(re.sub(r"[^a-z]", "", p["name"].lower()) == key for p in parties):
            continue
        parties.append({"name": clean, "role": investor_role or "Investor"})
    if company is None:
        company = parties[0]["name"] if parties else "The Company"
        d.ask("company", "preamble", t.quote(0, min(len(head), 300)),
              "The preamble names no party as the Company or the Issuer; check the company and the parties.")
    if not parties:
        parties = [{"name": company, "role": "Company"}]
    if not any(p["role"] != parties[0]["role"] for p in parties) or any(
            p["name"].lower().startswith(("the ", "each ")) for p in parties):
        d.ask("parties", "preamble", t.quote(0, min(len(head), 300)),
              "Some parties are named only by description (the undersigned, the purchasers listed on a schedule, "
              "the signatories): give their names.")
    return company, parties


def _signatories(raw: str) -> list[str]:
    """The names signed under ``IN WITNESS WHEREOF``: the line above each ``By:`` that is not a heading."""
    m = re.search(r"IN\s+WITNESS\s+WHEREOF", raw, re.IGNORECASE)
    if not m:
        return []
    lines = [ln.strip() for ln in raw[m.end():].split("\n")]
    names: list[str] = []
    for i, line in enumerate(lines):
        if re.match(r"EXHIBIT\b|SCHEDULE\b|ANNEX\b", line):
            break
        if not re.match(r"By:", line):
            continue
        j = i - 1
        while j >= 0 and not lines[j]:
            j -= 1
        if j < 0:
            continue
        above = re.sub(r"^Name of (?:Investor|Holder|Purchaser)s?:\s*", "", lines[j])
        above = re.sub(r"^/s/\s*", "", above).strip()
        if (not above or above.endswith(":") or re.fullmatch(r"[-_ ]+", above)
                or re.fullmatch(r"(?:THE\s+)?(?:COMPANY|HOLDERS?|INVESTORS?|INITIAL INVESTORS?|PURCHASERS?|BUYERS?)",
                                above, re.IGNORECASE) or above.startswith(("Name", "Title", "Its"))):
            continue
        names.append(above)
    return names


def _calendar(d: Draft, defs: Definitions) -> None:
    t = d.text
    bd = defs.get("Business Day")
    if bd is not None:
        body = defs.body(bd)
        quote = t.quote(bd.start, bd.body_end, bd.start)
        if re.search(r"New\s+York", body) and re.search(r"\bbank", body, re.IGNORECASE):
            d.header["calendar"] = {"label": "Business Day", "value": "ny-banks", "unit": "calendar",
                                    "reference": ref(bd.section, quote)}
            return
        d.header["calendar"] = {"label": "Business Day", "value": "ny-banks", "unit": "calendar",
                                "reference": ref(bd.section, quote),
                                "description": "Not a New York bank day as defined: check the calendar."}
        d.ask("calendar", bd.section, quote, "The business day is not defined by New York banks' closings; the draft "
              "writes ny-banks (the conventions' default): choose ny-banks, nyse or weekdays.")
        return
    use = re.search(r"business\s+days?", t.flat[:t.end], re.IGNORECASE)
    if use is not None:
        s, e = d.clause(use.start(), 100, 100)
        quote = t.quote(s, e, use.start())
        section = t.section_at(use.start())
        d.header["calendar"] = {"label": "Business day", "value": "ny-banks", "unit": "calendar",
                                "reference": ref(section, quote),
                                "description": "The agreement counts business days without defining them; the draft "
                                               "uses New York bank days (the conventions' default)."}
        d.ask("calendar", section, quote, "Business days are counted but not defined: the draft uses New York bank "
              "days (docs/conventions.md#business-day-calendars); confirm, or record the choice as a reading.")
        return
    quote = t.quote(0, min(len(t.flat), 120))
    d.header["calendar"] = {"label": "Business day (the agreement counts none)", "value": "ny-banks",
                            "unit": "calendar", "reference": ref("preamble", quote)}


def _words(d: Draft, defs: Definitions) -> None:
    words: dict[str, str] = {}
    for key, pattern in (("amount", r"Periodic Amount|Additional Interest|Registration Delay Payments?|"
                                    r"Liquidated Damages"),
                         ("permitted_suspension", r"Permitted Suspension Period|Allowable Grace Period|"
                                                  r"Blackout Period|Permitted Blackout Period"),
                         ("failure_date", r"Restricted Sale Date|Registration Event|Registration Default|Event Date")):
        for df in defs.all:
            if re.fullmatch(pattern, df.name, re.IGNORECASE):
                words[key] = _singular(df.name) if key == "amount" else df.name
                break
        else:
            m = re.search(rf"\b({pattern})s?\b", d.text.flat[:d.text.end])
            if m and key != "failure_date":
                words[key] = _singular(m[1]) if key == "amount" else m[1]
    if "trading day" in d.text.flat.lower():
        td = defs.get("Trading Day")
        where = td.section if td else d.text.section_at(d.text.flat.lower().find("trading day"))
        pos = td.start if td else d.text.flat.lower().find("trading day")
        s, e = d.clause(pos, 60, 160)
        d.ask("trading calendar", where, d.text.quote(s, e, pos),
              "Trading days are counted on the NYSE's calendar (trading_calendar: nyse); check that the market the "
              "agreement names keeps the NYSE's holidays.")
    if words:
        d.header["words"] = words
