"""The roadmap engine on hand-made cases: targets, which steps, their order, phases and capacity."""

from __future__ import annotations

from pathlib import Path

import pytest

from assess.core.model import Answers, Questionnaire
from assess.core.problems import InputError
from assess.core.roadmap import balanced_cuts, capacity_groups, plan
from assess.core.targets import Targets, parse_target, resolve_targets
from assess.files.discovery import builtin_questionnaires
from assess.files.loading import cached_questionnaire

DATA = Path(__file__).parent.parent / "data"
API_SAMM = next(q for q in builtin_questionnaires() if q.id == "api-samm")
ODD = cached_questionnaire(DATA / "odd-questionnaire.yaml")
SHAPES = cached_questionnaire(DATA / "roadmap-questionnaire.yaml")
PRIORITY = cached_questionnaire(DATA / "priority-questionnaire.yaml")


def answers(q: Questionnaire, chosen: dict[str, str] | None = None, targets: dict[str, float] | None = None) -> Answers:
    return Answers.model_validate(
        {"format": 1, "questionnaire": q.id, "version": q.version, "answers": chosen or {}, "targets": targets or {}}
    )


def ids(steps: object) -> list[str]:
    return [s.activity for s in steps]  # type: ignore[attr-defined]


# --- targets -------------------------------------------------------------------------------------


def test_targets_come_from_the_command_line_first() -> None:
    a = answers(API_SAMM, targets={"G-SM": 1})
    targets = resolve_targets(API_SAMM, a, overrides={"D-TA": 2.5})
    assert dict(targets.values) == {"D-TA": 2.5}
    assert targets.source == "--target"


def test_targets_then_come_from_the_answers_file() -> None:
    targets = resolve_targets(API_SAMM, answers(API_SAMM, targets={"G-SM": 1}))
    assert dict(targets.values) == {"G-SM": 1}
    assert targets.source == "answers file"


def test_targets_last_come_from_the_default_profile() -> None:
    targets = resolve_targets(API_SAMM, answers(API_SAMM))
    assert dict(targets.values) == dict(API_SAMM.profiles["public"].targets)
    assert targets.profile == "public"
    assert "default" in targets.source


def test_a_profile_can_be_refined_with_single_targets() -> None:
    targets = resolve_targets(API_SAMM, answers(API_SAMM), overrides={"D-TA": 3}, profile="internal")
    expected = {**API_SAMM.profiles["internal"].targets, "D-TA": 3}
    assert dict(targets.values) == expected
    assert targets.source == "profile internal + --target"


def test_no_targets_at_all_without_a_default_profile() -> None:
    targets = resolve_targets(ODD, answers(ODD))
    assert dict(targets.values) == {}
    assert plan(ODD, answers(ODD), targets).steps == ()


@pytest.mark.parametrize(
    ("overrides", "profile", "message"),
    [
        ({"NOPE": 1}, None, "unknown practice 'NOPE'"),
        ({"D-TA": 3.5}, None, "out of range; use 0 to 3"),
        ({"D-TA": -1}, None, "out of range"),
        ({}, "missing", "unknown profile 'missing'"),
    ],
)
def test_bad_targets_are_input_errors(overrides: dict[str, float], profile: str | None, message: str) -> None:
    with pytest.raises(InputError) as caught:
        resolve_targets(API_SAMM, answers(API_SAMM), overrides=overrides, profile=profile, file="team.yaml")
    assert message in str(caught.value)
    assert str(caught.value.problems[0]).startswith("team.yaml: ")


def test_bad_targets_in_the_answers_file_are_input_errors() -> None:
    with pytest.raises(InputError, match="unknown practice 'XX'"):
        resolve_targets(API_SAMM, answers(API_SAMM, targets={"XX": 1}))


@pytest.mark.parametrize("text", ["D-TA", "=2", "D-TA=high", "D-TA=nan", "D-TA=inf"])
def test_parse_target_rejects_malformed_text(text: str) -> None:
    with pytest.raises(ValueError, match="--target"):
        parse_target(text)


def test_parse_target() -> None:
    assert parse_target(" D-TA = 2.5") == ("D-TA", 2.5)


# --- which steps ---------------------------------------------------------------------------------


def test_a_target_needs_every_activity_up_to_its_level_in_every_stream_and_stops_there() -> None:
    road = plan(API_SAMM, answers(API_SAMM), Targets({"D-TA": 1.5}, "--target"))
    assert road.beyond is not None
    planned = [*ids(road.steps), *ids(road.beyond.steps)]
    assert sorted(planned) == ["D-TA-A-1", "D-TA-A-2", "D-TA-B-1", "D-TA-B-2", "G-SM-A-1"]
    assert [s.activity for s in road.steps if not s.for_target] == ["G-SM-A-1"]  # D-TA-A-2 requires it
    # Three of the four D-TA steps reach 1.5; the fourth would take D-TA to 2: it is listed apart.
    assert road.final.practice("D-TA").score == pytest.approx(1.5)
    assert len(road.beyond.steps) == 1 and road.beyond.steps[0].beyond_target
    assert road.beyond.scores_after.practice("D-TA").score == pytest.approx(2.0)
    assert road.effort == pytest.approx(sum(s.effort for s in road.steps))


def test_activities_already_at_the_top_or_not_applicable_are_never_planned() -> None:
    a = answers(API_SAMM, {"D-TA-A-1": "most", "D-TA-B-1": "n/a"})
    road = plan(API_SAMM, a, Targets({"D-TA": 1}, "--target"))
    assert "D-TA-A-1" not in ids(road.steps)
    assert "D-TA-B-1" not in ids(road.steps)


def test_a_practice_at_its_target_gets_no_steps() -> None:
    a = answers(API_SAMM, {"D-TA-A-1": "most", "D-TA-B-1": "most"})
    road = plan(API_SAMM, a, Targets({"D-TA": 1}, "--target"))
    assert road.steps == ()
    assert road.remaining_gap == {}


def test_an_n_a_answer_that_blocks_a_target_is_named() -> None:
    a = answers(API_SAMM, {"D-TA-A-1": "n/a", "D-TA-A-2": "n/a", "D-TA-A-3": "n/a"})
    road = plan(API_SAMM, a, Targets({"D-TA": 2.5}, "--target"))
    assert set(road.unreachable) == {"D-TA"}
    assert set(road.remaining_gap) == {"D-TA"}
    excluded = plan(API_SAMM, a, Targets({"D-TA": 2.5}, "--target"), na="exclude")
    assert excluded.remaining_gap == {}


def test_missing_levels_and_low_tops_plan_the_next_level_until_the_target_is_met() -> None:
    road = plan(SHAPES, answers(SHAPES), Targets({"PC": 1}, "--target"))
    planned = ids(road.steps)
    assert {"c1-1", "c1-2", "c2-3"} <= set(planned)
    assert road.final.practice("PC").score == pytest.approx(1.3)


def test_prerequisites_outside_the_targeted_practices_are_added_and_marked() -> None:
    road = plan(ODD, answers(ODD), Targets({"P-ONE": 1.5}, "--target"))
    steps = {s.activity: s for s in road.steps}
    assert steps["three-a-1"].for_target is False
    assert steps["one-3"].requires == ("one-1", "three-a-1")
    order = ids(road.steps)
    assert order.index("three-a-1") < order.index("one-3")


def test_missing_effort_counts_as_one_person_day() -> None:
    road = plan(SHAPES, answers(SHAPES), Targets({"PA": 1.5}, "--target"))
    step = next(s for s in road.steps if s.activity == "a2-2")
    assert step.effort == 1


# --- order ---------------------------------------------------------------------------------------


def test_the_practice_with_the_larger_gap_goes_first() -> None:
    a = answers(API_SAMM, {"D-TA-A-1": "half", "D-TA-B-1": "some"})  # D-TA at 0.375, V-ST at 0
    road = plan(API_SAMM, a, Targets({"D-TA": 1, "V-ST": 1}, "--target"), phases=1)
    assert ids(road.steps)[0].startswith("V-ST")


def test_equal_priorities_go_lower_level_first_then_quick_wins() -> None:
    # QUIET's activities probe no risk: with one gap weight they differ only by level and effort.
    road = plan(PRIORITY, answers(PRIORITY), Targets({"QUIET": 2}, "--target"), phases=1)
    assert ids(road.steps) == ["q-a-1", "q-b-1", "q-a-2", "r-b-1", "q-b-2"]


def test_a_prerequisite_is_as_urgent_as_the_step_waiting_for_it() -> None:
    # a1-1 (level 1 of PA) requires b1-3 (level 3 of PB, 30 days): the whole B1 ladder comes first.
    road = plan(SHAPES, answers(SHAPES), Targets({"PA": 1}, "--target"), phases=1)
    order = ids(road.steps)
    assert order.index("b1-3") < order.index("a1-1")
    assert order.index("c1-2") < order.index("b1-2") < order.index("b1-3")


# --- phases --------------------------------------------------------------------------------------


def test_balanced_cuts() -> None:
    assert balanced_cuts([5, 5, 5, 5], 2) == [2, 4]
    assert balanced_cuts([10, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1], 2) == [1, 11]
    assert balanced_cuts([], 3) == [0, 0, 0]
    assert balanced_cuts([0, 0, 0, 0], 2) == [2, 4]


def test_balanced_cuts_never_leave_an_early_phase_empty() -> None:
    # More phases than steps: one step per phase, the empty phases last (phase 1 was empty before).
    assert balanced_cuts([5], 3) == [1, 1, 1]
    assert balanced_cuts([1, 1], 4) == [1, 2, 2, 2]
    # A step far bigger than the rest still leaves every phase some work.
    assert balanced_cuts([0, 0, 5], 3) == [1, 2, 3]
    assert balanced_cuts([1, 1, 1, 1, 100], 3) == [3, 4, 5]


def test_capacity_fills_each_phase_in_priority_order() -> None:
    no_requires: list[list[int]] = [[], [], []]
    assert capacity_groups([3, 3, 3], no_requires, 2, 6) == [[0, 1], [2]]
    # A step too big for any phase is skipped; smaller ones behind it still fill the phase.
    assert capacity_groups([3, 9, 1], no_requires, 3, 6) == [[0, 2], [], []]


def test_capacity_never_pulls_a_step_ahead_of_its_prerequisites() -> None:
    # Step 2 needs step 1, which does not fit in phase 1: step 2 waits for phase 2.
    assert capacity_groups([4, 5, 1], [[], [], [1]], 2, 6) == [[0], [1, 2]]
    # Step 1 can never fit, so step 2 that needs it never comes.
    assert capacity_groups([1, 9, 1], [[], [], [1]], 3, 6) == [[0], [], []]


def test_capacity_leaves_a_remaining_gap() -> None:
    road = plan(API_SAMM, answers(API_SAMM), Targets({"D-TA": 2}, "--target"), phases=2, capacity=10)
    assert all(p.effort <= 10 for p in road.phases)
    assert road.unscheduled
    assert road.remaining_gap["D-TA"] > 0
    assert road.unscheduled_effort == sum(s.effort for s in road.unscheduled)


def test_every_phase_reports_scores_after_it() -> None:
    road = plan(API_SAMM, answers(API_SAMM), resolve_targets(API_SAMM, answers(API_SAMM)))
    assert [p.number for p in road.phases] == [1, 2, 3, 4]
    assert road.phases[-1].percent_to_target_after == pytest.approx(1.0)
    assert road.start.percent_to_target == pytest.approx(0.0)


@pytest.mark.parametrize(("phases", "capacity"), [(0, None), (2, 0.0), (2, -3.0), (2, float("nan")), (2, float("inf"))])
def test_plan_rejects_impossible_options(phases: int, capacity: float | None) -> None:
    with pytest.raises(ValueError, match="must be"):
        plan(API_SAMM, answers(API_SAMM), Targets({}, "none"), phases=phases, capacity=capacity)


def test_percent_to_target_shows_100_only_when_met() -> None:
    from assess.core.display import fmt_percent

    assert [fmt_percent(v) for v in (None, 0.0, 0.114, 0.5, 0.996, 1.0)] == ["–", "0%", "11%", "50%", "99%", "100%"]
    assert fmt_percent(0.57) == "57%"  # 0.57 * 100 is 56.99999999999999 in floating point
