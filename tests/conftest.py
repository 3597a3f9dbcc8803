"""Shared fixtures: questionnaires loaded once, and helpers to write answers files."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from assess.core.model import Questionnaire
from assess.files.loading import load_questionnaire
from assess.files.resources import builtin_questionnaires_dir

# The questionnaire cache of every test run (and of the commands it starts) goes to a folder of its
# own, never to the user's cache: read when a questionnaire is loaded, inherited by subprocesses.
os.environ["ASSESS_CACHE_DIR"] = tempfile.mkdtemp(prefix="assess-test-cache-")
atexit.register(shutil.rmtree, os.environ["ASSESS_CACHE_DIR"], ignore_errors=True)

DATA = Path(__file__).parent / "data"
ODD_PATH = DATA / "odd-questionnaire.yaml"


@pytest.fixture(scope="session")
def api_samm() -> Questionnaire:
    return load_questionnaire(builtin_questionnaires_dir() / "api-samm.yaml")


@pytest.fixture(scope="session")
def odd() -> Questionnaire:
    return load_questionnaire(ODD_PATH)


WriteFile = Callable[[str, str], Path]


@pytest.fixture
def write(tmp_path: Path) -> WriteFile:
    """Write dedented text to a file under tmp_path and return its path."""

    def _write(name: str, text: str) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    return _write


def option_with_value(q: Questionnaire, activity_id: str, value: float) -> str:
    """The id of the option worth ``value`` on the activity's scale."""
    activity = q.activity_by_id[activity_id]
    for option in q.options_for(activity):
        if option.value == value:
            return option.id
    raise LookupError(f"{activity_id} has no option worth {value}")
