"""The lock is complete and is what the tests run on: every dependency pyproject.toml names is pinned, with hashes,
at a version its lower bound admits, and the environment running the tests holds exactly the pinned versions."""

from __future__ import annotations

import re
import sys
import tomllib
from importlib.metadata import PackageNotFoundError, version

import pytest
from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

from .conftest import ROOT

LOCK = ROOT / "requirements" / "lock.txt"


def pins() -> dict[str, tuple[Version, Marker | None, int]]:
    """name -> (pinned version, environment marker, number of hashes), from the lock file."""
    out: dict[str, tuple[Version, Marker | None, int]] = {}
    text = LOCK.read_text(encoding="utf-8")
    for block in re.split(r"\n(?=\S)", text):
        head = block.split("\\", 1)[0].strip()
        if not head or head.startswith("#"):
            continue
        req = Requirement(head)
        (spec,) = req.specifier
        assert spec.operator == "==", head
        out[canonicalize_name(req.name)] = (Version(spec.version), req.marker, block.count("--hash=sha256:"))
    return out


def declared() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    names = [*project["project"]["dependencies"], *project["build-system"]["requires"]]
    for extra in project["project"]["optional-dependencies"].values():
        names += extra
    return [Requirement(n) for n in names]


def test_every_declared_dependency_is_pinned_with_hashes_within_its_bounds():
    locked = pins()
    for req in declared():
        name = canonicalize_name(req.name)
        assert name in locked, f"{req.name} is declared in pyproject.toml but not in {LOCK.name}: run make lock"
        pinned, _marker, hashes = locked[name]
        assert pinned in req.specifier, f"{req.name}: locked {pinned} is outside pyproject's {req.specifier}"
        assert hashes >= 1, f"{req.name}: no hash in the lock"


def test_the_test_environment_holds_exactly_the_locked_versions():
    if "latest" in sys.prefix:  # make test-latest: the newest releases on purpose
        pytest.skip("the drift watch (make test-latest) runs on the newest releases, not the lock")
    env = {"python_version": f"{sys.version_info.major}.{sys.version_info.minor}"}
    for name, (pinned, marker, _hashes) in pins().items():
        if marker is not None and not marker.evaluate(env):
            continue  # e.g. colorama, Windows only
        try:
            installed = Version(version(name))
        except PackageNotFoundError:
            pytest.fail(f"{name} {pinned} is in the lock but not installed: the venv was not built from it")
        assert installed == pinned, f"{name}: installed {installed}, locked {pinned} (rebuild with make test)"
