"""A BSIMM-style scorecard derived from another questionnaire's answers, through a crosswalk (pure).

One workshop, both languages: an api-samm assessment read as api-bsimm activities. An activity
of the bsimm questionnaire counts as observed when at least one source activity the crosswalk
maps to it is answered with its top option and none of that answer's quality criteria is marked
as not holding (an unmarked criterion counts as held: the format says an answer above the lowest
asserts every criterion). It is not observed when its sources are answered otherwise, n/a when
every source is n/a, unanswered when none is answered, and it can never be observed when no
source maps to it at all (those are listed as unmapped). The scorecard says it is derived.
"""

from __future__ import annotations

from assess.core.model import NOT_APPLICABLE, Answers, Questionnaire
from assess.core.model.crosswalk import Crosswalk
from assess.core.scoring.bsimm import bsimm_scorecard
from assess.core.scoring.bsimm_cards import Derivation
from assess.core.scoring.cards import Scorecard

RULE = (
    "observed when at least one {source} activity mapped to it is answered with its top option and none of its "
    "quality criteria is marked as not holding; activities no {source} activity maps to are never observed"
)


def derived_chosen(
    source: Questionnaire, answers: Answers, target: Questionnaire, crosswalk: Crosswalk
) -> dict[str, str | None]:
    """Target activity id -> its top option, its lowest option, ``n/a`` or None, read from the source answers."""
    chosen: dict[str, str | None] = {}
    for activity in target.activities:
        answered = [s for s in crosswalk.sources_of(activity.id) if answers.chosen(s) is not None]
        options = target.options_for(activity)
        if not answered:
            chosen[activity.id] = None
        elif all(answers.chosen(s) == NOT_APPLICABLE for s in answered):
            chosen[activity.id] = NOT_APPLICABLE
        else:
            observed = any(_demonstrates(source, answers, s) for s in answered)
            chosen[activity.id] = options[-1].id if observed else options[0].id
    return chosen


def _demonstrates(source: Questionnaire, answers: Answers, activity_id: str) -> bool:
    entry = answers.answers[activity_id]
    top = source.options_for(source.activity_by_id[activity_id])[-1].id
    return entry.answer == top and all(entry.criteria)


def derived_scorecard(
    source: Questionnaire, answers: Answers, target: Questionnaire, crosswalk: Crosswalk
) -> Scorecard:
    """The bsimm scorecard of ``target`` that ``answers`` to ``source`` show, labelled as derived."""
    unmapped = tuple(a.id for a in target.activities if not crosswalk.sources_of(a.id))
    derivation = Derivation(
        questionnaire_id=source.id,
        questionnaire_version=source.version,
        crosswalk=crosswalk.id,
        rule=RULE.format(source=source.id),
        unmapped=unmapped,
    )
    return bsimm_scorecard(target, derived_chosen(source, answers, target, crosswalk), derived=derivation)
