"""The help screen lists every key the workshop answers to, as the bindings declare them."""

from __future__ import annotations

import re
from pathlib import Path

from textual.binding import Binding

from assess.tui.screens.help import HelpScreen, key_display
from assess.tui.screens.workshop import WorkshopScreen
from assess.workshop.editing import Session
from tests.functional.workshop.conftest import screen_text, workshop_app
from tests.workshop_support import API_SAMM_PATH


def shows(text: str, binding: Binding) -> bool:
    """A line of the help names the binding's key and starts its sentence."""
    what = (binding.tooltip or binding.description)[:24]
    key = re.escape(key_display(binding))
    return any(re.search(rf"(^|\s|/ ){key}( |$)", line) and what in line for line in text.splitlines())


async def test_every_binding_of_the_workshop_is_in_the_help(tmp_path: Path) -> None:
    session = Session.open(tmp_path / "team.yaml", str(API_SAMM_PATH))
    app = workshop_app(session)
    async with app.run_test(size=(110, 80)) as pilot:
        screen = app.screen
        assert isinstance(screen, WorkshopScreen)
        bindings = set(Binding.make_bindings(WorkshopScreen.BINDINGS))
        # What is live with the focus on the options, the criteria and the navigator (their keys and the app's).
        for selector in ("#options", "#criteria", "#nav"):
            screen.set_focus(screen.query_one(selector))
            await pilot.pause()
            bindings |= {active.binding for active in screen.active_bindings.values()}
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(app)
        missing = [b for b in bindings if not b.system and not shows(text, b)]
        assert not missing, missing
        for group in ("Answering", "Moving", "Capturing", "Assessment"):
            assert re.search(rf"│  {group} +│", text), group
        await pilot.press("escape")
        assert app.screen is screen
    session.close()
