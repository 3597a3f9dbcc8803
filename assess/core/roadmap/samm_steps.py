"""SAMM's roadmap steps: which activities to raise for the targets, and in what order (pure).

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


class SammPlanner:
    """Works out the steps and their order for one assessment and one set of targets."""

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
        self.values = {a.id: a.value for a in self.start.activities}

    # Which activities can be raised at all.

    def raisable(self, activity: Activity) -> bool:
        """Below its top option and not answered n/a."""
        chosen = self.chosen.get(activity.id)
        return chosen != NOT_APPLICABLE and chosen != self.q.options_for(activity)[-1].id

    def scores_with(self, raised: Iterable[str]) -> Scorecard:
        """The scorecard once every activity in ``raised`` is at its top option."""
        chosen = dict(self.chosen)
        for activity_id in raised:
            chosen[activity_id] = self.q.options_for(self.q.activity_by_id[activity_id])[-1].id
        return self.method.score(self.q, chosen, self.na, self.targets)

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
            from_answer=self.chosen.get(activity.id),
            to_answer=top.id,
            requires=tuple(sorted(requires, key=self.order.__getitem__)),
            for_target=for_target,
        )

    def unreachable(self) -> dict[str, float]:
        """Gaps that stay open even with every step planned (activities answered n/a)."""
        best = self.scores_with(a.id for a in self.q.activities if self.raisable(a))
        return {p.id: p.gap for p in best.practices if p.gap is not None and p.gap > EPSILON}
