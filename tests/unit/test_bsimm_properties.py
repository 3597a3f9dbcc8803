"""Properties of BSIMM scoring that must hold for any answers (hypothesis)."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assess.core.model import NOT_APPLICABLE, Answers, Questionnaire
from assess.core.scoring import Scorecard, score
from assess.files.discovery import builtin_questionnaires
from assess.files.loading import load_questionnaire
from tests.conftest import DATA

QUESTIONNAIRES = [load_questionnaire(DATA / "bsimm-odd.yaml")] + [
    q for q in builtin_questionnaires() if q.scoring == "bsimm"
]
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
Choice = dict[str, int | None]
"""Activity id -> 0 (not observed), 1 (observed), -1 (n/a) or None (unanswered)."""


@st.composite
def answered(draw: st.DrawFn) -> tuple[Questionnaire, Choice]:
    q = draw(st.sampled_from(QUESTIONNAIRES))
    return q, {a.id: draw(st.sampled_from([None, -1, 0, 1])) for a in q.activities}


def to_answers(q: Questionnaire, choice: Choice) -> Answers:
    entries: dict[str, Any] = {}
    for activity_id, index in choice.items():
        if index is not None:
            options = q.options_for(q.activity_by_id[activity_id])
            entries[activity_id] = NOT_APPLICABLE if index == -1 else options[index].id
    return Answers.model_validate({"format": 1, "questionnaire": q.id, "version": q.version, "answers": entries})


def numbers(card: Scorecard) -> list[float]:
    """Every count, share and high-water mark of a bsimm scorecard, in a fixed order."""
    block = card.bsimm
    assert block is not None
    found: list[float] = [block.firm_score, block.share, card.overall or 0.0]
    for domain in block.domains:
        found += [domain.observed, domain.share, domain.high_water_mark]
    for practice in block.practices:
        found += [practice.observed, practice.share, practice.high_water_mark]
        found += [c.observed for c in practice.levels]
    for shared in card.practices:
        found += [shared.score or 0.0, *(s.score or 0.0 for s in shared.streams)]
    found += [f.score or 0.0 for f in card.functions]
    found += [1.0 if a.observed else 0.0 for a in block.activities]
    return found


@SETTINGS
@given(answered(), st.data())
def test_observing_one_more_activity_never_lowers_a_count_share_or_mark(
    case: tuple[Questionnaire, Choice], data: st.DataObject
) -> None:
    q, choice = case
    not_observed = [ident for ident, index in choice.items() if index != 1]
    if not not_observed:
        return
    activity_id = data.draw(st.sampled_from(not_observed))  # unanswered, not observed or n/a before
    before = score(q, to_answers(q, choice))
    after = score(q, to_answers(q, {**choice, activity_id: 1}))
    for old, new in zip(numbers(before), numbers(after), strict=True):
        assert new >= old
    assert after.bsimm is not None and before.bsimm is not None
    assert after.bsimm.firm_score == before.bsimm.firm_score + 1


@SETTINGS
@given(answered())
def test_counts_add_up_and_stay_in_range(case: tuple[Questionnaire, Choice]) -> None:
    q, choice = case
    card = score(q, to_answers(q, choice))
    block = card.bsimm
    assert block is not None
    assert block.firm_score == sum(1 for index in choice.values() if index == 1) == card.overall
    assert block.na == sum(1 for index in choice.values() if index == -1)
    assert block.firm_score == sum(d.observed for d in block.domains) == sum(p.observed for p in block.practices)
    for practice in block.practices:
        assert 0 <= practice.share <= 1
        assert practice.observed == sum(c.observed for c in practice.levels)
        assert (practice.high_water_mark == 0) == (practice.observed == 0)
        assert card.practice(practice.id).score == practice.observed
        assert card.practice(practice.id).maximum == practice.total
    flagged = set(block.look_first)
    assert all(not a.observed and not a.na for a in block.activities if a.id in flagged)
