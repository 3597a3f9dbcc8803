"""Where a problem is and what it means: validation errors turned into ``file:line:col: where: what``.

Validation runs on data parsed without positions (fast); only when something is wrong is the file
parsed again with positions, here, to say where, in words for someone editing YAML by hand.

Hostile files are bounded here too: a key or value from the file is only ever quoted through
:func:`~assess.core.printable.quoted` (a short prefix, never a secret), a file reports at most
:data:`MAX_PROBLEMS` problems plus one "and N more" line, and locating N problems in a mapping of
K keys costs N + K, not N x K.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from functools import partial
from typing import Any

from pydantic import BaseModel, ValidationError

from assess.core.model import Answers, Issue
from assess.core.model.answers import OPTION_REF_PATTERN
from assess.core.model.common import ID_PATTERN, VERSION_PATTERN
from assess.core.model.questionnaire import QUESTIONNAIRE_ID_PATTERN
from assess.core.printable import clipped, quoted
from assess.core.problems import Problem
from assess.files.yaml_source import parse_yaml

Message = str | Callable[[], str]
"""A problem's words, or how to write them: only the problems shown are put in words."""
Found = list[tuple[tuple[Any, ...], Message]]
"""Problems as (location in the data, message) pairs, before they are located in the file."""


def issue_pairs(issues: Iterable[Issue]) -> Found:
    return [(issue.path, issue.message) for issue in issues]


def validation_found(error: ValidationError, model: type[BaseModel]) -> Found:
    """A validation error's problems, each worded only if it is shown."""
    errors = without_echoes(error.errors(include_url=False))
    return [(tuple(e["loc"]), partial(message_for, e, model)) for e in errors]


MAX_PROBLEMS = 50
"""Problems reported per file; the rest are counted in one more line (a hostile file can hold thousands)."""


def without_echoes(errors: list[Any]) -> list[Any]:
    """Drop "too short" errors that only echo a failed item below them (pydantic reports both)."""
    if not any(e["type"] == "too_short" for e in errors):
        return errors
    below = {tuple(e["loc"])[:end] for e in errors for end in range(len(e["loc"]))}
    return [e for e in errors if not (e["type"] == "too_short" and tuple(e["loc"]) in below)]


def locate(found: Sequence[tuple[tuple[Any, ...], Message]], text: str, name: str) -> list[Problem]:
    """Turn (path, message) pairs into problems with line numbers, in file order, at most :data:`MAX_PROBLEMS`.

    Most locations are exact paths into the data and are found with one lookup; only the others
    (and the problems shown) are walked key by key.
    """
    document = parse_yaml(text, name, with_marks=True)
    keys = _KeyIndex()
    placed = []
    for order, (loc, message) in enumerate(found):
        position = document.marks.get(loc)
        if position is None:
            position = document.position(_data_path(loc, document.data, keys))
        placed.append((position or (0, 0), order, position is not None, loc, message))
    placed.sort(key=lambda item: item[:2])
    problems = []
    for position, _, known, loc, message in placed[:MAX_PROBLEMS]:
        path = _data_path(loc, document.data, keys)
        problems.append(
            Problem(
                file=name,
                what=message if isinstance(message, str) else message(),
                where=describe_path(path, document.data),
                line=position[0] if known else None,
                column=position[1] if known else None,
            )
        )
    if len(placed) > MAX_PROBLEMS:
        more = len(placed) - MAX_PROBLEMS
        problems.append(
            Problem(file=name, what=f"and {more:,} more problem{'s' * (more > 1)}; fix these and run again to see them")
        )
    return problems


def _data_path(loc: Sequence[Any], data: Any, keys: _KeyIndex) -> tuple[Any, ...]:
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
            part = keys.key_in(node, part)
        path.append(part)
        node = _child(node, part)
    return tuple(path)


KEY_MARKER = "[key]"


class _KeyIndex:
    """The keys of each mapping, indexed on first use, for every problem located in one file."""

    def __init__(self) -> None:
        self._indexes: dict[int, tuple[dict[Any, Any], dict[Any, tuple[int, Any]], dict[str, tuple[int, Any]]]] = {}

    def key_in(self, mapping: dict[Any, Any], part: Any) -> Any:
        """The key of ``mapping`` a location part names (``1`` may stand for ``true``, ``'1.5'`` for 1.5).

        The first key of the same type and value, else the first one equal to it or written the
        same, else the part itself: the rules of a scan over the keys, at the cost of one lookup.
        """
        index = self._indexes.get(id(mapping))
        if index is None:
            exact: dict[Any, Any] = {}
            equal: dict[Any, tuple[int, Any]] = {}
            written: dict[str, tuple[int, Any]] = {}
            for order, key in enumerate(mapping):
                exact.setdefault((type(key), key), key)
                equal.setdefault(key, (order, key))
                written.setdefault(str(key), (order, key))
            index = self._indexes[id(mapping)] = (exact, equal, written)
        exact, equal, written = index
        if (type(part), part) in exact:
            return exact[(type(part), part)]
        candidates = [found for found in (equal.get(part), written.get(str(part))) if found is not None]
        return min(candidates, key=lambda found: found[0])[1] if candidates else part


def describe_path(path: Sequence[Any], data: Any) -> str:
    """A short name for a place in the data: the innermost id, then the keys below it.

    Options are named with their scale (``scales.five.some.value``): option ids repeat across scales.
    """
    if len(path) > 2 and path[0] == "scales" and isinstance(data, dict):
        options = (data.get("scales") or {}).get(path[1])
        return f"scales.{clipped(str(path[1]))}." + describe_path(path[2:], options)
    parts: list[str] = []
    node = data
    for key in path:
        if node is not data and isinstance(node, dict) and isinstance(node.get("id"), str):
            parts = [clipped(node["id"])]
        child = _child(node, key)
        named_item = isinstance(node, list) and isinstance(child, dict) and isinstance(child.get("id"), str)
        if not named_item:
            parts.append(f"[{key}]" if isinstance(node, list) else clipped(_yaml_text(key)))
        node = child
    if node is not data and isinstance(node, dict) and isinstance(node.get("id"), str):
        parts = [clipped(node["id"])]
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
        return f"unknown key {quoted(_yaml_text(loc[-1]))}; {hint}"
    if kind == "string_type" and loc and loc[-1] == KEY_MARKER:
        if value is None:
            return "a key is empty; write the id before the colon"
        return f"the key {_shown(value)} is read as {_kind_name(value)}; keys are text: put it in quotes"
    if kind == "string_type":
        if isinstance(value, (bool, int, float, dt.date)):
            return f"expected text but YAML read {_shown(value)} as {_kind_name(value)}; put it in quotes"
        return f"expected text, found {kind_of(value)}"
    if kind == "literal_error" and loc and loc[-1] == "format":
        return f"format must be 1 (this version of assess reads format 1), not {kind_of(value)}"
    if kind == "literal_error":
        expected = str((error.get("ctx") or {}).get("expected", "")).replace("'", "")
        return f"{kind_of(value)} is not allowed here; write one of {expected}"
    if kind == "string_pattern_mismatch":
        pattern = (error.get("ctx") or {}).get("pattern", "")
        hint = _PATTERN_HINTS.get(pattern, f"it must match {pattern}")
        return f"{kind_of(value)} is not valid here; {hint}"
    if kind in ("dict_type", "model_type") and model is Answers and len(loc) == 2 and loc[0] == "answers":
        quote = f'; if {_shown(value)} is an option id, quote it ("{_shown(value)}")' if _is_number(value) else ""
        return f"expected an option id, n/a, or the long form (a mapping with answer:), found {kind_of(value)}{quote}"
    if kind == "dict_type" and model is Answers and loc in (("answers",), ("targets",)) and isinstance(value, list):
        example = "G-SM-A-1: some" if loc == ("answers",) else "G-SM: 2"
        return f"expected a mapping, found a list; write one '{example}' per line, without a leading '- '"
    if kind in _EXPECTED:
        return f"expected {_EXPECTED[kind]}, found {kind_of(value)}"
    if kind in ("greater_than_equal", "greater_than") and _is_number(value):
        ctx = error.get("ctx") or {}
        limit = ctx.get("ge", ctx.get("gt", 0))
        whole = "a whole number" if isinstance(value, int) else "a number"
        least = f"of {limit} or more" if kind == "greater_than_equal" else f"above {limit}"
        return f"{_shown(value)} is too small here; write {whole} {least}"
    if kind == "string_too_long" and isinstance(value, str):
        limit = (error.get("ctx") or {}).get("max_length", 0)
        return f"text of {len(value):,} characters is too long; at most {limit:,} are allowed here: shorten it"
    if kind == "too_long" and isinstance(value, (dict, list, tuple)):
        what = "mapping" if isinstance(value, dict) else "list"
        limit = (error.get("ctx") or {}).get("max_length", 0)
        return f"this {what} has {len(value):,} entries; at most {limit:,} are allowed here"
    if kind == "less_than_equal" and "effort" in loc and _is_number(value):
        limit = (error.get("ctx") or {}).get("le", 0)
        return (
            f"an effort of {_shown(value)} person-days is more than {limit:,g}, the most one activity may take; "
            "check the number, or split the activity"
        )
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


def _shown(value: Any) -> str:
    """A scalar from the file as it would be written there, cut to a short prefix."""
    return clipped(_yaml_text(value))


def kind_only(value: Any) -> str:
    """What a value is, quoting none of it: for a whole file that is not YAML of ours (a token, a password)."""
    if isinstance(value, str):
        return f"text ({len(value):,} characters)"
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, dt.date):
        return "a date"
    return kind_of(value)


def kind_of(value: Any) -> str:
    """What a value is, in words, quoting at most a short prefix of text (see :func:`quoted`)."""
    if value is None:
        return "nothing"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return quoted(value)
    return _shown(value)
