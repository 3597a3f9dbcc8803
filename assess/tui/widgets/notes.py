"""The note and evidence fields of the current answer, and when what is typed there is due to be saved.

The box only knows what was typed and what the file holds; it asks for a save (a
:class:`NoteBox.SaveDue` message) after a pause in typing, on leaving a field and on
enter in the links, and the screen saves through the session like any other change.
"""

from __future__ import annotations

from textual import events, on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Input, TextArea

from assess.core.model import AnswerEntry
from assess.workshop.editing import split_links

NOTE_SAVE_DELAY = 0.5
"""Seconds of typing pause after which a note is saved (it is also saved on leaving the field)."""


class NoteArea(TextArea):
    """Free text for what was said; Tab and Escape leave it (it never swallows the focus)."""


class EvidenceInput(Input):
    """Evidence links, separated by spaces."""


class NoteBox(Vertical):
    """A note field and an evidence field for the activity on screen."""

    can_focus = False
    _note: NoteArea
    _evidence: EvidenceInput

    class SaveDue(Message):
        """What was typed should be saved now (a typing pause, a field left, enter in the links)."""

    class PendingChanged(Message):
        """The fields now differ from the file (``pending``) or match it again."""

        def __init__(self, pending: bool) -> None:
            super().__init__()
            self.pending = pending

    class LinksEntered(Message):
        """Enter was pressed in the links field: saved, and the question may take the focus back."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._timer: Timer | None = None
        self._saved: tuple[str | None, tuple[str, ...]] = (None, ())
        self._pending = False

    def compose(self) -> ComposeResult:
        note = NoteArea(id="note", soft_wrap=True, tab_behavior="focus", show_line_numbers=False)
        note.border_title = "Note [b]e[/b]"
        note.placeholder = "Press e and type what the team says; it is saved as you type."
        yield note
        yield EvidenceInput(
            id="evidence",
            placeholder="Evidence links (l), separated by spaces",
            compact=True,
            select_on_focus=False,  # selected, the links would be replaced by the first key typed
        )

    def on_mount(self) -> None:
        self._note = self.query_one("#note", NoteArea)
        self._evidence = self.query_one("#evidence", EvidenceInput)

    # --- what is shown and what is typed ---------------------------------------------------------

    def show(self, entry: AnswerEntry | None) -> None:
        """Show the note and links the file holds (replacing whatever was typed)."""
        self.cancel_pending()
        self._saved = ((entry.note if entry else None), (entry.evidence if entry else ()))
        text = self._saved[0] or ""
        if self._note.text != text:
            self._note.load_text(text)
        links = " ".join(self._saved[1])
        if self._evidence.value != links:
            self._evidence.value = links
        self._set_pending(False)

    def saved(self, entry: AnswerEntry | None) -> None:
        """The file now holds ``entry``: what is typed is pending only where it still differs."""
        self._saved = ((entry.note if entry else None), (entry.evidence if entry else ()))
        self._set_pending(self.typed_note() != self._saved[0] or self.typed_links() != self._saved[1])

    def typed_note(self) -> str | None:
        """The note as it would be saved (stripped; empty is no note)."""
        return self._note.text.strip() or None

    def typed_links(self) -> tuple[str, ...]:
        return split_links(self._evidence.value)

    @property
    def pending(self) -> bool:
        """Something typed here is not in the file yet."""
        return self._pending

    def cancel_pending(self) -> None:
        """Stop the typing-pause timer (the caller saves now, or the text is being replaced)."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None

    def edit_note(self) -> None:
        """Focus the note with the cursor after what is there (e adds to what was said)."""
        self._note.focus()
        self._note.move_cursor(self._note.document.end)

    def edit_links(self) -> None:
        """Focus the links with the cursor after them (l adds a link after those already there)."""
        self._evidence.focus()
        self._evidence.cursor_position = len(self._evidence.value)

    # --- events ------------------------------------------------------------------------------------

    @on(TextArea.Changed, "#note")
    def _note_changed(self) -> None:
        self._set_pending(self.typed_note() != self._saved[0] or self.typed_links() != self._saved[1])
        self.cancel_pending()
        if self._pending:
            self._timer = self.set_timer(NOTE_SAVE_DELAY, self._due)

    @on(Input.Changed, "#evidence")
    def _links_changed(self) -> None:
        self._set_pending(self.typed_note() != self._saved[0] or self.typed_links() != self._saved[1])

    @on(Input.Submitted, "#evidence")
    def _links_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._due()
        self.post_message(self.LinksEntered())

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        if event.widget.id in ("note", "evidence"):
            self._due()

    def _due(self) -> None:
        self.cancel_pending()
        self.post_message(self.SaveDue())

    def _set_pending(self, pending: bool) -> None:
        if pending != self._pending:
            self._pending = pending
            self.post_message(self.PendingChanged(pending))
