"""``assess check`` for people and pipelines: text, SARIF 2.1.0, JUnit XML and GitHub annotations.

Every format reads the same check document, so a failure points at the same line of the answers
file in each. Text from files goes through :func:`printable` (no escape sequences reach a CI log),
JUnit is built with ``xml.etree`` (so it always parses), and GitHub's workflow commands escape
``%``, CR and LF in messages, and ``:`` and ``,`` in properties, as the Actions toolkit does.
"""

from __future__ import annotations

import re
from pathlib import PurePath, PureWindowsPath
from typing import TYPE_CHECKING
from urllib.parse import quote

from assess.core.printable import printable
from assess.formats.json_out import dumps
from assess.formats.registry import CHECK, output_format

if TYPE_CHECKING:
    from assess.documents.check import CheckDocument, CheckFinding, CheckResultNode

output_format("json", order=1)(CHECK)(dumps)

SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"


def summary(doc: CheckDocument) -> str:
    counts = doc["counts"]
    parts = [f"{counts['failed']} failed", f"{counts['passed']} passed"]
    if counts["skipped"]:
        parts.append(f"{counts['skipped']} skipped")
    verdict = "passed" if doc["passed"] else "failed"
    return f"assess check {verdict}: " + ", ".join(parts)


def _place(finding: CheckFinding) -> str:
    place = finding["file"]
    if finding["line"] is not None:
        place += f":{finding['line']}"
        if finding["column"] is not None:
            place += f":{finding['column']}"
    return place


@output_format("text", order=0)(CHECK)
def check_text(doc: CheckDocument) -> str:
    """Each failure at ``file:line:col`` (editors and CI logs link them), each skip, the passes per rule, a summary."""
    lines = []
    for result in doc["results"]:
        if result["status"] == "fail":
            findings = result["findings"]
            lines.append(f"FAIL {_place(findings[0])}: {result['rule_text']}: {result['message']}")
            lines.extend(f"     {_place(f)}: {f['message']}" for f in findings[1:])
    lines += [f"skip {r['file']}: {r['rule_text']}: {r['message']}" for r in doc["results"] if r["status"] == "skipped"]
    passed: dict[tuple[str, str], list[str]] = {}
    for result in doc["results"]:
        if result["status"] == "pass":
            passed.setdefault((result["file"], result["rule_text"]), []).append(result["subject"])
    lines += [f"pass {file}: {rule} ({len(names)}): {', '.join(names)}" for (file, rule), names in passed.items()]
    lines.append(summary(doc))
    return printable("\n".join(lines), keep="\n") + "\n"


def artifact_uri(file: str) -> str:
    """A file name as a SARIF artifact URI: relative paths stay relative (code scanning resolves them
    against the repository), with forward slashes and percent-encoding; absolute ones become file: URIs."""
    path = PureWindowsPath(file) if "\\" in file else PurePath(file)
    if path.is_absolute():
        return path.as_uri()
    return quote(path.as_posix(), safe="/")


@output_format("sarif", order=10)(CHECK)
def check_sarif(doc: CheckDocument) -> str:
    """A SARIF 2.1.0 log: one rule per check rule, one result per failing place in an answers file."""
    rule_ids = [r["id"] for r in doc["rules"]]
    rules = [
        {
            "id": r["id"],
            "name": "".join(word.capitalize() for word in r["id"].split("-")),
            "shortDescription": {"text": r["name"]},
            "fullDescription": {"text": r["description"]},
            "defaultConfiguration": {"level": "error"},
        }
        for r in doc["rules"]
    ]
    results = []
    for result in doc["results"]:
        if result["status"] != "fail":
            continue
        for finding in result["findings"]:
            location: dict[str, object] = {"artifactLocation": {"uri": artifact_uri(finding["file"])}}
            if finding["line"] is not None:
                region = {"startLine": finding["line"]}
                if finding["column"] is not None:
                    region["startColumn"] = finding["column"]
                location["region"] = region
            results.append(
                {
                    "ruleId": result["rule"],
                    "ruleIndex": rule_ids.index(result["rule"]),
                    "level": "error",
                    "message": {"text": finding["message"]},
                    "locations": [{"physicalLocation": location}],
                    "properties": {
                        "check": result["rule_text"],
                        "subject": result["subject"],
                        "actual": result["actual"],
                        "expected": result["expected"],
                    },
                }
            )
    log = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": {"name": "assess", "version": doc["tool"]["version"], "rules": rules}},
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }
    return dumps(log)


@output_format("junit", order=11)(CHECK)
def check_junit(doc: CheckDocument) -> str:
    """JUnit XML: a test suite per rule as given, a test case per file and practice (or subject) it checks."""
    import xml.etree.ElementTree as ET

    suites = ET.Element("testsuites", name="assess check")
    by_rule: dict[str, list[CheckResultNode]] = {}
    for result in doc["results"]:
        by_rule.setdefault(result["rule_text"], []).append(result)
    for rule_text, results in by_rule.items():
        suite = ET.SubElement(suites, "testsuite", name=_xml(rule_text))
        for result in results:
            case = ET.SubElement(
                suite,
                "testcase",
                classname=_xml(result["file"]),
                name=_xml(f"{result['subject']} {result['name']}" if result["kind"] != "overall" else "overall"),
            )
            if result["findings"] and result["findings"][0]["line"] is not None:
                case.set("file", _xml(result["file"]))
                case.set("line", str(result["findings"][0]["line"]))
            if result["status"] == "fail":
                failure = ET.SubElement(case, "failure", message=_xml(result["message"]), type=result["rule"])
                failure.text = _xml("\n".join(f"{_place(f)}: {f['message']}" for f in result["findings"]))
            elif result["status"] == "skipped":
                ET.SubElement(case, "skipped", message=_xml(result["message"]))
        _count(suite, results)
    _count(suites, doc["results"])
    ET.indent(suites)
    return ET.tostring(suites, encoding="unicode", xml_declaration=True) + "\n"


def _count(element: object, results: list[CheckResultNode]) -> None:
    import xml.etree.ElementTree as ET

    assert isinstance(element, ET.Element)
    element.set("tests", str(len(results)))
    element.set("failures", str(sum(1 for r in results if r["status"] == "fail")))
    element.set("errors", "0")
    element.set("skipped", str(sum(1 for r in results if r["status"] == "skipped")))


_NOT_XML = re.compile("[\ud800-\udfff\ufffe\uffff]")


def _xml(text: str) -> str:
    """Text XML 1.0 can hold: control characters (which no parser accepts) shown as escapes,
    and the code points XML forbids (lone surrogates from undecodable file names, U+FFFE, U+FFFF) replaced."""
    return _NOT_XML.sub("\ufffd", printable(text, keep="\n\t"))


@output_format("github", order=12)(CHECK)
def check_github(doc: CheckDocument) -> str:
    """GitHub Actions workflow commands: an ``::error`` at each failing line, a ``::warning`` per skip, a summary."""
    lines = []
    for result in doc["results"]:
        if result["status"] == "skipped":
            lines.append(f"::warning file={_property(result['file'])},title=assess check::{_data(result['message'])}")
        if result["status"] != "fail":
            continue
        for finding in result["findings"]:
            properties = [f"file={_property(finding['file'])}"]
            if finding["line"] is not None:
                properties.append(f"line={finding['line']}")
                if finding["column"] is not None:
                    properties.append(f"col={finding['column']}")
            properties.append(f"title={_property('assess check ' + result['rule_text'])}")
            lines.append(f"::error {','.join(properties)}::{_data(finding['message'])}")
    lines.append(_data(summary(doc)))
    return "\n".join(lines) + "\n"


def _data(text: str) -> str:
    """A workflow command's message: ``%``, CR and LF escaped; other control characters shown as escapes."""
    text = printable(text, keep="\r\n")
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    """A workflow command's property value: as :func:`_data`, and ``:`` and ``,`` too."""
    return _data(text).replace(":", "%3A").replace(",", "%2C")
