"""Properties of scoring that must hold for any answers (hypothesis)."""

from __future__ import annotations

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
