"""The navigator: function › practice › stream › activity, with answer marks and scores.

Labels are Rich text coloured from the active theme's variables and rebuilt when the
theme changes. Only the nodes an answer touches are relabelled after a save. Each label
is fitted to the navigator's width by cutting its name, never its score or marks.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.theme import Theme
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from assess.core.display import fmt, fmt_count
from assess.core.model import NOT_APPLICABLE
from assess.core.scoring import Scorecard
from assess.tui.theme import style
from assess.workshop.editing import Session

MARKS = {0.0: "○", 0.25: "◔", 0.5: "◑", 0.75: "◕", 1.0: "●"}
UNANSWERED = "·"
NA_MARK = "–"


@dataclass(frozen=True, slots=True)
class NavItem:
    """What a node stands for: ``kind`` is function, practice, stream or activity."""

    kind: str
    id: str


def answer_mark(value: float, answer: str | None) -> str:
    """A glyph for an activity's answer: empty to full circle by its value."""
    if answer is None:
        return UNANSWERED
    if answer == NOT_APPLICABLE:
        return NA_MARK
    nearest = min(MARKS, key=lambda v: abs(v - value))
    return MARKS[nearest]


class Navigator(Tree[NavItem], inherit_bindings=False):
    """The questionnaire as a tree; choosing an activity node jumps to it."""

    BINDINGS = [
        Binding("enter", "select_cursor", "Open", show=False, tooltip="open the highlighted activity (navigator)"),
        Binding("up", "cursor_up", "Up", show=False, tooltip="highlight the previous option, criterion or activity"),
        Binding("down", "cursor_down", "Down", show=False, tooltip="highlight the next option, criterion or activity"),
        Binding(
            "shift+left", "cursor_parent", "Parent", show=False, tooltip="up to the practice or function (navigator)"
        ),
    ]

    def __init__(self, session: Session, *, id: str | None = None) -> None:
        super().__init__("questionnaire", id=id)
        self.session = session
        self.show_root = False
        self.guide_depth = 2
        self.auto_expand = True
        self._by_id: dict[str, TreeNode[NavItem]] = {}
        self._expanded_practice: str | None = None
        self._card: Scorecard | None = None
        self._width = 0

    def on_mount(self) -> None:
        # The signal, not a watch on ``app.theme``: the theme's colours are in place only once it fires.
        self.app.theme_changed_signal.subscribe(self, self._theme_changed)

    def build(self, card: Scorecard) -> None:
        """Create every node once (labels are refreshed in place afterwards)."""
        self.clear()
        self._by_id.clear()
        q = self.session.questionnaire
        for function in q.functions:
            fnode = self.root.add("", NavItem("function", function.id), expand=True)
            self._by_id[function.id] = fnode
            for practice in function.practices:
                pnode = fnode.add("", NavItem("practice", practice.id))
                self._by_id[practice.id] = pnode
                for stream in practice.streams:
                    snode = pnode.add("", NavItem("stream", stream.id), expand=True)
                    self._by_id[stream.id] = snode
                    for activity in stream.activities:
                        self._by_id[activity.id] = snode.add_leaf("", NavItem("activity", activity.id))
        self.relabel_all(card)

    def on_resize(self) -> None:
        width = self.scrollable_content_region.width
        if width != self._width and self._card is not None:
            self._width = width
            self.relabel_all(self._card)

    def relabel_all(self, card: Scorecard) -> None:
        self._card = card
        self._width = self.scrollable_content_region.width
        for function in card.functions:
            self._label(function.id, card)
            for practice in function.practices:
                self._label(practice.id, card)
                for stream in practice.streams:
                    self._label(stream.id, card)
                    for activity in stream.activities:
                        self._label(activity.id, card)

    def relabel_path(self, activity_id: str, card: Scorecard) -> None:
        """Relabel an activity and the stream, practice and function above it."""
        self._card = card
        q = self.session.questionnaire
        practice = q.practice_of[activity_id]
        function = next(f for f in q.functions if practice in f.practices)
        for node_id in (activity_id, practice.id, function.id):  # stream labels carry no score
            self._label(node_id, card)

    def focus_activity(self, activity_id: str) -> None:
        """Show the activity's practice open and move the cursor to it (without selecting)."""
        practice_id = self.session.questionnaire.practice_of[activity_id].id
        node = self._by_id[activity_id]
        if self._expanded_practice != practice_id:
            if self._expanded_practice is not None:
                self._by_id[self._expanded_practice].collapse()
            self._by_id[practice_id].expand()
            self._expanded_practice = practice_id
            self.move_cursor(node)
            self.call_after_refresh(self._scroll_into_view, self._by_id[practice_id], node)
        else:
            self.move_cursor(node)

    def _scroll_into_view(self, practice: TreeNode[NavItem], activity: TreeNode[NavItem]) -> None:
        """Show the practice heading too when the activity is near the top of its practice."""
        self.scroll_to_node(practice, animate=False)
        self.scroll_to_node(activity, animate=False)

    def _theme_changed(self, _theme: Theme) -> None:
        self.relabel_all(self.session.scorecard())

    def _colour(self, name: str) -> Style:
        return style(self.app, name)

    def _label(self, node_id: str, card: Scorecard) -> None:
        node = self._by_id.get(node_id)
        if node is None or node.data is None:
            return
        prefix, name, suffix = self._label_parts(node.data, card)
        label = Text.assemble(prefix, self._fitted(node, name, prefix.cell_len + suffix.cell_len), suffix)
        if label != node.label:
            node.set_label(label)

    def _fitted(self, node: TreeNode[NavItem], name: Text, fixed: int) -> Text:
        """``name`` cut with an ellipsis so the whole line fits (before the first layout: uncut)."""
        if self._width <= 0:
            return name
        depth, parent = 0, node.parent
        while parent is not None and parent is not self.root:
            depth, parent = depth + 1, parent.parent
        room = self._width - depth * self.guide_depth - (2 if node.allow_expand else 0) - fixed
        cut = name.copy()
        cut.truncate(max(1, room), overflow="ellipsis")
        return cut

    def _label_parts(self, item: NavItem, card: Scorecard) -> tuple[Text, Text, Text]:
        """What comes before the name, the name (which may be cut), and what comes after it."""
        q = self.session.questionnaire
        muted = self._colour("muted")
        shown = fmt_count if card.bsimm is not None else fmt  # BSIMM scores are counts of observed activities
        if item.kind == "function":
            function = next(f for f in card.functions if f.id == item.id)
            name = next(f.name for f in q.functions if f.id == item.id)
            return (
                Text(),
                Text(name, style=self._colour("accent") + Style(bold=True)),
                Text(f" {shown(function.score)}", style=muted),
            )
        if item.kind == "practice":
            practice = card.practice(item.id)
            reached = practice.target is not None and practice.score is not None and practice.score >= practice.target
            score_style = self._colour("success") if reached else muted
            # The score only; its colour says whether the target is reached (the panel and the strip give the target).
            return Text(), Text(q.practice_by_id[item.id].name), Text(f" {shown(practice.score)}", style=score_style)
        if item.kind == "stream":
            stream = next(s for _, _, s in q.iter_streams() if s.id == item.id)
            return Text(), Text(stream.name, style=muted), Text()
        activity = q.activity_by_id[item.id]
        score = next(a for a in card.activities if a.id == item.id)
        mark = answer_mark(score.value, score.answer)
        mark_style = muted if score.answer is None else self._colour("success")
        if score.answer is not None and not self.session.is_answered(item.id):
            mark, mark_style = "?", self._colour("warning")  # an option this scale does not have
        prefix = Text.assemble((mark, mark_style), " ", (f"L{activity.level} ", muted))
        unmet = self.session.unmet_criteria(item.id)
        suffix = Text(" !", style=self._colour("warning") + Style(bold=True)) if unmet else Text()
        return prefix, Text(activity.display_title), suffix
