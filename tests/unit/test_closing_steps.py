"""Closing steps: a finding on an answer already at its top option gets a step that changes no answer.

Its effort is the activity's range times the share of quality criteria left unticked, at least a
quarter; it goes among the findings by severity, after the lower levels it needs, for SAMM and BSIMM.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from assess.core.model import Answers, Questionnaire
from assess.core.roadmap import plan
from assess.core.roadmap.plan import CLOSING_FLOOR
from assess.core.roadmap.priority import RULE
from assess.core.targets import Targets
from assess.documents.roadmap import roadmap_data
from assess.files.loading import cached_questionnaire

DATA = Path(__file__).parent.parent / "data"
CLOSING = cached_questionnaire(DATA / "closing-questionnaire.yaml")
BSIMM_ODD = cached_questionnaire(DATA / "bsimm-odd.yaml")


def answers_for(q: Questionnaire, entries: dict[str, Any], estate: dict[str, int] | None = None) -> Answers:
    data: dict[str, Any] = {"format": 1, "questionnaire": q.id, "version": q.version, "answers": entries}
    if estate is not None:
        data["estate"] = estate
    return Answers.model_validate(data)


def test_a_finding_at_its_top_answer_gets_a_phase_1_closing_step_sized_by_its_unmet_criteria() -> None:
    answers = answers_for(
        CLOSING,
        {
            "c-1": "full",
            "c-2": {"answer": "full", "criteria": [True, False, True, False], "finding": "high"},
            "n-1": "half",
        },
    )
    road = plan(CLOSING, answers, Targets({"PN": 1.0}, "--target"), phases=2)
    first = road.phases[0].steps[0]
    assert first.activity == "c-2" and first.closes_finding and first.closing is not None
    assert (first.from_answer, first.from_value) == (first.to_answer, first.to_value) == ("full", 1.0)
    assert (first.closing.unmet, first.closing.criteria) == (2, 4)
    assert first.effort_range == (4.0, 8.0) and first.effort == 6.0  # half of 8-16: two of four unmet
    assert first.role == "appsec" and first.requires == ()
    finding = road.findings[0]
    assert (finding.activity, finding.status, finding.phase) == ("c-2", "planned", 1)
    # No score moves: the phase that holds the closing step scores as the start did, bar the raise of n-1.
    assert road.phases[0].scores_after.practice("PC").score == road.start.practice("PC").score


def test_every_criterion_ticked_or_none_listed_takes_a_quarter_and_the_estate_scales_it() -> None:
    entries = {
        "c-1": "full",
        "c-2": {"answer": "full", "criteria": [True, True, True, True], "finding": "low"},
        "n-1": {"answer": "full", "finding": "medium"},
    }
    road = plan(CLOSING, answers_for(CLOSING, entries), Targets({}, "--target"))
    steps = {s.activity: s for s in road.steps}
    assert [s.activity for s in road.steps] == ["n-1", "c-2"]  # medium before low
    assert steps["c-2"].effort_range == (8 * CLOSING_FLOOR, 16 * CLOSING_FLOOR)
    assert steps["n-1"].effort_range == (6 * CLOSING_FLOOR, 6 * CLOSING_FLOOR)
    assert road.final.overall == road.start.overall and road.effort == pytest.approx(1.5 + 3.0)
    scaled = plan(CLOSING, answers_for(CLOSING, entries, {"apis": 20, "teams": 2}), Targets({}, "--target"))
    factor = scaled.scale.factor
    assert factor == pytest.approx(0.2 + 0.5 * 2 + 0.3 * 1)
    assert scaled.steps[1].effort_range == pytest.approx((8 * CLOSING_FLOOR * factor, 16 * CLOSING_FLOOR * factor))


def test_a_closing_step_waits_for_the_lower_levels_of_its_stream() -> None:
    answers = answers_for(CLOSING, {"c-1": "none", "c-2": {"answer": "full", "finding": "critical"}})
    road = plan(CLOSING, answers, Targets({}, "--target"))
    assert [(s.activity, s.closes_finding) for s in road.steps] == [("c-1", False), ("c-2", True)]
    assert road.steps[1].requires == ("c-1",)
    assert road.steps[0].priority is not None and road.steps[0].priority.before == "c-2"


def test_capacity_can_leave_a_closing_step_unscheduled_and_the_finding_says_so() -> None:
    answers = answers_for(CLOSING, {"c-1": "full", "c-2": {"answer": "full", "finding": "high"}})
    road = plan(CLOSING, answers, Targets({}, "--target"), phases=1, capacity=1.0)
    assert [s.activity for s in road.unscheduled] == ["c-2"]
    assert road.findings[0].status == "unscheduled"


def test_an_na_finding_still_gets_no_step() -> None:
    answers = answers_for(CLOSING, {"n-1": {"answer": "n/a", "finding": "high"}})
    road = plan(CLOSING, answers, Targets({}, "--target"))
    assert not road.steps and road.findings[0].status == "n/a"


def test_the_json_marks_a_closing_step_and_says_why_it_is_there() -> None:
    answers = answers_for(CLOSING, {"c-1": "full", "c-2": {"answer": "full", "criteria": [True], "finding": "high"}})
    doc = roadmap_data(plan(CLOSING, answers, Targets({}, "--target")), "team.yaml", answers)
    step = doc["phases"][0]["steps"][0]
    assert step["closes_finding"] is True and step["from"] == step["to"]
    assert step["closing"] == {"unmet_criteria": 3, "criteria": 4, "effort_share": 0.75}
    assert "answer already at its top; " in step["why"][1]
    assert "3 of 4 quality criteria unmet: 75% of the activity's effort" in step["why"][1]
    assert any("closing step" in line for line in RULE) and any("closing step" in s for s in doc["method_text"])


def test_bsimm_an_observed_finding_gets_a_closing_step_that_counts_nothing_towards_a_target() -> None:
    answers = answers_for(BSIMM_ODD, {"SM1.4": {"answer": "observed", "finding": "high"}})
    road = plan(BSIMM_ODD, answers, Targets({"SM": 2.0}, "--target"))
    first = road.steps[0]
    assert first.activity == "SM1.4" and first.closes_finding and first.from_answer == first.to_answer
    raised = [s.activity for s in road.steps if not s.closes_finding and s.practice == "SM"]
    assert len(raised) == 1  # SM1.4 was observed already: one more activity reaches a target of 2
    assert road.findings[0].status == "planned" and road.final.practice("SM").score == 2.0
