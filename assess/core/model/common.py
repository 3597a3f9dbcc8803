"""Shared pieces of the models: the strict base class, id types and cross-check issues."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints
from pydantic.json_schema import SkipJsonSchema

from assess.core.model.limits import MAX_ACTIVITIES, MAX_ID_LENGTH, MAX_LINE_LENGTH, MAX_LIST_ITEMS, MAX_TEXT_LENGTH

YAML11_BOOLEAN_WORDS = frozenset({"yes", "no", "on", "off", "y", "n", "true", "false"})
"""Words some YAML tools read as booleans; never valid as option ids."""

ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]*$"
Id = Annotated[str, StringConstraints(pattern=ID_PATTERN, max_length=MAX_ID_LENGTH)]
"""Ids of functions, practices, streams, activities, scales, options and profiles."""

Line = Annotated[str, StringConstraints(max_length=MAX_LINE_LENGTH)]
"""A one-line text (a name, a label, an evidence link); limits in :mod:`.limits`."""
Prose = Annotated[str, StringConstraints(max_length=MAX_TEXT_LENGTH)]
"""A free text (a note, guidance, a description)."""
IdList = Annotated[tuple[Id, ...], Field(strict=False, max_length=MAX_ACTIVITIES)]
TextList = Annotated[tuple[Line, ...], Field(strict=False, max_length=MAX_LIST_ITEMS)]
Text = Annotated[str, StringConstraints(min_length=1, max_length=MAX_LINE_LENGTH)]

VERSION_PATTERN = r"^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)(-[0-9A-Za-z.-]+)?$"
"""A semantic version (``1.1.0``, ``2.0.0-rc.1``): what answers files pin."""

EXTENSION_PREFIX = "x-"

Extensions = SkipJsonSchema[Annotated[dict[str, Any], Field(strict=False, exclude=True)]]
"""``x-`` keys of a mapping: kept on save, ignored otherwise."""


class StrictModel(BaseModel):
    """Strict, frozen, closed: a typo in a user's file is an error, never silently ignored.

    ``defer_build``: a model's validator is built when it first validates, not on import, so a run
    builds only the ones it uses (``assess score`` on a cached built-in questionnaire: none of the
    questionnaire's; see :mod:`assess.files.questionnaire_cache`).
    """

    model_config = ConfigDict(strict=True, extra="forbid", frozen=True, defer_build=True)


def empty_means_default(data: Any, defaults: dict[str, Any]) -> Any:
    """A key left empty (``evidence:``, ``answers:``) means its default: people leave them blank."""
    if isinstance(data, dict) and any(data.get(key, ...) is None for key in defaults):
        return {**data, **{key: default for key, default in defaults.items() if key in data and data[key] is None}}
    return data


def none_is_empty(value: Any) -> Any:
    """A list left empty (``evidence:``) means no items; a field validator, so only run when present."""
    return () if value is None else value


def split_extensions(data: Any) -> Any:
    """Move ``x-`` keys of a mapping into ``extensions`` so they survive a round trip."""
    if not isinstance(data, dict):
        return data
    extension_keys = [k for k in data if isinstance(k, str) and k.startswith(EXTENSION_PREFIX)]
    if not extension_keys:
        return data
    rest = {k: v for k, v in data.items() if k not in extension_keys}
    rest["extensions"] = {k: data[k] for k in extension_keys}
    return rest


def _iso_date(value: Any) -> Any:
    """Accept a YAML date or the same written as a quoted ISO string (people write both)."""
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise ValueError("write the date as YYYY-MM-DD") from None
    if isinstance(value, dt.datetime):
        return value.date()
    return value


def _iso_datetime(value: Any) -> Any:
    """Accept a YAML timestamp or an ISO 8601 string; a bare date (either way) means midnight UTC."""
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value)
        except ValueError:
            try:
                value = dt.datetime.fromisoformat(value)
            except ValueError:
                raise ValueError("write the time as YYYY-MM-DDTHH:MM:SSZ") from None
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        value = dt.datetime(value.year, value.month, value.day, tzinfo=dt.UTC)
    return value


IsoDate = Annotated[dt.date, BeforeValidator(_iso_date, json_schema_input_type=dt.date)]
IsoDateTime = Annotated[dt.datetime, BeforeValidator(_iso_datetime, json_schema_input_type=dt.datetime)]


@dataclass(frozen=True, slots=True)
class Issue:
    """A cross-check failure at a path inside the file's data."""

    path: tuple[str | int, ...]
    message: str


class CrossCheckError(Exception):
    """Raised by a model whose fields are each valid but do not fit together.

    Deliberately not a ``ValueError``: pydantic lets it through unchanged, so the
    loader can map every issue's path to a line of the file.
    """

    def __init__(self, issues: list[Issue]) -> None:
        self.issues = issues
        super().__init__("; ".join(f"{'.'.join(map(str, i.path))}: {i.message}" for i in issues))
