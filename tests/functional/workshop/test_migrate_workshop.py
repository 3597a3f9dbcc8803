"""The workshop offers a declared migration when it opens an answers file for an older version."""

from __future__ import annotations

import shutil
from pathlib import Path

from assess.files.loading import load_answers
from assess.tui.screens.messages import MismatchScreen
from assess.workshop.editing import Session
from tests.functional.workshop.conftest import screen_text, workshop_app

OLD_EXAMPLE = Path(__file__).resolve().parents[2] / "data" / "v1.0.0" / "examples" / "partner-api.yaml"


def old_copy(tmp_path: Path) -> Path:
    path = tmp_path / "partner.yaml"
    shutil.copyfile(OLD_EXAMPLE, path)
    return path


def test_the_session_migrates_on_request_and_undo_puts_the_old_file_back(tmp_path: Path) -> None:
    path = old_copy(tmp_path)
    session = Session.open(path)
    try:
        assert session.can_migrate and session.mismatch is not None
        assert load_answers(path).version == "1.0.0"  # opening changes nothing
        session.migrate()
        assert load_answers(path).version == "1.1.0"
        assert session.mismatch is None and not session.can_migrate
        assert session.answers.chosen("G-SM-A-1") == "half"
        assert session.undo() is not None
        assert load_answers(path).version == "1.0.0"
        assert session.can_migrate and session.mismatch is not None
    finally:
        session.close()


async def test_the_mismatch_screen_offers_the_migration_and_the_palette_runs_it(tmp_path: Path) -> None:
    path = old_copy(tmp_path)
    session = Session.open(path)
    app = workshop_app(session)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, MismatchScreen)
        text = " ".join(screen_text(app).split())
        assert "Migrate the answers to this version" in text
        await pilot.press("enter")
        await pilot.press("ctrl+p")
        await pilot.press(*"Migrate the answers")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert load_answers(path).version == "1.1.0"
        assert "mismatches" not in screen_text(app)
    session.close()
