"""Phased roadmaps (pure): the steps a scoring method plans, cut into phases.

Which activities to raise, and in what order, is the scoring method's (for SAMM see
:mod:`.samm_steps`). Phases are contiguous cuts of that order, balanced on effort (each phase
within one step's effort of the mean), and never empty before a phase with steps. With a capacity
in person-days, each phase instead takes the steps in that order that still fit once their
prerequisites are in; what does not fit in any phase is reported as the remaining gap.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from assess.core.model import Answers, Questionnaire
from assess.core.scoring import NaMode, Scorecard, chosen_of, method_for
from assess.core.targets import EPSILON, Targets

DEFAULT_PHASES = 4

MORE_STEPS_NOTE = (
    "A practice is planned level by level: every activity up to the target's level is raised to its top "
    "answer, so the plan may hold more steps than strictly needed to pass a target."
)


# --- the plan ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Step:
    """Raise one activity to its top option."""

    activity: str
    practice: str
    stream: str
    level: int
    title: str
    action: str | None
    effort: float
    from_value: float
    to_value: float
    from_answer: str | None
    to_answer: str
    requires: tuple[str, ...]
    """Planned steps that must come first (lower levels of the stream, ``requires``)."""
    for_target: bool
    """False when the step is only there as a prerequisite of another."""


class StepPlanner(Protocol):
    """What a roadmap needs from a method for one assessment and one set of targets."""

    @property
    def start(self) -> Scorecard: ...

    def ordered_steps(self) -> list[Step]: ...

    def scores_with(self, raised: Iterable[str]) -> Scorecard:
        """The scorecard once every activity in ``raised`` is at its top option."""
        ...

    def unreachable(self) -> dict[str, float]:
        """Practice -> gap that stays open even with every possible step."""
        ...


@dataclass(frozen=True, slots=True)
class Phase:
    number: int
    steps: tuple[Step, ...]
    scores_after: Scorecard

    @property
    def effort(self) -> float:
        return sum(s.effort for s in self.steps)

    @property
    def percent_to_target_after(self) -> float | None:
        return self.scores_after.percent_to_target


@dataclass(frozen=True, slots=True)
class Roadmap:
    targets: Targets
    start: Scorecard
    phases: tuple[Phase, ...]
    unscheduled: tuple[Step, ...]
    """Steps that did not fit in the capacity given."""
    capacity: float | None
    unreachable: Mapping[str, float] = field(default_factory=dict)
    """Practice -> gap left even after every possible step (activities answered n/a)."""
    note: str = MORE_STEPS_NOTE
    """How the method chose the steps, in one sentence (the planner's ``note``)."""

    @property
    def steps(self) -> tuple[Step, ...]:
        return tuple(s for p in self.phases for s in p.steps)

    @property
    def effort(self) -> float:
        return sum(p.effort for p in self.phases)

    @property
    def final(self) -> Scorecard:
        return self.phases[-1].scores_after if self.phases else self.start

    @property
    def remaining_gap(self) -> dict[str, float]:
        """Practice -> gap still open after the last phase (empty when every target is met)."""
        return {p.id: p.gap for p in self.final.practices if p.gap is not None and p.gap > EPSILON}

    @property
    def unscheduled_effort(self) -> float:
        return sum(s.effort for s in self.unscheduled)


def plan(
    q: Questionnaire,
    answers: Answers,
    targets: Targets,
    *,
    phases: int = DEFAULT_PHASES,
    capacity: float | None = None,
    na: NaMode = "zero",
) -> Roadmap:
    """Plan the steps that take ``answers`` to ``targets`` over ``phases`` phases."""
    if phases < 1:
        raise ValueError("phases must be at least 1")
    if capacity is not None and not (capacity > 0 and math.isfinite(capacity)):
        raise ValueError("capacity must be a positive number")
    planner = method_for(q).planner(q, chosen_of(answers), targets.values, na)
    steps = planner.ordered_steps()
    efforts = [s.effort for s in steps]
    if capacity is None:
        cuts = balanced_cuts(efforts, phases)
        groups = [list(range(begin, end)) for begin, end in zip([0, *cuts], cuts, strict=False)]
    else:
        position = {s.activity: i for i, s in enumerate(steps)}
        requires = [[position[r] for r in s.requires] for s in steps]
        groups = capacity_groups(efforts, requires, phases, capacity)
    taken = {i for group in groups for i in group}
    built = []
    done: list[str] = []
    for number, group in enumerate(groups, start=1):
        chosen = tuple(steps[i] for i in group)
        done.extend(s.activity for s in chosen)
        built.append(Phase(number, chosen, planner.scores_with(done)))
    unscheduled = tuple(s for i, s in enumerate(steps) if i not in taken)
    note = getattr(planner, "note", MORE_STEPS_NOTE)
    return Roadmap(targets, planner.start, tuple(built), unscheduled, capacity, planner.unreachable(), note)


def balanced_cuts(efforts: Sequence[float], phases: int) -> list[int]:
    """End index of each phase: the cut nearest to each multiple of the mean phase effort.

    Every phase then lies within the largest single effort of the mean. Each phase takes at
    least one step and leaves at least one for every later phase, so a phase is empty only
    when there are fewer steps than phases, and then only at the end. With no effort at
    all, the steps are shared out by count instead.
    """
    total = sum(efforts)
    weights = list(efforts) if total > EPSILON else [1.0] * len(efforts)
    total = sum(weights)
    count = len(weights)
    cumulative = [0.0]
    for w in weights:
        cumulative.append(cumulative[-1] + w)
    cuts: list[int] = []
    start = 0
    for k in range(1, phases):
        goal = total * k / phases
        lowest = min(start + 1, count)
        highest = max(lowest, count - (phases - k))
        best = min(range(lowest, highest + 1), key=lambda i: (abs(cumulative[i] - goal), i))
        cuts.append(best)
        start = best
    return [*cuts, count]


def capacity_groups(
    efforts: Sequence[float], requires: Sequence[Sequence[int]], phases: int, capacity: float
) -> list[list[int]]:
    """Step indexes of each phase when every phase holds at most ``capacity`` days.

    Each phase walks the remaining steps in priority order and takes every step that still
    fits and whose prerequisites are already taken (in this phase or an earlier one), so a
    big step does not leave the rest of the phase idle. A step bigger than the capacity, and
    everything that depends on it, stays unscheduled.
    """
    taken: set[int] = set()
    groups: list[list[int]] = []
    for _ in range(phases):
        used = 0.0
        group: list[int] = []
        for index, effort in enumerate(efforts):
            if index in taken or used + effort > capacity + EPSILON:
                continue
            if all(r in taken for r in requires[index]):
                taken.add(index)
                group.append(index)
                used += effort
        groups.append(group)
    return groups
