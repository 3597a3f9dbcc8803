"""The score, diff and aggregate documents: the JSON contract of DESIGN.md, which every format renders.

Their types are in :mod:`.contract`; the key order of each literal below is the order of the JSON output.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from assess.core.compare import Aggregate, Diff, Spread
    from assess.core.model import Answers
    from assess.core.scoring import PracticeScore, Scorecard
    from assess.documents.contract import (
        AggregateDocument,
        AssessmentRef,
        DiffDocument,
        PracticeNode,
        ScoreDocument,
        ScoreFinding,
        SpreadNode,
        TeamRow,
    )


def assessment_ref(file: str, answers: Answers) -> AssessmentRef:
    return {
        "file": file,
        "team": answers.team,
        "scope": answers.scope,
        "date": answers.date.isoformat() if answers.date else None,
    }


def _practice_node(p: PracticeScore) -> PracticeNode:
    """A practice, with its level averages (the Toolbox's maturity columns) before its streams when it has them."""
    levels = {"levels": {str(level): value for level, value in p.levels}} if p.levels else {}
    node: PracticeNode = {
        "id": p.id,
        "name": p.name,
        "maximum": p.maximum,
        "score": p.score,
        "target": p.target,
        "gap": p.gap,
        # mypy cannot check an optional key spread into a literal; it is spread so "levels" precedes "streams"
        **levels,  # type: ignore[typeddict-item]
        "streams": [{"id": s.id, "name": s.name, "maximum": s.maximum, "score": s.score} for s in p.streams],
    }
    return node


def findings_data(answers: Answers) -> list[ScoreFinding]:
    """The answers flagged as findings, most severe first, then in the file's order."""
    from assess.core.model.answers import SEVERITIES

    flagged = [(a, e) for a, e in answers.answers.items() if e.finding is not None]
    flagged.sort(key=lambda item: SEVERITIES.index(item[1].finding or ""))
    return [
        {"activity": a, "severity": e.finding or "", "note": e.finding_note, "answer": e.answer} for a, e in flagged
    ]


def score_data(card: Scorecard, file: str, answers: Answers) -> ScoreDocument:
    """The score JSON object of one assessment (numbers unrounded); a bsimm one adds ``method`` and ``bsimm``;
    ``findings`` only when some answers are flagged."""
    doc: ScoreDocument = {
        "questionnaire": {
            "id": card.questionnaire_id,
            "version": card.questionnaire_version,
            "title": card.questionnaire_title,
        },
        "assessment": assessment_ref(file, answers),
        "answered": card.answered,
        "total": card.total,
        "na": card.na,
        "maximum": card.maximum,
        "overall": card.overall,
        "percent_to_target": card.percent_to_target,
        "functions": [
            {
                "id": f.id,
                "name": f.name,
                "maximum": f.maximum,
                "score": f.score,
                "practices": [_practice_node(p) for p in f.practices],
            }
            for f in card.functions
        ],
    }
    findings = findings_data(answers)
    if findings:
        doc["findings"] = findings
    if card.bsimm is not None:
        from assess.documents.bsimm import bsimm_data

        doc = {"method": card.method, **doc, "bsimm": bsimm_data(card.bsimm)}
    return doc


def diff_data(result: Diff, old_file: str, new_file: str) -> DiffDocument:
    """What moved; between bsimm scorecards the scores are observed counts and ``method`` says so."""
    doc: DiffDocument = {
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
    if result.method != "samm":
        doc = {"method": result.method, **doc}
    if result.derived is not None:
        doc["derived"] = result.derived
    return doc


def _spread_data(spread: Spread) -> SpreadNode:
    return {"mean": spread.mean, "min": spread.min, "max": spread.max}


def aggregate_data(result: Aggregate) -> AggregateDocument:
    """One row per team and the organisation; on bsimm scorecards also each team's observed activities and
    the organisation's coverage of every activity (``method``, ``coverage`` and ``observed``: optional keys)."""
    bsimm = result.method == "bsimm"
    teams: list[TeamRow] = []
    for t in result.teams:
        row: TeamRow = {"file": t.file, "team": t.team, "overall": t.overall, "scores": t.scores}
        if bsimm:
            row["observed"] = list(t.observed)
        teams.append(row)
    doc: AggregateDocument = {
        "questionnaire": {"id": result.questionnaire_id, "version": result.questionnaire_version},
        "columns": [{"kind": kind, "id": ident, "name": name} for kind, ident, name in result.columns],
        "teams": teams,
        "organisation": {
            "overall": _spread_data(result.overall),
            "scores": {k: _spread_data(v) for k, v in result.spreads.items()},
        },
    }
    if bsimm:
        doc = {"method": result.method, **doc}
        if result.derived is not None:
            doc["derived"] = result.derived
        doc["coverage"] = [
            {
                "activity": c.activity,
                "title": c.title,
                "practice": c.practice,
                "observed": c.observed,
                "na": c.na,
                "teams": c.teams,
                "share": c.share,
            }
            for c in result.coverage
        ]
    return doc
