"""Migrations (``migrations:`` in a questionnaire, :mod:`assess.core.migration`) on small synthetic files.

What a migration must never do: lose a note, a link, a finding or an ``x-`` key, or change a score
it was not asked to change. What the model must refuse: a mapping that points nowhere.
"""

from __future__ import annotations

import copy
import re
from typing import Any

import pytest
import yaml

from assess.core.checks import answers_issues
from assess.core.migration import RECORD_KEY, can_migrate, migrate, migration_for
from assess.core.model import Answers, CrossCheckError, Questionnaire
from assess.core.scoring import score

NEW: dict[str, Any] = yaml.safe_load(
    """
format: 1
id: tiny
version: 2.0.0
title: Tiny
scales:
  share:
    - {id: none, label: "No", value: 0}
    - {id: some, label: "Some", value: 0.25}
    - {id: half, label: "Half", value: 0.5}
    - {id: most, label: "Most", value: 1}
functions:
  - id: F
    name: F
    practices:
      - id: P
        name: P
        streams:
          - id: S
            name: S
            activities:
              - {id: a1, level: 1, question: "One?", scale: share, criteria: [c1, c2, c3]}
              - {id: a2, level: 2, question: "Two?", scale: share, criteria: [d1, d2]}
              - {id: a3, level: 3, question: "Three?", scale: share}
migrations:
  - from: 1.0.0
    note: Scales renamed; old b1 and b2 became a2; old z moved to a3.
    options:
      a1: {never: none, adhoc: some, regular: half, always: most}
      b1: {n: none, y: most}
      b2: {n: none, y: most}
      z: {dark: none, lit: most}
    criteria:
      a1: [1, null, 0]
    moved: {z: a3}
    merged: {a2: [b1, b2]}
"""
)

OLD_ANSWERS: dict[str, Any] = {
    "format": 1,
    "questionnaire": "tiny",
    "version": "1.0.0",
    "team": "T",
    "x-file": "kept",
    "targets": {"P": 2},
    "answers": {
        "a1": {
            "answer": "regular",
            "note": "said so",
            "evidence": ["https://a.example/1"],
            "criteria": [True, False],
            "x-jira": "T-1",
        },
        "b1": {
            "answer": "y",
            "note": "first half",
            "evidence": ["https://a.example/2"],
            "finding": "low",
            "x-owner": "ana",
        },
        "b2": {
            "answer": "n",
            "note": "second half",
            "evidence": ["https://a.example/2", "https://a.example/3"],
            "finding": "high",
            "finding_note": "bad",
            "criteria": [True],
            "x-owner": "ben",
        },
        "z": {"answer": "lit", "note": "moved along", "at": "2026-01-02T03:04:05Z"},
    },
}


def _q(data: dict[str, Any] = NEW) -> Questionnaire:
    return Questionnaire.model_validate(data)


def _answers(data: dict[str, Any] = OLD_ANSWERS) -> Answers:
    return Answers.model_validate(data)


def test_the_migrated_file_fits_the_new_version() -> None:
    q = _q()
    result = migrate(q, _answers())
    assert result.answers.version == "2.0.0"
    assert answers_issues(q, result.answers) == []
    assert list(result.answers.answers) == ["a1", "a2", "a3"]
    assert (result.renamed, result.marks_reset, result.moved) == (4, 2, 3)


def test_an_option_is_renamed_and_the_old_id_is_recorded() -> None:
    entry = migrate(_q(), _answers()).answers.answers["a1"]
    assert entry.answer == "half"
    assert entry.note == "said so" and entry.evidence == ("https://a.example/1",)
    assert entry.extensions["x-jira"] == "T-1"
    assert entry.extensions[RECORD_KEY] == {"from": "1.0.0", "answer": "regular", "criteria": [True, False]}


def test_criteria_marks_follow_the_map_and_new_criteria_start_unmarked() -> None:
    # a1 maps new c1 <- old 1 (False), c2 <- new (unmarked), c3 <- old 0 (True)
    assert migrate(_q(), _answers()).answers.answers["a1"].criteria == (False, False, True)


def test_marks_without_a_map_are_set_aside_not_guessed() -> None:
    data = copy.deepcopy(NEW)
    del data["migrations"][0]["criteria"]
    entry = migrate(_q(data), _answers()).answers.answers["a1"]
    assert entry.criteria == ()
    assert entry.extensions[RECORD_KEY]["criteria"] == [True, False]


def test_a_moved_entry_keeps_everything_and_says_where_it_came_from() -> None:
    entry = migrate(_q(), _answers()).answers.answers["a3"]
    assert (entry.answer, entry.note) == ("most", "moved along")
    assert entry.at is not None and entry.at.isoformat() == "2026-01-02T03:04:05+00:00"
    assert entry.extensions[RECORD_KEY] == {"from": "1.0.0", "answer": "lit", "id": "z"}


def test_merged_entries_keep_both_notes_every_link_and_the_worst_finding() -> None:
    entry = migrate(_q(), _answers()).answers.answers["a2"]
    assert entry.answer == "none", "an activity is only as done as its weakest part"
    assert entry.note == "b1: first half\n\nb2: second half"
    assert entry.evidence == ("https://a.example/2", "https://a.example/3")
    assert (entry.finding, entry.finding_note) == ("high", "b2: bad")
    assert entry.extensions["x-owner"] == "ana"
    merged = entry.extensions[RECORD_KEY]["merged"]
    assert [m["id"] for m in merged] == ["b1", "b2"]
    assert merged[1]["x"] == {"x-owner": "ben"} and merged[1]["criteria"] == [True]
    assert merged[0]["finding"] == "low"


def test_file_level_fields_and_targets_are_kept() -> None:
    migrated = migrate(_q(), _answers()).answers
    assert migrated.extensions == {"x-file": "kept"}
    assert (migrated.team, dict(migrated.targets)) == ("T", {"P": 2})


def test_the_migrated_file_scores_as_the_new_version_reads_it() -> None:
    q = _q()
    migrated = migrate(q, _answers({**OLD_ANSWERS, "answers": {"a1": "always", "z": "lit"}})).answers
    assert (migrated.chosen("a1"), migrated.chosen("a3")) == ("most", "most")
    assert score(q, migrated).overall == 2  # one stream: a1 (1) + a3 (1)


def test_not_applicable_and_unanswered_entries_pass_through() -> None:
    migrated = migrate(_q(), _answers({**OLD_ANSWERS, "answers": {"a1": "n/a", "b1": None}})).answers
    assert migrated.chosen("a1") == "n/a"
    assert "a2" in migrated.answers and migrated.chosen("a2") is None


def test_which_files_can_be_migrated() -> None:
    q = _q()
    assert migration_for(q, "1.0.0") is not None and migration_for(q, "0.9.0") is None
    assert can_migrate(q, _answers())
    assert not can_migrate(q, _answers({**OLD_ANSWERS, "version": "2.0.0"}))
    assert not can_migrate(q, _answers({**OLD_ANSWERS, "version": "0.9.0"}))
    assert not can_migrate(q, _answers({**OLD_ANSWERS, "questionnaire": "other"}))
    with pytest.raises(ValueError, match=re.escape("no migration from tiny 0.9.0")):
        migrate(q, _answers({**OLD_ANSWERS, "version": "0.9.0"}))


def test_a_second_migration_keeps_the_record_of_the_first() -> None:
    first = migrate(_q(), _answers()).answers
    data = copy.deepcopy(NEW)
    data["version"] = "3.0.0"
    data["migrations"] = [{"from": "2.0.0", "options": {"a1": {"half": "some"}}}]
    again = migrate(_q(data), first).answers.answers["a1"]
    assert again.answer == "some"
    assert again.extensions[RECORD_KEY]["earlier"]["answer"] == "regular"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda m: m.update({"moved": {"z": "nowhere"}}), "moves to unknown activity 'nowhere'"),
        (lambda m: m["options"].update({"a1": {"never": "nope"}}), "not an option of a1"),
        (lambda m: m["criteria"].update({"a1": [0, 1]}), "a1 has 3 quality criteria"),
        (lambda m: m["merged"].update({"a2": ["b1"]}), "a merge needs two or more"),
        (lambda m: m.update({"moved": {"b1": "a3", "z": "a3"}}), "b1 is moved or merged twice"),
        (lambda m: m.update({"from": "2.0.0"}), "not from an earlier version"),
        (lambda m: m["options"].update({"gone": {"x": "none"}}), "gone lands on no activity"),
    ],
)
def test_the_model_refuses_a_mapping_that_points_nowhere(change: Any, message: str) -> None:
    data = copy.deepcopy(NEW)
    change(data["migrations"][0])
    with pytest.raises(CrossCheckError, match=re.escape(message)):
        _q(data)


def test_two_migrations_from_one_version_are_refused() -> None:
    data = copy.deepcopy(NEW)
    data["migrations"].append({"from": "1.0.0"})
    with pytest.raises(CrossCheckError, match=re.escape("a second migration from 1.0.0")):
        _q(data)
