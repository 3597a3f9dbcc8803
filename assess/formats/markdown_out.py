"""Markdown renderings, for pull-request comments, wikis and issue trackers.

Text that comes from files (team names, titles, ids) goes through :func:`_text`, so a team
called ``<img src=x onerror=...>`` or ``[click](http://evil)`` shows as written, never as markup.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from assess.core.display import fmt, fmt_change, fmt_percent
from assess.core.printable import printable
from assess.documents.roadmap import days, empty_phase_text, gap_sentences, has_steps, number
from assess.formats._roadmap_text import heading, phase_summary, printable_doc, targets_line
from assess.formats.registry import AGGREGATE, DIFF, ROADMAP, SCORE, output_format

if TYPE_CHECKING:
    from assess.documents.contract import AggregateDocument, DiffDocument, RoadmapDocument, ScoreDocument

renders = output_format("markdown", order=3)

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]~])")


def _text(value: Any) -> str:
    """User text made inert: HTML entities for & < >, backslashes before Markdown punctuation."""
    text = printable(str(value).replace("\r", " ").replace("\n", " "))
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def _cell(text: Any) -> str:
    """A table cell of our own making (numbers, bold labels): only pipes and newlines need care."""
    return str(text).replace("|", "\\|").replace("\n", " ")


def _table(header: Sequence[str], rows: list[list[Any]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(["---"] * len(header)) + "|"]
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


@renders(SCORE)
def scores_markdown(documents: Sequence[ScoreDocument]) -> str:
    parts = []
    for doc in documents:
        a = doc["assessment"]
        q = doc["questionnaire"]
        title = a["team"] or a["file"]
        parts.append(
            f"## {_text(title)}\n\n{_text(q['title'])} {_text(q['version'])} · answered {doc['answered']}"
            f"/{doc['total']} · n/a scored as {'0' if doc['na'] == 'zero' else 'excluded (non-standard)'}"
            f"\n\n**Overall: {fmt(doc['overall'])}**"
            + (
                f" · percent to target: {fmt_percent(doc['percent_to_target'])}"
                if doc["percent_to_target"] is not None
                else ""
            )
            + "\n"
        )
        rows: list[list[Any]] = []
        for function in doc["functions"]:
            rows.append([f"**{_text(function['name'])}**", f"**{fmt(function['score'])}**", "", ""])
            rows.extend(
                [f"{_text(p['id'])} {_text(p['name'])}", fmt(p["score"]), fmt(p["target"]), fmt(p["gap"])]
                for p in function["practices"]
            )
        parts.append(_table(["Function / practice", "Score", "Target", "Gap"], rows))
    return "\n\n".join(parts) + "\n"


@renders(DIFF)
def diff_markdown(doc: DiffDocument) -> str:
    rows = [
        [
            _text(c["name"]) if c["kind"] != "practice" else f"{_text(c['id'])} {_text(c['name'])}",
            fmt(c["before"]),
            fmt(c["after"]),
            fmt_change(c["change"]),
            fmt(c["target"]),
            fmt_percent(c["progress"]),
        ]
        for c in doc["scores"]
    ]
    header = ["", "Before", "After", "Change", "Target", "Progress"]
    text = f"## {_text(doc['before'])} → {_text(doc['after'])}\n\n" + _table(header, rows)
    if doc["answers"]:
        answers = [[_text(a["activity"]), _text(a["before"] or "–"), _text(a["after"] or "–")] for a in doc["answers"]]
        text += "\n\n### Answers that changed\n\n" + _table(["Activity", "Before", "After"], answers)
    return text + "\n"


@renders(AGGREGATE)
def aggregate_markdown(doc: AggregateDocument) -> str:
    columns = doc["columns"]
    ids = [c["id"] for c in columns]
    rows = [[_text(t["team"]), fmt(t["overall"]), *(fmt(t["scores"].get(i)) for i in ids)] for t in doc["teams"]]
    organisation = doc["organisation"]
    for stat in ("mean", "min", "max"):
        rows.append(
            [
                f"*organisation {stat}*",
                fmt(organisation["overall"][stat]),
                *(fmt(organisation["scores"][i][stat]) for i in ids),
            ]
        )
    return _table(["Team", "Overall", *(_text(i) for i in ids)], rows) + "\n"


@renders(ROADMAP)
def roadmap_markdown(doc: RoadmapDocument) -> str:
    def cell(text: Any) -> str:
        return str(text if text is not None else "").replace("|", "\\|").replace("\n", " ")

    doc = printable_doc(doc)
    start = doc["start"]
    lines = [
        f"## {cell(heading(doc))}",
        "",
        cell(targets_line(doc)),
        "",
        f"Now: overall {fmt(start['overall'])} · {fmt_percent(start['percent_to_target'])} to target."
        f" Planned effort {days(doc['effort'])}.",
        "",
    ]
    for phase in doc["phases"] if has_steps(doc) else []:
        lines += [f"### Phase {phase['number']} · {days(phase['effort'])}", ""]
        if not phase["steps"]:
            lines += [empty_phase_text(doc), ""]
            continue
        lines += ["| Activity | Title | Action | Effort | From → to |", "|---|---|---|---|---|"]
        lines += [
            f"| {cell(s['activity'])} | {cell(s['title'])} | {cell(s['action'] or '')} | {number(s['effort'])} "
            f"| {fmt(s['from'])} → {fmt(s['to'])} |"
            for s in phase["steps"]
        ]
        lines += ["", f"*{phase_summary(phase).capitalize()}.*", ""]
    lines += ["### Remaining gap", "", *(cell(s) for s in gap_sentences(doc))]
    lines += ["", f"*{doc['note']}*"] if has_steps(doc) else []
    return "\n".join(lines) + "\n"
