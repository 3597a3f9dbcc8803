"""The workshop application: a start screen or a workshop on one answers file.

The app owns at most one :class:`assess.workshop.editing.Session` (and so one lock) at a
time and releases it when it ends, whichever way it ends.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
from collections.abc import Iterable
from pathlib import Path
from typing import ClassVar

from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen

from assess.core.model import Questionnaire
from assess.tui.commands import ActivityCommands
from assess.tui.screens.workshop import WorkshopScreen
from assess.workshop.editing import Session
from assess.workshop.locking import HEARTBEAT_EVERY

PALETTE = "commands: jump to an activity by id or words, targets, details, the PDF, themes"


class WorkshopApp(App[None]):
    """``assess`` (start screen) and ``assess workshop FILE`` (straight to the questions)."""

    CSS_PATH = "assess.tcss"
    TITLE = "assess"
    SUB_TITLE = "API security maturity workshop"
    COMMANDS = App.COMMANDS | {ActivityCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "quit", "Quit", show=False, priority=True, tooltip="quit (everything is already saved)"),
        Binding("ctrl+p", "command_palette", "palette", show=False, priority=True, tooltip=PALETTE),
    ]

    def __init__(
        self,
        session: Session | None = None,
        *,
        folder: Path | None = None,
        problem: tuple[str, str] | None = None,
        questionnaire: Questionnaire | None = None,
    ) -> None:
        super().__init__()
        self.session = session
        self.folder = folder or Path()
        self.problem = problem
        self.questionnaire = questionnaire
        """Chosen on the start screen for a new assessment (``assess workshop -q ID`` without a file)."""
        self.close_problem: str | None = None
        """What closing the session could not do (a lock file left in a folder gone read-only)."""

    def on_mount(self) -> None:
        if self.problem is not None:
            from assess.tui.screens.messages import ProblemScreen

            self.push_screen(ProblemScreen(*self.problem))
        elif self.session is not None:
            self.open_session(self.session)
        else:
            from assess.tui.screens.start import StartScreen

            self.push_screen(StartScreen(self.folder, self.questionnaire))
        self.set_interval(HEARTBEAT_EVERY, self._heartbeat)
        if not self.is_headless:
            self._end_cleanly_on_hang_up()

    def _end_cleanly_on_hang_up(self) -> None:
        """A closed terminal (SIGHUP) or a stopped browser tab (SIGTERM) ends the app as ctrl+q would.

        By default either signal kills the process at once, losing a note typed in the last half
        second and leaving the lock for the next workshop to judge stale.
        """
        loop = asyncio.get_running_loop()
        for name in ("SIGHUP", "SIGTERM"):
            number = getattr(signal, name, None)
            if number is not None:
                with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):  # not on every platform
                    loop.add_signal_handler(number, self._hang_up, number)

    def _hang_up(self, number: int) -> None:
        asyncio.get_running_loop().remove_signal_handler(number)  # a second one ends the process at once
        self.exit()

    def open_session(self, session: Session) -> None:
        """Show the workshop on ``session`` (replacing the start screen if it is showing)."""
        self.session = session
        screen = WorkshopScreen(session)
        if len(self.screen_stack) > 1:
            self.switch_screen(screen)
        else:
            self.push_screen(screen)
        if session.mismatch is not None:
            from assess.tui.screens.messages import MismatchScreen

            self.push_screen(MismatchScreen(session))

    def _heartbeat(self) -> None:
        if self.session is None:
            return
        was_read_only = self.session.read_only
        self.session.heartbeat()
        if self.session.read_only and not was_read_only:
            self.notify(
                f"Read-only from now on: {self.session.read_only_reason}", severity="error", timeout=30, markup=False
            )

    def _workshop(self) -> WorkshopScreen | None:
        for screen in reversed(self.screen_stack):
            if isinstance(screen, WorkshopScreen):
                return screen
        return None

    async def action_quit(self) -> None:
        workshop = self._workshop()
        if workshop is not None:
            workshop.flush_pending()
        self.exit()

    def close_session(self) -> None:
        """Release the session's file (twice is harmless); what could not be cleaned up is kept for the farewell."""
        if self.session is not None:
            self.close_problem = self.session.close() or self.close_problem

    def on_unmount(self) -> None:
        self.close_session()

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        if not isinstance(screen, WorkshopScreen):
            return
        yield SystemCommand("Targets", "Set a target per practice or apply a profile (t)", screen.action_targets)
        yield SystemCommand(
            "Roadmap", "The phased plan for the answers and targets as they stand (r)", screen.action_roadmap
        )
        yield SystemCommand(
            "Flag a finding", "Mark the current answer as a finding, critical to low (f)", screen.action_finding
        )
        yield SystemCommand(
            "Assessment details", "Team, scope, assessors, date and the estate (d)", screen.action_details
        )
        yield SystemCommand("Workshop keys", "Every key of the workshop (?)", screen.action_help)
        yield SystemCommand(
            "Export the PDF handout",
            f"Scorecard, charts and phased roadmap, written to {screen.session.path.with_suffix('.pdf').name} (p)",
            screen.action_export_pdf,
        )
        yield SystemCommand(
            "Next unanswered", "Jump to the next unanswered activity (space)", screen.action_next_unanswered
        )
        session = screen.session
        if session.mismatch is not None:
            yield SystemCommand(
                "Mismatches", "What in this file does not fit the questionnaire", screen.action_show_mismatch
            )
        if session.can_migrate:
            yield SystemCommand(
                "Migrate the answers to this version",
                f"Map the answers from {session.answers.version} onto {session.questionnaire.id} "
                f"{session.questionnaire.version} as the questionnaire declares; keeps every entry; undoable",
                screen.action_migrate,
            )
        if session.answers.version != session.questionnaire.version:
            yield SystemCommand(
                "Adopt the questionnaire's version",
                f"Mark the answers as written for {session.questionnaire.id} {session.questionnaire.version} "
                f"(now {session.answers.version}); keeps every entry; undoable",
                screen.action_adopt_version,
            )
