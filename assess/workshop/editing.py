"""A workshop session: the answers being edited, the questions asked of them, and undo.

Everything the workshop does that is not about drawing lives here or in
:mod:`assess.workshop.custody`, free of Textual, so it can be tested directly and
reused by other front ends. The answers file is the only state: every change builds
a new :class:`Answers`, hands it to the custody to save, and only then becomes the
session's current answers, so whatever the screen confirms is on disk.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from assess.core.migration import can_migrate, migrate
from assess.core.model import NOT_APPLICABLE, Activity, AnswerEntry, Answers, Questionnaire
from assess.core.model.answers import SEVERITIES, Estate
from assess.core.roadmap import Roadmap, plan
from assess.core.scoring import Scorecard, score
from assess.core.targets import Targets, counts_targets, resolve_targets, target_problem
from assess.workshop.custody import Custody, Mismatch, Opened, mismatch_of

UNDO_DEPTH = 500


@dataclass(frozen=True, slots=True)
class Change:
    """One saved change, remembered so that it can be undone."""

    label: str
    activity_id: str | None
    before: Answers
    kind: str = ""


def split_list(text: str) -> tuple[str, ...]:
    """``"Ana, Ben"`` -> ``("Ana", "Ben")``: the form people type lists in."""
    return tuple(part.strip() for part in re.split(r"[,;\n]", text) if part.strip())


def split_links(text: str) -> tuple[str, ...]:
    """Evidence links typed on one line, separated by spaces (a comma before a space is punctuation).

    A comma inside a link is kept: ``https://x.example/a,b`` is one link, not two.
    """
    return tuple(link for part in text.split() if (link := part.rstrip(",")))


@dataclass
class Session:
    """An open answers file. Mutators save first and raise :class:`NotSavedError` (changing nothing) if saving fails."""

    custody: Custody
    questionnaire: Questionnaire
    answers: Answers
    mismatch: Mismatch | None = None
    undo_stack: list[Change] = field(default_factory=list)

    # --- opening and closing (the custody's work) ------------------------------------------------

    @classmethod
    def open(
        cls,
        path: Path,
        questionnaire: str | None = None,
        *,
        lock: bool = True,
        today: dt.date | None = None,
    ) -> Session:
        """Resume ``path`` or create it (see :meth:`Custody.open` for what is refused)."""
        return cls.from_opened(Custody.open(path, questionnaire, lock=lock, today=today))

    @classmethod
    def create(cls, path: Path, q: Questionnaire, answers: Answers, *, lock: bool = True) -> Session:
        """Start a new assessment in ``path`` (which must not exist yet)."""
        return cls(Custody.create(path, answers, lock=lock), q, answers)

    @classmethod
    def from_opened(cls, opened: Opened) -> Session:
        return cls(opened.custody, opened.questionnaire, opened.answers, opened.mismatch)

    @property
    def path(self) -> Path:
        return self.custody.path

    @property
    def created(self) -> bool:
        """The file did not exist before this session (a mistyped name must not look like a resume)."""
        return self.custody.created

    @property
    def read_only(self) -> bool:
        return self.custody.read_only

    @property
    def read_only_reason(self) -> str | None:
        return self.custody.read_only_reason

    @property
    def unsaved_reason(self) -> str | None:
        """Why the last change was not saved (None once a save succeeds)."""
        return self.custody.unsaved_reason

    def heartbeat(self) -> None:
        self.custody.heartbeat()

    def close(self) -> str | None:
        """Release the file; what could not be cleaned up is returned for the farewell line."""
        return self.custody.close()

    # --- reading -------------------------------------------------------------------------------

    @property
    def activities(self) -> tuple[Activity, ...]:
        return self.questionnaire.activities

    def index_of(self, activity_id: str) -> int:
        for index, activity in enumerate(self.activities):
            if activity.id == activity_id:
                return index
        raise KeyError(activity_id)

    def entry(self, activity_id: str) -> AnswerEntry | None:
        return self.answers.answers.get(activity_id)

    def is_answered(self, activity_id: str) -> bool:
        """Answered with an option of its scale or n/a (an option the scale lacks needs a new answer)."""
        chosen = self.answers.chosen(activity_id)
        if chosen is None or chosen == NOT_APPLICABLE:
            return chosen is not None
        activity = self.questionnaire.activity_by_id[activity_id]
        return chosen in self.questionnaire.option_index[activity.scale]

    def first_unanswered(self) -> int | None:
        """Index of the first unanswered activity in questionnaire order (None when all are answered)."""
        return self.next_unanswered(-1, wrap=False)

    def next_unanswered(self, after: int, *, wrap: bool = True) -> int | None:
        """Index of the next unanswered activity after ``after``, wrapping round to the start."""
        count = len(self.activities)
        steps = range(1, count + 1) if wrap else range(1, count - after)
        for step in steps:
            index = (after + step) % count
            if not self.is_answered(self.activities[index].id):
                return index
        return None

    def start_index(self) -> int:
        """Where a workshop opens: the first unanswered activity, else the first one."""
        found = self.first_unanswered()
        return 0 if found is None else found

    def option_position(self, activity: Activity) -> int | None:
        """0-based position of the chosen option in the scale (None if unanswered, n/a or unknown)."""
        chosen = self.answers.chosen(activity.id)
        for position, option in enumerate(self.questionnaire.options_for(activity)):
            if option.id == chosen:
                return position
        return None

    def unmet_criteria(self, activity_id: str) -> tuple[str, ...]:
        """Quality criteria not marked as holding, when the answer is above the lowest option.

        SAMM: every quality criterion must hold before any answer above the lowest; we warn, not block.
        """
        activity = self.questionnaire.activity_by_id[activity_id]
        position = self.option_position(activity)
        if not position or not activity.criteria:
            return ()
        entry = self.entry(activity_id)
        marks = entry.criteria if entry else ()
        return tuple(text for i, text in enumerate(activity.criteria) if not (i < len(marks) and marks[i]))

    def criteria_marks(self, activity: Activity) -> tuple[bool, ...]:
        entry = self.entry(activity.id)
        marks = entry.criteria if entry else ()
        return tuple(i < len(marks) and marks[i] for i in range(len(activity.criteria)))

    def effective_targets(self) -> Targets:
        """The targets the score panel measures against, by the roadmap's precedence (no command line here)."""
        return resolve_targets(self.questionnaire, self.answers, file=str(self.path), check=False)

    def scorecard(self) -> Scorecard:
        return score(self.questionnaire, self.answers, "zero", self.effective_targets().values)

    def roadmap(self) -> Roadmap:
        """The plan for the answers and targets as they stand (the command line's defaults: four phases)."""
        return plan(self.questionnaire, self.answers, self.effective_targets())

    # --- changing (each change is saved before it is visible) ----------------------------------

    def choose(self, activity_id: str, option_id: str) -> None:
        """Answer an activity with an option id (or ``n/a``), keeping its note, evidence and criteria."""
        activity = self.questionnaire.activity_by_id[activity_id]
        if option_id != NOT_APPLICABLE and option_id not in self.questionnaire.option_index[activity.scale]:
            raise ValueError(f"{option_id!r} is not an option of {activity_id}")
        label = "n/a" if option_id == NOT_APPLICABLE else self._option_label(activity, option_id)
        self._update_entry(activity_id, f"{activity_id}: {label}", answer=option_id, kind="answer")

    def clear(self, activity_id: str) -> None:
        """Remove the answer (notes and evidence stay)."""
        self._update_entry(activity_id, f"{activity_id}: answer cleared", answer=None, kind="clear")

    def set_note(self, activity_id: str, note: str) -> bool:
        """Save a note; successive edits of one note undo as one step. False when nothing changed."""
        text = note.strip() or None
        entry = self.entry(activity_id)
        if (entry.note if entry else None) == text:
            return False
        self._update_entry(activity_id, f"{activity_id}: note", note=text, kind="note", coalesce=True)
        return True

    def set_evidence(self, activity_id: str, links: Iterable[str]) -> bool:
        evidence = tuple(links)
        entry = self.entry(activity_id)
        if (entry.evidence if entry else ()) == evidence:
            return False
        self._update_entry(activity_id, f"{activity_id}: evidence", evidence=evidence, kind="evidence")
        return True

    def set_criteria(self, activity_id: str, marks: Iterable[bool]) -> None:
        """Mark which quality criteria hold (all unmet is stored as no marks, keeping the file short)."""
        values = tuple(bool(m) for m in marks)
        stored = values if any(values) else ()
        self._update_entry(activity_id, f"{activity_id}: quality criteria", criteria=stored, kind="criteria")

    def set_finding(self, activity_id: str, severity: str | None, note: str | None = None) -> None:
        """Flag the answer as a finding of ``severity`` with an optional note (None: no finding, note removed)."""
        if severity is not None and severity not in SEVERITIES:
            raise ValueError(f"{severity!r} is not a severity; use one of {', '.join(SEVERITIES)}")
        text = ((note or "").strip() or None) if severity is not None else None
        label = f"{activity_id}: {severity} finding" if severity else f"{activity_id}: finding removed"
        self._update_entry(activity_id, label, finding=severity, finding_note=text, kind="finding")

    def set_targets(self, targets: Mapping[str, float]) -> None:
        """Replace the file's practice targets (validated against each practice's highest score)."""
        for practice_id, value in targets.items():
            problem = target_problem(
                practice_id, value, self.questionnaire.practice_max, counts=counts_targets(self.questionnaire)
            )
            if problem is not None:
                raise ValueError(problem)
        self._commit(self.answers.with_targets(dict(targets)), "targets", None, "targets")

    def set_details(
        self,
        *,
        team: str | None,
        scope: str | None,
        assessors: Iterable[str],
        date: dt.date | None,
        estate: Estate | Literal["keep"] | None = "keep",
    ) -> None:
        """Save the details in one undoable change; ``estate`` (APIs, teams, exposure) stays unless given."""
        update: dict[str, object] = {
            "team": team or None,
            "scope": scope or None,
            "assessors": tuple(assessors),
            "date": date,
        }
        if estate != "keep":
            update["estate"] = estate
        self._commit(self.answers.model_copy(update=update), "assessment details", None, "details")

    def adopt_version(self) -> None:
        """Declare the answers checked against the questionnaire's version (keeps every entry)."""
        self._commit(
            self.answers.model_copy(update={"version": self.questionnaire.version}),
            f"version {self.questionnaire.version} adopted",
            None,
            "version",
        )
        self.mismatch = mismatch_of(self.questionnaire, self.answers)

    @property
    def can_migrate(self) -> bool:
        """Whether the file is for an older version that the questionnaire declares a migration from."""
        return can_migrate(self.questionnaire, self.answers)

    def migrate(self) -> None:
        """Map the answers onto the questionnaire's version through its migration (undoable; keeps every entry)."""
        migrated = migrate(self.questionnaire, self.answers)
        label = f"migrated from version {migrated.from_version} to {self.questionnaire.version}"
        self._commit(migrated.answers, label, None, "version")
        self.mismatch = mismatch_of(self.questionnaire, self.answers)

    def undo(self) -> Change | None:
        """Put back the answers as they were before the last change (saved like any change)."""
        if not self.undo_stack:
            return None
        change = self.undo_stack[-1]
        self._save(change.before)
        self.undo_stack.pop()
        if change.kind == "version":
            self.mismatch = mismatch_of(self.questionnaire, self.answers)
        return change

    # --- internals -----------------------------------------------------------------------------

    def _option_label(self, activity: Activity, option_id: str) -> str:
        return self.questionnaire.option_index[activity.scale][option_id].label

    def _update_entry(
        self, activity_id: str, label: str, *, kind: str, coalesce: bool = False, **update: object
    ) -> None:
        entry = self.entry(activity_id) or AnswerEntry()
        new_entry = entry.model_copy(update=update)
        if kind == "clear":
            new_entry = new_entry.model_copy(update={"by": None, "at": None})
        keep = new_entry.answer is not None or not _is_blank(new_entry)
        answers = self._with_entry(activity_id, new_entry if keep else None)
        self._commit(answers, label, activity_id, kind, coalesce=coalesce)

    def _with_entry(self, activity_id: str, entry: AnswerEntry | None) -> Answers:
        """Answers with one entry replaced, entries kept in questionnaire order, unknown ids last."""
        updated = self.answers.with_answer(activity_id, entry)
        order = {a.id: i for i, a in enumerate(self.activities)}
        known = sorted((k for k in updated.answers if k in order), key=order.__getitem__)
        unknown = [k for k in updated.answers if k not in order]
        return updated.model_copy(update={"answers": {k: updated.answers[k] for k in [*known, *unknown]}})

    def _commit(
        self, answers: Answers, label: str, activity_id: str | None, kind: str, *, coalesce: bool = False
    ) -> None:
        self.custody.check_writable()
        before = self.answers
        if answers == before:
            return  # nothing to save, and nothing for undo to put back
        self._save(answers)
        top = self.undo_stack[-1] if self.undo_stack else None
        if coalesce and top is not None and top.kind == kind and top.activity_id == activity_id:
            return
        self.undo_stack.append(Change(label, activity_id, before, kind))
        del self.undo_stack[:-UNDO_DEPTH]

    def _save(self, answers: Answers) -> None:
        self.custody.save(answers)
        self.answers = answers


def _is_blank(entry: AnswerEntry) -> bool:
    return (
        entry.note is None
        and not entry.evidence
        and not entry.criteria
        and not entry.extensions
        and entry.finding is None
        and entry.finding_note is None
    )
