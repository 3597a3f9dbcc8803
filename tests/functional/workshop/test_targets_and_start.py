"""The targets screen and the start screen of bare ``assess``."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from assess.tui.screens.start import StartScreen
from assess.tui.screens.targets import TargetsScreen
from assess.tui.screens.workshop import WorkshopScreen
from assess.workshop.editing import Session
from tests.functional.workshop.conftest import on_disk, screen_text, wait_for, workshop_app
from tests.workshop_support import ODD_PATH, api_samm, first_options, odd, write_answers

ODD = str(ODD_PATH)


async def test_targets_are_set_per_practice_and_saved(tmp_path: Path) -> None:
    path = tmp_path / "team.yaml"
    session = Session.open(path, ODD)
    app = workshop_app(session)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("t")
        await pilot.pause()
        assert isinstance(app.screen, TargetsScreen)
        await pilot.press("2")  # first row: P-ONE
        assert on_disk(path)["targets"] == {"P-ONE": 2}
        await pilot.press("down", "plus", "plus", "plus")
        assert on_disk(path)["targets"] == {"P-ONE": 2, "P-THREE": 1.5}
        await pilot.press("minus")
        assert on_disk(path)["targets"] == {"P-ONE": 2, "P-THREE": 1}
        await pilot.press("up", "3")  # P-ONE tops out at 2: a target above the highest score is capped
        assert on_disk(path)["targets"] == {"P-ONE": 2, "P-THREE": 1}
        await pilot.press("down", "down", "1")
        assert on_disk(path)["targets"] == {"P-ONE": 2, "P-THREE": 1, "P-TWO": 1}
        await pilot.press("x")
        assert on_disk(path)["targets"] == {"P-ONE": 2, "P-THREE": 1}
        text = screen_text(app)
        assert "gaps sum to 3.00" in text
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, WorkshopScreen)
        assert "→2" in screen_text(app) or "/2" in screen_text(app)
        await pilot.press("u")  # undo reaches target changes too
        assert on_disk(path)["targets"] == {"P-ONE": 2, "P-THREE": 1, "P-TWO": 1}
    session.close()


async def test_a_profile_is_applied_from_the_targets_screen(tmp_path: Path) -> None:
    q = api_samm()
    path = write_answers(tmp_path / "team.yaml", q, first_options(q, 3))
    session = Session.open(path)
    app = workshop_app(session)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("t")
        await pilot.pause()
        text = screen_text(app)
        assert "profile public (default)" in text
        assert "targets" not in on_disk(path)
        await pilot.press("p", "enter")
        await pilot.pause()
        await pilot.press("down", "down", "down", "enter")  # blank, internal, public, regulated-financial
        await pilot.pause()
        assert on_disk(path)["targets"] == dict(q.profiles["regulated-financial"].targets)
        assert "set in this file" in screen_text(app)
    session.close()


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A workshop folder with a questionnaire of its own in ./questionnaires/."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "questionnaires").mkdir()
    shutil.copy(ODD_PATH, tmp_path / "questionnaires" / "odd-shapes.yaml")
    return tmp_path


async def test_the_start_screen_lists_questionnaires_and_files_to_resume(folder: Path) -> None:
    q = odd()
    write_answers(folder / "payments.yaml", q, {"one-1": "some", "one-3": "yep"}, date="2026-11-01")
    (folder / "notes.yaml").write_text("just: some yaml\n", encoding="utf-8")
    app = workshop_app(folder=folder)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, StartScreen)
        text = screen_text(app)
        assert "api-samm" in text
        assert "API Security Maturity Assessment" in text
        assert "Odd shapes test questionnaire" in text  # from ./questionnaires/
        assert "payments.yaml" in text
        assert "2/10" in text
        assert "2026-11-01" in text
        assert "notes.yaml" not in text
        await pilot.press("r", "enter")  # resume the highlighted file
        await wait_for(pilot, lambda: isinstance(app.screen, WorkshopScreen))
        screen = app.screen
        assert isinstance(screen, WorkshopScreen)
        assert screen.activity.id == "three-a-1"
        await pilot.press("2")
        assert on_disk(folder / "payments.yaml")["answers"] == {"one-1": "some", "one-3": "yep", "three-a-1": "yep"}
    app.close_session()
    assert not (folder / "payments.yaml.lock").exists()


async def test_a_new_assessment_is_validated_then_created_and_opened(folder: Path) -> None:
    app = workshop_app(folder=folder)
    async with app.run_test(size=(120, 45)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, StartScreen)
        screen.query_one("#date").value = "29/11/2026"  # type: ignore[attr-defined]
        await pilot.press("ctrl+n", "enter")
        await pilot.pause()
        text = screen_text(app)
        assert "team: the team is required" in text
        assert "date: write the date as YYYY-MM-DD" in text
        assert not list(folder.glob("*.yaml"))
        await pilot.press(*"Payments API")
        screen.query_one("#date").value = "2026-11-29"  # type: ignore[attr-defined]
        screen.query_one("#assessors").value = "Ana, Ben"  # type: ignore[attr-defined]
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, WorkshopScreen))
        data = on_disk(folder / "payments-api.yaml")
        assert data["questionnaire"] == "api-samm"
        assert data["team"] == "Payments API"
        assert data["assessors"] == ["Ana", "Ben"]
        assert data["date"] == dt.date(2026, 11, 29)
        assert (folder / "payments-api.yaml.lock").exists()
    app.close_session()


async def test_the_start_screen_refuses_a_file_open_in_another_workshop(folder: Path) -> None:
    path = write_answers(folder / "payments.yaml", odd(), {})
    other = Session.open(path, ODD)
    app = workshop_app(folder=folder)
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.press("r", "enter")
            await pilot.pause()
            assert isinstance(app.screen, StartScreen)
            assert any("already open in another workshop" in n.message for n in app._notifications)
    finally:
        other.close()


async def test_the_start_screen_shows_team_names_as_typed(folder: Path) -> None:
    write_answers(folder / "ops.yaml", odd(), {}, team="Ops [eu] \\\\ C:\\x")
    app = workshop_app(folder=folder)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert "Ops [eu] \\\\ C:\\x" in screen_text(app)


async def test_a_profile_can_be_applied_again_after_a_target_was_changed(tmp_path: Path) -> None:
    q = api_samm()
    path = write_answers(tmp_path / "team.yaml", q, {})
    session = Session.open(path)
    public = dict(q.profiles["public"].targets)
    app = workshop_app(session)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("t")
        await pilot.pause()
        for _ in range(2):
            await pilot.press("p", "enter")
            await pilot.pause()
            await pilot.press("down", "down", "enter")  # blank, internal, public
            await pilot.pause()
            assert on_disk(path)["targets"] == public
            await pilot.press("0")  # the first practice's target, changed by hand
            assert on_disk(path)["targets"] != public
    session.close()


async def test_removing_the_last_target_says_which_targets_apply_then(tmp_path: Path) -> None:
    q = api_samm()
    path = write_answers(tmp_path / "team.yaml", q, {}, targets={"G-SM": 2})
    session = Session.open(path)
    app = workshop_app(session)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("t")
        await pilot.pause()
        await pilot.press("x")
        assert "targets" not in on_disk(path)
        messages = [n.message for n in app._notifications]
        assert any("no targets left" in m and "profile public (default)" in m for m in messages), messages
    session.close()


async def test_leaving_the_targets_unchanged_claims_no_save(tmp_path: Path) -> None:
    path = write_answers(tmp_path / "team.yaml", odd(), {})
    session = Session.open(path, ODD)
    app = workshop_app(session)
    async with app.run_test(size=(100, 30)) as pilot:
        before = path.stat().st_mtime_ns
        await pilot.press("t")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, WorkshopScreen)
        assert "✓ on disk" in screen_text(app)
        assert "saved" not in screen_text(app).splitlines()[0]
        assert path.stat().st_mtime_ns == before
    session.close()


async def test_a_questionnaire_given_on_the_command_line_is_the_one_a_new_assessment_answers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # no ./questionnaires/ here: the given one is listed all the same
    app = workshop_app(folder=tmp_path, questionnaire=odd())
    async with app.run_test(size=(120, 45)) as pilot:
        await pilot.pause()
        assert "Odd shapes test questionnaire" in screen_text(app)
        await pilot.press("ctrl+n", *"Payments", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, WorkshopScreen))
        assert on_disk(tmp_path / "payments.yaml")["questionnaire"] == "odd-shapes"
    app.close_session()
