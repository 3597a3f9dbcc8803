"""Properties of scoring that must hold for any answers (hypothesis)."""

from __future__ import annotations

import math
import random
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assess.core.model import NOT_APPLICABLE, Answers, Questionnaire
from assess.core.scoring import NaMode, Scorecard, score
from assess.files.loading import load_questionnaire
from assess.files.resources import builtin_questionnaires_dir
from tests.conftest import ODD_PATH

# Loaded once at import: hypothesis runs each test many times.
QUESTIONNAIRES = [
    load_questionnaire(builtin_questionnaires_dir() / "api-samm.yaml"),
    load_questionnaire(ODD_PATH),
]
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def answered(draw: st.DrawFn) -> tuple[Questionnaire, dict[str, int | None]]:
    """A questionnaire and, per activity, an option index, -1 for n/a, or None (unanswered)."""
    q = draw(st.sampled_from(QUESTIONNAIRES))
    choice: dict[str, int | None] = {}
    for activity in q.activities:
        count = len(q.options_for(activity))
        choice[activity.id] = draw(st.one_of(st.none(), st.just(-1), st.integers(0, count - 1)))
    return q, choice


def to_answers(q: Questionnaire, choice: dict[str, int | None], order: list[str] | None = None) -> Answers:
    entries: dict[str, Any] = {}
    for activity_id in order or list(choice):
        index = choice[activity_id]
        if index is None:
            continue
        activity = q.activity_by_id[activity_id]
        entries[activity_id] = NOT_APPLICABLE if index == -1 else q.options_for(activity)[index].id
    return Answers.model_validate({"format": 1, "questionnaire": q.id, "version": q.version, "answers": entries})


def all_scores(card: Scorecard) -> list[float | None]:
    values: list[float | None] = [card.overall]
    for function in card.functions:
        values.append(function.score)
        for practice in function.practices:
            values.append(practice.score)
            values.extend(s.score for s in practice.streams)
    return values


@SETTINGS
@given(answered(), st.sampled_from(["zero", "exclude"]))
def test_scores_stay_in_range(case: tuple[Questionnaire, dict[str, int | None]], na: NaMode) -> None:
    q, choice = case
    card = score(q, to_answers(q, choice), na)
    for practice in card.practices:
        if practice.score is not None:
            # Excluding n/a drops whole streams from the mean, so with streams of unequal length a
            # practice can pass the maximum computed over all its streams (see test_scoring.py).
            counted = [len(s.activities) for s in practice.streams if s.score is not None]
            bound = q.practice_max[practice.id] if na == "zero" else sum(counted) / len(counted)
            assert 0 <= practice.score <= bound + 1e-9
        for stream in practice.streams:
            if stream.score is not None:
                assert 0 <= stream.score <= len(stream.activities) + 1e-9
    for value in all_scores(card):
        assert value is None or 0 <= value <= 3 + 1e-9
    if na == "zero":
        assert None not in all_scores(card)


@SETTINGS
@given(answered(), st.data(), st.sampled_from(["zero", "exclude"]))
def test_raising_an_answer_never_lowers_a_score(
    case: tuple[Questionnaire, dict[str, int | None]], data: st.DataObject, na: NaMode
) -> None:
    q, choice = case
    raisable = [
        a.id
        for a in q.activities
        if choice[a.id] != -1 and (choice[a.id] is None or choice[a.id] < len(q.options_for(a)) - 1)  # type: ignore[operator]
    ]
    if not raisable:
        return
    activity_id = data.draw(st.sampled_from(raisable))
    current = choice[activity_id]
    top = len(q.options_for(q.activity_by_id[activity_id])) - 1
    raised = data.draw(st.integers(0 if current is None else current + 1, top))
    before = score(q, to_answers(q, choice), na)
    after = score(q, to_answers(q, {**choice, activity_id: raised}), na)
    for old, new in zip(all_scores(before), all_scores(after), strict=True):
        assert (old is None) == (new is None)
        if old is not None and new is not None:
            assert new >= old - 1e-12


@SETTINGS
@given(answered(), st.randoms(use_true_random=False), st.sampled_from(["zero", "exclude"]))
def test_the_order_of_answers_changes_nothing(
    case: tuple[Questionnaire, dict[str, int | None]], rnd: random.Random, na: NaMode
) -> None:
    q, choice = case
    shuffled = list(choice)
    rnd.shuffle(shuffled)
    assert score(q, to_answers(q, choice), na) == score(q, to_answers(q, choice, shuffled), na)


@SETTINGS
@given(answered())
def test_na_scores_like_unanswered_by_default(case: tuple[Questionnaire, dict[str, int | None]]) -> None:
    """The Toolbox's rule: n/a is worth 0, exactly like no answer."""
    q, choice = case
    unanswered = {activity_id: None if index == -1 else index for activity_id, index in choice.items()}
    assert all_scores(score(q, to_answers(q, choice))) == all_scores(score(q, to_answers(q, unanswered)))


@SETTINGS
@given(answered())
def test_excluding_na_never_lowers_a_stream(case: tuple[Questionnaire, dict[str, int | None]]) -> None:
    """Excluding n/a only scales a stream up from its applicable activities (or drops it)."""
    q, choice = case
    zero, excluded = score(q, to_answers(q, choice), "zero"), score(q, to_answers(q, choice), "exclude")
    for before, after in zip(zero.practices, excluded.practices, strict=True):
        for z, e in zip(before.streams, after.streams, strict=True):
            assert e.score is None or (z.score is not None and e.score >= z.score - 1e-12)
            assert (e.score is None) == all(a.is_na for a in e.activities)


# --- score() against a short, independent reading of DESIGN.md "Scoring" -------------------------

VALUES = (0.0, 0.1, 0.2, 0.25, 0.3, 1 / 3, 0.4, 0.5, 0.6, 2 / 3, 0.7, 0.75, 0.8, 0.9, 1.0)


@st.composite
def questionnaires(draw: st.DrawFn) -> Questionnaire:
    """Any shape the format allows: 1-3 functions, practices and streams, streams of 1-3 activities on
    any levels (so levels go missing), 1-3 scales of 2-5 ascending options worth any values in 0..1."""
    scales = {}
    for s in range(draw(st.integers(1, 3))):
        values = sorted(draw(st.sets(st.sampled_from(VALUES), min_size=2, max_size=5)))
        scales[f"s{s}"] = [{"id": f"o{i}", "label": f"option {i}", "value": v} for i, v in enumerate(values)]
    functions = []
    for f in range(draw(st.integers(1, 3))):
        practices = []
        for p in range(draw(st.integers(1, 3))):
            streams = []
            for s in range(draw(st.integers(1, 3))):
                levels = sorted(draw(st.sets(st.integers(1, 3), min_size=1, max_size=3)))
                activities = [
                    {
                        "id": f"a{f}.{p}.{s}.{level}",
                        "level": level,
                        "question": "?",
                        "scale": draw(st.sampled_from(sorted(scales))),
                    }
                    for level in levels
                ]
                streams.append({"id": f"s{f}.{p}.{s}", "name": "stream", "activities": activities})
            practices.append({"id": f"p{f}.{p}", "name": "practice", "streams": streams})
        functions.append({"id": f"f{f}", "name": "function", "practices": practices})
    data = {
        "format": 1,
        "id": "generated",
        "version": "1.0.0",
        "title": "generated",
        "scales": scales,
        "functions": functions,
    }
    return Questionnaire.model_validate(data)


@st.composite
def generated_cases(draw: st.DrawFn) -> tuple[Questionnaire, dict[str, int | None], dict[str, float]]:
    q = draw(questionnaires())
    choice = {
        a.id: draw(st.one_of(st.none(), st.just(-1), st.integers(0, len(q.options_for(a)) - 1))) for a in q.activities
    }
    targets = {p: draw(st.sampled_from((0.0, 0.5, 1.0, 1.5, 2.5))) for p in q.practice_by_id if draw(st.booleans())}
    return q, choice, targets


def mean_of(values: list[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return math.fsum(present) / len(present) if present else None


def design_scores(
    q: Questionnaire, choice: dict[str, int | None], na: NaMode, targets: dict[str, float]
) -> dict[str, Any]:
    """DESIGN's formulas, written out again: activity = the chosen option's value (unanswered and, by
    default, n/a: 0); stream = sum of its activities (excluding n/a: scaled by all / applicable, None
    when none is applicable); practice, function, overall = means of what is below them, skipping None."""
    streams: dict[str, float | None] = {}
    practices: dict[str, float | None] = {}
    functions: dict[str, float | None] = {}
    maxima: dict[str, float] = {}
    for function in q.functions:
        for practice in function.practices:
            for stream in practice.streams:
                values = []
                for activity in stream.activities:
                    index = choice[activity.id]
                    if index == -1 and na == "exclude":
                        continue
                    values.append(0.0 if index is None or index == -1 else q.options_for(activity)[index].value)
                count = len(stream.activities)
                streams[stream.id] = math.fsum(values) * count / len(values) if values else None
                maxima[stream.id] = math.fsum(q.options_for(a)[-1].value for a in stream.activities)
            practices[practice.id] = mean_of([streams[s.id] for s in practice.streams])
            maxima[practice.id] = math.fsum(maxima[s.id] for s in practice.streams) / len(practice.streams)
        functions[function.id] = mean_of([practices[p.id] for p in function.practices])
        maxima[function.id] = math.fsum(maxima[p.id] for p in function.practices) / len(function.practices)
    gaps = {p: max(0.0, t - s) for p, t in targets.items() if (s := practices[p]) is not None}
    total_target = math.fsum(targets[p] for p in gaps)
    return {
        "streams": streams,
        "practices": practices,
        "functions": functions,
        "overall": mean_of(list(functions.values())),
        "maxima": maxima,
        "gaps": gaps,
        "percent_to_target": (1 - math.fsum(gaps.values()) / total_target if total_target else 1.0) if gaps else None,
        "answered": sum(1 for index in choice.values() if index is not None),
    }


def close(a: float | None, b: float | None) -> bool:
    """Equal up to float rounding (sums in another order): 1e-12, far below the 2 decimals shown."""
    return (a is None and b is None) or (
        a is not None and b is not None and math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-12)
    )


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(generated_cases(), st.sampled_from(["zero", "exclude"]))
def test_score_follows_the_design_formulas_on_any_questionnaire(
    case: tuple[Questionnaire, dict[str, int | None], dict[str, float]], na: NaMode
) -> None:
    q, choice, targets = case
    card = score(q, to_answers(q, choice), na, targets)
    expected = design_scores(q, choice, na, targets)
    for function in card.functions:
        assert close(function.score, expected["functions"][function.id]), function.id
        assert close(function.maximum, expected["maxima"][function.id]), function.id
        for practice in function.practices:
            assert close(practice.score, expected["practices"][practice.id]), practice.id
            assert close(practice.maximum, expected["maxima"][practice.id]), practice.id
            assert close(practice.gap, expected["gaps"].get(practice.id)), practice.id
            for stream in practice.streams:
                assert close(stream.score, expected["streams"][stream.id]), stream.id
                assert close(stream.maximum, expected["maxima"][stream.id]), stream.id
    assert close(card.overall, expected["overall"])
    assert close(card.percent_to_target, expected["percent_to_target"])
    assert (card.answered, card.total) == (expected["answered"], len(q.activities))
