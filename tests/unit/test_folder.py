"""Finding answers files in a folder for the start screen."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from assess.workshop.folder import file_name_for, find_answers_files
from tests.workshop_support import API_SAMM_PATH, api_samm, write_answers


def test_answers_files_are_listed_with_their_progress_and_others_skipped(tmp_path: Path) -> None:
    q = api_samm()
    write_answers(tmp_path / "payments.yaml", q, {"G-SM-A-1": "none", "G-SM-A-2": "n/a"}, date="2026-11-01")
    (tmp_path / "compose.yml").write_text("services: {}\n", encoding="utf-8")
    (tmp_path / "broken.yaml").write_text("format: 1\nquestionnaire: [\n", encoding="utf-8")
    (tmp_path / "api-samm.yaml").write_bytes(API_SAMM_PATH.read_bytes())  # a questionnaire, not answers
    (found,) = find_answers_files(tmp_path)
    assert found.path.name == "payments.yaml"
    assert (found.team, found.date, found.answered, found.total) == ("Test team", dt.date(2026, 11, 1), 2, 90)


def test_file_names_are_made_from_team_names() -> None:
    assert file_name_for("Payments API") == "payments-api.yaml"
    assert file_name_for("  Équipe / Paiements ") == "equipe-paiements.yaml"
    assert file_name_for("!!!") == "assessment.yaml"


def test_an_unreadable_folder_lists_nothing_rather_than_failing(tmp_path: Path) -> None:
    assert find_answers_files(tmp_path / "gone") == []


def test_a_link_out_of_the_folder_is_not_listed_and_one_inside_is(tmp_path: Path) -> None:
    folder, outside = tmp_path / "team", tmp_path / "elsewhere"
    folder.mkdir()
    outside.mkdir()
    q = api_samm()
    write_answers(outside / "secret.yaml", q, {}, team="Not this folder's")
    write_answers(folder / "real.yaml", q, {}, team="Ours")
    (folder / "out.yaml").symlink_to(outside / "secret.yaml")
    (folder / "alias.yaml").symlink_to("real.yaml")
    found = sorted((f.path.name, f.team) for f in find_answers_files(folder))
    assert found == [("alias.yaml", "Ours"), ("real.yaml", "Ours")]
