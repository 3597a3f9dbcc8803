"""Files that once crashed the workshop, hung it, or made it lie about what is saved.

Each case is driven through the command line (``assess workshop``) or the app (Pilot): a FIFO, a
dangling link, a link loop, values the writer cannot write back, a target of 1e308, a folder that
stops accepting writes, and a crash.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from assess.cli import main
from assess.tui.app import WorkshopApp
from assess.tui.launch import farewell
from assess.tui.screens.messages import MismatchScreen
from assess.tui.screens.targets import TargetsScreen
from assess.workshop.custody import SaveError
from assess.workshop.editing import Session
from tests.functional.workshop.conftest import answers_on_disk, screen_text, workshop_app
from tests.workshop_support import ODD_PATH, odd, write_answers

ODD = str(ODD_PATH)


def workshop(*args: str) -> subprocess.CompletedProcess[str]:
    """``assess workshop ...`` in a child process, so that a hang fails the test instead of stopping the suite."""
    assess = str(Path(sys.executable).with_name("assess"))
    return subprocess.run(
        [assess, "workshop", *args], capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL
    )


def test_a_fifo_is_refused_at_once_and_no_lock_is_left(tmp_path: Path) -> None:
    fifo = tmp_path / "team.yaml"
    os.mkfifo(fifo)
    result = workshop(str(fifo), "-q", ODD)
    assert result.returncode == 2
    assert result.stderr == f"{fifo}: is a FIFO, not a regular file; give an answers file\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["team.yaml"]


def test_a_dangling_link_is_refused_and_its_target_never_created(tmp_path: Path) -> None:
    target = tmp_path / "elsewhere" / "answers.yaml"
    (tmp_path / "elsewhere").mkdir()
    link = tmp_path / "team.yaml"
    link.symlink_to(target)
    result = CliRunner().invoke(main, ["workshop", str(link), "-q", ODD])
    assert result.exit_code == 2
    assert result.output == (
        f"{link}: is a symbolic link to {target}, which does not exist; the workshop creates no file through a "
        "link: give the path of the file itself\n"
    )
    assert not target.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["elsewhere", "team.yaml"]
    assert list((tmp_path / "elsewhere").iterdir()) == []


def test_a_link_loop_is_one_line_not_a_traceback(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").symlink_to("b.yaml")
    (tmp_path / "b.yaml").symlink_to("a.yaml")
    result = CliRunner().invoke(main, ["workshop", str(tmp_path / "a.yaml"), "-q", ODD])
    assert result.exit_code == 2
    loop = tmp_path / "a.yaml"
    assert result.output == f"{loop}: is a symbolic link loop; give the path of the answers file itself\n"


def test_a_timestamp_past_the_end_of_time_in_utc_never_ends_in_all_saved(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``9999-12-31T23:59:59-05:00`` is past year 9999 in UTC: refused at open if the writer cannot write it back."""
    path = tmp_path / "team.yaml"
    path.write_text(
        "format: 1\nquestionnaire: odd-shapes\nversion: 0.3.1\nanswers:\n"
        "  one-1:\n    answer: much\n    at: 9999-12-31T23:59:59-05:00\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(WorkshopApp, "run", lambda app: app.session.choose("one-3", "yep"))  # type: ignore[union-attr]
    result = CliRunner().invoke(main, ["workshop", str(path), "-q", ODD])
    assert "Traceback" not in result.output
    if result.exit_code == 2:  # the writer cannot write it: said before the workshop starts, with its line
        assert result.output.startswith(f"{path}:5:3: answers.one-1: cannot be written back (OverflowError")
    else:  # the writer can: the answer is saved and the timestamp kept
        assert result.exit_code == 0, result.output
        assert answers_on_disk(path)["one-3"] == "yep"


def test_a_target_of_1e308_is_refused_with_its_line_rather_than_crashing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Written back, 1e308 becomes a 309-digit integer that assess refuses to read: refused at open, located."""
    path = tmp_path / "team.yaml"
    path.write_text("format: 1\nquestionnaire: api-samm\nversion: 1.0.0\ntargets: {G-SM: 1e308}\n", encoding="utf-8")
    monkeypatch.setattr(WorkshopApp, "run", lambda app: app.session.choose("G-SM-A-1", "none"))  # type: ignore[union-attr]
    result = CliRunner().invoke(main, ["workshop", str(path)])
    assert "Traceback" not in result.output
    if result.exit_code == 2:  # the writer cannot write it so that it reads back
        assert result.output.startswith(f"{path}:4:1: targets: once saved, it would not read back (")
    else:  # the writer can: the answer is saved and the file still reads
        assert result.exit_code == 0, result.output
        assert answers_on_disk(path)["G-SM-A-1"] == "none"


async def test_a_target_far_beyond_the_scale_draws_and_steps_from_the_top(tmp_path: Path) -> None:
    path = tmp_path / "team.yaml"
    path.write_text("format: 1\nquestionnaire: api-samm\nversion: 1.0.0\ntargets: {G-SM: 1e15}\n", encoding="utf-8")
    session = Session.open(path)
    app = workshop_app(session)
    async with app.run_test(size=(120, 36)) as pilot:
        assert isinstance(app.screen, MismatchScreen)  # which says the target is out of range
        await pilot.press("escape", "2")
        assert "G-SM-A-1" in answers_on_disk(path)
        await pilot.press("t")
        assert isinstance(app.screen, TargetsScreen)
        await pilot.press("minus")  # the cursor starts on G-SM: one step down from the top of its scale
        assert session.answers.targets["G-SM"] == 2.5
        await pilot.press("escape")
        assert app.return_code is None
    session.close()


async def test_a_failed_save_says_not_saved_until_a_save_succeeds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_answers(tmp_path / "team.yaml", odd(), {})
    session = Session.open(path, ODD)
    app = workshop_app(session)

    def read_only_folder(*_: object) -> None:
        raise PermissionError(1, "Operation not permitted", str(tmp_path / ".team.yaml.tmp"))

    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("2")
        assert screen_text(app).splitlines()[0].endswith("✓ saved 10:30:00")
        with monkeypatch.context() as folder_gone_read_only:
            folder_gone_read_only.setattr("assess.workshop.custody.save_answers", read_only_folder)
            await pilot.press("2")  # not saved: the screen stays on the question
            status = screen_text(app).splitlines()[0]
            assert status.endswith("✗ NOT SAVED team.yaml not written: Operation not permitted")
            await pilot.press("e", *"said but not saved", "escape")
            assert "NOT SAVED" in screen_text(app).splitlines()[0]  # still: typing on does not hide it
            assert "all saved" not in farewell(session)
            assert farewell(session).startswith(f"{path}: 1/10 answered in the file; the last change was NOT saved")
        await pilot.press("e", "escape")  # leaving the note saves it: the folder takes writes again
        assert answers_on_disk(path)["one-3"] == {"answer": None, "note": "said but not saved"}
        assert screen_text(app).splitlines()[0].endswith("✓ saved 10:30:00")
    session.close()
    assert "all saved" in farewell(session)


async def test_a_note_being_typed_is_said_to_be_not_saved_yet(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("assess.tui.widgets.notes.NOTE_SAVE_DELAY", 60)  # no autosave during the test
    path = write_answers(tmp_path / "team.yaml", odd(), {})
    session = Session.open(path, ODD)
    app = workshop_app(session)
    async with app.run_test(size=(100, 30)) as pilot:
        assert screen_text(app).splitlines()[0].endswith("✓ on disk")
        await pilot.press("e", *"half a sentence")
        await pilot.pause()
        assert screen_text(app).splitlines()[0].endswith("✎ typed, not saved yet")
        await pilot.press("escape")
        await pilot.pause()
        assert screen_text(app).splitlines()[0].endswith("✓ saved 10:30:00")
    session.close()


async def test_quitting_after_the_folder_went_read_only_ends_cleanly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_answers(tmp_path / "team.yaml", odd(), {})
    session = Session.open(path, ODD)
    app = workshop_app(session)

    def refuse(*_: object) -> None:
        raise PermissionError(1, "Operation not permitted")

    with monkeypatch.context() as read_only:
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press("2")
            read_only.setattr("assess.workshop.custody.save_answers", refuse)
            read_only.setattr(Path, "unlink", refuse)  # the lock file cannot be removed either
            await pilot.press("e", *"typed last", "ctrl+q")
        app.close_session()
    line = farewell(session, leftover=app.close_problem)
    assert "all saved" not in line
    assert line.endswith("; its lock file team.yaml.lock could not be removed (Operation not permitted)")


def test_a_workshop_that_stopped_on_an_error_exits_non_zero_and_never_says_all_saved(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(WorkshopApp, "run", lambda app: app.exit(return_code=1))  # as Textual ends a crashed app
    result = CliRunner().invoke(main, ["workshop", str(tmp_path / "team.yaml"), "-q", ODD])
    assert result.exit_code == 1
    assert "all saved" not in result.output
    assert "stopped on an unexpected error" in result.output


def test_a_failed_save_raises_the_custodys_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    session = Session.open(write_answers(tmp_path / "team.yaml", odd(), {}), ODD, lock=False)
    monkeypatch.setattr("assess.workshop.custody.save_answers", lambda *_: (_ for _ in ()).throw(OSError(28, "full")))
    with pytest.raises(SaveError):
        session.choose("one-1", "much")
