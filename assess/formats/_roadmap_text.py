"""Lines the text renderings of a roadmap share (terminal and Markdown): headings and summaries.

A private module (its name starts with ``_``), so the registry does not take it for a format.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar, cast

from assess.core.display import fmt, fmt_percent
from assess.core.printable import printable

if TYPE_CHECKING:
    from assess.documents.contract import PhaseDocument, RoadmapDocument

T = TypeVar("T")


def printable_doc(value: T) -> T:
    """A copy of a document with every string made :func:`printable` (no control codes reach a terminal)."""
    return cast(T, _printable(value))


def _printable(value: Any) -> Any:
    if isinstance(value, str):
        return printable(value)
    if isinstance(value, dict):
        return {_printable(k): _printable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_printable(v) for v in value]
    return value


def heading(doc: RoadmapDocument) -> str:
    a = doc["assessment"]
    q = doc["questionnaire"]
    return f"Roadmap for {a['team'] or a['file']} · {q['title']} {q['version']}"


def targets_line(doc: RoadmapDocument) -> str:
    shown = ", ".join(f"{k} {fmt(v)}" for k, v in doc["targets"].items()) or "none"
    return f"Targets ({doc['targets_source']}): {shown}"


def phase_summary(phase: PhaseDocument) -> str:
    after = phase["scores_after"]
    return (
        f"after phase {phase['number']}: overall {fmt(after['overall'])}"
        f" · {fmt_percent(phase['percent_to_target_after'])} to target"
    )
