"""Every command through the CLI runner: output formats, --output, exit codes, no ANSI in pipes."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from datetime import date
from decimal import Decimal

import jsonschema
import pytest
import yaml

from rrcalc import api

from .conftest import AGREEMENTS

IDS = ["1998", "2001", "2002", "2003", "2007", "2012", "2024"]  # four real agreements and three illustrative ones


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_agreements_lists_the_bundled_ones(cli):
    result = cli("agreements", "--format", "csv")
    assert result.code == 0
    assert result.out.splitlines()[0] == "id,date,title,company,parties,provides"
    got = rows(result.out)
    assert [r["id"] for r in got] == IDS
    assert got[0]["date"] == "1998-02-27"
    assert "JNC Opportunity Fund" in got[0]["parties"]


def test_agreements_table_has_no_ansi_codes_in_a_pipe(cli):
    result = cli("agreements", "--format", "table")
    assert result.code == 0
    assert "\x1b[" not in result.out
    assert "Focus Enhancements" in result.out


def test_default_format_in_a_pipe_is_csv(cli):
    assert cli("agreements").out.startswith("id,date,title")


@pytest.mark.parametrize("agreement", IDS)
def test_show_every_agreement(cli, agreement):
    result = cli("show", "--agreement", agreement, "--format", "table")
    assert result.code == 0, result.err
    assert "Obligations" in result.out and "Readings" in result.out


def test_show_2003_cites_clauses_and_prints_the_notes(cli):
    out = cli("show", "--agreement", "2003", "--format", "table").out
    assert "Required Filing Date" in out
    assert "1(h), 2(a)(i)" in out
    assert "Redundant weekend roll" in out  # the text's own redundancy, recorded as a note
    assert "5 business days after quarterly_report_filed" in out  # the formula, with no facts


def test_show_json_carries_terms_with_unit_and_reference(cli):
    data = json.loads(cli("show", "-a", "2003", "--format", "json").out)
    rate = data["terms"]["restricted_sale_rate"]
    assert rate["value"] == "1.5" and rate["unit"] == "percent"
    assert rate["reference"]["section"] == "2(b)(iii)(b)"
    assert data["readings_in_force"]["proration"] == "daily"


def test_show_csv_has_one_row_per_item_with_its_section(cli):
    got = rows(cli("show", "-a", "2001", "--format", "csv").out)
    notes = [r for r in got if r["section"] == "Notes on the text"]
    assert any("one Demand Registrations" in r["quote"] for r in notes)  # 2(a) vs 2(c)


def test_readings_default_and_switched(cli):
    got = {r["reading"]: r for r in rows(cli("readings", "-a", "2003", "-f", "csv").out)}
    assert set(got) >= {"proration", "first_period_cure", "short_notice", "overlong_suspension",
                        "restricted_sale_episodes", "business_day_calendar"}
    assert got["proration"]["in_force"] == "daily"
    switched = rows(cli("readings", "-a", "2003", "-f", "csv", "-r", "proration=per_computation_date").out)
    assert {r["reading"]: r["in_force"] for r in switched}["proration"] == "per_computation_date"


def test_readings_of_1998(cli):
    got = {r["reading"]: r for r in rows(cli("readings", "-a", "1998", "-f", "csv").out)}
    assert got["periods_per_suspension"]["default"] == "each"


def _bundled_cases() -> int:
    return sum(len(yaml.safe_load((AGREEMENTS / f"{i}.yaml").read_text())["tests"]) for i in IDS)


def test_check_validates_the_bundled_agreements_and_runs_their_cases(cli):
    result = cli("check")
    assert result.code == 0, result.out
    expected = len(IDS) + _bundled_cases()  # one line per valid agreement, one per embedded case
    assert f"{expected} passed, 0 failed" in result.out


def test_check_fails_on_a_wrong_expectation(cli, write):
    text = (AGREEMENTS / "1998.yaml").read_text().replace(
        "deadlines: {filing_deadline: 1998-03-29}", "deadlines: {filing_deadline: 1998-03-30}")
    result = cli("check", write("wrong.yaml", text))
    assert result.code == 1
    assert "filing_deadline: expected 1998-03-30, computed 1998-03-29" in result.out
    assert "1 failed" in result.out


def test_check_fails_on_an_invalid_agreement(cli, write):
    path = write("bad.yaml", (AGREEMENTS / "2002.yaml").read_text().replace("unit: percent", "unit: pct", 1))
    result = cli("check", path)
    assert result.code == 1
    assert "bad.yaml" in result.out and "is not one of" in result.out


def test_check_validates_events_files(cli, write):
    good = write("deal.yaml", 'agreement: "1998"\nevents: {calamity_loss: 1998-04-15}\n')
    bad = write("typo.yaml", 'agreement: "1998"\nevents: {calamity: 1998-04-15}\n')
    result = cli("check", good, "--format", "csv")
    assert result.code == 0
    assert "events for agreement 1998 are valid" in result.out
    result = cli("check", good, bad, "--format", "csv")
    assert result.code == 1
    assert "did you mean 'calamity_loss'?" in result.out
    assert result.err.strip().endswith("1 failed")


@pytest.mark.parametrize("kind", ["agreement", "events"])
def test_schema_is_json_schema(cli, kind):
    result = cli("schema", kind)
    assert result.code == 0
    schema = json.loads(result.out)
    jsonschema.Draft202012Validator.check_schema(schema)


def _jsonable(value):
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)  # only to feed the JSON Schema validator, never for arithmetic
    return value


@pytest.mark.parametrize("agreement", IDS)
def test_the_json_schema_accepts_every_bundled_agreement(agreement):
    from rrcalc.model.yamlsrc import read_file

    data = _jsonable(read_file(AGREEMENTS / f"{agreement}.yaml").data)
    jsonschema.validate(data, api.schema("agreement"))


def test_the_json_schema_rejects_an_unknown_key():
    from rrcalc.model.yamlsrc import read_file

    data = _jsonable(read_file(AGREEMENTS / "2003.yaml").data)
    data["terms"]["late_filing_rate"]["valu"] = 1
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, api.schema("agreement"))


def test_output_is_written_whole_and_the_format_follows_the_extension(cli, tmp_path):
    target = tmp_path / "agreements.json"
    result = cli("agreements", "--output", target)
    assert result.code == 0 and result.out == ""
    assert [a["id"] for a in json.loads(target.read_text())["Bundled agreements"]] == IDS
    assert sorted(p.name for p in tmp_path.iterdir()) == ["agreements.json"]  # no temporary file left


def test_output_is_not_touched_on_bad_input(cli, tmp_path):
    target = tmp_path / "out.csv"
    target.write_text("previous\n")
    result = cli("deadlines", "-a", "2003", "--events", tmp_path / "missing.yaml", "--output", target)
    assert result.code == 2
    assert target.read_text() == "previous\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.csv"]


def test_an_unexpected_error_is_one_line_without_traceback_or_locals(cli, monkeypatch):
    import rrcalc.output.views

    def boom(*_args):
        secret = "purchase price 2000000"  # noqa: F841 - must never reach the log
        raise RuntimeError("boom")

    monkeypatch.setattr(rrcalc.output.views, "agreements_report", boom)
    result = cli("agreements")
    assert result.code == 1
    assert "internal error (RuntimeError: boom)" in result.err
    assert "Traceback" not in result.err and "2000000" not in result.err


def test_unknown_command_is_a_usage_error(cli):
    result = cli("penalise")
    assert result.code == 2


def test_version(cli):
    assert cli("--version").out.startswith("rrcalc ")


def test_python_dash_m(tmp_path):
    done = subprocess.run([sys.executable, "-m", "rrcalc", "agreements", "--format", "csv"],
                          capture_output=True, text=True, check=False, cwd=tmp_path)
    assert done.returncode == 0 and done.stdout.startswith("id,date")


def test_no_color_and_no_traceback_in_a_real_process(tmp_path):
    done = subprocess.run([sys.executable, "-m", "rrcalc", "show", "-a", "1997"], capture_output=True,
                          text=True, check=False, cwd=tmp_path, env={"NO_COLOR": "1", "PATH": ""})
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.count("\n") == 1 and "unknown agreement '1997'" in done.stderr
