"""The committed JSON Schemas match the models, and accept what the loader accepts."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from assess.files.resources import builtin_questionnaires_dir
from assess.files.schemas import SCHEMA_FILES, schema_for, schema_text
from assess.files.yaml_source import load_yaml_file
from tests.conftest import DATA, ODD_PATH

SCHEMA_DIR = builtin_questionnaires_dir() / "schemas"


@pytest.mark.parametrize("kind", sorted(SCHEMA_FILES))
def test_committed_schema_is_current(kind: str) -> None:
    committed = (SCHEMA_DIR / SCHEMA_FILES[kind]).read_text(encoding="utf-8")
    assert committed == schema_text(kind), f"regenerate with: assess schema {kind} > {SCHEMA_DIR / SCHEMA_FILES[kind]}"


def as_json(path: Path) -> object:
    """The file's data as an editor's YAML language server sees it (dates as strings)."""
    return json.loads(json.dumps(load_yaml_file(path).data, default=str))


@pytest.mark.parametrize(
    "path",
    [builtin_questionnaires_dir() / "api-samm.yaml", builtin_questionnaires_dir() / "api-bsimm.yaml", ODD_PATH],
    ids=lambda p: p.name,
)
def test_questionnaires_validate_against_the_schema(path: Path) -> None:
    jsonschema.Draft7Validator(schema_for("questionnaire")).validate(as_json(path))


def test_the_crosswalk_validates_and_mistakes_are_caught() -> None:
    validator = jsonschema.Draft7Validator(schema_for("crosswalk"))
    data = as_json(builtin_questionnaires_dir() / "crosswalks" / "api-samm-to-bsimm16.yaml")
    validator.validate(data)
    assert isinstance(data, dict)
    assert not validator.is_valid({**data, "map": {"G-SM-A-1": "SM1.1"}})  # a list of ids, not one
    assert not validator.is_valid({k: v for k, v in data.items() if k != "from"})


def test_answers_validate_and_mistakes_are_caught() -> None:
    validator = jsonschema.Draft7Validator(schema_for("answers"))
    data = as_json(DATA / "odd-answers.yaml")
    validator.validate(data)
    assert isinstance(data, dict)
    assert not validator.is_valid({**data, "colour": "red"})
    assert validator.is_valid({**data, "x-colour": "red"})
    assert not validator.is_valid({**data, "answers": {"one-1": {"answer": "full", "nope": 1}}})
