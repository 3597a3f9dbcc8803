"""YAML files -> validated models, with every problem reported as ``file:line:col``.

Validation runs on data parsed without positions (fast); only when something is
wrong is the file parsed again with positions to say where.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from assess.core.checks import answers_issues
from assess.core.model import Answers, CrossCheckError, Issue, Questionnaire
from assess.core.model.answers import OPTION_REF_PATTERN
from assess.core.model.common import ID_PATTERN
from assess.core.model.questionnaire import QUESTIONNAIRE_ID_PATTERN, VERSION_PATTERN
from assess.core.problems import InputError, Problem
from assess.files.resources import builtin_questionnaires_dir
from assess.files.yaml_source import YamlDocument, parse_yaml, read_text

ModelT = TypeVar("ModelT", bound=BaseModel)

LOCAL_QUESTIONNAIRES = Path("questionnaires")
YAML_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class Assessment:
    """An answers file together with the questionnaire it answers."""

    file: str
    questionnaire: Questionnaire
    answers: Answers


def load_questionnaire(path: Path, display: str | None = None) -> Questionnaire:
    """Load and fully check one questionnaire file."""
    return _load_model(Questionnaire, path, display)


def load_answers(path: Path, display: str | None = None) -> Answers:
    """Load one answers file (its own structure only; see :func:`load_assessment`)."""
    return _load_model(Answers, path, display)


def load_assessment(path: Path, questionnaire: str | None = None, display: str | None = None) -> Assessment:
    """Load an answers file, find its questionnaire and check they fit together."""
    found = load_assessment_or_skip(path, questionnaire, display, skip_questionnaires=False)
    assert found is not None
    return found


def load_assessment_or_skip(
    path: Path, questionnaire: str | None = None, display: str | None = None, *, skip_questionnaires: bool = True
) -> Assessment | None:
    """Like :func:`load_assessment`, but None for a questionnaire file met while searching folders."""
    name = display or str(path)
    text = read_text(path, name)
    document = parse_yaml(text, name)
    if is_questionnaire_data(document.data):
        if skip_questionnaires:
            return None
        raise InputError.single(
            name, "is a questionnaire, not an answers file; pass it with -q to score answers against it"
        )
    answers = _validate_data(Answers, document.data, text, name)
    q = _find_for(answers, questionnaire)
    if q is None and questionnaire is not None:
        raise InputError.single(name, _not_found(answers, questionnaire))
    if q is None:
        raise InputError(_locate([(("questionnaire",), _not_found(answers, None))], text, name))
    issues = answers_issues(q, answers)
    if issues:
        raise InputError(_locate(_issue_pairs(issues), text, name))
    return Assessment(name, q, answers)


def _issue_pairs(issues: Iterable[Issue]) -> list[tuple[tuple[Any, ...], str]]:
    return [(issue.path, issue.message) for issue in issues]


def resolve_questionnaire(answers: Answers, answers_file: str, spec: str | None = None) -> Questionnaire:
    """The questionnaire for ``answers``: ``spec`` (an id or a path) or the file's own id.

    An id is looked up among the built-in questionnaires, then in ``./questionnaires/``;
    a matching version is preferred, otherwise the answers' version check reports it.
    """
    found = _find_for(answers, spec)
    if found is None:
        raise InputError.single(answers_file, _not_found(answers, spec), where="questionnaire")
    return found


def _find_for(answers: Answers, spec: str | None) -> Questionnaire | None:
    if spec is not None:
        return questionnaire_by_spec(spec, answers.version)
    return find_questionnaire(answers.questionnaire, answers.version)


def questionnaire_by_spec(spec: str, version: str | None = None) -> Questionnaire | None:
    """The questionnaire named by ``-q``: a path to a file, or an id (preferring ``version``)."""
    if _looks_like_path(spec):
        return cached_questionnaire(Path(spec))
    return find_questionnaire(spec, version)


def _not_found(answers: Answers, spec: str | None) -> str:
    where = "among the built-in questionnaires or in ./questionnaires/"
    if spec is not None:
        return f"questionnaire {spec!r} (given with -q) not found {where}; see `assess list`, or pass its path"
    return f"{answers.questionnaire!r} not found {where}; pass -q with its path"


def find_questionnaire(ident: str, version: str | None = None) -> Questionnaire | None:
    """A questionnaire by id, preferring the given version, from the built-ins or ./questionnaires/.

    Files named ``<id>.yaml`` are tried first (and their errors reported); other files are
    only searched when those do not hold the wanted version, and skipped if invalid.
    """
    named = list(_candidate_files(ident))
    fallback: Questionnaire | None = None
    for path in [*named, *(p for p in _all_questionnaire_files() if p not in named)]:
        q = cached_questionnaire(path) if path in named else _try_load(path)
        if q is None or q.id != ident:
            continue
        if version is None or q.version == version:
            return q
        fallback = fallback or q
    return fallback


def builtin_questionnaires() -> list[Questionnaire]:
    """Every questionnaire shipped with assess, sorted by id."""
    files = sorted(p for p in builtin_questionnaires_dir().iterdir() if p.suffix in YAML_SUFFIXES)
    return sorted((cached_questionnaire(p) for p in files), key=lambda q: (q.id, q.version))


_CACHE: dict[tuple[Path, int, int], Questionnaire] = {}


def cached_questionnaire(path: Path) -> Questionnaire:
    """Load a questionnaire once per process (keyed by path, size and modification time)."""
    try:
        stat = path.stat()
    except OSError:
        return load_questionnaire(path)
    key = (path.resolve(), stat.st_mtime_ns, stat.st_size)
    if key not in _CACHE:
        _CACHE[key] = load_questionnaire(path, str(path))
    return _CACHE[key]


def _candidate_files(ident: str) -> Iterable[Path]:
    for folder in (builtin_questionnaires_dir(), LOCAL_QUESTIONNAIRES):
        for suffix in YAML_SUFFIXES:
            path = folder / f"{ident}{suffix}"
            if path.is_file():
                yield path


def _all_questionnaire_files() -> Iterable[Path]:
    for folder in (builtin_questionnaires_dir(), LOCAL_QUESTIONNAIRES):
        if folder.is_dir():
            yield from sorted(p for p in folder.iterdir() if p.suffix in YAML_SUFFIXES and p.is_file())


def _try_load(path: Path) -> Questionnaire | None:
    try:
        return cached_questionnaire(path)
    except InputError:
        return None


def _looks_like_path(spec: str) -> bool:
    return spec.endswith(YAML_SUFFIXES) or "/" in spec or "\\" in spec


def _load_model(model: type[ModelT], path: Path, display: str | None) -> ModelT:
    name = display or str(path)
    return _validate(model, read_text(path, name), name)


def is_questionnaire_data(data: Any) -> bool:
    """Whether parsed data looks like a questionnaire rather than an answers file."""
    return isinstance(data, dict) and "questionnaire" not in data and ("functions" in data or "scales" in data)


def _validate(model: type[ModelT], text: str, name: str) -> ModelT:
    return _validate_data(model, parse_yaml(text, name).data, text, name)


def _validate_data(model: type[ModelT], data: Any, text: str, name: str) -> ModelT:
    if not isinstance(data, dict):
        kind = "a questionnaire" if model is Questionnaire else "an answers"
        raise InputError.single(
            name, f"should hold a YAML mapping ({kind} file), found {_kind_of(data)}", line=1, column=1
        )
    if model is Questionnaire and "questionnaire" in data and "functions" not in data:
        raise InputError.single(name, "is an answers file, not a questionnaire")
    try:
        return model.model_validate(data)
    except ValidationError as error:
        errors = _without_echoes(error.errors(include_url=False))
        found = [(tuple(e["loc"]), _message(e, model)) for e in errors]
    except CrossCheckError as error:
        found = _issue_pairs(error.issues)
    raise InputError(_locate(found, text, name))


def _without_echoes(errors: list[Any]) -> list[Any]:
    """Drop "too short" errors that only echo a failed item below them (pydantic reports both)."""
    locs = [tuple(e["loc"]) for e in errors]

    def echoes(error: Any) -> bool:
        loc = tuple(error["loc"])
        return error["type"] == "too_short" and any(len(o) > len(loc) and o[: len(loc)] == loc for o in locs)

    return [e for e in errors if not echoes(e)]


def _locate(found: Sequence[tuple[tuple[Any, ...], str]], text: str, name: str) -> list[Problem]:
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


def _message(error: Any, model: type[BaseModel]) -> str:
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
        return f"expected text, found {_kind_of(value)}"
    if kind == "literal_error" and loc and loc[-1] == "format":
        return f"format must be 1 (this version of assess reads format 1), not {value!r}"
    if kind == "literal_error":
        expected = str((error.get("ctx") or {}).get("expected", "")).replace("'", "")
        return f"{_kind_of(value)} is not allowed here; write one of {expected}"
    if kind == "string_pattern_mismatch":
        pattern = (error.get("ctx") or {}).get("pattern", "")
        hint = _PATTERN_HINTS.get(pattern, f"it must match {pattern}")
        return f"{value!r} is not valid here; {hint}"
    if kind in ("dict_type", "model_type") and model is Answers and len(loc) == 2 and loc[0] == "answers":
        quote = f'; if {value} is an option id, quote it ("{value}")' if _is_number(value) else ""
        return f"expected an option id, n/a, or the long form (a mapping with answer:), found {_kind_of(value)}{quote}"
    if kind == "dict_type" and model is Answers and loc in (("answers",), ("targets",)) and isinstance(value, list):
        example = "G-SM-A-1: some" if loc == ("answers",) else "G-SM: 2"
        return f"expected a mapping, found a list; write one '{example}' per line, without a leading '- '"
    if kind in _EXPECTED:
        return f"expected {_EXPECTED[kind]}, found {_kind_of(value)}"
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


def _kind_of(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return repr(value)
    return _yaml_text(value)


__all__ = [
    "Assessment",
    "YamlDocument",
    "builtin_questionnaires",
    "cached_questionnaire",
    "find_questionnaire",
    "load_answers",
    "load_assessment",
    "load_assessment_or_skip",
    "load_questionnaire",
    "questionnaire_by_spec",
    "resolve_questionnaire",
]
