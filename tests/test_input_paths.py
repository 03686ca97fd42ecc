"""Which files rrcalc reads, and which agreement an id means, through the console entry point.

Files reached indirectly (a ``cases`` file's events file or agreement, the files of ``--agreements-dir`` or of a
folder given to ``check``) stay inside the folder of the file that names them (or the named folder), and only
regular files are read. An agreement id means one agreement: two different files claiming one id (in a folder,
across folders, or a folder's file claiming a bundled id) are an error naming both; every folder problem names
where the folder came from (``--agreements-dir`` or ``RRCALC_AGREEMENTS``).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest

from .conftest import AGREEMENTS, console, one_error, run

EXAMPLE = AGREEMENTS / "examples" / "2003-late-filing.yaml"
AGREEMENT_2003 = (AGREEMENTS / "2003.yaml").read_text(encoding="utf-8")
SECRET = "SECRET-hunter2-do-not-print"

# The 2003 example, hand-worked (2(b)(iii), prorated per 30 days): late filing Aug 22 - Sep 15 = 25 days:
# White 1% × 1,000,000 × 25/30 = 8,333.33, SF 1% × 2,000,000 × 25/30 = 16,666.67; restricted sale Nov 4 - Nov 29
# = 26 days: White 1.5% × 1,000,000 × 26/30 = 13,000.00, SF 1.5% × 1,500,000 (2,000,000 less 500,000 sold on
# Oct 8) × 26/30 = 19,500.00; together 8,333.33 + 16,666.67 + 13,000.00 + 19,500.00 = 57,500.00.
EXAMPLE_TOTAL = Decimal("57500.00")


def total(csv_text: str) -> Decimal:
    import csv
    import io

    return sum((Decimal(r["amount"]) for r in csv.DictReader(io.StringIO(csv_text))), Decimal(0))


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty working directory, so that messages name short relative paths."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def acme(folder: Path, name: str = "acme.yaml", ident: str = "acme-2025", title: str | None = None) -> Path:
    """The 2003 agreement under another id (and optionally another title), as ``folder/name``."""
    folder.mkdir(parents=True, exist_ok=True)
    text = AGREEMENT_2003.replace('id: "2003"', f'id: "{ident}"')
    if title is not None:
        text = text.replace("title: ", f"title: {title} # ", 1)
    (folder / name).write_text(text, encoding="utf-8")
    return folder / name


def deal_for(path: Path, ident: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(EXAMPLE.read_text(encoding="utf-8").replace('agreement: "2003"', f'agreement: "{ident}"'),
                    encoding="utf-8")
    return path


# -- reading what the user did not name ------------------------------------------------------------------------

CASES = """\
agreement: "2003"
cases:
  - name: reaches out
    events: {events}
    expect: {{total: 57500.00}}
"""


@pytest.mark.parametrize("target", [
    "../secret.yaml",                      # a parent folder
    "/etc/passwd",                         # an absolute path
    "link.yaml",                           # a symbolic link inside the folder to a file outside it
])
def test_a_cases_file_reads_only_inside_its_folder(here: Path, target: str) -> None:
    (here / "secret.yaml").write_text(f"investors: [{{name: {SECRET}, purchase_price: 1}}]\n{SECRET}: 1\n")
    deals = here / "deals"
    deals.mkdir()
    (deals / "link.yaml").symlink_to(here / "secret.yaml")
    (deals / "deal.expect.yaml").write_text(CASES.format(events=target), encoding="utf-8")
    result = run("check", "deals/deal.expect.yaml")
    assert result.code == 1, result.err
    assert SECRET not in result.out + result.err and "root:" not in result.out + result.err
    failed = [line for line in result.out.splitlines() if line.startswith("FAIL")]
    assert failed == ["FAIL  deals/deal.expect.yaml  case: reaches out"], result.out
    assert "outside the folder deals" in result.out, result.out


def test_a_cases_file_still_reads_its_own_folder(here: Path) -> None:
    deals = here / "deals"
    (deals / "sub").mkdir(parents=True)
    (deals / "sub" / "deal.yaml").write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    (deals / "deal.expect.yaml").write_text(CASES.format(events="sub/deal.yaml"), encoding="utf-8")
    result = run("check", "deals/deal.expect.yaml")
    assert result.code == 0, result.out
    assert "PASS  deals/deal.expect.yaml  case: reaches out" in result.out


def test_a_cases_files_agreement_path_stays_inside_its_folder(here: Path) -> None:
    acme(here / "terms")
    deals = here / "deals"
    deal_for(deals / "deal.yaml", "acme-2025")
    (deals / "deal.expect.yaml").write_text(
        "cases:\n  - name: by path\n    events: deal.yaml\n    agreement: ../terms/acme.yaml\n"
        "    expect: {total: 57500.00}\n", encoding="utf-8")
    result = run("check", "deals/deal.expect.yaml")
    assert result.code == 1
    assert "outside the folder deals" in result.out, result.out
    acme(deals)  # the same agreement next to the cases file: read, relative to the cases file
    (deals / "deal.expect.yaml").write_text(
        "cases:\n  - name: by path\n    events: deal.yaml\n    agreement: acme.yaml\n"
        "    expect: {total: 57500.00}\n", encoding="utf-8")
    result = run("check", "deals/deal.expect.yaml")
    assert result.code == 0, result.out


def test_a_symlink_out_of_the_agreements_folder_is_refused(here: Path) -> None:
    (here / "secret.txt").write_text(f"id: {SECRET}\n", encoding="utf-8")
    folder = here / "terms"
    acme(folder)
    (folder / "stolen.yaml").symlink_to(here / "secret.txt")
    for args in (("agreements", "--agreements-dir", "terms"), ("show", "-a", "acme-2025", "--agreements-dir", "terms")):
        line = one_error(run(*args), "terms/stolen.yaml", "outside the folder terms", "--agreements-dir")
        assert SECRET not in line


def test_a_symlink_within_the_agreements_folder_is_read(here: Path) -> None:
    folder = here / "terms"
    acme(folder)
    (folder / "alias.yaml").symlink_to("acme.yaml")  # the same file: the same agreement, no clash
    result = run("agreements", "--agreements-dir", "terms", "-f", "csv")
    assert result.code == 0, result.err
    assert [line.split(",")[0] for line in result.out.splitlines()].count("acme-2025") == 1


def test_a_fifo_in_the_agreements_folder_is_refused_not_waited_on(here: Path) -> None:
    folder = here / "terms"
    acme(folder)
    os.mkfifo(folder / "pipe.yaml")
    done = console("agreements", "--agreements-dir", "terms", cwd=here, timeout=60)  # waits on no FIFO
    assert done.returncode == 2, done.stderr
    assert done.stdout == "" and len(done.stderr.splitlines()) == 1
    assert "terms/pipe.yaml" in done.stderr and "not a regular file" in done.stderr
    assert "--agreements-dir" in done.stderr


# -- agreement ids and folders -----------------------------------------------------------------------------------

def test_a_folder_agreement_with_a_bundled_id_is_an_error_naming_both(here: Path) -> None:
    # The user's own 2003.yaml, with another rate: neither the bundled 2003 nor the user's may be used silently.
    mine = here / "mydir" / "2003.yaml"
    mine.parent.mkdir()
    mine.write_text(AGREEMENT_2003.replace("    value: 1.5\n", "    value: 2.0\n"), encoding="utf-8")
    bundled = str(AGREEMENTS / "2003.yaml")
    for args in (("penalties", "-e", EXAMPLE, "--agreements-dir", "mydir", "-f", "csv"),
                 ("agreements", "--agreements-dir", "mydir"),      # the listing does not drop it
                 ("show", "-a", "2003", "--agreements-dir", "mydir"),
                 ("show", "-a", "1998", "--agreements-dir", "mydir")):  # the folder holds a clash: never used
        one_error(run(*args), "mydir/2003.yaml:4:1: field 'id'", bundled, "--agreements-dir 'mydir'")


def test_an_identical_copy_of_a_bundled_agreement_is_no_clash(here: Path) -> None:
    (here / "mydir").mkdir()
    (here / "mydir" / "2003.yaml").write_text(AGREEMENT_2003, encoding="utf-8")
    result = run("penalties", "-e", EXAMPLE, "--agreements-dir", "mydir", "-f", "csv")
    assert result.code == 0, result.err
    assert total(result.out) == EXAMPLE_TOTAL
    listed = run("agreements", "--agreements-dir", "mydir", "-f", "csv")
    assert [line.split(",")[0] for line in listed.out.splitlines()].count("2003") == 1


def test_two_files_with_one_id_are_an_error_naming_both(here: Path) -> None:
    acme(here / "terms", "a.yaml")
    acme(here / "terms", "b.yaml", title='"Another text"')
    deal = deal_for(here / "deal.yaml", "acme-2025")
    one_error(run("penalties", "-e", deal, "--agreements-dir", "terms"), "terms/b.yaml:4:1: field 'id'",
              "terms/a.yaml", "--agreements-dir 'terms'")
    # across two folders, one of them from the environment
    (here / "terms" / "b.yaml").unlink()
    acme(here / "more", "b.yaml", title='"Another text"')
    one_error(run("penalties", "-e", deal, "--agreements-dir", "terms", env={"RRCALC_AGREEMENTS": "more"}),
              "more/b.yaml:4:1: field 'id'", "terms/a.yaml", "RRCALC_AGREEMENTS 'more'")


def test_an_unreadable_agreements_folder_is_an_error(here: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    acme(here / "terms")
    deal = deal_for(here / "deal.yaml", "acme-2025")
    (here / "terms").chmod(0)
    real: Callable[..., object] = os.scandir

    def scandir(path: object = ".") -> object:  # root reads any folder: refuse it as a plain user's system would
        if os.path.basename(os.fspath(path)) == "terms":  # type: ignore[arg-type]
            raise PermissionError(13, "Permission denied", os.fspath(path))  # type: ignore[arg-type]
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    try:
        one_error(run("penalties", "-e", deal, "--agreements-dir", "terms"),
                  "--agreements-dir: 'terms' cannot be read: Permission denied")
        one_error(run("penalties", "-e", deal, env={"RRCALC_AGREEMENTS": "terms"}),
                  "RRCALC_AGREEMENTS: 'terms' cannot be read: Permission denied")
    finally:
        (here / "terms").chmod(0o755)


def test_folder_problems_name_where_the_folder_came_from(here: Path) -> None:
    line = one_error(run("agreements", env={"RRCALC_AGREEMENTS": "nowhere"}), "RRCALC_AGREEMENTS: 'nowhere'",
                     "is not a folder")
    assert "--agreements-dir" not in line
    one_error(run("agreements", "--agreements-dir", "nowhere"), "--agreements-dir: 'nowhere' is not a folder")
    broken = here / "terms" / "broken.yaml"
    broken.parent.mkdir()
    broken.write_text('id: "x"\ntitle: [\n', encoding="utf-8")
    one_error(run("agreements", env={"RRCALC_AGREEMENTS": "terms"}), "terms/broken.yaml:", "invalid YAML",
              "RRCALC_AGREEMENTS 'terms'")


@pytest.mark.parametrize("ident", ['""', '"   "'])
def test_blank_agreement_ids_are_refused(here: Path, ident: str) -> None:
    path = here / "mine.yaml"
    path.write_text(AGREEMENT_2003.replace('id: "2003"', f"id: {ident}"), encoding="utf-8")
    one_error(run("show", "-a", "mine.yaml"), "mine.yaml:4:1: field 'id'", "blank")
    deal = here / "deal.yaml"
    deal.write_text(EXAMPLE.read_text(encoding="utf-8").replace('agreement: "2003"', f"agreement: {ident}"),
                    encoding="utf-8")
    one_error(run("penalties", "-e", deal), "deal.yaml:4:1: field 'agreement'", "blank")


def test_an_events_file_inside_the_agreements_folder_is_not_an_agreement(here: Path) -> None:
    acme(here / "terms")
    deal = deal_for(here / "terms" / "deal.yaml", "acme-2025")
    (here / "terms" / "deal.expect.yaml").write_text(
        "cases:\n  - name: the deal\n    events: deal.yaml\n    expect: {total: 57500.00}\n", encoding="utf-8")
    result = run("penalties", "--agreements-dir", "terms", "-e", deal, "-f", "csv")
    assert result.code == 0, result.err
    assert total(result.out) == EXAMPLE_TOTAL
    listed = run("agreements", "--agreements-dir", "terms", "-f", "csv")
    assert listed.code == 0 and [line.split(",")[0] for line in listed.out.splitlines()][-1] == "acme-2025"


@pytest.mark.parametrize("order", ["agreements first", "events first"])
def test_check_knows_the_agreements_given_by_path(here: Path, order: str) -> None:
    # `rrcalc check agreements/*.yaml deals/*.yaml` (the CI recipe): the events file names the agreement by id
    agreement = acme(here / "agreements")
    deal = deal_for(here / "deals" / "deal.yaml", "acme-2025")
    paths = [agreement, deal] if order == "agreements first" else [deal, agreement]
    result = run("check", *paths)
    assert result.code == 0, result.out
    assert "PASS  deals/deal.yaml  events for agreement acme-2025 are valid" in result.out
    assert "PASS  agreements/acme.yaml  agreement acme-2025 is valid" in result.out


def test_check_given_an_agreement_clashing_with_a_bundled_id_fails_what_names_it(here: Path) -> None:
    # The agreement file is checked on its own (its cases run); the events file naming "2003" cannot tell which
    # of the two agreements it means: it fails, naming both files.
    mine = here / "agreements" / "2003.yaml"
    mine.parent.mkdir()
    mine.write_text(AGREEMENT_2003.replace("title: ", 'title: "Ours" # ', 1), encoding="utf-8")
    deal = deal_for(here / "deals" / "deal.yaml", "2003")
    result = run("check", mine, deal)
    assert result.code == 1
    assert "PASS  agreements/2003.yaml  agreement 2003 is valid" in result.out
    failed = [line for line in result.out.splitlines() if line.startswith("FAIL")]
    assert failed == ["FAIL  deals/deal.yaml  valid events file"], result.out
    detail = result.out.split("FAIL  deals/deal.yaml  valid events file\n")[1].splitlines()[0]
    assert "agreements/2003.yaml:4:1: field 'id'" in detail and str(AGREEMENTS / "2003.yaml") in detail
    alone = run("check", mine)  # nothing names the id: nothing is ambiguous
    assert alone.code == 0, alone.out


def test_check_takes_a_folder(here: Path) -> None:
    acme(here / "terms")
    deal_for(here / "deals" / "a.yaml", "acme-2025")
    deal_for(here / "deals" / "b.yml", "2003")
    (here / "deals" / "notes.txt").write_text("not YAML: not checked\n", encoding="utf-8")
    result = run("check", "--agreements-dir", "terms", "deals/")  # the documented example
    assert result.code == 0, result.out
    assert "PASS  deals/a.yaml  events for agreement acme-2025 are valid" in result.out
    assert "PASS  deals/b.yml  events for agreement 2003 are valid" in result.out
    assert "notes.txt" not in result.out
