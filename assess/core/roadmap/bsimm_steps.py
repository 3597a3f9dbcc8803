"""BSIMM's roadmap steps: which activities to take up next, and in what order (pure).

A bsimm target is a number of observed activities per practice. The plan takes up, in this order:

1. **Findings**, most severe first: an answer flagged with ``finding:`` puts its activity (and
   what it ``requires``) at the head of the plan, as for every method (:mod:`.priority`).
2. **Must-haves** of the plan's profiles (:func:`~.priority.must_have_profiles`) not yet observed.
3. **The gaps**: a practice still below its target T once the findings and must-haves are counted
   takes the activities that are not yet observed (nor n/a) and that the data pool does most:
   common practice first. Ranked by data-pool frequency (``firms``, most first; an activity
   without a count comes after every counted one), then level (BSIMM's levels say how common an
   activity is: level 1 first), then effort (smaller first), then questionnaire order.

Levels are not a ladder here: no activity waits for a lower level. Explicit ``requires`` are
respected: a prerequisite is planned too (as a step that is not itself for a target) and comes
first, as urgent as the most urgent step waiting on it. A step that no target, finding or
must-have needs (a prerequisite's practice may already be at its target) goes beyond target.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Iterable, Mapping

from assess.core.model import Questionnaire
from assess.core.roadmap.plan import Step
from assess.core.roadmap.priority import CLOSING_RULE, NO_WISHES, SEVERITY_RANK, TIERS, Priority, Wishes
from assess.core.roadmap.top_answer import TopAnswerPlanner
from assess.core.scoring import NaMode, ScoringMethod
from assess.core.scoring.method import Chosen
from assess.core.targets import EPSILON

Rank = tuple[bool, int, int, float, int]
Key = tuple[int, int, bool, int, int, float, int]
"""(tier: 0 finding, 1 must-have, 2 gap; severity; then :data:`Rank`): the smallest goes first."""


NOTE = (
    "A practice's target is a number of observed activities: after the findings and must-haves, the plan takes "
    "up, per practice, the activities not yet observed that most firms of the data pool do, then lower levels, "
    "then smaller effort."
)

RULE: tuple[str, ...] = (
    "Findings come first, most severe first (critical, high, medium, low): a flagged answer puts its activity, "
    "and every activity it requires, at the head of the plan.",
    CLOSING_RULE,
    "Then the must-haves: activities a profile of the plan says must be observed (the profile the targets come "
    "from, and every profile whose targets the plan's targets meet or exceed).",
    "Then the gaps: a practice still below its target once findings and must-haves are counted takes the "
    "activities not yet observed that most firms of the data pool do; an activity without a pool count comes "
    "after every counted one.",
    "Ties go to the lower level, then the smaller effort, then the questionnaire's order.",
    "Levels are not a ladder: no activity waits for a lower level. An activity it requires is placed right "
    "before the first step that needs it.",
    "The plan stops at the targets: a step no target, finding or must-have needs is listed apart, in an "
    "optional phase beyond target, which no total includes.",
)
"""The rule in sentences, for the method page of the report and the README."""


class BsimmPlanner(TopAnswerPlanner):
    """Works out the steps and their order for one bsimm assessment and one set of targets."""

    note = NOTE
    rule = RULE

    def __init__(
        self, method: ScoringMethod, q: Questionnaire, chosen: Chosen, targets: Mapping[str, float], na: NaMode
    ) -> None:
        super().__init__(method, q, chosen, targets, na)
        self.observed = {p.id: p.score for p in self.start.practices}

    def rank(self, activity_id: str) -> Rank:
        """Sort key, smallest first: most common in the pool, then lower level, then less effort."""
        activity = self.q.activity_by_id[activity_id]
        firms = activity.firms
        return (firms is None, -(firms or 0), activity.level, activity.effort_days, self.order[activity_id])

    def needed_for_targets(self, counted: Iterable[str] = ()) -> list[str]:
        """Per practice below its target once ``counted`` is observed too, the best-ranked activities to close it."""
        taken = set(counted)
        extra: dict[str, int] = {}
        for activity_id in taken:
            extra[self.practice_of[activity_id]] = extra.get(self.practice_of[activity_id], 0) + 1
        needed: list[str] = []
        for practice in self.start.practices:
            target = self.targets.get(practice.id)
            if target is None or practice.score is None:
                continue
            missing = math.ceil(target - practice.score - extra.get(practice.id, 0) - EPSILON)
            if missing <= 0:
                continue
            candidates = [
                a.id
                for s in self.q.practice_by_id[practice.id].streams
                for a in s.activities
                if self.raisable(a) and a.id not in taken
            ]
            needed.extend(sorted(candidates, key=self.rank)[:missing])
        return needed

    def prerequisites(self, activity_id: str) -> list[str]:
        """Raisable activities it ``requires`` (no implicit lower levels: BSIMM is not a ladder)."""
        required = (self.q.activity_by_id[r] for r in self.q.activity_by_id[activity_id].requires)
        return [a.id for a in required if self.raisable(a)]

    def ordered_steps(self) -> list[Step]:
        """The steps for the targets alone (no findings, no must-haves), in the rule's order."""
        return self.ordered_for(NO_WISHES)

    def ordered_for(self, wishes: Wishes) -> list[Step]:
        """The steps for the findings, the must-haves and the targets, in the order of the module's rule."""
        closing = self.closing(wishes)
        wished = dict.fromkeys((*wishes.findings, *wishes.must_have))
        asked = [a for a in wished if a in closing or self._raisable_id(a)]
        needed = self.needed_for_targets(a for a in self._closure(asked) if a not in closing)
        wanted = {*asked, *needed}
        closure = self._closure([*asked, *needed])
        key = {a: self._key(a, wishes) for a in closure}
        urgency, cause = self._urgency(closure, key)
        order = self._topological(closure, urgency)
        beyond = self._beyond_target(order, closure, wishes, closing)
        steps = []
        observed = dict(self.observed)
        for activity_id in order:
            practice = self.practice_of[activity_id]
            priority = Priority(
                tier=TIERS[3 if activity_id in beyond else urgency[activity_id][0]],
                finding=wishes.findings.get(activity_id),
                must_have=wishes.must_have.get(activity_id, ()),
                exposure=wishes.exposure_factor,
                current=observed.get(practice),
                target=self.targets.get(practice),
                before=cause.get(activity_id),
                firms=self.q.activity_by_id[activity_id].firms,
            )
            if activity_id in closing:  # observed already: it closes the finding, it adds no activity
                steps.append(self.closing_step(activity_id, wishes, closure[activity_id], priority))
                continue
            current = observed.get(practice)
            observed[practice] = None if current is None else current + 1
            steps.append(self._step(activity_id, closure[activity_id], activity_id in wanted, priority, beyond))
        return steps

    def _raisable_id(self, activity_id: str) -> bool:
        return activity_id in self.q.activity_by_id and self.raisable(self.q.activity_by_id[activity_id])

    def _closure(self, roots: Iterable[str]) -> dict[str, list[str]]:
        """Every activity of ``roots`` and what it requires, transitively -> its raisable prerequisites."""
        closure: dict[str, list[str]] = {}
        pending = list(roots)
        while pending:
            current = pending.pop()
            if current not in closure:
                closure[current] = self.prerequisites(current)
                pending.extend(closure[current])
        return closure

    def _key(self, activity_id: str, wishes: Wishes) -> Key:
        severity = wishes.findings.get(activity_id)
        if severity is not None:
            tier, rank = 0, SEVERITY_RANK[severity]
        else:
            tier, rank = (1, 0) if activity_id in wishes.must_have else (2, 0)
        return (tier, rank, *self.rank(activity_id))

    def _urgency(
        self, closure: Mapping[str, list[str]], key: Mapping[str, Key]
    ) -> tuple[dict[str, Key], dict[str, str]]:
        """Each step's key, or that of the most urgent step waiting on it; and which step that is (if another)."""
        urgency = dict(key)
        cause: dict[str, str] = {}
        for activity_id in reversed(self._topological(closure, key)):  # dependents before their prerequisites
            for prereq in closure[activity_id]:
                if urgency[activity_id] < urgency[prereq]:
                    urgency[prereq] = urgency[activity_id]
                    cause[prereq] = cause.get(activity_id, activity_id)
        return urgency, cause

    @staticmethod
    def _topological(closure: Mapping[str, list[str]], urgency: Mapping[str, Key]) -> list[str]:
        """Every step after its prerequisites, the most urgent available step first (a heap: n log n)."""
        waiting = {a: len(set(prereqs)) for a, prereqs in closure.items()}
        dependents: dict[str, list[str]] = {a: [] for a in closure}
        for activity_id, prereqs in closure.items():
            for prereq in set(prereqs):
                dependents[prereq].append(activity_id)
        heap = [(urgency[a], a) for a, count in waiting.items() if count == 0]
        heapq.heapify(heap)
        order: list[str] = []
        while heap:
            _, activity_id = heapq.heappop(heap)
            order.append(activity_id)
            for dependent in dependents[activity_id]:
                waiting[dependent] -= 1
                if waiting[dependent] == 0:
                    heapq.heappush(heap, (urgency[dependent], dependent))
        return order

    def _beyond_target(
        self, order: list[str], closure: Mapping[str, list[str]], wishes: Wishes, closing: set[str]
    ) -> set[str]:
        """Steps no target, finding or must-have needs: their practice meets its target before them."""
        observed = dict(self.observed)
        beyond: set[str] = set()
        for activity_id in order:
            if activity_id in closing:
                continue
            practice = self.practice_of[activity_id]
            target, current = self.targets.get(practice), observed.get(practice)
            met = target is None or current is None or current >= target - EPSILON
            if met and activity_id not in wishes.findings and activity_id not in wishes.must_have:
                beyond.add(activity_id)
            observed[practice] = None if current is None else current + 1
        needed = set(order) - beyond
        for activity_id in reversed(order):  # prerequisites come earlier: one pass carries need down every chain
            if activity_id in needed:
                needed.update(closure[activity_id])
        return beyond - needed

    def _step(
        self, activity_id: str, requires: list[str], for_target: bool, priority: Priority, beyond: set[str]
    ) -> Step:
        activity = self.q.activity_by_id[activity_id]
        top = self.q.options_for(activity)[-1]
        return self.step_for(
            activity,
            (0.0, top.value),
            (self.chosen.get(activity_id), top.id),
            requires,
            for_target=for_target,
            priority=priority,
            beyond_target=activity_id in beyond,
        )

    def unreachable(self) -> dict[str, float]:
        """Gaps that stay open even with every activity observed (the rest are n/a)."""
        best = self.scores_with(a.id for a in self.q.activities if self.raisable(a))
        return {p.id: p.gap for p in best.practices if p.gap is not None and p.gap > EPSILON}
