"""Scores of an assessment, by the questionnaire's scoring method (SAMM's formulas by default).

:func:`score` is the one entry point every view and command uses; the method behind it is chosen
by the questionnaire (see :mod:`.method`), and the scorecard's shape is shared (see :mod:`.cards`).
"""

from __future__ import annotations

from collections.abc import Mapping

from assess.core.model import Answers, Questionnaire
from assess.core.scoring.cards import (
    ActivityScore,
    FunctionScore,
    NaMode,
    PracticeScore,
    Scorecard,
    StreamScore,
    mean,
    percent_to_target,
    progress,
)
from assess.core.scoring.method import Chosen, ScoringMethod, method_for


def chosen_of(answers: Answers) -> dict[str, str | None]:
    """Activity id -> the chosen option id (or ``n/a``, or None): all that scoring reads of an answers file."""
    return {activity_id: entry.answer for activity_id, entry in answers.answers.items()}


def score(
    questionnaire: Questionnaire,
    answers: Answers,
    na: NaMode = "zero",
    targets: Mapping[str, float] | None = None,
) -> Scorecard:
    """Score ``answers`` against ``questionnaire``; ``targets`` overrides the file's own."""
    goal = answers.targets if targets is None else targets
    return method_for(questionnaire).score(questionnaire, chosen_of(answers), na, goal)


__all__ = [
    "ActivityScore",
    "Chosen",
    "FunctionScore",
    "NaMode",
    "PracticeScore",
    "Scorecard",
    "ScoringMethod",
    "StreamScore",
    "chosen_of",
    "mean",
    "method_for",
    "percent_to_target",
    "progress",
    "score",
]
