"""Map an answers file written for an earlier questionnaire version onto the current one (pure).

The questionnaire declares the mapping (``migrations:``, see :mod:`assess.core.model.migrations`).
Nothing an entry holds is dropped: notes, evidence, findings and ``x-`` keys stay, and what the old
file said that the new version cannot hold as is (the old option id, criteria marks for changed
criteria, the old activity id) goes into the entry's ``x-migrated`` record, so that an assessor can
check it in the next workshop.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from assess.core.model import NOT_APPLICABLE, Activity, AnswerEntry, Answers, Migration, Questionnaire
from assess.core.model.answers import SEVERITIES

RECORD_KEY = "x-migrated"
"""The ``x-`` key of an entry that says what the entry held before a migration."""


@dataclass(frozen=True, slots=True)
class Migrated:
    """The migrated answers, and what the migration did (for the command's summary)."""

    answers: Answers
    from_version: str
    renamed: int
    """Entries whose option id changed."""
    marks_reset: int
    """Entries whose criteria marks could not all be carried over."""
    moved: int
    """Old entries that landed on another activity id (merged ones included)."""


def migration_for(q: Questionnaire, version: str) -> Migration | None:
    """The questionnaire's mapping from ``version``, if it declares one."""
    return next((m for m in q.migrations if m.from_version == version), None)


def can_migrate(q: Questionnaire, answers: Answers) -> bool:
    """Whether ``answers`` (for ``q``'s id, another version) can be read through a declared mapping."""
    return (
        answers.questionnaire == q.id and answers.version != q.version and migration_for(q, answers.version) is not None
    )


def migrate(q: Questionnaire, answers: Answers) -> Migrated:
    """``answers`` as written for ``q``'s version. Raises ValueError when ``q`` declares no such mapping."""
    migration = migration_for(q, answers.version)
    if answers.questionnaire != q.id or migration is None:
        raise ValueError(f"{q.id} {q.version} declares no migration from {answers.questionnaire} {answers.version}")
    groups: dict[str, list[tuple[str, AnswerEntry]]] = {}
    for old_id, entry in answers.answers.items():
        groups.setdefault(migration.target_of(old_id), []).append((old_id, entry))
    counts = {"renamed": 0, "marks_reset": 0, "moved": 0}
    result: dict[str, AnswerEntry] = {}
    for new_id, sources in groups.items():
        mapped = [_map_entry(q, migration, answers.version, old_id, new_id, entry, counts) for old_id, entry in sources]
        result[new_id] = mapped[0] if len(mapped) == 1 else _merge(q, new_id, sources, mapped, answers.version)
        counts["moved"] += sum(1 for old_id, _ in sources if old_id != new_id)
    ordered = _in_questionnaire_order(q, result)
    migrated = answers.model_copy(update={"version": q.version, "answers": ordered})
    return Migrated(migrated, answers.version, counts["renamed"], counts["marks_reset"], counts["moved"])


def _map_entry(
    q: Questionnaire,
    migration: Migration,
    from_version: str,
    old_id: str,
    new_id: str,
    entry: AnswerEntry,
    counts: dict[str, int],
) -> AnswerEntry:
    record: dict[str, Any] = {}
    answer = entry.answer
    if answer is not None and answer != NOT_APPLICABLE:
        renamed = migration.options.get(old_id, {}).get(answer, answer)
        if renamed != answer:
            record["answer"] = answer
            counts["renamed"] += 1
        answer = renamed
    marks = entry.criteria
    if marks:
        carried, complete = _carry_marks(marks, migration.criteria.get(old_id), q.activity_by_id.get(new_id))
        if carried != marks:
            record["criteria"] = list(marks)
        if not complete:
            counts["marks_reset"] += 1
        marks = carried
    if old_id != new_id:
        record["id"] = old_id
    extensions = dict(entry.extensions)
    if record:
        record = {"from": from_version, **record}
        if RECORD_KEY in extensions:
            record["earlier"] = extensions[RECORD_KEY]
        extensions[RECORD_KEY] = record
    return entry.model_copy(update={"answer": answer, "criteria": marks, "extensions": extensions})


def _carry_marks(
    marks: tuple[bool, ...], mapping: tuple[int | None, ...] | None, activity: Activity | None
) -> tuple[tuple[bool, ...], bool]:
    """The marks for the new criteria, and whether every new criterion got an old mark.

    Without a mapping that fits the new activity, nothing can be carried over: the marks are set aside.
    """
    if mapping is None or activity is None or len(mapping) != len(activity.criteria):
        return (), False
    carried = tuple(i is not None and i < len(marks) and marks[i] for i in mapping)
    return carried, all(i is not None and i < len(marks) for i in mapping)


def _merge(
    q: Questionnaire,
    new_id: str,
    sources: Sequence[tuple[str, AnswerEntry]],
    mapped: Sequence[AnswerEntry],
    from_version: str,
) -> AnswerEntry:
    """Several old entries on one activity: every note and link kept, the lowest answer, the worst finding."""
    activity = q.activity_by_id.get(new_id)
    values = q.option_index[activity.scale] if activity is not None and activity.scale in q.option_index else {}
    real = [e.answer for e in mapped if e.answer is not None and e.answer != NOT_APPLICABLE]
    if real and all(a in values for a in real):
        answer: str | None = min(real, key=lambda a: values[a].value)
    elif real:
        answer = real[0]
    else:
        answer = next((e.answer for e in mapped if e.answer is not None), None)
    notes = [f"{old_id}: {e.note}" for (old_id, _), e in zip(sources, mapped, strict=True) if e.note]
    finding_notes = [
        f"{old_id}: {e.finding_note}" for (old_id, _), e in zip(sources, mapped, strict=True) if e.finding_note
    ]
    evidence = tuple(dict.fromkeys(link for e in mapped for link in e.evidence))
    findings = [e.finding for e in mapped if e.finding is not None]
    finding = min(findings, key=SEVERITIES.index) if findings else None
    latest = max(mapped, key=lambda e: (e.at is not None, e.at.timestamp() if e.at else 0.0))
    extensions: dict[str, Any] = {}
    for e in mapped:
        for key, value in e.extensions.items():
            if key != RECORD_KEY:
                extensions.setdefault(key, value)
    extensions[RECORD_KEY] = {
        "from": from_version,
        "merged": [_source_record(old_id, original) for old_id, original in sources],
    }
    return AnswerEntry(
        answer=answer,
        note="\n\n".join(notes) or None,
        evidence=evidence,
        by=latest.by,
        at=latest.at,
        finding=finding,
        finding_note="\n\n".join(finding_notes) or None,
        extensions=extensions,
    )


def _source_record(old_id: str, original: AnswerEntry) -> dict[str, Any]:
    """What one merged entry held that the merged entry does not keep in its own fields."""
    record: dict[str, Any] = {"id": old_id, "answer": original.answer}
    if original.criteria:
        record["criteria"] = list(original.criteria)
    for key in ("by", "at", "finding"):
        value = getattr(original, key)
        if value is not None:
            record[key] = value.isoformat() if hasattr(value, "isoformat") else value
    own = {k: v for k, v in original.extensions.items() if k != RECORD_KEY}
    if own:
        record["x"] = own
    if RECORD_KEY in original.extensions:
        record["earlier"] = original.extensions[RECORD_KEY]
    return record


def _in_questionnaire_order(q: Questionnaire, entries: dict[str, AnswerEntry]) -> dict[str, AnswerEntry]:
    order = {a.id: i for i, a in enumerate(q.activities)}
    known = sorted((k for k in entries if k in order), key=order.__getitem__)
    return {k: entries[k] for k in [*known, *(k for k in entries if k not in order)]}
