"""Effort scaled to the estate (pure): a questionnaire estimates for its basis, a team's estate differs.

The rule: each activity's effort range (low and high) is multiplied by one factor::

    factor = 0.2 + 0.5 x apis / basis_apis + 0.3 x teams / basis_teams

A fifth of the work is fixed (choosing, designing and writing something once), half grows with
the number of APIs (applying it to each) and three tenths with the number of teams (rolling it
out, training, running it in each). A count that the estate or the basis does not give leaves
its part as it is (ratio 1); without an estate the factor is 1 and every total says it is "for
the questionnaire's basis". The basis is read from the questionnaire's ``effort_basis`` sentence,
so what people read and what the tool scales by cannot disagree: the first "N APIs" and the first
"N teams" or "N to M teams" in it (a range counts as its middle).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from assess.core.model import Questionnaire
    from assess.core.model.answers import Estate

FIXED_SHARE = 0.2
API_SHARE = 0.5
TEAM_SHARE = 0.3

RULE = (
    "Effort is scaled to the estate: each activity's estimate is multiplied by "
    f"{FIXED_SHARE:g} + {API_SHARE:g} × APIs ÷ basis APIs + {TEAM_SHARE:g} × teams ÷ basis teams "
    "(a fifth fixed, half per API, three tenths per team); a count the estate or the basis does not give "
    "leaves its part unscaled."
)

_APIS = re.compile(r"\b(\d+(?:\.\d+)?)\s+APIs?\b")
_TEAMS = re.compile(r"\b(\d+(?:\.\d+)?)(?:\s*(?:to|-|–)\s*(\d+(?:\.\d+)?))?\s+teams?\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class EffortScale:
    """How a plan's efforts relate to the questionnaire's estimates."""

    factor: float = 1.0
    apis: int | None = None
    """The estate's number of APIs, when the answers file states it."""
    teams: int | None = None
    basis_apis: float | None = None
    """The number of APIs the questionnaire's estimates are for (None when its basis names none)."""
    basis_teams: float | None = None
    basis_text: str | None = None
    """The questionnaire's ``effort_basis`` as written."""

    @property
    def scaled(self) -> bool:
        """Whether any count of the estate changed the estimates."""
        return self.scaled_apis or self.scaled_teams

    @property
    def scaled_apis(self) -> bool:
        return self.apis is not None and self.basis_apis is not None

    @property
    def scaled_teams(self) -> bool:
        return self.teams is not None and self.basis_teams is not None

    def apply(self, low: float, high: float) -> tuple[float, float]:
        return low * self.factor, high * self.factor


UNSCALED = EffortScale()


def basis_counts(text: str | None) -> tuple[float | None, float | None]:
    """(APIs, teams) that an ``effort_basis`` sentence names; None for a count it does not name."""
    if not text:
        return None, None
    apis = _APIS.search(text)
    teams = _TEAMS.search(text)
    api_count = float(apis.group(1)) if apis else None
    team_count = None
    if teams:
        low = float(teams.group(1))
        team_count = (low + float(teams.group(2))) / 2 if teams.group(2) else low
    return (api_count or None), (team_count or None)


def effort_scale(q: Questionnaire, estate: Estate | None) -> EffortScale:
    """The factor for ``estate`` (None: the questionnaire's own basis, factor 1)."""
    basis_apis, basis_teams = basis_counts(q.effort_basis)
    apis = estate.apis if estate is not None else None
    teams = estate.teams if estate is not None else None
    api_ratio = apis / basis_apis if apis is not None and basis_apis else 1.0
    team_ratio = teams / basis_teams if teams is not None and basis_teams else 1.0
    factor = 1.0 if api_ratio == team_ratio == 1.0 else FIXED_SHARE + API_SHARE * api_ratio + TEAM_SHARE * team_ratio
    return EffortScale(factor, apis, teams, basis_apis, basis_teams, q.effort_basis)
