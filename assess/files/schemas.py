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


def _models_with_extensions() -> set[str]:
    """Names of the models that keep ``x-`` keys (they have an ``extensions`` field)."""
    found: set[str] = set()
    pending: list[type[BaseModel]] = [StrictModel]
    while pending:
        model = pending.pop()
        pending.extend(model.__subclasses__())
        if "extensions" in model.model_fields:
            found.add(model.__name__)
    return found


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
