"""Flag the current answer as a finding: a severity with one digit, an optional note, saved at once.

A finding puts its activity, and everything it needs first, at the head of the roadmap, most
severe first. The dialog opens on the activity's current finding; a digit saves and closes.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from assess.core.model.answers import SEVERITIES
from assess.tui.bars import escape
from assess.workshop.custody import NotSavedError
from assess.workshop.editing import Session

MEANING = {
    "critical": "exploitable now, data or money at stake: first in the plan",
    "high": "serious and likely; planned right after the critical ones",
    "medium": "a real weakness with limits on who can use it",
    "low": "worth fixing; still ahead of ordinary gap closing",
}


class FindingScreen(ModalScreen[bool]):
    """Dismissed with True when a change was saved."""

    BINDINGS = [
        Binding("1", "severity(0)", "Critical", key_display="1-4", tooltip="flag as a critical finding and save"),
        *[Binding(str(n + 1), f"severity({n})", show=False) for n in (1, 2, 3)],
        Binding("0,x", "remove", "No finding", tooltip="remove the finding (and its note)"),
        Binding("escape", "cancel", "Cancel"),
    ]
    AUTO_FOCUS = "#severities"

    def __init__(self, session: Session, activity_id: str) -> None:
        super().__init__()
        self.session = session
        self.activity_id = activity_id

    def compose(self) -> ComposeResult:
        entry = self.session.entry(self.activity_id)
        activity = self.session.questionnaire.activity_by_id[self.activity_id]
        current = entry.finding if entry else None
        with VerticalScroll(id="finding-box") as box:
            box.border_title = f"Finding · {self.activity_id}"
            box.border_subtitle = "1-4 saves · 0 removes · escape cancels"
            yield Static(escape(activity.display_title), id="finding-title")
            yield OptionList(
                *[
                    Option(
                        f"[b]{n}[/] {'●' if severity == current else '○'} [b]{severity}[/] "
                        f"[$text-muted]{escape(MEANING[severity])}[/]",
                        id=severity,
                    )
                    for n, severity in enumerate(SEVERITIES, start=1)
                ],
                id="severities",
            )
            yield Label("What was found (optional; tab to it, enter saves)")
            note = (entry.finding_note or "") if entry else ""
            yield Input(note, id="finding-note", placeholder="e.g. one key in every app unlocks every account")

    def on_mount(self) -> None:
        entry = self.session.entry(self.activity_id)
        current = entry.finding if entry else None
        self.query_one(OptionList).highlighted = SEVERITIES.index(current) if current in SEVERITIES else 0

    def _save(self, severity: str | None) -> None:
        note = self.query_one("#finding-note", Input).value
        try:
            self.session.set_finding(self.activity_id, severity, note)
        except NotSavedError as error:
            self.notify(f"Not saved: {error}", severity="error", timeout=8, markup=False)
            return
        self.dismiss(True)

    def action_severity(self, index: int) -> None:
        self._save(SEVERITIES[index])

    def action_remove(self) -> None:
        self._save(None)

    def action_cancel(self) -> None:
        self.dismiss(False)

    @on(OptionList.OptionSelected, "#severities")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        self._save(event.option.id)

    @on(Input.Submitted, "#finding-note")
    def _note_entered(self) -> None:
        highlighted = self.query_one(OptionList).highlighted
        self._save(SEVERITIES[highlighted or 0])
