"""The answers files of a folder, summarised for the start screen (no Textual here)."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from assess.core.model import Questionnaire
from assess.core.problems import InputError
from assess.files.assessments import resolve_questionnaire
from assess.files.folders import files_in
from assess.files.loading import load_answers


@dataclass(frozen=True, slots=True)
class AnswersFile:
    """An answers file found in a folder, summarised for the start screen."""

    path: Path
    team: str | None
    date: dt.date | None
    questionnaire: str
    version: str
    answered: int
    total: int | None
    """Activities in its questionnaire (None when the questionnaire cannot be found)."""


MAX_LISTED_FILES = 200


def find_answers_files(folder: Path) -> list[AnswersFile]:
    """Answers files directly in ``folder`` (not questionnaires, not broken files), newest first."""
    found: list[AnswersFile] = []
    dated: list[tuple[float, Path]] = []
    for path in files_in(folder):  # an unreadable folder lists nothing; links out of it are not its files
        try:
            dated.append((path.stat().st_mtime, path))
        except OSError:  # gone since the listing
            continue
    candidates = [path for _, path in sorted(dated, key=lambda item: item[0], reverse=True)]
    for path in candidates[:MAX_LISTED_FILES]:
        try:
            answers = load_answers(path)
        except InputError:
            continue
        try:
            q: Questionnaire | None = resolve_questionnaire(answers, str(path))
        except InputError:
            q = None
        known = q.activity_by_id if q is not None else {}
        answered = sum(1 for k, e in answers.answers.items() if e.answer is not None and (q is None or k in known))
        found.append(
            AnswersFile(
                path=path,
                team=answers.team,
                date=answers.date,
                questionnaire=answers.questionnaire,
                version=answers.version,
                answered=answered,
                total=len(q.activities) if q is not None else None,
            )
        )
    return found


def file_name_for(team: str) -> str:
    """A file name made from a team name: ``Payments API`` -> ``payments-api.yaml``."""
    ascii_name = unicodedata.normalize("NFKD", team).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")
    return f"{slug or 'assessment'}.yaml"
