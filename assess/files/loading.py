"""One YAML file -> one validated model (questionnaire or answers), every problem as ``file:line:col``."""

from __future__ import annotations

from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from assess.core.model import Answers, CrossCheckError, Questionnaire
from assess.core.problems import InputError
from assess.files.diagnostics import issue_pairs, kind_only, locate, validation_found
from assess.files.questionnaire_cache import remembered
from assess.files.resources import builtin_questionnaires_dir
from assess.files.yaml_source import parse_yaml, read_text

ModelT = TypeVar("ModelT", bound=BaseModel)


def load_questionnaire(path: Path, display: str | None = None) -> Questionnaire:
    """Load and fully check one questionnaire file."""
    return _load_model(Questionnaire, path, display)


def load_answers(path: Path, display: str | None = None) -> Answers:
    """Load one answers file (its own structure only; see :func:`load_assessment`)."""
    return _load_model(Answers, path, display)


def load_answers_with_text(path: Path, display: str | None = None) -> tuple[Answers, str]:
    """An answers file and the text it was read from (to locate later cross-check problems without reading again)."""
    name = display or str(path)
    text = read_text(path, name)
    return _validate(Answers, text, name), text


_CACHE: dict[tuple[Path, int, int], Questionnaire] = {}


def cached_questionnaire(path: Path) -> Questionnaire:
    """Load a questionnaire once per process (keyed by path, size and modification time).

    Built-in questionnaires are also kept validated on disk between runs (see :mod:`.questionnaire_cache`).
    """
    try:
        stat = path.stat()
    except OSError:
        return load_questionnaire(path)
    key = (path.resolve(), stat.st_mtime_ns, stat.st_size)
    if key not in _CACHE:
        if key[0].parent == builtin_questionnaires_dir().resolve():
            _CACHE[key] = _load_builtin(path)
        else:
            _CACHE[key] = load_questionnaire(path, str(path))
    return _CACHE[key]


def _load_builtin(path: Path) -> Questionnaire:
    name = str(path)
    text = read_text(path, name)
    return remembered(Questionnaire, path, text, lambda: _validate(Questionnaire, text, name))


def _load_model(model: type[ModelT], path: Path, display: str | None) -> ModelT:
    name = display or str(path)
    return _validate(model, read_text(path, name), name)


def is_questionnaire_data(data: Any) -> bool:
    """Whether parsed data looks like a questionnaire rather than an answers file."""
    return isinstance(data, dict) and "questionnaire" not in data and ("functions" in data or "scales" in data)


def _validate(model: type[ModelT], text: str, name: str) -> ModelT:
    return validate_data(model, parse_yaml(text, name).data, text, name)


def validate_data(model: type[ModelT], data: Any, text: str, name: str) -> ModelT:
    if not isinstance(data, dict):
        kind = "a questionnaire" if model is Questionnaire else "an answers"
        raise InputError.single(
            name, f"should hold a YAML mapping ({kind} file), found {kind_only(data)}", line=1, column=1
        )
    if model is Questionnaire and "questionnaire" in data and "functions" not in data:
        raise InputError.single(name, "is an answers file, not a questionnaire")
    try:
        return model.model_validate(data)
    except ValidationError as error:
        found = validation_found(error, model)
    except CrossCheckError as error:
        found = issue_pairs(error.issues)
    raise InputError(locate(found, text, name))
