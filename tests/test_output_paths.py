"""Output paths and formats: every option and every output path is validated before anything is written or printed,
two outputs never share a file, an extension a command cannot write is refused, and what goes wrong names the
option and the file.

A refused command line is exit 2, exactly one line on stderr (``rrcalc: error: --option: ...``), nothing on stdout,
no traceback, and no file written, replaced or left behind (no temporary file either).
"""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from rrcalc.cli.parse import convert, parse
from rrcalc.cli.spec import COMMANDS, formats_of
from rrcalc.errors import UsageError

from .conftest import AGREEMENTS, RRCALC, Run, console, run
from .test_output_hygiene import in_terminal

EXAMPLE = AGREEMENTS / "examples" / "2003-late-filing.yaml"
OLD = "OLD\n"


def refused(result: Run, *fragments: str) -> str:
    """The run was refused as bad usage: the one line, which holds every fragment."""
    assert result.code == 2, (result.code, result.out[-300:], result.err[-500:])
    assert result.out == ""
    assert "Traceback" not in result.err and "internal error" not in result.err
    lines = result.err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("rrcalc: error: "), result.err
    for fragment in fragments:
        assert fragment in lines[0], (fragment, lines[0])
    return lines[0]


def untouched(folder: Path, expected: dict[str, str]) -> None:
    """``folder`` holds exactly the files ``expected`` (name -> content): nothing written, no temporary file."""
    found = {p.name: p.read_text() for p in folder.iterdir() if p.is_file()}
    assert found == expected


@pytest.fixture
def old_csv(tmp_path: Path) -> Path:
    target = tmp_path / "o.csv"
    target.write_text(OLD)
    return target


# -- 1. nothing is written, replaced or printed when a run is refused ------------------------------------------------

def test_a_plot_into_a_missing_folder_leaves_the_report_file_as_it_was(old_csv: Path) -> None:
    result = run("penalties", "-e", EXAMPLE, "-o", old_csv, "--plot", "/nonexistent/p.svg")
    refused(result, "--plot", "/nonexistent/p.svg", "folder does not exist")
    untouched(old_csv.parent, {"o.csv": OLD})


@pytest.mark.parametrize("command", ["penalties", "deadlines", "suspensions", "exposure"])
def test_a_plot_of_several_deals_is_refused_before_the_report_is_written(tmp_path: Path, old_csv: Path,
                                                                        command: str) -> None:
    other = tmp_path / "b.yaml"
    other.write_text(EXAMPLE.read_text())
    extra = ["--cure-from", "2003-08-22", "--cure-to", "2003-08-25"] if command == "exposure" else []
    plot = tmp_path / "p.svg"
    result = run(command, "-e", EXAMPLE, "-e", other, *extra, "-o", old_csv, "--plot", plot)
    refused(result, "--plot", "one deal")
    untouched(tmp_path, {"o.csv": OLD, "b.yaml": EXAMPLE.read_text()})
    # to stdout: nothing is printed before the refusal
    refused(run(command, "-e", EXAMPLE, "-e", other, *extra, "-f", "csv", "--plot", plot), "--plot", "one deal")
    assert not plot.exists()


def test_a_junit_file_is_not_written_when_the_output_cannot_be(tmp_path: Path) -> None:
    locked = tmp_path / "locked.txt"
    locked.write_text(OLD)
    locked.chmod(0o444)
    junit = tmp_path / "j.xml"
    result = run("check", "--junit", junit, "-o", locked)
    refused(result, "--output", "locked.txt", "read-only")
    assert not junit.exists()
    untouched(tmp_path, {"locked.txt": OLD})


def test_a_junit_file_is_not_written_when_stdout_is_closed(tmp_path: Path) -> None:
    """The outputs of one run are committed together: a report that cannot be written takes the JUnit file along."""
    junit = tmp_path / "j.xml"
    done = subprocess.run(f"exec {RRCALC} check --junit {junit} >&-", shell=True, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 2, done.stderr
    assert len(done.stderr.splitlines()) == 1 and "standard output" in done.stderr
    assert list(tmp_path.iterdir()) == []


def test_a_report_and_its_plot_are_both_written(tmp_path: Path) -> None:
    report, plot = tmp_path / "o.csv", tmp_path / "p.svg"
    result = run("penalties", "-e", EXAMPLE, "-o", report, "--plot", plot)
    assert result.code == 0, result.err
    assert next(csv.reader(io.StringIO(report.read_text())))[0] == "investor"
    assert ET.parse(plot).getroot().tag == "{http://www.w3.org/2000/svg}svg"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["o.csv", "p.svg"]  # no temporary file left


# -- 1. two outputs to one file -------------------------------------------------------------------------------------

@pytest.mark.parametrize("spelling", ["same", "dot", "symlink", "hardlink"])
def test_two_outputs_to_one_file_are_refused(tmp_path: Path, spelling: str) -> None:
    out = tmp_path / "out"
    out.mkdir()
    report = out / "same.svg"
    report.write_text(OLD)
    plot = {"same": report, "dot": out / "." / "same.svg", "symlink": tmp_path / "link.svg",
            "hardlink": tmp_path / "hard.svg"}[spelling]
    if spelling == "symlink":
        plot.symlink_to(report)
    if spelling == "hardlink":
        os.link(report, plot)
    result = run("penalties", "-e", EXAMPLE, "-f", "csv", "-o", report, "--plot", plot)
    refused(result, "--plot", "--output", "same file")
    assert report.read_text() == OLD


def test_two_outputs_to_a_new_file_through_a_symlinked_folder_are_refused(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    (tmp_path / "alias").symlink_to("real")
    result = run("penalties", "-e", EXAMPLE, "-f", "csv", "-o", tmp_path / "real" / "x.svg", "--plot",
                 tmp_path / "alias" / "x.svg")
    refused(result, "--plot", "same file")
    assert not (tmp_path / "real" / "x.svg").exists()


def test_check_junit_and_output_to_one_file_are_refused(tmp_path: Path) -> None:
    target = tmp_path / "x.xml"
    refused(run("check", "-f", "table", "-o", target, "--junit", target), "--junit", "same file")
    refused(run("check", "-o", target, "--junit", target), "x.xml")  # (nor is .xml a format of check's report)
    assert not target.exists()


def test_dev_null_may_take_several_outputs(tmp_path: Path) -> None:
    plot = tmp_path / "p.svg"
    plot.symlink_to(os.devnull)
    result = run("penalties", "-e", EXAMPLE, "-f", "csv", "-o", os.devnull, "--plot", plot)
    assert result.code == 0, result.err
    assert plot.is_symlink()


@pytest.mark.parametrize("name", ["out/x.csv/", "out/x.csv/.", "out/."])
def test_an_output_name_ending_in_a_slash_is_refused(tmp_path: Path, name: str) -> None:
    (tmp_path / "out").mkdir()
    result = run("penalties", "-e", EXAMPLE, "-f", "csv", "-o", f"{tmp_path}/{name}")
    refused(result, "--output")
    assert list((tmp_path / "out").iterdir()) == []
    refused(run("deadlines", "-e", EXAMPLE, "-f", "csv", "--plot", f"{tmp_path}/out/p.svg/"), "--plot", "folder")
    assert list((tmp_path / "out").iterdir()) == []


def test_an_output_that_is_an_input_is_refused_before_computing(tmp_path: Path) -> None:
    events = tmp_path / "deal.yaml"
    events.write_text(EXAMPLE.read_text())
    refused(run("penalties", "-e", events, "-f", "csv", "-o", events), "--output", "deal.yaml", "input")
    assert events.read_text() == EXAMPLE.read_text()


# -- 2. formats that do not exist -----------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["C1.xlsx", "C2.ics", "C3.weird", "C4.html", "C5"])
def test_check_refuses_an_extension_it_cannot_write(tmp_path: Path, name: str) -> None:
    refused(run("check", "-o", tmp_path / name), "--output", name)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(("name", "first"), [("c.txt", "PASS"), ("c.csv", "result"), ("c.json", "{")])
def test_check_writes_the_formats_it_has(tmp_path: Path, name: str, first: str) -> None:
    result = run("check", "-o", tmp_path / name)
    assert result.code == 0, result.err
    assert (tmp_path / name).read_text().startswith(first)


@pytest.mark.parametrize("name", ["r.pdf", "r.csv", "r.json", "r.txt", "r"])
def test_report_refuses_anything_but_html(tmp_path: Path, name: str) -> None:
    refused(run("report", "-e", EXAMPLE, "-o", tmp_path / name), "--output", ".html")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("name", ["r.html", "r.HTM"])
def test_report_writes_html(tmp_path: Path, name: str) -> None:
    result = run("report", "-e", EXAMPLE, "-o", tmp_path / name)
    assert result.code == 0, result.err
    assert (tmp_path / name).read_text().startswith("<!DOCTYPE html>")


def test_schema_writes_json_only(tmp_path: Path) -> None:
    refused(run("schema", "events", "-o", tmp_path / "s.csv"), "--output", ".json")
    assert list(tmp_path.iterdir()) == []
    assert run("schema", "events", "-o", tmp_path / "s.json").code == 0
    assert json.loads((tmp_path / "s.json").read_text())["title"]


@pytest.mark.parametrize(("fmt", "name"), [("csv", "x.xlsx"), ("json", "x.csv"), ("xlsx", "x.json"),
                                           ("table", "x.ics"), ("csv", "x.txt")])
def test_a_format_and_an_extension_that_disagree_are_refused(tmp_path: Path, fmt: str, name: str) -> None:
    refused(run("penalties", "-e", EXAMPLE, "-f", fmt, "-o", tmp_path / name), "--output", "--format")
    assert list(tmp_path.iterdir()) == []


def test_an_explicit_format_may_go_to_a_name_without_a_format(tmp_path: Path) -> None:
    for fmt, name in (("csv", "penalties.dat"), ("json", "penalties"), ("table", "penalties.log")):
        result = run("penalties", "-e", EXAMPLE, "-f", fmt, "-o", tmp_path / name)
        assert result.code == 0, result.err
    assert run("check", "-f", "github", "-o", tmp_path / "annotations.txt").code == 0


def _accepts(argv: list[str]) -> bool:
    parsed = parse(argv)
    assert parsed.command is not None
    try:
        convert(parsed.command, parsed.raw, parsed.flags)
    except UsageError:
        return False
    return True


EXTENSIONS = {"table": ".txt", "csv": ".csv", "json": ".json", "ics": ".ics", "xlsx": ".xlsx", "html": ".html"}


@pytest.mark.parametrize("name", list(COMMANDS))
def test_each_command_writes_exactly_the_formats_it_declares(tmp_path: Path, name: str) -> None:
    """What a command may write comes from its declaration (the --format option's choices, or the one format its
    --output names); every extension of another format is refused before anything runs."""
    command = COMMANDS[name]
    needs = {"show": ["-a", "2003"], "readings": ["-a", "2003"], "exposure": ["--cure-from", "2003-08-22",
                                                                          "--cure-to", "2003-08-25"],
             "schema": ["events"], "draft": ["agreement.txt"]}.get(name, [])
    formats = formats_of(command)
    assert formats, name
    for fmt, suffix in EXTENSIONS.items():
        assert _accepts([name, *needs, "-o", str(tmp_path / f"out{suffix}")]) == (fmt in formats), (name, fmt)
    from rrcalc.output.render import RENDERERS

    for fmt in formats:  # every declared format has its renderer (or is the table, the check log, the report, a draft)
        assert fmt in RENDERERS or fmt in ("table", "github", "html", "yaml"), (name, fmt)


# -- 4. messages that name the option and the file -----------------------------------------------------------------

def _undecodable(tmp_path: Path) -> tuple[Path, Path]:
    """Two events files, one whose name is not UTF-8 (the byte 0xff)."""
    bad = Path(os.fsdecode(bytes(tmp_path) + b"/\xff.yaml"))
    bad.write_text(EXAMPLE.read_text())
    good = tmp_path / "b.yaml"
    good.write_text(EXAMPLE.read_text())
    return bad, good


@pytest.mark.parametrize("suffix", [".csv", ".json", ".xlsx", ".txt"])
def test_a_file_name_that_is_not_utf8_is_written_escaped(tmp_path: Path, suffix: str) -> None:
    bad, good = _undecodable(tmp_path)
    target = tmp_path / f"out{suffix}"
    result = run("penalties", "-e", bad, "-e", good, "-o", target)
    assert result.code == 0, result.err
    if suffix == ".csv":
        scenarios = {row["scenario"] for row in csv.DictReader(io.StringIO(target.read_text(encoding="utf-8")))}
        assert scenarios == {str(good), str(tmp_path) + "/\\udcff.yaml"}
    elif suffix == ".json":
        assert {item["scenario"] for item in json.loads(target.read_bytes())} == {str(good), str(bad)}
    elif suffix == ".xlsx":
        import openpyxl

        sheet = openpyxl.load_workbook(target).worksheets[0]
        assert any("\\udcff.yaml" in str(c.value) for row in sheet.iter_rows() for c in row)
    else:
        assert "\\udcff.yaml" in target.read_text(encoding="utf-8")


@pytest.mark.parametrize(("command", "extra"), [("report", ["-o", "r.html"]), ("deadlines", ["-o", "d.ics"]),
                                                ("check", [])])
def test_a_file_name_that_is_not_utf8_is_shown_escaped_by_the_console_script(tmp_path: Path, command: str,
                                                                             extra: list[str]) -> None:
    bad, _ = _undecodable(tmp_path)
    done = console(command, *(["-e"] if command != "check" else []), bad, *extra, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "encoding" not in done.stderr
    if command == "deadlines":  # the name is in no text of a calendar, only in its UIDs' hash (its own bytes)
        import icalendar

        assert icalendar.Calendar.from_ical((tmp_path / extra[1]).read_bytes()).walk("VEVENT")
    else:
        assert "\\udcff.yaml" in (done.stdout if command == "check" else (tmp_path / extra[1]).read_text())


def test_stdout_gets_a_file_name_that_is_not_utf8_escaped(tmp_path: Path) -> None:
    bad, good = _undecodable(tmp_path)
    done = console("penalties", "-e", bad, "-e", good, "-f", "csv")
    assert done.returncode == 0, done.stderr
    assert {row["scenario"] for row in csv.DictReader(io.StringIO(done.stdout))} == {
        str(good), str(tmp_path) + "/\\udcff.yaml"}


def test_in_a_deleted_working_folder_the_message_names_the_option_and_the_file(tmp_path: Path) -> None:
    gone = tmp_path / "gone"
    gone.mkdir()
    done = subprocess.run(f"cd {gone} && rmdir {gone} && exec {RRCALC} penalties -e {EXAMPLE} -o x.csv", shell=True,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2 and done.stdout == ""
    line = done.stderr.strip()
    assert len(done.stderr.splitlines()) == 1 and "--output" in line and "x.csv" in line, line
    assert "I/O error" not in line and "Traceback" not in line


@pytest.mark.parametrize(("as_of", "extra", "option"), [("2035-12-28", ["--days", "10"], "--days"),
                                                        ("2035-12-31", [], "--next")])
def test_planning_past_the_calendar_names_the_option(as_of: str, extra: list[str], option: str) -> None:
    result = run("suspensions", "-e", EXAMPLE, "--as-of", as_of, "--next", *extra, "-f", "csv")
    refused(result, option, "1990-2035")


def test_xlsx_refuses_text_longer_than_a_cell_holds(tmp_path: Path) -> None:
    """A spreadsheet cell holds 32,767 characters: XlsxWriter would cut longer text (two long names would become one),
    so the workbook is refused with the reason, and CSV or JSON keep the text whole."""
    long_a, long_b = "A" * 32_767 + "-one", "A" * 32_767 + "-two"
    deal = tmp_path / "deal.yaml"
    deal.write_text(EXAMPLE.read_text().replace("SF Capital Partners Ltd.", long_a)
                    .replace("White Investments", long_b))
    target = tmp_path / "deal.xlsx"
    refused(run("penalties", "-e", deal, "-o", target), "32,767", "xlsx")
    assert not target.exists()
    assert run("penalties", "-e", deal, "-o", tmp_path / "deal.csv").code == 0
    names = {row["investor"] for row in csv.DictReader(io.StringIO((tmp_path / "deal.csv").read_text()))}
    assert names == {long_a, long_b}


@pytest.mark.parametrize("columns", [20, 32, 80])
def test_the_exposure_chart_fits_a_narrow_terminal(columns: int) -> None:
    text = in_terminal(["exposure", "-e", str(EXAMPLE), "--cure-from", "2003-08-22", "--cure-to", "2003-09-30"],
                       columns)
    from .test_output_hygiene import ANSI

    lines = ANSI.sub("", text).splitlines()
    assert max(len(line) for line in lines) <= columns, [line for line in lines if len(line) > columns]
    assert any("█" in line for line in lines)  # the bars are still drawn
