"""Where a problem is and what it means: validation errors turned into ``file:line:col: where: what``.

Validation runs on data parsed without positions (fast); only when something is wrong is the file
parsed again with positions, here, to say where, in words for someone editing YAML by hand.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from pydantic import BaseModel

from assess.core.model import Answers, Issue
from assess.core.model.answers import OPTION_REF_PATTERN
from assess.core.model.common import ID_PATTERN, VERSION_PATTERN
from assess.core.model.questionnaire import QUESTIONNAIRE_ID_PATTERN
from assess.core.problems import Problem
from assess.files.yaml_source import parse_yaml


def issue_pairs(issues: Iterable[Issue]) -> list[tuple[tuple[Any, ...], str]]:
    return [(issue.path, issue.message) for issue in issues]


def without_echoes(errors: list[Any]) -> list[Any]:
    """Drop "too short" errors that only echo a failed item below them (pydantic reports both)."""
    locs = [tuple(e["loc"]) for e in errors]

    def echoes(error: Any) -> bool:
        loc = tuple(error["loc"])
        return error["type"] == "too_short" and any(len(o) > len(loc) and o[: len(loc)] == loc for o in locs)

    return [e for e in errors if not echoes(e)]


def locate(found: Sequence[tuple[tuple[Any, ...], str]], text: str, name: str) -> list[Problem]:
    """Turn (path, message) pairs into problems with line numbers, in file order."""
    document = parse_yaml(text, name, with_marks=True)
    problems = []
    for loc, message in found:
        path = _data_path(loc, document.data)
        position = document.position(path)
        problems.append(
            Problem(
                file=name,
                what=message,
                where=describe_path(path, document.data),
                line=position[0] if position else None,
                column=position[1] if position else None,
            )
        )
    return sorted(problems, key=lambda p: (p.line or 0, p.column or 0))


def _data_path(loc: Sequence[Any], data: Any) -> tuple[Any, ...]:
    """The path in the parsed data behind a validation error's location.

    Pydantic writes a mapping key it could not use as text (``1.5``, ``~``) in its location
    as a string, and adds a ``[key]`` marker after it; this finds the key the file really holds.
    """
    path: list[Any] = []
    node = data
    for part in loc:
        if part == KEY_MARKER:
            break
        if isinstance(node, dict):
            part = _key_in(node, part)
        path.append(part)
        node = _child(node, part)
    return tuple(path)


KEY_MARKER = "[key]"


def _key_in(mapping: dict[Any, Any], part: Any) -> Any:
    """The key of ``mapping`` that a location part names (``1`` may stand for ``true``, ``'1.5'`` for 1.5)."""
    for key in mapping:
        if type(key) is type(part) and key == part:
            return key
    return next((key for key in mapping if key == part or str(key) == str(part)), part)


def describe_path(path: Sequence[Any], data: Any) -> str:
    """A short name for a place in the data: the innermost id, then the keys below it.

    Options are named with their scale (``scales.five.some.value``): option ids repeat across scales.
    """
    if len(path) > 2 and path[0] == "scales" and isinstance(data, dict):
        options = (data.get("scales") or {}).get(path[1])
        return f"scales.{path[1]}." + describe_path(path[2:], options)
    parts: list[str] = []
    node = data
    for key in path:
        if node is not data and isinstance(node, dict) and isinstance(node.get("id"), str):
            parts = [node["id"]]
        child = _child(node, key)
        named_item = isinstance(node, list) and isinstance(child, dict) and isinstance(child.get("id"), str)
        if not named_item:
            parts.append(f"[{key}]" if isinstance(node, list) else _yaml_text(key))
        node = child
    if node is not data and isinstance(node, dict) and isinstance(node.get("id"), str):
        parts = [node["id"]]
    return ".".join(parts).replace(".[", "[") or "(top level)"


def _child(node: Any, key: Any) -> Any:
    if isinstance(node, dict):
        return node.get(key)
    if isinstance(node, list) and isinstance(key, int) and 0 <= key < len(node):
        return node[key]
    return None


_PATTERN_HINTS = {
    ID_PATTERN: "an id starts with a letter or digit and holds only letters, digits, '.', '_' and '-'",
    OPTION_REF_PATTERN: "write one of the question's option ids, or n/a (lower case) for not applicable",
    QUESTIONNAIRE_ID_PATTERN: "a questionnaire id holds only lower-case letters, digits and '-'",
    VERSION_PATTERN: "write a semantic version such as 1.0.0",
}

_EXPECTED = {
    "dict_type": "a mapping",
    "model_type": "a mapping",
    "tuple_type": "a list",
    "list_type": "a list",
    "float_type": "a number",
    "float_parsing": "a number",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "int_from_float": "a whole number",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
}


def message_for(error: Any, model: type[BaseModel]) -> str:
    """A pydantic error rewritten for someone editing YAML by hand."""
    kind = error["type"]
    loc = tuple(error["loc"])
    value = error.get("input")
    if kind == "missing":
        return f"missing required key {loc[-1]!r}"
    if kind == "extra_forbidden":
        hint = "check the spelling"
        if len(loc) == 1 or (model is Answers and len(loc) == 3 and loc[0] == "answers"):
            hint += "; keys starting with x- are kept and ignored"
        return f"unknown key {_yaml_text(loc[-1])!r}; {hint}"
    if kind == "string_type" and loc and loc[-1] == KEY_MARKER:
        if value is None:
            return "a key is empty; write the id before the colon"
        return f"the key {_yaml_text(value)} is read as {_kind_name(value)}; keys are text: put it in quotes"
    if kind == "string_type":
        if isinstance(value, (bool, int, float, dt.date)):
            return f"expected text but YAML read {_yaml_text(value)} as {_kind_name(value)}; put it in quotes"
        return f"expected text, found {kind_of(value)}"
    if kind == "literal_error" and loc and loc[-1] == "format":
        return f"format must be 1 (this version of assess reads format 1), not {value!r}"
    if kind == "literal_error":
        expected = str((error.get("ctx") or {}).get("expected", "")).replace("'", "")
        return f"{kind_of(value)} is not allowed here; write one of {expected}"
    if kind == "string_pattern_mismatch":
        pattern = (error.get("ctx") or {}).get("pattern", "")
        hint = _PATTERN_HINTS.get(pattern, f"it must match {pattern}")
        return f"{value!r} is not valid here; {hint}"
    if kind in ("dict_type", "model_type") and model is Answers and len(loc) == 2 and loc[0] == "answers":
        quote = f'; if {value} is an option id, quote it ("{value}")' if _is_number(value) else ""
        return f"expected an option id, n/a, or the long form (a mapping with answer:), found {kind_of(value)}{quote}"
    if kind == "dict_type" and model is Answers and loc in (("answers",), ("targets",)) and isinstance(value, list):
        example = "G-SM-A-1: some" if loc == ("answers",) else "G-SM: 2"
        return f"expected a mapping, found a list; write one '{example}' per line, without a leading '- '"
    if kind in _EXPECTED:
        return f"expected {_EXPECTED[kind]}, found {kind_of(value)}"
    if kind == "value_error" and "error" in (error.get("ctx") or {}):
        return str(error["ctx"]["error"])  # our validators' own words, without pydantic's "Value error," prefix
    return str(error["msg"])


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _kind_name(value: Any) -> str:
    """What YAML made of an unquoted scalar, in words."""
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int):
        return "an integer"
    if isinstance(value, float):
        return "a float"
    if isinstance(value, dt.datetime):
        return "a timestamp"
    if isinstance(value, dt.date):
        return "a date"
    return "text"


def _yaml_text(value: Any) -> str:
    """A scalar as it would be written in the file (true, not True)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "~"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def kind_of(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return repr(value)
    return _yaml_text(value)
