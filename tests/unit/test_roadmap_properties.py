"""Property tests of the roadmap engine (hypothesis): the plan's promises hold for any answers and targets."""

from __future__ import annotations

import itertools
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assess.core.model import NOT_APPLICABLE, Answers, Questionnaire
from assess.core.roadmap import plan
from assess.core.targets import EPSILON, Targets
from assess.files.discovery import builtin_questionnaires
from assess.files.loading import cached_questionnaire

DATA = Path(__file__).parent.parent / "data"
API_SAMM = next(q for q in builtin_questionnaires() if q.id == "api-samm")
ODD = cached_questionnaire(DATA / "odd-questionnaire.yaml")
SHAPES = cached_questionnaire(DATA / "roadmap-questionnaire.yaml")


class Case:
    """One drawn input; a plain class so that a failing example prints briefly."""

    def __init__(self, q: Questionnaire, answers: Answers, targets: Targets, na: str, chosen: dict[str, str]) -> None:
        self.q, self.answers, self.targets, self.na, self.chosen = q, answers, targets, na, chosen

    def __iter__(self) -> Iterator[Any]:
        return iter((self.q, self.answers, self.targets, self.na))

    def __repr__(self) -> str:
        return f"Case(q={self.q.id}, na={self.na}, targets={dict(self.targets.values)}, answers={self.chosen})"


QUESTIONNAIRES = {"api-samm": API_SAMM, "odd": ODD, "shapes": SHAPES}


@st.composite
def cases(draw: st.DrawFn, name: str) -> Case:
    """Any answers (unanswered, n/a or any option), any targets within range, either n/a mode."""
    q = QUESTIONNAIRES[name]
    answers: dict[str, str] = {}
    for activity in q.activities:
        options = [o.id for o in q.options_for(activity)]
        choice = draw(st.sampled_from([None, NOT_APPLICABLE, *options]))
        if choice is not None:
            answers[activity.id] = choice
    targets: dict[str, float] = {}
    for practice, top in q.practice_max.items():
        if draw(st.booleans()):
            targets[practice] = draw(st.floats(min_value=0, max_value=top, allow_nan=False))
    na = draw(st.sampled_from(["zero", "exclude"]))
    model = Answers.model_validate({"format": 1, "questionnaire": q.id, "version": q.version, "answers": answers})
    return Case(q, model, Targets(targets, "--target"), na, answers)


any_case = st.one_of(cases("api-samm"), cases("odd"), cases("shapes"))
PROPERTY_SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def raisable(q: Questionnaire, answers: Answers, activity_id: str) -> bool:
    chosen = answers.chosen(activity_id)
    activity = q.activity_by_id[activity_id]
    return chosen != NOT_APPLICABLE and chosen != q.options_for(activity)[-1].id


def must_come_first(q: Questionnaire, answers: Answers, activity_id: str) -> set[str]:
    """Recomputed from the questionnaire, independently of Step.requires."""
    activity = q.activity_by_id[activity_id]
    lower = {a.id for a in q.stream_of[activity_id].activities if a.level < activity.level}
    return {a for a in lower | set(activity.requires) if raisable(q, answers, a)}


@PROPERTY_SETTINGS
@given(any_case, st.integers(min_value=1, max_value=8), st.none() | st.floats(min_value=0.5, max_value=60))
def test_no_step_ever_precedes_a_prerequisite(case: Case, phases: int, capacity: float | None) -> None:
    q, answers, targets, na = case
    road = plan(q, answers, targets, phases=phases, capacity=capacity, na=na)  # type: ignore[arg-type]
    position = {s.activity: i for i, s in enumerate(road.steps)}
    assert len(position) == len(road.steps), "a step is planned twice"
    for step in road.steps:
        assert raisable(q, answers, step.activity), f"{step.activity} is already at the top or n/a"
        for prerequisite in must_come_first(q, answers, step.activity):
            assert prerequisite in position, f"{step.activity} is planned without its prerequisite {prerequisite}"
            assert position[prerequisite] < position[step.activity]


@PROPERTY_SETTINGS
@given(any_case, st.integers(min_value=1, max_value=8))
def test_with_unlimited_capacity_the_targets_are_met_after_the_last_phase(case: Case, phases: int) -> None:
    q, answers, targets, na = case
    road = plan(q, answers, targets, phases=phases, na=na)  # type: ignore[arg-type]
    has_na = any(e.answer == NOT_APPLICABLE for e in answers.answers.values())
    full_tops = all(options[-1].value == 1 for options in q.scales.values())
    # Only gaps that no plan could close may stay (n/a answers score 0, or in exclude mode a
    # scaled-up stream still falls short when its top answers are worth less than 1), and they are named.
    assert set(road.remaining_gap) == set(road.unreachable)
    if not has_na or (na == "exclude" and full_tops):
        assert road.remaining_gap == {}
        for practice in road.final.practices:
            if practice.target is not None and practice.score is not None:
                assert practice.score >= practice.target - EPSILON
    assert road.unscheduled == ()


@PROPERTY_SETTINGS
@given(any_case, st.integers(min_value=1, max_value=8))
def test_phases_effort_stays_balanced(case: Case, phases: int) -> None:
    q, answers, targets, na = case
    road = plan(q, answers, targets, phases=phases, na=na)  # type: ignore[arg-type]
    assert len(road.phases) == phases
    efforts = [s.effort for s in road.steps]
    if not efforts or sum(efforts) == 0:
        return
    mean = sum(efforts) / phases
    largest = max(efforts)
    for phase in road.phases:
        assert abs(phase.effort - mean) <= largest + EPSILON, (phase.number, phase.effort, mean, largest)


@PROPERTY_SETTINGS
@given(any_case, st.integers(min_value=1, max_value=12))
def test_no_phase_is_empty_while_a_later_one_has_steps(case: Case, phases: int) -> None:
    q, answers, targets, na = case
    road = plan(q, answers, targets, phases=phases, na=na)  # type: ignore[arg-type]
    sizes = [len(p.steps) for p in road.phases]
    expected_full = min(phases, len(road.steps))
    assert all(size > 0 for size in sizes[:expected_full]), sizes
    assert all(size == 0 for size in sizes[expected_full:]), sizes


@PROPERTY_SETTINGS
@given(
    any_case,
    st.integers(min_value=1, max_value=6),
    st.floats(min_value=0.5, max_value=80, allow_nan=False),
)
def test_capacity_is_never_exceeded_and_the_rest_is_reported(case: Case, phases: int, capacity: float) -> None:
    q, answers, targets, na = case
    unlimited = plan(q, answers, targets, phases=phases, na=na)  # type: ignore[arg-type]
    road = plan(q, answers, targets, phases=phases, capacity=capacity, na=na)  # type: ignore[arg-type]
    for phase in road.phases:
        assert phase.effort <= capacity + EPSILON
    # The same steps as without a capacity: each one either scheduled once or reported as left over.
    scheduled = [s.activity for s in road.steps]
    left = [s.activity for s in road.unscheduled]
    assert sorted(scheduled + left) == sorted(s.activity for s in unlimited.steps)
    # Nothing is left over that would still have fitted in the last phase.
    last = road.phases[-1]
    done = set(scheduled)
    for step in road.unscheduled:
        ready = all(r in done for r in step.requires)
        assert not (ready and last.effort + step.effort <= capacity - EPSILON), step.activity


@PROPERTY_SETTINGS
@given(any_case, st.integers(min_value=1, max_value=8))
def test_scores_and_percent_to_target_only_rise_phase_by_phase(case: Case, phases: int) -> None:
    q, answers, targets, na = case
    road = plan(q, answers, targets, phases=phases, na=na)  # type: ignore[arg-type]
    cards = [road.start, *(p.scores_after for p in road.phases)]
    for before, after in itertools.pairwise(cards):
        if before.overall is not None and after.overall is not None:
            assert after.overall >= before.overall - EPSILON
        if before.percent_to_target is not None and after.percent_to_target is not None:
            assert after.percent_to_target >= before.percent_to_target - EPSILON


def test_plan_is_the_same_whatever_the_hash_seed() -> None:
    """Set and dict order must not leak into the plan: two interpreters with other string hashes agree."""
    code = (
        "from assess.files.discovery import builtin_questionnaires\n"
        "from assess.core.model import Answers\n"
        "from assess.core.roadmap import plan\nfrom assess.core.targets import Targets\n"
        "q = next(q for q in builtin_questionnaires() if q.id == 'api-samm')\n"
        "a = Answers.model_validate({'format': 1, 'questionnaire': q.id, 'version': q.version})\n"
        "road = plan(q, a, Targets({'D-TA': 2, 'V-ST': 1.5, 'G-SM': 3}, 'x'), phases=3)\n"
        "print([[s.activity for s in p.steps] for p in road.phases])\n"
    )
    outputs = {
        subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        ).stdout
        for seed in ("1", "2")
    }
    assert len(outputs) == 1
    assert "D-TA-A-1" in outputs.pop()
