"""The trend (this assessment beside the previous one) and the benchmark (beside the organisation, and SAMM's).

Both are optional parts of the report: they exist only when ``--previous``/``--previous-ref``
or ``--benchmark`` gave something to compare with. The published SAMM benchmark averages are
facts stored in ``data/samm-benchmark.json`` with their dataset version, number of submissions
and source; they are shown only for a questionnaire that declares ``comparable_with:
samm-benchmark``, and always with the caveat that stricter criteria score lower.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from assess.core.compare import diff
from assess.core.display import fmt, fmt_change
from assess.core.model import Answers, Questionnaire
from assess.core.scoring import Scorecard
from assess.documents.contract import SpreadNode
from assess.report import text
from assess.report.bars import Comparison, benchmark_dots
from assess.report.palette import Palette
from assess.report.practices import answer_label, answered

CHANGED_ANSWERS_SHOWN = 30
SAMM_BENCHMARK = Path(__file__).with_name("data") / "samm-benchmark.json"
CAVEAT = (
    "Read this as orientation, not a ranking. The published figures score the OWASP SAMM model's own "
    "questions, mostly in third-party assessments of large organisations; this questionnaire asks about "
    "APIs, with quality criteria that must all hold before an answer above the lowest counts, and "
    "stricter criteria score lower for the same practice."
)


@dataclass(frozen=True)
class Previous:
    """The previous assessment of the same questionnaire: where it came from, its answers and scores."""

    label: str
    answers: Answers
    card: Scorecard


@dataclass(frozen=True)
class Benchmark:
    """The organisation to compare with (from ``assess aggregate``): its spread per function and practice."""

    label: str
    teams: int
    overall: SpreadNode
    scores: dict[str, SpreadNode]
    """Function or practice id -> the organisation's mean, min and max."""


def trend(q: Questionnaire, answers: Answers, card: Scorecard, previous: Previous) -> dict[str, Any]:
    """Before, now and change per practice, and the answers that changed with their notes."""
    result = diff(previous.card, previous.answers, card, answers)
    was = {p.id: p for p in previous.card.practices}
    rows = []
    for change in result.scores:
        if change.kind == "overall":
            continue
        before_answered = change.kind != "practice" or (change.id in was and answered(was[change.id]))
        rows.append(
            {
                "kind": change.kind,
                "id": change.id,
                "name": text.line(change.name),
                "before": fmt(change.before) if before_answered else "—",
                "now": fmt(change.after),
                "change": fmt_change(change.change) if before_answered else "—",
                "direction": _direction(change.change if before_answered else None),
            }
        )
    changed = []
    for c in result.answers:
        activity = q.activity_by_id.get(c.activity)
        if activity is None:
            continue
        entry, old = answers.answers.get(c.activity), previous.answers.answers.get(c.activity)
        changed.append(
            {
                "id": c.activity,
                "title": text.line(activity.display_title),
                "before": answer_label(q, activity, c.before),
                "after": answer_label(q, activity, c.after),
                "change": fmt_change(c.change),
                "direction": _direction(c.change),
                "note": text.clip(entry.note, text.SHORT_NOTE) if entry else None,
                "previous_note": text.clip(old.note, text.SHORT_NOTE)
                if old and old.note != (entry and entry.note)
                else None,
            }
        )
    overall = next(c for c in result.scores if c.kind == "overall")
    return {
        "label": text.line(previous.label, text.LINE),
        "date": previous.answers.date.isoformat() if previous.answers.date else None,
        "overall_before": fmt(overall.before),
        "overall_change": fmt_change(overall.change),
        "rows": rows,
        "answers": changed[:CHANGED_ANSWERS_SHOWN],
        "more_answers": max(0, len(changed) - CHANGED_ANSWERS_SHOWN),
    }


def _direction(change: float | None) -> str:
    if change is None or abs(change) < 0.005:
        return "same"
    return "up" if change > 0 else "down"


@cache
def published() -> dict[str, Any]:
    """The published SAMM benchmark averages (shipped data)."""
    data: dict[str, Any] = json.loads(SAMM_BENCHMARK.read_text(encoding="utf-8"))
    return data


def benchmark(q: Questionnaire, card: Scorecard, given: Benchmark, palette: Palette) -> dict[str, Any]:
    """The team beside the organisation's spread per function and practice, and SAMM's published averages."""
    organisation = given.scores
    samm = published() if q.comparable_with == "samm-benchmark" and card.method == "samm" else None
    samm_functions: dict[str, Any] = samm["functions"] if samm else {}

    def spread(ident: str) -> dict[str, float | None]:
        node = organisation.get(ident)
        return {"mean": node["mean"], "low": node["min"], "high": node["max"]} if node else {}

    functions, practices, dots = [], [], []
    for f in card.functions:
        s = spread(f.id)
        mine = f.score if any(answered(p) for p in f.practices) else None
        share = samm_functions.get(f.id, {}).get("mean")
        functions.append(
            {"id": f.id, "name": text.line(f.name), "team": fmt(mine), **_shown(s), "published": fmt(share)}
        )
        dots.append(Comparison(f.name, mine, s.get("mean"), s.get("low"), s.get("high"), share))
        for p in f.practices:
            ps = spread(p.id)
            practices.append(
                {"id": p.id, "name": text.line(p.name), "team": fmt(p.score) if answered(p) else "—", **_shown(ps)}
            )
    source = None
    if samm:
        source = {key: samm[key] for key in ("name", "dataset", "released", "submissions", "source", "about")}
        source["overall"] = fmt(samm["overall"])
    title = "Business functions beside the organisation" + (" and the SAMM benchmark" if samm else "")
    name = f"SAMM benchmark {samm['dataset']}" if samm else None
    return {
        "label": text.line(given.label, text.LINE),
        "teams": given.teams,
        "overall": fmt(card.overall),
        "organisation_overall": fmt(given.overall["mean"]),
        "functions": functions,
        "practices": practices,
        "published": source,
        "caveat": CAVEAT if samm else None,
        "chart": benchmark_dots(dots, card.practice_maximum, title, palette, name),
    }


def _shown(spread: dict[str, float | None]) -> dict[str, str]:
    return {"mean": fmt(spread.get("mean")), "low": fmt(spread.get("low")), "high": fmt(spread.get("high"))}
