"""The help screen: every workshop key, grouped by what the facilitator is doing."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

KEYS: list[tuple[str, list[tuple[str, str]]]] = [
    (
        "Answering",
        [
            ("1 … 9", "pick that option of the scale, save, and go to the next activity"),
            ("n", "not applicable (scores 0, as in the SAMM Toolbox), save, and go on"),
            ("enter / click", "pick the highlighted or clicked option"),
            ("x / delete", "clear the answer (the note and evidence stay)"),
            ("u / ctrl+z", "undo the last change (saved like any change)"),
        ],
    ),
    (
        "Moving",
        [
            ("→ / ←", "next / previous activity"),
            ("space", "next unanswered activity"),
            ("ctrl+p or /", "jump to any activity by id or words; other commands"),
            ("tab / shift+tab", "move between the options, criteria, note, links and navigator"),
            ("escape", "back to the question's options"),
        ],
    ),
    (
        "Capturing",
        [
            ("e", "write a note (saved as you type and when you leave the field)"),
            ("l", "evidence links, separated by spaces; enter saves"),
            ("c", "the quality criteria checklist (space toggles one)"),
            ("a", "mark all quality criteria as holding (again: none)"),
            ("g", "show or hide the guidance, what to do next, effort and prerequisites"),
        ],
    ),
    (
        "Assessment",
        [
            ("t", "targets per practice, or a profile of the questionnaire"),
            ("d", "team, scope, assessors and date"),
            ("p", "export the PDF handout (scorecard, charts, phased roadmap) next to the answers file"),
            ("s", "show the scores instead of the navigator (narrow screens)"),
            ("ctrl+q", "quit (everything is already saved)"),
        ],
    ),
]


def help_table() -> Table:
    """The keys as a two-column table whose descriptions wrap under themselves."""
    table = Table(box=None, show_header=False, padding=(0, 2, 0, 0), expand=True)
    table.add_column("key", no_wrap=True, style="bold")
    table.add_column("what", ratio=1)
    for number, (title, rows) in enumerate(KEYS):
        if number:
            table.add_row("", "")
        table.add_row(Text(title, style="bold underline"), "")
        for key, what in rows:
            table.add_row(key, what)
    table.add_row("", "")
    table.add_row(
        "",
        Text(
            "Every change is written to the answers file before the screen shows it "
            "(atomically, with a .bak of the previous version).",
            style="dim",
        ),
    )
    return table


class HelpScreen(ModalScreen[None]):
    """Keys of the workshop."""

    BINDINGS = [Binding("escape,q,question_mark,f1", "dismiss", "Close")]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box") as box:
            box.border_title = "Workshop keys"
            box.border_subtitle = "escape closes"
            yield Static(help_table(), id="help-text")
