"""The command line's contract (issue: one front door): every computing command takes several events files and
mixed agreements, agreements by path or folder are known by their id, the rate examples are the engine's own
figures, and the installed console script behaves as the in-process entry point."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from .conftest import ROOT

RRCALC = str(Path(sys.executable).parent / "rrcalc")
EX = ROOT / "agreements" / "examples"


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


# -- the rate examples are the engine's -----------------------------------------------------------------------

@pytest.mark.parametrize(("days", "expected"), [
    # 2024 3(a)(i): 1% of the Subscription Amount on the day after the Filing Deadline and each monthly
    # anniversary; a part month prorated by days/30. Filing Deadline = Closing 2024-03-06 + 30 = 2024-04-05 (Fri),
    # so the failure runs from 2024-04-06. Months: 04-06..05-05 (30 d), 05-06..06-05 (31), 06-06..07-05 (30),
    # 07-06..08-05 (31), 08-06..09-05 (31): 153 days.
    (30, "10000.00"),   # one whole month: 1% of 1,000,000
    (45, "15000.00"),   # month 1 + 15 days: 10,000 + 10,000 × 15/30 = 15,000
    (90, "29666.67"),   # 30 + 31 days = 2 months, then 29 days: 20,000 + 10,000 × 29/30 = 29,666.67
    (180, "59000.00"),  # 153 days = 5 months, then 27 days: 50,000 + 10,000 × 27/30 = 59,000.00
])
def test_2024_rate_examples_equal_a_real_deal(cli, write, days, expected):
    schedule = {(r["track"], r["days"]): r for r in rows(cli("penalties", "-a", "2024", "-f", "csv").out)}
    assert schedule[("late_filing", str(days))]["amount_per_1000000"] == expected
    # the same failure as a deal: filed the day after the last day of failure (the cure day does not accrue,
    # reading cure_day=not_counted): 2024-04-05 + days + 1
    from datetime import date, timedelta

    filed = date(2024, 4, 5) + timedelta(days=days + 1)
    deal = write("deal.yaml", f"""
        agreement: "2024"
        as_of: 2025-12-31
        events: {{registration_filed: {filed}, registration_effective: {filed}}}
        investors: [{{name: I, purchase_price: 1000000.00}}]
    """)
    got = rows(cli("penalties", "-e", deal, "-f", "csv").out)
    assert sum(Decimal(r["amount"]) for r in got if r["track"] == "late_filing") == Decimal(expected)


# -- several events files, mixed agreements, no --agreement ----------------------------------------------------

def test_a_mixed_portfolio_in_one_run(cli):
    result = cli("penalties", "-e", EX / "2002-late-effectiveness.yaml", EX / "2003-late-filing.yaml", "-f", "csv")
    assert result.code == 0, result.err
    got = rows(result.out)
    assert next(iter(got[0])) == "scenario"
    assert {Path(r["scenario"]).stem for r in got} == {"2002-late-effectiveness", "2003-late-filing"}
    # the 2003 example's total stays the hand-checked 57,500.00 (see test_penalties)
    assert sum(Decimal(r["amount"]) for r in got if "2003" in r["scenario"]) == Decimal("57500.00")


@pytest.mark.parametrize("command", ["deadlines", "suspensions", "computation-dates"])
def test_every_computing_command_takes_several_events_files(cli, command):
    result = cli(command, EX / "2002-late-effectiveness.yaml", EX / "2003-late-filing.yaml", "-f", "csv")
    assert result.code == 0, result.err
    got = rows(result.out)
    assert next(iter(got[0])) == "scenario" and len({r["scenario"] for r in got}) == 2


def test_without_agreement_or_events_it_says_what_to_give(cli):
    result = cli("deadlines")
    assert result.code == 2 and "give --agreement, or events files that name their agreement" in result.err


def test_a_missing_as_of_is_said_on_stderr(cli, write):
    deal = write("deal.yaml", 'agreement: "2003"\nevents: {quarterly_report_filed: 2003-08-14}\n')
    result = cli("deadlines", "-e", deal, "-f", "csv")
    assert result.code == 0 and "no as-of date given" in result.err and "computing as of today" in result.err
    assert "no as-of" not in cli("deadlines", "-e", deal, "-f", "csv", "--as-of", "2004-01-31").err


def test_an_unknown_output_extension_is_refused(cli, tmp_path):
    result = cli("penalties", "-a", "2003", "-o", tmp_path / "out.weird")
    assert result.code == 2 and "no format for the extension '.weird'" in result.err
    assert not (tmp_path / "out.weird").exists()


# -- agreements by path and by folder are known by their id ---------------------------------------------------

@pytest.fixture
def own_agreement(tmp_path):
    """The 2003 agreement under another id, in a folder of its own (a user's own encoding)."""
    folder = tmp_path / "terms"
    folder.mkdir()
    text = (ROOT / "agreements" / "2003.yaml").read_text(encoding="utf-8").replace('id: "2003"', 'id: "acme-2025"')
    (folder / "acme.yaml").write_text(text, encoding="utf-8")
    deal = (EX / "2003-late-filing.yaml").read_text(encoding="utf-8").replace('agreement: "2003"',
                                                                              'agreement: "acme-2025"')
    (tmp_path / "deal.yaml").write_text(deal, encoding="utf-8")
    return folder / "acme.yaml", tmp_path / "deal.yaml"


def test_an_events_file_names_an_agreement_given_by_path(cli, own_agreement):
    agreement, deal = own_agreement
    result = cli("penalties", "--agreement", agreement, "-e", deal, "-f", "csv")
    assert result.code == 0, result.err
    assert sum(Decimal(r["amount"]) for r in rows(result.out)) == Decimal("57500.00")
    checked = cli("check", "--agreement", agreement, deal)
    assert checked.code == 0 and "events for agreement acme-2025 are valid" in checked.out


def test_an_agreements_folder(cli, own_agreement):
    agreement, deal = own_agreement
    result = cli("penalties", "--agreements-dir", agreement.parent, "-e", deal, "-f", "csv")
    assert result.code == 0, result.err
    assert "acme-2025" in cli("agreements", "--agreements-dir", agreement.parent, "-f", "csv").out
    env = cli("penalties", "-e", deal, "-f", "csv", env={"RRCALC_AGREEMENTS": str(agreement.parent)})
    assert env.code == 0 and env.out == result.out


def test_an_events_files_agreement_is_an_id_never_a_path(cli, write, tmp_path):
    secret = tmp_path / "secret.yaml"
    secret.write_text("id: TOP-SECRET-VALUE\n", encoding="utf-8")
    deal = write("deal.yaml", f'agreement: "{secret}"\n')
    for args in (("penalties", "-e", deal), ("check", deal)):
        result = cli(*args)
        assert "TOP-SECRET-VALUE" not in result.out + result.err
        assert "unknown agreement" in result.out + result.err


# -- the installed console script ------------------------------------------------------------------------------

def test_the_console_script_is_the_entry_point(cli):
    args = ["penalties", "-e", str(EX / "2003-late-filing.yaml"), "-f", "csv"]
    real = subprocess.run([RRCALC, *args], capture_output=True, text=True)
    assert (real.returncode, real.stdout, real.stderr) == (0, cli(*args).out, "")
    bad = subprocess.run([RRCALC, "penalties", "--as-of", "yesterday-ish", "-a", "2003"], capture_output=True,
                         text=True)
    assert bad.returncode == 2 and bad.stdout == ""
    assert bad.stderr == "rrcalc: error: --as-of: 'yesterday-ish' is not a date in the form YYYY-MM-DD\n"


def test_help_and_completion_through_the_console_script():
    shown = subprocess.run([RRCALC, "suspensions", "--help"], capture_output=True, text=True)
    assert shown.returncode == 0 and "Examples:" in shown.stdout and "--next" in shown.stdout
    env = {"_RRCALC_COMPLETE": "complete_bash", "COMP_WORDS": "rrcalc penalties --compare", "COMP_CWORD": "2",
           "PATH": "/usr/bin:/bin"}
    completed = subprocess.run([RRCALC], capture_output=True, text=True, env=env)
    assert completed.returncode == 0 and "--compare-readings" in completed.stdout
    assert shutil.which("sh")


def test_the_streamed_csv_is_the_report_csv():
    """CSV is streamed row by row (a large deal's rows are never all held); it must equal the full report's CSV."""
    from rrcalc import api
    from rrcalc.output import views
    from rrcalc.output.render import render_csv
    from rrcalc.results import Need

    reg = api.Registry()
    items = [api.compute(api.scenario(reg, p), Need(penalties=True)) for p in sorted(EX.glob("*.yaml"))]
    items = [sc for sc in items if sc.agreement.tracks]
    assert render_csv(views.penalties_csv(items)) == render_csv(views.penalties_report(items))


@pytest.mark.parametrize("command", ["deadlines", "penalties", "suspensions"])
def test_plot_draws_the_deal_timeline(cli, tmp_path, command):
    """--plot reuses the HTML report's timeline: an SVG file with the events, the blackouts and the payments."""
    import xml.etree.ElementTree as ET

    target = tmp_path / "deal.svg"
    result = cli(command, "-e", EX / "2003-late-filing.yaml", "-f", "csv", "--plot", target)
    assert result.code == 0, result.err
    svg = ET.parse(target).getroot()
    assert svg.tag.endswith("svg")
    text = " ".join(t for t in svg.itertext())
    assert "Payments due" in text and "Blackouts" in text and "as of 2004-01-31" in text
    # the example's two payment dates, by hand (2003 2(b)(iii), (iv)): late filing 25 days (08-22 .. 09-15) at 1%
    # prorated, payable 30 days after the Required Filing Date 08-21: SF 2,000,000 × 1% × 25/30 = 16,666.67, White
    # 1,000,000 × 1% × 25/30 = 8,333.33 (25,000.00); the Restricted Sale Date 11-03, 26 days (11-04 .. 11-29) at
    # 1.5%, payable 11-03 + 30: SF 1,500,000 × 1.5% × 26/30 = 19,500.00, White 13,000.00 (32,500.00)
    assert "payable 2003-09-20: SF Capital Partners Ltd. $16,666.67; White Investments $8,333.33" in text
    assert "payable 2003-12-03: SF Capital Partners Ltd. $19,500.00; White Investments $13,000.00" in text


def test_a_csv_file_written_in_pieces_is_the_stdout_csv(cli, tmp_path):
    from rrcalc import api
    from rrcalc.output import views
    from rrcalc.output.render import csv_pieces, render_csv
    from rrcalc.results import Need

    sc = api.compute(api.scenario(api.Registry(), EX / "2003-late-filing.yaml"), Need(penalties=True))
    report = views.penalties_csv([sc])
    assert "".join(csv_pieces(report, rows_per_piece=1)) == render_csv(report)
    target = tmp_path / "out.csv"
    assert cli("penalties", "-e", EX / "2003-late-filing.yaml", "-o", target).code == 0
    assert target.read_text(encoding="utf-8") == cli("penalties", "-e", EX / "2003-late-filing.yaml", "-f", "csv").out
