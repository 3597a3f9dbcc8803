"""What every method's planner shares: a step raises one activity to its top option, and the plan
projects scores by re-scoring the answers with those activities raised.

A finding on an answer already at its top option cannot be raised: it gets a *closing step*
instead (:meth:`TopAnswerPlanner.closing_step`), which changes no answer and no score. Each
method plans it as it plans any finding (by its severity, after what it needs first: lower levels
of its stream for SAMM, ``requires``), and counts nothing for it towards a target.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from assess.core.model import NOT_APPLICABLE, Questionnaire
from assess.core.model.questionnaire import Activity
from assess.core.roadmap.plan import Closing, Step
from assess.core.roadmap.priority import Priority, Wishes
from assess.core.scoring import NaMode, Scorecard, ScoringMethod
from assess.core.scoring.method import Chosen


class TopAnswerPlanner:
    """The answers, targets and starting scorecard a planner works from, and the two rules it shares."""

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
        self.practice_of = {a.id: q.practice_of[a.id].id for a in q.activities}

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

    def at_top(self, activity: Activity) -> bool:
        return self.chosen.get(activity.id) == self.q.options_for(activity)[-1].id

    def closing(self, wishes: Wishes) -> set[str]:
        """The findings whose answers are at their top option already: each gets a closing step."""
        return {a for a in wishes.findings if a in self.q.activity_by_id and self.at_top(self.q.activity_by_id[a])}

    def closing_step(self, activity_id: str, wishes: Wishes, requires: Iterable[str], priority: Priority) -> Step:
        """The step that closes the finding on ``activity_id``, whose answer is at its top option already.

        It changes no answer (from == to), so no projection moves; its effort is the activity's times the
        share of quality criteria the answer leaves unticked, at least a quarter (:class:`~.plan.Closing`).
        """
        activity = self.q.activity_by_id[activity_id]
        top = self.q.options_for(activity)[-1]
        ticks = wishes.ticks.get(activity_id, ())
        met = sum(1 for i in range(len(activity.criteria)) if i < len(ticks) and ticks[i])
        return self.step_for(
            activity,
            (top.value, top.value),
            (top.id, top.id),
            requires,
            for_target=True,
            priority=priority,
            closing=Closing(unmet=len(activity.criteria) - met, criteria=len(activity.criteria)),
        )

    def step_for(
        self,
        activity: Activity,
        values: tuple[float, float],
        answers: tuple[str | None, str],
        requires: Iterable[str],
        *,
        for_target: bool,
        priority: Priority,
        beyond_target: bool = False,
        closing: Closing | None = None,
    ) -> Step:
        """A step on ``activity`` from ``values[0]``/``answers[0]`` to ``values[1]``/``answers[1]``: what every
        method's steps take from the activity (practice, stream, level, title, action, effort) is filled in here."""
        return Step(
            activity=activity.id,
            practice=self.practice_of[activity.id],
            stream=self.q.stream_of[activity.id].id,
            level=activity.level,
            title=activity.display_title,
            action=activity.action,
            effort=activity.effort_days,
            from_value=values[0],
            to_value=values[1],
            from_answer=answers[0],
            to_answer=answers[1],
            requires=tuple(sorted(requires, key=self.order.__getitem__)),
            for_target=for_target,
            priority=priority,
            beyond_target=beyond_target,
            closing=closing,
        )
