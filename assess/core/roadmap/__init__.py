"""Roadmaps: the steps that take an assessment to its targets, in phases (pure).

:func:`plan` asks the questionnaire's scoring method which steps, in which order (SAMM's live in
:mod:`.samm_steps`, by the rule of :mod:`.priority`), and cuts them into phases (:mod:`.plan`,
:mod:`.phasing`), with efforts scaled to the estate (:mod:`.effort`) and a calendar (:mod:`.calendar`).
"""

from assess.core.roadmap.calendar import NO_SCHEDULE, Period, PhaseLength, Schedule, schedule_of
from assess.core.roadmap.effort import EffortScale, effort_scale
from assess.core.roadmap.phasing import balanced_cuts, capacity_groups
from assess.core.roadmap.plan import (
    DEFAULT_PHASES,
    MORE_STEPS_NOTE,
    FindingStatus,
    MustHaveStatus,
    Phase,
    Roadmap,
    Step,
    plan,
)
from assess.core.roadmap.priority import Priority, Wishes

__all__ = [
    "DEFAULT_PHASES",
    "MORE_STEPS_NOTE",
    "NO_SCHEDULE",
    "EffortScale",
    "FindingStatus",
    "MustHaveStatus",
    "Period",
    "Phase",
    "PhaseLength",
    "Priority",
    "Roadmap",
    "Schedule",
    "Step",
    "Wishes",
    "balanced_cuts",
    "capacity_groups",
    "effort_scale",
    "plan",
    "schedule_of",
]
