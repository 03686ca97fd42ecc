"""`rrcalc check` for CI: GitHub workflow annotations, JUnit XML, and a quiet text view.

- ``github``: one workflow command per failure, ``::error file=F,line=L,col=C,title=T::message``, with the
  data and property escaping GitHub's runner expects (``%``, CR, LF; and ``:`` and ``,`` in properties),
  so each failure is pinned to the line of the YAML file in the pull request's diff;
- ``junit``: the JUnit XML that CI servers render (one testsuite per file, one testcase per item, a
  ``failure`` element for each failure), written with :mod:`xml.etree.ElementTree`;
- ``quiet``: only the failures and the count line.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rrcalc.results import CheckItem, CheckReport


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def count_line(report: CheckReport) -> str:
    drafts = report.drafts
    return f"{report.passed} passed, {report.failed} failed" + (f", {drafts} draft{'s' * (drafts != 1)}" if drafts
                                                                  else "")


def tag(item: CheckItem) -> str:
    """PASS, FAIL, or DRAFT for an agreement reported as a draft (open review items) that does not fail."""
    return "DRAFT" if item.draft and item.passed else "PASS" if item.passed else "FAIL"


def github(report: CheckReport) -> str:
    """Workflow commands: an ``::error`` per failure (placed at its file, line and column), a ``::notice`` per draft,
    then the count."""
    lines = []
    for item in report.items:
        if item.passed and not item.draft:
            continue
        props = [f"file={_prop(item.file)}"]
        if item.line is not None:
            props.append(f"line={item.line}")
            if item.col is not None:
                props.append(f"col={item.col}")
        props.append(f"title={_prop('rrcalc check: ' + item.item)}")
        level = "notice" if item.passed else "error"
        lines.append(f"::{level} {','.join(props)}::{_data(item.detail or item.item)}")
    lines.append(count_line(report))
    return "\n".join(lines) + "\n"


def lines(report: CheckReport, quiet: bool = False) -> str:
    """`check` as plain lines, for a CI log and a person alike: every item, or (``quiet``) only the failures with
    their place; then the count line. The one renderer of both."""
    out = []
    for item in report.items:
        if quiet and item.passed:
            continue
        where = item.file + (f":{item.line}" if quiet and item.line is not None else "")
        out.append(f"{tag(item)}  {where}  {item.item}")
        if item.detail:
            out.append(f"      {item.detail}")
    out.append(count_line(report))
    return "\n".join(out) + "\n"


def junit(report: CheckReport, name: str = "rrcalc check") -> str:
    """JUnit XML: a testsuite per file, a testcase per item, a failure element for each failure."""
    root = ET.Element("testsuites", name=name, tests=str(len(report.items)), failures=str(report.failed),
                      errors="0")
    by_file: dict[str, list[CheckItem]] = {}
    for item in report.items:
        by_file.setdefault(item.file, []).append(item)
    for file, items in by_file.items():
        suite = ET.SubElement(root, "testsuite", name=file, tests=str(len(items)),
                              failures=str(sum(not i.passed for i in items)), errors="0", skipped="0")
        for item in items:
            case = ET.SubElement(suite, "testcase", classname=file, name=item.item, file=file)
            if item.line is not None:
                case.set("line", str(item.line))
            if not item.passed:
                failure = ET.SubElement(case, "failure", message=item.detail or item.item, type="rrcalc.check")
                failure.text = (f"{file}:{item.line}: " if item.line is not None else f"{file}: ") + item.detail
    ET.indent(root)
    from rrcalc.output.hygiene import xml_chars  # ElementTree escapes markup but writes control characters as they are

    return xml_chars(ET.tostring(root, encoding="unicode", xml_declaration=True)) + "\n"
