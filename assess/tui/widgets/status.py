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

    def show(self, session: Session, saved_at: dt.datetime | None, *, typing: bool, notice: str | None) -> None:
        """Draw the line; ``typing`` when a note or links are typed and not saved yet, ``notice`` after a save."""
        answers = session.answers
        team = answers.team or session.path.stem
        q = session.questionnaire
        parts = [f"[b]{escape(team)}[/]", escape(session.path.name), f"{escape(q.id)} {escape(answers.version)}"]
        if session.mismatch:
            parts.append("[$text-warning]⚠ mismatches: ctrl+p › Mismatches[/]")
        self._where.update(" · ".join(parts), layout=False)  # one line, cut with an ellipsis
        state = save_state(session, saved_at, typing=typing, notice=notice)
        width = Content.from_markup(state).cell_length
        self._state.update(state, layout=width != self._state_width)
        self._state_width = width


def save_state(session: Session, saved_at: dt.datetime | None, *, typing: bool, notice: str | None) -> str:
    """Whether what the screen shows is on disk, most serious first; a failure stays until a save succeeds."""
    if session.read_only:
        return "[$text-error]READ-ONLY: changes are not saved[/]"
    if session.unsaved_reason:
        return f"[b $text-error]✗ NOT SAVED[/] [$text-error]{escape(session.unsaved_reason)}[/]"
    if typing:
        return "[$text-warning]✎ typed, not saved yet[/]"
    if saved_at is None and session.created:
        # Said until the first save, where it never covers the question (a toast did, for seconds):
        # a mistyped file name must not look like a resumed workshop.
        return "[$text-warning]✦ new file[/] [$text-success]✓ on disk[/] [dim](d: details)[/]"
    if saved_at is None:
        return "[$text-success]✓ on disk[/]"
    state = f"[$text-success]✓ saved {saved_at:%H:%M:%S}[/]"
    return f"{state} [$text-warning]⚠ {escape(notice)}[/]" if notice else state
