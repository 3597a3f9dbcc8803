"""Saving answers: atomic, with a backup, and nothing the file held is lost."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from assess.core.model import AnswerEntry, Answers
from assess.core.model.limits import MAX_ID_LENGTH
from assess.files.loading import load_answers
from assess.files.saving import backup_path, dump_answers, save_answers
from assess.files.yaml_source import parse_yaml
from tests.conftest import WriteFile

ORIGINAL = """
format: 1
questionnaire: odd-shapes
version: 0.3.1
team: Payments
date: 2026-11-01
assessors: [Ana, Ben]
answers:
  one-1: much
  one-3:
    answer: yep
    note: "Shown the gateway policy; <b>bold</b> stays text"
    evidence: [https://wiki.example.com/gw]
    criteria: [true, false]
    by: Ana
    at: 2026-11-29T10:12:00Z
    x-ticket: SEC-1
  unknown-activity: whatever
targets: {P-ONE: 1.5}
x-jira: PAY-12
"""


def test_round_trip_keeps_everything(write: WriteFile) -> None:
    path = write("a.yaml", ORIGINAL)
    answers = load_answers(path)
    save_answers(path, answers)
    again = load_answers(path)
    assert again == answers
    assert again.answers["unknown-activity"].answer == "whatever"
    assert again.answers["one-3"].extensions == {"x-ticket": "SEC-1"}
    assert again.extensions == {"x-jira": "PAY-12"}
    assert "one-1: much" in path.read_text()  # the short form stays short


def test_save_keeps_the_previous_file_as_backup(write: WriteFile) -> None:
    path = write("a.yaml", ORIGINAL)
    before = path.read_text()
    answers = load_answers(path).with_answer("two-b-1", AnswerEntry(answer="full", at=dt.datetime.now(dt.UTC)))
    save_answers(path, answers)
    assert backup_path(path).read_text() == before
    assert load_answers(path).chosen("two-b-1") == "full"
    assert not [p for p in path.parent.iterdir() if p.suffix == ".tmp"]


def test_a_failed_write_leaves_the_file_untouched(write: WriteFile, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write("a.yaml", ORIGINAL)
    before = path.read_text()
    answers = load_answers(path).with_answer("one-1", None)

    def broken_fsync(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", broken_fsync)
    with pytest.raises(OSError, match="No space"):
        save_answers(path, answers)
    assert path.read_text() == before
    assert not [p for p in path.parent.iterdir() if p.suffix == ".tmp"]


def test_save_keeps_the_file_mode(write: WriteFile) -> None:
    path = write("a.yaml", ORIGINAL)
    path.chmod(0o600)
    save_answers(path, load_answers(path))
    assert path.stat().st_mode & 0o777 == 0o600


def test_removing_an_answer_keeps_the_order_of_the_rest(tmp_path: Path, write: WriteFile) -> None:
    path = write("a.yaml", ORIGINAL)
    save_answers(path, load_answers(path).with_answer("one-3", None))
    assert list(load_answers(path).answers) == ["one-1", "unknown-activity"]


def test_backups_survive_many_saves_and_always_hold_the_previous_version(write: WriteFile) -> None:
    path = write("a.yaml", ORIGINAL)
    previous = path.read_text()
    answers = load_answers(path)
    for option in ("little", "some", "much", "full"):
        answers = answers.with_answer("one-1", AnswerEntry(answer=option))
        save_answers(path, answers)
        assert backup_path(path).read_text() == previous
        previous = path.read_text()
        assert f"one-1: {option}" in previous
    assert sorted(p.name for p in path.parent.iterdir()) == ["a.yaml", "a.yaml.bak"]


def test_a_new_file_gets_the_usual_permissions(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from assess.files import saving

    monkeypatch.setattr(saving, "_UMASK", 0o027)
    path = tmp_path / "new.yaml"
    saving.atomic_write(path, "format: 1\n")
    assert path.stat().st_mode & 0o777 == 0o640


ID_TEXT = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9._-]{0,8}", fullmatch=True)
NUMBER_LIKE = st.text(alphabet="0123456789.:+-_eEoxbT Z", min_size=1, max_size=12)
"""Text that YAML 1.1 and 1.2 read differently: numbers, times, dates, bases."""


@settings(max_examples=300, deadline=None)
@given(text=st.one_of(st.text(min_size=1), NUMBER_LIKE), ident=st.one_of(ID_TEXT, NUMBER_LIKE.filter(str.isalnum)))
@example(text="\x85\U00010000", ident="0")  # NEL beside an emoji: the Python emitter used to fold it to a space
def test_any_text_and_any_id_read_back_unchanged(text: str, ident: str) -> None:
    """Whatever a workshop types (a note of '08', a team called '1e5', a date-like link) stays that text."""
    answers = Answers(
        format=1,
        questionnaire="q",
        version=text[:MAX_ID_LENGTH],  # a version is an id-sized field (core/model/limits.py)
        team=text,
        answers={ident: AnswerEntry(answer=ident, note=text, evidence=(text,), by=text)},
        extensions={"x-value": text},
    )
    assert Answers.model_validate(parse_yaml(dump_answers(answers), "a.yaml").data) == answers


@pytest.mark.parametrize("text", ["1e5", "08", "0:30", "0o17", "1.0e5", "+.5", "2026-1-1", "no", "~", "017"])
def test_strings_that_yaml_1_1_leaves_bare_are_quoted(text: str) -> None:
    written = dump_answers(Answers(format=1, questionnaire="q", version="1", team=text))
    assert f"team: '{text}'" in written or f'team: "{text}"' in written


def test_the_backup_of_a_symlinked_file_is_its_content_not_another_link(write: WriteFile) -> None:
    real = write("real.yaml", ORIGINAL)
    link = real.with_name("link.yaml")
    link.symlink_to(real.name)
    save_answers(link, load_answers(link).with_answer("one-1", None))
    backup = backup_path(link)
    assert not backup.is_symlink()
    assert backup.read_text() == real.read_text()  # the content before the save
