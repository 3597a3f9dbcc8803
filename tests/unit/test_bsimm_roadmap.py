"""BSIMM's planner: next activities by data-pool frequency, then level, then effort; prerequisites first."""

from __future__ import annotations

from typing import Any

from assess.core.model import Answers, Questionnaire
from assess.core.roadmap import plan
from assess.core.targets import Targets
from assess.files.loading import load_questionnaire
from tests.conftest import DATA

Q = load_questionnaire(DATA / "bsimm-odd.yaml")


def answers(chosen: dict[str, str] | None = None, q: Questionnaire = Q) -> Answers:
    data: dict[str, Any] = {"format": 1, "questionnaire": q.id, "version": q.version, "answers": chosen or {}}
    return Answers.model_validate(data)


def steps(chosen: dict[str, str] | None, targets: dict[str, float], **options: Any) -> list[tuple[str, bool]]:
    roadmap = plan(Q, answers(chosen), Targets(targets, "--target"), **options)
    return [(s.activity, s.for_target) for s in roadmap.steps]


def test_the_most_common_activities_come_first() -> None:
    # SM counts: SM1.1 18, SM1.3 18, SM1.2 12, SM1.5 9, SM1.4 3, SM3.1 1. SM1.1 and SM1.3 tie on
    # count and level; SM1.3 has the smaller effort (1 day against 2).
    assert steps(None, {"SM": 3}) == [("SM1.3", True), ("SM1.1", True), ("SM1.2", True)]


def test_observed_and_na_activities_are_never_planned() -> None:
    chosen = {"SM1.3": "observed", "SM1.1": "n/a"}
    assert steps(chosen, {"SM": 3}) == [("SM1.2", True), ("SM1.5", True)]


def test_levels_break_ties_in_count_and_no_level_waits_for_a_lower_one() -> None:
    # CP counts: CP1.1 15, CP2.1 11, CP2.2 4, CP3.1 2. CP2.1 is planned alone: BSIMM is not a ladder.
    assert steps({"CP1.1": "observed"}, {"CP": 2}) == [("CP2.1", True)]


def test_a_prerequisite_comes_first_even_from_another_practice() -> None:
    # SM3.1 requires CP1.1; with everything else in SM observed, SM3.1 is the only way to SM 6.
    chosen = {f"SM1.{n}": "observed" for n in range(1, 6)}
    assert steps(chosen, {"SM": 6}) == [("CP1.1", False), ("SM3.1", True)]


def test_uncounted_activities_come_after_counted_ones() -> None:
    assert steps(None, {"PT": 2}) == [("PT2.1", True), ("PT2.2", True)]


def test_projections_count_activities_and_an_na_gap_is_unreachable() -> None:
    roadmap = plan(Q, answers({"PT2.2": "n/a"}), Targets({"PT": 2, "CP": 1}, "--target"), phases=2)
    assert [p.scores_after.practice("CP").score for p in roadmap.phases] == [1, 1]
    assert roadmap.final.overall == 2
    assert dict(roadmap.unreachable) == {"PT": 1}
    assert roadmap.remaining_gap == {"PT": 1}
