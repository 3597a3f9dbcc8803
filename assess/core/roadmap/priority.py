"""Why a step comes where it does: findings, must-haves, the API risks it mitigates, exposure, the gap (pure).

The rule, in the order it decides (every view prints it from :data:`RULE`):

1. **Findings first**, most severe first (critical, high, medium, low): an answer flagged with
   ``finding:`` puts its activity, and every activity it needs first, at the head of the plan.
2. **Then must-haves**: activities that a profile of the plan says must reach their top answer.
   The profiles are the one the targets were taken from (``--profile``, the default profile) and
   every profile whose targets the plan's targets meet or exceed in each practice the profile sets:
   a team that aims at least as high as a profile has taken on its floor.
3. **Then the gaps**, by a priority score, highest first::

       score = exposure x risk + weight

   ``risk`` adds up the OWASP API Security Top 10 (2023) entries the activity *probes* (its
   ``refs.probes``, not the merely related ones), each weighed by its rank in that list:
   API1 counts 1.0, API2 0.9, ... API10 0.1. ``exposure`` is 3 for public APIs, 2 for partner APIs
   and 1 for internal ones (the answers file's ``estate: {exposure: ...}``; public when unset),
   so the more exposed the APIs, the more the risks weigh against the size of the gap. ``weight``
   is SAMMY's gap weight of the activity's practice, ``(1 + target - current)^2 - 1``, recomputed
   as the plan raises the practice, so the largest remaining gaps go first.
4. **Ties**: the lower level, then the smaller effort (quick wins), then the questionnaire's order.

A finding on an answer already at its top answer gets a *closing step* among the findings (by its
severity): it leaves the answer and every score as they are, and takes the activity's effort range
times the share of its quality criteria the answer does not tick, at least a quarter of it.

Whatever the rule says, a step never comes before a lower level of its stream or an activity it
``requires``: such a prerequisite is placed right before the first step that needs it, and its
reason says so. Once a practice meets its target, its remaining steps are not needed for it: they
go to the optional phase "beyond target" unless a finding, a must-have or a needed step asks for them.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from assess.core.model.answers import SEVERITIES
from assess.core.targets import EPSILON

if TYPE_CHECKING:
    from assess.core.model import Activity, Answers, Questionnaire
    from assess.core.targets import Targets

RISK_CATALOGUE = "owasp-api-top10-2023"
"""The catalogue whose probed entries make an activity's risk."""

RISK_CATALOGUE_NAME = "OWASP API Security Top 10 (2023)"

EXPOSURE_FACTOR: Mapping[str, int] = {"public": 3, "partner": 2, "internal": 1}
DEFAULT_EXPOSURE = "public"
"""Assumed when the answers file does not say: the most exposed, so no risk is played down."""

SEVERITY_RANK: Mapping[str, int] = {severity: rank for rank, severity in enumerate(SEVERITIES)}

Tier = Literal["finding", "must-have", "gap", "beyond"]
TIERS: tuple[Tier, ...] = ("finding", "must-have", "gap", "beyond")

_RANKED_ENTRY = re.compile(r"^API([1-9]|10)(?::2023)?$")

CLOSING_RULE = (
    "A finding on an answer already at its top gets a closing step among the findings: it leaves the answer and "
    "the scores as they are, and takes the activity's effort times the share of its quality criteria not ticked, "
    "at least a quarter of it."
)
"""How a finding on a top answer is planned, in one sentence (every method's rule includes it)."""

RULE: tuple[str, ...] = (
    "Findings come first, most severe first (critical, high, medium, low): a flagged answer puts its activity, "
    "and every activity it needs first, at the head of the plan.",
    CLOSING_RULE,
    "Then the must-haves: activities a profile of the plan says must reach their top answer (the profile the "
    "targets come from, and every profile whose targets the plan's targets meet or exceed).",
    "Then the gaps, highest priority first: priority = exposure × risk + gap weight. Risk adds up the OWASP API "
    "Security Top 10 (2023) entries the activity probes, each weighed by its rank (API1 counts 1.0, API2 0.9, "
    "down to API10 at 0.1); exposure is 3 for public APIs, 2 for partner APIs and 1 for internal ones; the gap "
    "weight is SAMMY's (1 + target − current)² − 1 of the practice, recomputed as the plan raises it.",
    "Ties go to the lower level, then the smaller effort, then the questionnaire's order.",
    "A step never comes before a lower level of its stream or an activity it requires: such a prerequisite is "
    "placed right before the first step that needs it.",
    "The plan stops at the targets: steps that only raise a practice past its target are listed apart, in an "
    "optional phase beyond target, which no total includes.",
)
"""The rule in sentences, for the method page of the report and the README."""


def risk_of(activity: Activity) -> tuple[float, tuple[str, ...]]:
    """(risk points, the ranked Top 10 entries probed, most severe first); entries the rule cannot rank count 0."""
    ranked: list[tuple[int, str]] = []
    for entry in activity.probes.get(RISK_CATALOGUE, ()):
        found = _RANKED_ENTRY.match(entry.strip())
        if found is not None:
            ranked.append((int(found.group(1)), entry))
    ranked.sort()
    points = math.fsum((11 - rank) / 10 for rank, _ in dict.fromkeys(ranked))
    return points, tuple(dict.fromkeys(entry for _, entry in ranked))


def sammy_weight(target: float | None, current: float | None) -> float:
    """SAMMY's gap weight ``(1 + target - current)^2 - 1``; 0 without a target or once it is met."""
    if target is None or current is None or current >= target - EPSILON:
        return 0.0
    return (1 + target - current) ** 2 - 1


@dataclass(frozen=True, slots=True)
class Wishes:
    """What a plan is asked for besides the targets: findings, must-haves, and how exposed the APIs are."""

    findings: Mapping[str, str] = field(default_factory=dict)
    """Activity id -> severity of the finding recorded on its answer."""
    ticks: Mapping[str, tuple[bool, ...]] = field(default_factory=dict)
    """Activity id -> the quality criteria ticked on a flagged answer, in order (what a closing step's effort uses)."""
    must_have: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """Activity id -> the profiles that name it as a must-have."""
    exposure: str = DEFAULT_EXPOSURE
    exposure_stated: bool = False
    """Whether the answers file states the exposure (else :data:`DEFAULT_EXPOSURE` is assumed)."""

    @property
    def exposure_factor(self) -> int:
        return EXPOSURE_FACTOR[self.exposure]

    @property
    def profiles(self) -> tuple[str, ...]:
        """Every profile whose must-haves the plan takes on, in the questionnaire's order of first mention."""
        return tuple(dict.fromkeys(p for names in self.must_have.values() for p in names))


NO_WISHES = Wishes()


def must_have_profiles(q: Questionnaire, targets: Targets) -> tuple[str, ...]:
    """The profiles whose must-haves a plan towards ``targets`` takes on (see the module's rule 2)."""
    chosen: list[str] = []
    if targets.profile is not None and targets.profile in q.profiles:
        chosen.append(targets.profile)
    for name, profile in q.profiles.items():
        if name in chosen or not profile.targets:
            continue
        goals = targets.values
        if all(practice in goals and goals[practice] >= value - EPSILON for practice, value in profile.targets.items()):
            chosen.append(name)
    return tuple(chosen)


def wishes_for(q: Questionnaire, answers: Answers, targets: Targets) -> Wishes:
    """Findings from the answers, must-haves from the plan's profiles, exposure from the estate."""
    known = q.activity_by_id
    findings = {a: e.finding for a, e in answers.answers.items() if e.finding is not None and a in known}
    ticks = {a: answers.answers[a].criteria for a in findings}
    must_have: dict[str, tuple[str, ...]] = {}
    for name in must_have_profiles(q, targets):
        for activity_id in q.profiles[name].must_have:
            if activity_id in known:
                must_have[activity_id] = (*must_have.get(activity_id, ()), name)
    stated = answers.estate.exposure if answers.estate is not None else None
    return Wishes(findings, ticks, must_have, stated or DEFAULT_EXPOSURE, stated is not None)


@dataclass(frozen=True, slots=True)
class Priority:
    """Where a step stands in the rule, as the planner placed it: everything its "why" is made of."""

    tier: Tier
    finding: str | None = None
    """Severity of the finding recorded on this activity's answer."""
    must_have: tuple[str, ...] = ()
    """Profiles naming this activity as a must-have."""
    risks: tuple[str, ...] = ()
    """The Top 10 entries the activity probes, most severe first."""
    risk: float = 0.0
    exposure: int = EXPOSURE_FACTOR[DEFAULT_EXPOSURE]
    weight: float = 0.0
    """SAMMY's gap weight of the practice when the step was placed."""
    current: float | None = None
    """The practice's projected score just before the step."""
    target: float | None = None
    before: str | None = None
    """The step this one was placed right before, as its prerequisite (None when placed on its own merit)."""
    firms: int | None = None
    """BSIMM: how many firms of the data pool do the activity (its rank among the gaps); None for SAMM."""

    @property
    def score(self) -> float:
        """``exposure x risk + weight``: the gap rule's priority (higher first)."""
        return self.exposure * self.risk + self.weight
