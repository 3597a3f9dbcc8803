"""Roadmaps: the steps that take an assessment to its targets, in phases (pure).

:func:`plan` asks the questionnaire's scoring method which steps, in which order (SAMM's live in
:mod:`.samm_steps`), and cuts them into phases (:mod:`.plan`).
"""

from assess.core.roadmap.plan import (
    DEFAULT_PHASES,
    MORE_STEPS_NOTE,
    Phase,
    Roadmap,
    Step,
    balanced_cuts,
    capacity_groups,
    plan,
)

__all__ = ["DEFAULT_PHASES", "MORE_STEPS_NOTE", "Phase", "Roadmap", "Step", "balanced_cuts", "capacity_groups", "plan"]
