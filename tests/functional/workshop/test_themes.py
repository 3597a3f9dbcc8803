"""Every Textual theme works: the workshop answers and redraws under each one, and each screen opens.

The ANSI themes name their colours ``ansi_green``, which Rich refuses; the navigator's labels
once took that name as it was, hid themselves and ended the app at the next answer.
"""

from __future__ import annotations

from pathlib import Path

from rich.style import Style
from rich.text import Text
from textual.command import CommandPalette
from textual.screen import Screen

from assess.tui.app import WorkshopApp
from assess.tui.bars import bar
from assess.tui.screens.details import DetailsScreen
from assess.tui.screens.help import HelpScreen
from assess.tui.screens.messages import MismatchScreen, ProblemScreen
from assess.tui.screens.start import StartScreen
from assess.tui.screens.targets import TargetsScreen
from assess.tui.screens.workshop import WorkshopScreen
from assess.tui.theme import rich_markup, style
from assess.workshop.editing import Session
from tests.functional.workshop.conftest import screen_text, workshop_app
from tests.workshop_support import api_samm, write_answers

ANSI = "ansi-dark"


async def test_every_theme_answers_and_draws_the_navigator(tmp_path: Path) -> None:
    session = Session.open(write_answers(tmp_path / "team.yaml", api_samm(), {}))
    app = workshop_app(session)
    async with app.run_test(size=(100, 30)) as pilot:
        themes = sorted(app.available_themes)
        assert ANSI in themes
        for number, theme in enumerate(themes):
            app.theme = theme
            await pilot.pause()
            await pilot.press("2")  # an answer relabels the navigator in the theme's colours
            assert session.answers.chosen(session.activities[number].id) is not None, theme
            assert isinstance(app.screen, WorkshopScreen), theme
            assert "Governance" in screen_text(app), theme  # the navigator is drawn
        assert app.return_code is None  # nothing ended the app
    session.close()


async def test_every_screen_opens_under_an_ansi_theme(tmp_path: Path) -> None:
    path = write_answers(tmp_path / "team.yaml", api_samm(), {}, version="0.9.0")  # an older version: mismatches
    session = Session.open(path)
    app = workshop_app(session)
    opened: list[type[Screen[object]]] = []
    async with app.run_test(size=(100, 30)) as pilot:
        app.theme = ANSI
        await pilot.press("escape", "2")  # past the mismatches, one answer
        workshop = app.screen
        for keys, kind in (("question_mark", HelpScreen), ("t", TargetsScreen), ("d", DetailsScreen)):
            await pilot.press(keys)
            assert isinstance(app.screen, kind)
            assert screen_text(app).strip()
            opened.append(kind)
            await pilot.press("escape")
        workshop.action_show_mismatch()  # type: ignore[attr-defined]
        await pilot.pause()
        assert isinstance(app.screen, MismatchScreen)
        await pilot.press("escape", "ctrl+p")
        assert isinstance(app.screen, CommandPalette)
        await pilot.press("escape")
        assert app.screen is workshop and app.return_code is None
    session.close()
    assert opened == [HelpScreen, TargetsScreen, DetailsScreen]
    for other in (workshop_app(folder=tmp_path), workshop_app(problem=("Cannot open", "team.yaml: broken"))):
        async with other.run_test(size=(100, 30)) as pilot:
            other.theme = ANSI
            await pilot.pause()
            assert isinstance(other.screen, StartScreen | ProblemScreen)
            assert screen_text(other).strip() and other.return_code is None


def test_every_theme_gives_rich_colours_for_the_labels_and_bars() -> None:
    """The Rich-text paths (navigator labels, the targets table's bars) for every theme, without drawing."""
    app = WorkshopApp()
    for theme in sorted(app.available_themes):
        app.theme = theme
        app.get_css_variables()
        for name in ("accent", "success", "warning", "muted", "error", "primary"):
            assert isinstance(style(app, name), Style), (theme, name)
        for target in (None, 1.0):
            Text.from_markup(rich_markup(app, bar(1.0, 3.0, 24, target)))  # raises on a colour Rich refuses
