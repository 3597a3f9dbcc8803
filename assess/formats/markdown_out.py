"""Markdown renderings, for pull-request comments, wikis and issue trackers.

Every piece of text that comes from a file (team names, titles, ids, actions, file names) goes
through :func:`escape`, the one Markdown escaper of every Markdown output, so a team called
``<img src=x onerror=...>`` or ``[click](https://evil.example)`` shows as written, never as markup,
an image, a link or a table cell of its own. The roadmap escapes its whole document at once
(:func:`assess.formats._roadmap_text.escaped_doc`), so a column added later is escaped too.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from assess.core.display import fmt, fmt_change, fmt_count, fmt_count_change, fmt_percent
from assess.core.printable import printable
from assess.documents.roadmap import empty_phase_text, gap_sentences, has_steps
from assess.documents.roadmap_lines import (
    beyond_sentence,
    effort_line,
    exposure_line,
    findings_line,
    must_haves_line,
    overall_word,
    phase_facts,
    roles_line,
    score_text,
    short_range,
    why_text,
)
from assess.formats import _bsimm_text as bsimm
from assess.formats._roadmap_text import (
    escaped_doc,
    heading,
    phase_summary,
    step_change,
    targets_line,
)
from assess.formats.registry import AGGREGATE, DIFF, ROADMAP, SCORE, output_format

if TYPE_CHECKING:
    from assess.documents.bsimm import BsimmBlock
    from assess.documents.contract import AggregateDocument, DiffDocument, PhaseDocument, RoadmapDocument, ScoreDocument

renders = output_format("markdown", order=3)

_HTML = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_INERT = re.compile(
    r"[&<>]"  # HTML: tags, comments, entities and <https://...> autolinks
    r"|[\\`*_{}\[\]#~^|$!@]"  # emphasis, code, links, images, headings, tables, math, mentions, e-mail
    r"|(?<=/)/|/(?=/)"  # the // of https://, ftp:// and protocol-relative links
    r"|(?<=[wW]{3})\.",  # www. links
)
_LINE_START = re.compile(r"^( *)([-+=](?=[ =-]|$)|\d{1,9}(?=[.)]( |$)))")
"""``- ``, ``+ ``, ``1. ``, ``---`` or ``===`` at the start of a line open a list, draw a rule or make the line
before a heading: escaped in case the text starts a line."""


def escape(value: Any) -> str:
    """User text made inert Markdown, on one line: it reads as written on any CommonMark or GFM renderer.

    Control and bidi characters are shown as escapes (:func:`printable`), line breaks become spaces
    (a table cell or a heading stays one line), ``& < >`` become HTML entities, and every character
    that could open markup or be read as a cell border, and the ``//`` or ``www.`` of an automatic
    link, gets a backslash, which CommonMark allows before any ASCII punctuation. (GitHub still
    links an e-mail address, to the address shown: SECURITY.md, "Output to terminals and CI logs".)
    """
    text = printable(str(value).replace("\r\n", " ").replace("\r", " ").replace("\n", " "))
    text = _INERT.sub(lambda m: _HTML.get(m.group()) or "\\" + m.group(), text)
    return _LINE_START.sub(lambda m: m.group(1) + _escape_marker(m.group(2)), text)


def _escape_marker(marker: str) -> str:
    return marker + "\\" if marker[0].isdigit() else "\\" + marker


_text = escape
"""The escaper's earlier name, which other renderers import."""


def _table(header: Sequence[str], rows: list[list[Any]]) -> str:
    """A table of cells that are already Markdown: our own labels and numbers, or :func:`escape` d text."""
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(["---"] * len(header)) + "|"]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


@renders(SCORE)
def scores_markdown(documents: Sequence[ScoreDocument]) -> str:
    parts = []
    for doc in documents:
        if (found := bsimm.block(doc)) is not None:
            parts.append(_bsimm_markdown(doc, found))
            continue
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


def _bsimm_markdown(doc: ScoreDocument, b: BsimmBlock) -> str:
    a, q = doc["assessment"], doc["questionnaire"]
    derived = bsimm.derived_line(b)
    lines = [f"## {_text(a['team'] or a['file'])}", ""]
    lines.append(
        f"{_text(q['title'])} {_text(q['version'])} · "
        + (f"**derived**: {_text(derived)}" if derived else f"answered {doc['answered']}/{doc['total']}")
    )
    lines += ["", f"**{_text(bsimm.firm_line(b))}**", ""]
    if (target := bsimm.target_line(doc)) is not None:
        lines += [_text(target), ""]
    rows = [
        [
            f"**{_text(r.name)}**" if r.kind == "domain" else f"{_text(r.id)} {_text(r.name)}",
            r.observed,
            fmt_percent(r.share),
            r.high_water_mark,
            r.pool,
            r.target,
            r.na,
        ]
        for r in bsimm.rows(doc, b)
    ]
    lines += [_table(["Domain / practice", "Observed", "Share", "HWM", "Pool", "Target", "n/a"], rows), ""]
    lines.append(_text(bsimm.legend(b)))
    flagged = bsimm.look_first(b, limit=None)
    if flagged:
        lines += ["", f"Common in {_text(bsimm.pool_name(b))}, not observed here (look here first):", ""]
        lines += [f"- {_text(i)} {_text(title)} ({share} of firms)" for i, title, share in flagged]
    return "\n".join(lines)


@renders(DIFF)
def diff_markdown(doc: DiffDocument) -> str:
    num, change_of = (fmt_count, fmt_count_change) if doc.get("method") == "bsimm" else (fmt, fmt_change)
    rows = [
        [
            _text(c["name"]) if c["kind"] != "practice" else f"{_text(c['id'])} {_text(c['name'])}",
            num(c["before"]),
            num(c["after"]),
            change_of(c["change"]),
            num(c["target"]),
            fmt_percent(c["progress"]),
        ]
        for c in doc["scores"]
    ]
    header = ["", "Before", "After", "Change", "Target", "Progress"]
    derived = doc.get("derived")
    note = "" if derived is None else f"BSIMM-style, **derived** from {_text(derived)}\n\n"
    text = f"## {_text(doc['before'])} → {_text(doc['after'])}\n\n" + note + _table(header, rows)
    if doc["answers"]:
        answers = [[_text(a["activity"]), _text(a["before"] or "–"), _text(a["after"] or "–")] for a in doc["answers"]]
        text += "\n\n### Answers that changed\n\n" + _table(["Activity", "Before", "After"], answers)
    return text + "\n"


@renders(AGGREGATE)
def aggregate_markdown(doc: AggregateDocument) -> str:
    columns = doc["columns"]
    ids = [c["id"] for c in columns]
    num = fmt_count if doc.get("method") == "bsimm" else fmt  # a team's bsimm scores are counts; means are not
    rows = [[_text(t["team"]), num(t["overall"]), *(num(t["scores"].get(i)) for i in ids)] for t in doc["teams"]]
    organisation = doc["organisation"]
    for stat in ("mean", "min", "max"):
        rows.append(
            [
                f"*organisation {stat}*",
                fmt(organisation["overall"][stat]),
                *(fmt(organisation["scores"][i][stat]) for i in ids),
            ]
        )
    derived = doc.get("derived")
    text = "" if derived is None else f"BSIMM-style, **derived** from {_text(derived)}\n\n"
    text += _table(["Team", "Overall", *(_text(i) for i in ids)], rows) + "\n"
    coverage = doc.get("coverage")
    if coverage:
        lines = [
            [f"{_text(c['activity'])} {_text(c['title'])}", f"{c['observed']}/{c['teams']}", fmt_percent(c["share"])]
            for c in coverage
        ]
        text += "\n### Coverage per activity\n\n" + _table(["Activity", "Teams observed", "Share"], lines) + "\n"
    return text


@renders(ROADMAP)
def roadmap_markdown(doc: RoadmapDocument) -> str:
    """Headline figures, a table per phase (role, effort range and why of each step), the optional phase, the gap.

    The whole document is escaped first (:func:`escape`), so every text from a file (team, titles,
    actions, the notes quoted in the reasons) is inert wherever a line below puts it.
    """
    doc = escaped_doc(doc, escape)
    start = doc["start"]
    lines = [
        f"## {heading(doc)}",
        "",
        targets_line(doc),
        "",
        f"Now: {overall_word(doc)} {score_text(doc, start['overall'])}"
        f" · {fmt_percent(start['percent_to_target'])} to target.",
        effort_line(doc),
        "",
    ]
    for line in (findings_line(doc), must_haves_line(doc), exposure_line(doc)):
        lines += [line, ""] if line else []
    for phase in doc["phases"] if has_steps(doc) else []:
        lines += _phase_markdown(f"Phase {phase['number']}", phase, doc)
    beyond = doc.get("beyond_target")
    if beyond is not None:
        lines += _phase_markdown("Beyond target (optional)", beyond, doc, beyond_sentence(doc))
    lines += ["### Remaining gap", "", *gap_sentences(doc)]
    lines += ["", f"*{doc['note']}*"] if has_steps(doc) else []
    return "\n".join(lines) + "\n"


def _phase_markdown(title: str, phase: PhaseDocument, doc: RoadmapDocument, intro: str = "") -> list[str]:
    """One phase of an escaped document: its facts, a row per step with its reasons, what it leaves."""
    lines = [f"### {title} · {phase_facts(phase, doc)}", ""]
    lines += [intro, ""] if intro else []
    if not phase["steps"]:
        return [*lines, empty_phase_text(doc), ""]
    rows = [
        [
            s["activity"],
            s.get("role", ""),
            s["title"] + ("" if s["for_target"] else " *(prerequisite)*"),
            s["action"] or "",
            short_range(s.get("effort_range"), s["effort"]),
            step_change(doc, s),
            why_text(s),
        ]
        for s in phase["steps"]
    ]
    lines += [_table(["Activity", "Role", "Title", "Action", "Days", "From → to", "Why"], rows), ""]
    after = [] if phase.get("optional") else [phase_summary(phase, doc).capitalize()]
    closing = " ".join([*(f"{a}." for a in after), roles_line(phase)]).strip()
    return [*lines, f"*{closing}*", ""] if closing else lines
