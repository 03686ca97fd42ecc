"""Deadlines: every ``within / no later than / on or before [the] N[th] (calendar|Business|Trading) day(s)
after|following|from X``, ``"Y" means [the] N[th] ... day after X``, ``not less than N business days prior to X``,
``the earlier of (i) ... or (ii) ...``, with their SEC-review variants (``or the 90th calendar day ... if the
Commission notifies the Company that it will review``) and the rolls to the next business day the text gives.

Each deadline whose anchor the draft can name (the date of the agreement, a defined date, another deadline, an
event the text describes) becomes an obligation with its rule, kind and the event that meets it; one it cannot
(an anchor such as "thereafter" or "such filing", a count in Trading Days that a date rule cannot hold, words and
figures that disagree) is written as a term with its quote and listed for review.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from rrcalc.draft.build import Data, Draft, ref, slug
from rrcalc.draft.definitions import Definition, Definitions
from rrcalc.draft.header import DATE, read_date
from rrcalc.draft.numbers import Quantity, plain, unit_after

_CONNECTOR = re.compile(r"\)?\s*(?P<conn>after|following|from|of|subsequent\s+to|prior\s+to|before|in\s+advance\s+of|"
                        r"thereafter)\b", re.IGNORECASE)
_LEAD = re.compile(r"(?P<lead>within|no\s+later\s+than|not\s+later\s+than|on\s+or\s+before|in\s+no\s+event\s+later\s+"
                   r"than|not\s+less\s+than|no\s+less\s+than|at\s+least|means|shall\s+mean|is|on|by|or|and|\(or|"
                   r"the\s+(?:earlier|later)\s+of|(?:ending|beginning)\s+on|until|extended\s+(?:by|to)|prior\s+to|be"
                   r"fore|"
                   r"(?:be|become|becomes)\s+effective)"
                   r"\s*,?\s*(?:(?:in\s+the\s+event\s+of\s+(?:a\s+)?review[^,]{0,40},\s*)?)"
                   r"(?:\((?:[ivx]+|[a-zA-Z]|\d)\)\s*)?(?P<the>the\s+)?(?:(?:but\s+)?(?:not\s+less\s+than\s+))?$",
                   re.IGNORECASE)
_EARLIER = re.compile(r"the\s+(?P<which>earlier|later)\s+of\s*$", re.IGNORECASE)
_STOP_WORDS = re.compile(
    r"\s+(?:if|and\s+(?:shall|will|to|use|cause|keep|thereafter|the)|or\s+(?:\(|the\s+\d|when|at)|provided|unless|"
    r"which\s+(?:shall|will)|subject\s+to|in\s+either\s+event|the\s+Company\s+(?:shall|will)|whichever|until|as\s+th"
    r"e\s+"
    r"case|at\s+which|in\s+accordance|during\s+which|on\s+any\s+form|for\s+which|in\s+connection\s+with|with\s+respe"
    r"ct\s+to|"
    r"in\s+respect\s+of|that\s+the|that\s+it|registering|covering|so\s+that|and\s+not)\b", re.IGNORECASE)
_ANAPHORA = re.compile(r"^(?:such|their|its|it|the\s+same|thereafter|then|that|this|which)\b|^(?:the\s+)?(?:day|date)$",
                       re.IGNORECASE)
_STOP = {"the", "a", "an", "of", "by", "to", "that", "which", "any", "such", "its", "their", "his", "her", "this",
         "each", "all", "is", "be", "been", "being", "has", "have", "shall", "will", "may", "on", "in", "for", "from",
         "with", "at", "as", "date", "day", "company", "companys", "investor", "investors", "or", "and", "written",
         "receipt", "s", "was", "are", "were"}
_RS = r"(?P<stmt>(?:[A-Z][\w-]*\s+){0,4}?)[Rr]egistration\s+[Ss]tatement"
_FILED = re.compile(_RS + r"(?:\s+\w+){0,8}?\s+(?:is|has\s+been|shall\s+have\s+been|was|are)\s+filed\b")
_EFFECTIVE = re.compile(_RS + r"(?:[\s,]+[\w()]+){0,8}?\s+(?:is|has\s+been|shall\s+have\s+been|was|becomes|become)\s+"
                              r"(?:(?:declared|ordered)\s+)?effective\b")
_FILING_OF = re.compile(r"(?:the\s+)?(?:date\s+of\s+(?:the\s+)?)?filing\s+(?:of\s+)?(?P<what>.+)", re.IGNORECASE)
_EFFECTIVE_DATE_OF = re.compile(r"(?:the\s+)?(?:effective\s+date|effectiveness|date\s+of\s+effectiveness)\s+of\s+"
                                r"(?:the\s+|such\s+|any\s+|a\s+)?" + _RS)
_RECEIPT = re.compile(r"^(?:the\s+)?(?:date\s+of\s+)?receipt\s+(?:by\s+the\s+\w+\s+)?of\s+(?P<what>.+)", re.IGNORECASE)
_REVIEW = re.compile(r"\breview(?:s|ed)?\b[^.;]{0,60}?\b(?:SEC|Commission|staff)|\b(?:SEC|Commission|staff)\b"
                     r"[^.;]{0,80}?\breview", re.IGNORECASE)
_NO_REVIEW = re.compile(r"\b(?:not|no)\s+(?:be\s+)?review", re.IGNORECASE)
_FILE_VERB = re.compile(r"\b(?:file|filed|filing)\b", re.IGNORECASE)
_EFFECT_VERB = re.compile(r"\b(?:(?:declared|become|becomes|be|ordered)\s+effective|effectiveness)\b", re.IGNORECASE)
_CONSUMMATE = re.compile(r"\bconsummat\w*\s+(?:the\s+)?(?P<what>(?:[A-Z][\w-]*\s*){1,4})")
_UNIT_WORDS = {"days": "days", "business_days": "business days", "trading_days": "trading days", "months": "months",
               "years": "years", "weeks": "weeks"}


def event_slug(phrase: str, suffix: str = "") -> str:
    """A readable event id from an anchor's words: the first content words, and ``_filed``/``_received``."""
    cut = re.split(r"\s+(?:for|on|in|with|that|which|under|pursuant)\s+", phrase, maxsplit=1)[0]
    words = [w for w in re.findall(r"[a-z0-9]+", cut.lower().replace("'s", "")) if w not in _STOP]
    base = "_".join(words[:3])
    if not base:
        return ""
    if not base[0].isalpha():
        base = "x_" + base
    return base + suffix


@dataclass
class Anchor:
    """What a deadline counts from: an event, an obligation or agreement_date; ``label`` in words."""

    name: str
    label: str
    kind: str  # "event", "obligation", "agreement_date"


@dataclass
class Offset:
    """A parsed ``N unit connector X``: the quantity, unit, sign, anchor text and where it ends."""

    q: Quantity
    unit: str
    sign: int
    anchor_text: str
    anchor_start: int
    anchor_end: int


class Deadlines:
    """Reads every deadline of a text into ``draft`` (obligations, events, terms, review items)."""

    def __init__(self, d: Draft, defs: Definitions, qs: list[Quantity]) -> None:
        self.d, self.defs, self.qs = d, defs, qs
        self.t = d.text
        self.by_name: dict[str, str] = {}  # defined name key -> obligation id
        self.statement_events: dict[str, str] = {}

    # -- the parts of a deadline ---------------------------------------------------------------------------------

    def offset(self, q: Quantity) -> Offset | None:
        """``q`` read as an offset: a unit of time, a connector, an anchor phrase."""
        if q.kind not in ("count", "ordinal"):
            return None
        flat = self.t.flat
        unit = unit_after(flat, q.end)
        if unit is None:
            anniversary = re.match(r"\s+anniversary\b", flat[q.end:q.end + 14])
            if q.kind != "ordinal" or anniversary is None:
                return None
            name, after_unit = "years", q.end + anniversary.end()  # "the second anniversary of the Issue Date"
        else:
            name, after_unit = unit
        if re.match(r"\s*(?:period|year|anniversary)", flat[after_unit:after_unit + 12]) and name != "years":
            return None  # "the 90-day period beginning on", "a 365-day year": not an offset from a date
        if name == "years":
            skip = re.match(r"\s*anniversary\b", flat[after_unit:after_unit + 14])
            if skip:
                after_unit += skip.end()
        m = _CONNECTOR.match(flat, after_unit)
        if not m:
            return None
        conn = m["conn"].lower()
        sign = -1 if conn.startswith(("prior", "before", "in advance")) else 1
        if conn == "thereafter":
            return Offset(q, name, sign, "thereafter", m.start("conn"), m.end())
        _, e = self.t.sentence(q.start)
        start = m.end()
        while start < e and flat[start] == " ":
            start += 1
        end = min(e, start + 200)
        cut = _cut(flat, start, end)
        k = flat.find(". ", start, end)
        if 0 <= k < cut:
            cut = k
        stop = _STOP_WORDS.search(flat, start, cut)
        if stop:
            cut = stop.start()
        text = flat[start:cut].strip(" .")
        return Offset(q, name, sign, text, start, start + len(text))

    def lead(self, q: Quantity) -> re.Match[str] | None:
        s, _ = self.t.sentence(q.start)
        window = self.t.flat[max(s, q.start - 90):q.start]
        return _LEAD.search(window)

    def resolve(self, off: Offset) -> Anchor | None:
        """The anchor of an offset, declaring the event or date obligation it needs; None if it cannot be named."""
        text = off.anchor_text
        low = text.lower()
        own = re.match(r"(?:its|their)\s+(?P<verb>filing|effectiveness)\b", low)
        if own:  # "prior to their filing with the SEC": the statement the sentence speaks of
            s, _ = self.t.sentence(off.q.start)
            stmt = ""
            for sm in re.finditer(_RS, self.t.flat[s:off.q.start]):
                stmt = sm["stmt"]
            if re.search(r"registration\s+statement", self.t.flat[s:off.q.start], re.IGNORECASE):
                return self.statement_event(stmt, "filed" if own["verb"] == "filing" else "effective", off)
        if not text or _ANAPHORA.match(text) or low == "thereafter":
            return None
        if re.match(r"(?:the\s+)?(?:date\s+hereof|date\s+of\s+this\s+agreement|execution\s+(?:and\s+delivery\s+)?of\s+"
                    r"this\s+agreement)", low):
            return Anchor("agreement_date", "the date of the agreement", "agreement_date")
        hit = self.defs.at(off.anchor_start)
        if hit is not None:
            df, end = hit
            rest = self.t.flat[end:off.anchor_end].strip()
            if rest.lower().startswith(("or ", "and ")):
                return None  # two anchors: "the Required Filing Date or a Restricted Sale Date"
            if not rest or rest.lower().startswith("of "):
                anchor = self.defined(df)
                if anchor is not None:
                    return anchor
        for pattern, verb in ((_EFFECTIVE, "effective"), (_FILED, "filed")):
            m = pattern.search(text)
            if m:
                return self.statement_event(m["stmt"], verb, off)
        m = _EFFECTIVE_DATE_OF.match(text)
        if m:
            return self.statement_event(m["stmt"], "effective", off)
        m = _RECEIPT.match(text)
        if m:
            name = event_slug(m["what"], "_received")
            if name:
                label = "Receipt of " + re.sub(r"^(?:the|any)\s+", "", m["what"])
                return Anchor(self.d.event(name, label[:1].upper() + label[1:], self.t.section_at(off.q.start),
                                           self.quote(off)), label, "event")
            return None
        m = _FILING_OF.match(text)
        if m and not re.search(r"registration\s+statement", m["what"], re.IGNORECASE):
            name = event_slug(m["what"], "_filed")
            if name:
                what = m["what"]
                return Anchor(self.d.event(name, f"Filing of {what}", self.t.section_at(off.q.start),
                                           self.quote(off)), f"the filing of {what}", "event")
        if m:
            return self.statement_event("", "filed", off)
        words = [w for w in re.findall(r"[a-z0-9]+", low) if w not in _STOP]
        if not words or len(text.split()) > 12:
            return None
        name = event_slug(text)
        label = text[:1].upper() + text[1:]
        return Anchor(self.d.event(name, label, self.t.section_at(off.q.start), self.quote(off)), text, "event")

    def defined(self, df: Definition) -> Anchor | None:
        """The anchor a defined name stands for: a date, a deadline, or an event its definition describes."""
        if df.key in self.by_name:
            return Anchor(self.by_name[df.key], df.name, "obligation")
        body = self.defs.body(df).strip()
        m = DATE.match(body)
        if m and not df.paren:
            when = read_date(m)
            if when is not None:
                oid = self.d.obligation(slug(df.name), {
                    "label": df.name, "description": f"The {df.name}, as the agreement defines it",
                    "kind": "date", "rule": {"on": when},
                    "reference": ref(df.section, self.t.quote(df.start, df.body_end, df.start))})
                self.by_name[df.key] = oid
                return Anchor(oid, df.name, "obligation")
        if re.search(r"declares?\b.{0,200}\beffective", body) and "registration statement" in body.lower():
            return self.statement_event("", "effective", None, df)
        if df.name.lower() in ("computation date", "restricted sale date", "registration event",
                               "registration default", "effective date"):
            return None
        label = df.name + (": " + body[:1].lower() + body[1:120].rstrip(" ,.") if body and df.paren else "")
        return Anchor(self.d.event(slug(df.name), label, df.section,
                                   self.t.quote(df.start, df.body_end if not df.paren else df.body_end + 1,
                                                df.body_end)),
                      df.name, "event")

    def statement_event(self, stmt: str, verb: str, off: Offset | None, df: Definition | None = None) -> Anchor:
        base = statement_key(stmt)
        name = f"{base}_{verb}"
        what = "the Registration Statement" if base == "registration" else f"the {stmt.strip()} Registration Statement"
        label = f"{what[:1].upper() + what[1:]} is {'declared effective' if verb == 'effective' else 'filed'}"
        if df is not None:
            section, quote = df.section, self.t.quote(df.start, df.body_end, df.start)
        elif off is not None:
            section, quote = self.t.section_at(off.q.start), self.quote(off)
        else:  # pragma: no cover - one of them is given
            section, quote = "preamble", ""
        eid = self.d.event(name, label, section, quote)
        self.statement_events[name] = eid
        return Anchor(eid, label, "event")

    def quote(self, off: Offset, lo: int | None = None) -> str:
        s, _ = self.d.clause(off.q.start, 120, 60)
        start = off.q.start if lo is None else lo
        lead = self.lead(off.q)
        if lead is not None and lo is None:
            start = off.q.start - (len(lead[0]))
        start = max(s, start)
        for df in self.defs.all:  # "\"Filing Deadline\" means the 30th ...": from the defined name
            if not df.paren and df.body_start <= off.q.start < df.body_end and off.q.start - df.start < 160:
                start = min(start, df.start)
        return self.t.quote(start, max(off.anchor_end, off.q.end), off.q.start)

    # -- what the deadline is for ------------------------------------------------------------------------------

    def action(self, q: Quantity, off: Offset, name: str | None) -> tuple[str | None, str | None]:
        met_by, stem, _ = self.action_at(q, off, name)
        return met_by, stem

    def action_at(self, q: Quantity, off: Offset, name: str | None) -> tuple[str | None, str | None, int | None]:
        """(met_by event, id stem) for the deadline at ``q``: filing, effectiveness or consummation, by the defined
        name or the nearest verb before the number in its sentence (after it, when none is before)."""
        flat = self.t.flat
        s, e = self.t.sentence(q.start)
        stmt = ""
        before = flat[s:q.start]
        for m in re.finditer(_RS, before):
            stmt = m["stmt"]
        verb = None
        if name:
            low = name.lower()
            if "filing" in low or "file" in low:
                verb = "filed"
            elif "effective" in low or "effectiveness" in low:
                verb = "effective"
        window = before[-140:]
        verb_at = q.start
        if verb is None:
            best = -1
            for pattern, what in ((_FILE_VERB, "filed"), (_EFFECT_VERB, "effective")):
                for m in pattern.finditer(window):
                    if m.start() > best:
                        best, verb = m.start(), what
            if best >= 0:
                verb_at = q.start - len(window) + best
            cm = None
            for found in _CONSUMMATE.finditer(window):
                cm = found
            if cm is not None and cm.start() > best:
                what = cm["what"].strip()
                at = q.start - len(window) + cm.start()
                eid = self.d.event(slug(what) + "_consummated", f"The {what} is consummated",
                                   self.t.section_at(q.start), self.t.quote(at, off.anchor_end, at))
                return eid, slug(what) + "_consummation", at
            if verb is None:
                after = flat[off.anchor_end:min(e, off.anchor_end + 60)]
                if _FILE_VERB.search(after):
                    verb = "filed"
                elif _EFFECT_VERB.search(after):
                    verb = "effective"
        if verb is None:
            return None, None, None
        base = statement_key(stmt)
        event = f"{base}_{verb}"
        what = "the Registration Statement" if base == "registration" else f"the {stmt.strip()} Registration Statement"
        label = f"{what[:1].upper() + what[1:]} is {'declared effective' if verb == 'effective' else 'filed'}"
        vs, ve = self.d.clause(verb_at, 70, 70)
        eid = self.d.event(event, label, self.t.section_at(verb_at), self.t.quote(vs, ve, verb_at))
        stem = ("" if base == "registration" else base + "_") + ("filing" if verb == "filed" else "effectiveness")
        return eid, stem, verb_at if verb_at < q.start else None

    def name_for(self, q: Quantity, off: Offset) -> Definition | None:
        """The defined name a deadline defines: a ``means`` definition whose body holds it, or a parenthesized
        definition right after its anchor or right before it (``(the "Initial Required Effective Date") which is no
        later than ...``)."""
        for df in self.defs.all:
            if not df.paren and df.body_start <= q.start < df.body_end:
                return df
        s, e = self.t.sentence(q.start)
        flat = self.t.flat
        for df in self.defs.all:
            if not df.paren or not s <= df.body_end <= e:
                continue
            if 0 <= df.body_end - off.anchor_end <= 30 and df.body_start <= q.start and re.search(
                    r"\b(?:Date|Deadline|Day|Period)s?$", df.name, re.IGNORECASE):
                return df
            gap = flat[df.mark_end:q.start]
            if 0 <= q.start - df.mark_end <= 60 and re.match(r"\s*(?:which|that)\s+(?:is|shall\s+be)\b", gap):
                return df
        return None

    # -- reading -----------------------------------------------------------------------------------------------------

    def dates(self) -> None:
        """Every defined date (``"Required Effective Date" means June 1, 2003``): an obligation, a deadline met by the
        filing or effectiveness its name says, else a date."""
        for df in self.defs.all:
            if df.paren or df.key in self.by_name or not DATE.match(self.defs.body(df).strip()):
                continue
            anchor = self.defined(df)
            if anchor is None or anchor.kind != "obligation":
                continue
            low = df.name.lower()
            verb = "filed" if "filing" in low else "effective" if "effective" in low else None
            if verb is None or not re.search(r"required|deadline|filing|effective", low):
                continue
            ob = self.d.obligations[anchor.name]
            ob["kind"] = "deadline"
            ob["description"] = f"The {df.name}, a date the agreement fixes"
            ob["met_by"] = self.d.event(f"registration_{verb}", "The Registration Statement is " + (
                "filed" if verb == "filed" else "declared effective"), df.section,
                self.t.quote(df.start, df.body_end, df.start))
            reference = ob.pop("reference")
            ob["reference"] = reference

    def run(self) -> None:
        self.dates()
        self.review_periods()
        cands: list[tuple[Quantity, Offset, Definition | None]] = []
        for q in self.qs:
            if q.start >= self.t.end or self.d.is_claimed(q.start, q.end):
                continue
            off = self.offset(q)
            if off is None:
                continue
            lead = self.lead(q)
            conn = self.t.flat[off.anchor_start - 20:off.anchor_start].lower()
            if lead is None and not (q.kind == "ordinal"):
                continue
            if lead is None and q.kind == "ordinal":
                before = self.t.flat[max(0, q.start - 5):q.start]
                if not before.lower().endswith("the ") or not re.search(r"(?:after|following)\s*$", conn):
                    continue
            if re.search(r"\bof\s*$", conn) and not re.search(r"anniversary\s+of\s*$", conn) and (
                    q.kind == "ordinal" or lead is None or not re.match(r"within|no\s+later|not\s+later", lead["lead"],
                                                                        re.IGNORECASE)):
                continue
            cands.append((q, off, self.name_for(q, off)))
        for _, _, df in cands:  # names first, so that anchors may mention deadlines defined later
            if df is not None and df.key not in self.by_name:
                self.by_name[df.key] = self.d.free(slug(df.name), self.d.obligations)
                self.d.reserved.add(self.by_name[df.key])
        done: set[int] = set()
        for i, (q, off, df) in enumerate(cands):
            if q.start in done:
                continue
            lead = self.lead(q)
            if lead is not None and _EARLIER.search(lead["lead"] + " "):
                used = self.earliest(i, cands, df, lead)
                done.update(used)
                if used:
                    continue
            self.single(q, off, df, cands, done)
        self.extensions()
        self.periods()
        self.rolls()

    def _rule(self, off: Offset, anchor: Anchor) -> Data | None:
        n = int(off.q.value) * off.sign
        if off.unit == "weeks":
            return {"anchor": anchor.name, "days": 7 * n}
        if off.unit not in ("days", "business_days", "months", "years"):
            return None
        return {"anchor": anchor.name, off.unit: n}

    def single(self, q: Quantity, off: Offset, df: Definition | None, cands: list[tuple[Quantity, Offset,
               Definition | None]], done: set[int]) -> None:
        d, t = self.d, self.t
        section = t.section_at(q.start)
        quote = self.quote(off)
        done.add(q.start)
        d.claim(q.start, off.anchor_end)
        if self._is_review(q, cands, df):
            return  # a review variant: read with the deadline it varies (below), or left to review there
        name = df.name if df is not None else None
        if not q.agrees:
            self._term(q, off, section, quote, name)
            d.ask("deadline", section, quote, "The words and the figures of this number differ; the draft writes the "
                                              "figures as a term, not as a deadline.")
            return
        anchor = self.resolve(off)
        rule = self._rule(off, anchor) if anchor is not None else None
        if anchor is None or rule is None:
            self._term(q, off, section, quote, name)
            why = (f"A date rule counts calendar days, business days, months or years, not {_UNIT_WORDS[off.unit]}: "
                   "the count is written as a term; encode the deadline by hand." if anchor is not None else
                   f"The draft cannot tell what \"{off.anchor_text or 'this'}\" refers to: the count is written as a "
                   "term; write the obligation with its anchor.")
            d.ask("deadline", section, quote, why)
            return
        s, _ = t.sentence(q.start)
        if not name and re.search(r"\b(?:earlier|later|earliest|latest)\s+of\b", t.flat[s:q.start], re.IGNORECASE):
            what = self.context_name(q)
            self._term(q, off, section, quote, what)
            d.ask("deadline", section, d.passage(q.start),
                  "One of several alternatives (\"the earlier of ...\") that the draft cannot all read as date rules: "
                  "the count is written as a term; write the obligation with earliest_of (or latest_of).")
            return
        context = t.flat[max(s, q.start - 80):q.start].lower()
        kind = "deadline"
        if re.search(r"\bif\s+there\s+is\b|\boccurs?\b[^.;]{0,30}$|\bending\s+on\b|\buntil\b|(?:prior\s+to|(?<!or\s)"
                     r"before)"
                     r"\s+the\s*$", context):
            kind = "window_end"
        elif re.search(r"(?:be|become|becomes)\s+effective\s*$", context):
            kind = "date"
        met_by, stem, verb_at = self.action_at(q, off, name) if kind == "deadline" else (None, None, None)
        if verb_at is not None and 0 < q.start - verb_at <= 120 and not name:
            vs = max(s, verb_at - 12)
            enum = re.search(r"\((?:[ivx]+|[a-z])\)\s*$", t.flat[max(s, verb_at - 8):verb_at])
            quote = t.quote(verb_at - (len(enum[0]) if enum else 0) if vs < verb_at else verb_at,
                            max(off.anchor_end, q.end), q.start)
        if off.sign < 0 and met_by is not None and not name:
            met_by = None  # notice before a filing is not met by the filing
        if name:
            oid = self.by_name.get(df.key) if df is not None else None
            oid = oid or d.free(slug(name), d.obligations)
            d.reserved.discard(oid)
            label = name
        else:
            prefix = "window_end_" if kind == "window_end" else "deadline_"
            oid = d.free((stem + "_deadline") if stem and off.sign > 0 else prefix + section_id(section), d.obligations)
            label = _label(stem if off.sign > 0 else None, section, off) if kind != "window_end" else \
                f"End of the window in {section}"
        entry: Data = {"label": label, "description": _describe(off, anchor), "kind": kind, "rule": rule}
        if met_by is not None and kind == "deadline":
            entry["met_by"] = met_by
        entry["reference"] = ref(section, quote)
        cases = self._cases(q, off, cands, done)
        if cases:
            entry["cases"] = cases
        d.obligations[oid] = entry
        if df is not None:
            self.by_name[df.key] = oid

    def _is_review(self, q: Quantity, cands: list[tuple[Quantity, Offset, Definition | None]],
                   df: Definition | None) -> bool:
        """Whether ``q`` is the SEC-review variant of another deadline of its sentence."""
        s, e = self.t.sentence(q.start)
        same = [c for c in cands if s <= c[0].start < e]
        if len(same) < 2:
            return False
        flat = self.t.flat
        for m in _REVIEW.finditer(flat, s, e):
            owner = [c for c in same if self._segment(c[0], c[1])[0] <= m.start() < self._segment(c[0], c[1])[1]]
            if owner:
                if owner[0][0] is q:
                    return True
                continue
            nearest = min(same, key=lambda c: min(abs(m.start() - c[0].start), abs(m.start() - c[1].anchor_end)))
            if nearest[0] is q:
                return True
        return False

    def _segment(self, q: Quantity, off: Offset) -> tuple[int, int]:
        """The alternative a count belongs to: from the last "(", ";" or "or" before it to the next ")", ";" or
        "or" after its anchor (parentheses of numbers and section references aside)."""
        s, e = self.t.sentence(q.start)
        flat = self.t.flat
        lo = s
        for m in re.finditer(r"(?<=\s)\(|;|\bor\b", flat[s:q.start]):
            lo = s + m.end()
        hi = e
        m2 = re.search(r"\)(?<!\(\w\))(?<!\(\w\w\))(?<!\(\d\d\d\))|;|\bor\b", flat[off.anchor_end:e])
        if m2:
            hi = off.anchor_end + m2.start()
        return lo, hi

    def _cases(self, q: Quantity, off: Offset, cands: list[tuple[Quantity, Offset, Definition | None]],
               done: set[int]) -> list[Data]:
        """The SEC-review variants of the deadline at ``q``: a case on the flag sec_review each."""
        d, t = self.d, self.t
        s, e = t.sentence(q.start)
        out: list[Data] = []
        for q2, off2, _ in cands:
            if q2 is q or not s <= q2.start < e or not self._is_review(q2, cands, None):
                continue
            done.add(q2.start)
            window = t.flat[max(s, q2.start - 120):min(e, off2.anchor_end + 160)]
            section = t.section_at(q2.start)
            quote2 = self.quote(off2)
            if _NO_REVIEW.search(window):
                self._term(q2, off2, section, quote2, "Deadline without SEC review")
                d.ask("deadline", section, quote2, "A variant for when the SEC does not review: encode it as a case "
                                                   "by hand (the draft writes the count as a term).")
                continue
            anchor = self.resolve(off2)
            rule = self._rule(off2, anchor) if anchor is not None else None
            if rule is None:
                self._term(q2, off2, section, quote2, "Deadline on SEC review")
                d.ask("deadline", section, quote2, "The SEC-review variant's anchor or unit cannot be a date rule: the "
                                                   "count is written as a term.")
                continue
            m = _REVIEW.search(t.flat, s, e)
            rq = t.quote(*d.clause(m.start() if m else q2.start, 120, 120), m.start() if m else q2.start)
            flag = d.event("sec_review", "The SEC notifies the Company that it will review the Registration "
                                         "Statement", section, rq, kind="flag")
            out.append({"when": flag, "rule": rule, "reference": ref(section, quote2)})
        return out

    def earliest(self, i: int, cands: list[tuple[Quantity, Offset, Definition | None]], df: Definition | None,
                 lead: re.Match[str]) -> set[int]:
        """``the earlier (later) of (i) N days after X or (ii) M days after Y`` (or a date): one obligation whose rule
        is earliest_of (latest_of) the alternatives; empty if an alternative cannot be read (left to the single
        reading of each count)."""
        d, t = self.d, self.t
        q, off, _ = cands[i]
        s, e = t.sentence(q.start)
        flat = t.flat
        which = "earliest_of" if "earlier" in lead["lead"].lower() else "latest_of"
        start = q.start
        stop = min(e, flat.find(";", start) if flat.find(";", start) >= 0 else e)
        rules: list[Data] = []
        used: set[int] = set()
        pos = start
        end = off.anchor_end
        while True:
            here = next((c for c in cands if c[0].start == pos), None)
            if here is not None:
                anchor = self.resolve(here[1])
                rule = self._rule(here[1], anchor) if anchor is not None else None
                if rule is None:
                    return set()
                rules.append(rule)
                used.add(pos)
                end = here[1].anchor_end
            else:
                dm = DATE.match(flat, pos)
                when = read_date(dm) if dm else None
                if when is None:
                    return set()
                rules.append({"on": when})
                end = dm.end() if dm else pos
            nxt = re.match(r"[^;.]{0,120}?\s+or\s+(?:\((?:[ivx]+|[a-zA-Z]|\d)\)\s*)?", flat[end:stop])
            if not nxt:
                break
            pos = end + nxt.end()
            if pos >= stop:
                break
        if len(rules) < 2:
            return set()
        section = t.section_at(q.start)
        quote = t.quote(max(s, q.start - len(lead[0]) - 20), end, q.start)
        name = df.name if df is not None else None
        context = flat[max(s, q.start - 80):q.start].lower()
        kind = "window_end" if re.search(r"\bending\s+on\b|\buntil\b", context) else "deadline"
        met_by, stem = self.action(q, off, name)
        oid = (self.by_name.get(df.key) if df is not None else None) or d.free(
            slug(name) if name else ((stem + "_deadline") if stem else "deadline_" + section_id(section)),
            d.obligations)
        entry: Data = {"label": name or _label(stem, section, off),
                       "description": f"The {'earlier' if which == 'earliest_of' else 'later'} of the dates "
                                      "the clause lists", "kind": kind, "rule": {which: rules}}
        if met_by is not None and kind == "deadline":
            entry["met_by"] = met_by
        entry["reference"] = ref(section, quote)
        d.obligations[oid] = entry
        if df is not None:
            self.by_name[df.key] = oid
        d.claim(q.start, end)
        return used

    def context_name(self, q: Quantity) -> str | None:
        """The defined name a count is part of: the last parenthesized definition before it in its sentence
        (``the period (the "Registration Period") continuing until the earlier of ...``)."""
        s, _ = self.t.sentence(q.start)
        best = None
        for df in self.defs.all:
            if df.paren and s <= df.body_end < q.start:
                best = df
        return best.name if best is not None else None

    def _term(self, q: Quantity, off: Offset, section: str, quote: str, name: str | None) -> None:
        base = (slug(name) if name else "deadline_" + section_id(section)) + "_" + off.unit
        what = name or f"Deadline in {section}"
        sign = "before" if off.sign < 0 else "after"
        value, unit = (int(q.value) * 7, "days") if off.unit == "weeks" else (int(q.value), off.unit)
        after = "thereafter" if off.anchor_text == "thereafter" else f"{sign} {off.anchor_text or 'the anchor'}"
        self.d.term(base, f"{what}: {plain(q.value)} {_UNIT_WORDS[off.unit]} {after}", value, unit, section, quote)

    # -- extensions, periods and other forms ------------------------------------------------------------------------

    def extensions(self) -> None:
        """``the Registration Deadline shall be extended by a period of thirty (30) days in the event X``: a case of
        the deadline, on the event X."""
        d, t = self.d, self.t
        flat = t.flat
        pattern = re.compile(r"shall\s+be\s+extended\s+(?:by\s+(?:a\s+period\s+of\s+)?|for\s+(?:an\s+additional\s+)?)"
                             r"(?P<n>[\w-]+(?:\s*\(\d+\))?)\s+(?P<unit>(?:calendar\s+|business\s+)?days|months)\s+"
                             r"(?:in\s+the\s+event\s+(?:that\s+)?|if\s+)(?P<cond>[^.;]+)", re.IGNORECASE)
        for m in pattern.finditer(flat, 0, t.end):
            s, _ = t.sentence(m.start())
            hit = None
            for df in self.defs.all:
                oid = self.by_name.get(df.key)
                if oid in d.obligations and re.search(re.escape(df.name) + r"\s*$", flat[s:m.start()], re.IGNORECASE):
                    hit = oid
            q = next((q for q in self.qs if m.start("n") <= q.start < m.end("n")), None)
            section = t.section_at(m.start())
            quote = t.quote(s, min(m.end(), s + 290), m.start())
            if q is not None:
                d.claim(q.start, q.end)
            if hit is None or q is None:
                continue
            unit = "business_days" if "business" in m["unit"].lower() else m["unit"].lower().replace(
                "calendar ", "")
            rule = dict(d.obligations[hit]["rule"])
            if "anchor" not in rule or unit not in rule:
                d.ask("deadline", section, quote, "An extension of a deadline whose rule the draft cannot extend: add "
                                                  "a case by hand.")
                continue
            rule[unit] = rule[unit] + int(q.value)
            cond = re.sub(r",?\s*whether\s+or\s+not\s+insured", "", m["cond"]).strip()
            event = d.event(event_slug(cond) or "extension_event", cond[:1].upper() + cond[1:120], section, quote)
            d.obligations[hit].setdefault("cases", []).append({"when": event, "rule": rule,
                                                               "reference": ref(section, quote)})
            d.ask("deadline", section, quote, f"The extension applies whenever {event} is given: must the event come"
                                              f" by "
                  "the deadline (on_or_before: own_rule)? The words do not say.")

    def periods(self) -> None:
        """``at any time after April 24, 2003`` (the earliest day), ``the 90-day period beginning on X`` (its last
        day is X + 89) and ``the seven days prior to and during`` it (its first day, X - 7)."""
        d, t = self.d, self.t
        flat = t.flat
        for m in re.finditer(r"[Aa]t\s+any\s+time\s+(?P<on>on\s+or\s+)?after\s+", flat[:t.end]):
            dm = DATE.match(flat, m.end())
            when = read_date(dm) if dm else None
            if when is None or dm is None:
                continue
            section = t.section_at(m.start())
            quote = t.quote(m.start(), min(dm.end() + 80, t.sentence(m.start())[1]), m.start())
            d.obligation("earliest_" + section_id(section), {
                "label": f"Earliest day (§{section})", "description": f"From the day after {dm[0]}" if not m["on"] else
                f"From {dm[0]}", "kind": "earliest", "rule": {"on": when, "days": 0 if m["on"] else 1},
                "reference": ref(section, quote)})
        pattern = re.compile(r"(?:(?P<pre>[\w-]+(?:\s*\(\d+\))?)\s+days\s+prior\s+to\s+and\s+during\s+)?the\s+"
                             r"(?P<n>\d+|[\w-]+(?:\s*\(\d+\))?)[\s-]+day\s+period\s+beginning\s+(?:on|with)\s+",
                             re.IGNORECASE)
        for m in pattern.finditer(flat, 0, t.end):
            q = next((q for q in self.qs if m.start("n") <= q.start < m.end("n") and q.kind == "count"), None)
            if q is None or not q.agrees:
                continue
            off = self.offset_from(q, m.end())
            anchor = self.resolve(off) if off is not None else None
            section = t.section_at(m.start())
            quote = t.quote(m.start(), off.anchor_end if off else m.end(), m.start())
            if anchor is None or off is None:
                d.ask("deadline", section, quote, "A period whose first day the draft cannot name: encode its bounds "
                                                  "by hand.")
                continue
            n = int(q.value)
            d.obligation("window_end_" + section_id(section), {
                "label": f"Last day of the {n}-day period (§{section})",
                "description": f"The {n}-day period begins on {anchor.label} (day 1): its last day is {n - 1} days "
                               "later", "kind": "window_end", "rule": {"anchor": anchor.name, "days": n - 1},
                "reference": ref(section, quote)})
            d.claim(m.start(), off.anchor_end)
            pq = next((x for x in self.qs if m["pre"] and m.start("pre") <= x.start < m.end("pre")), None)
            if pq is not None and pq.agrees:
                d.obligation("window_start_" + section_id(section), {
                    "label": f"First day of the {int(pq.value)} days before the period (§{section})",
                    "description": f"{int(pq.value)} days before {anchor.label}", "kind": "window_start",
                    "rule": {"anchor": anchor.name, "days": -int(pq.value)}, "reference": ref(section, quote)})
                d.claim(pq.start, pq.end)

    def review_periods(self) -> None:
        """``shall have five (5) business days in which to review``: a period whose start the text does not date."""
        d, t = self.d, self.t
        for m in re.finditer(r"shall\s+have\s+(?P<n>[\w-]+(?:\s*\(\d+\))?)\s+(?P<unit>(?:business\s+|calendar\s+)?da"
                             r"ys?)\s+"
                             r"(?:in\s+which\s+)?to\s+(?P<what>\w+)", t.flat[:t.end], re.IGNORECASE):
            q = next((q for q in self.qs if m.start("n") <= q.start < m.end("n") and q.kind == "count"), None)
            if q is None or not q.agrees or d.is_claimed(q.start, q.end):
                continue
            section = t.section_at(m.start())
            s, e = d.clause(m.start(), 120, 120)
            quote = t.quote(s, e, m.start())
            unit = "business_days" if "business" in m["unit"].lower() else "days"
            d.term(f"time_to_{m['what'].lower()}", f"Time to {m['what'].lower()}", int(q.value), unit, section, quote)
            d.claim(q.start, q.end)
            d.ask("deadline", section, quote, f"A period of {int(q.value)} {unit.replace('_', ' ')} to "
                  f"{m['what'].lower()}, from a day the text does not name as a fact: the count is written as a term; "
                  "declare the event it runs from and the obligation.")

    def offset_from(self, q: Quantity, start: int) -> Offset | None:
        """An offset whose anchor phrase starts at ``start`` (for the forms read above)."""
        flat = self.t.flat
        _, e = self.t.sentence(start)
        end = min(e, start + 200)
        cut = _cut(flat, start, end)
        stop = _STOP_WORDS.search(flat, start, cut)
        if stop:
            cut = stop.start()
        text = flat[start:cut].strip(" .")
        return Offset(q, "days", 1, text, start, start + len(text)) if text else None

    # -- rolls -------------------------------------------------------------------------------------------------------

    def rolls(self) -> None:
        """``if either deadline falls on a day that is not a Business Day, it is extended to the next Business Day``,
        ``should such date fall on a weekend``: the roll of the deadlines the sentence names."""
        d, t = self.d, self.t
        flat = t.flat
        for m in re.finditer(r"not\s+a\s+Business\s+Day|fall\s+on\s+a\s+weekend|(?:Saturday|Sunday|holiday)[^.;]{0,40}"
                             r"next\s+(?:succeeding\s+)?business\s+day", flat[:t.end], re.IGNORECASE):
            s, e = t.sentence(m.start())
            sentence = flat[s:e]
            if not re.search(r"next\s+(?:succeeding\s+)?business\s+day", sentence, re.IGNORECASE):
                continue
            roll = "next_business_day_if_weekend" if re.search(r"weekend", m[0], re.IGNORECASE) else "next_business_day"
            section = t.section_at(m.start())
            quote = t.quote(*d.clause(m.start(), 140, 100), m.start())
            targets: list[str] = []
            for df in self.defs.all:
                oid = self.by_name.get(df.key)
                if oid in d.obligations and re.search(re.escape(df.name), sentence, re.IGNORECASE) \
                        and d.obligations[oid].get("kind") != "date":
                    targets.append(oid)
            ordinals = {int(x) for x in re.findall(r"(\d+)(?:st|nd|rd|th)\b", sentence)}
            if ordinals:
                top = section.split("(")[0]
                for oid, ob in d.obligations.items():
                    rule = ob["rule"]
                    n = next((rule[k] for k in ("days", "business_days") if k in rule), None)
                    if n in ordinals and ob["reference"]["section"].split("(")[0] == top:
                        targets.append(oid)
            vague = re.search(r"\b(?:either|both|any|each|all)\s+(?:deadline|date)s?\b", sentence, re.IGNORECASE)
            if vague and not targets:
                targets += [oid for oid, ob in d.obligations.items() if ob["reference"]["section"] == section
                            and ob.get("kind", "deadline") == "deadline"]
            if vague and targets:
                d.ask("roll", section, quote, f"\"{vague[0]}\": the draft rolls {', '.join(dict.fromkeys(targets))}; "
                                              "does the roll reach other deadlines (add roll: next_business_day to "
                                              "their rules)?")
            if not targets:
                d.ask("roll", section, quote, "A roll to the next business day whose deadlines the draft cannot tell: "
                                              "set roll on the rules it applies to.")
                continue
            for oid in dict.fromkeys(targets):
                ob = d.obligations[oid]
                for rule in [ob["rule"], *(c["rule"] for c in ob.get("cases", []))]:
                    if "anchor" in rule or "on" in rule:
                        rule["roll"] = roll
                ob["reference"] = _joined(ob["reference"], section, quote)
            d.claim(m.start(), m.end())


def _cut(flat: str, start: int, end: int) -> int:
    """Where an anchor phrase from ``start`` ends: at the first , ; : ( or ), except the parentheses of a section
    reference (``Section 2(a)``, ``Rule 144(k)``)."""
    for m in re.finditer(r"[,;:]|(?<![\w)])\(|\)(?<!\(\w\))(?<!\(\w\w\))(?<!\(\w\w\w\))", flat[start:end]):
        if m[0] == ")" and re.search(r"\w\(\w{1,3}\)$", flat[start:start + m.end()]):
            continue
        return start + m.start()
    return end


def _joined(reference: Data, section: str, quote: str) -> Data:
    sections = [x.strip() for x in str(reference["section"]).split(",")]
    if section not in sections:
        sections.append(section)
    return {"section": ", ".join(sections), "quote": reference["quote"]}


def section_id(section: str) -> str:
    """``3(d)(i)`` as ``3di``, for ids."""
    return re.sub(r"[^a-z0-9]", "", section.lower()) or "x"


def statement_key(stmt: str) -> str:
    words = [w for w in re.findall(r"[a-z0-9]+", stmt.lower()) if w not in ("the", "a", "an", "such", "any", "each",
                                                                             "new", "existing", "which", "that")]
    return "_".join(words[-3:]) if words else "registration"


def _label(stem: str | None, section: str, off: Offset) -> str:
    if stem:
        what = stem.replace("_", " ")
        return what[:1].upper() + what[1:] + " deadline"
    return f"Deadline in {section}"


def _describe(off: Offset, anchor: Any) -> str:
    n = plain(off.q.value)
    unit = _UNIT_WORDS[off.unit]
    if off.q.kind == "ordinal":
        text = f"The {n}{_suffix(int(off.q.value))} {unit[:-1]} {'before' if off.sign < 0 else 'after'} {anchor.label}"
    else:
        text = f"{n} {unit} {'before' if off.sign < 0 else 'after'} {anchor.label}"
    return text[:200]


def _suffix(n: int) -> str:
    if 10 <= n % 100 <= 20:
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")


__all__ = ["Deadlines", "Decimal"]
