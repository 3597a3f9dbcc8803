"""Cross-checks between an answers file and the questionnaire it names.

Kept apart from the models so that a workshop can open a mismatched file, show
these issues, and still save every answer it holds.
"""

from __future__ import annotations

from collections.abc import Iterator

from assess.core.model import NOT_APPLICABLE, Answers, Issue, Questionnaire
from assess.core.printable import clipped, quoted
from assess.core.targets import counts_targets, target_problem


def answers_issues(questionnaire: Questionnaire, answers: Answers) -> list[Issue]:
    """Everything in ``answers`` that does not fit ``questionnaire``."""
    return list(_issues(questionnaire, answers))


def _issues(q: Questionnaire, a: Answers) -> Iterator[Issue]:
    if a.questionnaire != q.id:
        yield Issue(
            ("questionnaire",),
            f"answers are for questionnaire {quoted(a.questionnaire)}, not {q.id!r}; "
            "pass -q with the right questionnaire",
        )
        return
    if a.version != q.version:
        yield Issue(
            ("version",),
            f"answers were written for {q.id} {clipped(a.version)} but the questionnaire is "
            f"version {q.version}; pass -q with the {clipped(a.version)} file, or update 'version' once the "
            "answers have been checked against the new questions",
        )
    for activity_id, entry in a.answers.items():
        activity = q.activity_by_id.get(activity_id)
        if activity is None:
            yield Issue(("answers", activity_id), f"unknown activity {quoted(activity_id)} in {q.id} {q.version}")
            continue
        if entry.answer is not None and entry.answer != NOT_APPLICABLE:
            options = q.option_index[activity.scale]
            if entry.answer not in options:
                yield Issue(
                    ("answers", activity_id),
                    f"unknown option {quoted(entry.answer)} for {activity_id}; "
                    f"choose one of {', '.join(options)} or n/a",
                )
        if len(entry.criteria) > len(activity.criteria):
            yield Issue(
                ("answers", activity_id, "criteria"),
                f"{len(entry.criteria)} criteria marks given but "
                f"{activity_id} has {len(activity.criteria)} quality criteria",
            )
    for practice_id, target in a.targets.items():
        problem = target_problem(practice_id, target, q.practice_max, counts=counts_targets(q))
        if problem is not None:
            yield Issue(("targets", practice_id), problem)
