"""The built wheel works on its own: installed into a fresh environment outside the repository, it runs with its
bundled agreements (nothing read from the checkout)."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def wheel_env(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(the fresh venv's rrcalc script, a working folder outside the repository)."""
    base = tmp_path_factory.mktemp("wheel")
    dist = base / "dist"
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--disable-pip-version-check", "--no-deps",
         "--no-build-isolation", "-w", str(dist), str(ROOT)],
        capture_output=True, text=True, cwd=base)
    assert built.returncode == 0, built.stderr[-2000:]
    wheels = list(dist.glob("rrcalc-*.whl"))
    assert len(wheels) == 1, wheels
    names = zipfile.ZipFile(wheels[0]).namelist()
    assert "rrcalc/_agreements/2003.yaml" in names and "rrcalc/output/templates/report.html.j2" in names
    packages = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "rrcalc").rglob("__init__.py"))
    assert [p for p in packages if p not in names] == [], "a package missing from pyproject.toml's packages list"

    venv = base / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    purelib = Path(sysconfig.get_paths(vars={"base": str(venv), "platbase": str(venv)})["purelib"])
    # The dependencies come from the test environment's own (locked) site-packages, added by a path line: a line
    # in a .pth file puts a folder on sys.path without running that folder's .pth files, so the development
    # install's editable finder never loads and the only rrcalc importable is the wheel's.
    deps = [sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]]
    (purelib / "locked-deps.pth").write_text("\n".join(dict.fromkeys(deps)) + "\n")
    with zipfile.ZipFile(wheels[0]) as whl:
        whl.extractall(purelib)
    script = venv / "bin" / "rrcalc"
    script.write_text(f"#!{venv / 'bin' / 'python'}\nimport sys\nfrom rrcalc.cli.main import main\nsys.exit(main())\n")
    script.chmod(0o755)
    work = base / "elsewhere"
    work.mkdir()
    return script, work


def _run(wheel_env: tuple[Path, Path], *args: str) -> subprocess.CompletedProcess[str]:
    script, work = wheel_env
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "RRCALC_AGREEMENTS")}
    return subprocess.run([str(script), *args], capture_output=True, text=True, cwd=work, env=env)


def test_the_wheel_imports_its_own_copy(wheel_env):
    script, work = wheel_env
    done = subprocess.run([str(script.parent / "python"), "-c", "import rrcalc.api, sys; print(rrcalc.api.__file__)"],
                          capture_output=True, text=True, cwd=work)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(str(script.parent.parent)), done.stdout
    assert not done.stdout.startswith(str(ROOT) + os.sep)


def test_the_wheel_prices_the_bundled_2003_agreement(wheel_env):
    done = _run(wheel_env, "penalties", "--agreement", "2003", "--format", "csv")
    assert done.returncode == 0, done.stderr
    rows = {(r["track"], r["days"]): r for r in csv.DictReader(io.StringIO(done.stdout))}
    # 2003 §2(b)(iii)(A): "one percent (1%) of the Purchase Price ... each Computation Date" (every 30 days),
    # prorated for a shorter last part: 45 days late on $1,000,000 =
    # 1% x 1,000,000 x 30/30 + 1% x 1,000,000 x 15/30 = 10,000.00 + 5,000.00 = 15,000.00
    assert rows[("late_filing", "45")]["amount_per_1000000"] == "15000.00"


def test_the_wheel_checks_its_bundled_agreements(wheel_env):
    done = _run(wheel_env, "check")
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    lines = done.stdout.splitlines()
    assert lines[-1].endswith(" passed, 0 failed"), lines[-1]
    assert all(str(ROOT) not in line for line in lines)  # every agreement came from the wheel
