"""Page 2, the summary a CISO reads: where the team stands, what was found, what to do first, what it costs.

Also the rankings that follow it (weakest by gap, strongest, least covered risks): each is
left out when it has nothing to say, and practices nobody answered are never ranked.
"""

from __future__ import annotations

import math
from typing import Any

from assess.core.coverage import API_TOP10_2023, RefCoverage, ref_coverage
from assess.core.display import fmt_percent
from assess.core.model import Answers, Questionnaire
from assess.core.model.answers import SEVERITIES
from assess.core.scoring import PracticeScore, Scorecard
from assess.documents.contract import RoadmapDocument, StepDocument
from assess.documents.roadmap import days, gap_sentences, has_steps
from assess.documents.roadmap_lines import day_range
from assess.documents.roadmap_why import CLOSING_REASON
from assess.report import text
from assess.report.practices import ROLE_NAMES, answered, score_text
from assess.report.views import RiskRow

COMPLETE_SHARE = 0.8
"""Below this share of activities answered (n/a counts as an answer), the report is marked incomplete."""
HIGHLIGHTS = 3
STRENGTH_FLOOR = 1.0
"""The score from which a practice may be named as furthest along (SAMM's level 1)."""
FINDINGS_ON_SUMMARY = 4
FIRST_STEPS = 4
LEFT_OPEN = 3
WHY_CHARS = 160

LEVEL_WORDS = (
    "below maturity level 1: most security activities are missing or ad hoc",
    "at maturity level 1: the basics happen, but ad hoc and on best effort",
    "at maturity level 2: activities are defined, consistent and repeatable",
    "at maturity level 3: activities are measured and continuously improved",
)


def is_complete(card: Scorecard) -> bool:
    return card.total > 0 and card.answered / card.total >= COMPLETE_SHARE


def level_words(card: Scorecard) -> str | None:
    """SAMM's maturity levels in words, for the samm method on a 0-3 scale only."""
    if card.overall is None or card.method != "samm" or card.maximum != 3:
        return None
    return LEVEL_WORDS[min(3, math.floor(card.overall + 1e-9))]


def headline(team: str, card: Scorecard, has_targets: bool) -> str:
    """The one sentence a CISO can repeat: score, level in words, percent to target."""
    if not is_complete(card):
        return (
            f"Incomplete: {card.answered} of {card.total} activities were answered, so these figures are not a "
            f"measurement of {team}; finish the assessment before comparing or planning from it."
        )
    sentence = f"{team} scores {score_text(card, card.overall)} of {card.maximum:g}"
    if has_targets and card.percent_to_target is not None:
        sentence += f" and is {fmt_percent(card.percent_to_target)} of the way to its targets"
    else:
        sentence += "; no targets are set"
    words = level_words(card)
    return sentence + (f". It is {words}." if words else ".")


def findings(
    q: Questionnaire,
    answers: Answers,
    card: Scorecard,
    budget: text.Budget | None = None,
    phase_of: dict[str, int] | None = None,
    at_top: set[str] | frozenset[str] = frozenset(),
) -> list[dict[str, Any]]:
    """The findings flagged in the workshop, most severe first, then in questionnaire order, with the phase of the
    plan whose step raises its activity or closes it (None when the plan has none) and whether the plan left it
    "at top": at its top answer with no step, which only a planner without closing steps does (the built-in
    ones give such a finding a closing step)."""
    phases = phase_of or {}
    order = {a.id: i for i, a in enumerate(card.activities)}
    practice_of = {a.id: p.name for p in card.practices for s in p.streams for a in s.activities}
    found: list[dict[str, Any]] = []
    ranks: list[tuple[int, int]] = []
    for activity_id, entry in answers.answers.items():
        if entry.finding is None or activity_id not in q.activity_by_id:
            continue
        activity = q.activity_by_id[activity_id]
        said = entry.finding_note or entry.note
        found.append(
            {
                "id": activity_id,
                "severity": entry.finding,
                "title": text.line(activity.display_title),
                "practice": text.line(practice_of.get(activity_id, "")),
                "short": text.clip(said, text.SHORT_NOTE),
                "note": (budget or text.Budget()).clip(said),
                "cut": text.was_cut(said, text.SHORT_NOTE),
                "phase": phases.get(activity_id),
                "at_top": activity_id in at_top,
            }
        )
        ranks.append((SEVERITIES.index(entry.finding), order.get(activity_id, 0)))
    return [f for _, f in sorted(zip(ranks, found, strict=True), key=lambda pair: pair[0])]


def contain_first(found: list[dict[str, Any]]) -> str | None:
    """Critical findings are exposures that exist today: the plan builds the practice, it does not close them."""
    critical = [f["id"] for f in found if f["severity"] == "critical"]
    if not critical:
        return None
    which = (
        "the critical finding describes an exposure that exists"
        if len(critical) == 1
        else ("the critical findings describe exposures that exist")
    )
    them = "it" if len(critical) == 1 else "them"
    return (
        f"Contain first: {which} today. Closing {them}, and asking the data-protection officer whether anyone must "
        f"be notified, cannot wait for the plan, whose effort excludes fixing {them}."
    )


def findings_left_open(found: list[dict[str, Any]], has_plan: bool) -> str | None:
    """What a CISO asks first: which findings the first phase does not fix, and when the plan does (one line).

    Findings the plan left "at top" (no step, only from a planner without closing steps) are named
    together: they are to be closed outside the plan.
    """
    if not has_plan:
        return None
    late = [f for f in found if f["phase"] != 1 and not f["at_top"]]
    outside = [f["id"] for f in found if f["at_top"]]
    parts = []
    if late:
        shown = [f"{f['id']} ({'phase ' + str(f['phase']) if f['phase'] else 'not planned'})" for f in late[:LEFT_OPEN]]
        more = f" and {len(late) - LEFT_OPEN} more" if len(late) > LEFT_OPEN else ""
        parts.append(f"Findings phase 1 leaves open: {', '.join(shown)}{more}.")
    if outside:
        more = f" and {len(outside) - LEFT_OPEN} more" if len(outside) > LEFT_OPEN else ""
        named = ", ".join(outside[:LEFT_OPEN])
        parts.append(f"To close outside the plan (answers at their top already): {named}{more}.")
    return " ".join(parts) or None


def why(step: StepDocument, q: Questionnaire, answers: Answers, card: Scorecard) -> str:
    """Why a step comes first, in words a CISO reads at a glance: the planner's reasons (a finding by its
    severity, its note being on the page already; must-haves; what it is needed before), without the
    priority arithmetic and the team's note, which the roadmap pages print in full."""
    reasons = [_brief_reason(r) for r in step.get("why", []) if not r.startswith(("priority ", "team's note"))]
    if reasons:
        return text.line("; ".join(reasons), WHY_CHARS)
    practice = card.practice(step["practice"])
    if not answered(practice):
        return text.line(
            f"{practice.name} was not assessed: counted as 0, below its target of {score_text(card, practice.target)}"
        )
    if not step["for_target"]:
        return text.line(f"A prerequisite of later steps towards the {practice.name} target", WHY_CHARS)
    risks = _risks_named(step.get("why", []))
    return text.line(
        f"{practice.name} is at {score_text(card, practice.score)}, {score_text(card, practice.gap)} below its "
        f"target of {score_text(card, practice.target)}" + (f"; tests {risks}" if risks else ""),
        WHY_CHARS,
    )


def _brief_reason(reason: str) -> str:
    """``critical finding: <the note>`` -> ``critical finding`` (the summary prints the note above); a closing
    step's reason without what its effort is made of (the roadmap pages print it)."""
    if reason.startswith(CLOSING_REASON):
        return CLOSING_REASON
    head, sep, _ = reason.partition(" finding: ")
    return f"{head} finding" if sep and " " not in head else reason


def _risks_named(reasons: list[str]) -> str | None:
    """The OWASP API Top 10 ids a priority reason names (``... risk 1.9 (API1, API2) ...``), if any."""
    for reason in reasons:
        if reason.startswith("priority ") and "risk " in reason and "(" in reason:
            inside = reason.split("risk ", 1)[1].split("(", 1)[1].split(")", 1)[0]
            if inside.startswith("API"):
                return inside
    return None


def role(step: StepDocument, q: Questionnaire) -> str | None:
    given = step.get("role")
    if given:
        return ROLE_NAMES.get(given, text.line(given, 40))
    activity = q.activity_by_id.get(step["activity"])
    return ROLE_NAMES.get(activity.role or "") if activity is not None else None


def effort_text(step: StepDocument) -> str:
    """The step's range of person-days, scaled to the estate (the planned middle when it has none)."""
    return day_range(step.get("effort_range"), step["effort"])


def first_steps(doc: RoadmapDocument, q: Questionnaire, answers: Answers, card: Scorecard) -> list[dict[str, Any]]:
    phases = [p for p in doc["phases"] if p["steps"]]
    if not phases:
        return []
    names = {p.id: p.name for p in card.practices}
    return [
        {
            "activity": s["activity"],
            "title": text.line(s["title"]),
            "practice": text.line(names.get(s["practice"], s["practice"])),
            "why": why(s, q, answers, card),
            "role": role(s, q),
            "effort": effort_text(s),
        }
        for s in phases[0]["steps"][:FIRST_STEPS]
    ]


def cost(doc: RoadmapDocument, card: Scorecard, final: Scorecard) -> list[str]:
    """What it takes to reach the targets, in a sentence or two."""
    if not doc["targets"]:
        return ["No targets are set, so there is no plan to cost: set targets in the answers file or pass --profile."]
    if not has_steps(doc):
        return gap_sentences(doc)
    steps = sum(len(p["steps"]) for p in doc["phases"])
    phases = len([p for p in doc["phases"] if p["steps"]])
    capacity = f" of at most {days(doc['capacity'])} each" if doc["capacity"] is not None else ""
    basis = doc.get("effort_basis")
    scaled = f" {basis['label']}" if basis is not None else ""
    lines = [
        f"Reaching the targets takes {steps} steps, {day_range(doc.get('effort_range'), doc['effort'])}{scaled}, "
        f"over {phases} "
        f"phase{'s' * (phases != 1)}{capacity}: the overall score would rise from {score_text(card, card.overall)} to "
        f"{score_text(card, final.overall)}, {fmt_percent(final.percent_to_target)} of the way to the targets."
    ]
    if doc["remaining_gap"]["practices"] or doc["remaining_gap"]["unscheduled_steps"]:
        lines.append(gap_sentences(doc)[0])
    if not is_complete(card):
        lines.append(
            f"Only {card.answered} of {card.total} activities were answered and the plan counts every other one as "
            "missing, so this cost is an upper bound, not an estimate."
        )
    return lines


def _weakest(card: Scorecard) -> list[PracticeScore]:
    order = {p.id: i for i, p in enumerate(card.practices)}
    scored = [p for p in card.practices if answered(p) and p.score is not None]
    if any(p.target is not None for p in card.practices):
        behind = [p for p in scored if (p.gap or 0) > 1e-9]
        return sorted(behind, key=lambda p: (-(p.gap or 0), p.score or 0, order[p.id]))
    return sorted([p for p in scored if (p.score or 0) < p.maximum], key=lambda p: (p.score or 0, order[p.id]))


def rankings(card: Scorecard) -> dict[str, list[dict[str, Any]]]:
    """Weakest by gap (then score), strongest by score; never the same practice in both, never an unanswered one."""
    order = {p.id: i for i, p in enumerate(card.practices)}
    count = max(1, min(HIGHLIGHTS, len([p for p in card.practices if answered(p)]) // 2))
    weakest = _weakest(card)[:count]
    taken = {p.id for p in weakest}
    # "Furthest along" only names practices that reached level 1: a 0.25 is not a strength to show a board.
    strong = [p for p in card.practices if answered(p) and (p.score or 0) >= STRENGTH_FLOOR and p.id not in taken]
    strongest = sorted(strong, key=lambda p: (-(p.score or 0), order[p.id]))[:count]
    return {"weakest": [_brief(card, p) for p in weakest], "strongest": [_brief(card, p) for p in strongest]}


def _brief(card: Scorecard, p: PracticeScore) -> dict[str, Any]:
    shown = {k: score_text(card, v) for k, v in (("score", p.score), ("target", p.target), ("gap", p.gap))}
    return {"id": p.id, "name": text.line(p.name), **shown}


def risks(q: Questionnaire, now: Scorecard, after: Scorecard, phase_of: dict[str, int]) -> dict[str, Any]:
    before = ref_coverage(q, now, API_TOP10_2023)
    later = {r.ref: r for r in ref_coverage(q, after, API_TOP10_2023)}

    def row(r: RefCoverage) -> RiskRow:
        planned = sorted({phase_of[a] for a in r.activities if a in phase_of})
        return {
            "id": r.ref,
            "title": text.line(r.title or r.ref),
            "coverage": fmt_percent(r.coverage),
            "coverage_value": r.coverage or 0.0,
            "after": fmt_percent(later[r.ref].coverage),
            "activities": len(r.activities),
            "planned": len([a for a in r.activities if a in phase_of]),
            "phases": phase_list(planned),
        }

    rows = [row(r) for r in before]
    open_rows = [r for r in rows if r["coverage_value"] < 1 - 1e-9]
    least = sorted(open_rows, key=lambda r: r["coverage_value"])[:HIGHLIGHTS]
    return {"all": rows, "least": least}


def phase_list(numbers: list[int]) -> str:
    """``[1, 2, 3]`` -> ``phases 1-3``; ``[2]`` -> ``phase 2``; ``[1, 3]`` -> ``phases 1 and 3``."""
    if not numbers:
        return ""
    if len(numbers) == 1:
        return f"phase {numbers[0]}"
    if numbers == list(range(numbers[0], numbers[-1] + 1)):
        return f"phases {numbers[0]}–{numbers[-1]}"
    return "phases " + ", ".join(str(n) for n in numbers[:-1]) + f" and {numbers[-1]}"
