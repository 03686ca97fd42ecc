"""`rrcalc draft TEXT [-o FILE]`: a first encoding of an agreement drafted from its text, for a lawyer to finish.

Each of the seven bundled texts drafts into a file `rrcalc check` validates (reported as a draft); every value the
draft writes quotes words of the text; specific values are the ones a lawyer reads in the clause (worked from the
text here, with the words quoted) and the bundled hand encodings give for the same clause; what the text leaves
open is in `review`, not among the terms; the draft finds the hand encodings' deadline offsets, rates, caps, period
lengths and payment offsets (recall, by value and section) and writes none of them differently.
"""

from __future__ import annotations

import json
import re
import shutil
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from .conftest import AGREEMENTS, ROOT, run

TEXTS = ROOT.parent / "shared" / "agreements-text"
SEVEN = {
    "1998": "1998-02-27_focus-enhancements_rra.txt",
    "2001": "2001-04-24_focus-enhancements_rra.txt",
    "2002": "2002-11-25_focus-enhancements_rra.txt",
    "2003": "2003-07-01_focus-enhancements_rra.txt",
    "2007": "2007-illustrative-fixed-amount-rra-excerpt.txt",
    "2012": "2012-illustrative-notes-rra-excerpt.txt",
    "2024": "2024-illustrative-pipe-rra-excerpt.txt",
}
needs_texts = pytest.mark.skipif(not TEXTS.is_dir(), reason=f"the agreements' texts are not at {TEXTS} (the shared "
                                                             "folder beside the repository)")


def _read_yaml(path: Path) -> Any:
    from rrcalc.model.yamlsrc import read_file

    return read_file(path).data


def _draft(tmp_path: Path, year: str) -> tuple[Path, dict[str, Any]]:
    """The draft of one bundled text, written beside a copy of the text (so `check` can verify its quotes)."""
    text = tmp_path / SEVEN[year]
    shutil.copyfile(TEXTS / SEVEN[year], text)
    out = tmp_path / f"draft-{year}.yaml"
    done = run("draft", text, "-o", out)
    assert done.code == 0, done.err
    assert done.out == ""
    assert re.match(r"rrcalc: wrote .*: \d+ terms, \d+ obligations, \d+ tracks; \d+ review items open", done.err)
    return out, _read_yaml(out)


def _canon(text: str) -> str:
    """Text as a quote is compared with it: page-number lines dropped, whitespace one space, straight quotes."""
    text = re.sub(r"(?m)^\s*(?:-\s*\d{1,3}\s*-|\d{1,3}|<PAGE>)\s*$", " ", text)
    text = text.replace("\u201c", '"').replace("\u201d", '"').replace("\u2019", "'")
    return " ".join(text.split())


def _references(node: Any, path: str = "") -> list[tuple[str, str, str]]:
    """Every (path, section, quote) of a parsed agreement file."""
    out: list[tuple[str, str, str]] = []
    if isinstance(node, dict):
        if isinstance(node.get("quote"), str) and "section" in node:
            out.append((path, str(node["section"]), node["quote"]))
        for k, v in node.items():
            out += _references(v, f"{path}.{k}")
    elif isinstance(node, list):
        for i, v in enumerate(node):
            out += _references(v, f"{path}[{i}]")
    return out


def _term(data: dict[str, Any], value: str, unit: str, section: str) -> tuple[str, dict[str, Any]]:
    """The one term of the draft with this value, unit and section."""
    found = [(k, t) for k, t in data["terms"].items()
             if Decimal(str(t["value"])) == Decimal(value) and t["unit"] == unit
             and t["reference"]["section"] == section]
    assert len(found) == 1, (value, unit, section, [(k, t["value"], t["unit"]) for k, t in data["terms"].items()])
    return found[0]


# -- every text --------------------------------------------------------------------------------------------------


@needs_texts
@pytest.mark.parametrize("year", list(SEVEN))
def test_each_text_drafts_an_agreement_check_validates_as_a_draft(tmp_path: Path, year: str) -> None:
    out, data = _draft(tmp_path, year)
    assert data["source"] == SEVEN[year] and data["review"], data.get("review")
    done = run("check", out)
    assert done.code == 0, done.out + done.err
    lines = done.out.splitlines()
    assert any(re.match(rf"PASS  \S*draft-{year}\.yaml  agreement draft-\S+ is valid", line) for line in lines), lines
    n = len(data["review"])
    assert any(re.match(rf"DRAFT  \S*draft-{year}\.yaml  {n} review items open", line) for line in lines), lines
    assert lines[-1].endswith(", 0 failed, 1 draft")
    assert not any(line.startswith("FAIL") for line in lines)  # its quotes, where check verifies them, included
    failed = run("check", out, "--fail-on", "draft")
    assert failed.code == 1
    assert any(re.match(rf"FAIL  \S*draft-{year}\.yaml  {n} review items open", line)
               for line in failed.out.splitlines())


@needs_texts
@pytest.mark.parametrize("year", list(SEVEN))
def test_every_value_and_review_passage_quotes_the_text(tmp_path: Path, year: str) -> None:
    _, data = _draft(tmp_path, year)
    text = _canon((TEXTS / SEVEN[year]).read_text(encoding="utf-8")).lower()
    refs = _references(data)
    assert len(refs) >= 8
    for path, section, quote in refs:
        assert quote and len(quote) <= 400, path
        assert _canon(quote).lower() in text, f"{path} (section {section}) quotes words not in the text: {quote!r}"
    for item in data["review"]:
        assert set(item) == {"topic", "section", "passage", "why"}
        assert _canon(item["passage"]).lower() in text, item
    for tid, term in data["terms"].items():  # a value without its quote would not be a term of the draft
        assert term["reference"]["quote"], tid


# -- what a lawyer reads in the clauses ---------------------------------------------------------------------------


@needs_texts
def test_2003_the_late_filing_rate_computation_period_and_suspension_limits(tmp_path: Path) -> None:
    _, data = _draft(tmp_path, "2003")
    hand = _read_yaml(AGREEMENTS / "2003.yaml")
    # 2(b)(iii): "(A) with respect to the Required Filing Date, one percent (1%) of the Purchase Price of the Common
    # Stock each Computation Date": 1%, per Computation Date (the hand encoding's late_filing_rate).
    _, rate = _term(data, "1", "percent", "2(b)(iii)")
    words = "one percent (1%) of the Purchase Price of the Common Stock each Computation Date"
    assert words in rate["reference"]["quote"]
    assert Decimal(str(hand["terms"]["late_filing_rate"]["value"])) == 1
    # (b) "one and one-half (1 1/2%) percent": 1.5%, the restricted_sale_rate.
    _, rate2 = _term(data, "1.5", "percent", "2(b)(iii)")
    assert "one and one-half (1 1/2%) percent" in rate2["reference"]["quote"]
    # 2(b)(vii): a Computation Date is "thirty (30) days after the Required Filing Date or a Restricted Sale Date".
    _, period = _term(data, "30", "days", "2(b)(vii)")
    assert "thirty (30) days after the Required Filing Date" in period["reference"]["quote"]
    assert hand["terms"]["computation_period"]["value"] == 30
    # 1(h): "five (5) business days from the date of the filing of the Company's Quarterly Report on Form 10-Q",
    # rolled by 2(a)(i) "should such date fall on a weekend": the hand encoding's rule.
    rfd = data["obligations"]["required_filing_date"]
    assert rfd["rule"]["business_days"] == 5 and rfd["rule"]["roll"] == "next_business_day_if_weekend"
    assert rfd["met_by"] == "registration_filed"
    assert hand["obligations"]["required_filing_date"]["rule"]["business_days"] == 5
    # 3(h): "up to two such suspension periods ... (i) be for more than fifteen (15) business days or (ii) begin less
    # than ten (10) business days after the last day of the preceding suspension ... at least two (2) business days'
    # notice".
    ps = data["permitted_suspensions"]
    got = {k: data["terms"][ps[k]]["value"] for k in ("max_count", "max_length", "min_gap", "notice_business_days")}
    assert got == {"max_count": 2, "max_length": 15, "min_gap": 10, "notice_business_days": 2}
    assert ps["counting"] == "business_days"
    want = {k: hand["terms"][hand["permitted_suspensions"][k]]["value"] for k in got}
    assert got == want
    # The Computation Date track leaves choices to readings (proration, the first period, the base): not written.
    assert not data.get("tracks")
    assert any(item["topic"] == "track" and "Computation Date" in item["why"] for item in data["review"])


@needs_texts
def test_2024_deadlines_cap_and_monthly_payments(tmp_path: Path) -> None:
    _, data = _draft(tmp_path, "2024")
    hand = _read_yaml(AGREEMENTS / "2024.yaml")
    ob = data["obligations"]
    # 1(a) "Closing Date" means March 6, 2024; 1(f) "the 30th calendar day after the Closing Date".
    assert ob["closing_date"]["rule"] == {"on": __import__("datetime").date(2024, 3, 6)}
    assert ob["filing_deadline"]["rule"]["days"] == 30 and ob["filing_deadline"]["rule"]["anchor"] == "closing_date"
    # 1(g): the 60th calendar day, "or the 90th calendar day ... if the Commission notifies the Company that it will
    # review"; "if either deadline falls on a day that is not a Business Day, it is extended to the next Business Day".
    eff = ob["effectiveness_deadline"]
    assert eff["rule"] == {"anchor": "closing_date", "days": 60, "roll": "next_business_day"}
    assert eff["cases"][0]["when"] == "sec_review" and eff["cases"][0]["rule"]["days"] == 90
    assert data["events"]["sec_review"]["type"] == "flag"
    assert hand["obligations"]["effectiveness_deadline"]["cases"][0]["rule"]["days"] == 90
    # Does "either deadline" reach the Filing Deadline of 1(f)? The draft asks.
    assert any(item["topic"] == "roll" and "either deadline" in item["why"] for item in data["review"])
    # 3(c): "shall not exceed ten percent (10%) of its Subscription Amount": the hand encoding's 10% cap.
    cap = data["payment_cap"]
    assert data["terms"][cap["rate"]]["value"] == 10 and "ten percent (10%)" in cap["reference"]["quote"]
    assert hand["terms"][hand["payment_cap"]["rate"]]["value"] == 10
    # 3(b), 3(d): 1% of the Subscription Amount on each Registration Event and monthly anniversary, "prorated by the
    # number of days in the period divided by 30", due "three Business Days after the date on which it accrues".
    late = data["tracks"]["late_filing"]
    assert (late["deadline"], late["cure"], late["periods"], late["base"]) == \
        ("filing_deadline", "registration_filed", "monthly", "purchase_price")
    assert data["terms"][late["rates"][0]["rate"]]["value"] == 1
    assert data["terms"][late["period_days"]]["value"] == 30 and late["partial_period"] == "daily"
    assert data["terms"][late["payment"]["business_days_after_accrual"]]["value"] == 3
    assert data["tracks"]["late_effectiveness"]["deadline"] == "effectiveness_deadline"


@needs_texts
def test_2007_fixed_dollar_damages(tmp_path: Path) -> None:
    _, data = _draft(tmp_path, "2007")
    t = data["terms"]
    # §2: "$10,000 for each 30-day period following the Filing Deadline, pro rata for any portion of a 30-day period";
    # "Each payment is due no later than three Business Days after the end of the 30-day period (or portion)".
    filing = data["tracks"]["late_filing"]
    assert (filing["amount"], filing["periods"], filing["partial_period"]) == ("usd", "consecutive", "daily")
    assert t[filing["rates"][0]["rate"]]["value"] == 10000 and t[filing["period_days"]]["value"] == 30
    assert "$10,000 for each 30-day period" in t[filing["rates"][0]["rate"]]["reference"]["quote"]
    assert t[filing["payment"]["business_days_after_period_end"]]["value"] == 3
    # §3: "$2,500 for each Business Day after the Effectiveness Deadline up to but excluding the day it is declared
    # effective. The amounts for each calendar month are due on the fifth Business Day of the following month."
    eff = data["tracks"]["late_effectiveness"]
    assert (eff["amount"], eff["periods"], eff["cure_day_counts"]) == ("usd_per_business_day", "calendar_months",
                                                                       "not_counted")
    assert t[eff["rates"][0]["rate"]]["value"] == 2500
    assert t[eff["payment"]["nth_business_day_of_next_month"]]["value"] == 5
    # 4(a) "shall not exceed $250,000" (all payments: scope total, asked); 4(b) "18% per annum ... over a 365-day
    # year"; 4(c) "No payment accrues under Section 2 for a day on which a payment accrues under Section 3".
    assert t[data["payment_cap"]["amount"]]["value"] == 250000 and data["payment_cap"]["scope"] == "total"
    li = data["late_interest"]
    assert (t[li["rate"]]["value"], t[li["period_days"]]["value"]) == (18, 365)
    assert data["precedence"][0]["tracks"] == ["late_effectiveness", "late_filing"]
    # "until it is filed": whether the filing day counts is not said, so the draft does not say it either.
    assert "cure_day_counts" not in filing
    assert any(item["topic"] == "cure day" and item["section"] == "2" for item in data["review"])


@needs_texts
def test_2012_additional_interest_steps_up_and_blackouts(tmp_path: Path) -> None:
    _, data = _draft(tmp_path, "2012")
    t = data["terms"]
    # 4(a) "a deadline in Section 2 or 3 is missed": one track for each of the five deadlines.
    assert len(data["tracks"]) == 5
    track = data["tracks"]["late_exchange_offer_filing"]
    # 4(b): "0.25% per annum for the first 90-day period ..., increasing by a further 0.25% per annum at the start of
    # each subsequent 90-day period, up to a maximum of 1.00% per annum"; 1(e) "a 360-day year of twelve 30-day
    # months"; 4(c) "to but excluding the day the default is cured"; 4(e) paid "on each Interest Payment Date".
    assert (track["amount"], track["base"], track["day_count"], track["periods"], track["cure_day_counts"]) == \
        ("annual_percent", "principal", "30/360", "payment_dates", "not_counted")
    su = track["step_up"]
    assert [t[su[k]]["value"] for k in ("every_days", "by", "max")] == [90, Decimal("0.25"), 1]
    assert t[track["rates"][0]["rate"]]["value"] == Decimal("0.25")
    assert [t[x]["value"] for x in track["payment"]["fixed_dates"]] == ["05-15", "11-15"]
    assert [t[x]["value"] for x in track["payment"]["record_dates"]] == ["05-01", "11-01"]
    assert data["precedence"][0]["carry_step_up"] is True
    # §5: "up to 45 days in any 90-day period and up to 90 days in total in any 360-day period. A day of suspension
    # beyond either limit is a Registration Default."
    ps = data["permitted_suspensions"]
    assert ps["counting"] == "calendar_days" and ps["overlong"] == "excess"
    assert [(t[x["max"]]["value"], t[x["window"]]["value"]) for x in ps["totals"]] == [(45, 90), (90, 360)]
    ob = data["obligations"]
    assert ob["exchange_offer_filing_deadline"]["rule"] == {"anchor": "issue_date", "days": 120,
                                                            "roll": "next_business_day"}
    assert ob["exchange_offer_consummation_deadline"]["rule"] == {"anchor": "exchange_offer_effective",
                                                                  "business_days": 30}


@needs_texts
def test_1998_two_hundredths_for_each_thirty_day_period_or_portion(tmp_path: Path) -> None:
    _, data = _draft(tmp_path, "1998")
    t = data["terms"]
    # 2(c): "multiplied by (ii) two hundredths (.02), for each thirty (30) day period (or portion thereof) (A) after
    # the Registration Deadline and prior to the date the Registration Statement ... is declared effective";
    # "Payments of cash ... shall be made within five (5) days after the end of each period".
    track = data["tracks"]["late_registration"]
    assert t[track["rates"][0]["rate"]]["value"] == 2 and "two hundredths (.02)" in \
        t[track["rates"][0]["rate"]]["reference"]["quote"]
    assert (track["partial_period"], track["cure_day_counts"]) == ("full", "not_counted")
    assert t[track["period_days"]]["value"] == 30
    assert t[track["payment"]["days_after_period_end"]]["value"] == 5
    # 2(a), 2(c): "the thirtieth (30th) day following the date hereof (the "Filing Date")", "the ninetieth (90th)
    # day following the date hereof (the "Registration Deadline")", extended by thirty (30) days after a calamity.
    ob = data["obligations"]
    assert ob["filing_date"]["rule"] == {"anchor": "agreement_date", "days": 30}
    assert ob["registration_deadline"]["rule"] == {"anchor": "agreement_date", "days": 90}
    assert ob["registration_deadline"]["cases"][0]["rule"]["days"] == 120
    # The illustration "$20,000 for each thirty (30) day period thereafter" is not an amount of the agreement.
    assert not [k for k, v in t.items() if v["unit"] == "usd"]


@needs_texts
def test_what_the_text_leaves_open_is_in_review_not_in_the_terms(tmp_path: Path) -> None:
    _, data = _draft(tmp_path, "2024")
    gap = "no Grace Period may begin within 5 Trading Days after the end of the preceding one"
    # Is the fifth Trading Day "within" (earliest start the sixth, as the hand encoding reads it) or not? Open.
    assert "min_gap" not in data["permitted_suspensions"]
    assert not [k for k, v in data["terms"].items() if gap in v["reference"]["quote"]]
    assert any(item["topic"] == "suspension gap" and gap in item["passage"] for item in data["review"])
    # "1.0% per month, prorated daily": how long a month is, the text does not say: the rate is a term, no
    # late_interest is written, and the question is asked.
    assert "late_interest" not in data
    assert any(item["topic"] == "late interest" and "per month" in item["why"] for item in data["review"])
    assert data["permitted_suspensions"]["max_length"] and data["permitted_suspensions"]["counting"] == "trading_days"


# -- the deadline forms ---------------------------------------------------------------------------------------------

SYNTHETIC = """\
REGISTRATION RIGHTS AGREEMENT dated as of January 15, 2025, between Acme Robotics, Inc. (the "Company") and
Beta Fund LP (the "Investor").

1. Definitions.
  (a) "Closing Date" means January 17, 2025.
  (b) "Business Day" means a day other than a Saturday, a Sunday or a day on which banks in New York City are
      authorized or required by law to close.

2. Registration.
  (a) The Company shall file the Registration Statement within 30 days after the Closing Date.
  (b) The Company shall cause the Registration Statement to be declared effective no later than the 45th calendar
      day following the Closing Date (or, in the event of a review by the SEC, the 90th day following the Closing
      Date).
  (c) The Company shall deliver the legal opinion to the transfer agent on the 5th Trading Day after the
      Registration Statement is declared effective.
  (d) The Company shall file each prospectus supplement within ten (10) Business Days thereafter.
"""


def test_each_deadline_form_of_a_small_text(tmp_path: Path) -> None:
    text = tmp_path / "acme.txt"
    text.write_text(SYNTHETIC, encoding="utf-8")
    out = tmp_path / "acme.yaml"
    assert run("draft", text, "-o", out).code == 0
    data = _read_yaml(out)
    assert (data["date"].isoformat(), data["company"]) == ("2025-01-15", "Acme Robotics, Inc.")
    assert [p["role"] for p in data["parties"]] == ["Company", "Investor"]
    assert data["calendar"]["value"] == "ny-banks" and data["calendar"]["reference"]["section"] == "1(b)"
    ob = data["obligations"]
    # "within 30 days after the Closing Date": met by the filing
    assert ob["filing_deadline"]["rule"] == {"anchor": "closing_date", "days": 30}
    assert ob["filing_deadline"]["met_by"] == "registration_filed"
    # "no later than the 45th calendar day following", and "in the event of a review by the SEC, the 90th day"
    eff = ob["effectiveness_deadline"]
    assert eff["rule"] == {"anchor": "closing_date", "days": 45} and eff["met_by"] == "registration_effective"
    assert eff["cases"] == [{"when": "sec_review", "rule": {"anchor": "closing_date", "days": 90},
                             "reference": eff["cases"][0]["reference"]}]
    assert "in the event of a review by the SEC, the 90th day" in eff["cases"][0]["reference"]["quote"]
    # "the 5th Trading Day after": a date rule counts no trading days; "within ten (10) Business Days thereafter":
    # after what? Both are terms and review items, not obligations.
    assert len(ob) == 3
    _, td = _term(data, "5", "trading_days", "2(c)")
    assert td["reference"]["quote"] == "on the 5th Trading Day after the Registration Statement is declared effective"
    _term(data, "10", "business_days", "2(d)")
    why = {item["section"]: item["why"] for item in data["review"] if item["topic"] == "deadline"}
    assert "not trading days" in why["2(c)"] and '"thereafter"' in why["2(d)"]
    done = run("check", out)
    assert done.code == 0 and "DRAFT" in done.out


def test_the_draft_goes_to_stdout_without_output(tmp_path: Path) -> None:
    text = tmp_path / "acme.txt"
    text.write_text(SYNTHETIC, encoding="utf-8")
    done = run("draft", text)
    assert done.code == 0
    from rrcalc.model.yamlsrc import parse

    data = parse(done.out, "stdout").data
    assert data["id"] == "draft-acme" and data["review"]
    assert done.out.startswith("# A FIRST DRAFT written by `rrcalc draft` from acme.txt")
    assert done.err.startswith("rrcalc: draft: 0 terms") or done.err.startswith("rrcalc: draft: ")


# -- recall against the hand encodings ------------------------------------------------------------------------------


def _offsets(rule: dict[str, Any], out: list[tuple[Decimal, str, str, str]], section: str, quote: str) -> None:
    for k in ("days", "business_days", "months", "years"):
        if rule.get(k) is not None:
            out.append((Decimal(rule[k]), k, section, quote))
    for sub in (rule.get("earliest_of") or []) + (rule.get("latest_of") or []):
        _offsets(sub, out, section, quote)


def _obligation_values(data: dict[str, Any]) -> list[tuple[Decimal, str, str, str]]:
    out: list[tuple[Decimal, str, str, str]] = []
    for ob in (data.get("obligations") or {}).values():
        r = ob["reference"]
        _offsets(ob["rule"], out, r["section"], r["quote"])
        for case in ob.get("cases", []):
            cr = case.get("reference") or r
            _offsets(case["rule"], out, cr["section"], cr["quote"])
    return out


def _hand_values(data: dict[str, Any]) -> list[tuple[Decimal, str, str, str]]:
    """The hand encoding's deadline offsets, and the terms its tracks, cap, interest and suspension rules use."""
    terms = data.get("terms") or {}
    used: set[str] = set()

    def add(name: Any) -> None:
        if isinstance(name, str) and name in terms:
            used.add(name)

    for track in (data.get("tracks") or {}).values():
        for step in track.get("rates", []):
            add(step["rate"])
        for k in ("period_days", "window_days", "base_unit"):
            add(track.get(k))
        for k in ("every_days", "by", "max"):
            add((track.get("step_up") or {}).get(k))
        for k, v in (track.get("payment") or {}).items():
            if k not in ("fixed_dates", "record_dates"):
                add(v)
    for block in ("payment_cap", "late_interest"):
        for v in (data.get(block) or {}).values():
            add(v)
    ps = data.get("permitted_suspensions") or {}
    for k in ("max_length", "min_gap", "max_count", "count_window", "notice_business_days"):
        add(ps.get(k))
    for total in ps.get("totals") or []:
        add(total["max"])
        add(total["window"])
    for kind in (data.get("suspension_kinds") or {}).values():
        add(kind.get("max_days"))
        add(kind.get("grace_days"))
    out = _obligation_values(data)
    for name in used:
        t = terms[name]
        if t["unit"] not in ("month_day", "text", "flag", "date", "calendar"):
            out.append((Decimal(t["value"]), t["unit"], t["reference"]["section"], t["reference"]["quote"]))
    return out


def _draft_values(data: dict[str, Any]) -> list[tuple[Decimal, str, str, str]]:
    out = _obligation_values(data)
    for t in (data.get("terms") or {}).values():
        if t["unit"] not in ("month_day", "text", "flag", "date", "calendar"):
            out.append((Decimal(t["value"]), t["unit"], t["reference"]["section"], t["reference"]["quote"]))
    return out


def _sections_agree(a: str, b: str) -> bool:
    """One cites the other or a part of it (``2(b)(iii)`` and ``2(b)(iii)(A)``; several sections: any pair)."""
    for x in (s.strip() for s in str(a).split(",")):
        for y in (s.strip() for s in str(b).split(",")):
            if x == y or x.startswith(y + "(") or y.startswith(x + "("):
                return True
    return False


def _same(d: tuple[Decimal, str, str, str], h: tuple[Decimal, str, str, str]) -> bool:
    """The same value (a count before an anchor is written as a term without its sign), unit and section."""
    return abs(d[0]) == abs(h[0]) and d[1] == h[1] and _sections_agree(d[2], h[2])


def _words(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


def _same_words(a: str, b: str) -> bool:
    """Two quotes of one clause: one holds the other, or they share 25 characters of words."""
    x, y = _words(a), _words(b)
    return x in y or y in x or any(x[i:i + 25] in y for i in range(0, max(1, len(x) - 25), 5))


@needs_texts
def test_recall_of_the_hand_encodings_values_and_none_written_differently(tmp_path: Path) -> None:
    """The share of each hand encoding's deadline offsets, rates, caps, period lengths and payment offsets (and
    suspension limits) that the draft writes with the same value in the same section; a value the draft writes for
    the same words (same section, overlapping quotes) that differs from the hand encoding's is wrong. Recall per
    agreement at least 80%, nothing wrong."""
    from rrcalc import draft

    report = {}
    for year, name in SEVEN.items():
        hand = _hand_values(_read_yaml(AGREEMENTS / f"{year}.yaml"))
        from rrcalc.model.yamlsrc import parse

        drafted = _draft_values(parse(draft.draft_yaml(draft.read_text(TEXTS / name), name), name).data)
        found = [h for h in hand if any(_same(d, h) for d in drafted)]
        wrong = [(d, h) for d in drafted if not any(_same(d, x) for x in hand)
                 for h in hand if _sections_agree(d[2], h[2]) and _same_words(d[3], h[3])
                 and (d[1] == h[1] or {d[1], h[1]} <= {"days", "business_days", "trading_days"})]
        report[year] = (len(found), len(hand), wrong)
    shown = "; ".join(f"{y}: {f}/{n} = {f / n:.0%}" for y, (f, n, _) in report.items())
    for year, (f, n, wrong) in report.items():
        assert n >= 8, (year, n)  # the hand encodings hold that many of these values
        assert f / n >= 0.8, f"recall below 80% for {year}: {shown}"
        assert not wrong, f"{year}: values written differently from the hand encoding: {wrong}"


# -- the command line ----------------------------------------------------------------------------------------------


def test_bad_input_is_one_line_and_exit_2(tmp_path: Path) -> None:
    cases = {
        "missing.txt": None,
        "binary.txt": bytes(range(256)) * 4,
        "latin1.txt": "caf\u00e9 dated as of July 1, 2003".encode("latin-1"),
        "empty.txt": b"  \n\n",
        "exhibit.pdf.txt": b"%PDF-1.4\n...",
        "exhibit.htm.txt": b"<html><body><p>REGISTRATION RIGHTS AGREEMENT dated as of July 1, 2003</p></body></html>",
        "undated.txt": b"REGISTRATION RIGHTS AGREEMENT between A (the \"Company\") and B.\n",
    }
    for name, data in cases.items():
        path = tmp_path / name
        if data is not None:
            path.write_bytes(data)
        out = tmp_path / "out.yaml"
        done = run("draft", path, "-o", out)
        assert done.code == 2, (name, done.err)
        assert done.err.count("\n") == 1 and done.err.startswith(f"rrcalc: error: {path}"), (name, done.err)
        assert not out.exists() and done.out == ""
    text = tmp_path / "acme.txt"
    text.write_text(SYNTHETIC, encoding="utf-8")
    for argv in (["draft"], ["draft", text, text], ["draft", text, "-o", tmp_path / "x.json"],
                 ["draft", text, "-o", text]):
        done = run(*argv)
        assert done.code == 2 and done.err.startswith("rrcalc: error: ") and done.err.count("\n") == 1, (argv, done)
    assert text.read_text(encoding="utf-8") == SYNTHETIC  # never written over its own input


LINES = [["draft", "a.txt"], ["draft", "a.txt", "-o", "b.yaml"], ["draft", "a.txt", "--output=b.yml"], ["draft"],
         ["draft", "a.txt", "-o", "b.json"], ["draft", "", "-o", "b.yaml"]]


@pytest.mark.parametrize("argv", LINES, ids=lambda a: " ".join(a))
def test_both_front_doors_read_draft_alike(argv: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    from .test_frontdoors import _entry_invocation, _typer_invocation

    assert _entry_invocation(argv) == _typer_invocation(argv, monkeypatch)


@pytest.mark.parametrize("argv", [["draft", "a.txt", "b.txt"], ["draft", "a.txt", "--format", "csv"]])
def test_both_front_doors_refuse_what_draft_does_not_take(argv: list[str]) -> None:
    from .conftest import run_typer

    for done in (run(*argv), run_typer(*argv)):
        assert done.code == 2 and done.out == ""
    one = run(*argv)
    assert one.err.startswith("rrcalc: error: draft: ") and one.err.count("\n") == 1


def test_draft_help_and_the_reference() -> None:
    from rrcalc.cli.docgen import reference

    from .conftest import run_typer

    done = run_typer("draft", "--help")
    assert done.code == 0 and "Examples:" in done.out and "rrcalc draft agreement.txt -o acme-2025.yaml" in done.out
    assert "## `rrcalc draft`" in reference() and "`TEXT_FILE`" in reference()


# -- the schema and check ------------------------------------------------------------------------------------------


def test_the_schema_knows_the_review_section() -> None:
    from rrcalc import api

    schema = api.schema("agreement")
    defs = schema["$defs"]
    review = defs[schema["$ref"].split("/")[-1]]["properties"]["review"]
    assert review["type"] == "array" and "review" not in defs["Agreement"]["required"]
    item = defs[review["items"]["$ref"].split("/")[-1]]
    assert set(item["properties"]) == {"topic", "section", "passage", "why"}
    assert set(item["required"]) == {"topic", "section", "passage", "why"}


def test_check_reports_a_draft_in_every_format(tmp_path: Path) -> None:
    text = tmp_path / "acme.txt"
    text.write_text(SYNTHETIC, encoding="utf-8")
    out = tmp_path / "acme.yaml"
    assert run("draft", text, "-o", out).code == 0
    done = run("check", out, "--format", "json")
    assert done.code == 0
    payload = json.loads(done.out)
    drafts = [i for i in payload["items"] if i["result"] == "DRAFT"]
    assert len(drafts) == 1 and drafts[0]["item"].startswith("3 review items open") and payload["drafts"] == 1
    assert done.err.strip().endswith("0 failed, 1 draft")
    github = run("check", out, "--format", "github")
    assert github.code == 0
    notice = next(line for line in github.out.splitlines() if line.startswith("::notice "))
    assert "title=rrcalc check%3A 3 review items open" in notice
    quiet = run("check", out, "--quiet")
    assert quiet.code == 0 and quiet.out.strip().endswith("0 failed, 1 draft")
    # once the review items are worked through (here: deleted), the agreement is no longer a draft
    finished = tmp_path / "finished.yaml"
    body = out.read_text(encoding="utf-8")
    finished.write_text(body[:body.index("\nreview:")] + "\nreview: []\n" + "", encoding="utf-8")
    done = run("check", finished, "--fail-on", "draft")
    assert done.code == 0 and "DRAFT" not in done.out and "1 draft" not in done.out
