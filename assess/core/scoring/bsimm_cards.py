"""The BSIMM-specific numbers of a scorecard, attached to the shared :class:`~.cards.Scorecard`.

Why an attachment rather than new fields on every node: the shared nodes already say what every
view needs from any method (a practice's score is its observed count, its maximum the number of
its activities; a domain sums its practices; ``overall`` is the firm score), so tables, diffs,
aggregates, gates and charts work unchanged. What only BSIMM has (normalised shares, high-water
marks, n/a counts, the data pool's frequencies and what they suggest) lives here, once, in
``Scorecard.bsimm``; SAMM scorecards leave it None and SAMM's views never see it.
"""

from __future__ import annotations

from dataclasses import dataclass

COMMON_SHARE = 0.5
"""An activity at least this share of the data pool does counts as common practice."""


@dataclass(frozen=True, slots=True)
class BsimmActivity:
    """One activity: observed or not, and how common it is in the data pool."""

    id: str
    title: str
    practice: str
    level: int
    observed: bool
    na: bool
    firms: int | None
    """Data-pool firms observed doing it (None when the questionnaire gives no count)."""
    pool_share: float | None
    """``firms / pool size``."""
    most_common: bool
    """The practice's most common activity in the pool (every activity tied at the top is marked)."""
    look_first: bool
    """Common in the pool (the practice's most common, or done by half the pool) but not observed here."""
    bsimm: tuple[str, ...] = ()
    """The BSIMM activity ids it corresponds to."""


@dataclass(frozen=True, slots=True)
class LevelCount:
    level: int
    observed: int
    total: int


@dataclass(frozen=True, slots=True)
class BsimmPractice:
    id: str
    name: str
    domain: str
    observed: int
    total: int
    na: int
    high_water_mark: int
    """The highest level with an observed activity (0 when none is observed)."""
    levels: tuple[LevelCount, ...]
    pool_average: float | None
    """The pool's average normalised share over these activities (None without every count)."""
    most_common: tuple[str, ...]

    @property
    def share(self) -> float:
        """The normalised score: the share of the practice's activities observed (BSIMM's spider chart)."""
        return self.observed / self.total if self.total else 0.0


@dataclass(frozen=True, slots=True)
class BsimmDomain:
    id: str
    name: str
    observed: int
    total: int
    na: int
    high_water_mark: int
    """The highest high-water mark of its practices."""

    @property
    def share(self) -> float:
        return self.observed / self.total if self.total else 0.0


@dataclass(frozen=True, slots=True)
class Derivation:
    """Where a derived BSIMM scorecard comes from: another questionnaire's answers, through a crosswalk."""

    questionnaire_id: str
    questionnaire_version: str
    crosswalk: str
    rule: str
    """How an activity counts as observed, in words (printed beside every derived scorecard)."""
    unmapped: tuple[str, ...]
    """Activities no source activity maps to: never observed in a derived scorecard."""


@dataclass(frozen=True, slots=True)
class BsimmCard:
    firm_score: int
    """The number of activities observed."""
    total: int
    na: int
    pool_name: str | None
    pool_firms: int | None
    pool_average_score: float | None
    """How many of these activities the pool's average firm does (None without every count)."""
    domains: tuple[BsimmDomain, ...]
    practices: tuple[BsimmPractice, ...]
    activities: tuple[BsimmActivity, ...]
    derived: Derivation | None = None

    @property
    def share(self) -> float:
        return self.firm_score / self.total if self.total else 0.0

    @property
    def look_first(self) -> tuple[str, ...]:
        """Common activities not observed, most common first: BSIMM's advice for where to look first."""
        flagged = [a for a in self.activities if a.look_first]
        return tuple(a.id for a in sorted(flagged, key=lambda a: -(a.firms or 0)))

    def practice(self, practice_id: str) -> BsimmPractice:
        for practice in self.practices:
            if practice.id == practice_id:
                return practice
        raise KeyError(practice_id)
