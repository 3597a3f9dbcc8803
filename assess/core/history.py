"""A team's trend over time: its dated assessments in order, each with what moved since the one before.

Pure: the points come from files or from committed versions of files (see ``assess.files.git_history``);
here they are grouped per questionnaire and team, ordered, and compared step by step with SAMM's
formulas (change, progress towards the target, percent to target). Views draw the sparklines.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from assess.core.scoring import Scorecard, progress

DateSource = Literal["file", "commit", "none"]
"""Where a point's date came from: the answers file's ``date``, the commit's date, or nowhere."""


@dataclass(frozen=True, slots=True)
class Point:
    """One assessment of one team: a file, or one committed version of a file."""

    key: str
    """What groups points into one team's series: the file's ``team``, else its path."""
    team: str
    """The name shown for the team."""
    file: str
    date: dt.date | None
    card: Scorecard
    date_source: DateSource = "file"
    commit: str | None = None
    """The full commit id, for a committed version."""
    order: int = 0
    """Ties between equal dates keep this order (input order, or commit time)."""


@dataclass(frozen=True, slots=True)
class Step:
    """One score of one assessment, against the assessment before it in the series."""

    score: float | None
    previous: float | None
    target: float | None = None

    @property
    def change(self) -> float | None:
        if self.score is None or self.previous is None:
            return None
        return self.score - self.previous

    @property
    def progress(self) -> float | None:
        """SAMM's progress since the previous assessment: ``(now - before) / (target - before)``."""
        if self.score is None or self.previous is None or self.target is None:
            return None
        return progress(self.score, self.previous, self.target)


@dataclass(frozen=True, slots=True)
class Entry:
    """One row of a team's history."""

    point: Point
    overall: Step
    scores: dict[str, Step]
    """Function and practice id -> its step."""
    percent_to_target: float | None


@dataclass(frozen=True, slots=True)
class Column:
    kind: Literal["function", "practice"]
    id: str
    name: str
    maximum: float


@dataclass(frozen=True, slots=True)
class Series:
    """Every assessment of one team against one questionnaire, oldest first."""

    team: str
    questionnaire_id: str
    questionnaire_version: str
    """The version of the newest assessment (its columns are shown)."""
    columns: tuple[Column, ...]
    maximum: float
    entries: tuple[Entry, ...]
    method: str = "samm"
    """The scoring method of the newest assessment (bsimm scores are counts of observed activities)."""

    def trend(self, ident: str) -> tuple[float | None, ...]:
        """The scores of a function or practice (or ``overall``) over the series, oldest first."""
        if ident == "overall":
            return tuple(e.overall.score for e in self.entries)
        return tuple(e.scores[ident].score if ident in e.scores else None for e in self.entries)


def history(points: Sequence[Point]) -> tuple[Series, ...]:
    """Group points by questionnaire and team, order each group by date, and compare each with the one before.

    Files answering different questionnaires never share a series, so a team assessed against two
    questionnaires gets two. Points without a date sort before dated ones, in their given order.
    """
    groups: dict[tuple[str, str], list[Point]] = {}
    for point in points:
        groups.setdefault((point.card.questionnaire_id, point.key), []).append(point)
    series = [_series(sorted(group, key=_when)) for group in groups.values()]
    return tuple(sorted(series, key=lambda s: (s.questionnaire_id, s.team.casefold(), s.team)))


def _when(point: Point) -> tuple[bool, dt.date, int]:
    return (point.date is not None, point.date or dt.date.min, point.order)


def _series(points: list[Point]) -> Series:
    newest = points[-1].card
    columns: list[Column] = []
    for function in newest.functions:
        columns.append(Column("function", function.id, function.name, function.maximum))
        columns.extend(Column("practice", p.id, p.name, p.maximum) for p in function.practices)
    entries: list[Entry] = []
    before: dict[str, float | None] = {}
    overall_before: float | None = None
    for point in points:
        now = _scores(point.card)
        targets = {p.id: p.target for p in point.card.practices}
        steps = {ident: Step(score, before.get(ident), targets.get(ident)) for ident, score in now.items()}
        entries.append(Entry(point, Step(point.card.overall, overall_before), steps, point.card.percent_to_target))
        before, overall_before = now, point.card.overall
    return Series(
        points[-1].team,
        newest.questionnaire_id,
        newest.questionnaire_version,
        tuple(columns),
        newest.maximum,
        tuple(entries),
        newest.method,
    )


def _scores(card: Scorecard) -> dict[str, float | None]:
    scores: dict[str, float | None] = {}
    for function in card.functions:
        scores[function.id] = function.score
        scores.update({p.id: p.score for p in function.practices})
    return scores
