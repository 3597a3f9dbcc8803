"""BSIMM's roadmap steps: which activities to take up next, and in what order (pure).

A bsimm target is a number of observed activities per practice. A practice below its target T
takes the T - observed activities that are not yet observed (nor n/a) and that the data pool
does most: common practice first. Activities are ranked by data-pool frequency (``firms``, most
first; an activity without a count comes after every counted one), then level (BSIMM's levels
say how common an activity is: level 1 first), then effort (smaller first), then questionnaire
order. Levels are not a ladder here: no activity waits for a lower level. Explicit ``requires``
are respected: a prerequisite is planned too (as a step that is not itself for a target) and
comes first, as urgent as the most urgent step waiting on it.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

from assess.core.model import NOT_APPLICABLE, Questionnaire
from assess.core.model.questionnaire import Activity
from assess.core.roadmap.plan import Step
from assess.core.scoring import NaMode, Scorecard, ScoringMethod
from assess.core.scoring.method import Chosen
from assess.core.targets import EPSILON

Rank = tuple[bool, int, int, float, int]


NOTE = (
    "A practice's target is a number of observed activities: the plan takes up, per practice, the activities "
    "not yet observed that most firms of the data pool do, then lower levels, then smaller effort."
)


class BsimmPlanner:
    """Works out the steps and their order for one bsimm assessment and one set of targets."""

    note = NOTE

    def __init__(
        self, method: ScoringMethod, q: Questionnaire, chosen: Chosen, targets: Mapping[str, float], na: NaMode
    ) -> None:
        self.method = method
        self.q = q
        self.chosen = dict(chosen)
        self.targets = dict(targets)
        self.na = na
        self.start: Scorecard = method.score(q, self.chosen, na, self.targets)
        self.order = {a.id: i for i, a in enumerate(q.activities)}

    def raisable(self, activity: Activity) -> bool:
        """Not observed yet, and not answered n/a."""
        chosen = self.chosen.get(activity.id)
        return chosen != NOT_APPLICABLE and chosen != self.q.options_for(activity)[-1].id

    def rank(self, activity_id: str) -> Rank:
        """Sort key, smallest first: most common in the pool, then lower level, then less effort."""
        activity = self.q.activity_by_id[activity_id]
        firms = activity.firms
        return (firms is None, -(firms or 0), activity.level, activity.effort_days, self.order[activity_id])

    def scores_with(self, raised: Iterable[str]) -> Scorecard:
        """The scorecard once every activity in ``raised`` is observed."""
        chosen = dict(self.chosen)
        for activity_id in raised:
            chosen[activity_id] = self.q.options_for(self.q.activity_by_id[activity_id])[-1].id
        return self.method.score(self.q, chosen, self.na, self.targets)

    def needed_for_targets(self) -> list[str]:
        """Per practice below its target, the best-ranked activities that close the gap in count."""
        needed: list[str] = []
        for practice in self.start.practices:
            target = self.targets.get(practice.id)
            if target is None or practice.score is None or practice.score >= target - EPSILON:
                continue
            missing = math.ceil(target - practice.score - EPSILON)
            candidates = [
                a.id for s in self.q.practice_by_id[practice.id].streams for a in s.activities if self.raisable(a)
            ]
            needed.extend(sorted(candidates, key=self.rank)[:missing])
        return needed

    def prerequisites(self, activity_id: str) -> list[str]:
        """Raisable activities it ``requires`` (no implicit lower levels: BSIMM is not a ladder)."""
        required = (self.q.activity_by_id[r] for r in self.q.activity_by_id[activity_id].requires)
        return [a.id for a in required if self.raisable(a)]

    def ordered_steps(self) -> list[Step]:
        needed = self.needed_for_targets()
        wanted = set(needed)
        closure: dict[str, list[str]] = {}
        pending = list(needed)
        while pending:
            current = pending.pop()
            if current not in closure:
                closure[current] = self.prerequisites(current)
                pending.extend(closure[current])
        dependents: dict[str, set[str]] = {a: set() for a in closure}
        for waiting, prereqs in closure.items():
            for prereq in prereqs:
                dependents[prereq].add(waiting)
        urgency = {a: self._urgency(a, dependents) for a in closure}
        scheduled: list[str] = []
        done: set[str] = set()
        while len(done) < len(closure):
            available = [a for a in closure if a not in done and all(p in done for p in closure[a])]
            pick = min(available, key=urgency.__getitem__)
            scheduled.append(pick)
            done.add(pick)
        return [self._step(a, closure[a], a in wanted) for a in scheduled]

    def _urgency(self, activity_id: str, dependents: Mapping[str, set[str]]) -> Rank:
        """Its own rank, or that of the best-ranked step waiting on it, whichever comes first."""
        best = self.rank(activity_id)
        seen: set[str] = set()
        stack = list(dependents[activity_id])
        while stack:
            waiting = stack.pop()
            if waiting not in seen:
                seen.add(waiting)
                best = min(best, self.rank(waiting))
                stack.extend(dependents[waiting])
        return best

    def _step(self, activity_id: str, requires: list[str], for_target: bool) -> Step:
        activity = self.q.activity_by_id[activity_id]
        options = self.q.options_for(activity)
        chosen = self.chosen.get(activity_id)
        return Step(
            activity=activity.id,
            practice=self.q.practice_of[activity.id].id,
            stream=self.q.stream_of[activity.id].id,
            level=activity.level,
            title=activity.display_title,
            action=activity.action,
            effort=activity.effort_days,
            from_value=0.0,
            to_value=options[-1].value,
            from_answer=chosen,
            to_answer=options[-1].id,
            requires=tuple(sorted(requires, key=self.order.__getitem__)),
            for_target=for_target,
        )

    def unreachable(self) -> dict[str, float]:
        """Gaps that stay open even with every activity observed (the rest are n/a)."""
        best = self.scores_with(a.id for a in self.q.activities if self.raisable(a))
        return {p.id: p.gap for p in best.practices if p.gap is not None and p.gap > EPSILON}
