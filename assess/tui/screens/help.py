"""The help screen: every key of the workshop, read from the live bindings and grouped by what people are doing.

Nothing here lists keys by hand: the rows come from the bindings of the workshop screen, of
the widgets on it that declare keys of their own, and of the app, each with its tooltip (or
its description). Only the grouping is declared, by action; an action it does not know still
shows, under "Other keys".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.dom import DOMNode
from textual.keys import format_key
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

OTHER = "Other keys"
GROUPS: dict[str, str] = {
    **dict.fromkeys(("answer", "answer_na", "clear", "undo", "OptionsList.select"), "Answering"),
    **dict.fromkeys(
        (
            "move",
            "next_unanswered",
            "jump",
            "command_palette",
            "focus_next",
            "focus_previous",
            "focus_question",
            "cursor_down",
            "cursor_up",
            "first",
            "last",
            "page_up",
            "page_down",
            "select_cursor",
            "cursor_parent",
        ),
        "Moving",
    ),
    **dict.fromkeys(
        (
            "edit_note",
            "edit_evidence",
            "focus_criteria",
            "CriteriaList.select",
            "all_criteria",
            "finding",
            "toggle_guidance",
        ),
        "Capturing",
    ),
    **dict.fromkeys(("targets", "roadmap", "details", "export_pdf", "toggle_scores", "help", "quit"), "Assessment"),
}
"""Help group per action name (without arguments), or per ``Widget.action`` where one action means two things."""

ORDER = ("Answering", "Moving", "Capturing", "Assessment", OTHER)
ARROWS = {"left": "←", "right": "→", "up": "↑", "down": "↓"}


@dataclass
class KeyRow:
    """One line of the help: the keys that do one thing, and what it is."""

    group: str
    what: str
    keys: list[str] = field(default_factory=list)


def key_display(binding: Binding) -> str:
    """How the help names a key: its footer display if it has one, else ``?`` for question_mark, else its name."""
    if binding.key_display:
        return binding.key_display
    *modifiers, key = binding.key.split("+")
    pretty = format_key(key)
    shown = ARROWS.get(key) or (pretty if len(pretty) == 1 and pretty.isascii() else key)
    return "+".join([*modifiers, shown])


def _group(node: DOMNode, binding: Binding) -> str:
    action = binding.action.split("(", 1)[0].rpartition(".")[2]
    return GROUPS.get(f"{type(node).__name__}.{action}") or GROUPS.get(action, OTHER)


def _nodes_with_keys(screen: Screen[Any]) -> list[DOMNode]:
    """The screen, then the assess widgets on it that declare keys of their own, then the app."""
    widgets = [
        node
        for node in screen.walk_children()
        if type(node).__module__.startswith("assess.") and "BINDINGS" in vars(type(node))
    ]
    return [screen, *widgets, screen.app]


def key_rows(screen: Screen[Any]) -> list[KeyRow]:
    """Every non-system binding reachable on ``screen``, keys that do the same thing on one row, in group order."""
    rows: dict[tuple[str, str], KeyRow] = {}
    for node in _nodes_with_keys(screen):
        for _key, binding in node._bindings:
            if binding.system:
                continue
            what = binding.tooltip or binding.description or binding.action
            group = _group(node, binding)
            row = rows.setdefault((group, what), KeyRow(group, what))
            shown = key_display(binding)
            if shown not in row.keys:
                row.keys.append(shown)
    return sorted(rows.values(), key=lambda row: ORDER.index(row.group))


def help_table(rows: list[KeyRow]) -> Table:
    """The keys as a two-column table whose descriptions wrap under themselves."""
    table = Table(box=None, show_header=False, padding=(0, 2, 0, 0), expand=True)
    table.add_column("key", no_wrap=True, style="bold")
    table.add_column("what", ratio=1)
    group = None
    for row in rows:
        if row.group != group:
            if group is not None:
                table.add_row("", "")
            table.add_row(Text(row.group, style="bold underline"), "")
            group = row.group
        table.add_row(" / ".join(row.keys), row.what)
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

    def __init__(self, rows: list[KeyRow]) -> None:
        super().__init__()
        self.rows = rows

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box") as box:
            box.border_title = "Workshop keys"
            box.border_subtitle = "escape closes"
            yield Static(help_table(self.rows), id="help-text")
