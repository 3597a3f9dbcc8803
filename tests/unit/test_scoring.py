"""Scores against values computed by hand (the SAMM Toolbox formulas)."""

from __future__ import annotations

from typing import Any

import pytest

from assess.core.model import Answers, Questionnaire
from assess.core.scoring import percent_to_target, progress, score
from tests.conftest import option_with_value


def answers_for(q: Questionnaire, answers: dict[str, Any], targets: dict[str, float] | None = None) -> Answers:
    return Answers.model_validate(
        {"format": 1, "questionnaire": q.id, "version": q.version, "answers": answers, "targets": targets or {}}
    )


def test_samm_secure_build_example(api_samm: Questionnaire) -> None:
    """SAMM's published example: stream A 0.25/0/0, stream B 1/0/0 -> practice 0.625."""
    given = {
        "I-SB-A-1": option_with_value(api_samm, "I-SB-A-1", 0.25),
        "I-SB-A-2": option_with_value(api_samm, "I-SB-A-2", 0),
        "I-SB-A-3": option_with_value(api_samm, "I-SB-A-3", 0),
        "I-SB-B-1": option_with_value(api_samm, "I-SB-B-1", 1),
        "I-SB-B-2": option_with_value(api_samm, "I-SB-B-2", 0),
        "I-SB-B-3": option_with_value(api_samm, "I-SB-B-3", 0),
    }
    card = score(api_samm, answers_for(api_samm, given))
    practice = card.practice("I-SB")
    assert [s.score for s in practice.streams] == [0.25, 1.0]
    assert practice.score == pytest.approx(0.625, abs=0)
    implementation = next(f for f in card.functions if f.id == "I")
    assert implementation.score == pytest.approx(0.625 / 3)
    assert card.overall == pytest.approx(0.625 / 3 / 5)
    assert card.answered == 6
    assert card.total == 90


def test_everything_at_the_top_scores_three(api_samm: Questionnaire) -> None:
    top = {a.id: api_samm.options_for(a)[-1].id for a in api_samm.activities}
    card = score(api_samm, answers_for(api_samm, top))
    assert card.overall == 3
    assert {p.score for p in card.practices} == {3}
    assert card.answered == card.total == 90


def test_nothing_answered_scores_zero(api_samm: Questionnaire) -> None:
    card = score(api_samm, answers_for(api_samm, {}))
    assert card.overall == 0
    assert card.answered == 0
    assert card.percent_to_target is None


def test_no_gating_a_level_three_answer_counts_alone(api_samm: Questionnaire) -> None:
    card = score(api_samm, answers_for(api_samm, {"D-TA-B-3": option_with_value(api_samm, "D-TA-B-3", 1)}))
    assert card.practice("D-TA").score == 0.5


def test_odd_shapes(odd: Questionnaire) -> None:
    """One-stream and three-stream practices, missing levels and a five-option scale."""
    card = score(odd, answers_for(odd, {"one-1": "much", "one-3": "yep", "three-a-1": "n/a", "three-c-3": "full"}))
    assert card.practice("P-ONE").score == pytest.approx(1.7)
    assert card.practice("P-THREE").score == pytest.approx(1 / 3)
    assert card.functions[0].score == pytest.approx((1.7 + 1 / 3) / 2)
    assert card.practice("P-TWO").score == 0
    assert card.overall == pytest.approx((1.7 + 1 / 3) / 2 / 2)
    assert card.answered == 4
    assert card.total == 10


def test_na_scores_zero_by_default_like_the_toolbox(odd: Questionnaire) -> None:
    given = {"three-a-1": "n/a", "three-a-2": "much"}
    card = score(odd, answers_for(odd, given))
    assert card.na == "zero"
    assert card.practice("P-THREE").streams[0].score == pytest.approx(0.7)


def test_na_exclude_scales_the_stream_up(odd: Questionnaire) -> None:
    given = {"three-a-1": "n/a", "three-a-2": "much"}
    card = score(odd, answers_for(odd, given), na="exclude")
    # 0.7 over the one applicable activity, scaled to the stream's two activities.
    assert card.practice("P-THREE").streams[0].score == pytest.approx(1.4)
    assert card.practice("P-THREE").score == pytest.approx(1.4 / 3)


def test_na_exclude_drops_a_stream_with_nothing_applicable(odd: Questionnaire) -> None:
    given = {"two-a-2": "n/a", "two-b-1": "some"}
    zero = score(odd, answers_for(odd, given))
    excluded = score(odd, answers_for(odd, given), na="exclude")
    assert zero.practice("P-TWO").score == pytest.approx(0.2)
    assert excluded.practice("P-TWO").streams[0].score is None
    assert excluded.practice("P-TWO").score == pytest.approx(0.4)


def test_na_exclude_drops_a_practice_with_nothing_applicable(odd: Questionnaire) -> None:
    given = {"two-a-2": "n/a", "two-b-1": "n/a", "one-1": "full"}
    card = score(odd, answers_for(odd, given), na="exclude")
    assert card.practice("P-TWO").score is None
    assert card.functions[1].score is None
    # The second function leaves the overall mean: only the first function counts.
    assert card.overall == card.functions[0].score


def test_na_exclude_can_lift_a_practice_above_its_all_streams_maximum(odd: Questionnaire) -> None:
    """DESIGN's rule on a practice with unequal streams: the dropped short stream no longer pulls the mean down."""
    given = {"three-a-1": "n/a", "three-a-2": "full", "three-b-2": "n/a"}
    given |= {"three-c-1": "full", "three-c-2": "full", "three-c-3": "full"}
    card = score(odd, answers_for(odd, given), na="exclude")
    # Stream A: 1 x 2 / 1 = 2; stream B: nothing applicable, left out; stream C: 3.
    assert [s.score for s in card.practice("P-THREE").streams] == [2, None, 3]
    assert card.practice("P-THREE").score == 2.5
    assert odd.practice_max["P-THREE"] == 2  # (2 + 1 + 3) / 3 over all streams
    # With n/a scored 0: (1 + 0 + 3) / 3.
    assert score(odd, answers_for(odd, given)).practice("P-THREE").score == pytest.approx(4 / 3)


def test_targets_gap_and_percent_to_target(odd: Questionnaire) -> None:
    given = {"one-1": "much", "one-3": "yep", "three-c-3": "full"}
    card = score(odd, answers_for(odd, given, targets={"P-ONE": 2, "P-THREE": 1}))
    assert card.practice("P-ONE").gap == pytest.approx(0.3)
    assert card.practice("P-THREE").gap == pytest.approx(2 / 3)
    assert card.practice("P-TWO").gap is None
    assert card.percent_to_target == pytest.approx(1 - (0.3 + 2 / 3) / 3)


def test_over_achievement_earns_no_credit(odd: Questionnaire) -> None:
    card = score(odd, answers_for(odd, {"one-1": "full", "one-3": "yep"}, targets={"P-ONE": 1, "P-TWO": 1}))
    assert card.practice("P-ONE").gap == 0
    # P-ONE is 2 (over its target of 1), P-TWO is 0: only P-TWO's gap counts.
    assert percent_to_target(card.practices) == pytest.approx(1 - 1 / 2)


def test_targets_argument_overrides_the_file(odd: Questionnaire) -> None:
    answers = answers_for(odd, {}, targets={"P-ONE": 1})
    card = score(odd, answers, targets={"P-TWO": 1})
    assert card.practice("P-ONE").target is None
    assert card.practice("P-TWO").target == 1


def test_progress_between_assessments() -> None:
    assert progress(1.5, 1.0, 2.0) == pytest.approx(0.5)
    assert progress(1.0, 1.0, 1.0) is None
