"""The scoring-method seam: how a questionnaire's answers become a scorecard, and which steps raise it.

A questionnaire names its method with the optional ``scoring`` key (``samm`` by default). A method
scores answers into a :class:`~assess.core.scoring.cards.Scorecard` whose nodes carry their maxima,
and plans: it says which activities a roadmap raises, in what order, and what the scores become.
Phasing, targets and every view are shared, so a second method adds only what is its own.
"""

from __future__ import annotations

from collections.abc import Mapping
from importlib import import_module
from typing import TYPE_CHECKING, Protocol

from assess.core.scoring.cards import NaMode, Scorecard

if TYPE_CHECKING:
    from assess.core.model import Questionnaire
    from assess.core.roadmap.plan import StepPlanner

Chosen = Mapping[str, str | None]
"""Activity id -> chosen option id (or ``n/a``, or None when unanswered)."""


class ScoringMethod(Protocol):
    """One way of scoring (SAMM's formulas, or BSIMM's counts); chosen by the questionnaire's ``scoring`` key."""

    name: str
    na_modes: tuple[NaMode, ...]
    """The ``--na`` modes the method accepts (SAMM: zero and exclude; BSIMM: zero only)."""

    def score(self, q: Questionnaire, chosen: Chosen, na: NaMode, targets: Mapping[str, float]) -> Scorecard: ...

    def planner(self, q: Questionnaire, chosen: Chosen, targets: Mapping[str, float], na: NaMode) -> StepPlanner: ...


_METHODS: dict[str, ScoringMethod] = {}


def register(method: ScoringMethod) -> ScoringMethod:
    """Make a method available under its name (each method module registers itself once)."""
    _METHODS[method.name] = method
    return method


def method_for(q: Questionnaire) -> ScoringMethod:
    """The method a questionnaire declares (its model already refused unknown names).

    Each method's module is imported the first time a questionnaire asks for it (it registers itself).
    """
    if q.scoring not in _METHODS:
        import_module(f"assess.core.scoring.{q.scoring}")
    return _METHODS[q.scoring]
