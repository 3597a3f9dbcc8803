"""An answers file together with the questionnaire it answers, found and cross-checked."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from assess.core.checks import answers_issues
from assess.core.migration import can_migrate, migrate
from assess.core.model import Answers, Questionnaire
from assess.core.printable import quoted
from assess.core.problems import InputError
from assess.files.diagnostics import issue_pairs, locate
from assess.files.discovery import find_questionnaire, questionnaire_by_spec
from assess.files.loading import is_questionnaire_data, validate_data
from assess.files.yaml_source import parse_yaml, read_text


@dataclass(frozen=True)
class Assessment:
    """An answers file together with the questionnaire it answers."""

    file: str
    questionnaire: Questionnaire
    answers: Answers
    migrated_from: str | None = None
    """The version the file was written for, when it was read through the questionnaire's migration."""


def load_assessment(path: Path, questionnaire: str | None = None, display: str | None = None) -> Assessment:
    """Load an answers file, find its questionnaire and check they fit together."""
    found = load_assessment_or_skip(path, questionnaire, display, skip_questionnaires=False)
    assert found is not None
    return found


def load_assessment_or_skip(
    path: Path,
    questionnaire: str | None = None,
    display: str | None = None,
    *,
    skip_questionnaires: bool = True,
    skip_other_answers: bool = False,
) -> Assessment | None:
    """Like :func:`load_assessment`, but None for a questionnaire file met while searching folders.

    With ``skip_other_answers`` (files found in a folder) and a ``questionnaire`` given with ``-q``, an
    answers file for another questionnaire is skipped too: ``aggregate DIR -q api-samm`` takes the
    api-samm assessments of a folder that also holds assessments of other questionnaires.
    """
    name = display or str(path)
    return assessment_from_text(
        read_text(path, name),
        name,
        questionnaire,
        skip_questionnaires=skip_questionnaires,
        skip_other_answers=skip_other_answers,
    )


def assessment_from_text(
    text: str,
    name: str,
    questionnaire: str | None = None,
    *,
    skip_questionnaires: bool = True,
    skip_other_answers: bool = False,
) -> Assessment | None:
    """The same checks on text already read (a committed version of a file, from git)."""
    document = parse_yaml(text, name)
    if is_questionnaire_data(document.data):
        if skip_questionnaires:
            return None
        raise InputError.single(
            name, "is a questionnaire, not an answers file; pass it with -q to score answers against it"
        )
    answers = validate_data(Answers, document.data, text, name)
    q = _find_for(answers, questionnaire)
    if skip_other_answers and q is not None and questionnaire is not None and answers.questionnaire != q.id:
        return None
    if q is None and questionnaire is not None:
        raise InputError.single(name, _not_found(answers, questionnaire))
    if q is None:
        raise InputError(locate([(("questionnaire",), _not_found(answers, None))], text, name))
    migrated_from = None
    if can_migrate(q, answers):  # an older version that the questionnaire knows how to read
        migrated_from, answers = answers.version, migrate(q, answers).answers
    issues = answers_issues(q, answers)
    if issues:
        raise InputError(locate(issue_pairs(issues), text, name))
    return Assessment(name, q, answers, migrated_from)


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


def _not_found(answers: Answers, spec: str | None) -> str:
    where = "among the built-in questionnaires or in ./questionnaires/"
    if spec is not None:
        return f"questionnaire {spec!r} (given with -q) not found {where}; see `assess list`, or pass its path"
    return f"{quoted(answers.questionnaire)} not found {where}; pass -q with its path"
