"""The ``bsimm`` block of a score document: BSIMM's own numbers, copied from the scorecard.

A bsimm score document is a score document like any other (its practice scores are observed
counts, ``overall`` is the firm score) plus ``"method": "bsimm"`` and this block: optional keys
only, so readers of SAMM documents see nothing new.
"""

from __future__ import annotations

from typing import TypedDict

from assess.core.scoring.bsimm_cards import BsimmCard


class PoolNode(TypedDict):
    name: str
    firms: int | None
    average_score: float | None
    """How many of these activities the pool's average firm does (None without every count)."""


class SourceRef(TypedDict):
    questionnaire: str
    version: str


DerivedNode = TypedDict("DerivedNode", {"from": SourceRef, "crosswalk": str, "rule": str, "unmapped": list[str]})
"""Present on a scorecard derived from another questionnaire's answers (``--view bsimm``)."""


class DomainNode(TypedDict):
    id: str
    name: str
    observed: int
    total: int
    share: float
    na: int
    high_water_mark: int


class LevelNode(TypedDict):
    level: int
    observed: int
    total: int


class BsimmPracticeNode(TypedDict):
    id: str
    name: str
    domain: str
    observed: int
    total: int
    share: float
    na: int
    high_water_mark: int
    levels: list[LevelNode]
    pool_average: float | None
    most_common: list[str]


class BsimmActivityNode(TypedDict):
    id: str
    title: str
    practice: str
    level: int
    observed: bool
    na: bool
    firms: int | None
    pool_share: float | None
    most_common: bool
    look_first: bool
    bsimm: list[str]


class BsimmBlock(TypedDict):
    firm_score: int
    total: int
    share: float
    na: int
    pool: PoolNode | None
    derived: DerivedNode | None
    domains: list[DomainNode]
    practices: list[BsimmPracticeNode]
    activities: list[BsimmActivityNode]
    look_first: list[str]


def bsimm_data(card: BsimmCard) -> BsimmBlock:
    """Counts, shares, high-water marks, n/a and the data-pool comparison (numbers unrounded)."""
    derived = card.derived
    return {
        "firm_score": card.firm_score,
        "total": card.total,
        "share": card.share,
        "na": card.na,
        "pool": None
        if card.pool_name is None
        else {"name": card.pool_name, "firms": card.pool_firms, "average_score": card.pool_average_score},
        "derived": None
        if derived is None
        else {
            "from": {"questionnaire": derived.questionnaire_id, "version": derived.questionnaire_version},
            "crosswalk": derived.crosswalk,
            "rule": derived.rule,
            "unmapped": list(derived.unmapped),
        },
        "domains": [
            {
                "id": d.id,
                "name": d.name,
                "observed": d.observed,
                "total": d.total,
                "share": d.share,
                "na": d.na,
                "high_water_mark": d.high_water_mark,
            }
            for d in card.domains
        ],
        "practices": [
            {
                "id": p.id,
                "name": p.name,
                "domain": p.domain,
                "observed": p.observed,
                "total": p.total,
                "share": p.share,
                "na": p.na,
                "high_water_mark": p.high_water_mark,
                "levels": [{"level": c.level, "observed": c.observed, "total": c.total} for c in p.levels],
                "pool_average": p.pool_average,
                "most_common": list(p.most_common),
            }
            for p in card.practices
        ],
        "activities": [
            {
                "id": a.id,
                "title": a.title,
                "practice": a.practice,
                "level": a.level,
                "observed": a.observed,
                "na": a.na,
                "firms": a.firms,
                "pool_share": a.pool_share,
                "most_common": a.most_common,
                "look_first": a.look_first,
                "bsimm": list(a.bsimm),
            }
            for a in card.activities
        ],
        "look_first": list(card.look_first),
    }
