"""The note and evidence fields of the current answer (saved as people type, and on leaving)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, TextArea

from assess.core.model import AnswerEntry


class NoteArea(TextArea):
    """Free text for what was said; Tab and Escape leave it (it never swallows the focus)."""


class EvidenceInput(Input):
    """Evidence links, separated by spaces."""


class NoteBox(Vertical):
    """A note field and an evidence field for the activity on screen."""

    can_focus = False

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

    def show(self, entry: AnswerEntry | None) -> None:
        note = self.query_one("#note", NoteArea)
        text = (entry.note if entry else None) or ""
        if note.text != text:
            note.load_text(text)
        evidence = self.query_one("#evidence", EvidenceInput)
        links = " ".join(entry.evidence) if entry else ""
        if evidence.value != links:
            evidence.value = links
