"""What the report templates see: plain data taken from the Scorecard and the Roadmap.

Nothing here scores. Numbers are copied from the core's results and formatted for
reading; texts from the answers file stay plain strings that Jinja2 escapes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from assess import __version__
from assess.core.coverage import API_TOP10_2023, RefCoverage, ref_coverage
from assess.core.display import fmt, fmt_count, fmt_percent
from assess.core.model import NOT_APPLICABLE, Answers, Questionnaire
from assess.core.model.questionnaire import Activity, Stream
from assess.core.roadmap import MORE_STEPS_NOTE, Roadmap
from assess.core.scoring import PracticeScore, Scorecard
from assess.documents.contract import RoadmapDocument, StepDocument
from assess.documents.roadmap import days, empty_phase_text, gap_sentences, has_steps, number, roadmap_data
from assess.report import charts
from assess.report.bsimm import bsimm_context
from assess.report.views import ActivityView, PhaseView, PlannedStep, RiskRow, UnscheduledStep

HIGHLIGHTS = 3
FIRST_STEPS = 6
RUNNING_HEADER_CHARS = 48
LINK_SCHEMES = ("http", "https")


@dataclass(frozen=True)
class ReportInput:
    questionnaire: Questionnaire
    answers: Answers
    file: str
    roadmap: Roadmap
    today: dt.date
    bsimm: Scorecard | None = None
    """A BSIMM-style scorecard derived from a SAMM assessment (``--view bsimm``); a bsimm one has its own."""


def build_context(data: ReportInput) -> dict[str, Any]:
    q, answers, road = data.questionnaire, data.answers, data.roadmap
    card = road.start
    maximum = card.practice_maximum
    phase_of = {s.activity: p.number for p in road.phases for s in p.steps}
    doc = roadmap_data(road, data.file, answers)
    return {
        "meta": _meta(data, card),
        "maximum": f"{maximum:g}",
        "overall_maximum": f"{card.maximum:g}",
        "overall": score_text(card, card.overall),
        "overall_after": score_text(card, road.final.overall),
        "percent_to_target": fmt_percent(card.percent_to_target),
        "percent_after": fmt_percent(road.final.percent_to_target),
        "has_targets": bool(road.targets.values),
        "answered": card.answered,
        "total": card.total,
        "na_count": sum(1 for a in card.activities if a.is_na),
        "summary": _summary(data, card, doc),
        **_highlights(card),
        "risks": _risks(q, card, road.final, phase_of),
        "functions": [_function(q, answers, card, road, f.id, phase_of) for f in card.functions],
        "roadmap": _roadmap(q, road, doc),
        "charts": _charts(q, road, maximum),
        "method": _method(q, card, road),
        "bsimm": bsimm_context(data.bsimm or card),
    }


def score_text(card: Scorecard, value: float | None) -> str:
    """A score for reading: two decimals for SAMM's levels, a whole number for BSIMM's counts."""
    return fmt_count(value) if card.method == "bsimm" else fmt(value)


def _meta(data: ReportInput, card: Scorecard) -> dict[str, Any]:
    a = data.answers
    return {
        "team": a.team or data.file,
        "team_short": charts.fit(a.team or data.file, RUNNING_HEADER_CHARS),
        "scope": a.scope,
        "date": a.date.isoformat() if a.date else None,
        "assessors": list(a.assessors),
        "questionnaire": card.questionnaire_title,
        "questionnaire_id": card.questionnaire_id,
        "version": card.questionnaire_version,
        "file": data.file,
        "generated": data.today.isoformat(),
        "tool": f"assess {__version__}",
        "na": card.na,
        "targets_source": data.roadmap.targets.source,
    }


def _ranked(card: Scorecard) -> list[PracticeScore]:
    """Practices from weakest to strongest (questionnaire order breaks ties)."""
    scored = [p for p in card.practices if p.score is not None]
    order = {p.id: i for i, p in enumerate(card.practices)}
    return sorted(scored, key=lambda p: (p.score, order[p.id]))


def _highlights(card: Scorecard) -> dict[str, list[dict[str, Any]]]:
    """The strongest and weakest practices: never the same practice in both, never a 0 among the strongest."""
    ranked = _ranked(card)
    count = min(HIGHLIGHTS, len(ranked) // 2)
    return {
        "strongest": [_practice_brief(card, p) for p in ranked[::-1][:count] if p.score],
        "weakest": [_practice_brief(card, p) for p in ranked[:count]],
    }


def _practice_brief(card: Scorecard, p: PracticeScore) -> dict[str, Any]:
    shown = {k: score_text(card, v) for k, v in (("score", p.score), ("target", p.target), ("gap", p.gap))}
    return {"id": p.id, "name": p.name, **shown}


def _summary(data: ReportInput, card: Scorecard, doc: RoadmapDocument) -> list[str]:
    road = data.roadmap
    team = data.answers.team or "The team"
    first = f"{team} scores {score_text(card, card.overall)} out of {card.maximum:g} overall"
    if card.percent_to_target is not None:
        first += f", {fmt_percent(card.percent_to_target)} of the way to its targets ({road.targets.source})."
    else:
        first += "; no targets are set, so this report has no roadmap."
    lines = [first]
    if road.targets.values:
        steps = len(road.steps)
        if steps:
            lines.append(
                f"The roadmap raises {steps} activities over {len(road.phases)} phases, {days(road.effort)} in all, "
                f"taking the overall score to {score_text(card, road.final.overall)} and "
                f"{fmt_percent(road.final.percent_to_target)} of the way to the targets."
            )
        else:
            lines.append("Every target is already met: the roadmap has nothing to add.")
        if road.remaining_gap:
            lines.append(gap_sentences(doc)[0])
    return lines


def _risks(q: Questionnaire, now: Scorecard, after: Scorecard, phase_of: dict[str, int]) -> dict[str, Any]:
    before = ref_coverage(q, now, API_TOP10_2023)
    later = {r.ref: r for r in ref_coverage(q, after, API_TOP10_2023)}

    def row(r: RefCoverage) -> RiskRow:
        planned = sorted({phase_of[a] for a in r.activities if a in phase_of})
        return {
            "id": r.ref,
            "title": r.title or r.ref,
            "coverage": fmt_percent(r.coverage),
            "coverage_value": r.coverage or 0.0,
            "after": fmt_percent(later[r.ref].coverage),
            "activities": len(r.activities),
            "planned": len([a for a in r.activities if a in phase_of]),
            "phases": _phase_list(planned),
        }

    rows = [row(r) for r in before]
    least = sorted(rows, key=lambda r: r["coverage_value"])[:HIGHLIGHTS]
    return {"all": rows, "least": least}


def _phase_list(numbers: list[int]) -> str:
    """``[1, 2, 3]`` -> ``phases 1-3``; ``[2]`` -> ``phase 2``; ``[1, 3]`` -> ``phases 1 and 3``."""
    if not numbers:
        return ""
    if len(numbers) == 1:
        return f"phase {numbers[0]}"
    if numbers == list(range(numbers[0], numbers[-1] + 1)):
        return f"phases {numbers[0]}–{numbers[-1]}"
    return "phases " + ", ".join(str(n) for n in numbers[:-1]) + f" and {numbers[-1]}"


def answer_label(q: Questionnaire, activity: Activity, answer: str | None) -> str:
    if answer is None:
        return "Not answered"
    if answer == NOT_APPLICABLE:
        return "Not applicable"
    option = q.option_index[activity.scale].get(answer)
    return option.label if option is not None else answer


def _evidence(items: tuple[str, ...]) -> list[dict[str, str | None]]:
    """Evidence as text; only http(s) addresses become links (a link is never fetched)."""
    shown = []
    for text in items:
        try:
            scheme = urlsplit(text.strip()).scheme.lower()
        except ValueError:
            scheme = ""
        shown.append({"text": text, "href": text.strip() if scheme in LINK_SCHEMES else None})
    return shown


def _activity(q: Questionnaire, answers: Answers, value: float, activity: Activity, phase: int | None) -> ActivityView:
    entry = answers.answers.get(activity.id)
    answer = entry.answer if entry else None
    criteria = entry.criteria if entry else ()
    return {
        "id": activity.id,
        "level": activity.level,
        "title": activity.display_title,
        "question": activity.question,
        "answer": answer_label(q, activity, answer),
        "answered": answer is not None,
        "na": answer == NOT_APPLICABLE,
        "value": fmt(value),
        "note": entry.note if entry else None,
        "evidence": _evidence(entry.evidence) if entry else [],
        "criteria": f"{sum(criteria)} of {len(activity.criteria)}" if criteria and activity.criteria else None,
        "by": entry.by if entry else None,
        "at": entry.at.strftime("%Y-%m-%d %H:%M") if entry and entry.at else None,
        "phase": phase,
    }


def _function(
    q: Questionnaire, answers: Answers, card: Scorecard, road: Roadmap, function_id: str, phase_of: dict[str, int]
) -> dict[str, Any]:
    function = next(f for f in card.functions if f.id == function_id)
    model = next(f for f in q.functions if f.id == function_id)
    after = {p.id: p for p in road.final.practices}
    practices = []
    for scored, practice in zip(function.practices, model.practices, strict=True):
        values = {a.id: a.value for s in scored.streams for a in s.activities}
        activities = [
            _activity(q, answers, values[a.id], a, phase_of.get(a.id)) for s in practice.streams for a in s.activities
        ]
        top = scored.maximum
        practices.append(
            {
                "id": practice.id,
                "name": practice.name,
                "description": practice.description,
                "score": score_text(card, scored.score),
                "score_share": _share(scored.score, top),
                "target": score_text(card, scored.target),
                "target_share": None if scored.target is None else _share(scored.target, top),
                "gap": score_text(card, scored.gap),
                "after": score_text(card, after[practice.id].score),
                "status": _status(scored),
                "streams": [
                    {
                        "id": s.id,
                        "name": s.name,
                        "score": score_text(card, s.score),
                        "share": _share(s.score, _stream_max(q, m)),
                    }
                    for s, m in zip(scored.streams, practice.streams, strict=True)
                ],
                "activities": activities,
                "notes": [a for a in activities if a["note"]],
                "planned": [a for a in activities if a["phase"] is not None],
            }
        )
    return {
        "id": function.id,
        "name": function.name,
        "description": model.description,
        "score": score_text(card, function.score),
        "maximum": f"{function.maximum:g}",
        "after": score_text(card, next(f for f in road.final.functions if f.id == function_id).score),
        "practices": practices,
    }


def _stream_max(q: Questionnaire, stream: Stream) -> float:
    return sum(q.options_for(a)[-1].value for a in stream.activities)


def _share(value: float | None, maximum: float) -> float:
    """How much of a bar to fill (0..1)."""
    return 0.0 if value is None or maximum <= 0 else max(0.0, min(1.0, value / maximum))


def _status(p: PracticeScore) -> str:
    if p.target is None:
        return "no target"
    if p.gap is not None and p.gap <= 1e-9:
        return "target met"
    return "below target"


def _roadmap(q: Questionnaire, road: Roadmap, doc: RoadmapDocument) -> dict[str, Any]:
    names = {p.id: p.name for p in road.start.practices}

    def planned(step: StepDocument) -> PlannedStep:
        activity = q.activity_by_id[step["activity"]]
        return {
            **step,
            "practice_name": names[step["practice"]],
            "effort_text": days(step["effort"]),
            "from_text": answer_label(q, activity, step["from_answer"]),
            "to_text": answer_label(q, activity, step["to_answer"]),
        }

    phases: list[PhaseView] = [
        {
            "number": phase["number"],
            "effort": days(phase["effort"]),
            "overall_after": fmt(phase["scores_after"]["overall"]),
            "percent_after": fmt_percent(phase["percent_to_target_after"]),
            "steps": [planned(step) for step in phase["steps"]],
        }
        for phase in doc["phases"]
    ]
    unscheduled: list[UnscheduledStep] = [
        {**s, "effort_text": days(s["effort"])} for s in doc["remaining_gap"]["unscheduled_steps"]
    ]
    return {
        "targets": [
            {"id": k, "name": names[k], "target": fmt(v), "now": fmt(road.start.practice(k).score)}
            for k, v in road.targets.values.items()
        ],
        "source": road.targets.source,
        "capacity": None if road.capacity is None else days(road.capacity),
        "effort": days(road.effort),
        "step_count": len(road.steps),
        "has_steps": has_steps(doc),
        "empty_phase": empty_phase_text(doc),
        "phases": phases,
        "gap": gap_sentences(doc),
        "unscheduled": unscheduled,
        "note": MORE_STEPS_NOTE,
        "first_steps": phases[0]["steps"][:FIRST_STEPS] if phases else [],
    }


def _charts(q: Questionnaire, road: Roadmap, maximum: float) -> dict[str, Any]:
    start = road.start
    labels = [p.name for p in start.practices]
    series = [charts.Series("now", [p.score for p in start.practices], charts.CURRENT, fill=True, width=1.6)]
    for i, phase in enumerate(road.phases):
        if phase.steps:
            series.append(
                charts.Series(
                    f"after phase {phase.number}",
                    [p.score for p in phase.scores_after.practices],
                    charts.phase_colour(i, len(road.phases)),
                )
            )
    if road.targets.values:
        series.append(
            charts.Series("target", [p.target for p in start.practices], charts.TARGET, dashed=True, width=1.6)
        )
    cards = [start, *(p.scores_after for p in road.phases)]
    return {
        "radar": charts.radar(labels, series, maximum, "Practice scores: now, after each phase, and targets"),
        "functions": charts.function_bars(
            [f.name for f in start.functions],
            [f.score for f in start.functions],
            [f.score for f in road.final.functions] if road.targets.values else None,
            maximum,
            "Business function scores now and after the plan" if road.targets.values else "Business function scores",
        ),
        "progress": charts.progress(
            [c.percent_to_target for c in cards],
            [c.overall for c in cards],
            "Percent to target now and after each phase",
            counts=start.method == "bsimm",
        )
        if road.targets.values
        else None,
    }


def _method(q: Questionnaire, card: Scorecard, road: Roadmap) -> dict[str, Any]:
    return {
        "na": card.na,
        "effort_basis": q.effort_basis,
        "license": q.license,
        "description": q.description,
        "scales": [
            {"id": name, "options": [{"label": o.label, "value": f"{number(o.value)}"} for o in options]}
            for name, options in q.scales.items()
        ],
        "phase_count": len(road.phases),
        "capacity": None if road.capacity is None else days(road.capacity),
    }
