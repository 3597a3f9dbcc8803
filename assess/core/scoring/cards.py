"""Scorecards: every score of one assessment, unrounded, each with the highest value it can reach.

The shape is shared by every scoring method, so views render any method's scorecard the same way
and never compute a score or a maximum themselves; a method's own extra numbers ride along in an
optional attachment (``Scorecard.bsimm``, see :mod:`.bsimm_cards`).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

from assess.core.model import NOT_APPLICABLE
from assess.core.scoring.bsimm_cards import BsimmCard

NaMode = Literal["zero", "exclude"]


@dataclass(frozen=True, slots=True)
class ActivityScore:
    id: str
    level: int
    value: float
    answer: str | None
    """The chosen option id, ``n/a``, or None when unanswered."""
    maximum: float = 1.0
    """The value of the activity's top option."""

    @property
    def is_na(self) -> bool:
        return self.answer == NOT_APPLICABLE


@dataclass(frozen=True, slots=True)
class StreamScore:
    id: str
    name: str
    score: float | None
    activities: tuple[ActivityScore, ...]
    maximum: float = 0.0


@dataclass(frozen=True, slots=True)
class PracticeScore:
    id: str
    name: str
    score: float | None
    target: float | None
    streams: tuple[StreamScore, ...]
    maximum: float = 0.0
    levels: tuple[tuple[int, float | None], ...] = ()
    """(level, mean over the practice's streams of that level's activity value): the Toolbox's maturity columns."""

    @property
    def level_means(self) -> Mapping[int, float | None]:
        """Level -> the mean of that level's activity values over the streams that have one (0..1)."""
        return dict(self.levels)

    @property
    def gap(self) -> float | None:
        """How far below its target the practice is (never negative; None without a target)."""
        if self.target is None or self.score is None:
            return None
        return max(0.0, self.target - self.score)

    @property
    def percent_to_target(self) -> float | None:
        return percent_to_target([self])


@dataclass(frozen=True, slots=True)
class FunctionScore:
    id: str
    name: str
    score: float | None
    practices: tuple[PracticeScore, ...]
    maximum: float = 0.0


@dataclass(frozen=True, slots=True)
class Scorecard:
    """Every score of one assessment, unrounded."""

    questionnaire_id: str
    questionnaire_version: str
    questionnaire_title: str
    na: NaMode
    overall: float | None
    functions: tuple[FunctionScore, ...]
    answered: int
    total: int
    maximum: float = 0.0
    """The highest overall score (3 for a full SAMM questionnaire)."""
    method: str = "samm"
    bsimm: BsimmCard | None = None
    """BSIMM's own numbers (shares, high-water marks, the data pool) on a bsimm scorecard; None for SAMM."""

    @property
    def practices(self) -> tuple[PracticeScore, ...]:
        return tuple(p for f in self.functions for p in f.practices)

    @property
    def activities(self) -> tuple[ActivityScore, ...]:
        return tuple(a for p in self.practices for s in p.streams for a in s.activities)

    def practice(self, practice_id: str) -> PracticeScore:
        for practice in self.practices:
            if practice.id == practice_id:
                return practice
        raise KeyError(practice_id)

    @property
    def percent_to_target(self) -> float | None:
        return percent_to_target(self.practices)

    @property
    def total_gap(self) -> float:
        """The sum of the practices' gaps to their targets (0 when none is set)."""
        return math.fsum(p.gap or 0.0 for p in self.practices)

    @property
    def practice_maximum(self) -> float:
        """The highest score any practice can reach (the scale of practice charts)."""
        return max((p.maximum for p in self.practices), default=0.0)


def mean(values: Iterable[float | None]) -> float | None:
    """Mean of the values that are not None; None when there are none.

    ``math.fsum`` adds exactly: a plain ``sum`` of the five function scores can make 1.475 into
    1.4749999999999999, which then shows 1.47 where the Toolbox shows 1.48.
    """
    present = [v for v in values if v is not None]
    return math.fsum(present) / len(present) if present else None


def percent_to_target(practices: Iterable[PracticeScore]) -> float | None:
    """SAMM's relative metric: ``1 - sum(gap) / sum(target)`` over practices with a target."""
    with_target = [p for p in practices if p.target is not None and p.score is not None]
    if not with_target:
        return None
    total_target = math.fsum(p.target for p in with_target if p.target is not None)
    total_gap = math.fsum(p.gap for p in with_target if p.gap is not None)
    if total_target == 0:
        return 1.0
    return 1 - total_gap / total_target


def progress(current: float, baseline: float, target: float) -> float | None:
    """Progress between two assessments: ``(current - baseline) / (target - baseline)``."""
    if target == baseline:
        return None
    return (current - baseline) / (target - baseline)
