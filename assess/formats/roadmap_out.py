"""Roadmap renderings: a terminal table and Markdown, both drawn from the roadmap document.

The text renderings show file text through :func:`printable` (no control codes reach a terminal).
"""

from __future__ import annotations

from typing import Any

from assess.core.display import fmt, fmt_percent
from assess.core.printable import printable
from assess.documents.roadmap import days, empty_phase_text, gap_sentences, has_steps, number


def printable_doc(value: Any) -> Any:
    """A copy of a roadmap document with every string made :func:`printable`."""
    if isinstance(value, str):
        return printable(value)
    if isinstance(value, dict):
        return {printable_doc(k): printable_doc(v) for k, v in value.items()}
    if isinstance(value, list):
        return [printable_doc(v) for v in value]
    return value


def _heading(doc: dict[str, Any]) -> str:
    a = doc["assessment"]
    q = doc["questionnaire"]
    return f"Roadmap for {a['team'] or a['file']} · {q['title']} {q['version']}"


def _targets_line(doc: dict[str, Any]) -> str:
    shown = ", ".join(f"{k} {fmt(v)}" for k, v in doc["targets"].items()) or "none"
    return f"Targets ({doc['targets_source']}): {shown}"


def _phase_summary(doc: dict[str, Any], phase: dict[str, Any]) -> str:
    after = phase["scores_after"]
    return (
        f"after phase {phase['number']}: overall {fmt(after['overall'])}"
        f" · {fmt_percent(phase['percent_to_target_after'])} to target"
    )


def roadmap_markdown(doc: dict[str, Any]) -> str:
    def cell(text: Any) -> str:
        return str(text if text is not None else "").replace("|", "\\|").replace("\n", " ")

    doc = printable_doc(doc)
    start = doc["start"]
    lines = [
        f"## {cell(_heading(doc))}",
        "",
        cell(_targets_line(doc)),
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
        lines += ["", f"*{_phase_summary(doc, phase).capitalize()}.*", ""]
    lines += ["### Remaining gap", "", *(cell(s) for s in gap_sentences(doc))]
    lines += ["", f"*{doc['note']}*"] if has_steps(doc) else []
    return "\n".join(lines) + "\n"


def roadmap_table(doc: dict[str, Any]) -> Any:
    """A rich renderable: one table per phase, then the remaining gap."""
    from rich.console import Group
    from rich.markup import escape
    from rich.table import Table
    from rich.text import Text

    doc = printable_doc(doc)
    start = doc["start"]
    parts: list[Any] = [
        Text(_heading(doc), style="bold"),
        Text(_targets_line(doc)),
        Text(
            f"Now: overall {fmt(start['overall'])} · {fmt_percent(start['percent_to_target'])} to target · "
            f"planned effort {days(doc['effort'])}"
        ),
        Text(""),
    ]
    for phase in doc["phases"] if has_steps(doc) else []:
        title = f"[bold]Phase {phase['number']}[/] · {days(phase['effort'])}"
        table = Table(title=title, title_justify="left", show_edge=False, pad_edge=False, expand=False)
        table.add_column("Activity", no_wrap=True)
        table.add_column("Title")
        table.add_column("Days", justify="right")
        table.add_column("From → to", justify="right", no_wrap=True)
        for s in phase["steps"]:
            table.add_row(
                escape(s["activity"]),
                escape(s["title"]) + ("" if s["for_target"] else " [dim](prerequisite)[/]"),
                str(number(s["effort"])),
                f"{fmt(s['from'])} → {fmt(s['to'])}",
            )
        if not phase["steps"]:
            table.add_row("", f"[dim]{escape(empty_phase_text(doc))}[/]", "", "")
        table.caption = escape(_phase_summary(doc, phase))
        table.caption_justify = "left"
        parts += [table, Text("")]
    parts += [Text("Remaining gap", style="bold"), *(Text(s) for s in gap_sentences(doc))]
    parts += [Text(doc["note"], style="dim")] if has_steps(doc) else []
    return Group(*parts)
