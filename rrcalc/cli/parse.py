"""Parsing a command line with the one declaration in :mod:`rrcalc.cli.spec`, without importing typer.

:func:`parse` is what the console entry point runs: it collects raw strings per option, exactly as typer
would, and :func:`convert` (shared with the typer app) validates them into an :class:`Invocation`. Every
problem is a :class:`~rrcalc.errors.UsageError`: one line, exit 2.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from rrcalc.cli.spec import COMMANDS, OPTIONS, ROOT_OPTIONS, Command, Opt
from rrcalc.errors import UsageError, printable


class Invocation:
    """A command line, parsed and validated: what every command body receives.

    It has one attribute per option and argument of :mod:`rrcalc.cli.spec` (``inv.as_of``, ``inv.events``...),
    with its default when not given: False for a flag, [] for a repeatable option or many arguments, {} for
    KEY=VALUE pairs, else None.
    """

    # One attribute per option and argument of rrcalc.cli.spec, typed as convert() makes them (all set in
    # __init__). A command body that uses an option not listed here is a mypy error.
    command: str
    debug: bool
    agreement: str | None
    agreements_dir: list[Path]
    events: list[Path]
    event: dict[str, date | bool]
    as_of: date | None
    reading: dict[str, str]
    format: str | None
    output: Path | None
    report_output: Path | None
    schema_output: Path | None
    draft_output: Path | None
    family: str | None
    purchase_price: Decimal | None
    prices: Path | None
    compare_readings: bool
    cure_from: date | None
    cure_to: date | None
    track: str | None
    plot: Path | None
    next: bool
    days: int | None
    fail_on_invalid: bool
    csv_raw: bool
    remind: int | None
    check_format: str | None
    junit: Path | None
    quiet: bool
    fail_on: str | None
    text: Path | None
    more: list[Path]  # the events files given as arguments: convert() adds them to ``events``
    paths: list[Path]
    kind: str | None
    text_file: list[Path] | None  # the draft's text: a one-element list once given (convert())

    def __init__(self, command: str, debug: bool = False) -> None:
        self.command = command
        self.debug = debug
        for opt in OPTIONS.values():
            setattr(self, opt.dest, False if opt.kind == "flag" else {} if opt.kind == "pairs"
                    else [] if opt.repeat else None)
        for cmd in COMMANDS.values():
            for arg in cmd.args:
                setattr(self, arg.dest, [] if arg.many else None)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Invocation) and vars(self) == vars(other)

    def __repr__(self) -> str:
        given = {k: v for k, v in vars(self).items() if v not in (None, [], {}, False)}
        return f"Invocation({given})"


@dataclass
class Parsed:
    """What :func:`parse` found: the command (None: help or version) and raw values."""

    command: Command | None
    raw: dict[str, list[str]]
    flags: set[str]
    root: set[str]


def _lookup(opts: list[Opt]) -> dict[str, Opt]:
    return {flag: o for o in opts for flag in o.flags}


def parse(argv: list[str]) -> Parsed:
    """Split ``argv`` by the declaration: root options, the command, its options and arguments."""
    root_flags = _lookup(list(ROOT_OPTIONS.values()))
    root: set[str] = set()
    i = 0
    while i < len(argv) and argv[i] in root_flags:
        root.add(root_flags[argv[i]].dest)
        i += 1
    if i >= len(argv):
        return Parsed(None, {}, set(), root)
    name = argv[i]
    if name not in COMMANDS:
        from rrcalc.model.schema import suggest

        if name.startswith("-"):
            raise UsageError(f"no such option: {name} (options of a command come after it; see rrcalc --help)")
        raise UsageError(f"no such command '{name}'{suggest(name, list(COMMANDS))}; commands: "
                         f"{', '.join(COMMANDS)}")
    command = COMMANDS[name]
    known = _lookup([OPTIONS[d] for d in command.options])
    raw: dict[str, list[str]] = {}
    flags: set[str] = set()
    positional: list[str] = []
    i += 1
    only_args = False
    while i < len(argv):
        token = argv[i]
        i += 1
        if only_args or token == "-" or not token.startswith("-"):
            positional.append(token)
            continue
        if token == "--":
            only_args = True
            continue
        flag, eq, inline = token.partition("=") if token.startswith("--") else (token, "", "")
        opt = known.get(flag)
        if opt is None:
            from rrcalc.model.schema import suggest

            names = [f for o in known.values() for f in o.flags if f.startswith("--")]
            raise UsageError(f"{command.name}: no such option: {flag}{suggest(flag, names)}")
        if not opt.takes_value:
            if eq:
                raise UsageError(f"{flag} takes no value")
            flags.add(opt.dest)
            continue
        if eq:
            value = inline
        else:
            if i >= len(argv):
                raise UsageError(f"{flag} needs a value ({opt.metavar or opt.kind})")
            value = argv[i]
            i += 1
        raw.setdefault(opt.dest, []).append(value)
    _positional(command, positional, raw)
    return Parsed(command, raw, flags, root)


def _positional(command: Command, values: list[str], raw: dict[str, list[str]]) -> None:
    if not command.args and values:
        raise UsageError(f"{command.name}: unexpected argument '{values[0]}'")
    for arg in command.args:
        if arg.many:
            raw.setdefault(arg.dest, []).extend(values)
            values = []
        elif values:
            raw[arg.dest] = [values.pop(0)]
    if values:
        raise UsageError(f"{command.name}: unexpected argument '{values[0]}'")


def convert(command: Command, raw: dict[str, list[str]], flags: set[str], debug: bool = False) -> Invocation:
    """Validate the raw strings of one command line into an :class:`Invocation` (shared by both parsers)."""
    inv = Invocation(command.name, debug=debug)
    for dest in command.options:
        opt = OPTIONS[dest]
        if opt.kind == "flag":
            setattr(inv, dest, dest in flags)
            continue
        values = raw.get(dest, [])
        if not values:
            if dest in command.required:
                raise UsageError(f"{command.name}: missing option {opt.flags[0]}")
            continue
        name = opt.flags[0]
        if not opt.repeat and len(values) > 1:
            raise UsageError(f"{name} is given {len(values)} times; give it once")
        if opt.kind == "pairs":
            setattr(inv, dest, _pairs(values, name, dest == "event"))
        elif opt.repeat:
            setattr(inv, dest, [_value(opt, v, name) for v in values])
        else:
            setattr(inv, dest, _value(opt, values[0], name))
    for arg in command.args:
        values = raw.get(arg.dest, [])
        if arg.required and not values:
            raise UsageError(f"{command.name}: missing argument {arg.dest.upper()} ({arg.help})")
        if arg.kind == "choice":
            for v in values:
                if v not in arg.choices:
                    raise UsageError(f"{arg.dest.upper()}: '{v}' is not one of: {', '.join(arg.choices)}")
            if values:
                setattr(inv, arg.dest, values[0])
        elif arg.dest == "more":
            inv.events = [*inv.events, *(_path(v, "events file") for v in values)]
        else:
            setattr(inv, arg.dest, [_path(v, arg.dest) for v in values])
    if inv.text is not None and inv.agreement is None and not inv.paths:
        raise UsageError("--text is the text of one agreement: give it with --agreement ID|PATH or an agreement file")
    _outputs(command, inv)
    return inv


def _outputs(command: Command, inv: Invocation) -> None:
    """Every output of the command line checked before anything runs, so that a refused run writes and prints
    nothing: --plot with one deal, the output's name and the format it says (:func:`rrcalc.cli.spec.formats_of`),
    each file writable as :func:`rrcalc.output.files.target` sees it, and no two outputs to one file."""
    from rrcalc.cli.spec import formats_of

    if inv.plot is not None and len(inv.events) > 1:
        raise UsageError("--plot draws one deal: give one events file")
    given = [(OPTIONS[d].flags[0], getattr(inv, d)) for d in command.options
             if OPTIONS[d].writes and getattr(inv, d) is not None]
    if not given:
        return
    from rrcalc.output.render import choose_format

    chooser = next((OPTIONS[d] for d in command.options if "--format" in OPTIONS[d].flags), None)
    if chooser is not None and inv.output is not None:
        choose_format(getattr(inv, chooser.dest), inv.output, False, formats_of(command))
    import os

    from rrcalc.errors import InputError
    from rrcalc.output.files import target

    inputs: list[Path | str] = []
    for dest in command.options:
        value = getattr(inv, dest)
        if OPTIONS[dest].kind == "path" and not OPTIONS[dest].writes and value is not None:
            inputs += value if isinstance(value, list) else [value]
    inputs += [*inv.paths, *([inv.agreement] if inv.agreement and os.path.isfile(inv.agreement) else [])]
    inputs += inv.text_file or []
    seen: dict[tuple[object, ...], str] = {}
    for flag, path in given:
        try:
            identity = target(path, inputs)
        except InputError as exc:
            raise UsageError(f"{flag}: {exc}") from None
        if identity in seen and os.path.realpath(path) != os.devnull:
            raise UsageError(f"{flag}: {printable(str(path))} is the same file as {seen[identity]}'s; write each "
                             "output to a file of its own")
        seen[identity] = flag


def _path(text: str, name: str) -> Path:
    if not text.strip():
        raise UsageError(f"{name}: an empty file name")
    if "\0" in text:
        raise UsageError(f"{name}: a file name with a NUL character")
    return Path(text)


def parse_date(text: str, name: str) -> date:
    """A date option: the model's one reading of a date (:func:`rrcalc.model.bounds.parse_date`)."""
    from rrcalc.model.bounds import parse_date as read

    value = read(text)
    if isinstance(value, str):
        raise UsageError(f"{name}: {printable(value)}")
    return value


def _short(text: str) -> str:
    from rrcalc.errors import printable

    text = printable(text)
    return text if len(text) <= 40 else text[:37] + "..."


_AMOUNT = re.compile(r"([0-9]+|[0-9]{1,3}(,[0-9]{3})+)(\.[0-9]+)?")  # ASCII digits: never ١٠٠٠
_WHOLE = re.compile(r"-?[0-9]+")  # int() alone also takes ３, ٣, 1_0 and surrounding spaces


def parse_amount(text: str, name: str) -> Decimal:
    """An amount of money option: plain digits (thousands commas allowed where they belong), within the model's
    bounds for amounts (:func:`rrcalc.model.bounds.decimal_problem`)."""
    from rrcalc.model.bounds import decimal_problem, normal_decimal

    if not _AMOUNT.fullmatch(text):
        raise UsageError(f"{name}: '{_short(text)}' is not an amount of money (write e.g. 1000000 or 1,000,000.00)")
    value = Decimal(text.replace(",", ""))
    problem = decimal_problem(value)
    if problem is not None:
        raise UsageError(f"{name}: {problem}")
    return normal_decimal(value)


def _value(opt: Opt, text: str, name: str) -> Path | date | int | Decimal | str:
    if opt.kind == "path":
        path = _path(text, name)
        if opt.writes and (text.endswith("/") or text.rsplit("/", 1)[-1] in (".", "..")):
            raise UsageError(f"{name}: '{_short(text)}' names a folder, not a file; give a file name")
        if opt.suffixes and path.suffix.lower() not in opt.suffixes:
            raise UsageError(f"{name}: '{_short(text)}' must be a file name ending {' or '.join(opt.suffixes)}")
        return path
    if opt.kind == "date":
        return parse_date(text, name)
    if opt.kind == "choice":
        if text not in opt.choices:
            from rrcalc.model.schema import suggest

            raise UsageError(f"{name}: '{_short(text)}' is not one of: {', '.join(opt.choices)}"
                             f"{suggest(text, list(opt.choices))}")
        return text
    if opt.kind == "int":
        if _WHOLE.fullmatch(text) is None:
            raise UsageError(f"{name}: '{_short(text)}' is not a whole number")
        value = int(text, 10)
        lo, hi = opt.bounds or (-sys.maxsize, sys.maxsize)
        if not lo <= value <= hi:
            raise UsageError(f"{name}: {value} is outside {lo}..{hi}")
        return value
    if opt.kind == "money":
        return parse_amount(text, name)
    if not text.strip():
        raise UsageError(f"{name}: an empty value")
    return text


def _pairs(items: list[str], name: str, events: bool) -> dict[str, date | bool | str]:
    """KEY=VALUE pairs: --event's values are dates or flags, --reading's text."""
    out: dict[str, date | bool | str] = {}
    for item in items:
        key, sep, value = item.partition("=")
        key, value = key.strip(), value.strip()
        if not sep or not key or not value:
            raise UsageError(f"{name}: '{_short(item)}' is not KEY=VALUE")
        if key in out:
            raise UsageError(f"{name}: '{key}' is given twice")
        if events:
            low = value.lower()
            out[key] = True if low in ("true", "yes") else False if low in ("false", "no") else parse_date(
                value, f"{name} {key}")
        else:
            out[key] = value
    return out


def wants_typer(argv: list[str]) -> bool:
    """Help and completion are typer's: every other command line is parsed here."""
    import os

    if any(k.startswith("_RRCALC_COMPLETE") for k in os.environ):
        return True
    return not argv or any(a in ("--help", "-h", "--install-completion", "--show-completion") for a in argv
                           if a != "--")
