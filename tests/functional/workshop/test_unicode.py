"""Text typed in the workshop is written to the answers file as typed (UTF-8 as UTF-8)."""

from __future__ import annotations

from pathlib import Path

from assess.workshop.editing import Session
from tests.functional.workshop.conftest import workshop_app
from tests.workshop_support import ODD_PATH, odd, write_answers


async def test_emoji_in_a_note_are_written_as_themselves(tmp_path: Path) -> None:
    path = write_answers(tmp_path / "team.yaml", odd(), {})
    session = Session.open(path, str(ODD_PATH))
    app = workshop_app(session)
    async with app.run_test() as pilot:
        await pilot.press("e", *"launch 🚀 done", "escape")
    session.close()
    text = path.read_text(encoding="utf-8")
    assert "note: launch 🚀 done" in text
    assert "\\U" not in text
