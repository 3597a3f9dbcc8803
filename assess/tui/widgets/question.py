"""The question panel: where the activity sits, the question, its options, criteria, refs and guidance.

It only displays; picking an option or ticking a criterion posts the standard
``OptionList``/``SelectionList`` messages, which the workshop screen turns into
saved changes.
"""

from __future__ import annotations

from typing import TypeVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widget import Widget
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from assess.core.model import NOT_APPLICABLE, Activity, Questionnaire
from assess.tui.bars import escape
from assess.workshop.editing import Session

W = TypeVar("W", bound=Widget)

CATALOGUES = {
    "owasp-api-top10-2023": "OWASP API Top 10",
    "asvs-5.0": "ASVS 5.0",
    "nist-sp-800-228": "NIST SP 800-228",
    "csa-ccm-4": "CSA CCM 4",
    "csa-ccm-4.1": "CSA CCM 4.1",
}
NA_KEY = "n"


LIST_BINDINGS: list[BindingType] = [
    Binding("down", "cursor_down", "Down", show=False, tooltip="highlight the next option, criterion or activity"),
    Binding("up", "cursor_up", "Up", show=False, tooltip="highlight the previous option, criterion or activity"),
    Binding("home", "first", "First", show=False, tooltip="highlight the first option or criterion"),
    Binding("end", "last", "Last", show=False, tooltip="highlight the last option or criterion"),
]


class OptionsList(OptionList, inherit_bindings=False):
    """The scale's options, numbered as the digit keys that pick them.

    Without the scrolling bindings of its base class, so that left and right
    reach the workshop screen (previous and next activity) and show in the footer.
    """

    BINDINGS = [
        *LIST_BINDINGS,
        Binding("enter", "select", "Select", show=False, tooltip="pick the highlighted option (or click one)"),
    ]


class CriteriaList(OptionList, inherit_bindings=False):
    """The quality criteria as a checklist: space, enter or a click toggles one; long ones wrap."""

    BINDINGS = [
        *LIST_BINDINGS,
        Binding("space,enter", "select", "Toggle", show=False, tooltip="tick or untick the highlighted criterion"),
    ]

    class Toggled(Message):
        """A criterion was toggled by the user: ``marks`` is the new state of each of ``criteria``."""

        def __init__(self, criteria: tuple[str, ...], marks: tuple[bool, ...]) -> None:
            super().__init__()
            self.criteria = criteria
            self.marks = marks

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.marks: tuple[bool, ...] = ()
        self._texts: tuple[str, ...] = ()

    def set_criteria(self, texts: tuple[str, ...], marks: tuple[bool, ...]) -> None:
        same = texts == self._texts
        highlighted = self.highlighted
        self._texts, self.marks = texts, marks
        self.set_options([Option(_criterion_markup(t, m)) for t, m in zip(texts, marks, strict=True)])
        # Keep the cursor while toggling; a new activity starts without one (it would scroll the panel).
        self.highlighted = highlighted if same and highlighted is not None and highlighted < len(texts) else None

    def _on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        marks = list(self.marks)
        marks[event.option_index] = not marks[event.option_index]
        self.post_message(self.Toggled(self._texts, tuple(marks)))


class QuestionPanel(VerticalScroll, inherit_bindings=False):
    """Everything about the current activity except the note (scrolled with the mouse or page keys)."""

    BINDINGS = [
        Binding("pageup", "page_up", "Page up", show=False, tooltip="scroll the question up"),
        Binding("pagedown", "page_down", "Page down", show=False, tooltip="scroll the question down"),
    ]
    can_focus = False

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._activity: Activity | None = None
        self._guidance_of: str | None = None
        self._children_by_id: dict[str, Widget] = {}

    def compose(self) -> ComposeResult:
        yield Static(id="crumbs")
        yield Static(id="title")
        yield Static(id="finding")
        yield Static(id="question")
        yield OptionsList(id="options")
        yield Static(id="answer-warning")
        yield Static(id="criteria-title")
        yield CriteriaList(id="criteria")
        yield Static(id="criteria-warning")
        yield Static(id="refs")
        yield Static(
            "[$text-muted][b]g[/] guidance, what to do next, effort · [b]e[/] note · [b]l[/] links · "
            "[b]c[/] criteria · [b]f[/] finding · [b]r[/] roadmap · [b]?[/] all keys · [b]ctrl+p[/] jump[/]",
            id="hints",
        )
        yield Static(id="guidance")

    def _w(self, selector: str, kind: type[W]) -> W:
        """A child widget, looked up once."""
        found = self._children_by_id.get(selector)
        if found is None:
            found = self._children_by_id[selector] = self.query_one(selector, kind)
        assert isinstance(found, kind)
        return found

    def show(self, session: Session, activity: Activity, *, scroll_home: bool = True) -> None:
        """Fill the panel for ``activity`` as it stands in ``session``."""
        q = session.questionnaire
        function, practice, stream = _place(session, activity)
        index = session.index_of(activity.id)
        self._w("#crumbs", Static).update(f"[$text-muted]{escape(function)} › {escape(practice)} › {escape(stream)}[/]")
        self._w("#title", Static).update(  # one block: at 80x24 every line counts
            f"[b $accent]{escape(activity.id)}[/] [$text-muted]L{activity.level} · "
            f"{index + 1}/{len(session.activities)}[/] [b]{escape(activity.display_title)}[/]"
        )
        self._w("#question", Static).update(escape(activity.question))
        self._show_finding(session, activity)
        self._show_options(session, activity)
        self._show_warning(session, activity)
        self._show_criteria(session, activity)
        self._w("#refs", Static).update(_refs_markup(activity))
        self._activity = activity
        self._guidance_of = None
        if self.has_class("-show-guidance"):
            self.show_guidance(q)
        if scroll_home:
            self.scroll_home(animate=False)

    def show_guidance(self, q: Questionnaire) -> None:
        """Fill the guidance section (only when it is shown: it is long)."""
        activity = self._activity
        if activity is not None and self._guidance_of != activity.id:
            self._w("#guidance", Static).update(_guidance_markup(activity, q.activity_by_id))
            self._guidance_of = activity.id

    def toggle_guidance(self, q: Questionnaire) -> None:
        """Show the guidance (scrolled to its start) or hide it (back to the question's top)."""
        self.toggle_class("-show-guidance")
        if self.has_class("-show-guidance"):
            self.show_guidance(q)
            self.call_after_refresh(self._w("#guidance", Static).scroll_visible, animate=False, top=True)
        else:
            self.scroll_home(animate=False)  # back to the question, not to wherever the guidance ended

    def focus_criteria(self) -> None:
        """Put the focus on the checklist (its first criterion highlighted), if the activity has one."""
        criteria = self._w("#criteria", CriteriaList)
        if self._activity is not None and self._activity.criteria:
            if criteria.highlighted is None:
                criteria.highlighted = 0
            criteria.focus()
            criteria.scroll_visible(animate=False)

    def refresh_answer(self, session: Session, activity: Activity) -> None:
        """Redraw only what an answer, a criterion or a finding changes (cheaper than :meth:`show`)."""
        self._show_finding(session, activity)
        self._show_options(session, activity)
        self._show_warning(session, activity)
        self._show_criteria(session, activity)

    def _show_options(self, session: Session, activity: Activity) -> None:
        chosen = session.answers.chosen(activity.id)
        options_list = self._w("#options", OptionsList)
        highlighted = options_list.highlighted
        prompts: list[Option] = []
        for number, option in enumerate(session.questionnaire.options_for(activity), start=1):
            prompts.append(Option(_option_markup(str(number), option.label, option.id == chosen), id=option.id))
        prompts.append(Option(_option_markup(NA_KEY, "Not applicable", chosen == NOT_APPLICABLE), id=NOT_APPLICABLE))
        options_list.set_options(prompts)
        position = next((i for i, p in enumerate(prompts) if p.id == chosen), None)
        options_list.highlighted = position if position is not None else (highlighted or 0)

    def _show_finding(self, session: Session, activity: Activity) -> None:
        """The finding flagged on this answer, if any: it leads the roadmap."""
        entry = session.entry(activity.id)
        widget = self._w("#finding", Static)
        if entry is None or entry.finding is None:
            widget.update("")
            widget.display = False
            return
        note = f": {escape(entry.finding_note)}" if entry.finding_note else ""
        widget.update(f"[b $text-error]⚑ {entry.finding} finding[/]{note} [$text-muted](f changes it)[/]")
        widget.display = True

    def _show_warning(self, session: Session, activity: Activity) -> None:
        """Say, beside what it is about, what the answer leaves to do: under the options or the criteria."""
        chosen = session.answers.chosen(activity.id)
        unknown = chosen is not None and chosen != NOT_APPLICABLE and session.option_position(activity) is None
        _say(
            self._w("#answer-warning", Static),
            f"The file's answer '{escape(chosen or '')}' is not an option of this scale; "
            "it is kept as it is until you answer again."
            if unknown
            else "",
        )
        unmet = session.unmet_criteria(activity.id)
        lowest = session.questionnaire.options_for(activity)[0].label
        _say(
            self._w("#criteria-warning", Static),
            f"⚠ {len(unmet)} of {len(activity.criteria)} not marked as holding: SAMM counts an answer above "
            f"'{escape(lowest)}' only when all hold."
            if unmet
            else "",
        )

    def _show_criteria(self, session: Session, activity: Activity) -> None:
        criteria = self._w("#criteria", CriteriaList)
        criteria.set_criteria(activity.criteria, session.criteria_marks(activity))
        criteria.display = bool(activity.criteria)
        title = self._w("#criteria-title", Static)
        title.display = bool(activity.criteria)
        if activity.criteria:
            held = sum(session.criteria_marks(activity))
            warn = " [$text-warning]⚠[/]" if session.unmet_criteria(activity.id) else ""
            title.update(f"[b]Quality criteria[/] [$text-muted]· {held} of {len(activity.criteria)} hold[/]{warn}")


def _say(widget: Static, text: str) -> None:
    widget.update(f"[$text-warning]{text}[/]" if text else "")
    widget.display = bool(text)


def _place(session: Session, activity: Activity) -> tuple[str, str, str]:
    q = session.questionnaire
    practice = q.practice_of[activity.id]
    stream = q.stream_of[activity.id]
    function = next(f for f in q.functions if practice in f.practices)
    return function.name, practice.name, stream.name


def _option_markup(key: str, label: str, chosen: bool) -> str:
    mark = "[$text-success]●[/]" if chosen else "○"
    text = f"[b]{escape(label)}[/]" if chosen else escape(label)
    return f"[b $accent]{key}[/] {mark} {text}"


def _criterion_markup(text: str, holds: bool) -> str:
    box = "[$text-success]☑[/]" if holds else "☐"
    return f"{box} {escape(text)}"


def _refs_markup(activity: Activity) -> str:
    """Probed references as badges, related ones after them in muted text."""
    refs = activity.refs
    if not refs.probes and not refs.related:
        return ""
    parts = []
    for catalogue in dict.fromkeys([*refs.probes, *refs.related]):
        name = CATALOGUES.get(catalogue, catalogue)
        badges = " ".join(
            f"[$text-primary on $primary-muted] {escape(ref)} [/]" for ref in refs.probes.get(catalogue, ())
        )
        related = " ".join(escape(ref) for ref in refs.related.get(catalogue, ()))
        shown = " ".join(part for part in (badges, f"[$text-muted]related: {related}[/]" if related else "") if part)
        parts.append(f"[$text-muted]{escape(name)}[/] {shown}")
    return "[b]Refs[/]  " + "   ".join(parts)


def _guidance_markup(activity: Activity, by_id: dict[str, Activity]) -> str:
    parts = []
    if activity.description:
        parts.append(escape(activity.description))
    if activity.guidance:
        parts.append(f"[b]Guidance[/]  {escape(activity.guidance)}")
    if activity.action:
        parts.append(f"[b]To get there[/]  {escape(activity.action)}")
    facts = [f"effort about {activity.effort_days:g} person-days"]
    if activity.requires:
        names = ", ".join(f"{r} ({by_id[r].display_title})" if r in by_id else r for r in activity.requires)
        facts.append(f"builds on {names}")
    parts.append(f"[$text-muted]{escape('; '.join(facts))}[/]")
    return "\n\n".join(parts)
