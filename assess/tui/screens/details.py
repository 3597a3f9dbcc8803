"""Edit the assessment's details (team, scope, assessors, date) and its estate from the workshop."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input

from assess.tui.widgets.details_form import DetailsForm
from assess.workshop.custody import NotSavedError
from assess.workshop.editing import Session


class DetailsScreen(ModalScreen[bool]):
    """A modal form; saving writes the answers file at once. Dismissed with True when saved."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]
    AUTO_FOCUS = "#team"  # not the scrolling box around the form: typing goes straight into the team
    VERTICAL_BREAKPOINTS = [(0, "-short"), (30, "-tall")]

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session

    def compose(self) -> ComposeResult:
        answers = self.session.answers
        with VerticalScroll(id="details-box") as box:
            box.border_title = "Assessment details"
            yield DetailsForm(
                team=answers.team or "",
                scope=answers.scope or "",
                assessors=answers.assessors,
                date=answers.date,
                estate=answers.estate,
                with_estate=True,
                id="details-form",
            )
            with Horizontal(classes="buttons"):
                yield Button("Save", id="save", variant="primary")
                yield Button("Cancel", id="cancel")

    @on(Button.Pressed, "#save")
    @on(Input.Submitted)
    def _save(self) -> None:
        details = self.query_one(DetailsForm).details()
        if details is None:
            return
        try:
            self.session.set_details(
                team=details.team,
                scope=details.scope,
                assessors=details.assessors,
                date=details.date,
                estate=details.estate,
            )
        except NotSavedError as error:
            self.notify(f"Not saved: {error}", severity="error", timeout=8, markup=False)
            return
        self.dismiss(True)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(False)
