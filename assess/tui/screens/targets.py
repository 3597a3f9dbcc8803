"""Targets: one per practice, typed or taken from a profile, with the gap and percent to target.

The targets are stored in the answers file (saved at each change, undoable from
the workshop). Until the file has targets of its own, the questionnaire's default
profile is shown; the first change writes a full set.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Select, Static

from assess.core.display import fmt, fmt_percent
from assess.tui.bars import bar, escape
from assess.tui.theme import rich_markup
from assess.workshop.custody import NotSavedError
from assess.workshop.editing import Session

STEP = 0.5


class TargetsTable(DataTable[str | Text]):
    """One row per practice."""


class TargetsScreen(Screen[None]):
    """Set a target per practice, or apply a questionnaire profile."""

    BINDINGS = [
        Binding("escape,t", "close", "Back"),
        Binding("0", "set_target(0)", "Set 0-3", key_display="0-3"),
        *[Binding(str(n), f"set_target({n})", show=False) for n in (1, 2, 3)],
        Binding("plus,equals_sign,right", f"step({STEP})", "+½", key_display="+"),
        Binding("minus,left", f"step({-STEP})", "-½", key_display="-"),
        Binding("x,delete", "remove", "No target"),
        Binding("p", "focus_profile", "Profile"),
    ]

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session

    def compose(self) -> ComposeResult:
        yield Static(id="targets-title")
        with Horizontal(id="profile-row"):
            yield Static("Apply a profile ([b]p[/]): ", id="profile-label")
            q = self.session.questionnaire
            yield Select(
                [(escape(f"{name} – {profile.title or name}"), name) for name, profile in q.profiles.items()],
                prompt="choose a profile",
                id="profile",
                allow_blank=True,
            )
        yield TargetsTable(id="targets", cursor_type="row", zebra_stripes=True)
        yield Static(id="profile-rationale")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(TargetsTable)
        for key, label in (
            ("practice", "Practice"),
            ("score", "Score"),
            ("target", "Target"),
            ("gap", "Gap"),
            ("pct", "To target"),
            ("bar", "Score against target"),
        ):
            table.add_column(label, key=key)
        self._refresh()
        table.focus()

    def _refresh(self) -> None:
        card = self.session.scorecard()
        source = self.session.effective_targets().label
        table = self.query_one(TargetsTable)
        row = table.cursor_row
        table.clear()
        for practice in card.practices:
            table.add_row(
                Text(f"{practice.id}  {practice.name}"),  # plain text: DataTable reads strings as Rich markup
                fmt(practice.score),
                "–" if practice.target is None else f"{practice.target:g}",
                fmt(practice.gap),
                fmt_percent(practice.percent_to_target),
                rich_markup(self.app, bar(practice.score, practice.maximum, 24, practice.target)),
                key=practice.id,
            )
        table.move_cursor(row=min(row, len(card.practices) - 1))
        overall = card.percent_to_target
        pending = "" if self.session.answers.targets else " (not in the file yet: the first change saves them)"
        self.query_one("#targets-title", Static).update(
            f"[b]Targets[/] · {escape(source)}{pending} · overall "
            f"{fmt_percent(overall)} to target · gaps sum to "
            f"{fmt(card.total_gap)}"
        )

    def _practice_id(self) -> str | None:
        table = self.query_one(TargetsTable)
        if table.row_count == 0:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return key

    def _save(self, targets: dict[str, float]) -> bool:
        try:
            self.session.set_targets(targets)
        except (ValueError, NotSavedError) as error:
            self.notify(f"Not saved: {error}", severity="error", timeout=8, markup=False)
            return False
        self._refresh()
        return True

    def action_set_target(self, value: float) -> None:
        practice_id = self._practice_id()
        if practice_id is None:
            return
        maximum = self.session.scorecard().practice(practice_id).maximum
        targets = dict(self.session.effective_targets().values)
        targets[practice_id] = min(float(value), maximum)
        self._save(targets)

    def action_step(self, delta: float) -> None:
        practice_id = self._practice_id()
        if practice_id is None:
            return
        maximum = self.session.scorecard().practice(practice_id).maximum
        targets = dict(self.session.effective_targets().values)
        current = max(
            0.0, min(maximum, targets.get(practice_id, 0.0))
        )  # a file's out-of-range target steps from the end
        targets[practice_id] = max(0.0, min(maximum, round((current + delta) / STEP) * STEP))
        self._save(targets)

    def action_remove(self) -> None:
        practice_id = self._practice_id()
        if practice_id is None:
            return
        targets = dict(self.session.effective_targets().values)
        if targets.pop(practice_id, None) is not None and self._save(targets) and not targets:
            source = self.session.effective_targets().label
            self.notify(f"The file has no targets left, so the scores are measured against {source}.")

    def action_focus_profile(self) -> None:
        self.query_one("#profile", Select).focus()

    def action_close(self) -> None:
        self.dismiss(None)

    @on(Select.Changed, "#profile")
    def _profile_chosen(self, event: Select.Changed) -> None:
        if not isinstance(event.value, str):
            return
        name = event.value
        select = event.select
        with select.prevent(Select.Changed):
            select.clear()  # a chooser, not a state: the same profile can be applied again after edits
        self.query_one(TargetsTable).focus()
        profile = self.session.questionnaire.profiles[name]
        if not self._save(dict(profile.targets)):
            return
        self.query_one("#profile-rationale", Static).update(
            f"[b]{escape(profile.title or name)}[/]: {escape(profile.rationale or '')}"
        )
        self.notify(f"Profile {name} applied to every practice.")
