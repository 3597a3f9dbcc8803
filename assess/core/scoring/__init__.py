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


def na_problem(questionnaire: Questionnaire, na: NaMode) -> str | None:
    """Why ``na`` cannot score this questionnaire (``--na exclude`` is SAMM's alone), or None."""
    method = method_for(questionnaire)
    if na in method.na_modes:
        return None
    return (
        f"--na {na} is SAMM's non-standard mode and does not apply to {questionnaire.id}, which scores by "
        f"{method.name} (--na {' or '.join(method.na_modes)} only): n/a counts as not observed there, and is "
        "reported; leave --na out"
    )


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
    "na_problem",
    "percent_to_target",
    "progress",
    "score",
]
