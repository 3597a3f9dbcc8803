"""BSIMM-style scores (pure): activities observed, counted per practice, domain and firm.

BSIMM is not a ladder. Each activity is observed (its scale's top option) or not; its level only
says how commonly firms do it. A practice's score is the number of its activities observed (its
maximum, the number of its activities), a domain (a questionnaire function) sums its practices,
and ``overall`` is the firm score: every activity observed. ``n/a`` is allowed, counts as not
observed (so shares stay comparable with the data pool) and is reported; ``--na exclude`` is
SAMM's and refused. The BSIMM-only numbers ride in ``Scorecard.bsimm`` (see :mod:`.bsimm_cards`):
the normalised share of each practice, its high-water mark (highest level with an observed
activity), and, with data-pool counts (``firms`` out of ``pool.firms``), each activity's share of
the pool, the most common activity of each practice, and the common activities not observed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from assess.core.model import Questionnaire
from assess.core.model.questionnaire import Activity, Function, Practice
from assess.core.scoring.bsimm_cards import (
    COMMON_SHARE,
    BsimmActivity,
    BsimmCard,
    BsimmDomain,
    BsimmPractice,
    Derivation,
    LevelCount,
)
from assess.core.scoring.cards import ActivityScore, FunctionScore, NaMode, PracticeScore, Scorecard, StreamScore
from assess.core.scoring.method import Chosen, register

if TYPE_CHECKING:
    from assess.core.roadmap.plan import StepPlanner

NA_EXCLUDE_REFUSED = (
    "--na exclude is SAMM's non-standard mode; a bsimm questionnaire counts n/a as not observed "
    "(so shares stay comparable with the data pool) and reports how many there are: leave --na out"
)


class BsimmMethod:
    """Counts of observed activities, and the roadmap of :mod:`assess.core.roadmap.bsimm_steps`."""

    name = "bsimm"
    na_modes: tuple[NaMode, ...] = ("zero",)

    def score(self, q: Questionnaire, chosen: Chosen, na: NaMode, targets: Mapping[str, float]) -> Scorecard:
        return bsimm_scorecard(q, chosen, na, targets)

    def planner(self, q: Questionnaire, chosen: Chosen, targets: Mapping[str, float], na: NaMode) -> StepPlanner:
        from assess.core.roadmap.bsimm_steps import BsimmPlanner  # the roadmap builds on scores, not the reverse

        return BsimmPlanner(self, q, chosen, targets, na)


BSIMM = register(BsimmMethod())


def is_observed(q: Questionnaire, activity: Activity, answer: str | None) -> bool:
    """Observed means the scale's top option was chosen (the model allows only two options, 0 and 1)."""
    return answer is not None and answer == q.options_for(activity)[-1].id


def bsimm_scorecard(
    q: Questionnaire,
    chosen: Chosen,
    na: NaMode = "zero",
    targets: Mapping[str, float] | None = None,
    derived: Derivation | None = None,
) -> Scorecard:
    """The scorecard of ``chosen`` on a bsimm questionnaire (``derived`` labels one made through a crosswalk)."""
    if na != "zero":
        raise ValueError(NA_EXCLUDE_REFUSED)
    goal = targets or {}
    activities = {a.id: _activity(q, a, chosen.get(a.id)) for a in q.activities}
    functions = tuple(_function(f, activities, goal) for f in q.functions)
    card = _bsimm_card(q, functions, activities, derived)
    known = q.activity_by_id
    return Scorecard(
        questionnaire_id=q.id,
        questionnaire_version=q.version,
        questionnaire_title=q.title,
        na=na,
        overall=float(card.firm_score),
        functions=functions,
        answered=sum(1 for ident, answer in chosen.items() if answer is not None and ident in known),
        total=len(q.activities),
        maximum=float(len(q.activities)),
        method=BSIMM.name,
        bsimm=card,
    )


def _activity(q: Questionnaire, activity: Activity, answer: str | None) -> ActivityScore:
    return ActivityScore(activity.id, activity.level, 1.0 if is_observed(q, activity, answer) else 0.0, answer, 1.0)


def _function(
    function: Function, activities: Mapping[str, ActivityScore], targets: Mapping[str, float]
) -> FunctionScore:
    practices = tuple(_practice(p, activities, targets.get(p.id)) for p in function.practices)
    return FunctionScore(
        function.id,
        function.name,
        sum(p.score or 0.0 for p in practices),
        practices,
        sum(p.maximum for p in practices),
    )


def _practice(practice: Practice, activities: Mapping[str, ActivityScore], target: float | None) -> PracticeScore:
    streams = []
    for stream in practice.streams:
        scored = tuple(activities[a.id] for a in stream.activities)
        streams.append(StreamScore(stream.id, stream.name, sum(a.value for a in scored), scored, float(len(scored))))
    return PracticeScore(
        practice.id,
        practice.name,
        sum(s.score or 0.0 for s in streams),
        target,
        tuple(streams),
        sum(s.maximum for s in streams),
    )


def _bsimm_card(
    q: Questionnaire,
    functions: tuple[FunctionScore, ...],
    activities: Mapping[str, ActivityScore],
    derived: Derivation | None,
) -> BsimmCard:
    pool = q.pool
    detail: list[BsimmActivity] = []
    practices: list[BsimmPractice] = []
    domains: list[BsimmDomain] = []
    for function in functions:
        mine: list[BsimmPractice] = []
        for practice in function.practices:
            scored = [a for s in practice.streams for a in s.activities]
            rows = _activity_rows(q, practice.id, scored, set(derived.unmapped) if derived else set())
            detail.extend(rows)
            mine.append(_practice_card(practice, function.id, rows))
        practices.extend(mine)
        domains.append(
            BsimmDomain(
                function.id,
                function.name,
                sum(p.observed for p in mine),
                sum(p.total for p in mine),
                sum(p.na for p in mine),
                max((p.high_water_mark for p in mine), default=0),
            )
        )
    shares = [a.pool_share for a in detail]
    return BsimmCard(
        firm_score=sum(p.observed for p in practices),
        total=len(detail),
        na=sum(p.na for p in practices),
        pool_name=pool.name if pool else None,
        pool_firms=pool.firms if pool else None,
        pool_average_score=_total(shares),
        domains=tuple(domains),
        practices=tuple(practices),
        activities=tuple(detail),
        derived=derived,
    )


def _activity_rows(
    q: Questionnaire, practice: str, scored: list[ActivityScore], unknown: set[str]
) -> list[BsimmActivity]:
    """``unknown``: activities a derived scorecard cannot see (never flagged as ones to look at first)."""
    pool = q.pool
    counts = {a.id: q.activity_by_id[a.id].firms for a in scored}
    known = [c for c in counts.values() if c is not None]
    top = max(known, default=0)
    rows = []
    for a in scored:
        firms = counts[a.id]
        share = firms / pool.firms if pool is not None and firms is not None else None
        most_common = firms is not None and firms == top and top > 0
        common = most_common or (share is not None and share >= COMMON_SHARE)
        observed = a.value > 0
        rows.append(
            BsimmActivity(
                id=a.id,
                title=q.activity_by_id[a.id].display_title,
                practice=practice,
                level=a.level,
                observed=observed,
                na=a.is_na,
                firms=firms,
                pool_share=share,
                most_common=most_common,
                look_first=common and not observed and not a.is_na and a.id not in unknown,
                bsimm=q.activity_by_id[a.id].bsimm,
            )
        )
    return rows


def _practice_card(practice: PracticeScore, domain: str, rows: list[BsimmActivity]) -> BsimmPractice:
    levels = sorted({r.level for r in rows})
    observed_levels = [r.level for r in rows if r.observed]
    total = _total(r.pool_share for r in rows)
    return BsimmPractice(
        id=practice.id,
        name=practice.name,
        domain=domain,
        observed=sum(1 for r in rows if r.observed),
        total=len(rows),
        na=sum(1 for r in rows if r.na),
        high_water_mark=max(observed_levels, default=0),
        levels=tuple(
            LevelCount(
                level,
                sum(1 for r in rows if r.level == level and r.observed),
                sum(1 for r in rows if r.level == level),
            )
            for level in levels
        ),
        pool_average=total / len(rows) if total is not None and rows else None,
        most_common=tuple(r.id for r in rows if r.most_common),
    )


def _total(shares: Iterable[float | None]) -> float | None:
    """The sum of pool shares, or None when any activity has no count (a partial sum would mislead)."""
    values = list(shares)
    if not values or any(v is None for v in values):
        return None
    return sum(v for v in values if v is not None)
