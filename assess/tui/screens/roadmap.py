"""The roadmap for the answers and targets as they stand: what the facilitator closes the workshop on.

The plan is the command line's (``assess roadmap`` with its defaults), built afresh each time the
screen opens, from the same document every other view renders: phases with each step's role,
effort range and why, the optional phase beyond target, and what stays open.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from assess.core.display import fmt_percent
from assess.core.printable import printable
from assess.documents.roadmap import empty_phase_text, gap_sentences, has_steps, roadmap_data
from assess.documents.roadmap_lines import (
    beyond_sentence,
    closing_change,
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
from assess.workshop.editing import Session

if TYPE_CHECKING:
    from assess.documents.contract import PhaseDocument, RoadmapDocument


class RoadmapScreen(Screen[None]):
    """The phased plan, scrolled with the arrow and page keys."""

    BINDINGS = [
        Binding("escape,r", "close", "Back"),
        Binding("down", "scroll(1)", "Scroll", show=False),
        Binding("up", "scroll(-1)", show=False),
        Binding("pagedown", "page(1)", show=False),
        Binding("pageup", "page(-1)", show=False),
    ]

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="roadmap-box") as box:
            box.border_title = "Roadmap"
            box.border_subtitle = "escape or r: back to the questions"
            yield Static(id="roadmap-text")
        yield Footer()

    def on_mount(self) -> None:
        self.refresh_plan()

    def on_screen_resume(self) -> None:
        self.refresh_plan()

    def refresh_plan(self) -> None:
        """Plan again from the session's answers and targets (they may have changed since)."""
        session = self.session
        doc = roadmap_data(session.roadmap(), session.path.name, session.answers)
        self.query_one("#roadmap-text", Static).update(plan_renderable(doc))

    def action_close(self) -> None:
        self.dismiss(None)

    def action_scroll(self, lines: int) -> None:
        self.query_one(VerticalScroll).scroll_relative(y=lines, animate=False)

    def action_page(self, pages: int) -> None:
        box = self.query_one(VerticalScroll)
        box.scroll_relative(y=pages * max(1, box.size.height - 2), animate=False)


def plan_renderable(doc: RoadmapDocument) -> Group:
    """The document as Rich text and tables (every string from a file shown as written, never as markup)."""
    start = doc["start"]
    parts: list[Any] = [
        Text(
            f"Targets ({printable(doc['targets_source'])}) · now {overall_word(doc)} "
            f"{score_text(doc, start['overall'])}, {fmt_percent(start['percent_to_target'])} to target"
        ),
        Text(printable(effort_line(doc))),
    ]
    parts += [Text(printable(line)) for line in (findings_line(doc), must_haves_line(doc), exposure_line(doc)) if line]
    for phase in doc["phases"] if has_steps(doc) else []:
        parts += [Text(""), _phase(f"Phase {phase['number']}", phase, doc)]
    beyond = doc.get("beyond_target")
    if beyond is not None:
        parts += [Text(""), Text(printable(beyond_sentence(doc)), style="bold"), _phase("Beyond target", beyond, doc)]
    parts += [Text(""), Text("Remaining gap", style="bold"), *(Text(printable(s)) for s in gap_sentences(doc))]
    return Group(*parts)


def _phase(title: str, phase: PhaseDocument, doc: RoadmapDocument) -> Group:
    table = Table(box=None, show_header=False, padding=(0, 1, 0, 0), expand=True)
    table.add_column("activity", no_wrap=True, style="bold")
    table.add_column("role", no_wrap=True)
    table.add_column("title", ratio=1)
    table.add_column("days", justify="right", no_wrap=True)
    for step in phase["steps"]:
        cell = Text(printable(step["title"]))
        if step.get("closes_finding"):
            cell.append(f" · {closing_change(step)}", style="bold")
        reasons = why_text(step)
        if reasons:
            cell.append("\n" + printable(reasons), style="dim")
        table.add_row(
            Text(printable(step["activity"])),
            Text(printable(step.get("role", ""))),
            cell,
            short_range(step.get("effort_range"), step["effort"]),
        )
    closing = (
        []
        if phase.get("optional")
        else [
            f"after {title.lower()}: {overall_word(doc)} {score_text(doc, phase['scores_after']['overall'])} · "
            f"{fmt_percent(phase['percent_to_target_after'])} to target"
        ]
    )
    closing += [roles_line(phase)] if roles_line(phase) else []
    heading = Text(f"{title} · ", style="bold")
    heading.append(printable(phase_facts(phase, doc)), style="")
    body: list[Any] = [heading, table] if phase["steps"] else [heading, Text(empty_phase_text(doc), style="dim")]
    return Group(*body, Text(printable(" · ".join(closing)), style="dim"))
