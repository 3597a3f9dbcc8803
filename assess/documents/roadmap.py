"""The roadmap document (the JSON contract) and the sentences every rendering of it shares.

Every rendering (terminal, Markdown, the report) reads :func:`roadmap_data`, which only copies
numbers the core computed; the sentences about what a plan leaves open live here once. Its
types are in :mod:`.contract`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from assess.core.display import fmt
from assess.documents.scores import assessment_ref

if TYPE_CHECKING:
    from assess.core.model import Answers
    from assess.core.roadmap import Phase, Roadmap, Step
    from assess.core.scoring import Scorecard
    from assess.documents.contract import (
        EffortRange,
        PhaseDocument,
        RoadmapDocument,
        ScoresSnapshot,
        StepDocument,
    )


def number(value: float) -> float:
    """Whole numbers as ints (``5`` rather than ``5.0``), for people reading the JSON."""
    return int(value) if float(value).is_integer() else value


def _range(low: float, high: float) -> EffortRange:
    return {"low": number(round(low, 2)), "high": number(round(high, 2))}


def _step_data(step: Step, why: list[str] | None = None) -> StepDocument:
    doc: StepDocument = {
        "activity": step.activity,
        "practice": step.practice,
        "stream": step.stream,
        "level": step.level,
        "title": step.title,
        "action": step.action,
        "effort": number(round(step.effort, 2)),
        "from": number(step.from_value),
        "to": number(step.to_value),
        "from_answer": step.from_answer,
        "to_answer": step.to_answer,
        "requires": list(step.requires),
        "for_target": step.for_target,
    }
    if step.role is not None:
        doc["role"] = step.role
    doc["effort_range"] = _range(step.effort_low, step.effort_high)
    priority = step.priority
    if priority is not None and priority.finding is not None:
        doc["finding"] = priority.finding
    if priority is not None and priority.must_have:
        doc["must_have"] = list(priority.must_have)
    if why:
        doc["why"] = why
    if step.beyond_target:
        doc["beyond_target"] = True
    if step.closing is not None:
        doc["closes_finding"] = True
        doc["closing"] = {
            "unmet_criteria": step.closing.unmet,
            "criteria": step.closing.criteria,
            "effort_share": number(round(step.closing.share, 4)),
        }
    return doc


def _scores(card: Scorecard) -> ScoresSnapshot:
    return {"overall": card.overall, "practices": {p.id: p.score for p in card.practices}}


def _phase_data(phase: Phase, road: Roadmap, reasons: Mapping[str, list[str]]) -> PhaseDocument:
    from assess.core.roadmap.calendar import fte, months_with

    doc: PhaseDocument = {
        "number": phase.number,
        "effort": number(round(phase.effort, 2)),
        "steps": [_step_data(s, reasons.get(s.activity)) for s in phase.steps],
        "scores_after": _scores(phase.scores_after),
        "percent_to_target_after": phase.percent_to_target_after,
    }
    low, high = phase.effort_range
    doc["effort_range"] = _range(low, high)
    doc["roles"] = {role: number(round(effort, 2)) for role, effort in phase.roles.items()}
    schedule = road.schedule
    if phase.period is not None:
        doc["starts"] = phase.period.starts.isoformat()
        doc["ends"] = phase.period.ends.isoformat()
    if schedule.length is not None and not phase.optional:
        doc["fte"] = _range(fte(low, schedule.length), fte(high, schedule.length))
    if schedule.people is not None:
        doc["months"] = _range(months_with(low, schedule.people), months_with(high, schedule.people))
    if phase.optional:
        doc["optional"] = True
    return doc


def roadmap_data(roadmap: Roadmap, file: str, answers: Answers) -> RoadmapDocument:
    """The roadmap JSON object (scores unrounded); keys after ``remaining_gap`` are the contract's optional ones.

    A bsimm one adds ``method`` first (its scores count activities).
    """
    from assess.documents.roadmap_why import basis_label, basis_short, method_text, why

    start = roadmap.start
    placed = {s.activity: s for s in (*roadmap.steps, *roadmap.unscheduled)}
    if roadmap.beyond is not None:
        placed.update((s.activity, s) for s in roadmap.beyond.steps)
    placed.update((s.activity, s) for s in roadmap.beyond_waiting)
    reasons = {a: why(s, roadmap, answers, placed) for a, s in placed.items()}
    scale = roadmap.scale
    low, high = roadmap.effort_range
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
        "effort": number(round(roadmap.effort, 2)),
        "phases": [_phase_data(phase, roadmap, reasons) for phase in roadmap.phases],
        "remaining_gap": {
            "practices": roadmap.remaining_gap,
            "unscheduled_effort": number(round(roadmap.unscheduled_effort, 2)),
            "unscheduled_steps": [_step_data(s, reasons.get(s.activity)) for s in roadmap.unscheduled],
            "unreachable": dict(roadmap.unreachable),
        },
        "effort_range": _range(low, high),
        "effort_basis": {
            "scaled": scale.scaled,
            "factor": number(round(scale.factor, 4)),
            "estate": {k: v for k, v in (("apis", scale.apis), ("teams", scale.teams)) if v is not None},
            "basis": {
                k: number(v) for k, v in (("apis", scale.basis_apis), ("teams", scale.basis_teams)) if v is not None
            },
            "label": basis_label(scale),
            "short": basis_short(scale),
            "rule": _effort_rule(),
        },
    }
    if start.bsimm is None:  # BSIMM ranks gaps by the data pool, not by exposure x risk
        doc["exposure"] = {
            "value": roadmap.wishes.exposure,
            "factor": roadmap.wishes.exposure_factor,
            "stated": roadmap.wishes.exposure_stated,
        }
    if roadmap.beyond_waiting:
        doc["remaining_gap"]["optional_waiting"] = [
            _step_data(s, reasons.get(s.activity)) for s in roadmap.beyond_waiting
        ]
    if roadmap.findings:
        doc["findings"] = [
            {
                "activity": f.activity,
                "title": f.title,
                "severity": f.severity,
                "note": f.note,
                "phase": f.phase,
                "status": f.status,
            }
            for f in roadmap.findings
        ]
    if roadmap.must_haves:
        doc["must_haves"] = {
            "profiles": list(roadmap.wishes.profiles),
            "activities": [
                {
                    "activity": m.activity,
                    "title": m.title,
                    "profiles": list(m.profiles),
                    "phase": m.phase,
                    "status": m.status,
                }
                for m in roadmap.must_haves
            ],
            "unmet_now": sum(1 for m in roadmap.must_haves if not m.met_now),
            "unmet_after": len(roadmap.unmet_must_haves),
        }
    if roadmap.beyond is not None:
        doc["beyond_target"] = _phase_data(roadmap.beyond, roadmap, reasons)
    schedule = roadmap.schedule
    if schedule.is_set:
        from assess.core.roadmap.calendar import RULE

        doc["calendar"] = {
            "start": None if schedule.start is None else f"{schedule.start:%Y-%m}",
            "phase_length": None if schedule.length is None else schedule.length.code,
            "people": None if schedule.people is None else number(schedule.people),
            "rule": RULE,
        }
    doc["method_text"] = method_text(roadmap)
    if start.method != "samm":
        doc = {"method": start.method, **doc}
    return doc


def _effort_rule() -> str:
    from assess.core.roadmap.effort import RULE

    return RULE


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
    asked = [s["activity"] for s in left if "finding" in s or "must_have" in s]
    if not gap["practices"]:
        if not has_steps(doc):
            return ["Every target is already met: there is nothing to plan."]
        line = "Every target is met after the last phase."
        if left:
            line += f" {len(left)} further steps ({days(gap['unscheduled_effort'])}) did not fit in the capacity"
            line += f", among them findings or must-haves: {', '.join(asked)}." if asked else "."
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
