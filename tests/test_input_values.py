"""Values read from files and options, and the messages that quote them, through the console entry point.

A value is read exactly as written or refused: no YAML boolean other than true/false (yes/no, on/off), no
underscores or non-ASCII digits in a number or a date, CSV lines counted as a text editor counts them. A payment
larger than what it settles is a credit, shown, never lost. A message quotes at most a short, escaped excerpt (40
characters) of the offending value, written as the user wrote it.
"""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from pathlib import Path

import pytest

from .conftest import AGREEMENTS, one_error, run

EXAMPLE = AGREEMENTS / "examples" / "2003-late-filing.yaml"
EXAMPLE_TEXT = EXAMPLE.read_text(encoding="utf-8")
AGREEMENT_2003 = (AGREEMENTS / "2003.yaml").read_text(encoding="utf-8")


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def deal(tmp_path: Path, old: str = "", new: str = "", extra: str = "") -> Path:
    assert old in EXAMPLE_TEXT
    return write(tmp_path, "deal.yaml", EXAMPLE_TEXT.replace(old, new, 1) + extra)


# -- values read wrong, silently ---------------------------------------------------------------------------------

FLAG = "  registration_effective: 2003-10-06\n"  # line 10 of the example; the flag goes on line 11


@pytest.mark.parametrize("written", ["!!bool maybe", "!!bool 1", "!!bool 0", "!!bool ''"])
def test_a_flag_is_true_or_false_never_guessed(tmp_path: Path, written: str) -> None:
    path = deal(tmp_path, FLAG, FLAG + f"  warrants_unexercised_no_piggyback: {written}\n")
    shown = written.removeprefix("!!bool ").strip("'")
    one_error(run("deadlines", "-e", path, "-f", "csv"), "deal.yaml:11:38:",
              "field 'events.warrants_unexercised_no_piggyback'", f"'{shown}' is not true or false")


@pytest.mark.parametrize("written", ["!!bool yes", "!!bool true", "!!bool False", "true", "no"])
def test_yaml_boolean_words_are_still_booleans(tmp_path: Path, written: str) -> None:
    path = deal(tmp_path, FLAG, FLAG + f"  warrants_unexercised_no_piggyback: {written}\n")
    assert run("deadlines", "-e", path, "-f", "csv").code == 0


PRICES_HEADER = "date,closing_bid\n"


@pytest.mark.parametrize(("row", "fragment"), [
    ("2003-11-03,1_0", "'1_0' is not a number"),                                # Python's Decimal takes 1_0 as 10
    ("2003-11-03,\u0662.\u0665", "'\u0662.\u0665' is not a number"),            # Arabic-Indic 2.5
    ("2003-11-03,\uff12.5", "'\uff12.5' is not a number"),                      # a fullwidth 2
    ("\u0662\u0660\u0660\u0663-\u0661\u0661-\u0660\u0663,2.5", "is not a date in the form YYYY-MM-DD"),
])
def test_prices_are_plain_ascii_numbers_and_dates(tmp_path: Path, row: str, fragment: str) -> None:
    prices = write(tmp_path, "prices.csv", PRICES_HEADER + row + "\n")
    one_error(run("penalties", "-e", EXAMPLE, "--prices", prices, "-f", "csv"), "prices.csv:2", fragment)


@pytest.mark.parametrize("written", ['"\u0662\u0660\u0660\u0664-\u0660\u0661-\u0663\u0661"',
                                     '"\uff12\uff10\uff10\uff14-\uff10\uff11-\uff13\uff11"'])
def test_dates_in_other_digits_are_refused_in_events_files(tmp_path: Path, written: str) -> None:
    path = deal(tmp_path, "as_of: 2004-01-31", f"as_of: {written}")
    one_error(run("penalties", "-e", path, "-f", "csv"), "deal.yaml:5:1: field 'as_of'",
              "is not a date in the form YYYY-MM-DD")


def test_other_digits_are_refused_on_the_command_line() -> None:
    one_error(run("penalties", "-e", EXAMPLE, "--as-of", "\uff12\uff10\uff10\uff14-\uff10\uff11-\uff13\uff11"),
              "--as-of: '\uff12\uff10\uff10\uff14-\uff10\uff11-\uff13\uff11' is not a date in the form YYYY-MM-DD")
    one_error(run("penalties", "-e", EXAMPLE, "-f", "ics", "--remind", "\uff13"),
              "--remind: '\uff13' is not a whole number")
    one_error(run("penalties", "-e", EXAMPLE, "-f", "ics", "--remind", "\u0663"),
              "--remind: '\u0663' is not a whole number")
    one_error(run("suspensions", "-e", EXAMPLE, "--next", "--days", "1_0"), "--days: '1_0' is not a whole number")
    one_error(run("penalties", "-a", "2003", "--purchase-price", "\u0661000", "--event",
                  "registration_filed=2003-09-15"), "--purchase-price: '\u0661000' is not an amount of money")


def test_a_prices_error_names_the_physical_line(tmp_path: Path) -> None:
    text = ("date,closing_bid\n"        # 1
            "\n"                        # 2 blank
            "2003-11-03,1.00\n"         # 3
            '2003-11-04,"1.00\n'        # 4 a quoted price over two lines ("1.00\n": 1.00 once stripped)
            '"\n'                       # 5
            "\n"                        # 6 blank
            "2003-11-05,abc\n")         # 7 the bad one
    prices = write(tmp_path, "prices.csv", text)
    one_error(run("penalties", "-e", EXAMPLE, "--prices", prices, "-f", "csv"),
              "prices.csv:7: field 'closing_bid': 'abc' is not a number")


def test_an_unterminated_quote_in_prices_names_where_it_opens(tmp_path: Path) -> None:
    rows = "".join(f"2003-11-{d:02d},1.00\n" for d in range(5, 29))
    prices = write(tmp_path, "prices.csv", 'date,closing_bid\n2003-11-03,1.00\n2003-11-04,"1.00\n' + rows)
    line = one_error(run("penalties", "-e", EXAMPLE, "--prices", prices, "-f", "csv"),
                     "prices.csv:3:", "quote", "never closed")
    assert "characters" not in line


# White Investments in the 2003 example owes (2(b)(iii)): late filing Aug 22 - Sep 15 = 25 days,
# 1% × 1,000,000 × 25/30 = 8,333.33 due 2003-09-20; restricted sale Nov 4 - Nov 29 = 26 days,
# 1.5% × 1,000,000 × 26/30 = 13,000.00 due 2003-12-03: 8,333.33 + 13,000.00 = 21,333.33 in all.
# A payment of 999,999.00 on 2003-09-25 settles both (the second in advance: its period starts Nov 4);
# the rest, 999,999.00 − 21,333.33 = 978,665.67, is a credit.
OVERPAID = "payments:\n  - {investor: White Investments, date: 2003-09-25, amount: 999999.00}\n"


def test_an_overpayment_is_a_credit_shown_never_lost(tmp_path: Path) -> None:
    path = deal(tmp_path, extra=OVERPAID)
    result = run("portfolio", path, "-f", "json")
    assert result.code == 0, result.err
    payload = json.loads(result.out)
    white = [r for r in payload["calendar"] if r["investor"] == "White Investments"]
    assert [(r["amount"], r["paid"], r["outstanding"], r["status"]) for r in white] == [
        ("8333.33", "8333.33", "0.00", "paid 2003-09-25"),
        ("13000.00", "13000.00", "0.00", "paid in advance 2003-09-25")]
    assert payload["credits"] == [{"deal": str(path), "investor": "White Investments", "credit": "978665.67"}]
    assert "978,665.67" in result.err and "credit" in result.err
    priced = run("penalties", "-e", path, "-f", "csv")
    assert priced.code == 0
    rows = list(csv.DictReader(io.StringIO(priced.out)))
    assert sum(Decimal(r["amount"]) for r in rows) == Decimal("57500.00")  # what is owed does not change
    assert "credit of 978,665.67" in priced.err


def test_a_payment_to_an_investor_owed_nothing_is_all_credit(tmp_path: Path) -> None:
    # Before the Required Filing Date (2003-08-21) nothing is owed: as of 2003-08-20 the 500.00 is all credit.
    path = deal(tmp_path, "as_of: 2004-01-31", "as_of: 2003-08-20",
                "payments:\n  - {investor: White Investments, date: 2003-08-01, amount: 500.00}\n")
    result = run("portfolio", path, "-f", "json")
    assert result.code == 0, result.err
    assert json.loads(result.out)["credits"] == [{"deal": str(path), "investor": "White Investments",
                                                 "credit": "500.00"}]


# -- messages that mislead -----------------------------------------------------------------------------------------

HASH = "$6$abcdefghijkl$" + "Z" * 86


def test_a_secret_file_is_quoted_no_more_than_a_short_excerpt(tmp_path: Path) -> None:
    shadow = write(tmp_path, "shadow", f"root:{HASH}:19000:0:99999:7:::\ndaemon:*:19000:0:99999:7:::\n")
    line = one_error(run("penalties", "-e", shadow))
    assert HASH[:40] not in line  # at most an excerpt of 40 characters: "root:" and the first 32 of the line
    assert len(line) < 200, line


BIG = "x" * 100_000


@pytest.mark.parametrize(("old", "new"), [
    ("    purchase_price: 2000000.00", f"    purchase_price: {BIG}"),                        # a number
    ("as_of: 2004-01-31", f"as_of: {BIG}"),                                                  # a date
    ("kind: potential_material_event}", f"kind: {BIG}}}"),                                   # a kind
    ("  registration_filed: 2003-09-15", f"  {BIG[:1000]}: 2003-09-15"),                    # an event name
    ("  - name: SF Capital Partners Ltd.", f"  - name: SF\n    {BIG[:1000]}: 1\n    x"),    # an unknown key
    ("investor_delays: []", f"investor_delays: {BIG}"),                                      # not a list
    ('agreement: "2003"', f"agreement: {BIG}"),                                              # an agreement id
])
def test_a_long_value_is_quoted_as_a_short_excerpt(tmp_path: Path, old: str, new: str) -> None:
    line = one_error(run("penalties", "-e", deal(tmp_path, old, new), "-f", "csv"))
    assert "x" * 41 not in line and len(line) < 600, line[:700]  # an excerpt, and the agreement's own names


def test_a_long_value_in_prices_is_quoted_as_a_short_excerpt(tmp_path: Path) -> None:
    prices = write(tmp_path, "prices.csv", PRICES_HEADER + f"2003-11-03,{BIG}\n")
    line = one_error(run("penalties", "-e", EXAMPLE, "--prices", prices, "-f", "csv"), "prices.csv:2")
    assert "x" * 41 not in line and len(line) < 300, line[:500]


def test_a_long_value_in_an_agreement_is_quoted_as_a_short_excerpt(tmp_path: Path) -> None:
    # any message of the agreement's checks (here: a track cured by an event the agreement does not declare)
    assert "    cure: registration_filed\n" in AGREEMENT_2003
    mine = write(tmp_path, "mine.yaml", AGREEMENT_2003.replace("    cure: registration_filed\n", f"    cure: {BIG}\n"))
    line = one_error(run("show", "-a", mine), "mine.yaml:", "unknown event")
    assert "x" * 41 not in line and len(line) < 600, line[:700]


def test_a_payment_to_an_unknown_investor_is_quoted_shortly(tmp_path: Path) -> None:
    path = deal(tmp_path, extra=f"payments:\n  - {{investor: {BIG}, date: 2003-09-25, amount: 1.00}}\n")
    line = one_error(run("penalties", "-e", path, "-f", "csv"), "field 'payments[0].investor'", "no investor named")
    assert "x" * 41 not in line and len(line) < 300


def test_an_agreement_path_in_capitals_is_a_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, "Mine.YAML", AGREEMENT_2003)
    monkeypatch.chdir(tmp_path)
    result = run("show", "-a", "Mine.YAML", "-f", "json")  # a file name, no folder: still a path, not an id
    assert result.code == 0, result.err
    assert json.loads(result.out)["id"] == "2003"


TERM = "    value: 30\n    unit: days\n"


@pytest.mark.parametrize("written", ["30.5", "30.50", "3.05e+1"])
def test_a_term_is_quoted_as_written(tmp_path: Path, written: str) -> None:
    assert TERM in AGREEMENT_2003
    mine = write(tmp_path, "mine.yaml", AGREEMENT_2003.replace(TERM, f"    value: {written}\n    unit: days\n"))
    line = one_error(run("show", "-a", mine), "field 'terms.computation_period.value'",
                     f"'{written}' is not a whole number of days")
    assert "Decimal" not in line


def test_event_values_are_quoted_as_written(tmp_path: Path) -> None:
    path = deal(tmp_path, "  registration_filed: 2003-09-15", "  registration_filed: yes")
    line = one_error(run("penalties", "-e", path, "-f", "csv"), "field 'events.registration_filed'", "got yes")
    assert "True" not in line
    path = deal(tmp_path, FLAG, FLAG + "  warrants_unexercised_no_piggyback: 2003-10-01\n")
    line = one_error(run("penalties", "-e", path, "-f", "csv"), "got 2003-10-01")
    assert "datetime" not in line
    one_error(run("deadlines", "-a", "2003", "--event", "registration_filed=true"),
              "--event: field 'registration_filed'", "got true")


def test_small_numbers_are_quoted_in_plain_digits(tmp_path: Path) -> None:
    path = deal(tmp_path, "    purchase_price: 2000000.00", "    purchase_price: 0.0000001")
    line = one_error(run("penalties", "-e", path, "-f", "csv"), "field 'investors[0].purchase_price'",
                     "'0.0000001' has more than 6 decimal places")
    assert "E-7" not in line


@pytest.mark.parametrize("name", ['""', '"   "', '"\\t"'])
def test_a_blank_investor_name_is_refused(tmp_path: Path, name: str) -> None:
    path = deal(tmp_path, "  - name: SF Capital Partners Ltd.", f"  - name: {name}")
    one_error(run("penalties", "-e", path, "-f", "csv"), "deal.yaml:16:", "field 'investors[0].name'", "blank")


@pytest.mark.parametrize("ident", ['"20\\003"', '"2003\\n"', '"a\\r\\nb"', '"\\u20282003"', '" 2003"'])
def test_ids_with_a_nul_a_line_break_or_padding_are_refused(tmp_path: Path, ident: str) -> None:
    path = deal(tmp_path, 'agreement: "2003"', f"agreement: {ident}")
    line = one_error(run("penalties", "-e", path, "-f", "csv"), "deal.yaml:4:1: field 'agreement'")
    assert "\x00" not in line and "unknown agreement" not in line
    mine = write(tmp_path, "mine.yaml", AGREEMENT_2003.replace('id: "2003"', f"id: {ident}"))
    one_error(run("show", "-a", mine), "mine.yaml:4:1: field 'id'")


@pytest.mark.parametrize("key", ['"a\\nb"', '"a\\0b"', '""', '"  "'])
def test_keys_with_a_nul_a_line_break_or_blank_are_refused(tmp_path: Path, key: str) -> None:
    mine = write(tmp_path, "mine.yaml", AGREEMENT_2003.replace("  computation_period:\n", f"  {key}:\n", 1))
    one_error(run("show", "-a", mine), "mine.yaml:", "field 'terms': a key ")
