"""Editing without a screen: answer, notes, criteria, targets, details, undo, and the queries the screen asks."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from assess.core.model import Questionnaire
from assess.workshop.editing import Session, split_links, split_list
from tests.workshop_support import ODD_PATH, odd, write_answers


@pytest.fixture(scope="module")
def q() -> Questionnaire:
    return odd()


def on_disk(path: Path) -> dict[str, object]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def test_resume_starts_on_the_first_unanswered_activity(tmp_path: Path, q: Questionnaire) -> None:
    ids = [a.id for a in q.activities]
    path = write_answers(tmp_path / "a.yaml", q, {ids[0]: "much", ids[1]: "yep", ids[3]: "n/a"})
    with_session = Session.open(path, str(ODD_PATH), lock=False)
    assert with_session.start_index() == 2
    assert with_session.next_unanswered(2) == 4
    assert with_session.next_unanswered(len(ids) - 1) == 2  # wraps round


def test_when_everything_is_answered_the_session_opens_on_the_first_activity(tmp_path: Path, q: Questionnaire) -> None:
    chosen = {a.id: "n/a" for a in q.activities}
    session = Session.open(write_answers(tmp_path / "a.yaml", q, chosen), str(ODD_PATH), lock=False)
    assert session.first_unanswered() is None
    assert session.start_index() == 0
    assert session.next_unanswered(0) is None


def test_each_change_is_on_disk_before_the_call_returns_and_undo_restores_it(tmp_path: Path, q: Questionnaire) -> None:
    path = write_answers(tmp_path / "a.yaml", q, {})
    session = Session.open(path, str(ODD_PATH), lock=False)
    session.choose("one-1", "some")
    assert on_disk(path)["answers"] == {"one-1": "some"}
    session.set_note("one-1", "  said in the room  ")
    assert on_disk(path)["answers"] == {"one-1": {"answer": "some", "note": "said in the room"}}
    session.set_note("one-1", "said in the room, and more")  # one undo step per note
    session.choose("one-1", "n/a")
    assert on_disk(path)["answers"] == {"one-1": {"answer": "n/a", "note": "said in the room, and more"}}
    session.clear("one-1")
    assert on_disk(path)["answers"] == {"one-1": {"answer": None, "note": "said in the room, and more"}}

    assert session.undo() is not None  # the clear
    assert on_disk(path)["answers"] == {"one-1": {"answer": "n/a", "note": "said in the room, and more"}}
    session.undo()  # n/a
    session.undo()  # both note edits at once
    assert on_disk(path)["answers"] == {"one-1": "some"}
    session.undo()
    assert on_disk(path)["answers"] == {}
    assert session.undo() is None
    assert (tmp_path / "a.yaml.bak").exists()


def test_clearing_an_answer_without_notes_removes_the_entry(tmp_path: Path, q: Questionnaire) -> None:
    path = write_answers(tmp_path / "a.yaml", q, {"one-1": "some", "three-a-1": "yep"})
    session = Session.open(path, str(ODD_PATH), lock=False)
    session.clear("one-1")
    assert on_disk(path)["answers"] == {"three-a-1": "yep"}
    assert not session.is_answered("one-1")


def test_new_entries_are_kept_in_questionnaire_order(tmp_path: Path, q: Questionnaire) -> None:
    path = write_answers(tmp_path / "a.yaml", q, {})
    session = Session.open(path, str(ODD_PATH), lock=False)
    for activity_id in ("two-b-1", "one-1", "three-c-2"):
        session.choose(activity_id, "some")
    answers = on_disk(path)["answers"]
    assert isinstance(answers, dict)
    assert list(answers) == ["one-1", "three-c-2", "two-b-1"]


def test_an_unknown_option_is_refused_without_touching_the_file(tmp_path: Path, q: Questionnaire) -> None:
    path = write_answers(tmp_path / "a.yaml", q, {})
    before = path.read_bytes()
    session = Session.open(path, str(ODD_PATH), lock=False)
    with pytest.raises(ValueError, match="not an option"):
        session.choose("one-1", "yep")
    assert path.read_bytes() == before


def test_unmet_criteria_are_reported_only_above_the_lowest_option(tmp_path: Path) -> None:
    from tests.workshop_support import api_samm

    samm = api_samm()
    activity = samm.activities[0]
    low, high = samm.options_for(activity)[0].id, samm.options_for(activity)[2].id
    path = write_answers(tmp_path / "a.yaml", samm, {})
    session = Session.open(path, lock=False)
    session.choose(activity.id, low)
    assert session.unmet_criteria(activity.id) == ()
    session.choose(activity.id, high)
    assert len(session.unmet_criteria(activity.id)) == len(activity.criteria)
    marks = [True] * len(activity.criteria)
    marks[-1] = False
    session.set_criteria(activity.id, marks)
    assert session.unmet_criteria(activity.id) == (activity.criteria[-1],)
    entry = on_disk(path)["answers"]
    assert isinstance(entry, dict)
    assert entry[activity.id]["criteria"] == marks
    session.set_criteria(activity.id, [False] * len(activity.criteria))
    assert "criteria" not in on_disk(path)["answers"][activity.id]  # type: ignore[index]


def test_targets_are_validated_and_saved(tmp_path: Path, q: Questionnaire) -> None:
    path = write_answers(tmp_path / "a.yaml", q, {})
    session = Session.open(path, str(ODD_PATH), lock=False)
    assert (dict(session.effective_targets().values), session.effective_targets().label) == ({}, "none set")
    session.set_targets({"P-ONE": 1.5, "P-TWO": 1})
    assert on_disk(path)["targets"] == {"P-ONE": 1.5, "P-TWO": 1}
    assert session.scorecard().practice("P-ONE").target == 1.5
    with pytest.raises(ValueError, match="out of range; use 0 to 2"):
        session.set_targets({"P-ONE": 5})
    with pytest.raises(ValueError, match="unknown practice"):
        session.set_targets({"NOPE": 1})
    assert on_disk(path)["targets"] == {"P-ONE": 1.5, "P-TWO": 1}


def test_without_targets_the_default_profile_is_measured_against(tmp_path: Path) -> None:
    from tests.workshop_support import api_samm

    samm = api_samm()
    session = Session.open(write_answers(tmp_path / "a.yaml", samm, {}), lock=False)
    targets = session.effective_targets()
    assert dict(targets.values) == dict(samm.profiles["public"].targets)
    assert targets.label == "profile public (default)"


def test_details_are_saved(tmp_path: Path, q: Questionnaire) -> None:
    path = write_answers(tmp_path / "a.yaml", q, {})
    session = Session.open(path, str(ODD_PATH), lock=False)
    session.set_details(team="Payments", scope="public APIs", assessors=["Ana", "Ben"], date=dt.date(2026, 1, 2))
    data = on_disk(path)
    assert (data["team"], data["scope"], data["assessors"], data["date"]) == (
        "Payments",
        "public APIs",
        ["Ana", "Ben"],
        dt.date(2026, 1, 2),
    )


def test_a_file_for_another_version_opens_with_its_mismatches_and_keeps_everything(tmp_path: Path) -> None:
    path = tmp_path / "old.yaml"
    path.write_text(
        "format: 1\nquestionnaire: odd-shapes\nversion: 0.2.0\nanswers:\n"
        "  one-1: much\n  gone-1: {answer: yep, note: keep me}\n  two-b-1: bogus\nx-jira: PAY-1\n",
        encoding="utf-8",
    )
    session = Session.open(path, str(ODD_PATH), lock=False)
    assert session.mismatch is not None
    assert session.is_answered("one-1")
    assert not session.is_answered("two-b-1")  # 'bogus' is no option of its scale: ask it again
    text = "\n".join(session.mismatch.lines)
    assert "0.2.0" in text
    assert "gone-1" in text
    assert "bogus" in text
    assert ":6" in text or ":7" in text  # located by line

    session.choose("three-a-1", "yep")
    data = on_disk(path)
    assert data["answers"] == {
        "one-1": "much",
        "three-a-1": "yep",
        "two-b-1": "bogus",
        "gone-1": {"answer": "yep", "note": "keep me"},
    }
    assert data["x-jira"] == "PAY-1"
    assert data["version"] == "0.2.0"  # never changed silently

    session.adopt_version()
    assert on_disk(path)["version"] == "0.3.1"
    assert session.mismatch is not None
    assert all("0.2.0" not in line for line in session.mismatch.lines)
    session.undo()
    assert on_disk(path)["version"] == "0.2.0"


def test_typed_lists_are_split_as_people_write_them() -> None:
    assert split_list("Ana, Ben;Chloé\n") == ("Ana", "Ben", "Chloé")
    assert split_links("https://a.example/x, https://b.example/y  c") == (
        "https://a.example/x",
        "https://b.example/y",
        "c",
    )
    assert split_links(" https://maps.example/@48.85,2.35,12z ,, ") == ("https://maps.example/@48.85,2.35,12z",)


def test_choosing_the_same_answer_again_saves_nothing_and_adds_no_undo_step(tmp_path: Path, q: Questionnaire) -> None:
    path = write_answers(tmp_path / "a.yaml", q, {})
    session = Session.open(path, str(ODD_PATH), lock=False)
    session.choose("one-1", "some")
    stamp = path.stat().st_mtime_ns
    session.choose("one-1", "some")
    session.set_criteria("one-1", [False])
    assert path.stat().st_mtime_ns == stamp
    assert len(session.undo_stack) == 1
    session.undo()
    assert on_disk(path)["answers"] == {}
