"""The workshop screen's keys: a short description for the footer, a sentence (the tooltip) for the help screen.

The help screen is generated from the live bindings (these, the widgets' and the app's), so a
key added here shows there with its sentence; keep both texts when adding one.
"""

from __future__ import annotations

from textual.binding import Binding, BindingType

ANSWER = "pick that option of the scale, save, go on to the next activity"

WORKSHOP_BINDINGS: list[BindingType] = [
    Binding("1", "answer(1)", "Answer", key_display="1-9", tooltip=ANSWER),
    *[Binding(str(n), f"answer({n})", "Answer", show=False, key_display="1-9", tooltip=ANSWER) for n in range(2, 10)],
    Binding("n", "answer_na", "n/a", tooltip="not applicable (scores 0, as in the SAMM Toolbox), save, go on"),
    Binding("x,delete", "clear", "Clear", tooltip="clear the answer (the note and evidence stay)"),
    Binding("u,ctrl+z", "undo", "Undo", tooltip="undo the last change (saved like any change)"),
    Binding("left", "move(-1)", "Prev", key_display="←", show=False, tooltip="previous activity"),
    Binding("right", "move(1)", "Next", key_display="→", tooltip="next activity"),
    Binding("space", "next_unanswered", "Unanswered", tooltip="next unanswered activity"),
    Binding("e", "edit_note", "Note", show=False, tooltip="write a note (saved as you type and on leaving the field)"),
    Binding("l", "edit_evidence", "Links", show=False, tooltip="evidence links, separated by spaces; enter saves"),
    Binding("c", "focus_criteria", "Criteria", show=False, tooltip="the quality criteria checklist"),
    Binding(
        "a", "all_criteria", "All criteria", show=False, tooltip="mark all quality criteria as holding (again: none)"
    ),
    Binding("g", "toggle_guidance", "Guidance", show=False, tooltip="show or hide guidance, next steps, effort"),
    Binding(
        "f",
        "finding",
        "Finding",
        show=False,
        tooltip="flag the answer as a finding (1-4: critical to low, with a note): it goes first in the roadmap",
    ),
    Binding("t", "targets", "Targets", tooltip="targets per practice, or a profile of the questionnaire"),
    Binding(
        "r", "roadmap", "Roadmap", show=False, tooltip="the phased roadmap for the answers and targets as they stand"
    ),
    Binding("d", "details", "Details", show=False, tooltip="team, scope, assessors, date and the estate (APIs, teams)"),
    Binding("s", "toggle_scores", "Scores", show=False, tooltip="the scores instead of the navigator (narrow screens)"),
    Binding("slash", "jump", "Jump", show=False, tooltip="jump to any activity by id or words"),
    Binding("p", "export_pdf", "PDF", show=False, tooltip="export the PDF handout next to the answers file"),
    Binding("question_mark,f1", "help", "Help", tooltip="this list of keys"),
    Binding(
        "tab", "app.focus_next", "Next field", show=False, tooltip="move on: options, criteria, note, links, navigator"
    ),
    Binding("shift+tab", "app.focus_previous", "Previous field", show=False, tooltip="move back through the same"),
    Binding("escape", "focus_question", "Back to the question", show=False, tooltip="back to the question's options"),
]
