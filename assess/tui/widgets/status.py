"""The status line: whose answers these are, which file and questionnaire, and whether they are saved."""

from __future__ import annotations

import datetime as dt

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Static

from assess.tui.bars import escape
from assess.workshop.editing import Session


class StatusLine(Horizontal):
    """One line at the top; the saved state has a place of its own at the right, so a long team name never hides it."""

    _where: Static
    _state: Static

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._state_width = 0

    def compose(self) -> ComposeResult:
        yield Static(id="where")
        yield Static(id="state")

    def on_mount(self) -> None:
        self._where = self.query_one("#where", Static)
        self._state = self.query_one("#state", Static)

    def show(self, session: Session, saved_at: dt.datetime | None) -> None:
        answers = session.answers
        team = answers.team or session.path.stem
        q = session.questionnaire
        parts = [f"[b]{escape(team)}[/]", escape(session.path.name), f"{escape(q.id)} {escape(answers.version)}"]
        if session.mismatch:
            parts.append("[$text-warning]⚠ mismatches: ctrl+p › Mismatches[/]")
        self._where.update(" · ".join(parts), layout=False)  # one line, cut with an ellipsis
        if session.read_only:
            state = "[$text-error]READ-ONLY: changes are not saved[/]"
        elif saved_at is not None:
            state = f"[$text-success]✓ saved {saved_at:%H:%M:%S}[/]"
        else:
            state = "[$text-success]✓ on disk[/]"
        width = Content.from_markup(state).cell_length
        self._state.update(state, layout=width != self._state_width)
        self._state_width = width
