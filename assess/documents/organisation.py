"""The organisation document (``assess aggregate`` without ``--all``): the aggregate of the latest
assessment of each team, plus where the teams stand on their targets and what was left out."""

from __future__ import annotations

from typing import TypedDict

from assess.core.organisation import Organisation
from assess.documents.contract import AggregateDocument
from assess.documents.scores import aggregate_data


class Shortfall(TypedDict):
    team: str
    file: str
    score: float
    target: float
    gap: float


class PracticeStanding(TypedDict):
    id: str
    name: str
    mean: float | None
    min: float | None
    max: float | None
    with_target: int
    """Counted teams with a target for the practice."""
    at_target: int
    """Of those, the teams at or above it."""
    furthest_below: list[Shortfall]


class Superseded(TypedDict):
    file: str
    team: str
    date: str | None


class OrganisationDocument(AggregateDocument):
    """The aggregate document over one assessment per team, and where the teams stand on targets."""

    counting: str
    """``latest per team``: how the teams' rows were chosen."""
    assessments: int
    """How many assessments were read (the superseded ones too)."""
    superseded: list[Superseded]
    practices: list[PracticeStanding]


def organisation_data(result: Organisation) -> OrganisationDocument:
    """The aggregate document's keys (over one assessment per team, a bsimm one's coverage included), then
    ``counting``, ``assessments``, ``superseded`` and ``practices``."""
    base = aggregate_data(result.aggregate)
    superseded: list[Superseded] = [
        {"file": a.file, "team": a.team, "date": a.date.isoformat() if a.date else None} for a in result.superseded
    ]
    practices: list[PracticeStanding] = [
        {
            "id": s.id,
            "name": s.name,
            "mean": s.spread.mean,
            "min": s.spread.min,
            "max": s.spread.max,
            "with_target": s.with_target,
            "at_target": s.at_target,
            "furthest_below": [
                {"team": f.team, "file": f.file, "score": f.score, "target": f.target, "gap": f.gap}
                for f in s.furthest_below
            ],
        }
        for s in result.standings
    ]
    return {
        **base,
        "counting": "latest per team",
        "assessments": result.files,
        "superseded": superseded,
        "practices": practices,
    }
