"""A first YAML encoding of an agreement, drafted from its text for a lawyer to finish (`rrcalc draft`).

    >>> from rrcalc import draft
    >>> text = draft.read_text("agreement.txt")          # doctest: +SKIP
    >>> yaml_text = draft.draft_yaml(text, "agreement.txt")   # doctest: +SKIP

The text is read as filed (:mod:`rrcalc.draft.text`: sections, sentences, quotes); the extractors then read, in
this order, the header (:mod:`~rrcalc.draft.header`), the liquidated damages (:mod:`~rrcalc.draft.damages`), the
suspension limits (:mod:`~rrcalc.draft.suspensions`) and the deadlines (:mod:`~rrcalc.draft.deadlines`), each
claiming the words it reads so that no number is read twice. Every value written carries its section and a quote
that occurs in the text; what the draft cannot decide goes to the ``review`` section, with its passage.

The draft always validates: before it is returned, it is read back with rrcalc's own reader and schema
(:func:`check_draft`); a part the schema refuses (which would be a gap in the extractors) is taken out and listed
for review instead, with the schema's message, until the whole file is valid.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from rrcalc.errors import InputError, Location

if TYPE_CHECKING:  # the extractors load only when a draft is made (`rrcalc new` and --help need none of them)
    from rrcalc.draft.build import Draft

#: An agreement's text may be at most this large (the exhibits are 40-50 KB; a larger file is not one agreement).
MAX_TEXT_BYTES = 5 * 1024 * 1024


def read_text(path: str | Path) -> str:
    """The text of ``path``: UTF-8 plain text (a byte-order mark allowed), or an InputError naming the file.

    Refused: an empty file, a binary file (NUL bytes or other control characters), a PDF, an HTML page (save the
    exhibit as plain text first: the draft quotes the words as a lawyer reads them, and tags are not words), a
    text in another encoding, and a file over :data:`MAX_TEXT_BYTES`."""
    import os

    from rrcalc.model.inputs import read_input

    name = str(path)
    try:
        size = os.stat(name).st_size
    except OSError:
        size = 0
    if size > MAX_TEXT_BYTES:
        raise InputError(f"is {size:,} bytes; an agreement's text may be at most {MAX_TEXT_BYTES // (1024 * 1024)} MiB",
                         Location(name))
    data = read_input(name, "an agreement's text")
    if len(data) > MAX_TEXT_BYTES:
        raise InputError(f"more than {MAX_TEXT_BYTES // (1024 * 1024)} MiB; an agreement's text may be at most that",
                         Location(name))
    if data.startswith(b"%PDF"):
        raise InputError("is a PDF; give the agreement's text as plain text (e.g. pdftotext -layout)", Location(name))
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError("is UTF-16; give the text as UTF-8", Location(name))
    if b"\0" in data[:65536] or b"\0" in data:
        raise InputError("is a binary file, not an agreement's text", Location(name))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(f"is not UTF-8 text (byte 0x{data[exc.start]:02x} at line {line}); convert it to UTF-8 "
                         "(e.g. iconv -f latin1 -t utf-8)", Location(name, line)) from None
    controls = sum(1 for c in text if ord(c) < 32 and c not in "\n\r\t\f")
    if controls > max(8, len(text) // 1000):
        raise InputError("holds control characters: a binary file, not an agreement's text", Location(name))
    if not text.strip():
        raise InputError("is empty; give the agreement's text", Location(name))
    head = text.lstrip()[:2000].lower()
    if head.startswith(("<!doctype html", "<html", "<?xml")) or re.search(r"<(?:html|body|div|p|table)\b", head):
        raise InputError("is HTML (or XML); save the exhibit as plain text (the browser's Save as Text, or "
                         "html2text) and draft from that", Location(name))
    return text


def make(text: str, source: str) -> Draft:
    """The draft of ``text`` (the file named ``source``), checked against the schema (see the module docstring)."""
    from rrcalc.draft import damages, deadlines, header, suspensions
    from rrcalc.draft.build import Draft
    from rrcalc.draft.definitions import Definitions
    from rrcalc.draft.numbers import quantities
    from rrcalc.draft.text import Text

    t = Text.read(text)
    d = Draft(t, Path(source).name)
    defs = Definitions(t)
    try:
        header.fill(d, defs)
    except InputError as exc:  # named by the path as given, as every error about the text is
        raise InputError(exc.message, Location(source)) from None
    qs = quantities(t.flat)
    dl = deadlines.Deadlines(d, defs, qs)
    damages.read(d, defs, qs, dl)
    suspensions.read(d, defs, qs)
    dl.run()
    damages.assemble(d, defs, dl)
    stem = "-".join(re.findall(r"[a-z0-9]+", Path(source).stem.lower())[:8]) or "agreement"
    d.header["id"] = f"draft-{stem}"
    d.defined = [f"{df.name} ({df.section})" for df in defs.all if not df.paren or df.section != "preamble"][:60]
    _summarize(d)
    check_draft(d)
    return d


def _summarize(d: Draft) -> None:
    d.header["summary"] = (f"First draft from {d.source} by rrcalc draft: {len(d.terms)} terms, "
                           f"{len(d.obligations)} obligations, {len(d.tracks)} tracks; {len(d.review)} review items "
                           "open. Replace this summary with what the agreement provides.")


def draft_yaml(text: str, source: str) -> str:
    """The YAML text of the draft of ``text``."""
    from rrcalc.draft.writer import write

    return write(make(text, source))


def check_draft(d: Draft, rounds: int = 50) -> None:
    """Read the draft back with rrcalc's reader and schema; take out (into review) each part refused, until it is
    valid. A part is an entry of events, terms, obligations, suspension_kinds, tracks or precedence, or the
    permitted_suspensions, payment_cap and late_interest blocks; what depends on a removed part is refused in turn."""
    from rrcalc.draft.writer import write
    from rrcalc.model.agreement import Agreement
    from rrcalc.model.schema import build
    from rrcalc.model.yamlsrc import parse

    for _ in range(rounds):
        _summarize(d)
        text = write(d)
        try:
            src = parse(text, d.source)
            build(Agreement, src.data, src)
            return
        except InputError as exc:
            where = exc.location.field if exc.location is not None and exc.location.field else ""
            if not _remove(d, where, exc.message):
                raise
    raise InputError("the draft could not be made valid", Location(d.source))  # pragma: no cover


def _remove(d: Draft, where: str, message: str) -> bool:
    """Take out the part ``where`` (a dotted field path) names; False if it names none the draft can drop."""
    parts = re.split(r"[.\[\]]+", where)
    parts = [p for p in parts if p]
    if not parts:
        return False
    group = parts[0]
    section = "preamble"
    if group in ("events", "terms", "obligations", "suspension_kinds", "tracks") and len(parts) > 1:
        table = getattr(d, group)
        entry = table.pop(parts[1], None)
        if entry is None:
            return False
        reference = entry.get("reference") or {}
        section = str(reference.get("section", section))
        passage = str(reference.get("quote", parts[1]))
        d.ask(group.rstrip("s"), section, passage, f"The draft's {group[:-1] if group != 'terms' else 'term'} "
              f"'{parts[1]}' was not complete: {message}")
        return True
    if group in ("permitted_suspensions", "payment_cap", "late_interest") and getattr(d, group) is not None:
        entry = getattr(d, group)
        setattr(d, group, None)
        reference = entry.get("reference") or {}
        d.ask(group.replace("_", " "), str(reference.get("section", section)), str(reference.get("quote", group)),
              f"The draft's {group} was not complete: {message}")
        return True
    if group == "precedence" and d.precedence:
        d.precedence.pop(int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 0)
        return True
    return False
