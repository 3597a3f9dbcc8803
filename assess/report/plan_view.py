"""The roadmap pages: targets, phases and their steps (with why, role and effort), and what remains."""

from __future__ import annotations

from typing import Any

from assess.core.display import fmt_percent
from assess.core.model import Answers, Questionnaire
from assess.core.roadmap import MORE_STEPS_NOTE, Roadmap
from assess.documents.contract import RoadmapDocument, StepDocument
from assess.documents.roadmap import days, empty_phase_text, gap_sentences, has_steps
from assess.documents.roadmap_lines import day_range
from assess.report import text
from assess.report.practices import answer_label, score_text
from assess.report.summary import effort_text, role, why
from assess.report.views import PhaseView, PlannedStep, UnscheduledStep


def roadmap_view(
    q: Questionnaire, answers: Answers, road: Roadmap, doc: RoadmapDocument, budget: text.Budget
) -> dict[str, Any]:
    names = {p.id: p.name for p in road.start.practices}

    def planned(step: StepDocument) -> PlannedStep:
        activity = q.activity_by_id[step["activity"]]
        entry = answers.answers.get(step["activity"])
        return {
            **step,
            "title": text.line(step["title"]),
            "action": budget.clip(step["action"], text.MORE_QUESTIONNAIRE),
            "practice_name": text.line(names[step["practice"]]),
            "effort_text": effort_text(step),
            "from_text": answer_label(q, activity, step["from_answer"]),
            "to_text": answer_label(q, activity, step["to_answer"]),
            "why_text": (budget.clip(" · ".join(step["why"])) or "")
            if step.get("why")
            else why(step, q, answers, road.start),
            "role_name": role(step, q),
            "severity": entry.finding if entry else None,
            "closes": bool(step.get("closes_finding")),
        }

    phases: list[PhaseView] = [
        {
            "number": phase["number"],
            "effort": day_range(phase.get("effort_range"), phase["effort"]),
            "overall_after": score_text(road.start, phase["scores_after"]["overall"]),
            "percent_after": fmt_percent(phase["percent_to_target_after"]),
            "steps": [planned(step) for step in phase["steps"]],
        }
        for phase in doc["phases"]
    ]
    unscheduled: list[UnscheduledStep] = [
        {**s, "title": text.line(s["title"]), "effort_text": days(s["effort"])}
        for s in doc["remaining_gap"]["unscheduled_steps"]
    ]
    return {
        "targets": [
            {
                "id": k,
                "name": text.line(names[k]),
                "target": score_text(road.start, v),
                "now": score_text(road.start, road.start.practice(k).score),
            }
            for k, v in road.targets.values.items()
        ],
        "source": text.line(road.targets.source, text.LINE),
        "capacity": None if road.capacity is None else days(road.capacity),
        "effort": day_range(doc.get("effort_range"), road.effort),
        "basis": text.line(doc["effort_basis"]["label"]) if "effort_basis" in doc else "",
        "step_count": len(road.steps),
        "closing_count": sum(1 for s in road.steps if s.closes_finding),
        "has_steps": has_steps(doc),
        "empty_phase": empty_phase_text(doc),
        "phases": phases,
        "gap": gap_sentences(doc),
        "unscheduled": unscheduled,
        "note": MORE_STEPS_NOTE,
    }
