"""JSON Schemas (draft-07) of the two file formats, generated from the models.

Committed under ``questionnaires/schemas/`` so editors can validate files as
people type (``yaml-language-server``); a test keeps them current.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel

from assess.core.model import Answers, Questionnaire
from assess.core.model.common import StrictModel
from assess.core.model.crosswalk import Crosswalk

DRAFT_07 = "http://json-schema.org/draft-07/schema#"
SCHEMA_FILES = {
    "questionnaire": "questionnaire.schema.json",
    "answers": "answers.schema.json",
    "crosswalk": "crosswalk.schema.json",
}
_MODELS: dict[str, type[BaseModel]] = {"questionnaire": Questionnaire, "answers": Answers, "crosswalk": Crosswalk}


def schema_for(kind: str) -> dict[str, Any]:
    """The schema of ``kind`` (questionnaire, answers or crosswalk), with ``x-`` keys allowed where kept."""
    model = _MODELS[kind]
    _build_every_model()
    schema = model.model_json_schema(mode="validation", by_alias=True)
    schema = {"$schema": DRAFT_07, **schema}
    _allow_extensions(schema)
    with_extensions = _models_with_extensions()
    for name, definition in schema.get("$defs", {}).items():
        if name in with_extensions:
            _allow_extensions(definition)
    if kind == "questionnaire":
        _allow_long_form_scales(schema)
    return schema


def _every_model() -> list[type[BaseModel]]:
    found: list[type[BaseModel]] = []
    pending: list[type[BaseModel]] = [StrictModel]
    while pending:
        model = pending.pop()
        pending.extend(model.__subclasses__())
        found.append(model)
    return found


def _build_every_model() -> None:
    """Build the models' deferred validators and serializers first: a schema writes defaults (``Refs()``) out,
    and some pydantic releases cannot serialise an instance of a model that is not built yet."""
    for model in _every_model():
        model.model_rebuild()


def _models_with_extensions() -> set[str]:
    """Names of the models that keep ``x-`` keys (they have an ``extensions`` field)."""
    return {model.__name__ for model in _every_model() if "extensions" in model.model_fields}


def _allow_extensions(schema: dict[str, Any]) -> None:
    schema.setdefault("patternProperties", {})["^x-"] = {}


def _allow_long_form_scales(schema: dict[str, Any]) -> None:
    """A scale is a list of options, or ``{options: [...]}`` with ``x-`` keys beside it."""
    by_id = schema["properties"]["scales"]["patternProperties"]
    for pattern, options in list(by_id.items()):
        long_form = {
            "type": "object",
            "properties": {"options": options},
            "required": ["options"],
            "patternProperties": {"^x-": {}},
            "additionalProperties": False,
        }
        by_id[pattern] = {"anyOf": [options, long_form]}


def schema_text(kind: str) -> str:
    return json.dumps(schema_for(kind), indent=2, ensure_ascii=False, allow_nan=False) + "\n"
