"""SAMM's scores, exactly as the OWASP SAMM Toolbox v2 computes them (pure functions).

activity = value of the chosen option (unanswered = 0); stream = sum of its
activities; practice = mean of its streams; function = mean of its practices;
overall = mean of the functions. No gating and no rounding; sums add exactly (``math.fsum``).

``na="zero"`` scores ``n/a`` as 0, like the Toolbox, so scores stay comparable
with the SAMM benchmark. ``na="exclude"`` is a labelled, non-standard mode: a
stream's score is scaled up from its applicable activities, and anything with
nothing applicable leaves its parent's mean (its score is then ``None``).
Every node also carries its maximum: the same formulas over the top options.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import TYPE_CHECKING

from assess.core.model import Questionnaire
from assess.core.model.questionnaire import Activity, Function, Practice, Stream
from assess.core.scoring.cards import (
    ActivityScore,
    FunctionScore,
    NaMode,
    PracticeScore,
    Scorecard,
    StreamScore,
    mean,
)
from assess.core.scoring.method import Chosen, register

if TYPE_CHECKING:
    from assess.core.roadmap.plan import StepPlanner

Values = dict[str, dict[str, float]]
"""Scale id -> option id -> value."""


class SammMethod:
    """The SAMM Toolbox formulas, and the level-by-level planner of :mod:`assess.core.roadmap.samm_steps`."""

    name = "samm"
    na_modes: tuple[NaMode, ...] = ("zero", "exclude")

    def score(self, q: Questionnaire, chosen: Chosen, na: NaMode, targets: Mapping[str, float]) -> Scorecard:
        values = option_values(q)
        functions = tuple(_score_function(f, chosen, values, na, targets) for f in q.functions)
        known = q.activity_by_id
        answered = sum(1 for activity_id, answer in chosen.items() if answer is not None and activity_id in known)
        return Scorecard(
            questionnaire_id=q.id,
            questionnaire_version=q.version,
            questionnaire_title=q.title,
            na=na,
            overall=mean(f.score for f in functions),
            functions=functions,
            answered=answered,
            total=len(q.activities),
            maximum=mean(f.maximum for f in functions) or 0.0,
            method=self.name,
        )

    def planner(self, q: Questionnaire, chosen: Chosen, targets: Mapping[str, float], na: NaMode) -> StepPlanner:
        from assess.core.roadmap.samm_steps import SammPlanner  # the roadmap builds on scores, not the reverse

        return SammPlanner(self, q, chosen, targets, na)


SAMM = register(SammMethod())


def option_values(q: Questionnaire) -> Values:
    return {scale: {o.id: o.value for o in options} for scale, options in q.scales.items()}


def _score_function(
    function: Function, chosen: Chosen, values: Values, na: NaMode, targets: Mapping[str, float]
) -> FunctionScore:
    practices = tuple(_score_practice(p, chosen, values, na, targets.get(p.id)) for p in function.practices)
    return FunctionScore(
        function.id,
        function.name,
        mean(p.score for p in practices),
        practices,
        mean(p.maximum for p in practices) or 0.0,
    )


def _score_practice(
    practice: Practice, chosen: Chosen, values: Values, na: NaMode, target: float | None
) -> PracticeScore:
    streams = tuple(_score_stream(s, chosen, values, na) for s in practice.streams)
    return PracticeScore(
        practice.id,
        practice.name,
        mean(s.score for s in streams),
        target,
        streams,
        mean(s.maximum for s in streams) or 0.0,
        _level_means(streams, na),
    )


def _level_means(streams: tuple[StreamScore, ...], na: NaMode) -> tuple[tuple[int, float | None], ...]:
    """Per level, the mean over the streams of that level's activity value (the Toolbox's maturity columns).

    A stream without an activity at a level leaves that level's mean; with ``na="exclude"`` so does
    an activity answered n/a (a level with nothing left has no mean).
    """
    by_level: dict[int, list[float | None]] = {}
    for stream in streams:
        for activity in stream.activities:
            value = None if na == "exclude" and activity.is_na else activity.value
            by_level.setdefault(activity.level, []).append(value)
    return tuple((level, mean(by_level[level])) for level in sorted(by_level))


def _score_stream(stream: Stream, chosen: Chosen, values: Values, na: NaMode) -> StreamScore:
    activities = tuple(_score_activity(a, chosen.get(a.id), values) for a in stream.activities)
    maximum = math.fsum(a.maximum for a in activities)
    if na == "zero":
        return StreamScore(stream.id, stream.name, math.fsum(a.value for a in activities), activities, maximum)
    applicable = [a for a in activities if not a.is_na]
    if not applicable:
        return StreamScore(stream.id, stream.name, None, activities, maximum)
    scaled = math.fsum(a.value for a in applicable) * len(activities) / len(applicable)
    return StreamScore(stream.id, stream.name, scaled, activities, maximum)


def _score_activity(activity: Activity, answer: str | None, values: Values) -> ActivityScore:
    scale = values.get(activity.scale, {})  # an unknown scale is reported by the model; it scores 0 here
    value = scale.get(answer, 0.0) if answer is not None else 0.0
    return ActivityScore(activity.id, activity.level, value, answer, max(scale.values(), default=0.0))
