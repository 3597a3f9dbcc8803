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


# Findings and must-haves: issue 10's ordering applies to the BSIMM method too.


def odd_with_profile(must_have: list[str], targets: dict[str, float]) -> Questionnaire:
    import yaml

    data = yaml.safe_load((DATA / "bsimm-odd.yaml").read_text(encoding="utf-8"))
    data["profiles"] = {"floor": {"targets": targets, "must_have": must_have}}
    return Questionnaire.model_validate(data)


def flagged(findings: dict[str, str], q: Questionnaire = Q) -> Answers:
    entries = {a: {"answer": "not-observed", "finding": severity} for a, severity in findings.items()}
    return answers(entries, q)  # type: ignore[arg-type]


def test_a_rare_finding_comes_first_and_counts_towards_its_practice_target() -> None:
    # SM1.4 is done by 3 firms only: as a finding it leads, and it fills one of the three SM places.
    road = plan(Q, flagged({"SM1.4": "high"}), Targets({"SM": 3}, "--target"))
    assert [s.activity for s in road.steps] == ["SM1.4", "SM1.3", "SM1.1"]
    assert road.steps[0].priority is not None and road.steps[0].priority.tier == "finding"
    assert road.findings[0].status == "planned" and road.findings[0].phase == 1


def test_findings_go_most_severe_first_each_after_what_it_requires() -> None:
    road = plan(Q, flagged({"SM1.5": "low", "SM3.1": "critical", "CP3.1": "medium"}), Targets({"SM": 1}, "--target"))
    # SM 1 is met by the findings themselves: no gap step (SM1.3, the most common) is added.
    assert [s.activity for s in road.steps] == ["CP1.1", "SM3.1", "CP3.1", "SM1.5"]
    prerequisite = road.steps[0].priority
    assert prerequisite is not None and prerequisite.tier == "finding" and prerequisite.before == "SM3.1"
    assert road.beyond is None


def test_must_haves_come_after_findings_and_before_the_gaps_even_without_a_target() -> None:
    # CP has no target, yet CP3.1 is a must-have of the profile the targets come from.
    q = odd_with_profile(["CP3.1", "PT2.2"], {"SM": 2})
    road = plan(q, flagged({"SM1.4": "medium"}, q), Targets({"SM": 2}, "profile floor", "floor"))
    assert [s.activity for s in road.steps] == ["SM1.4", "CP3.1", "PT2.2", "SM1.3"]
    assert [(m.activity, m.status) for m in road.must_haves] == [("CP3.1", "planned"), ("PT2.2", "planned")]
    assert not road.unmet_must_haves


def test_a_bsimm_step_says_how_common_it_is_in_the_pool() -> None:
    from assess.documents.roadmap import roadmap_data

    road = plan(Q, answers(), Targets({"SM": 1}, "--target"))
    doc = roadmap_data(road, "team.yaml", answers())
    assert doc["phases"][0]["steps"][0]["why"] == ["done by 18 of the 20 firms of Test pool; SM 0 observed, target 1"]
    assert "exposure" not in doc  # BSIMM ranks by the data pool, not by exposure x risk
    assert any("most firms of the data pool" in line for line in doc["method_text"])
