"""The main workshop screen: navigator, question, note, live scores.

Every key that changes something calls the session, which saves the answers file
atomically before returning; only then is the screen redrawn, so what people see
confirmed is on disk. Saving errors leave the screen as it was and say why.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
from collections.abc import Callable
from functools import cached_property

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Tree

from assess.core.model import NOT_APPLICABLE, Activity, Answers
from assess.core.scoring import Scorecard
from assess.tui.keys import WORKSHOP_BINDINGS
from assess.tui.pdf_export import PdfExport
from assess.tui.widgets.navigator import Navigator, NavItem
from assess.tui.widgets.notes import NoteBox
from assess.tui.widgets.question import CriteriaList, OptionsList, QuestionPanel
from assess.tui.widgets.scores import ScorePanel, ScoreStrip, ScoreView
from assess.tui.widgets.status import StatusLine
from assess.workshop.custody import NotSavedError
from assess.workshop.editing import Session


def clock() -> dt.datetime:
    """The time shown in the 'saved' indicator (tests replace it)."""
    return dt.datetime.now()


class WorkshopScreen(Screen[None]):
    """One activity at a time, answered with one key."""

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (120, "-wide"), (160, "-huge")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (28, "-medium"), (34, "-tall")]

    BINDINGS = WORKSHOP_BINDINGS

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.index = session.start_index()
        self._saved_at: dt.datetime | None = None
        self._notice: str | None = None
        """What the last saved change leaves to check (criteria unmet), shown beside the saved state."""
        self._card: Scorecard = session.scorecard()
        self._card_version = 0
        self._scores_drawn: tuple[int, str] | None = None

    # --- building --------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield StatusLine(id="status")
        with Horizontal(id="body"):
            yield Navigator(self.session, id="nav")
            with Vertical(id="centre"):
                yield ScoreStrip(id="strip")
                yield QuestionPanel(id="panel")
                yield NoteBox(id="notes")
            with VerticalScroll(id="scores-box"):
                yield ScorePanel(id="scores")
        yield Footer(compact=True, show_command_palette=False)
        yield PdfExport()

    def on_mount(self) -> None:
        self._nav.build(self._card)
        self._show_activity()
        self._show_status()
        self.set_focus(self._options, scroll_visible=False)
        # Everything built so far lives as long as the screen: keep it out of the garbage collector's
        # full passes, which otherwise add 20-40 ms pauses to an occasional key press.
        self.call_after_refresh(gc.freeze)

    def on_unmount(self) -> None:
        self._save_typed()
        # Hand everything back to the collector: frozen objects are otherwise kept for good,
        # which leaked every earlier app's leftovers in a process that runs more than one.
        gc.unfreeze()

    def _save_typed(self) -> None:
        """Save a note or links still being typed when the app ends other than by ctrl+q.

        (A closed browser tab or terminal ends it with no blur and no typing pause.) Nothing is
        drawn: the screen is going. A save that fails here has nowhere to be reported.
        """
        activity, notes = self.activity, self._notes
        with contextlib.suppress(NotSavedError):
            self.session.set_note(activity.id, notes.typed_note() or "")
            self.session.set_evidence(activity.id, notes.typed_links())

    # Widgets looked up once (a query walks the DOM; keys should not pay for it).

    @cached_property
    def _panel(self) -> QuestionPanel:
        return self.query_one(QuestionPanel)

    @cached_property
    def _nav(self) -> Navigator:
        return self.query_one(Navigator)

    @cached_property
    def _notes(self) -> NoteBox:
        return self.query_one(NoteBox)

    @cached_property
    def _scores(self) -> ScorePanel:
        return self.query_one(ScorePanel)

    @cached_property
    def _options(self) -> OptionsList:
        return self.query_one("#options", OptionsList)

    @cached_property
    def _strip(self) -> ScoreStrip:
        return self.query_one(ScoreStrip)

    @cached_property
    def _status(self) -> StatusLine:
        return self.query_one(StatusLine)

    @property
    def activity(self) -> Activity:
        return self.session.activities[self.index]

    # --- drawing ---------------------------------------------------------------------------------

    def _show_activity(self) -> None:
        activity = self.activity
        self._panel.show(self.session, activity)
        self._notes.show(self.session.entry(activity.id))
        self._nav.focus_activity(activity.id)
        self._show_scores()

    def _after_change(self, activity_id: str | None) -> None:
        """Redraw what a saved change touches: scores, the navigator's marks, the status line."""
        self._card = self.session.scorecard()
        self._card_version += 1
        nav = self._nav
        if activity_id is None:
            nav.relabel_all(self._card)
        else:
            nav.relabel_path(activity_id, self._card)
        self._saved_at = clock()
        self._notice = None
        self._show_scores()
        self._show_status()

    def _show_scores(self) -> None:
        """Redraw the score panel and strip (only when the scores or the current practice changed)."""
        practice = self.session.questionnaire.practice_of[self.activity.id].id
        if self._scores_drawn == (self._card_version, practice):
            return
        self._scores_drawn = (self._card_version, practice)
        card = self._card
        source = self.session.effective_targets().label
        self._scores.show(ScoreView(card, self.session.questionnaire, source, practice))
        self._strip.show(card, practice)

    def _show_status(self) -> None:
        self._status.show(self.session, self._saved_at, typing=self._notes.pending, notice=self._notice)

    @on(NoteBox.PendingChanged)
    def _typing(self) -> None:
        self._show_status()

    # --- changing --------------------------------------------------------------------------------

    def _apply(self, change: Callable[[], object], activity_id: str | None) -> bool:
        """Run a session change; on failure say why and leave everything as it was."""
        try:
            change()
        except (NotSavedError, ValueError) as error:  # a failed save, or a change refused before saving
            self._show_status()
            self.notify(f"Not saved: {error}", severity="error", timeout=10, markup=False)
            return False
        self._after_change(activity_id)
        return True

    def _choose(self, option_id: str) -> None:
        self.flush_pending()
        activity = self.activity
        was_open = not self.session.is_answered(activity.id)
        if not self._apply(lambda: self.session.choose(activity.id, option_id), activity.id):
            return
        if was_open and self.session.first_unanswered() is None:
            self.notify(f"All {len(self.session.activities)} activities are answered.", title="Done", timeout=8)
        unmet = self.session.unmet_criteria(activity.id)
        if unmet:  # said in the status line, not in a toast over the next question's options
            self._notice = f"{activity.id}: {len(unmet)} of {len(activity.criteria)} criteria unmet"
            self._show_status()
        if self.index + 1 < len(self.session.activities):
            self.index += 1
            self._show_activity()
            self._focus_options(scroll_visible=False)  # the new question shows from its top
        else:
            self._panel.refresh_answer(self.session, activity)
            self._announce_end()
            self.action_focus_question()

    def _announce_end(self) -> None:
        if self.session.first_unanswered() is not None:
            self.notify("That was the last activity; space jumps to the next unanswered one.")

    def action_answer(self, number: int) -> None:
        options = self.session.questionnaire.options_for(self.activity)
        if number > len(options):
            self.notify(f"This question has {len(options)} options (1-{len(options)}), or n for n/a.")
            return
        self._choose(options[number - 1].id)

    def action_answer_na(self) -> None:
        self._choose(NOT_APPLICABLE)

    def action_clear(self) -> None:
        activity = self.activity
        if self.session.answers.chosen(activity.id) is None:
            return
        if self._apply(lambda: self.session.clear(activity.id), activity.id):
            self._panel.refresh_answer(self.session, activity)

    def action_undo(self) -> None:
        self.flush_pending()
        try:
            change = self.session.undo()
        except NotSavedError as error:
            self._show_status()
            self.notify(f"Not undone: {error}", severity="error", timeout=10, markup=False)
            return
        if change is None:
            self.notify("Nothing to undo.")
            return
        self._after_change(None)
        if change.activity_id is not None:
            self.index = self.session.index_of(change.activity_id)
        self._show_activity()
        self.notify(f"Undone: {change.label}", markup=False)

    def action_move(self, delta: int) -> None:
        self.go_to(max(0, min(len(self.session.activities) - 1, self.index + delta)))

    def action_next_unanswered(self) -> None:
        found = self.session.next_unanswered(self.index)
        if found is None:
            self.notify("Every activity is answered.")
            return
        self.go_to(found)

    def go_to(self, index: int) -> None:
        """Show the activity at ``index`` (saving a note being typed first)."""
        self.flush_pending()
        if index != self.index:
            self.index = index
            self._show_activity()

    def go_to_id(self, activity_id: str) -> None:
        self.go_to(self.session.index_of(activity_id))
        self._focus_options(scroll_visible=False)

    # --- notes, evidence, criteria ---------------------------------------------------------------

    @on(NoteBox.SaveDue)
    def flush_pending(self) -> None:
        """Save the note and evidence being edited, if they differ from the file."""
        notes = self._notes
        notes.cancel_pending()
        activity = self.activity
        entry = self.session.entry(activity.id)
        note = notes.typed_note()
        if note != (entry.note if entry else None):
            self._apply(lambda: self.session.set_note(activity.id, note or ""), activity.id)
        links = notes.typed_links()
        if links != (entry.evidence if entry else ()):
            self._apply(lambda: self.session.set_evidence(activity.id, links), activity.id)
        notes.saved(self.session.entry(activity.id))

    @on(NoteBox.LinksEntered)
    def _links_entered(self) -> None:
        self._options.focus()

    @on(OptionList.OptionSelected, "#options")
    def _option_clicked(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            self._choose(event.option.id)

    @on(CriteriaList.Toggled)
    def _criteria_toggled(self, event: CriteriaList.Toggled) -> None:
        activity = self.activity
        if event.criteria != activity.criteria:
            return  # from a list that has since moved on to another activity
        if self._apply(lambda: self.session.set_criteria(activity.id, event.marks), activity.id):
            self._panel.refresh_answer(self.session, activity)

    def action_all_criteria(self) -> None:
        activity = self.activity
        if not activity.criteria:
            return
        marks = self.session.criteria_marks(activity)
        new = (False,) * len(marks) if all(marks) else (True,) * len(marks)
        if self._apply(lambda: self.session.set_criteria(activity.id, new), activity.id):
            self._panel.refresh_answer(self.session, activity)

    @on(Tree.NodeSelected, "#nav")
    def _node_selected(self, event: Tree.NodeSelected[NavItem]) -> None:
        item = event.node.data
        if item is not None and item.kind == "activity":
            self.go_to(self.session.index_of(item.id))

    # --- focus and panels ------------------------------------------------------------------------

    def action_edit_note(self) -> None:
        self._notes.edit_note()

    def action_edit_evidence(self) -> None:
        self._notes.edit_links()

    def action_focus_criteria(self) -> None:
        self._panel.focus_criteria()

    def action_focus_question(self) -> None:
        self._focus_options(scroll_visible=True)

    def _focus_options(self, *, scroll_visible: bool) -> None:
        """Focus the options; without scrolling when a new activity was just shown from its top.

        (Scrolling them into view then would use the layout of the previous activity, and could
        scroll the new one past its title.)
        """
        if not self._options.has_focus:
            self.set_focus(self._options, scroll_visible=scroll_visible)

    def action_toggle_guidance(self) -> None:
        self._panel.toggle_guidance(self.session.questionnaire)

    def action_toggle_scores(self) -> None:
        if not self.has_class("-narrow"):
            self.notify("The scores are already beside the question at this width (s swaps them in below 120 columns).")
            return
        self.toggle_class("-show-scores")

    def action_jump(self) -> None:
        self.app.action_command_palette()

    def action_help(self) -> None:
        from assess.tui.screens.help import HelpScreen, key_rows

        self.app.push_screen(HelpScreen(key_rows(self)))

    def action_targets(self) -> None:
        from assess.tui.screens.targets import TargetsScreen

        self.flush_pending()
        before = self.session.answers
        self.app.push_screen(TargetsScreen(self.session), lambda _: self._after_targets(before))

    def _after_targets(self, before: Answers) -> None:
        if self.session.answers is not before:  # only then is there something new to draw, and saved
            self._after_change(None)

    def action_finding(self) -> None:
        from assess.tui.screens.finding import FindingScreen

        self.flush_pending()
        activity = self.activity

        def saved(changed: bool | None) -> None:
            if changed:
                self._after_change(activity.id)
                self._panel.refresh_answer(self.session, activity)

        self.app.push_screen(FindingScreen(self.session, activity.id), saved)

    def action_roadmap(self) -> None:
        from assess.tui.screens.roadmap import RoadmapScreen

        self.flush_pending()
        self.app.push_screen(RoadmapScreen(self.session))

    def action_details(self) -> None:
        from assess.tui.screens.details import DetailsScreen

        self.flush_pending()
        self.app.push_screen(DetailsScreen(self.session), lambda saved: self._after_change(None) if saved else None)

    def action_show_mismatch(self) -> None:
        from assess.tui.screens.messages import MismatchScreen

        if self.session.mismatch is not None:
            self.app.push_screen(MismatchScreen(self.session))

    def action_migrate(self) -> None:
        if self._apply(self.session.migrate, None):
            self.notify(f"Migrated to version {self.session.questionnaire.version}; u undoes it.")

    def action_adopt_version(self) -> None:
        if self._apply(self.session.adopt_version, None):
            self.notify(f"The answers are now marked as written for version {self.session.questionnaire.version}.")

    def action_export_pdf(self) -> None:
        """Render the PDF handout next to the answers file, in a worker so the workshop stays live."""
        self.query_one(PdfExport).start(self.session)
