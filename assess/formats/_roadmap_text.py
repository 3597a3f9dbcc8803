"""Lines the text renderings of a roadmap share (terminal and Markdown): headings and summaries.

A private module (its name starts with ``_``), so the registry does not take it for a format.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar, cast

from assess.core.display import fmt, fmt_percent
from assess.core.printable import printable
from assess.documents.roadmap_lines import closing_change, counts, overall_word, score_text

if TYPE_CHECKING:
    from assess.documents.contract import PhaseDocument, RoadmapDocument, StepDocument

T = TypeVar("T")


def printable_doc(value: T) -> T:
    """A copy of a document with every string made :func:`printable` (no control codes reach a terminal)."""
    return escaped_doc(value, printable)


_FIELD_NAME = re.compile(r"[a-z][a-z_]*")
"""The shape of the documents' own keys (``targets_source``); an ``_`` inside a word is no markup either."""


def escaped_doc(value: T, escape: Callable[[str], str]) -> T:
    """A copy of a document with ``escape`` applied to every string in it, and to keys that are ids.

    A renderer that escapes the document once, before building lines from it, escapes every field
    it shows, also one added later; the lines it adds itself stay as written. Keys shaped like the
    document's field names stay as they are, so the renderer can still look them up; other keys
    (practice ids mapped to targets and gaps) are text from a file and are escaped.
    """
    return cast(T, _escaped(value, escape))


def _escaped(value: Any, escape: Callable[[str], str]) -> Any:
    if isinstance(value, str):
        return escape(value)
    if isinstance(value, dict):
        return {(k if _FIELD_NAME.fullmatch(k) else escape(k)): _escaped(v, escape) for k, v in value.items()}
    if isinstance(value, list):
        return [_escaped(v, escape) for v in value]
    return value


def heading(doc: RoadmapDocument) -> str:
    a = doc["assessment"]
    q = doc["questionnaire"]
    return f"Roadmap for {a['team'] or a['file']} · {q['title']} {q['version']}"


def step_change(doc: RoadmapDocument, step: StepDocument) -> str:
    """``0.25 → 1.00`` for SAMM, ``not-observed → observed`` for a bsimm step; a closing step closes its finding."""
    if step.get("closes_finding"):
        return closing_change(step)
    if counts(doc):
        return f"{step['from_answer'] or 'unanswered'} → {step['to_answer']}"
    return f"{fmt(step['from'])} → {fmt(step['to'])}"


def targets_line(doc: RoadmapDocument) -> str:
    shown = ", ".join(f"{k} {score_text(doc, v)}" for k, v in doc["targets"].items()) or "none"
    return f"Targets ({doc['targets_source']}): {shown}"


def phase_summary(phase: PhaseDocument, doc: RoadmapDocument | None = None) -> str:
    after = phase["scores_after"]
    word, shown = (
        ("overall", fmt(after["overall"])) if doc is None else (overall_word(doc), score_text(doc, after["overall"]))
    )
    return f"after phase {phase['number']}: {word} {shown} · {fmt_percent(phase['percent_to_target_after'])} to target"
