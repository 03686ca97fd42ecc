"""`rrcalc new --family NAME [-o FILE]`: a commented skeleton encoding of each family of terms, for an agreement with
no text at hand. Each validates and is reported by `rrcalc check` as a draft (its open points under `review`); the
output is the same on every run; `-o` writes it through the one writer; a wrong family or output name is one line and
exit 2."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from rrcalc.draft.skeletons import FAMILIES

from .conftest import run


def test_the_families_include_the_five():
    assert {"pipe", "notes", "fixed-dollar", "computation-dates", "consecutive-periods"} <= set(FAMILIES)


@pytest.mark.parametrize("family", FAMILIES)
def test_each_skeleton_checks_as_a_draft(family: str, tmp_path: Path):
    made = run("new", "--family", family)
    assert made.code == 0, made.err
    assert made.out.startswith(f"# A SKELETON written by `rrcalc new --family {family}`")
    assert "# from §__" in made.out and "\nreview:" in made.out and "\ntests:" in made.out
    path = tmp_path / f"{family}.yaml"
    path.write_text(made.out, encoding="utf-8")
    done = run("check", str(path))
    assert done.code == 0, done.out + done.err
    lines = done.out.splitlines()
    assert any(re.match(rf"PASS  \S*{family}\.yaml  agreement new-{family} is valid", line) for line in lines), lines
    assert any(re.match(rf"DRAFT  \S*{family}\.yaml  \d+ review items open", line) for line in lines), lines
    cases = [line for line in lines if f"{family}.yaml" in line and f"new-{family}: " in line]
    assert cases and all(line.startswith("PASS") for line in cases), cases


@pytest.mark.parametrize("family", FAMILIES)
def test_a_skeleton_is_the_same_on_every_run(family: str):
    assert run("new", "--family", family).out == run("new", "--family", family).out


def test_output_writes_the_skeleton(tmp_path: Path):
    target = tmp_path / "acme.yml"
    done = run("new", "--family", "notes", "-o", str(target))
    assert done.code == 0 and done.out == ""
    assert target.read_text(encoding="utf-8") == run("new", "--family", "notes").out
    assert f"wrote {target}" in done.err


def test_a_wrong_family_is_one_line_naming_the_choices():
    done = run("new", "--family", "pip")
    assert done.code == 2 and done.out == ""
    assert done.err.count("\n") == 1 and "--family" in done.err
    assert all(name in done.err for name in FAMILIES)


def test_a_missing_family_is_one_line():
    done = run("new")
    assert done.code == 2 and done.err.count("\n") == 1 and "--family" in done.err


def test_output_must_be_yaml(tmp_path: Path):
    done = run("new", "--family", "pipe", "-o", str(tmp_path / "x.csv"))
    assert done.code == 2 and done.err.count("\n") == 1 and ".yaml" in done.err
    assert not (tmp_path / "x.csv").exists()
