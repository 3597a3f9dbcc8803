"""Helpers shared by the workshop tests (session, lock and TUI): answers files built from a questionnaire."""

from __future__ import annotations

from pathlib import Path

from assess.core.model import Answers, Questionnaire
from assess.files.loading import load_questionnaire
from assess.files.resources import builtin_questionnaires_dir
from assess.files.saving import save_answers

DATA = Path(__file__).parent / "data"
ODD_PATH = DATA / "odd-questionnaire.yaml"
API_SAMM_PATH = builtin_questionnaires_dir() / "api-samm.yaml"


def api_samm() -> Questionnaire:
    return load_questionnaire(API_SAMM_PATH)


def odd() -> Questionnaire:
    return load_questionnaire(ODD_PATH)


def answers_with(q: Questionnaire, chosen: dict[str, str], **fields: object) -> Answers:
    """An answers model for ``q`` with ``chosen`` (activity id -> option id or n/a)."""
    data: dict[str, object] = {
        "format": 1,
        "questionnaire": q.id,
        "version": q.version,
        "team": "Test team",
        "answers": dict(chosen),
        **fields,
    }
    return Answers.model_validate(data)


def write_answers(path: Path, q: Questionnaire, chosen: dict[str, str], **fields: object) -> Path:
    save_answers(path, answers_with(q, chosen, **fields))
    return path


def first_options(q: Questionnaire, count: int) -> dict[str, str]:
    """The first ``count`` activities answered with their second option."""
    return {a.id: q.options_for(a)[1].id for a in q.activities[:count]}
