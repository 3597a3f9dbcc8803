"""The roadmap document (the JSON contract) and the sentences every rendering of it shares.

Every rendering (terminal, Markdown, the report) reads :func:`roadmap_data`, which only copies
numbers the core computed; the sentences about what a plan leaves open live here once. Its
types are in :mod:`.contract`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from assess.core.display import fmt
from assess.documents.scores import assessment_ref

if TYPE_CHECKING:
    from assess.core.model import Answers
    from assess.core.roadmap import Roadmap, Step
    from assess.core.scoring import Scorecard
    from assess.documents.contract import RoadmapDocument, ScoresSnapshot, StepDocument


def number(value: float) -> float:
    """Whole numbers as ints (``5`` rather than ``5.0``), for people reading the JSON."""
    return int(value) if float(value).is_integer() else value


def _step_data(step: Step) -> StepDocument:
    return {
        "activity": step.activity,
        "practice": step.practice,
        "stream": step.stream,
        "level": step.level,
        "title": step.title,
        "action": step.action,
        "effort": number(step.effort),
        "from": number(step.from_value),
        "to": number(step.to_value),
        "from_answer": step.from_answer,
        "to_answer": step.to_answer,
        "requires": list(step.requires),
        "for_target": step.for_target,
    }


def _scores(card: Scorecard) -> ScoresSnapshot:
    return {"overall": card.overall, "practices": {p.id: p.score for p in card.practices}}


def roadmap_data(roadmap: Roadmap, file: str, answers: Answers) -> RoadmapDocument:
    """The roadmap JSON object (scores unrounded); a bsimm one adds ``method`` (its scores count activities)."""
    start = roadmap.start
    doc: RoadmapDocument = {
        "questionnaire": {
            "id": start.questionnaire_id,
            "version": start.questionnaire_version,
            "title": start.questionnaire_title,
        },
        "assessment": assessment_ref(file, answers),
        "na": start.na,
        "targets": {k: number(v) for k, v in roadmap.targets.values.items()},
        "targets_source": roadmap.targets.source,
        "phase_count": len(roadmap.phases),
        "capacity": None if roadmap.capacity is None else number(roadmap.capacity),
        "note": roadmap.note,
        "start": {**_scores(start), "percent_to_target": start.percent_to_target},
        "effort": number(roadmap.effort),
        "phases": [
            {
                "number": phase.number,
                "effort": number(phase.effort),
                "steps": [_step_data(s) for s in phase.steps],
                "scores_after": _scores(phase.scores_after),
                "percent_to_target_after": phase.percent_to_target_after,
            }
            for phase in roadmap.phases
        ],
        "remaining_gap": {
            "practices": roadmap.remaining_gap,
            "unscheduled_effort": number(roadmap.unscheduled_effort),
            "unscheduled_steps": [_step_data(s) for s in roadmap.unscheduled],
            "unreachable": dict(roadmap.unreachable),
        },
    }
    if start.method != "samm":
        doc = {"method": start.method, **doc}
    return doc


def days(value: float) -> str:
    shown = number(round(value, 1))
    return f"{shown} person-day{'' if shown == 1 else 's'}"


def has_steps(doc: RoadmapDocument) -> bool:
    """Whether the plan holds any step, scheduled in a phase or left over."""
    return bool(doc["remaining_gap"]["unscheduled_steps"]) or any(p["steps"] for p in doc["phases"])


def empty_phase_text(doc: RoadmapDocument) -> str:
    """What an empty phase says: the capacity is full, or there is nothing left."""
    capacity = doc["capacity"]
    if doc["remaining_gap"]["unscheduled_steps"] and capacity is not None:
        return f"Nothing more fits in a phase of {days(capacity)}."
    return "Nothing left to plan."


def gap_sentences(doc: RoadmapDocument) -> list[str]:
    """What the plan leaves open, said plainly (shared by every text rendering)."""
    gap = doc["remaining_gap"]
    if not doc["targets"]:
        return ["No targets are set, so there is nothing to plan: pass --target PRACTICE=SCORE or --profile NAME."]
    left = gap["unscheduled_steps"]
    if not gap["practices"]:
        if not has_steps(doc):
            return ["Every target is already met: there is nothing to plan."]
        line = "Every target is met after the last phase."
        if left:
            line += (
                f" {len(left)} further steps ({days(gap['unscheduled_effort'])}) did not fit"
                " in the capacity; they complete levels but are not needed to meet the targets."
            )
        return [line]
    lines = []
    listed = ", ".join(f"{k} (gap {fmt(v)})" for k, v in gap["practices"].items())
    capacity = doc["capacity"]
    if left and capacity is not None:  # steps are left over only when a capacity is set
        lines.append(
            f"Capacity runs out: {len(left)} steps ({days(gap['unscheduled_effort'])}) "
            f"do not fit in {doc['phase_count']} phases of {days(capacity)}. Still below target: {listed}."
        )
        too_big = [s for s in left if s["effort"] > capacity]
        if too_big:
            named = ", ".join(f"{s['activity']} ({days(s['effort'])})" for s in too_big[:3])
            more = f" and {len(too_big) - 3} more" if len(too_big) > 3 else ""
            lines.append(
                f"{len(too_big)} of them need more than a whole phase on their own: {named}{more}; no number of"
                f" phases fits them, a capacity of {days(max(s['effort'] for s in too_big))} would."
            )
    if gap["unreachable"]:
        blocked = ", ".join(f"{k} (gap {fmt(v)})" for k, v in gap["unreachable"].items())
        lines.append(
            f"Out of reach even with every step, because activities answered n/a score 0: {blocked}. "
            + (
                "Lower those targets."
                if doc.get("method") == "bsimm"
                else "Lower those targets, or score with --na exclude."
            )
        )
    if not lines:
        lines.append(f"Still below target after the last phase: {listed}.")
    return lines
