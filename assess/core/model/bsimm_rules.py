"""What a BSIMM-style questionnaire (``scoring: bsimm``) must satisfy beyond the common format.

BSIMM is not a ladder: an activity is observed or not, its level says how commonly firms do
it, and a practice holds any number of activities per level. So a bsimm questionnaire answers
every activity on a two-option scale (not observed = 0, observed = 1), names each activity
``<practice><level>.<n>`` (``SM1.4`` is Strategy & Metrics, level 1), and counts data-pool
firms no higher than the pool it names. Options that only mean something for SAMM's formulas
(``comparable_with: samm-benchmark``) are refused here, where the file says it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from assess.core.model.common import Issue

if TYPE_CHECKING:
    from assess.core.model.questionnaire import Questionnaire

BSIMM_ID = re.compile(r"^(?P<practice>[A-Za-z][A-Za-z0-9_-]*?)(?P<level>[1-3])\.(?P<n>[1-9][0-9]*)$")
"""A BSIMM activity id: practice letters, the level, a dot and a number (``CMVM1.1``, ``T2.10``)."""

Path = tuple[str | int, ...]


def bsimm_id_parts(ident: str) -> tuple[str, int] | None:
    """``SM1.4`` -> ``("SM", 1)``; None when the id is not written in BSIMM's form."""
    match = BSIMM_ID.match(ident)
    return (match["practice"], int(match["level"])) if match else None


def bsimm_issues(q: Questionnaire, activity_paths: Iterator[tuple[Path, str, str]]) -> Iterator[Issue]:
    """The bsimm rules, given (path, practice id, activity id) of every activity."""
    if q.comparable_with is not None:
        yield Issue(
            ("comparable_with",),
            f"comparable_with: {q.comparable_with} is for SAMM scores; a bsimm questionnaire "
            "is compared with its data pool (pool: {name, firms}): remove the key",
        )
    for name, options in q.scales.items():
        if [o.value for o in options] != [0, 1]:
            yield Issue(
                ("scales", name),
                f"scale {name} has {len(options)} options worth {', '.join(f'{o.value:g}' for o in options)}; "
                "a bsimm questionnaire answers observed or not: give each scale two options worth 0 and 1 "
                "(for example not-observed and observed)",
            )
    by_id = q.activity_by_id
    for path, practice, activity_id in activity_paths:
        activity = by_id[activity_id]
        if not re.fullmatch(rf"{re.escape(practice)}{activity.level}\.[1-9][0-9]*", activity_id):
            yield Issue(
                (*path, "id"),
                f"activity id {activity_id!r} does not match its practice {practice} and level {activity.level}; "
                f"in a bsimm questionnaire write {practice}{activity.level}.N (for example "
                f"{practice}{activity.level}.1)",
            )


def pool_issues(q: Questionnaire, activity_paths: Iterator[tuple[Path, str, str]]) -> Iterator[Issue]:
    """Data-pool counts must refer to a pool, and never exceed its size (any scoring method)."""
    by_id = q.activity_by_id
    for path, _, activity_id in activity_paths:
        firms = by_id[activity_id].firms
        if firms is None:
            continue
        if q.pool is None:
            yield Issue(
                (*path, "firms"),
                "firms counts firms of a data pool, but the questionnaire names none; "
                "add pool: {name: ..., firms: N} at its top level",
            )
        elif firms > q.pool.firms:
            yield Issue(
                (*path, "firms"),
                f"firms {firms} is above the size of the pool {q.pool.name} ({q.pool.firms} firms); "
                "a count of firms cannot exceed the pool",
            )
