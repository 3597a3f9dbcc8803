"""The check document: every rule's result with the file lines that explain it (the JSON of ``assess check``).

SARIF, JUnit, GitHub annotations and the text format are all drawn from it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypedDict

from assess import __version__
from assess.core.gate import RULES, Outcome

Locate = Callable[[str, Sequence[str | int]], "tuple[int, int] | None"]
"""(file, data path) -> (line, column) in that file, or None when it cannot be read."""


class CheckFinding(TypedDict):
    file: str
    line: int | None
    column: int | None
    path: list[str | int]
    """Where in the file's data: ``["answers", "D-TA-A-2"]``, ``["targets", "D-TA"]``."""
    message: str


class CheckResultNode(TypedDict):
    rule: str
    rule_text: str
    file: str
    kind: str
    """overall, function or practice."""
    subject: str
    name: str
    status: str
    """pass, fail or skipped."""
    actual: float | None
    expected: float | None
    message: str
    findings: list[CheckFinding]


class CheckRule(TypedDict):
    id: str
    name: str
    description: str


class CheckCounts(TypedDict):
    passed: int
    failed: int
    skipped: int


class CheckTool(TypedDict):
    name: str
    version: str


class CheckDocument(TypedDict):
    tool: CheckTool
    passed: bool
    counts: CheckCounts
    rules: list[CheckRule]
    """The rules this run applied, in the order given."""
    results: list[CheckResultNode]


def check_data(result: Outcome, locate: Locate) -> CheckDocument:
    rules = list(dict.fromkeys(r.rule for r in result.results))
    return {
        "tool": {"name": "assess", "version": __version__},
        "passed": result.passed,
        "counts": {
            "passed": result.count("pass"),
            "failed": result.count("fail"),
            "skipped": result.count("skipped"),
        },
        "rules": [{"id": rule, "name": RULES[rule][0], "description": RULES[rule][1]} for rule in rules],
        "results": [
            {
                "rule": r.rule,
                "rule_text": r.rule_text,
                "file": r.file,
                "kind": r.kind,
                "subject": r.subject,
                "name": r.name,
                "status": r.status,
                "actual": r.actual,
                "expected": r.expected,
                "message": r.message,
                "findings": [_finding(r.file, f.path, f.message, locate) for f in r.findings],
            }
            for r in result.results
        ],
    }


def _finding(file: str, path: Sequence[str | int], message: str, locate: Locate) -> CheckFinding:
    position = locate(file, path)
    return {
        "file": file,
        "line": position[0] if position else None,
        "column": position[1] if position else None,
        "path": list(path),
        "message": message,
    }
