"""Messages that need a screen of their own: a mismatched answers file, a file that cannot be opened."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Footer, Static

from assess.tui.bars import escape
from assess.workshop.editing import Session


def mismatch_markup(session: Session) -> str:
    q = session.questionnaire
    mismatch = session.mismatch
    lines = []
    if session.can_migrate:  # first, so that it is seen before a long list of renamed options
        lines += [
            f"{escape(q.id)} {escape(q.version)} knows how to read answers written for version "
            f"{escape(session.answers.version)}: use the command palette (ctrl+p): [b]Migrate the answers to "
            "this version[/] (undoable; each entry keeps what it held before under x-migrated, to check as "
            "you go).",
            "",
        ]
    lines += [
        f"[b]{escape(session.path.name)}[/] does not fully match [b]{escape(q.id)} {escape(q.version)}[/]:",
        "",
        *(f"  • {escape(line)}" for line in (mismatch.lines if mismatch else ())),
        "",
        "Nothing is dropped: every entry stays in the file when it is saved, including answers to "
        "activities this version does not have and options it does not know.",
        "Activities that are in this version are asked as usual; answering one replaces its old answer.",
    ]
    if session.answers.version != q.version and not session.can_migrate:
        lines += [
            "",
            f"Once the answers have been checked against version {escape(q.version)}, use the command "
            "palette (ctrl+p): [b]Adopt the questionnaire's version[/] (undoable).",
        ]
    return "\n".join(lines)


class MismatchScreen(ModalScreen[None]):
    """What in the file does not fit the questionnaire, and what the workshop does about it."""

    BINDINGS = [Binding("escape,enter,q", "dismiss", "Continue")]

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="mismatch-box") as box:
            box.border_title = "This answers file was written for another questionnaire version"
            box.border_subtitle = "enter continues"
            yield Static(mismatch_markup(self.session), id="mismatch-text")


class ProblemScreen(Screen[None]):
    """A file that cannot be opened (shown in a browser, where there is no terminal to print to)."""

    BINDINGS = [Binding("q,escape,ctrl+q", "app.quit", "Quit")]

    def __init__(self, title: str, text: str) -> None:
        super().__init__()
        self._title = title
        self._text = text

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="problem-box") as box:
            box.border_title = self._title
            yield Static(escape(self._text), id="problem-text")
        yield Footer()
