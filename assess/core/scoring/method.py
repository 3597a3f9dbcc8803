"""The scoring-method seam: how a questionnaire's answers become a scorecard, and which steps raise it.

A questionnaire names its method with the optional ``scoring`` key (``samm`` by default). A method
scores answers into a :class:`~assess.core.scoring.cards.Scorecard` whose nodes carry their maxima,
and plans: it says which activities a roadmap raises, in what order, and what the scores become.
Phasing, targets and every view are shared, so a second method adds only what is its own.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Protocol

from assess.core.scoring.cards import NaMode, Scorecard

if TYPE_CHECKING:
    from assess.core.model import Questionnaire
    from assess.core.roadmap.plan import StepPlanner

Chosen = Mapping[str, str | None]
"""Activity id -> chosen option id (or ``n/a``, or None when unanswered)."""


class ScoringMethod(Protocol):
    """One way of scoring (SAMM's formulas today); chosen by the questionnaire's ``scoring`` key."""

    name: str

    def score(self, q: Questionnaire, chosen: Chosen, na: NaMode, targets: Mapping[str, float]) -> Scorecard: ...

    def planner(self, q: Questionnaire, chosen: Chosen, targets: Mapping[str, float], na: NaMode) -> StepPlanner: ...


_METHODS: dict[str, ScoringMethod] = {}


def register(method: ScoringMethod) -> ScoringMethod:
    """Make a method available under its name (each method module registers itself once)."""
    _METHODS[method.name] = method
    return method


def method_for(q: Questionnaire) -> ScoringMethod:
    """The method a questionnaire declares (its model already refused unknown names)."""
    if not _METHODS:
        from assess.core.scoring import samm  # noqa: F401  (registers itself)
    return _METHODS[q.scoring]
