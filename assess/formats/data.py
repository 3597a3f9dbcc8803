"""Plain-data forms of results (the JSON contract in DESIGN.md); other formats read these."""

from __future__ import annotations

import math
from typing import Any

from assess.compare import Aggregate, Diff, Spread
from assess.model import Answers
from assess.scoring import Scorecard


def score_data(card: Scorecard, file: str, answers: Answers) -> dict[str, Any]:
    """The score JSON object of one assessment (numbers unrounded)."""
    return {
        "questionnaire": {
            "id": card.questionnaire_id,
            "version": card.questionnaire_version,
            "title": card.questionnaire_title,
        },
        "assessment": {
            "file": file,
            "team": answers.team,
            "scope": answers.scope,
            "date": answers.date.isoformat() if answers.date else None,
        },
        "answered": card.answered,
        "total": card.total,
        "na": card.na,
        "overall": card.overall,
        "percent_to_target": card.percent_to_target,
        "functions": [
            {
                "id": f.id,
                "name": f.name,
                "score": f.score,
                "practices": [
                    {
                        "id": p.id,
                        "name": p.name,
                        "score": p.score,
                        "target": p.target,
                        "gap": p.gap,
                        "streams": [{"id": s.id, "name": s.name, "score": s.score} for s in p.streams],
                    }
                    for p in f.practices
                ],
            }
            for f in card.functions
        ],
    }


def diff_data(result: Diff, old_file: str, new_file: str) -> dict[str, Any]:
    return {
        "questionnaire": {
            "id": result.questionnaire_id,
            "version_before": result.version_before,
            "version_after": result.version_after,
        },
        "before": old_file,
        "after": new_file,
        "scores": [
            {
                "kind": c.kind,
                "id": c.id,
                "name": c.name,
                "before": c.before,
                "after": c.after,
                "change": c.change,
                "target": c.target,
                "progress": c.progress,
            }
            for c in result.scores
        ],
        "answers": [
            {
                "activity": a.activity,
                "before": a.before,
                "after": a.after,
                "value_before": a.value_before,
                "value_after": a.value_after,
                "change": a.change,
            }
            for a in result.answers
        ],
    }


def _spread_data(spread: Spread) -> dict[str, float | None]:
    return {"mean": spread.mean, "min": spread.min, "max": spread.max}


def aggregate_data(result: Aggregate) -> dict[str, Any]:
    return {
        "questionnaire": {"id": result.questionnaire_id, "version": result.questionnaire_version},
        "columns": [{"kind": kind, "id": ident, "name": name} for kind, ident, name in result.columns],
        "teams": [{"file": t.file, "team": t.team, "overall": t.overall, "scores": t.scores} for t in result.teams],
        "organisation": {
            "overall": _spread_data(result.overall),
            "scores": {k: _spread_data(v) for k, v in result.spreads.items()},
        },
    }


def fmt(value: float | None, digits: int = 2) -> str:
    """A number for people: rounded for display only, a dash when there is none."""
    return "–" if value is None else f"{value:.{digits}f}"


def fmt_change(value: float | None) -> str:
    return "–" if value is None else f"{value:+.2f}"


PERCENT_NOISE = 1e-6
"""Float noise, in percentage points, that still counts as the next whole percent."""


def fmt_percent(value: float | None) -> str:
    """A share as a whole percentage, rounded down: "100%" only when the target is met, never at 99.6%."""
    return "–" if value is None else f"{math.floor(value * 100 + PERCENT_NOISE)}%"
