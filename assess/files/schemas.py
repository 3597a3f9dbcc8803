"""JSON Schemas (draft-07) of the two file formats, generated from the models.

Committed under ``questionnaires/schemas/`` so editors can validate files as
people type (``yaml-language-server``); a test keeps them current.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel

from assess.core.model import Answers, Questionnaire

DRAFT_07 = "http://json-schema.org/draft-07/schema#"
SCHEMA_FILES = {"questionnaire": "questionnaire.schema.json", "answers": "answers.schema.json"}
_MODELS: dict[str, type[BaseModel]] = {"questionnaire": Questionnaire, "answers": Answers}


def schema_for(kind: str) -> dict[str, Any]:
    """The schema of ``kind`` (questionnaire or answers), with ``x-`` keys allowed where kept."""
    model = _MODELS[kind]
    schema = model.model_json_schema(mode="validation")
    schema = {"$schema": DRAFT_07, **schema}
    _allow_extensions(schema)
    if kind == "answers":
        entry = schema["$defs"].get("AnswerEntry")
        if entry is not None:
            _allow_extensions(entry)
    return schema


def _allow_extensions(schema: dict[str, Any]) -> None:
    schema.setdefault("patternProperties", {})["^x-"] = {}


def schema_text(kind: str) -> str:
    return json.dumps(schema_for(kind), indent=2, ensure_ascii=False) + "\n"
