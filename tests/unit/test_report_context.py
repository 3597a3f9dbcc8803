"""What the report templates are given: numbers copied from the core, highlights that make sense."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from assess.core.model import Answers, Questionnaire
from assess.core.roadmap import plan
from assess.core.targets import Targets
from assess.files.discovery import builtin_questionnaires
from assess.files.loading import cached_questionnaire
from assess.report import render_html_text
from assess.report.context import ReportInput, build_context

DATA = Path(__file__).parent.parent / "data"
API_SAMM = next(q for q in builtin_questionnaires() if q.id == "api-samm")
ODD = cached_questionnaire(DATA / "odd-questionnaire.yaml")


def context(q: Questionnaire, chosen: dict[str, str], targets: dict[str, float]) -> dict[str, object]:
    answers = Answers.model_validate({"format": 1, "questionnaire": q.id, "version": q.version, "answers": chosen})
    road = plan(q, answers, Targets(targets, "--target"))
    return build_context(ReportInput(q, answers, "team.yaml", road, dt.date(2026, 1, 1)))


def ids(rows: object) -> set[str]:
    return {row["id"] for row in rows}  # type: ignore[attr-defined, index]


def test_strongest_and_weakest_never_share_a_practice() -> None:
    odd = context(ODD, {"one-1": "full", "three-a-1": "yep"}, {})
    assert len(ids(odd["strongest"])) == len(ids(odd["weakest"])) == 1  # 3 practices: one of each
    assert not ids(odd["strongest"]) & ids(odd["weakest"])
    full = context(API_SAMM, {"G-SM-A-1": "all", "D-TA-A-1": "most", "I-SB-A-1": "most"}, {})
    assert len(full["weakest"]) == 3  # type: ignore[arg-type]
    assert not ids(full["strongest"]) & ids(full["weakest"])


def test_a_practice_at_zero_is_never_among_the_strongest() -> None:
    blank = context(API_SAMM, {"G-SM-A-1": "some"}, {})
    assert ids(blank["strongest"]) == {"G-SM"}


def test_without_targets_the_charts_show_no_plan() -> None:
    blank = context(ODD, {}, {})
    charts = blank["charts"]
    assert "after the plan" not in charts["functions"]  # type: ignore[index]
    assert charts["progress"] is None  # type: ignore[index]


def test_a_report_whose_targets_are_met_has_no_empty_phases() -> None:
    answers = Answers.model_validate(
        {"format": 1, "questionnaire": ODD.id, "version": ODD.version, "answers": {"one-1": "full"}}
    )
    road = plan(ODD, answers, Targets({"P-ONE": 1}, "--target"))
    html = render_html_text(ODD, answers, "team.yaml", road, today=dt.date(2026, 1, 1))
    assert "Every target is already met: there is nothing to plan." in html
    assert 'id="phase-1"' not in html
    assert "Nothing left to plan" not in html
