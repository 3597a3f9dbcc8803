"""SAMM's roadmap steps: which activities to raise, in what order, and which only go beyond a target (pure).

A step raises one activity to its scale's top option. A practice below its target T needs, in
each of its streams, every activity at a level up to ceil(T) that is below its top option; on
questionnaires where that is not enough (missing levels, top options worth less than 1) the next
level is added until the projection meets T. Findings and the plan's must-haves are planned too,
and every prerequisite (lower levels of the stream, ``requires``). Activities answered ``n/a``
are never planned.

The order is the rule of :mod:`.priority`. It is computed in O(n log n): steps that share a
practice, a tier and a risk differ only by level, effort and questionnaire order, so each such
group is sorted once, and a heap holds the head of every group. A head's key only grows as the
plan goes on (a practice's gap weight falls as it is raised, and a practice that meets its
target drops to "beyond"), so a head whose key has grown is pushed back and the heap's top is
always the most urgent step. Practice scores are projected by adding each step's share of its
practice (SAMM's formulas are sums and means), not by re-scoring the whole questionnaire.
Picking a step places its prerequisites not yet planned right before it, most urgent first.

A finding whose answer is at its top already is planned like any finding (after the lower levels
it needs), as a closing step that raises nothing (:mod:`.top_answer`).

Once the order is known, a step is *beyond target* when its practice already meets its target
before it and nothing needs it: no finding, no must-have, no step for a target waiting on it.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Mapping

from assess.core.model import Questionnaire
from assess.core.roadmap.plan import Step
from assess.core.roadmap.priority import (
    NO_WISHES,
    SEVERITY_RANK,
    TIERS,
    Priority,
    Wishes,
    risk_of,
    sammy_weight,
)
from assess.core.roadmap.top_answer import TopAnswerPlanner
from assess.core.scoring import NaMode, Scorecard, ScoringMethod
from assess.core.scoring.method import Chosen
from assess.core.targets import EPSILON

NOTE = (
    "Each practice is planned up to its target: steps that would only raise it further are listed apart, as an "
    "optional phase beyond target that no total includes."
)

SCORE_DIGITS = 9
"""Priority scores that agree to this many decimals tie (and go to the lower level, then the smaller effort)."""

Key = tuple[int, int, float, int, float, int]
"""(tier, severity, -priority score, level, effort, questionnaire order): the smallest goes first."""
Group = tuple[int, int, str, float]
"""(fixed tier: 0 finding, 1 must-have, 2 gap or beyond; severity; practice; risk)."""


class Projection:
    """Practice scores as steps raise activities, each step adding its share (SAMM: sums and means)."""

    def __init__(self, start: Scorecard, na: NaMode) -> None:
        self.score: dict[str, float | None] = {}
        self.gain: dict[str, float] = {}
        """Activity -> how much raising it to its top option adds to its practice's score."""
        for practice in start.practices:
            self.score[practice.id] = practice.score
            scored = [s for s in practice.streams if s.score is not None]
            for stream in scored:
                applicable = [a for a in stream.activities if not (na == "exclude" and a.is_na)]
                factor = len(stream.activities) / len(applicable)
                for activity in applicable:
                    self.gain[activity.id] = (activity.maximum - activity.value) * factor / len(scored)

    def raise_(self, activity_id: str, practice_id: str) -> None:
        current = self.score[practice_id]
        if current is not None:
            self.score[practice_id] = current + self.gain.get(activity_id, 0.0)


class SammPlanner(TopAnswerPlanner):
    """Works out the steps and their order for one assessment and one set of targets."""

    note = NOTE

    def __init__(
        self, method: ScoringMethod, q: Questionnaire, chosen: Chosen, targets: Mapping[str, float], na: NaMode
    ) -> None:
        super().__init__(method, q, chosen, targets, na)
        self.values = {a.id: a.value for a in self.start.activities}

    # Which steps.

    def needed_for_targets(self) -> list[str]:
        """Activities each practice below its target needs, level by level until the projection meets it."""
        gain = Projection(self.start, self.na).gain
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
                projected = practice.score + math.fsum(gain.get(a, 0.0) for a in chosen)
                if level >= top_level or projected >= target - EPSILON:
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
        """The steps for the targets alone (no findings, no must-haves), in the rule's order."""
        return self.ordered_for(NO_WISHES)

    def ordered_for(self, wishes: Wishes) -> list[Step]:
        """The steps for the targets, the findings and the must-haves, in the order of :mod:`.priority`."""
        needed = self.needed_for_targets()
        closing = self.closing(wishes)
        asked = [
            a for a in (*wishes.findings, *wishes.must_have) if a in closing or self.raisable(self.q.activity_by_id[a])
        ]
        wanted = dict.fromkeys(sorted({*needed, *asked}, key=self.order.__getitem__))
        closure: dict[str, list[str]] = {}
        pending = list(wanted)
        while pending:
            current = pending.pop()
            if current not in closure:
                closure[current] = self.prerequisites(current)
                pending.extend(closure[current])
        placed = _Ordering(self, closure, wishes).run()
        beyond = self._beyond_target([a for a, _ in placed], closure, wishes)
        return [
            self.closing_step(a, wishes, closure[a], priority)
            if a in closing
            else self._step(a, closure[a], a in wanted, priority, a in beyond)
            for a, priority in placed
        ]

    def _beyond_target(self, order: list[str], closure: Mapping[str, list[str]], wishes: Wishes) -> set[str]:
        """Steps that no target, finding or must-have needs: their practice meets its target before them."""
        projection = Projection(self.start, self.na)
        beyond: set[str] = set()
        for activity_id in order:
            practice = self.practice_of[activity_id]
            target, current = self.targets.get(practice), projection.score[practice]
            met = target is None or current is None or current >= target - EPSILON
            if met and activity_id not in wishes.findings and activity_id not in wishes.must_have:
                beyond.add(activity_id)
            projection.raise_(activity_id, practice)
        needed = set(order) - beyond
        for activity_id in reversed(order):  # prerequisites come earlier: one pass carries need down every chain
            if activity_id in needed:
                needed.update(closure[activity_id])
        return beyond - needed

    def _step(self, activity_id: str, requires: list[str], for_target: bool, priority: Priority, beyond: bool) -> Step:
        activity = self.q.activity_by_id[activity_id]
        top = self.q.options_for(activity)[-1]
        return self.step_for(
            activity,
            (self.values[activity.id], top.value),
            (self.chosen.get(activity.id), top.id),
            requires,
            for_target=for_target,
            priority=priority,
            beyond_target=beyond,
        )

    def unreachable(self) -> dict[str, float]:
        """Gaps that stay open even with every step planned (activities answered n/a)."""
        best = self.scores_with(a.id for a in self.q.activities if self.raisable(a))
        return {p.id: p.gap for p in best.practices if p.gap is not None and p.gap > EPSILON}


class _Ordering:
    """One run of the rule over the steps of a plan (see the module docstring for how it stays fast)."""

    def __init__(self, planner: SammPlanner, closure: Mapping[str, list[str]], wishes: Wishes) -> None:
        self.p = planner
        self.closure = closure
        self.wishes = wishes
        self.projection = Projection(planner.start, planner.na)
        self.done: set[str] = set()
        self.placed: list[tuple[str, Priority]] = []
        activities = planner.q.activity_by_id
        self.risk = {a: risk_of(activities[a]) for a in closure}
        self.fixed = {a: self._fixed(a) for a in closure}
        self.static = {a: (activities[a].level, activities[a].effort_days, planner.order[a]) for a in closure}

    def _fixed(self, activity_id: str) -> tuple[int, int]:
        """(tier that never changes: 0 finding, 1 must-have, 2 otherwise; severity rank)."""
        severity = self.wishes.findings.get(activity_id)
        if severity is not None:
            return 0, SEVERITY_RANK[severity]
        return (1, 0) if activity_id in self.wishes.must_have else (2, 0)

    def _tier(self, activity_id: str) -> int:
        fixed, _ = self.fixed[activity_id]
        if fixed < 2:
            return fixed
        practice = self.p.practice_of[activity_id]
        target, current = self.p.targets.get(practice), self.projection.score[practice]
        below = target is not None and current is not None and current < target - EPSILON
        return 2 if below else 3

    def key(self, activity_id: str) -> Key:
        practice = self.p.practice_of[activity_id]
        weight = sammy_weight(self.p.targets.get(practice), self.projection.score[practice])
        score = self.wishes.exposure_factor * self.risk[activity_id][0] + weight
        level, effort, order = self.static[activity_id]
        # Rounded: projected scores add shares (1.4999999999999998 for 1.5), and that noise must not break a tie.
        return (self._tier(activity_id), self.fixed[activity_id][1], -round(score, SCORE_DIGITS), level, effort, order)

    def run(self) -> list[tuple[str, Priority]]:
        groups: dict[Group, list[str]] = {}
        for activity_id in sorted(self.closure, key=self.p.order.__getitem__):
            fixed, severity = self.fixed[activity_id]
            group = (fixed, severity, self.p.practice_of[activity_id], self.risk[activity_id][0])
            groups.setdefault(group, []).append(activity_id)
        for members in groups.values():
            members.sort(key=self.static.__getitem__, reverse=True)  # the head is the last: popped in O(1)
        heap = [(self.key(members[-1]), group) for group, members in groups.items()]
        heapq.heapify(heap)
        while heap:
            stored, group = heapq.heappop(heap)
            members = groups[group]
            while members and members[-1] in self.done:
                members.pop()
            if not members:
                continue
            fresh = self.key(members[-1])
            if fresh != stored:  # it only grows: another head may now come first
                heapq.heappush(heap, (fresh, group))
                continue
            self._place(members.pop())
            if members:
                heapq.heappush(heap, (self.key(members[-1]), group))
        return self.placed

    def _place(self, chosen: str) -> None:
        """Place ``chosen`` after its prerequisites not yet placed (depth first, most urgent first)."""
        tier = self._tier(chosen)
        stack: list[tuple[str, list[str]]] = [(chosen, self._waiting(chosen))]
        entered = {chosen}
        while stack:
            node, waiting = stack[-1]
            while waiting and (waiting[-1] in self.done or waiting[-1] in entered):
                waiting.pop()
            if waiting:
                child = waiting.pop()
                entered.add(child)
                stack.append((child, self._waiting(child)))
                continue
            stack.pop()
            self._emit(node, None if node == chosen else chosen, min(tier, self._tier(node)))

    def _waiting(self, activity_id: str) -> list[str]:
        """Its prerequisites not yet placed, the most urgent last (popped first)."""
        pending = [a for a in self.closure[activity_id] if a not in self.done]
        return sorted(pending, key=self.key, reverse=True)

    def _emit(self, activity_id: str, before: str | None, tier: int) -> None:
        practice = self.p.practice_of[activity_id]
        target, current = self.p.targets.get(practice), self.projection.score[practice]
        risk, risks = self.risk[activity_id]
        priority = Priority(
            tier=TIERS[tier],
            finding=self.wishes.findings.get(activity_id),
            must_have=self.wishes.must_have.get(activity_id, ()),
            risks=risks,
            risk=risk,
            exposure=self.wishes.exposure_factor,
            weight=sammy_weight(target, current),
            current=current,
            target=target,
            before=before,
        )
        self.placed.append((activity_id, priority))
        self.done.add(activity_id)
        self.projection.raise_(activity_id, practice)
