"""The one declaration of rrcalc's command line: every command, option and argument, once.

Everything else is built from this table, so nothing can drift:
- :mod:`rrcalc.cli.parse` parses a command line with it (the console entry point, no typer import, fast);
- :mod:`rrcalc.cli.app` builds the typer app from it (``--help``, shell completion, ``docs/cli.md``);
- :func:`rrcalc.cli.parse.convert` turns the raw strings either parser collected into an
  :class:`~rrcalc.cli.parse.Invocation`, validating every value the same way for both.

Adding an option to a command: one :class:`Opt` in ``OPTIONS`` (or reuse one), its name in the command's
``options``, and its use in the command body (``inv.<dest>``). A test runs the console entry point's parser
and typer's on the same command lines and compares what they produce.
"""

from __future__ import annotations

from dataclasses import dataclass

from rrcalc.draft.skeletons import FAMILIES
from rrcalc.output.render import RENDERERS

#: Option kinds and what convert() makes of them: text, path (a file path, never empty), date (YYYY-MM-DD within
#: the calendar years), int (bounded), money (a non-negative decimal amount), choice (one of ``choices``),
#: pairs (KEY=VALUE, repeatable), flag (no value).
KINDS = ("text", "path", "date", "int", "money", "choice", "pairs", "flag")


@dataclass(frozen=True)
class Opt:
    """An option: its flags, kind and help, declared once and shared by every command that takes it."""

    dest: str
    flags: tuple[str, ...]
    help: str
    kind: str = "text"
    repeat: bool = False
    metavar: str = ""
    choices: tuple[str, ...] = ()
    bounds: tuple[int, int] | None = None
    suffixes: tuple[str, ...] = ()  # a path option: the file name must end with one of these
    writes: bool = False  # a path option naming a file rrcalc writes (checked with the others before anything runs)

    @property
    def takes_value(self) -> bool:
        return self.kind != "flag"


@dataclass(frozen=True)
class Arg:
    """A positional argument."""

    dest: str
    help: str
    kind: str = "path"
    many: bool = True
    choices: tuple[str, ...] = ()
    required: bool = False


@dataclass(frozen=True)
class Command:
    """A command: its name, what it does, its options and arguments, and examples for ``--help``."""

    name: str
    help: str
    run: str  # function name in rrcalc.cli.commands
    options: tuple[str, ...]
    args: tuple[Arg, ...] = ()
    examples: tuple[str, ...] = ()
    required: tuple[str, ...] = ()  # options that must be given


#: What ``--format`` offers: the table for people and every format a report has a renderer for (the one list of
#: formats is :data:`rrcalc.output.render.RENDERERS`). A command without ``--format`` writes the one format its
#: output option's suffixes name (:func:`formats_of`).
FORMATS = ("table", *RENDERERS)

OPTIONS: dict[str, Opt] = {o.dest: o for o in [
    Opt("agreement", ("--agreement", "-a"), "A bundled agreement id (see `rrcalc agreements`), an id found in "
        "--agreements-dir, or the path of a YAML file. Optional when every events file names its agreement.",
        metavar="ID|PATH"),
    Opt("agreements_dir", ("--agreements-dir",), "A folder of agreement YAML files whose ids events files may "
        "name (also: the RRCALC_AGREEMENTS environment variable, folders separated by ':').", kind="path",
        repeat=True, metavar="DIR"),
    Opt("events", ("--events", "-e"), "An events file (the deal's facts; its format: `rrcalc schema events`). "
        "Repeatable; more files may follow as arguments. With several, output gains a leading scenario column.",
        kind="path", repeat=True, metavar="FILE"),
    Opt("event", ("--event",), "NAME=DATE (or NAME=true for a flag): a fact that overrides the events file. "
        "Repeatable.", kind="pairs", repeat=True, metavar="NAME=DATE"),
    Opt("as_of", ("--as-of",), "The date up to which uncured failures accrue and facts are known (YYYY-MM-DD). "
        "Default: the events file's, else today in New York (said on stderr).", kind="date", metavar="DATE"),
    Opt("reading", ("--reading", "-r"), "KEY=VALUE: choose an alternative reading (see `rrcalc readings`). "
        "Repeatable.", kind="pairs", repeat=True, metavar="KEY=VALUE"),
    Opt("format", ("--format", "-f"), "Output format. Default: from --output's extension, else a table on a "
        "terminal and CSV in a pipe.", kind="choice", choices=FORMATS, metavar="FORMAT"),
    Opt("output", ("--output", "-o"), "Write to this file instead of stdout, whole or not at all.",
        kind="path", metavar="FILE", writes=True),
    Opt("report_output", ("--output", "-o"), "Write the HTML report to this file instead of stdout, whole or not "
        "at all.", kind="path", metavar="FILE", suffixes=(".html", ".htm"), writes=True),
    Opt("schema_output", ("--output", "-o"), "Write the JSON Schema to this file instead of stdout, whole or not at "
        "all.", kind="path", metavar="FILE", suffixes=(".json",), writes=True),
    Opt("family", ("--family",), "The family of terms of the skeleton (rrcalc/draft/skeletons.py says what each "
        "holds).", kind="choice", choices=FAMILIES, metavar="FAMILY"),
    Opt("draft_output", ("--output", "-o"), "Write the YAML to this file instead of stdout, whole or not at all (a "
        "file already there is replaced, as by every command's output).", kind="path", metavar="FILE",
        suffixes=(".yaml", ".yml"), writes=True),
    Opt("purchase_price", ("--purchase-price",), "One Investor, named 'investor', with this purchase price "
        "(USD), when the events file lists none.", kind="money", metavar="USD"),
    Opt("prices", ("--prices",), "CSV 'date,closing_bid': add the Periodic Amount Shares each amount converts "
        "into.", kind="path", metavar="FILE"),
    Opt("compare_readings", ("--compare-readings",), "Show the total under every alternative of every reading "
        "beside the readings in force.", kind="flag"),
    Opt("cure_from", ("--cure-from",), "First cure date to try.", kind="date", metavar="DATE"),
    Opt("cure_to", ("--cure-to",), "Last cure date to try (at most ten years after --cure-from, and at most "
        "50,000 cure dates x Investors in one run: each re-prices an Investor's track).", kind="date",
        metavar="DATE"),
    Opt("track", ("--track",), "The track whose cure is varied (default: the agreement's first).",
        metavar="TRACK"),
    Opt("plot", ("--plot",), "Also draw a picture (SVG) in this file: the deal's timeline (events, deadlines, "
        "blackouts, accrual periods, payment dates), or for exposure the total owed by cure date.", kind="path",
        metavar="FILE", suffixes=(".svg",), writes=True),
    Opt("next", ("--next",), "Plan a blackout: the earliest permitted start of a new suspension, its longest "
        "end, and how many remain.", kind="flag"),
    Opt("days", ("--days",), "With --next: what a suspension of this many business days would cost each "
        "Investor if it is not permitted.", kind="int", bounds=(1, 250), metavar="N"),
    Opt("fail_on_invalid", ("--fail-on-invalid",), "Exit 1 when any suspension is not permitted (a CI gate).",
        kind="flag"),
    Opt("csv_raw", ("--csv-raw",), "Write CSV cells exactly as computed: do not neutralise a leading = + - @ "
        "that a spreadsheet would read as a formula.", kind="flag"),
    Opt("remind", ("--remind",), "With --format ics: a reminder (VALARM) this many business days before each "
        "date.", kind="int", bounds=(1, 60), metavar="N"),
    Opt("check_format", ("--format", "-f"), "Output format: table (PASS/FAIL lines), csv, json, or github "
        "(workflow annotations at each failure's file, line and column).", kind="choice",
        choices=("table", "csv", "json", "github"), metavar="FORMAT"),
    Opt("junit", ("--junit",), "Also write the results as JUnit XML to this file (for CI servers).", kind="path",
        metavar="FILE", suffixes=(".xml",), writes=True),
    Opt("quiet", ("--quiet", "-q"), "Show only the failures and the count line.", kind="flag"),
    Opt("fail_on", ("--fail-on",), "Also fail each events file that has: missed (a missed deadline), "
        "not_permitted (a suspension that is not permitted); and each agreement that is a draft (draft: open review "
        "items, otherwise reported without failing); comma-separated.", metavar="WHAT[,WHAT]"),
    Opt("text", ("--text",), "The agreement's text (plain UTF-8): verify that every quote of the agreement is in "
        "it, under the section it cites. It is the text of --agreement, else of the one agreement file given; "
        "without it, an agreement's own `source:` file beside it is used when it is there.", kind="path",
        metavar="FILE"),
]}

_OUT = ("format", "output")
_DEAL = ("agreement", "agreements_dir", "events", "event", "as_of", "reading")
_MORE = Arg("more", "More events files (so that `--events deals/*.yaml` works).")

COMMANDS: dict[str, Command] = {c.name: c for c in [
    Command("agreements", "List the bundled agreements (and those in --agreements-dir): id, date, parties, "
            "what each provides.", "run_agreements", ("agreements_dir", *_OUT),
            examples=("rrcalc agreements", "rrcalc agreements --format json")),
    Command("show", "Show an agreement's terms, events, obligations, readings and notes, each with its clause.",
            "run_show", ("agreement", "agreements_dir", "reading", *_OUT), required=("agreement",),
            examples=("rrcalc show --agreement 2003", "rrcalc show -a my-agreement.yaml --format json")),
    Command("readings", "List the readings (named choices where the text is ambiguous) and the one in force.",
            "run_readings", ("agreement", "agreements_dir", "reading", *_OUT), required=("agreement",),
            examples=("rrcalc readings --agreement 2003",)),
    Command("deadlines", "When each registration obligation falls due, with its basis and status.",
            "run_deadlines", (*_DEAL, "plot", *_OUT, "csv_raw", "remind"), (_MORE,),
            examples=("rrcalc deadlines --agreement 1998",
                      "rrcalc deadlines -a 1998 --event calamity_loss=1998-04-15",
                      "rrcalc deadlines --events deal.yaml --format ics --output deadlines.ics")),
    Command("computation-dates", "The Computation Dates that fix each Periodic Amount, per track and occurrence.",
            "run_computation_dates", (*_DEAL, *_OUT, "csv_raw"), (_MORE,),
            examples=("rrcalc computation-dates --events deal.yaml",)),
    Command("penalties", "The Periodic Amounts owed to each Investor, when each is fixed and payable, with totals. "
            "Without facts: the rate schedule and what each track costs per $1,000,000.", "run_penalties",
            (*_DEAL, "purchase_price", "prices", "compare_readings", "plot", *_OUT, "csv_raw", "remind"), (_MORE,),
            examples=("rrcalc penalties --agreement 2003",
                      "rrcalc penalties --events deal.yaml",
                      "rrcalc penalties --events deals/*.yaml --format csv > portfolio.csv",
                      "rrcalc penalties -a 2002 --event registration_filed=2003-01-10 "
                      "--purchase-price 1000000 --as-of 2003-12-31",
                      "rrcalc penalties --events deal.yaml --compare-readings",
                      "rrcalc penalties --events deal.yaml -o deal.xlsx",
                      "rrcalc penalties --events deal.yaml --format ics --remind 3 -o payments.ics")),
    Command("suspensions", "Was each blackout a Permitted Suspension Period, and where does a Restricted Sale "
            "Date begin.", "run_suspensions", (*_DEAL, "next", "days", "fail_on_invalid", "plot", *_OUT, "csv_raw",
                                         "remind"),
            (_MORE,),
            examples=("rrcalc suspensions --events deal.yaml",
                      "rrcalc suspensions --events deal.yaml --next --days 10",
                      "rrcalc suspensions --events deals/*.yaml --fail-on-invalid",
                      "rrcalc suspensions --events deal.yaml --format ics -o blackouts.ics")),
    Command("exposure", "What-if: the total owed per Investor and overall for every possible cure date of a "
            "track.", "run_exposure", (*_DEAL, "cure_from", "cure_to", "track", "plot", *_OUT, "csv_raw"),
            (_MORE,), required=("cure_from", "cure_to"),
            examples=("rrcalc exposure --events deal.yaml --cure-from 2003-08-21 --cure-to 2003-12-31",
                      "rrcalc exposure -e deal.yaml --cure-from 2003-09-01 --cure-to 2003-10-31 --plot x.svg")),
    Command("check", "Validate every bundled agreement and the given agreement or events files; run the "
            "agreements' embedded test cases (exit 1 on a failure).", "run_check",
            ("agreement", "agreements_dir", "check_format", "output", "junit", "quiet", "fail_on", "text"),
            (Arg("paths", "Agreement, events or expected-outcome files (a YAML file with 'cases') to check "
                 "besides the bundled agreements."),),
            examples=("rrcalc check", "rrcalc check deals/*.yaml", "rrcalc check --agreements-dir terms deals/",
                      "rrcalc check deals/*.yaml --format github --junit check.xml --fail-on missed,not_permitted",
                      "rrcalc check --agreement 2003 --text 2003-07-01_focus-enhancements_rra.txt")),
    Command("draft", "Draft a first YAML encoding of an agreement from its text, for a lawyer to finish: its date "
            "and parties, defined terms, deadlines, liquidated damages and suspension limits, each value with the "
            "section and words it comes from; what the text leaves open is not guessed but listed under review. The "
            "draft validates; `check` reports it as a draft until its review items are done.", "run_draft",
            ("draft_output",), (Arg("text_file", "The agreement's text: plain UTF-8 text, as filed (an exhibit "
                                    "saved as text).", many=False, required=True),),
            examples=("rrcalc draft agreement.txt", "rrcalc draft agreement.txt -o acme-2025.yaml",
                      "rrcalc check acme-2025.yaml")),
    Command("new", "Write a commented skeleton encoding of one family of terms, for an agreement with no text at "
            "hand: placeholder values typical of the family, every section and quote marked for the lawyer to fill, "
            "hand-worked test cases, and the open points under review. It validates; `check` reports it as a draft "
            "until its review items are done.", "run_new", ("family", "draft_output"), required=("family",),
            examples=("rrcalc new --family pipe", "rrcalc new --family notes -o acme-notes.yaml",
                      "rrcalc check acme-notes.yaml")),
    Command("report", "An HTML deal report an analyst can mail: the deal, a timeline picture, every Periodic "
            "Amount with its working and clause, suspension verdicts, what each reading is worth, notes; one "
            "self-contained file.", "run_report", (*_DEAL, "report_output"), (_MORE,),
            examples=("rrcalc report --agreement 2003 --events deal.yaml -o deal.html",)),
    Command("portfolio", "Many deals (events files, any agreements) rolled up: every amount due by date with "
            "what is paid, outstanding and interest; totals per deal and per Investor.", "run_portfolio",
            ("agreement", "agreements_dir", "as_of", *_OUT, "csv_raw"),
            (Arg("paths", "The deals' events files (each names its agreement, or give --agreement)."),),
            examples=("rrcalc portfolio deals/*.yaml", "rrcalc portfolio deals/*.yaml -o portfolio.xlsx")),
    Command("schema", "Print the JSON Schema of agreement files or events files (for editors).", "run_schema",
            ("schema_output",), (Arg("kind", "agreement or events", kind="choice", many=False,
                              choices=("agreement", "events"), required=True),),
            examples=("rrcalc schema events > events.schema.json",)),
]}

#: Options before the command.
ROOT_OPTIONS: dict[str, Opt] = {o.dest: o for o in [
    Opt("debug", ("--debug",), "Show a traceback for an internal error.", kind="flag"),
    Opt("version", ("--version",), "Print the version and exit.", kind="flag"),
]}

HELP = "Deadlines, Periodic Amounts and suspension checks under Registration Rights Agreements."


def formats_of(command: Command) -> tuple[str, ...]:
    """The formats ``command`` can write: its ``--format`` option's choices, else the one format its output
    option's suffixes name (``.html`` and ``.htm``: html; ``.yaml`` and ``.yml``: yaml)."""
    for dest in command.options:
        opt = OPTIONS[dest]
        if "--format" in opt.flags:
            return opt.choices
    for dest in command.options:
        opt = OPTIONS[dest]
        if opt.writes and "--output" in opt.flags and opt.suffixes:
            return tuple(dict.fromkeys({".htm": "html", ".yml": "yaml"}.get(s, s.lstrip(".")) for s in opt.suffixes))
    return ()
