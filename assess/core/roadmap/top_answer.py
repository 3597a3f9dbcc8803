"""What every method's planner shares: a step raises one activity to its top option, and the plan
projects scores by re-scoring the answers with those activities raised."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from assess.core.model import NOT_APPLICABLE, Questionnaire
from assess.core.model.questionnaire import Activity
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
