"""The live score panel: overall, functions and practices as bars against targets, and progress.

It only shows what :func:`assess.core.scoring.score` computed (views never compute scores);
the widths adapt to the panel, so it reads at 80 columns and uses a wide screen.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.content import Content
from textual.geometry import Region, Size
from textual.strip import Strip
from textual.theme import Theme
from textual.visual import Visual
from textual.widget import Widget
from textual.widgets import Static

from assess.core.display import fmt, fmt_count, fmt_percent
from assess.core.model import Questionnaire
from assess.core.scoring import Scorecard
from assess.tui.bars import bar, escape, fit

VALUE_WIDTH = 5
SUFFIX_WIDTH = 6


@dataclass(frozen=True, slots=True)
class ScoreView:
    """Everything the panel draws, handed over in one piece after each save."""

    card: Scorecard
    questionnaire: Questionnaire
    targets_source: str
    current_practice: str | None = None


class ScorePanel(Widget):
    """Bars for overall, each function and each practice; redrawn after every saved change.

    Drawn line by line (Textual's line API): an answer changes three or four lines, and only
    those are parsed and redrawn, which keeps a key press well inside its 50 ms budget.
    """

    DEFAULT_CSS = """
    ScorePanel { height: auto; }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._view: ScoreView | None = None
        self._lines: list[str] = []
        self._strips: dict[int, Strip] = {}
        self._drawn_width = 0

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, self._restyle)  # once the new colours are in place

    def show(self, view: ScoreView) -> None:
        self._view = view
        self._redraw()

    def on_resize(self) -> None:
        self._redraw()

    def _restyle(self, _theme: Theme) -> None:
        self._strips.clear()
        self.refresh()

    def _redraw(self) -> None:
        if self._view is None:
            return
        width = self.content_size.width or 36
        lines = render_scores(self._view, width).split("\n")
        if len(lines) != len(self._lines) or width != self._drawn_width:
            self._lines, self._drawn_width = lines, width
            self._strips.clear()
            self.refresh(layout=True)
            return
        for y, (old, new) in enumerate(zip(self._lines, lines, strict=True)):
            if old != new:
                self._strips.pop(y, None)
                self.refresh(Region(0, y, self.size.width, 1))
        self._lines = lines

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self._lines)

    def render_line(self, y: int) -> Strip:
        if y >= len(self._lines):
            return Strip.blank(self.size.width)
        strip = self._strips.get(y)
        if strip is None:
            content = Content.from_markup(self._lines[y])
            strips = Visual.to_strips(self, content, self.size.width, 1, self.visual_style, pad=True)
            strip = strips[0] if strips else Strip.blank(self.size.width)
            self._strips[y] = strip
        return strip


class ScoreStrip(Static):
    """The scores in one line above the question, for screens too narrow for the panel."""

    def show(self, card: Scorecard, practice_id: str) -> None:
        ratio = card.percent_to_target
        to_target = "" if ratio is None else f" · {fmt_percent(ratio)} to target"
        current = card.practice(practice_id)
        target = "" if current.target is None else f"→{current.target:g}"
        counts = card.bsimm is not None  # BSIMM: the firm score and the practice's observed activities
        shown = fmt_count if counts else fmt
        self.update(
            f"{card.answered}/{card.total} · [b]{'firm score' if counts else 'overall'} {shown(card.overall)}[/]"
            f"{to_target} · {escape(current.id)} {shown(current.score)}{target} [$text-muted](s: scores)[/]",
            layout=False,  # one fixed line
        )


def render_scores(view: ScoreView, width: int) -> str:
    """The panel's markup for a given width (at least about 30 cells)."""
    card = view.card
    width = max(30, width)
    label_width = min(28, max(12, width - VALUE_WIDTH - SUFFIX_WIDTH - 2 - 8))
    bar_width = width - label_width - VALUE_WIDTH - SUFFIX_WIDTH - 2

    counts = card.bsimm is not None  # BSIMM: observed activities, a whole number out of the activities

    def row(label: str, score: float | None, maximum: float, target: float | None, suffix: str, style: str = "") -> str:
        name = escape(fit(label, label_width))
        if style:
            name = f"[{style}]{name}[/]"
        value = (fmt_count(score) if counts else fmt(score)).rjust(VALUE_WIDTH)
        return f"{name}{value} {bar(score, maximum, bar_width, target)} {escape(suffix).rjust(SUFFIX_WIDTH - 1)}"

    ratio = card.percent_to_target
    lines = [
        row("Firm score" if counts else "Overall", card.overall, card.maximum, None, f"/{card.maximum:g}", "b"),
        f"{fit('To target', label_width)}{fmt_percent(ratio).rjust(VALUE_WIDTH)}",
        f"[$text-muted]{escape(fit('Targets: ' + view.targets_source, width))}[/]",
        _progress_row(card.answered, card.total, label_width, bar_width),
        "",
    ]
    for function in card.functions:
        answered = sum(1 for p in function.practices for s in p.streams for a in s.activities if a.answer is not None)
        total = sum(len(s.activities) for p in function.practices for s in p.streams)
        lines.append(row(function.name, function.score, function.maximum, None, f"{answered}/{total}", "b $accent"))
        for practice in function.practices:
            suffix = "" if practice.target is None else f"→{practice.target:g}"
            if counts and practice.target is None:
                suffix = f"/{practice.maximum:g}"
            style = "reverse" if practice.id == view.current_practice else ""
            lines.append(row("  " + practice.name, practice.score, practice.maximum, practice.target, suffix, style))
    return "\n".join(lines)


def _progress_row(answered: int, total: int, label_width: int, bar_width: int) -> str:
    counts = f"{answered}/{total}"
    return (
        f"{fit('Answered', label_width)}{counts.rjust(VALUE_WIDTH)} "
        f"{bar(answered, total or 1, bar_width).replace('$primary', '$secondary')}"
    )
