"""Content lint for questionnaires: rules a file can break while still being valid format 1.

SAMM's rule is that every quality criterion must hold before any answer above the lowest. An option
can only be chosen honestly if it does not contradict the criteria it is gated by:

- a criterion that says "every API" leaves no room for an option that claims "some APIs";
- a question or criterion that fixes a schedule ("at least yearly", "on every release") leaves no room
  for an "ad hoc" option, and one that demands a written or signed artefact none for "informally".

The scale's unit comes from its ``x-unit: {noun: ...}`` (a regular expression of the unit's noun, such
as ``API`` or ``provider|supplier``). Questions are read aloud in a workshop: one short question each.
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
