"""The words and rows every rendering of a BSIMM scorecard shares (table, Markdown, CSV).

Numbers come from the document's ``bsimm`` block as the core computed them; this module only
turns them into text, with the display rules of :mod:`assess.core.display`. Not a format module
(the leading underscore keeps the registry from loading it as one).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from assess.core.display import fmt, fmt_count, fmt_percent

if TYPE_CHECKING:
    from assess.documents.bsimm import BsimmBlock
    from assess.documents.contract import ScoreDocument

LOOK_FIRST_SHOWN = 8
"""How many common activities not observed a table lists (the JSON and CSV carry them all)."""


@dataclass(frozen=True, slots=True)
class Row:
    """One line of the scorecard: a domain (``kind="domain"``) or a practice."""

    kind: str
    id: str
    name: str
    observed: str
    share: float
    high_water_mark: str
    pool: str
    na: str
    target: str = ""


def block(doc: ScoreDocument) -> BsimmBlock | None:
    return doc.get("bsimm")


def derived_line(b: BsimmBlock) -> str | None:
    """The label of a derived scorecard (None for a scorecard answered directly)."""
    d = b["derived"]
    if d is None:
        return None
    source = d["from"]
    return (
        f"Derived from {source['questionnaire']} {source['version']} answers through the crosswalk "
        f"{d['crosswalk']}: an activity is {d['rule']} ({len(d['unmapped'])} have no counterpart)."
    )


def firm_line(b: BsimmBlock) -> str:
    """``Firm score 34 of 77 activities observed (44%) · n/a 2 · BSIMM16 average firm 36.6``."""
    parts = [f"Firm score {b['firm_score']} of {b['total']} activities observed ({fmt_percent(b['share'])})"]
    if b["na"]:
        parts.append(f"n/a {b['na']} (counted as not observed)")
    pool = b["pool"]
    if pool is not None and pool["average_score"] is not None:
        parts.append(f"{pool['name']} average firm: {fmt(pool['average_score'], 1)} of these {b['total']}")
    return " · ".join(parts)


def legend(b: BsimmBlock) -> str:
    """What the columns mean, in one line under the table."""
    pool = b["pool"]
    about_pool = (
        f"Pool: the average share of {pool['name']}'s {pool['firms']} firms" if pool is not None else "Pool: none given"
    )
    return f"HWM: high-water mark, the highest level with an observed activity · {about_pool}"


def rows(doc: ScoreDocument, b: BsimmBlock) -> list[Row]:
    """Each domain, followed by its practices (with their targets, counts of observed activities)."""
    targets = {p["id"]: p["target"] for f in doc["functions"] for p in f["practices"]}
    found: list[Row] = []
    for domain in b["domains"]:
        found.append(
            Row(
                "domain",
                domain["id"],
                domain["name"],
                f"{domain['observed']}/{domain['total']}",
                domain["share"],
                str(domain["high_water_mark"]),
                "",
                str(domain["na"] or ""),
            )
        )
        for p in (p for p in b["practices"] if p["domain"] == domain["id"]):
            found.append(
                Row(
                    "practice",
                    p["id"],
                    p["name"],
                    f"{p['observed']}/{p['total']}",
                    p["share"],
                    str(p["high_water_mark"]),
                    fmt_percent(p["pool_average"]) if p["pool_average"] is not None else "",
                    str(p["na"] or ""),
                    fmt_count(targets.get(p["id"])) if targets.get(p["id"]) is not None else "",
                )
            )
    return found


def has_targets(doc: ScoreDocument) -> bool:
    return any(p["target"] is not None for f in doc["functions"] for p in f["practices"])


def target_line(doc: ScoreDocument) -> str | None:
    """How far the observed counts are from the targets, or None without targets."""
    ratio = doc["percent_to_target"]
    if ratio is None:
        return None
    return f"{fmt_percent(ratio)} of the way to the targets (observed activities against each practice's target count)"


def look_first(b: BsimmBlock, limit: int | None = LOOK_FIRST_SHOWN) -> list[tuple[str, str, str]]:
    """(id, title, share of the pool) of the common activities not observed, most common first."""
    by_id = {a["id"]: a for a in b["activities"]}
    shown = b["look_first"] if limit is None else b["look_first"][:limit]
    return [
        (i, by_id[i]["title"], fmt_percent(by_id[i]["pool_share"]) if by_id[i]["pool_share"] is not None else "")
        for i in shown
    ]


def pool_name(b: BsimmBlock) -> str:
    return b["pool"]["name"] if b["pool"] is not None else "pool"


def most_common_text(b: BsimmBlock) -> str:
    """The practices' most common activities, marked ``*`` where this team does not do them."""
    observed = {a["id"] for a in b["activities"] if a["observed"]}
    ids = [i for p in b["practices"] for i in p["most_common"]]
    return ", ".join(i if i in observed else f"{i}*" for i in ids)
