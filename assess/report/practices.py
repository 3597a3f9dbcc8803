"""The business function pages and the appendix: practices, streams, answers, notes and evidence.

Scores are copied from the scorecard; a practice nobody answered shows "—", not 0.00, so a
blank is never read as a measurement. Texts are bounded and breakable (:mod:`.text`).
"""

from __future__ import annotations

from typing import Any

from assess.core.display import fmt, fmt_count
from assess.core.model import NOT_APPLICABLE, Answers, Questionnaire
from assess.core.model.answers import AnswerEntry
from assess.core.model.questionnaire import Activity, Stream
from assess.core.roadmap import Roadmap
from assess.core.scoring import PracticeScore, Scorecard
from assess.report import text
from assess.report.views import ActivityView

EVIDENCE_SHOWN = 8
"""Evidence links shown per answer; the answers file holds the rest."""
UNANSWERED = "—"

ROLE_NAMES = {
    "appsec": "AppSec",
    "platform": "Platform team",
    "api-team": "API team",
    "product-owner": "Product owner",
    "leadership": "Leadership",
}


def answered(practice: PracticeScore) -> bool:
    """Whether anyone answered at least one of the practice's activities (n/a counts as an answer)."""
    return any(a.answer is not None for s in practice.streams for a in s.activities)


def score_text(card: Scorecard, value: float | None) -> str:
    """A score for reading: two decimals for SAMM's levels, a whole number for BSIMM's counts."""
    return fmt_count(value) if card.method == "bsimm" else fmt(value)


def shown_score(card: Scorecard, practice: PracticeScore) -> str:
    return score_text(card, practice.score) if answered(practice) else UNANSWERED


def answer_label(q: Questionnaire, activity: Activity, answer: str | None) -> str:
    if answer is None:
        return "Not answered"
    if answer == NOT_APPLICABLE:
        return "Not applicable"
    option = q.option_index[activity.scale].get(answer)
    return text.line(option.label if option is not None else answer)


def evidence(items: tuple[str, ...]) -> list[dict[str, str | None]]:
    """Evidence as text; only http(s) and mailto addresses become links (a link is never fetched)."""
    shown: list[dict[str, str | None]] = [
        {"text": text.line(item, text.LINE), "href": text.link_target(item)} for item in items[:EVIDENCE_SHOWN]
    ]
    if len(items) > EVIDENCE_SHOWN:
        more = len(items) - EVIDENCE_SHOWN
        shown.append({"text": f"and {more} more (in the answers file)", "href": None})
    return shown


def activity_view(
    q: Questionnaire, entry: AnswerEntry | None, value: float, a: Activity, phase: int | None, budget: text.Budget
) -> ActivityView:
    answer = entry.answer if entry else None
    criteria = entry.criteria if entry else ()
    return {
        "id": a.id,
        "level": a.level,
        "title": text.line(a.display_title, text.LINE),
        "question": text.line(a.question, text.LINE),
        "answer": answer_label(q, a, answer),
        "answered": answer is not None,
        "na": answer == NOT_APPLICABLE,
        "value": fmt(value) if answer is not None else UNANSWERED,
        "note": budget.clip(entry.note) if entry else None,
        "evidence": evidence(entry.evidence) if entry else [],
        "criteria": f"{sum(criteria)} of {len(a.criteria)}" if criteria and a.criteria else None,
        "by": text.line(entry.by, 60) if entry and entry.by else None,
        "at": entry.at.strftime("%Y-%m-%d %H:%M") if entry and entry.at else None,
        "phase": phase,
        "finding": entry.finding if entry else None,
        "finding_note": budget.clip(entry.finding_note) if entry else None,
        "role": ROLE_NAMES.get(a.role or ""),
    }


def function_view(
    q: Questionnaire,
    answers: Answers,
    card: Scorecard,
    road: Roadmap,
    function_id: str,
    phase_of: dict[str, int],
    budget: text.Budget,
) -> dict[str, Any]:
    function = next(f for f in card.functions if f.id == function_id)
    model = next(f for f in q.functions if f.id == function_id)
    after = {p.id: p for p in road.final.practices}
    final_function = next(f for f in road.final.functions if f.id == function_id)
    practices = []
    for scored, practice in zip(function.practices, model.practices, strict=True):
        values = {a.id: a.value for s in scored.streams for a in s.activities}
        activities = [
            activity_view(q, answers.answers.get(a.id), values[a.id], a, phase_of.get(a.id), budget)
            for s in practice.streams
            for a in s.activities
        ]
        top = scored.maximum
        is_answered = answered(scored)
        practices.append(
            {
                "id": practice.id,
                "name": text.line(practice.name),
                "description": budget.clip(practice.description, text.MORE_QUESTIONNAIRE),
                "answered": is_answered,
                "score": shown_score(card, scored),
                "score_share": share(scored.score, top) if is_answered else 0.0,
                "target": score_text(card, scored.target),
                "target_share": None if scored.target is None else share(scored.target, top),
                "gap": score_text(card, scored.gap),
                "after": score_text(card, after[practice.id].score),
                "status": status(scored),
                "streams": [
                    {
                        "id": s.id,
                        "name": text.line(s.name),
                        "score": score_text(card, s.score)
                        if any(a.answer is not None for a in s.activities)
                        else UNANSWERED,
                        "share": share(s.score, stream_max(q, m)),
                    }
                    for s, m in zip(scored.streams, practice.streams, strict=True)
                ],
                "activities": activities,
                "notes": [a for a in activities if a["note"] or a["finding"]],
                "planned": [a for a in activities if a["phase"] is not None],
            }
        )
    any_answered = any(p["answered"] for p in practices)
    return {
        "id": function.id,
        "name": text.line(function.name),
        "description": budget.clip(model.description, text.MORE_QUESTIONNAIRE),
        "score": score_text(card, function.score) if any_answered else UNANSWERED,
        "maximum": f"{function.maximum:g}",
        "after": score_text(card, final_function.score),
        "practices": practices,
    }


def stream_max(q: Questionnaire, stream: Stream) -> float:
    return sum(q.options_for(a)[-1].value for a in stream.activities)


def share(value: float | None, maximum: float) -> float:
    """How much of a bar to fill (0..1)."""
    return 0.0 if value is None or maximum <= 0 else max(0.0, min(1.0, value / maximum))


def status(p: PracticeScore) -> str:
    if p.target is None:
        return "no target"
    if p.gap is not None and p.gap <= 1e-9:
        return "target met"
    return "below target"
