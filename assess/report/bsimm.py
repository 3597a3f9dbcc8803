"""What the report's BSIMM page sees (``_bsimm.html.j2``): a BSIMM-style scorecard and its spider chart.

Plain data copied from ``Scorecard.bsimm`` and formatted for reading, like the rest of the report's
context: nothing here counts. The spider chart shows each practice's normalised share (the share of
its activities observed), beside the data pool's average share when the questionnaire gives counts.
"""

from __future__ import annotations

from typing import Any

from assess.core.display import fmt, fmt_percent
from assess.core.model import Answers, Questionnaire
from assess.core.scoring import Scorecard
from assess.core.scoring.bsimm_cards import BsimmCard
from assess.report import charts
from assess.report.palette import Palette

LOOK_FIRST = 10
"""How many common activities not observed the page lists."""


def derived_card(q: Questionnaire, answers: Answers) -> Scorecard | None:
    """The BSIMM-style scorecard of a SAMM assessment through its crosswalk (None for a bsimm questionnaire)."""
    if q.scoring == "bsimm":
        return None
    from assess.core.scoring.derived import derived_scorecard
    from assess.files.crosswalks import crosswalk_for

    crosswalk, target = crosswalk_for(q)
    return derived_scorecard(q, answers, target, crosswalk)


def bsimm_context(card: Scorecard | None, palette: Palette) -> dict[str, Any] | None:
    """The BSIMM page of a bsimm scorecard (answered directly or derived), or None for any other."""
    b = card.bsimm if card is not None else None
    if card is None or b is None:
        return None
    titles = {a.id: a.title for a in b.activities}
    shares = {a.id: a.pool_share for a in b.activities}
    return {
        "title": card.questionnaire_title,
        "version": card.questionnaire_version,
        "firm_score": b.firm_score,
        "total": b.total,
        "share": fmt_percent(b.share),
        "na": b.na,
        "pool": None if b.pool_name is None else {"name": b.pool_name, "firms": b.pool_firms},
        "pool_average": None if b.pool_average_score is None else fmt(b.pool_average_score, 1),
        "derived": _derived(b),
        "domains": [
            {
                "name": d.name,
                "observed": d.observed,
                "total": d.total,
                "share": fmt_percent(d.share),
                "high_water_mark": d.high_water_mark,
                "practices": [_practice(b, p.id) for p in b.practices if p.domain == d.id],
            }
            for d in b.domains
        ],
        "look_first": [
            {"id": i, "title": titles[i], "pool_share": fmt_percent(shares[i])} for i in b.look_first[:LOOK_FIRST]
        ],
        "more": max(0, len(b.look_first) - LOOK_FIRST),
        "spider": _spider(b, palette),
    }


def _practice(b: BsimmCard, practice_id: str) -> dict[str, Any]:
    p = b.practice(practice_id)
    observed = {a.id for a in b.activities if a.observed}
    return {
        "id": p.id,
        "name": p.name,
        "observed": p.observed,
        "total": p.total,
        "share": fmt_percent(p.share),
        "share_value": p.share,
        "high_water_mark": p.high_water_mark,
        "pool_average": None if p.pool_average is None else fmt_percent(p.pool_average),
        "na": p.na,
        "levels": [f"L{c.level} {c.observed}/{c.total}" for c in p.levels],
        "most_common": [{"id": i, "observed": i in observed} for i in p.most_common],
    }


def _derived(b: BsimmCard) -> dict[str, Any] | None:
    d = b.derived
    if d is None:
        return None
    return {
        "source": f"{d.questionnaire_id} {d.questionnaire_version}",
        "crosswalk": d.crosswalk,
        "rule": d.rule,
        "unmapped": len(d.unmapped),
    }


def _spider(b: BsimmCard, palette: Palette) -> Any:
    """Observed here in the "now" look, the pool's average in the dashed "target" look (the page's caption says so)."""
    look = charts.looks(palette)
    labels = [p.name for p in b.practices]
    series = [charts.series("observed here", [p.share for p in b.practices], look["now"])]
    if all(p.pool_average is not None for p in b.practices):
        name = f"{b.pool_name} average" if b.pool_name else "pool average"
        series.append(charts.series(name, [p.pool_average for p in b.practices], look["target"]))
    return charts.radar(labels, series, 1.0, "Share of each practice's activities observed", palette)
