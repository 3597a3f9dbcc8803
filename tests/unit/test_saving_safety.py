"""Saving never harms the file it replaces: owner, group and mode kept, read-only and oversized refused, no litter."""

from __future__ import annotations

import grp
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from assess.core.model import AnswerEntry
from assess.core.model.limits import MAX_LIST_ITEMS
from assess.files.loading import load_answers
from assess.files.saving import SaveRefusedError, atomic_write, backup_path, save_answers
from assess.files.yaml_source import MAX_FILE_BYTES
from assess.workshop.custody import ReadOnlyError, SaveError
from assess.workshop.editing import Session
from tests.workshop_support import ODD_PATH, odd, write_answers

ORIGINAL = """format: 1
questionnaire: odd-shapes
version: 0.3.1
team: Payments
assessors: [Ana, Ben]
answers:
  one-3:
    answer: yep
    evidence: [https://wiki.example.com/gw, https://wiki.example.com/b]
    criteria: [true, false]
"""


def listing(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def another_group(path: Path) -> int:
    """A group the file may be given: any group for root, else one the user belongs to."""
    current = path.stat().st_gid
    candidates = [g.gr_gid for g in grp.getgrall()] if os.geteuid() == 0 else os.getgroups()
    others = [gid for gid in candidates if gid != current]
    if not others:
        pytest.skip("the test user belongs to one group only")
    return others[0]


def test_a_save_keeps_the_files_group_and_mode(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text(ORIGINAL, encoding="utf-8")
    group = another_group(path)
    os.chown(path, -1, group)
    path.chmod(0o640)
    session = Session.open(path, str(ODD_PATH))
    try:
        session.choose("one-1", "some")
    finally:
        session.close()
    assert load_answers(path).chosen("one-1") == "some"
    assert (path.stat().st_gid, path.stat().st_mode & 0o777) == (group, 0o640)
    assert (backup_path(path).stat().st_gid, backup_path(path).stat().st_mode & 0o777) == (group, 0o640)


@pytest.mark.skipif(os.geteuid() != 0, reason="only root may give a file to another owner")
def test_as_root_a_save_keeps_the_files_owner(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text(ORIGINAL, encoding="utf-8")
    os.chown(path, 65534, 65534)
    save_answers(path, load_answers(path))
    assert (path.stat().st_uid, path.stat().st_gid) == (65534, 65534)


def test_a_read_only_file_is_refused_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text(ORIGINAL, encoding="utf-8")
    path.chmod(0o444)
    before = listing(tmp_path)
    session = Session.open(path, str(ODD_PATH), lock=False)
    with pytest.raises(SaveError) as caught:  # the workshop's one "not written" error, carrying the writer's reason
        session.choose("one-1", "some")
    assert str(caught.value) == (
        "a.yaml not written: is read-only (mode 0444); make it writable (chmod u+w) to replace it, "
        "or write to another file"
    )
    assert isinstance(caught.value.__cause__, SaveRefusedError)
    assert listing(tmp_path) == before
    assert path.stat().st_mode & 0o777 == 0o444
    assert not session.is_answered("one-1")


def test_a_save_over_the_readers_limit_is_refused_with_nothing_changed(tmp_path: Path) -> None:
    path = write_answers(tmp_path / "a.yaml", odd(), {"one-1": "some"})
    session = Session.open(path, str(ODD_PATH))
    session.choose("one-1", "much")  # a .bak exists from here on
    before = listing(tmp_path)
    try:
        with pytest.raises(SaveError, match="over the 5 MB that assess reads"):
            session.set_note("one-1", "x" * (MAX_FILE_BYTES + 1))
    finally:
        session.close()
    before.pop("a.yaml.lock")
    assert listing(tmp_path) == before
    assert load_answers(path).chosen("one-1") == "much"


def test_lists_of_plain_values_stay_in_flow_form(tmp_path: Path) -> None:
    """Block form costs a line per item: a long list would take twice the room, and no longer fit the reader's limit."""
    path = tmp_path / "a.yaml"
    path.write_text(ORIGINAL, encoding="utf-8")
    save_answers(path, load_answers(path))
    text = path.read_text(encoding="utf-8")
    assert "assessors: [Ana, Ben]\n" in text
    assert "    criteria: [true, false]\n" in text
    assert "    evidence: ['https://wiki.example.com/gw', 'https://wiki.example.com/b']\n" in text
    marks = (True, False) * (MAX_LIST_ITEMS // 2)
    without = len(path.read_bytes())
    answers = load_answers(path).with_answer("one-1", AnswerEntry(answer="some", criteria=marks))
    save_answers(path, answers)
    assert len(path.read_bytes()) - without < 8 * len(marks)  # about 7 bytes a mark; block form took 13 or 14
    assert load_answers(path).answers["one-1"].criteria == marks


def test_an_editors_replacement_with_the_same_size_and_time_is_noticed(tmp_path: Path) -> None:
    path = write_answers(tmp_path / "a.yaml", odd(), {})
    session = Session.open(path, str(ODD_PATH), lock=False)
    session.choose("one-1", "some")
    found = path.stat()
    edited = path.read_text(encoding="utf-8").replace("Test team", "Best team")
    replacement = tmp_path / "a.yaml.editor"
    replacement.write_text(edited, encoding="utf-8")
    os.utime(replacement, ns=(found.st_atime_ns, found.st_mtime_ns))
    replacement.replace(path)  # what editors that save by renaming do
    assert (path.stat().st_size, path.stat().st_mtime_ns) == (found.st_size, found.st_mtime_ns)
    with pytest.raises(ReadOnlyError, match="changed on disk by another program"):
        session.choose("one-3", "yep")
    assert path.read_text(encoding="utf-8") == edited


def _fail(name: str) -> Callable[..., None]:
    def broken(*_: object, **__: object) -> None:
        raise OSError(28, f"No space left on device ({name})")

    return broken


@pytest.mark.parametrize("target", ["fsync", "replace", "chmod", "link"])
@pytest.mark.parametrize("backup", ["link", "copy"])
def test_a_failed_save_leaves_no_litter(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, target: str, backup: str
) -> None:
    path = tmp_path / "a.yaml"
    path.write_text(ORIGINAL, encoding="utf-8")
    if backup == "copy":  # where hard links are not supported, the backup is a copy: its temp file too
        monkeypatch.setattr(os, "link", _fail("link"))
    before = listing(tmp_path)
    answers = load_answers(path).with_answer("one-1", AnswerEntry(answer="some"))
    monkeypatch.setattr(os, target, _fail(target))
    try:
        save_answers(path, answers)
    except OSError as error:
        assert "No space" in str(error)
    monkeypatch.undo()
    after = listing(tmp_path)
    assert not [name for name in after if name.endswith(".tmp")]
    assert after["a.yaml"] in (before["a.yaml"], path.read_bytes())  # old or new, never a mix
    if after["a.yaml"] == before["a.yaml"]:
        assert set(after) <= {"a.yaml", "a.yaml.bak"}


def test_a_backup_link_left_by_a_crashed_run_is_cleaned_up(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text(ORIGINAL, encoding="utf-8")
    for stale in (".a.yaml.bak.4242.tmp", ".a.yaml.bak.tmp"):  # an older version's name, and ours
        os.link(path, tmp_path / stale)
    save_answers(path, load_answers(path).with_answer("one-1", AnswerEntry(answer="some")))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.yaml", "a.yaml.bak"]
    assert backup_path(path).read_text(encoding="utf-8") == ORIGINAL


def test_only_regular_files_are_replaced(tmp_path: Path) -> None:
    fifo = tmp_path / "out.yaml"
    os.mkfifo(fifo)
    with pytest.raises(SaveRefusedError, match="not a regular file"):
        atomic_write(fifo, "format: 1\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.yaml"]
    assert not fifo.is_file()


def test_a_save_the_reader_would_refuse_is_refused_with_nothing_changed(tmp_path: Path) -> None:
    """The workshop edits without validating; the writer checks that what it writes reads back."""
    from assess.core.model.limits import MAX_TEXT_LENGTH

    path = write_answers(tmp_path / "a.yaml", odd(), {"one-1": "some"})
    session = Session.open(path, str(ODD_PATH), lock=False)
    before = listing(tmp_path)
    with pytest.raises(SaveError, match="would not read back") as caught:
        session.set_note("one-1", "x" * (MAX_TEXT_LENGTH + 1))
    assert "characters" in str(caught.value)
    assert listing(tmp_path) == before
    assert session.entry("one-1") is None or session.entry("one-1").note is None  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("entry", "kept"),
    [
        ({"answer": "some", "at": "9999-12-31T23:59:59-05:00"}, "9999-12-31 23:59:59-05:00"),
        ({"answer": "some", "at": "2026-11-29T10:12:00+02:00"}, "2026-11-29 08:12:00+00:00"),
    ],
)
def test_timestamps_that_utc_cannot_hold_keep_their_offset(tmp_path: Path, entry: dict[str, str], kept: str) -> None:
    path = write_answers(tmp_path / "a.yaml", odd(), {"one-1": entry})
    session = Session.open(path, str(ODD_PATH), lock=False)
    session.set_note("one-1", "said")
    at = load_answers(path).answers["one-1"].at
    assert at is not None and str(at) == kept
