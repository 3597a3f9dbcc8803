"""Phased roadmaps (pure): which activities to raise, in what order, and in which phase.

A step raises one activity to its scale's top option. A practice below its target
T needs, in each of its streams, every activity at a level up to ceil(T) that is
below its top option; on questionnaires where that is not enough (missing levels,
top options worth less than 1) the next level is added until the projection meets
T. This can plan more steps than strictly needed to pass T, on purpose: a level is
put in place whole. Prerequisites (lower levels of the stream, ``requires``) are
added and always come first. The rest is ordered by SAMMY's weight
``(1 + target - current)^2 - 1`` of the practice, recomputed as the plan raises
scores so the largest remaining gaps go first, then lower levels, then smaller
effort (quick wins first). Activities answered ``n/a`` are never planned.

Phases are contiguous cuts of that order, balanced on effort (each phase within one
step's effort of the mean), and never empty before a phase with steps. With a capacity
in person-days, each phase instead takes the steps in that order that still fit once
their prerequisites are in; what does not fit in any phase is reported as the remaining gap.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from assess.core.model import NOT_APPLICABLE, AnswerEntry, Answers, Questionnaire
from assess.core.model.questionnaire import Activity
from assess.core.scoring import NaMode, Scorecard, score
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
    planner = _Planner(q, answers, targets.values, na)
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
    return Roadmap(targets, planner.start, tuple(built), unscheduled, capacity, planner.unreachable())


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


class _Planner:
    """Works out the steps and their order for one assessment and one set of targets."""

    def __init__(self, q: Questionnaire, answers: Answers, targets: Mapping[str, float], na: NaMode) -> None:
        self.q = q
        self.answers = answers
        self.targets = dict(targets)
        self.na = na
        self.start = score(q, answers, na, self.targets)
        self.order = {a.id: i for i, a in enumerate(q.activities)}
        self.values = {a.id: a.value for a in self.start.activities}

    # Which activities can be raised at all.

    def raisable(self, activity: Activity) -> bool:
        """Below its top option and not answered n/a."""
        chosen = self.answers.chosen(activity.id)
        return chosen != NOT_APPLICABLE and chosen != self.q.options_for(activity)[-1].id

    def scores_with(self, raised: Iterable[str]) -> Scorecard:
        """The scorecard once every activity in ``raised`` is at its top option."""
        entries = dict(self.answers.answers)
        for activity_id in raised:
            top = self.q.options_for(self.q.activity_by_id[activity_id])[-1].id
            old = entries.get(activity_id)
            entries[activity_id] = (
                old.model_copy(update={"answer": top}) if old is not None else AnswerEntry(answer=top)
            )
        return score(self.q, self.answers.model_copy(update={"answers": entries}), self.na, self.targets)

    # Which steps.

    def needed_for_targets(self) -> list[str]:
        """Activities each practice below its target needs, level by level until the projection meets it."""
        needed: list[str] = []
        for practice in self.start.practices:
            target = self.targets.get(practice.id)
            if target is None or practice.score is None or practice.score >= target - EPSILON:
                continue
            streams = self.q.practice_by_id[practice.id].streams
            top_level = max(a.level for s in streams for a in s.activities)
            level = max(1, math.ceil(target - EPSILON))
            while True:
                chosen = [a.id for s in streams for a in s.activities if a.level <= level and self.raisable(a)]
                projected = self.scores_with(chosen).practice(practice.id).score
                if level >= top_level or (projected is not None and projected >= target - EPSILON):
                    break
                level += 1
            needed.extend(chosen)
        return needed

    def prerequisites(self, activity_id: str) -> list[str]:
        """Raisable activities that must come before this one: lower levels of its stream, ``requires``."""
        activity = self.q.activity_by_id[activity_id]
        lower = [a for a in self.q.stream_of[activity_id].activities if a.level < activity.level]
        required = [self.q.activity_by_id[r] for r in activity.requires]
        return [a.id for a in (*lower, *required) if self.raisable(a)]

    def ordered_steps(self) -> list[Step]:
        needed = self.needed_for_targets()
        wanted = set(needed)
        closure: dict[str, list[str]] = {}
        pending = list(needed)
        while pending:
            current = pending.pop()
            if current in closure:
                continue
            closure[current] = self.prerequisites(current)
            pending.extend(closure[current])
        dependents: dict[str, set[str]] = {a: set() for a in closure}
        for activity_id, prereqs in closure.items():
            for prereq in prereqs:
                dependents[prereq].add(activity_id)
        ordered = self._order(closure, dependents)
        return [self._step(a, closure[a], a in wanted) for a in ordered]

    def _order(self, closure: Mapping[str, list[str]], dependents: Mapping[str, set[str]]) -> list[str]:
        """Topological order, picking the most urgent available step each time."""
        scheduled: list[str] = []
        done: set[str] = set()
        scores = {p.id: p.score for p in self.start.practices}
        practice_of = {a: self.q.practice_of[a].id for a in closure}
        while len(done) < len(closure):
            available = [a for a in closure if a not in done and all(p in done for p in closure[a])]
            pick = min(available, key=lambda a: self._priority(a, dependents, done, practice_of, scores))
            scheduled.append(pick)
            done.add(pick)
            practice = practice_of[pick]
            scores[practice] = self.scores_with(scheduled).practice(practice).score
        return scheduled

    def _priority(
        self,
        activity_id: str,
        dependents: Mapping[str, set[str]],
        done: set[str],
        practice_of: Mapping[str, str],
        scores: Mapping[str, float | None],
    ) -> tuple[float, int, float, int]:
        """Sort key (smallest first): a prerequisite is as urgent as the most urgent step waiting on it."""
        weight = self._weight(practice_of[activity_id], scores)
        seen: set[str] = set()
        stack = list(dependents[activity_id])
        while stack:
            waiting = stack.pop()
            if waiting in seen or waiting in done:
                continue
            seen.add(waiting)
            weight = max(weight, self._weight(practice_of[waiting], scores))
            stack.extend(dependents[waiting])
        activity = self.q.activity_by_id[activity_id]
        return (-weight, activity.level, activity.effort_days, self.order[activity_id])

    def _weight(self, practice: str, scores: Mapping[str, float | None]) -> float:
        """SAMMY's stream weight ``(1 + target - current)^2 - 1``; 0 at or above the target."""
        target = self.targets.get(practice)
        current = scores.get(practice)
        if target is None or current is None or current >= target:
            return 0.0
        return (1 + target - current) ** 2 - 1

    def _step(self, activity_id: str, requires: list[str], for_target: bool) -> Step:
        activity = self.q.activity_by_id[activity_id]
        top = self.q.options_for(activity)[-1]
        return Step(
            activity=activity.id,
            practice=self.q.practice_of[activity.id].id,
            stream=self.q.stream_of[activity.id].id,
            level=activity.level,
            title=activity.display_title,
            action=activity.action,
            effort=activity.effort_days,
            from_value=self.values[activity.id],
            to_value=top.value,
            from_answer=self.answers.chosen(activity.id),
            to_answer=top.id,
            requires=tuple(sorted(requires, key=self.order.__getitem__)),
            for_target=for_target,
        )

    def unreachable(self) -> dict[str, float]:
        """Gaps that stay open even with every step planned (activities answered n/a)."""
        best = self.scores_with(a.id for a in self.q.activities if self.raisable(a))
        return {p.id: p.gap for p in best.practices if p.gap is not None and p.gap > EPSILON}
