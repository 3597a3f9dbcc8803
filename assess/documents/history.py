"""The history document: each team's assessments in order, with change and progress (the JSON of ``assess history``)."""

from __future__ import annotations

from typing import NotRequired, TypedDict

from assess.core.history import Series


class HistoryColumn(TypedDict):
    kind: str
    """function or practice."""
    id: str
    name: str
    maximum: float


class HistoryStep(TypedDict):
    score: float | None
    change: float | None
    """Since the previous assessment of the team; None for the first."""
    target: float | None
    progress: float | None
    """SAMM's progress since the previous assessment: ``(now - before) / (target - before)``."""


class OverallStep(TypedDict):
    score: float | None
    change: float | None


class HistoryEntry(TypedDict):
    file: str
    commit: str | None
    """The full commit id of a committed version (``--git``), else None."""
    date: str | None
    date_source: str
    """file (the answers file's date), commit (the commit's date: the file has none) or none."""
    overall: OverallStep
    percent_to_target: float | None
    scores: dict[str, HistoryStep]


class HistoryQuestionnaire(TypedDict):
    id: str
    version: str


class SeriesNode(TypedDict):
    method: NotRequired[str]
    """``bsimm`` on a bsimm questionnaire (scores are counts of observed activities); absent for SAMM."""
    team: str
    questionnaire: HistoryQuestionnaire
    maximum: float
    """The highest overall score."""
    columns: list[HistoryColumn]
    entries: list[HistoryEntry]


class HistoryDocument(TypedDict):
    series: list[SeriesNode]
    warnings: list[str]
    """Versions that could not be read (one line each), and other things left out."""


def history_data(series: tuple[Series, ...], warnings: list[str]) -> HistoryDocument:
    return {"series": [_series_data(s) for s in series], "warnings": list(warnings)}


def _series_data(s: Series) -> SeriesNode:
    node: SeriesNode = {
        "team": s.team,
        "questionnaire": {"id": s.questionnaire_id, "version": s.questionnaire_version},
        "maximum": s.maximum,
        "columns": [{"kind": c.kind, "id": c.id, "name": c.name, "maximum": c.maximum} for c in s.columns],
        "entries": [
            {
                "file": e.point.file,
                "commit": e.point.commit,
                "date": e.point.date.isoformat() if e.point.date else None,
                "date_source": e.point.date_source,
                "overall": {"score": e.overall.score, "change": e.overall.change},
                "percent_to_target": e.percent_to_target,
                "scores": {
                    ident: {
                        "score": step.score,
                        "change": step.change,
                        "target": step.target,
                        "progress": step.progress,
                    }
                    for ident, step in e.scores.items()
                },
            }
            for e in s.entries
        ],
    }
    if s.method != "samm":
        node = {"method": s.method, **node}
    return node
