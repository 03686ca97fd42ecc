"""Robustness: generated agreement and events files fed to every command.

Whatever the input, rrcalc exits 0, 1 or 2; never prints a traceback; prints nothing on stdout for an
input error; never leaves a partial --output file. Output is byte-identical across runs and does not
depend on the locale or the time zone. Budget: a few hundred generated files per run (seconds).
"""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .conftest import AGREEMENTS, ROOT, run

EXAMPLE = (AGREEMENTS / "examples" / "2003-late-filing.yaml").read_text()
KEYS = ["agreement", "as_of", "events", "suspensions", "investors", "investor_delays", "name", "purchase_price",
        "sales", "date", "start", "end", "notice", "kind", "quarterly_report_filed", "registration_filed",
        "registration_effective", "sec_effectiveness_notice", "bogus", "", "0"]
COMMANDS = [
    ["penalties", "-a", "2003", "-f", "csv"], ["computation-dates", "-a", "2003", "-f", "json"],
    ["deadlines", "-a", "2003", "-f", "csv"], ["suspensions", "-a", "2003", "-f", "table"],
    ["exposure", "-a", "2003", "--cure-from", "2003-08-20", "--cure-to", "2003-08-24", "-f", "csv"],
    ["check", "--agreement", "2003"],
]

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-10**30, max_value=10**30),
    st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)),
    st.text(max_size=12), st.sampled_from(["2003-02-30", "2003-10-06", "1e400", ".nan", "-5.00", "$1,000"]),
)
values = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.sampled_from(KEYS), inner, max_size=5)), max_leaves=20)


def check_run(argv: list[str], path, tmp_path) -> None:
    target = tmp_path / "out.txt"
    if target.exists():
        target.unlink()
    result = run(*argv, path, "--output", target) if argv[0] != "check" else run(*argv, path)
    assert result.code in (0, 1, 2), (argv, result)
    assert "Traceback" not in result.out + result.err
    if result.code == 2:
        assert result.out == ""
        assert not target.exists(), "a partial --output file was left"
        assert result.err.startswith("rrcalc: error: ") and result.err.count("\n") == 1


def events_arg(argv: list[str]) -> list[str]:
    return argv if argv[0] == "check" else [*argv, "--events"]


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.dictionaries(st.sampled_from(KEYS), values, max_size=6), command=st.sampled_from(COMMANDS))
def test_generated_events_files(tmp_path, data, command):
    path = tmp_path / "deal.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True))
    check_run(events_arg(command), path, tmp_path)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cut=st.integers(min_value=0, max_value=len(EXAMPLE)), insert=st.sampled_from([
    "", "\x00", ": :", "!!python/object/apply:os.system ['true']", "\n  - [", "{", "&a *a", "<<: *x",
    "\n  purchase_price: -1\n", "\nevents: {registration_filed: 2003-09-31}\n", "\t", "\ufeff", "🙂",
    "\n  registration_filed: 2003-09-15\n", "99999999999999999999999999999999.999999",
]), command=st.sampled_from(COMMANDS))
def test_mutated_example(tmp_path, cut, insert, command):
    path = tmp_path / "deal.yaml"
    path.write_text(EXAMPLE[:cut] + insert + EXAMPLE[cut:])
    check_run(events_arg(command), path, tmp_path)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(raw=st.binary(max_size=200), command=st.sampled_from(COMMANDS))
def test_arbitrary_bytes(tmp_path, raw, command):
    path = tmp_path / "deal.yaml"
    path.write_bytes(raw)
    check_run(events_arg(command), path, tmp_path)


AGREEMENT_2003 = (AGREEMENTS / "2003.yaml").read_text()


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(line=st.integers(min_value=0, max_value=AGREEMENT_2003.count("\n")), replacement=st.sampled_from([
    "", "  bogus: 1", "    value: -3", "    unit: furlongs", "x: [", "    rate: no_such_term",
    "      - {from_period: 0, rate: late_filing_rate}", "    anchor: nowhere", "  - !!python/name:os.system ''",
]))
def test_mutated_agreement(tmp_path, line, replacement):
    lines = AGREEMENT_2003.splitlines()
    lines[line:line + 1] = [replacement]
    path = tmp_path / "mine.yaml"
    path.write_text("\n".join(lines) + "\n")
    for argv in (["show", "--agreement", str(path), "-f", "json"], ["readings", "-a", str(path), "-f", "csv"],
                 ["penalties", "-a", str(path), "-f", "csv"]):
        result = run(*argv)
        assert result.code in (0, 2) and "Traceback" not in result.err
        if result.code == 2:
            assert result.out == ""
    result = run("check", path)
    assert result.code in (0, 1) and "Traceback" not in result.out + result.err


def _subprocess(args: list[str], env_extra: dict[str, str]) -> bytes:
    env = {k: v for k, v in os.environ.items() if k not in ("TZ", "LANG", "LC_ALL")}
    env.update(env_extra)
    done = subprocess.run([sys.executable, "-m", "rrcalc", *args], capture_output=True, env=env, check=True,
                          cwd=ROOT)
    return done.stdout


def test_output_is_byte_identical_across_runs_locales_and_time_zones():
    example = str(AGREEMENTS / "examples" / "2003-late-filing.yaml")
    for args in (["penalties", "-a", "2003", "-e", example, "-f", "csv"],
                 ["penalties", "-a", "2003", "-e", example, "-f", "json"],
                 ["deadlines", "-a", "2003", "-e", example, "-f", "ics"],
                 ["suspensions", "-a", "2003", "-e", example, "-f", "table"]):
        outputs = {
            _subprocess(args, {"TZ": "UTC", "LC_ALL": "C.UTF-8"}),
            _subprocess(args, {"TZ": "UTC", "LC_ALL": "C.UTF-8"}),
            _subprocess(args, {"TZ": "Pacific/Kiritimati", "LC_ALL": "de_DE.UTF-8", "LANG": "fr_FR.UTF-8"}),
            _subprocess(args, {"TZ": "America/New_York", "LC_ALL": "POSIX"}),
        }
        assert len(outputs) == 1, args


def test_the_default_as_of_date_does_not_depend_on_the_time_zone():
    # No as-of date given: "today" is New York's date, not the machine's.
    args = ["deadlines", "-a", "2003", "--event", "quarterly_report_filed=2003-08-14", "-f", "json"]
    assert len({_subprocess(args, {"TZ": tz}) for tz in ("Pacific/Kiritimati", "Pacific/Pago_Pago", "UTC")}) == 1
