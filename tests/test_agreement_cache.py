"""The cache of parsed agreement files (rrcalc.model.cache): a hit gives byte-identical output to a build from the
YAML, an entry that is corrupt or not the user's is ignored, a changed file is parsed again, an agreement with an
error is never cached, and ``RRCALC_NO_CACHE=1`` writes nothing. Every run goes through the console entry point."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest

from .conftest import AGREEMENTS, ROOT, Run, console, run
from rrcalc.model import cache, yamlsrc

EXAMPLE = str(ROOT / "agreements" / "examples" / "2003-late-filing.yaml")
COMMANDS = [
    ("check", "--format", "csv"),
    ("agreements", "--format", "csv"),
    ("show", "--agreement", "2003", "--format", "csv"),
    ("readings", "--agreement", "2003", "--format", "csv"),
    ("penalties", "--events", EXAMPLE, "--format", "csv"),
    ("deadlines", "--events", EXAMPLE, "--format", "csv"),
]


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A cache folder of this test's own."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv(cache.NO_CACHE_ENV, raising=False)
    return tmp_path / "cache" / "rrcalc"


@pytest.fixture
def parsed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the files the YAML builder parses (a cache hit parses none)."""
    names: list[str] = []
    real = yamlsrc.parse

    def spy(text: str | bytes, name: str = "<string>") -> yamlsrc.Source:
        names.append(name)
        return real(text, name)

    monkeypatch.setattr(yamlsrc, "parse", spy)
    return names


def entries(home: Path) -> list[Path]:
    return sorted(home.glob("*.agreement")) if home.is_dir() else []


def same(a: Run, b: Run) -> None:
    assert (a.code, a.out, a.err) == (b.code, b.out, b.err)


@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: a[0])
def test_hit_and_miss_give_identical_output(home: Path, parsed: list[str], args: tuple[str, ...]) -> None:
    built = run(*args, env={cache.NO_CACHE_ENV: "1"})
    assert not entries(home)
    miss = run(*args)
    assert entries(home), "a miss stores the agreements it built"
    parsed.clear()
    hit = run(*args)
    assert not [n for n in parsed if n.endswith(f"{os.sep}2003.yaml")], "a hit does not parse the agreement again"
    same(built, miss)
    same(built, hit)


def test_the_installed_script_gives_the_same_output_hit_or_miss(home: Path) -> None:
    env = dict(os.environ)
    off = console("check", "--format", "csv", env={**env, cache.NO_CACHE_ENV: "1"})
    first = console("check", "--format", "csv", env=env)
    second = console("check", "--format", "csv", env=env)
    assert len(entries(home)) == len(list(AGREEMENTS.glob("*.yaml")))
    for other in (first, second):
        assert (other.returncode, other.stdout, other.stderr) == (off.returncode, off.stdout, off.stderr)


def test_a_corrupt_entry_is_ignored_and_rewritten(home: Path, parsed: list[str]) -> None:
    args = ("show", "--agreement", "2003", "--format", "csv")
    good = run(*args)
    junk = [b"", b"\x00garbage", b"\xe9" * 100]
    for path, bad in zip(entries(home), junk * 10, strict=False):
        path.write_bytes(bad)
    parsed.clear()
    again = run(*args)
    same(good, again)
    assert any(n.endswith("2003.yaml") for n in parsed), "the corrupt entry was not used"
    parsed.clear()
    same(good, run(*args))
    assert not parsed, "the entry was written again"


def test_an_entry_of_wrong_values_is_ignored(home: Path, parsed: list[str]) -> None:
    import marshal

    args = ("show", "--agreement", "2003", "--format", "csv")
    good = run(*args)
    for path in entries(home):  # well-formed marshal data, but not what an entry holds
        path.write_bytes(marshal.dumps((1, {"id": ("X", 3)}, {})))
    parsed.clear()
    same(good, run(*args))
    assert any(n.endswith("2003.yaml") for n in parsed)


def test_an_entry_not_owned_by_the_user_is_ignored(home: Path, parsed: list[str],
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    args = ("show", "--agreement", "2003", "--format", "csv")
    good = run(*args)
    assert entries(home)
    real = os.getuid()
    monkeypatch.setattr(cache.os, "getuid", lambda: real + 1)  # every entry now belongs to someone else
    parsed.clear()
    same(good, run(*args))
    assert any(n.endswith("2003.yaml") for n in parsed)


def test_trust_is_decided_by_owner_and_mode() -> None:
    class St:
        def __init__(self, uid: int, mode: int) -> None:
            self.st_uid, self.st_mode = uid, mode

    me = os.getuid()
    st: Any = St(me, 0o40700)
    assert cache._trusted(st)
    assert not cache._trusted(St(me + 1, 0o40700))  # type: ignore[arg-type]
    assert not cache._trusted(St(me, 0o40770))  # type: ignore[arg-type]
    assert not cache._trusted(St(me, 0o40757))  # type: ignore[arg-type]


def test_a_folder_writable_by_others_is_not_used(home: Path, parsed: list[str]) -> None:
    args = ("show", "--agreement", "2003", "--format", "csv")
    good = run(*args)
    home.chmod(0o777)
    try:
        parsed.clear()
        same(good, run(*args))
        assert any(n.endswith("2003.yaml") for n in parsed)
    finally:
        home.chmod(0o700)


def test_a_changed_agreement_is_parsed_again(home: Path, tmp_path: Path) -> None:
    mine = tmp_path / "mine.yaml"
    shutil.copy(AGREEMENTS / "2003.yaml", mine)
    before = run("show", "--agreement", str(mine), "--format", "csv")
    assert before.code == 0
    text = mine.read_text(encoding="utf-8")
    title = next(line for line in text.splitlines() if line.startswith("title:"))
    mine.write_text(text.replace(title, "title: A retitled agreement", 1), encoding="utf-8")
    after = run("show", "--agreement", str(mine), "--format", "csv")
    uncached = run("show", "--agreement", str(mine), "--format", "csv", env={cache.NO_CACHE_ENV: "1"})
    assert "A retitled agreement" in after.out and "A retitled agreement" not in before.out
    same(after, uncached)


def test_an_agreement_with_an_error_is_never_cached(home: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text((AGREEMENTS / "2003.yaml").read_text(encoding="utf-8").replace("\nid:", "\nid: 7\nunknown_key:", 1),
                   encoding="utf-8")
    first = run("check", str(bad), "--format", "csv")
    assert first.code != 0
    assert not entries(home)
    same(first, run("check", str(bad), "--format", "csv"))


def test_no_cache_is_written_when_disabled(home: Path) -> None:
    for args in COMMANDS:
        run(*args, env={cache.NO_CACHE_ENV: "1"})
    assert not home.exists()
