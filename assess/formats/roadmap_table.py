"""The roadmap as a terminal table (rich): headline figures, a table per phase with each step's why, the gap.

Apart from :mod:`.table_out` so that each stays a readable size; it renders with the same console.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from assess.core.display import fmt_percent
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
from assess.formats._roadmap_text import heading, phase_summary, printable_doc, step_change, targets_line
from assess.formats.registry import ROADMAP, output_format
from assess.formats.table_out import to_text

if TYPE_CHECKING:
    from rich.table import Table

    from assess.documents.contract import PhaseDocument, RoadmapDocument, StepDocument

renders = output_format("table", order=0)


@renders(ROADMAP)
def roadmap_table(doc: RoadmapDocument) -> str:
    """The plan's summary, one table per phase (each step with its role and why), the optional phase, the gap."""
    from rich.console import Group
    from rich.text import Text

    doc = printable_doc(doc)
    start = doc["start"]
    parts: list[Any] = [
        Text(heading(doc), style="bold"),
        Text(targets_line(doc)),
        Text(
            f"Now: {overall_word(doc)} {score_text(doc, start['overall'])}"
            f" · {fmt_percent(start['percent_to_target'])} to target"
        ),
        Text(effort_line(doc)),
        *(Text(line) for line in (findings_line(doc), must_haves_line(doc), exposure_line(doc)) if line),
        Text(""),
    ]
    for phase in doc["phases"] if has_steps(doc) else []:
        parts += [_phase_table(f"[bold]Phase {phase['number']}[/]", phase, doc), Text("")]
    beyond = doc.get("beyond_target")
    if beyond is not None:
        parts += [Text(beyond_sentence(doc), style="bold"), _phase_table("[bold]Beyond target[/]", beyond, doc)]
        parts.append(Text(""))
    parts += [Text("Remaining gap", style="bold"), *(Text(s) for s in gap_sentences(doc))]
    parts += [Text(doc["note"], style="dim")] if has_steps(doc) else []
    return to_text(Group(*parts))


def _phase_table(title: str, phase: PhaseDocument, doc: RoadmapDocument) -> Table:
    """One phase: a row per step, its reasons in dim text under the title."""
    from rich.markup import escape
    from rich.table import Table
    from rich.text import Text

    table = Table(
        title=f"{title} · {escape(phase_facts(phase, doc))}", title_justify="left", show_edge=False, pad_edge=False
    )
    table.add_column("Activity", no_wrap=True)
    table.add_column("Role", no_wrap=True)
    table.add_column("Title · why")
    table.add_column("Days", justify="right", no_wrap=True)
    table.add_column("From → to", justify="right", no_wrap=True)
    for s in phase["steps"]:
        cell = Text(s["title"])
        if not s["for_target"]:
            cell.append(" (prerequisite)", style="dim")
        reasons = why_text(s)
        if reasons:
            cell.append("\n" + reasons, style="dim")
        table.add_row(
            Text(s["activity"]),
            Text(s.get("role", "")),
            cell,
            short_range(s.get("effort_range"), s["effort"]),
            Text(_change_cell(doc, s)),
        )
    empty = [] if phase["steps"] else [empty_phase_text(doc)]
    summary = [*empty, *([] if phase.get("optional") else [phase_summary(phase, doc)])]
    table.caption = escape(" · ".join([*summary, roles_line(phase)]).strip(" ·"))
    table.caption_justify = "left"
    return table


def _change_cell(doc: RoadmapDocument, step: StepDocument) -> str:
    """The change; a closing step's in two short lines (its why line already names the finding and the top answer)."""
    return "closes the\nfinding" if step.get("closes_finding") else step_change(doc, step)
