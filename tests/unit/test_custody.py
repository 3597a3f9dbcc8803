"""File custody without a screen: open or create, the lock, read-only states, links and folders."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from assess.core.model import Answers, Questionnaire
from assess.core.problems import InputError
from assess.workshop.custody import ReadOnlyError, SaveError, new_answers
from assess.workshop.editing import Session
from assess.workshop.locking import LockedError, lock_path
from tests.workshop_support import ODD_PATH, odd, write_answers


@pytest.fixture(scope="module")
def q() -> Questionnaire:
    return odd()


def on_disk(path: Path) -> dict[str, object]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def test_a_missing_file_is_created_at_once_with_the_team_named_after_it(tmp_path: Path) -> None:
    path = tmp_path / "payments-api.yaml"
    session = Session.open(path, str(ODD_PATH), today=dt.date(2026, 11, 29))
    try:
        data = on_disk(path)
        assert data["questionnaire"] == "odd-shapes"
        assert data["version"] == "0.3.1"
        assert data["team"] == "payments-api"
        assert data["date"] == dt.date(2026, 11, 29)
        assert session.created
        assert session.start_index() == 0
    finally:
        session.close()
    assert not lock_path(path).exists()


def test_a_file_for_another_questionnaire_is_refused(tmp_path: Path) -> None:
    from tests.workshop_support import api_samm

    path = write_answers(tmp_path / "a.yaml", api_samm(), {})
    with pytest.raises(InputError, match="odd-shapes"):
        Session.open(path, str(ODD_PATH), lock=False)


def test_a_broken_file_is_refused_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text("format: 1\nquestionnaire: odd-shapes\nversion: 0.3.1\nanswers: [\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        Session.open(path, str(ODD_PATH), lock=False)
    assert "a.yaml:" in str(caught.value.problems[0])


def test_a_second_session_on_the_same_file_is_refused(tmp_path: Path, q: Questionnaire) -> None:
    path = write_answers(tmp_path / "a.yaml", q, {})
    first = Session.open(path, str(ODD_PATH))
    try:
        with pytest.raises(LockedError, match="already open in another workshop"):
            Session.open(path, str(ODD_PATH))
    finally:
        first.close()
    Session.open(path, str(ODD_PATH)).close()


def test_a_session_whose_lock_was_taken_goes_read_only_without_writing(tmp_path: Path, q: Questionnaire) -> None:
    path = write_answers(tmp_path / "a.yaml", q, {})
    session = Session.open(path, str(ODD_PATH))
    lock_path(path).unlink()
    before = path.read_bytes()
    with pytest.raises(ReadOnlyError):
        session.choose("one-1", "some")
    assert path.read_bytes() == before
    assert session.read_only
    with pytest.raises(ReadOnlyError):
        session.set_note("one-1", "x")
    session.close()


def test_a_file_changed_by_another_program_is_never_overwritten(tmp_path: Path, q: Questionnaire) -> None:
    path = write_answers(tmp_path / "a.yaml", q, {})
    session = Session.open(path, str(ODD_PATH), lock=False)
    session.choose("one-1", "some")
    edited = path.read_text(encoding="utf-8").replace("some", "much") + "# edited by hand\n"
    path.write_text(edited, encoding="utf-8")
    with pytest.raises(ReadOnlyError, match="changed on disk by another program"):
        session.choose("one-3", "yep")
    assert path.read_text(encoding="utf-8") == edited
    assert session.read_only


def test_a_failed_save_changes_nothing(tmp_path: Path, q: Questionnaire, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write_answers(tmp_path / "a.yaml", q, {})
    session = Session.open(path, str(ODD_PATH), lock=False)

    def full_disk(*_: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("assess.workshop.custody.save_answers", full_disk)
    with pytest.raises(SaveError, match="No space"):
        session.choose("one-1", "some")
    assert not session.is_answered("one-1")
    assert session.undo_stack == []
    assert session.unsaved_reason == "a.yaml not written: No space left on device"  # until a save succeeds
    monkeypatch.undo()
    session.choose("one-1", "some")
    assert session.unsaved_reason is None
    assert on_disk(path)["answers"] == {"one-1": "some"}


def test_any_failure_of_the_writer_is_a_failed_save_not_a_crash(
    tmp_path: Path, q: Questionnaire, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_answers(tmp_path / "a.yaml", q, {})
    before = path.read_bytes()
    session = Session.open(path, str(ODD_PATH), lock=False)

    def overflow(*_: object) -> None:
        raise OverflowError("date value out of range")

    monkeypatch.setattr("assess.workshop.custody.save_answers", overflow)
    with pytest.raises(SaveError, match="OverflowError: date value out of range"):
        session.set_note("one-1", "kept on screen only")
    assert path.read_bytes() == before


def test_a_file_the_writer_cannot_write_back_is_refused_at_open_with_its_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every save writes the whole file: one value the writer refuses would make every save fail."""
    from assess.files.saving import dump_answers

    path = tmp_path / "a.yaml"
    path.write_text(
        "format: 1\nquestionnaire: odd-shapes\nversion: 0.3.1\nanswers:\n  one-1: much\n"
        "  one-3:\n    answer: yep\n    note: the writer refuses this\n",
        encoding="utf-8",
    )

    def refusing(answers: Answers) -> str:
        if any(entry.note == "the writer refuses this" for entry in answers.answers.values()):
            raise OverflowError("date value out of range")
        return dump_answers(answers)

    monkeypatch.setattr("assess.workshop.custody.dump_answers", refusing)
    with pytest.raises(InputError) as caught:
        Session.open(path, str(ODD_PATH))
    (problem,) = caught.value.problems
    assert (problem.line, problem.where) == (6, "answers.one-3")
    assert problem.what.startswith("cannot be written back (OverflowError: date value out of range)")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.yaml"]  # no lock left behind


def test_a_folder_that_cannot_hold_the_lock_file_is_one_clear_problem(
    tmp_path: Path, q: Questionnaire, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_answers(tmp_path / "a.yaml", q, {})

    def read_only_folder(*_: object) -> bool:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("assess.workshop.locking._create_exclusive", read_only_folder)
    for opening in (
        lambda: Session.open(path, str(ODD_PATH)),
        lambda: Session.open(tmp_path / "new.yaml", str(ODD_PATH)),
    ):
        with pytest.raises(InputError) as caught:
            opening()
        (problem,) = caught.value.problems
        assert "cannot create its lock file" in str(problem)
        assert "Permission denied" in str(problem)
    assert not (tmp_path / "new.yaml").exists()


def test_a_refused_file_leaves_no_lock_behind(tmp_path: Path) -> None:
    from tests.workshop_support import api_samm

    other = write_answers(tmp_path / "other.yaml", api_samm(), {})
    with pytest.raises(InputError):
        Session.open(other, str(ODD_PATH))
    existing = write_answers(tmp_path / "a.yaml", odd(), {})
    with pytest.raises(InputError, match="already exists"):
        Session.create(existing, odd(), odd_answers())
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.yaml", "other.yaml"]


def odd_answers() -> Answers:
    return new_answers(odd(), team="x")


def test_a_heartbeat_that_cannot_reach_the_folder_is_tried_again_later(
    tmp_path: Path, q: Questionnaire, monkeypatch: pytest.MonkeyPatch
) -> None:
    session = Session.open(write_answers(tmp_path / "a.yaml", q, {}), str(ODD_PATH))

    def unreachable() -> None:
        raise OSError(5, "Input/output error")

    assert session.custody.lock is not None
    monkeypatch.setattr(session.custody.lock, "heartbeat", unreachable)
    session.heartbeat()  # no exception: the app's timer must not crash the workshop
    assert not session.read_only
    monkeypatch.undo()
    session.close()


def test_a_linked_answers_file_is_saved_and_locked_through_its_link(tmp_path: Path, q: Questionnaire) -> None:
    real = write_answers(tmp_path / "real.yaml", q, {})
    link = tmp_path / "link.yaml"
    link.symlink_to(real.name)
    session = Session.open(link, str(ODD_PATH))
    try:
        session.choose("one-1", "some")
        assert link.is_symlink()
        assert on_disk(real)["answers"] == {"one-1": "some"}
        with pytest.raises(LockedError):
            Session.open(real, str(ODD_PATH))
    finally:
        session.close()


def test_a_folder_is_refused_before_any_lock_is_taken(tmp_path: Path) -> None:
    folder = tmp_path / "answers"
    folder.mkdir()
    with pytest.raises(InputError, match="is a folder"):
        Session.open(folder)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["answers"]
