"""The organisation view: each team counted once (its latest assessment), and where teams stand on targets.

``assess aggregate`` used to count every file, so a team with two quarters on disk weighed twice
in the organisation's mean. Here files are grouped by team (the file's ``team``, else its path),
the latest of each group counts, and per practice the view says how many teams meet their target
and which fall furthest below it. :func:`assess.core.compare.aggregate` still does the arithmetic.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from assess.core.compare import Aggregate, Spread, aggregate
from assess.core.scoring import Scorecard
from assess.core.targets import EPSILON

FURTHEST_BELOW = 3
"""How many teams each practice names as furthest below its target."""


@dataclass(frozen=True, slots=True)
class Assessed:
    """One answers file as the organisation view reads it."""

    key: str
    """The team's grouping key: the file's ``team``, else its path."""
    team: str
    file: str
    date: dt.date | None
    card: Scorecard


@dataclass(frozen=True, slots=True)
class Shortfall:
    team: str
    file: str
    score: float
    target: float

    @property
    def gap(self) -> float:
        return self.target - self.score


@dataclass(frozen=True, slots=True)
class Standing:
    """One practice across the counted teams."""

    id: str
    name: str
    spread: Spread
    with_target: int
    """Teams that set a target for the practice."""
    at_target: int
    """Of those, the teams at or above it."""
    furthest_below: tuple[Shortfall, ...]
    """The teams furthest below their target, largest gap first."""


@dataclass(frozen=True, slots=True)
class Organisation:
    aggregate: Aggregate
    """The counted assessments (one per team), with the organisation's mean, min and max."""
    files: int
    """How many assessments were read."""
    superseded: tuple[Assessed, ...]
    """Older assessments of a team, read but not counted."""
    standings: tuple[Standing, ...]


def latest_per_team(assessed: Sequence[Assessed]) -> tuple[list[Assessed], list[Assessed]]:
    """(the latest assessment of each team, in input order; the older ones, in input order).

    Latest means the newest ``date``; a file without a date counts as older than any dated one,
    and between equals the one given later wins (folders are read in path order).
    """
    best: dict[str, int] = {}
    for index, item in enumerate(assessed):
        kept = best.get(item.key)
        if kept is None or _when(item, index) >= _when(assessed[kept], kept):
            best[item.key] = index
    chosen = set(best.values())
    latest = [a for i, a in enumerate(assessed) if i in chosen]
    older = [a for i, a in enumerate(assessed) if i not in chosen]
    return latest, older


def _when(item: Assessed, index: int) -> tuple[bool, dt.date, int]:
    return (item.date is not None, item.date or dt.date.min, index)


def organisation(assessed: Sequence[Assessed], furthest: int = FURTHEST_BELOW) -> Organisation:
    """The organisation view over files of one questionnaire, each team counted once."""
    latest, older = latest_per_team(assessed)
    result = aggregate([(a.file, a.team, a.card) for a in latest])
    standings = []
    for kind, ident, name in result.columns:
        if kind != "practice":
            continue
        shortfalls, with_target, at_target = [], 0, 0
        for item in latest:
            practice = next((p for p in item.card.practices if p.id == ident), None)
            if practice is None or practice.target is None or practice.score is None:
                continue
            with_target += 1
            if practice.score >= practice.target - EPSILON:
                at_target += 1
            else:
                shortfalls.append(Shortfall(item.team, item.file, practice.score, practice.target))
        shortfalls.sort(key=lambda s: -s.gap)
        standings.append(
            Standing(ident, name, result.spreads[ident], with_target, at_target, tuple(shortfalls[:furthest]))
        )
    return Organisation(result, len(assessed), tuple(older), tuple(standings))
