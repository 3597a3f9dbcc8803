"""``assess migrate``: rewrite an answers file for its questionnaire's current version, under the workshop lock.

The mapping is the questionnaire's own (``migrations:``, applied by :mod:`assess.core.migration`); this
module adds the custody: the file is read once, checked, locked against a workshop, and saved
atomically with the previous version kept as ``.bak``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from assess.core.checks import answers_issues
from assess.core.migration import migrate, migration_for
from assess.core.problems import InputError
from assess.files.assessments import resolve_questionnaire
from assess.files.diagnostics import issue_pairs, locate
from assess.files.loading import load_answers_with_text
from assess.files.saving import backup_path, save_answers, target_problem
from assess.workshop.locking import FileLock, LockedError


@dataclass(frozen=True, slots=True)
class Outcome:
    """What ``assess migrate`` did to one file, in words for stderr."""

    path: Path
    message: str
    changed: bool


def migrate_file(path: Path, questionnaire: str | None = None) -> Outcome:
    """Migrate ``path`` in place (keeping ``.bak``); InputError, with nothing written, when it cannot be."""
    name = str(path)
    if not path.is_file():
        load_answers_with_text(path)  # says what is wrong with the path, as every command does
    if (problem := target_problem(path)) is not None:
        raise InputError.single(name, problem)
    try:
        lock = FileLock.acquire(path)  # before reading: a workshop saving meanwhile could not be overwritten
    except LockedError as error:
        raise InputError.single(name, str(error)) from None
    except OSError as error:
        what = f"cannot take its lock ({error.strerror or error}); nothing was changed"
        raise InputError.single(name, what) from None
    with lock:
        return _migrate_locked(path, name, questionnaire)


def _migrate_locked(path: Path, name: str, questionnaire: str | None) -> Outcome:
    answers, text = load_answers_with_text(path)
    q = resolve_questionnaire(answers, name, questionnaire)
    if answers.questionnaire != q.id:
        raise InputError.single(name, f"answers {answers.questionnaire!r}, not {q.id!r}", where="questionnaire")
    if answers.version == q.version:
        return Outcome(path, f"{name}: already written for {q.id} {q.version}; nothing to do", changed=False)
    if migration_for(q, answers.version) is None:
        raise InputError.single(
            name,
            f"written for {q.id} {answers.version}, and {q.id} {q.version} declares no migration from it; "
            f"pass -q with a {q.id} version that does",
            where="version",
        )
    result = migrate(q, answers)
    issues = answers_issues(q, result.answers)
    if issues:
        raise InputError(locate(issue_pairs(issues), text, name))
    try:
        save_answers(path, result.answers)
    except OSError as error:
        raise InputError.single(name, f"cannot be rewritten ({error.strerror or error}); nothing was changed") from None
    parts = [f"{result.renamed} option ids renamed"]
    if result.marks_reset:
        parts.append(f"{result.marks_reset} entries with criteria marks to check")
    if result.moved:
        parts.append(f"{result.moved} entries moved or merged")
    return Outcome(
        path,
        f"{name}: migrated from {q.id} {result.from_version} to {q.version} ({', '.join(parts)}; "
        f"what each entry held before is under x-migrated); the previous file is {backup_path(path).name}",
        changed=True,
    )
