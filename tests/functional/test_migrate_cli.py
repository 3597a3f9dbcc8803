"""``assess migrate`` and reading 1.0.0 answers files through api-samm 1.1.0's migration.

The 1.0.0 examples (tests/data/v1.0.0/examples, copied from the examples before 1.1.0) and a 1.0.0
file with every option of every activity must migrate and score; nothing they hold may be lost.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner, Result

from assess.cli import main
from assess.files.loading import load_answers
from assess.workshop.locking import FileLock
from tests.unit.test_migration_api_samm import every_option_file

OLD_EXAMPLES = sorted((Path(__file__).resolve().parents[1] / "data" / "v1.0.0" / "examples").glob("*.yaml"))
NOTICE = "written for api-samm 1.0.0, read as api-samm 1.1.0 through its migration"


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def overall(path: Path) -> tuple[float, str]:
    result = run("score", "--format", "json", str(path))
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    return doc["overall"], doc["questionnaire"]["version"]


def old_copy(tmp_path: Path, source: Path) -> Path:
    target = tmp_path / source.name
    shutil.copyfile(source, target)
    return target


@pytest.mark.parametrize("source", OLD_EXAMPLES, ids=lambda p: p.name)
def test_a_1_0_0_example_scores_through_the_migration_and_says_so(source: Path) -> None:
    result = run("score", "--format", "json", str(source))
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["questionnaire"]["version"] == "1.1.0"
    assert NOTICE in result.stderr
    assert f"assess migrate {source}" in result.stderr


@pytest.mark.parametrize("source", OLD_EXAMPLES, ids=lambda p: p.name)
def test_a_1_0_0_example_migrates_keeps_a_backup_and_scores_the_same(tmp_path: Path, source: Path) -> None:
    path = old_copy(tmp_path, source)
    before, _ = overall(path)
    result = run("migrate", str(path))
    assert result.exit_code == 0, result.output
    assert f"{path}: migrated from api-samm 1.0.0 to 1.1.0" in result.stderr
    assert (tmp_path / f"{source.name}.bak").read_bytes() == source.read_bytes()
    after, version = overall(path)
    assert (after, version) == (before, "1.1.0")
    assert run("validate", str(path)).exit_code == 0
    assert NOTICE not in run("score", str(path)).stderr


@pytest.mark.parametrize("source", OLD_EXAMPLES, ids=lambda p: p.name)
def test_migrating_keeps_every_note_link_finding_and_x_key(tmp_path: Path, source: Path) -> None:
    path = old_copy(tmp_path, source)
    old: dict[str, Any] = yaml.load(source.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    assert run("migrate", str(path)).exit_code == 0
    new = load_answers(path)
    assert {k for k in old if k.startswith("x-")} <= set(new.extensions)
    for activity_id, entry in old["answers"].items():
        if not isinstance(entry, dict):
            continue
        migrated = new.answers[activity_id]
        assert migrated.note == entry.get("note"), activity_id
        assert list(migrated.evidence) == (entry.get("evidence") or []), activity_id
        assert migrated.finding == entry.get("finding"), activity_id
        for key in (k for k in entry if k.startswith("x-")):
            assert migrated.extensions[key] == entry[key], activity_id


@pytest.mark.parametrize("position", [0, 1, 2, 3])
def test_a_1_0_0_file_with_every_option_of_every_activity_migrates_and_scores(tmp_path: Path, position: int) -> None:
    path = tmp_path / f"every-option-{position}.yaml"
    path.write_text(yaml.safe_dump(every_option_file(position), sort_keys=False), encoding="utf-8")
    before, _ = overall(path)
    assert before == pytest.approx(3 * [0, 0.25, 0.5, 1][position])
    result = run("migrate", str(path))
    assert result.exit_code == 0, result.output
    assert overall(path) == (before, "1.1.0")


def test_a_current_file_is_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "current.yaml"
    path.write_text("format: 1\nquestionnaire: api-samm\nversion: 1.1.0\nanswers: {G-SM-A-1: some}\n", encoding="utf-8")
    before = path.read_bytes()
    result = run("migrate", str(path))
    assert result.exit_code == 0
    assert "already written for api-samm 1.1.0; nothing to do" in result.stderr
    assert path.read_bytes() == before
    assert not (tmp_path / "current.yaml.bak").exists()


def test_a_version_without_a_migration_is_refused_in_one_line(tmp_path: Path) -> None:
    path = tmp_path / "ancient.yaml"
    path.write_text("format: 1\nquestionnaire: api-samm\nversion: 0.9.0\nanswers: {}\n", encoding="utf-8")
    result = run("migrate", str(path))
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert "declares no migration from it" in result.stderr and "Traceback" not in result.stderr


def test_a_bad_answer_in_an_old_file_is_reported_at_its_line(tmp_path: Path) -> None:
    path = tmp_path / "typo.yaml"
    text = "format: 1\nquestionnaire: api-samm\nversion: 1.0.0\nanswers:\n  G-SM-A-1: sometimes\n"
    path.write_text(text, encoding="utf-8")
    result = run("migrate", str(path))
    assert result.exit_code == 2
    assert f"{path}:5:" in result.stderr and "unknown option 'sometimes' for G-SM-A-1" in result.stderr
    assert path.read_text(encoding="utf-8") == text


def test_a_file_open_in_a_workshop_is_not_migrated(tmp_path: Path) -> None:
    path = old_copy(tmp_path, OLD_EXAMPLES[0])
    before = path.read_bytes()
    with FileLock.acquire(path):
        result = run("migrate", str(path))
    assert result.exit_code == 2
    assert "already open in another workshop" in result.stderr
    assert path.read_bytes() == before
