"""Scores, exactly as the OWASP SAMM Toolbox v2 computes them (pure functions).

activity = value of the chosen option (unanswered = 0); stream = sum of its
activities; practice = mean of its streams; function = mean of its practices;
overall = mean of the functions. No gating and no rounding.

``na="zero"`` scores ``n/a`` as 0, like the Toolbox, so scores stay comparable
with the SAMM benchmark. ``na="exclude"`` is a labelled, non-standard mode: a
stream's score is scaled up from its applicable activities, and anything with
nothing applicable leaves its parent's mean (its score is then ``None``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

from assess.core.model import NOT_APPLICABLE, Answers, Questionnaire
from assess.core.model.questionnaire import Activity, Function, Practice, Stream

NaMode = Literal["zero", "exclude"]


@dataclass(frozen=True, slots=True)
class ActivityScore:
    id: str
    level: int
    value: float
    answer: str | None
    """The chosen option id, ``n/a``, or None when unanswered."""

    @property
    def is_na(self) -> bool:
        return self.answer == NOT_APPLICABLE


@dataclass(frozen=True, slots=True)
class StreamScore:
    id: str
    name: str
    score: float | None
    activities: tuple[ActivityScore, ...]


@dataclass(frozen=True, slots=True)
class PracticeScore:
    id: str
    name: str
    score: float | None
    target: float | None
    streams: tuple[StreamScore, ...]

    @property
    def gap(self) -> float | None:
        """How far below its target the practice is (never negative; None without a target)."""
        if self.target is None or self.score is None:
            return None
        return max(0.0, self.target - self.score)


@dataclass(frozen=True, slots=True)
class FunctionScore:
    id: str
    name: str
    score: float | None
    practices: tuple[PracticeScore, ...]


@dataclass(frozen=True, slots=True)
class Scorecard:
    """Every score of one assessment, unrounded."""

    questionnaire_id: str
    questionnaire_version: str
    questionnaire_title: str
    na: NaMode
    overall: float | None
    functions: tuple[FunctionScore, ...]
    answered: int
    total: int

    @property
    def practices(self) -> tuple[PracticeScore, ...]:
        return tuple(p for f in self.functions for p in f.practices)

    @property
    def activities(self) -> tuple[ActivityScore, ...]:
        return tuple(a for p in self.practices for s in p.streams for a in s.activities)

    def practice(self, practice_id: str) -> PracticeScore:
        for practice in self.practices:
            if practice.id == practice_id:
                return practice
        raise KeyError(practice_id)

    @property
    def percent_to_target(self) -> float | None:
        return percent_to_target(self.practices)


def mean(values: Iterable[float | None]) -> float | None:
    """Mean of the values that are not None; None when there are none."""
    present = [v for v in values if v is not None]
    return sum(present) / len(present) if present else None


def percent_to_target(practices: Iterable[PracticeScore]) -> float | None:
    """SAMM's relative metric: ``1 - sum(gap) / sum(target)`` over practices with a target."""
    with_target = [p for p in practices if p.target is not None and p.score is not None]
    if not with_target:
        return None
    total_target = sum(p.target for p in with_target if p.target is not None)
    total_gap = sum(p.gap for p in with_target if p.gap is not None)
    if total_target == 0:
        return 1.0
    return 1 - total_gap / total_target


def progress(current: float, baseline: float, target: float) -> float | None:
    """Progress between two assessments: ``(current - baseline) / (target - baseline)``."""
    if target == baseline:
        return None
    return (current - baseline) / (target - baseline)


def score(
    questionnaire: Questionnaire,
    answers: Answers,
    na: NaMode = "zero",
    targets: Mapping[str, float] | None = None,
) -> Scorecard:
    """Score ``answers`` against ``questionnaire``; ``targets`` overrides the file's own."""
    chosen = {activity_id: entry.answer for activity_id, entry in answers.answers.items()}
    goal = answers.targets if targets is None else targets
    values = _option_values(questionnaire)
    functions = tuple(_score_function(f, chosen, values, na, goal) for f in questionnaire.functions)
    known = questionnaire.activity_by_id
    answered = sum(1 for activity_id, answer in chosen.items() if answer is not None and activity_id in known)
    return Scorecard(
        questionnaire_id=questionnaire.id,
        questionnaire_version=questionnaire.version,
        questionnaire_title=questionnaire.title,
        na=na,
        overall=mean(f.score for f in functions),
        functions=functions,
        answered=answered,
        total=len(questionnaire.activities),
    )


def _option_values(q: Questionnaire) -> dict[str, dict[str, float]]:
    return {scale: {o.id: o.value for o in options} for scale, options in q.scales.items()}


def _score_function(
    function: Function,
    chosen: Mapping[str, str | None],
    values: dict[str, dict[str, float]],
    na: NaMode,
    targets: Mapping[str, float],
) -> FunctionScore:
    practices = tuple(_score_practice(p, chosen, values, na, targets.get(p.id)) for p in function.practices)
    return FunctionScore(function.id, function.name, mean(p.score for p in practices), practices)


def _score_practice(
    practice: Practice,
    chosen: Mapping[str, str | None],
    values: dict[str, dict[str, float]],
    na: NaMode,
    target: float | None,
) -> PracticeScore:
    streams = tuple(_score_stream(s, chosen, values, na) for s in practice.streams)
    return PracticeScore(practice.id, practice.name, mean(s.score for s in streams), target, streams)


def _score_stream(
    stream: Stream, chosen: Mapping[str, str | None], values: dict[str, dict[str, float]], na: NaMode
) -> StreamScore:
    activities = tuple(_score_activity(a, chosen.get(a.id), values) for a in stream.activities)
    if na == "zero":
        return StreamScore(stream.id, stream.name, sum(a.value for a in activities), activities)
    applicable = [a for a in activities if not a.is_na]
    if not applicable:
        return StreamScore(stream.id, stream.name, None, activities)
    scaled = sum(a.value for a in applicable) * len(activities) / len(applicable)
    return StreamScore(stream.id, stream.name, scaled, activities)


def _score_activity(activity: Activity, answer: str | None, values: dict[str, dict[str, float]]) -> ActivityScore:
    value = values[activity.scale].get(answer, 0.0) if answer is not None else 0.0
    return ActivityScore(activity.id, activity.level, value, answer)
