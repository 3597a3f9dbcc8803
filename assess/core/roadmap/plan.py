"""Phased roadmaps (pure): the steps a scoring method plans, cut into phases, with what a lead needs beside them.

Which activities to raise, and in what order, is the scoring method's (for SAMM see
:mod:`.samm_steps`; the rule is in :mod:`.priority`). Phases are contiguous cuts of that order,
balanced on effort (each phase within one step's effort of the mean), and never empty before a
phase with steps. With a capacity in person-days, each phase instead takes the steps in that
order that still fit once their prerequisites are in; what does not fit in any phase is reported
as the remaining gap. Steps beyond what the targets need go to one optional phase after the
others, which no total includes. Efforts are scaled to the estate (:mod:`.effort`) and phases
get dates and people figures from a schedule (:mod:`.calendar`).

A method's planner needs only :class:`StepPlanner`. One that also has ``ordered_for(wishes)``
plans the findings and must-haves of :class:`~.priority.Wishes` itself (SAMM's does); for any
other, the findings among its steps are moved first, after their prerequisites.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from assess.core.model import NOT_APPLICABLE, Answers, Questionnaire
from assess.core.roadmap.calendar import NO_SCHEDULE, Period, Schedule, periods
from assess.core.roadmap.effort import UNSCALED, EffortScale, effort_scale
from assess.core.roadmap.phasing import balanced_cuts, capacity_groups
from assess.core.roadmap.priority import NO_WISHES, RULE, SEVERITY_RANK, Priority, Wishes, wishes_for
from assess.core.scoring import NaMode, Scorecard, chosen_of, method_for
from assess.core.targets import EPSILON, Targets

DEFAULT_PHASES = 4

MORE_STEPS_NOTE = (
    "Each practice is planned up to its target: steps that would only raise it further are listed apart, as an "
    "optional phase beyond target that no total includes."
)


# --- the plan ------------------------------------------------------------------------------------


CLOSING_FLOOR = 0.25
"""The least share of an activity's effort a closing step takes (every criterion ticked, or none listed)."""


@dataclass(frozen=True, slots=True)
class Closing:
    """Why a step only closes a finding: the answer is at its top already, some quality criteria may not hold."""

    unmet: int
    """Quality criteria of the activity not ticked on the answer."""
    criteria: int
    """Quality criteria the activity lists."""

    @property
    def share(self) -> float:
        """The share of the activity's effort the step takes: the unmet criteria's, at least :data:`CLOSING_FLOOR`."""
        return max(CLOSING_FLOOR, self.unmet / self.criteria if self.criteria else 0.0)


@dataclass(frozen=True, slots=True)
class Step:
    """Raise one activity to its top option, or (:attr:`closing` set) close a finding on one already there."""

    activity: str
    practice: str
    stream: str
    level: int
    title: str
    action: str | None
    effort: float
    """Person-days: the middle of :attr:`effort_range`, scaled to the estate."""
    from_value: float
    to_value: float
    from_answer: str | None
    to_answer: str
    requires: tuple[str, ...]
    """Planned steps that must come first (lower levels of the stream, ``requires``)."""
    for_target: bool
    """False when the step is only there as a prerequisite of another."""
    priority: Priority | None = None
    """Where the step stands in the planning rule: what its "why" is made of (None: the method gives none)."""
    beyond_target: bool = False
    """True when no target, finding or must-have needs the step: it goes to the optional phase."""
    role: str | None = None
    effort_range: tuple[float, float] | None = None
    """Person-days (low, high), scaled to the estate; None until :func:`plan` fills it."""
    closing: Closing | None = None
    """Set on a closing step: the answer stays as it is (from == to), the step closes the finding recorded on it."""

    @property
    def closes_finding(self) -> bool:
        return self.closing is not None

    @property
    def effort_low(self) -> float:
        return self.effort if self.effort_range is None else self.effort_range[0]

    @property
    def effort_high(self) -> float:
        return self.effort if self.effort_range is None else self.effort_range[1]


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
    period: Period | None = None
    """The phase's first and last day, when the plan has a start date."""
    optional: bool = False
    """The phase beyond target: steps no target needs, counted in no total."""

    @property
    def effort(self) -> float:
        return math.fsum(s.effort for s in self.steps)

    @property
    def effort_range(self) -> tuple[float, float]:
        return math.fsum(s.effort_low for s in self.steps), math.fsum(s.effort_high for s in self.steps)

    @property
    def percent_to_target_after(self) -> float | None:
        return self.scores_after.percent_to_target

    @property
    def roles(self) -> dict[str, float]:
        """Role -> person-days of the phase's steps, largest first (steps without a role under "unassigned")."""
        totals: dict[str, float] = {}
        for step in self.steps:
            totals[step.role or "unassigned"] = totals.get(step.role or "unassigned", 0.0) + step.effort
        return dict(sorted(totals.items(), key=lambda item: -item[1]))


@dataclass(frozen=True, slots=True)
class FindingStatus:
    """A finding recorded on an answer, and what the plan does about it."""

    activity: str
    title: str
    severity: str
    note: str | None
    phase: int | None
    """The regular phase whose step raises the activity or closes the finding (None when it is not scheduled)."""
    status: str
    """``planned``, ``unscheduled`` (capacity), ``n/a``, or ``at top`` (at its top answer and the method's
    planner planned no closing step: only a planner other than the built-in ones)."""


@dataclass(frozen=True, slots=True)
class MustHaveStatus:
    """A must-have of the plan's profiles, and when it is met."""

    activity: str
    title: str
    profiles: tuple[str, ...]
    phase: int | None
    status: str
    """``met`` (at its top answer, no finding open on it), ``planned``, ``unscheduled`` or ``n/a`` (cannot be met)."""

    @property
    def met_now(self) -> bool:
        return self.status == "met"


@dataclass(frozen=True, slots=True)
class Roadmap:
    targets: Targets
    start: Scorecard
    phases: tuple[Phase, ...]
    unscheduled: tuple[Step, ...]
    """Steps that did not fit in the capacity given (needed ones; see :attr:`beyond_waiting` for the others)."""
    capacity: float | None
    unreachable: Mapping[str, float] = field(default_factory=dict)
    """Practice -> gap left even after every possible step (activities answered n/a)."""
    note: str = MORE_STEPS_NOTE
    """How the method chose the steps, in one sentence (the planner's ``note``)."""
    beyond: Phase | None = None
    """The optional phase beyond target (None when every step is needed)."""
    beyond_waiting: tuple[Step, ...] = ()
    """Steps beyond target that wait on a step the capacity left out."""
    wishes: Wishes = NO_WISHES
    findings: tuple[FindingStatus, ...] = ()
    must_haves: tuple[MustHaveStatus, ...] = ()
    scale: EffortScale = UNSCALED
    schedule: Schedule = NO_SCHEDULE
    rule: tuple[str, ...] = RULE
    """The method's ordering rule in sentences (the planner's ``rule``; SAMM's is :data:`.priority.RULE`)."""

    @property
    def steps(self) -> tuple[Step, ...]:
        """Every scheduled step of the regular phases (the optional phase is not part of the plan's totals)."""
        return tuple(s for p in self.phases for s in p.steps)

    @property
    def effort(self) -> float:
        """Person-days to the targets: the regular phases only."""
        return math.fsum(p.effort for p in self.phases)

    @property
    def effort_range(self) -> tuple[float, float]:
        lows, highs = zip(*(p.effort_range for p in self.phases), strict=True) if self.phases else ((), ())
        return math.fsum(lows), math.fsum(highs)

    @property
    def final(self) -> Scorecard:
        return self.phases[-1].scores_after if self.phases else self.start

    @property
    def remaining_gap(self) -> dict[str, float]:
        """Practice -> gap still open after the last phase (empty when every target is met)."""
        return {p.id: p.gap for p in self.final.practices if p.gap is not None and p.gap > EPSILON}

    @property
    def unscheduled_effort(self) -> float:
        return math.fsum(s.effort for s in self.unscheduled)

    @property
    def unmet_must_haves(self) -> tuple[MustHaveStatus, ...]:
        """Must-haves not met once every regular phase is done."""
        return tuple(m for m in self.must_haves if m.status != "met" and m.status != "planned")


def plan(
    q: Questionnaire,
    answers: Answers,
    targets: Targets,
    *,
    phases: int = DEFAULT_PHASES,
    capacity: float | None = None,
    na: NaMode = "zero",
    schedule: Schedule = NO_SCHEDULE,
) -> Roadmap:
    """Plan the steps that take ``answers`` to ``targets`` over ``phases`` phases.

    Raises ValueError for a phase count below 1, a capacity that is not a positive number, or a
    schedule whose phases would end after the calendar's last year.
    """
    if phases < 1:
        raise ValueError("phases must be at least 1")
    if capacity is not None and not (capacity > 0 and math.isfinite(capacity)):
        raise ValueError("capacity must be a positive number")
    planner = method_for(q).planner(q, chosen_of(answers), targets.values, na)
    wishes = wishes_for(q, answers, targets)
    scale = effort_scale(q, answers.estate)
    ordered_for: Callable[[Wishes], list[Step]] | None = getattr(planner, "ordered_for", None)
    planned = ordered_for(wishes) if ordered_for is not None else findings_first(planner.ordered_steps(), wishes)
    steps = [_fitted(q, s, scale) for s in planned]
    needed = [s for s in steps if not s.beyond_target]
    groups, unscheduled = _phased(needed, phases, capacity)
    dates = periods(schedule, phases)
    built: list[Phase] = []
    done: list[str] = []
    for number, group in enumerate(groups, start=1):
        done.extend(s.activity for s in group)
        period = dates[number - 1] if dates else None
        built.append(Phase(number, tuple(group), planner.scores_with(done), period))
    beyond, waiting = _beyond(steps, set(done))
    optional = None
    if beyond:
        optional = Phase(len(built) + 1, beyond, planner.scores_with([*done, *(s.activity for s in beyond)]))
        optional = dataclasses.replace(optional, optional=True)
    phase_of = {s.activity: p.number for p in built for s in p.steps}
    stepped = {s.activity for s in steps}
    return Roadmap(
        targets,
        planner.start,
        tuple(built),
        tuple(unscheduled),
        capacity,
        planner.unreachable(),
        getattr(planner, "note", MORE_STEPS_NOTE),
        optional,
        waiting,
        wishes,
        _findings(q, answers, wishes, phase_of, stepped),
        _must_haves(q, answers, wishes, phase_of),
        scale,
        schedule,
        getattr(planner, "rule", RULE),
    )


def _fitted(q: Questionnaire, step: Step, scale: EffortScale) -> Step:
    """The step with its role and its effort range scaled to the estate (whatever the method filled in).

    A closing step takes its share of the activity's range (:attr:`Closing.share`) before the scaling.
    """
    activity = q.activity_by_id[step.activity]
    share = 1.0 if step.closing is None else step.closing.share
    low, high = scale.apply(*(days * share for days in activity.effort_range))
    return dataclasses.replace(step, role=activity.role, effort_range=(low, high), effort=(low + high) / 2)


def _phased(steps: list[Step], phases: int, capacity: float | None) -> tuple[list[list[Step]], list[Step]]:
    """The steps of each phase, and those that no phase has room for."""
    efforts = [s.effort for s in steps]
    if capacity is None:
        cuts = balanced_cuts(efforts, phases)
        return [steps[begin:end] for begin, end in zip([0, *cuts], cuts, strict=False)], []
    position = {s.activity: i for i, s in enumerate(steps)}
    requires = [[position[r] for r in s.requires if r in position] for s in steps]
    groups = capacity_groups(efforts, requires, phases, capacity)
    taken = {i for group in groups for i in group}
    return [[steps[i] for i in group] for group in groups], [s for i, s in enumerate(steps) if i not in taken]


def _beyond(steps: Sequence[Step], scheduled: set[str]) -> tuple[tuple[Step, ...], tuple[Step, ...]]:
    """Steps beyond target whose prerequisites are all in place (in order), and those still waiting."""
    ready: list[Step] = []
    waiting: list[Step] = []
    present = set(scheduled)
    for step in steps:
        if not step.beyond_target:
            continue
        if all(r in present for r in step.requires):
            ready.append(step)
            present.add(step.activity)
        else:
            waiting.append(step)
    return tuple(ready), tuple(waiting)


def findings_first(steps: Sequence[Step], wishes: Wishes) -> list[Step]:
    """The steps with the findings among them first, most severe first, each after its prerequisites.

    For planners that do not plan findings themselves. A prerequisite is as urgent as the most
    severe finding waiting on it, so sorting (stably) by that keeps every step after its prerequisites.
    """
    rank = {s.activity: SEVERITY_RANK.get(wishes.findings.get(s.activity, ""), len(SEVERITY_RANK)) for s in steps}
    for step in reversed(steps):
        for prerequisite in step.requires:
            if prerequisite in rank:
                rank[prerequisite] = min(rank[prerequisite], rank[step.activity])
    return sorted(steps, key=lambda s: rank[s.activity])


def _top_or_na(q: Questionnaire, answers: Answers, activity_id: str) -> str | None:
    chosen = answers.chosen(activity_id)
    if chosen == NOT_APPLICABLE:
        return "n/a"
    if chosen == q.options_for(q.activity_by_id[activity_id])[-1].id:
        return "at top"
    return None


def _findings(
    q: Questionnaire, answers: Answers, wishes: Wishes, phase_of: Mapping[str, int], stepped: set[str]
) -> tuple[FindingStatus, ...]:
    """Each finding's status: a step (raising or closing) in a phase, one left out by the capacity, or none."""
    order = {a.id: i for i, a in enumerate(q.activities)}
    found = sorted(wishes.findings, key=lambda a: (SEVERITY_RANK[wishes.findings[a]], order[a]))
    statuses = []
    for activity_id in found:
        entry = answers.answers[activity_id]
        if activity_id in phase_of:
            status = "planned"
        elif activity_id in stepped:
            status = "unscheduled"
        else:
            status = _top_or_na(q, answers, activity_id) or "unscheduled"
        statuses.append(
            FindingStatus(
                activity_id,
                q.activity_by_id[activity_id].display_title,
                wishes.findings[activity_id],
                entry.finding_note,
                phase_of.get(activity_id),
                status,
            )
        )
    return tuple(statuses)


def _must_haves(
    q: Questionnaire, answers: Answers, wishes: Wishes, phase_of: Mapping[str, int]
) -> tuple[MustHaveStatus, ...]:
    order = {a.id: i for i, a in enumerate(q.activities)}
    statuses = []
    for activity_id in sorted(wishes.must_have, key=order.__getitem__):
        state = _top_or_na(q, answers, activity_id)
        if state == "at top" and activity_id in wishes.findings:
            state = None  # at its top answer with a finding open: met once its closing step is done, not now
        status = "met" if state == "at top" else state or ("planned" if activity_id in phase_of else "unscheduled")
        title = q.activity_by_id[activity_id].display_title
        statuses.append(
            MustHaveStatus(activity_id, title, wishes.must_have[activity_id], phase_of.get(activity_id), status)
        )
    return tuple(statuses)
