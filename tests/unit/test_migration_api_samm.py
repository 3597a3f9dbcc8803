"""api-samm 1.1.0 reads every 1.0.0 answers file: every option of every activity, keeping its value.

The 1.0.0 questionnaire is test data (tests/data/v1.0.0/api-samm.yaml), not shipped: the mapping in
1.1.0's ``migrations:`` must stand on its own.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from assess.core.checks import answers_issues
from assess.core.migration import RECORD_KEY, migrate, migration_for
from assess.core.model import Answers, Questionnaire
from assess.core.scoring import score

OLD_FILE = Path(__file__).resolve().parents[1] / "data" / "v1.0.0" / "api-samm.yaml"
OLD: dict[str, Any] = yaml.safe_load(OLD_FILE.read_text(encoding="utf-8"))


def _old_activities() -> list[dict[str, Any]]:
    return [a for f in OLD["functions"] for p in f["practices"] for s in p["streams"] for a in s["activities"]]


def _old_options(activity: dict[str, Any]) -> list[dict[str, Any]]:
    options: list[dict[str, Any]] = OLD["scales"][activity["scale"]]
    return options


def every_option_file(position: int) -> dict[str, Any]:
    """A 1.0.0 answers file choosing the ``position``-th option of every activity, with all it can hold."""
    answers = {}
    for activity in _old_activities():
        answers[activity["id"]] = {
            "answer": _old_options(activity)[position]["id"],
            "note": f"note on {activity['id']}",
            "evidence": [f"https://evidence.example.com/{activity['id'].lower()}"],
            "criteria": [True] * len(activity["criteria"]),
            "finding": "medium",
            "finding_note": "kept",
            "by": "Ana",
            "at": "2026-11-29T10:00:00Z",
            "x-ticket": f"SEC-{activity['id']}",
        }
    return {
        "format": 1,
        "questionnaire": "api-samm",
        "version": "1.0.0",
        "team": "Every option",
        "targets": {"G-SM": 1},
        "x-source": "1.0.0 workshop",
        "answers": answers,
    }


def test_1_1_0_declares_a_migration_from_1_0_0(api_samm: Questionnaire) -> None:
    assert api_samm.version == "1.1.0"
    migration = migration_for(api_samm, "1.0.0")
    assert migration is not None and migration.note
    assert not migration.moved and not migration.merged, "1.1.0 kept every activity id"


@pytest.mark.parametrize("position", [0, 1, 2, 3])
def test_every_option_of_every_activity_migrates_with_its_value(api_samm: Questionnaire, position: int) -> None:
    old = Answers.model_validate(every_option_file(position))
    migrated = migrate(api_samm, old).answers
    assert answers_issues(api_samm, migrated) == []
    for activity in _old_activities():
        entry = migrated.answers[activity["id"]]
        new_activity = api_samm.activity_by_id[activity["id"]]
        old_value = _old_options(activity)[position]["value"]
        assert api_samm.option_index[new_activity.scale][entry.answer or ""].value == old_value, activity["id"]
        assert entry.note == f"note on {activity['id']}"
        assert entry.evidence == (f"https://evidence.example.com/{activity['id'].lower()}",)
        assert (entry.finding, entry.finding_note, entry.by) == ("medium", "kept", "Ana")
        assert entry.extensions["x-ticket"] == f"SEC-{activity['id']}"
        assert len(entry.criteria) in (0, len(new_activity.criteria))
    assert migrated.extensions == {"x-source": "1.0.0 workshop"}
    assert dict(migrated.targets) == {"G-SM": 1}


def test_a_migrated_file_scores_what_it_scored_before(api_samm: Questionnaire) -> None:
    """Values are kept, so every activity, stream and practice scores as under 1.0.0."""
    for position in range(4):
        migrated = migrate(api_samm, Answers.model_validate(every_option_file(position))).answers
        expected = [0, 0.25, 0.5, 1][position]
        card = score(api_samm, migrated)
        assert card.overall == pytest.approx(3 * expected)


def test_kept_criteria_marks_follow_the_declared_map(api_samm: Questionnaire) -> None:
    migration = migration_for(api_samm, "1.0.0")
    assert migration is not None
    migrated = migrate(api_samm, Answers.model_validate(every_option_file(3))).answers
    for activity in _old_activities():
        entry = migrated.answers[activity["id"]]
        mapping = migration.criteria.get(activity["id"])
        if mapping is None:
            assert entry.criteria == () and entry.extensions[RECORD_KEY]["criteria"], activity["id"]
        else:
            assert entry.criteria == tuple(i is not None for i in mapping), activity["id"]


def test_the_old_option_id_is_kept_where_it_changed(api_samm: Questionnaire) -> None:
    migrated = migrate(api_samm, Answers.model_validate(every_option_file(1))).answers
    assert migrated.answers["G-SM-A-1"].extensions[RECORD_KEY]["answer"] == "informal"
    assert migrated.answers["G-SM-A-1"].answer == "some"
    assert migrated.answers["D-TA-A-1"].answer == "some"  # coverage kept its ids: nothing to record
    assert "answer" not in migrated.answers["D-TA-A-1"].extensions.get(RECORD_KEY, {})


@pytest.mark.parametrize(
    ("activity_id", "marks"),
    [
        # The cut-off plan's second criterion changed meaning (per credential type, tried once): unmarked.
        ("O-IM-B-1", (True, False, True, True)),
        # Third-party data moved from an audience of its own into the fourth criterion, old criterion 1.
        ("G-SM-A-1", (False, True, True, True)),
        # Only rehearsed playbooks count now: the rehearsal criterion starts unmarked.
        ("O-IM-B-2", (True, True, False)),
        # The token-library criterion left D-SA-B-2 for D-SA-A-2; the others keep their old marks.
        ("D-SA-B-2", (True, True, False, True, False)),
    ],
)
def test_changed_criteria_start_unmarked(api_samm: Questionnaire, activity_id: str, marks: tuple[bool, ...]) -> None:
    migrated = migrate(api_samm, Answers.model_validate(every_option_file(3))).answers
    assert migrated.answers[activity_id].criteria == marks


def test_top_answers_of_relabelled_count_scales_stay_on_top(api_samm: Questionnaire) -> None:
    """1.1.0 counts incident types and discovery sources with the 80% rule: 1.0.0's top answer is still the top."""
    migrated = migrate(api_samm, Answers.model_validate(every_option_file(3))).answers
    for activity_id in ("O-IM-B-2", "O-OM-B-1", "G-SM-A-1"):
        activity = api_samm.activity_by_id[activity_id]
        assert migrated.answers[activity_id].answer == api_samm.options_for(activity)[-1].id, activity_id
