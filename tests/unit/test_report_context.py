"""What the report templates are given: numbers copied from the core, rankings that make sense, bounded text."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from assess.core.model import Answers, Questionnaire
from assess.core.roadmap import plan
from assess.core.targets import Targets
from assess.files.discovery import builtin_questionnaires
from assess.files.loading import cached_questionnaire
from assess.report import render_html_text, summary, text
from assess.report.assets import Assets
from assess.report.context import ReportInput, build_context
from assess.report.palette import palette_for

DATA = Path(__file__).parent.parent / "data"
API_SAMM = next(q for q in builtin_questionnaires() if q.id == "api-samm")
ODD = cached_questionnaire(DATA / "odd-questionnaire.yaml")
PALETTE = palette_for(Assets.for_template(None))


def answers_for(q: Questionnaire, chosen: dict[str, Any], **more: Any) -> Answers:
    return Answers.model_validate({"format": 1, "questionnaire": q.id, "version": q.version, "answers": chosen, **more})


def context(q: Questionnaire, chosen: dict[str, Any], targets: dict[str, float], **more: Any) -> dict[str, Any]:
    answers = answers_for(q, chosen, **more)
    road = plan(q, answers, Targets(targets, "--target"))
    return build_context(ReportInput(q, answers, "team.yaml", road, dt.date(2026, 1, 1)), PALETTE)


def ids(rows: Any) -> list[str]:
    return [row["id"] for row in rows]


def all_top(q: Questionnaire) -> dict[str, str]:
    return {
        a.id: q.options_for(a)[-1].id for f in q.functions for p in f.practices for s in p.streams for a in s.activities
    }


def test_strongest_and_weakest_never_share_a_practice() -> None:
    odd = context(ODD, {"one-1": "full", "three-a-1": "yep"}, {})["standing"]
    assert not set(ids(odd["strongest"])) & set(ids(odd["weakest"]))
    full = context(API_SAMM, {"G-SM-A-1": "all", "D-TA-A-1": "most", "I-SB-A-1": "most"}, {})["standing"]
    assert not set(ids(full["strongest"])) & set(ids(full["weakest"]))


def test_weakest_is_ranked_by_gap_then_score() -> None:
    chosen = dict.fromkeys(all_top(API_SAMM), "none")
    chosen |= {"I-DM-A-1": "most", "V-AA-A-1": "most"}
    standing = context(API_SAMM, chosen, {"I-DM": 1.5, "V-AA": 0.25, "G-SM": 0.5, "D-TA": 0.5})["standing"]
    # I-DM scores 0.50 (gap 1.00); G-SM and D-TA score 0 (gap 0.50 each, in questionnaire order)
    assert ids(standing["weakest"]) == ["I-DM", "G-SM", "D-TA"]
    assert "V-AA" not in ids(standing["weakest"])  # its target is met: gap 0


def test_a_fully_met_report_has_no_weakest_and_no_least_covered() -> None:
    done = context(API_SAMM, all_top(API_SAMM), {"G-SM": 1, "D-TA": 2})
    assert done["standing"]["weakest"] == []
    assert done["standing"]["least"] == []
    assert done["complete"]


def test_unanswered_practices_are_never_ranked_and_show_a_dash() -> None:
    two = context(API_SAMM, {"G-SM-A-1": "all", "D-TA-A-1": "none"}, {"G-SM": 1, "I-SB": 2})
    ranked = ids(two["standing"]["weakest"]) + ids(two["standing"]["strongest"])
    assert set(ranked) <= {"G-SM", "D-TA"}
    practices = {p["id"]: p for f in two["functions"] for p in f["practices"]}
    assert practices["I-SB"]["score"] == "—"
    assert practices["D-TA"]["score"] == "0.00"  # answered "none": a measurement of 0
    assert not two["complete"]
    assert two["summary"]["headline"].startswith("Incomplete: 2 of 90 activities were answered")


def test_only_a_practice_at_level_one_or_more_is_named_furthest_along() -> None:
    top = all_top(API_SAMM)
    blank = context(API_SAMM, {"G-SM-A-1": "some", "D-TA-A-1": "none"}, {})
    assert ids(blank["standing"]["strongest"]) == []  # 0.13 is no strength to show a board
    level_one = context(API_SAMM, {"G-SM-A-1": top["G-SM-A-1"], "G-SM-B-1": top["G-SM-B-1"], "D-TA-A-1": "none"}, {})
    assert ids(level_one["standing"]["strongest"]) == ["G-SM"]


def test_without_targets_the_charts_show_no_plan() -> None:
    blank = context(ODD, {}, {})
    charts = blank["charts"]
    assert "after the plan" not in charts["functions"]
    assert "after the plan" not in charts["radar_caption"] and "target" not in charts["radar_caption"]
    assert charts["progress"] is None


def test_findings_come_most_severe_first_with_the_teams_note() -> None:
    chosen = {
        "G-SM-A-1": {"answer": "none", "finding": "medium", "note": "a medium note"},
        "D-TA-A-1": {"answer": "none", "finding": "critical", "finding_note": "the critical one"},
        "I-SB-A-1": {"answer": "none", "finding": "high", "note": "N" * 5000},
    }
    found = context(API_SAMM, chosen, {"G-SM": 1})
    shown = found["summary"]["findings"]
    assert [f["severity"] for f in shown] == ["critical", "high", "medium"]
    assert shown[0]["short"] == "the critical one"
    assert shown[1]["short"].endswith(text.MORE) and len(shown[1]["short"]) < 400
    assert found["findings"]  # a note was cut: the Findings section carries it at more length


def test_first_steps_say_why_who_and_how_much() -> None:
    chosen = {"G-SM-A-1": {"answer": "none", "finding": "high", "finding_note": "no strategy at all"}}
    steps = context(API_SAMM, chosen, {"G-SM": 1})["summary"]["first_steps"]
    assert steps and len(steps) <= summary.FIRST_STEPS
    first = next(s for s in steps if s["activity"] == "G-SM-A-1")
    assert first["why"].startswith("high finding")  # the note itself is printed with the findings above
    assert first["role"] and first["effort"].endswith(("person-day", "person-days"))


def test_every_text_from_a_file_is_bounded_and_breakable() -> None:
    long = "X" * 20_000
    bounded = context(
        API_SAMM, {"G-SM-A-1": {"answer": "none", "note": long, "evidence": [long[:1999]] * 100}}, {}, team="T" * 2000
    )
    note = next(
        a for f in bounded["functions"] for p in f["practices"] for a in p["activities"] if a["id"] == "G-SM-A-1"
    )
    assert len(note["note"]) < text.NOTE + 100 and note["note"].endswith(text.MORE)
    assert max(len(run) for run in note["note"].split(text.ZWSP)) <= text.RUN + len(text.MORE)
    assert len(note["evidence"]) == 9  # eight links, then "and 92 more"
    assert len(bounded["meta"]["team"].replace(text.ZWSP, "")) <= text.NAME


def test_a_report_whose_targets_are_met_has_no_empty_phases() -> None:
    answers = answers_for(ODD, {"one-1": "full"})
    road = plan(ODD, answers, Targets({"P-ONE": 1}, "--target"))
    html = render_html_text(ODD, answers, "team.yaml", road, today=dt.date(2026, 1, 1))
    assert "Every target is already met: there is nothing to plan." in html
    assert 'id="phase-1"' not in html
    assert "Nothing left to plan" not in html


def test_each_finding_says_when_the_plan_fixes_it_and_page_two_names_those_phase_1_leaves_open() -> None:
    chosen: dict[str, Any] = dict.fromkeys(all_top(API_SAMM), "none")
    chosen["G-SM-A-3"] = {"answer": "none", "finding": "critical", "finding_note": "no risk appetite at all"}
    chosen["G-SM-A-1"] = {"answer": "none", "finding": "high"}
    chosen["O-OM-B-2"] = {"answer": "none", "finding": "low"}  # O-OM has no target: planned all the same
    top = all_top(API_SAMM)["I-DM-A-1"]
    chosen["I-DM-A-1"] = {"answer": top, "finding": "medium"}  # at its top answer already: a closing step
    found = context(API_SAMM, chosen, {"G-SM": 3})
    phases = {f["id"]: f["phase"] for f in found["summary"]["findings"]}
    assert phases["G-SM-A-1"] == 1 and phases["G-SM-A-3"] > 1 and phases["O-OM-B-2"] is not None
    assert phases["I-DM-A-1"] is not None  # planned among the findings, after the more severe ones
    left_open = found["summary"]["left_open"]
    assert f"G-SM-A-3 (phase {phases['G-SM-A-3']})" in left_open and "G-SM-A-1" not in left_open
    assert "outside the plan" not in left_open
    nothing_late = context(API_SAMM, {"G-SM-A-1": {"answer": "none", "finding": "high"}}, {"G-SM": 1})
    assert nothing_late["summary"]["left_open"] is None


def test_critical_findings_are_to_be_contained_now_outside_the_plan() -> None:
    one = context(API_SAMM, {"V-RT-A-1": {"answer": "none", "finding": "critical"}}, {"V-RT": 1})
    assert one["summary"]["contain"].startswith("Contain first: the critical finding describes an exposure")
    assert "fixing it." in one["summary"]["contain"]
    high = context(API_SAMM, {"V-RT-A-1": {"answer": "none", "finding": "high"}}, {"V-RT": 1})
    assert high["summary"]["contain"] is None  # only critical findings are called live exposures
