"""How well a scorecard covers an external catalogue, such as the OWASP API Security Top 10 (pure).

Activities name the catalogue entries they probe in ``refs.probes`` (related ones do not
count). An entry's coverage is the mean, over the activities that probe it, of each activity's value
as a share of its top option's value. ``n/a`` counts as 0 like everywhere else, except in ``--na exclude``
mode, where it leaves the mean.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assess.core.model import Questionnaire
from assess.core.scoring import Scorecard, mean

API_TOP10_2023 = "owasp-api-top10-2023"

CATALOGUE_TITLES: dict[str, dict[str, str]] = {
    API_TOP10_2023: {
        "API1": "Broken Object Level Authorization",
        "API2": "Broken Authentication",
        "API3": "Broken Object Property Level Authorization",
        "API4": "Unrestricted Resource Consumption",
        "API5": "Broken Function Level Authorization",
        "API6": "Unrestricted Access to Sensitive Business Flows",
        "API7": "Server Side Request Forgery",
        "API8": "Security Misconfiguration",
        "API9": "Improper Inventory Management",
        "API10": "Unsafe Consumption of APIs",
    }
}
"""Titles of catalogue entries (facts from the OWASP API Security Top 10, 2023 edition)."""


@dataclass(frozen=True, slots=True)
class RefCoverage:
    ref: str
    title: str | None
    activities: tuple[str, ...]
    coverage: float | None
    """0..1, or None when every activity naming it is excluded as n/a."""


def _natural(ref: str) -> tuple[str, int, str]:
    match = re.fullmatch(r"(\D*)(\d+)(.*)", ref)
    return (match[1], int(match[2]), match[3]) if match else (ref, 0, "")


def ref_coverage(q: Questionnaire, card: Scorecard, catalogue: str = API_TOP10_2023) -> tuple[RefCoverage, ...]:
    """Coverage of every entry of ``catalogue`` named by the questionnaire, in catalogue order."""
    values = {a.id: a for a in card.activities}
    by_ref: dict[str, list[str]] = {}
    for activity in q.activities:
        for ref in activity.probes.get(catalogue, ()):
            by_ref.setdefault(ref, []).append(activity.id)
    titles = CATALOGUE_TITLES.get(catalogue, {})
    result = []
    for ref in sorted(by_ref, key=_natural):
        shares = []
        for activity_id in by_ref[ref]:
            scored = values[activity_id]
            if scored.is_na and card.na == "exclude":
                continue
            top = q.options_for(q.activity_by_id[activity_id])[-1].value
            shares.append(scored.value / top if top else 0.0)
        result.append(RefCoverage(ref, titles.get(ref), tuple(by_ref[ref]), mean(shares)))
    return tuple(result)
