"""Content lint for questionnaires: rules a file can break while still being valid format 1.

SAMM's rule is that every quality criterion must hold before any answer above the lowest. An option
can only be chosen honestly if it does not contradict the criteria it is gated by:

- a criterion that says "every API" leaves no room for an option that claims "some APIs";
- a question or criterion that fixes a schedule ("at least yearly", "on every release") leaves no room
  for an "ad hoc" option, and one that demands a written or signed artefact none for "informally".

The scale's unit comes from its ``x-unit: {noun: ...}`` (a regular expression of the unit's noun, such
as ``API`` or ``provider|supplier``). Questions are read aloud in a workshop: one short question each,
with one demand; what else the activity asks belongs in its criteria.

Refs must not claim more than the activity tests: a document or a plan (the Governance function) does not
probe an API risk or an ASVS requirement, and an id from a provisional catalogue is never a probe, so that
coverage figures rest only on verified ids. A profile says in its rationale why each must-have is one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from assess.core.model import Activity, Questionnaire

MAX_QUESTION_WORDS = 30

IRREGULAR = re.compile(r"\b(ad[ -]hoc|informal(ly)?|occasional(ly)?|irregular(ly)?|when needed|as needed|once)\b", re.I)
SCHEDULE = re.compile(
    r"\b(regular(ly)?|scheduled?|yearly|annual(ly)?|quarterly|monthly|weekly|daily|continuous(ly)?|"
    r"twice a year|per quarter|agreed period|periodic(ally)?|"
    r"every (release|change|build|deployment|merge|quarter|year|month|week|day)|"
    r"at least (once|twice|yearly|quarterly|monthly|weekly))\b",
    re.I,
)
FORMAL = re.compile(
    r"\b(written|documented|defined|signed|versioned|approved|published|recorded|statement|register|charter|"
    r"minutes|change log|reference architectures?|playbooks?|runbook)\b",
    re.I,
)

# Words that, right after the unit's noun, show the noun is only an adjective ("every API team").
_NOT_THE_UNIT = (
    "'s|team|teams|owner|owners|contract|contracts|specification|call|calls|request|requests|route|routes|"
    "version|versions|key|keys|client|clients|consumer|consumers|gateway|gateways|host|hosts|inventory|"
    "standard|security|style|styles|portfolio|estate|platform|endpoint|endpoints|response|responses|traffic|"
    "credential|credentials|defect|defects|finding|findings|change|changes|technology|technologies|runtime|"
    "runtimes|type|types|tier|tiers|data|design|designs|build|builds|pipeline|pipelines|test|tests|"
    "definition|definitions|schema|schemas|documentation|hostname|hostnames|release|releases|stack"
)


def unit_pattern(noun: str) -> re.Pattern[str]:
    """'every API', 'each of the APIs', 'all internet-facing APIs', not 'every API team'."""
    return re.compile(
        rf"\b(every|each|all)\b(?:\s+[\w-]+){{0,2}}?\s+(?:{noun})s?\b(?!\s*(?:{_NOT_THE_UNIT})\b)",
        re.I,
    )


def unit_noun(q: Questionnaire, scale: str) -> str | None:
    unit = q.scale_extensions.get(scale, {}).get("x-unit")
    noun = unit.get("noun") if isinstance(unit, dict) else None
    return noun if isinstance(noun, str) and noun else None


def option_problems(q: Questionnaire, activity: Activity) -> Iterator[str]:
    """Options above the lowest that contradict the activity's question or criteria."""
    options = q.options_for(activity)
    texts = [activity.question, *activity.criteria]
    scheduled = next((m.group(0) for t in texts for m in [SCHEDULE.search(t)] if m), None)
    formal = next((m.group(0) for t in texts for m in [FORMAL.search(t)] if m), None)
    for option in options[1:]:
        if IRREGULAR.search(option.label) and scheduled:
            yield f"option {option.id!r} ({option.label}) is irregular, but the text fixes a schedule ({scheduled!r})"
        if IRREGULAR.search(option.label) and formal:
            yield f"option {option.id!r} ({option.label}) is informal, but the text demands it {formal!r}"
    noun = unit_noun(q, activity.scale)
    partial = list(options[1:-1])
    if noun is None or not partial:
        return
    pattern = unit_pattern(noun)
    for text in texts:
        match = pattern.search(text)
        if match:
            yield (
                f"{match.group(0)!r} in {text[:50]!r}... leaves no room for option {partial[0].id!r} "
                f"({partial[0].label}); say it without a quantifier, the scale carries the share"
            )


def question_problems(question: str) -> Iterator[str]:
    """A workshop question is one question, short enough to read aloud."""
    text = question.strip()
    if not text.endswith("?"):
        yield "does not end with a question mark"
    if text.count("?") > 1:
        yield "asks more than one question (two question marks)"
    if re.search(r"\b(and|or) whether\b", text, re.I):
        yield "asks a second question ('and whether')"
    if re.search(r",\s*(and|or)\s+(do|does|did|is|are|was|were|can|could|has|have|will)\s", text, re.I):
        yield "asks a second question (', and do/is/can ...')"
    second = re.search(r",\s*(with|and|then|watched|returning|through|so that)\b", text, re.I)
    if second and not re.search(r",\s*(and|or)\s+(do|does|did|is|are|was|were|can|could|has|have|will)\s", text, re.I):
        yield f"adds a second demand after {second.group(0)!r}; ask one thing and move the rest into a criterion"
    words = len(text.split())
    if words > MAX_QUESTION_WORDS:
        yield f"{words} words; keep it under {MAX_QUESTION_WORDS} so it can be read aloud"


def prerequisites(q: Questionnaire, activity_id: str) -> set[str]:
    """Everything an activity builds on: its ``requires`` and lower levels, transitively."""
    seen: set[str] = set()
    todo = [activity_id]
    while todo:
        current = q.activity_by_id[todo.pop()]
        stream = q.stream_of[current.id]
        below = [a.id for a in stream.activities if a.level < current.level]
        for nxt in (*current.requires, *below):
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return seen


# Catalogues whose ids a document, a plan or a training course can only relate to, never probe.
RISK_CATALOGUES = ("owasp-api-top10-2023", "asvs-5.0")
GOVERNANCE = "G"


def function_of(q: Questionnaire, activity_id: str) -> str:
    """The id of the business function an activity belongs to."""
    return next(f.id for f, _, stream in q.iter_streams() if any(a.id == activity_id for a in stream.activities))


def probe_problems(q: Questionnaire, activity: Activity, unverified: set[tuple[str, str]]) -> Iterator[str]:
    """Probes the activity cannot back: risks probed from Governance, provisional catalogue ids."""
    governance = function_of(q, activity.id) == GOVERNANCE
    for family, idents in activity.probes.items():
        if governance and family in RISK_CATALOGUES and idents:
            yield f"Governance probes {family} {', '.join(idents)}; a document or plan is only related to a risk"
        for ident in idents:
            if (family, ident) in unverified or (family, "*") in unverified:
                yield f"probes {family} {ident}, which the catalogue flags as unverified; move it to related"


def unverified_ids(catalogues: dict[str, object]) -> set[tuple[str, str]]:
    """(family, id) pairs flagged ``verified: false`` in refs.yaml; ``(family, '*')`` for a whole catalogue."""
    found: set[tuple[str, str]] = set()
    for family, entry in catalogues.items():
        if not isinstance(entry, dict):
            continue
        if entry.get("verified") is False:
            found.add((family, "*"))
        ids = entry.get("ids") or entry.get("requirements") or {}
        if isinstance(ids, dict):
            found |= {(family, i) for i, v in ids.items() if isinstance(v, dict) and v.get("verified") is False}
    return found


def must_have_problems(q: Questionnaire) -> Iterator[str]:
    """Each profile names and explains its must-haves, and says how a must-have is judged."""
    for name, profile in q.profiles.items():
        rationale = profile.rationale or ""
        for activity_id in profile.must_have:
            if not re.search(rf"\b{re.escape(activity_id)} \(", rationale):
                yield f"profile {name}: the rationale does not explain must-have {activity_id} ('{activity_id} (why)')"
        if profile.must_have and "must-have is met only when every" not in " ".join(rationale.split()):
            yield f"profile {name}: the rationale does not say when a must-have is met"
