"""The SAMM core model folder as a questionnaire: ids, scales, criteria, requires, GUIDs, and bad folders."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from assess.core.model import Answers
from assess.core.problems import InputError
from assess.core.scoring import score
from assess.files.loading import load_questionnaire
from assess.files.samm.model_import import import_model, option_ids
from tests.samm_support import guid, write_samm_model


@pytest.fixture
def model(tmp_path: Path) -> Path:
    write_samm_model(tmp_path / "core", related={"D-SA-2-A": ["G-SM-1-A", "practice:G-SM"], "V-ST-3-B": ["I-DM-1-A"]})
    return tmp_path / "core"


def test_the_model_becomes_a_valid_questionnaire_that_scores(model: Path, tmp_path: Path) -> None:
    result = import_model(model, "2.2.0")
    q = result.questionnaire
    assert (q.id, q.version, q.scoring, q.comparable_with) == ("owasp-samm", "2.2.0", "samm", "samm-benchmark")
    assert [f.id for f in q.functions] == ["G", "D", "I", "V", "O"]
    assert [a.id for a in q.activities[:4]] == ["G-SM-A-1", "G-SM-A-2", "G-SM-A-3", "G-SM-B-1"]
    assert len(q.activities) == 90
    # the written file loads back as the same questionnaire, and scores
    path = tmp_path / "samm.yaml"
    path.write_text(result.text, encoding="utf-8")
    again = load_questionnaire(path)
    assert [a.id for a in again.activities] == [a.id for a in q.activities]
    answers = Answers.model_validate(
        {"format": 1, "questionnaire": q.id, "version": q.version, "answers": {"G-SM-A-1": "nearly-all"}}
    )
    assert score(again, answers).practice("G-SM").score == 0.5


def test_answer_sets_become_scales_with_readable_ids_and_no_reads_as_the_word(model: Path) -> None:
    q = import_model(model, "2.2.0").questionnaire
    assert [(o.id, o.label, o.value) for o in q.scales["A"]] == [
        ("none", "No", 0),  # written `text: No` unquoted, as the official files are
        ("few", "Yes, a few", 0.25),
        ("about-half", "Yes, about half", 0.5),
        ("nearly-all", "Yes, nearly all", 1),
    ]
    # the answer with a trailing space is kept without it
    assert [o.label for o in q.scales["B"]][1] == "Yes, now and then"
    assert q.activity_by_id["G-SM-B-1"].scale == "B"


def test_questions_criteria_objectives_benefits_and_guids_are_kept(model: Path) -> None:
    q = import_model(model, "2.2.0").questionnaire
    activity = q.activity_by_id["D-SA-B-2"]
    assert activity.question == "Do you do SA B at level 2?"
    assert activity.criteria == ("First criterion of D-SA-2-B", "Second criterion of D-SA-2-B")
    assert activity.title == "Do SA B 2"
    assert activity.samm is not None and (activity.samm.id, activity.samm.relation) == ("D-SA-2-B", "equivalent")
    assert activity.extensions["x-samm-guid"] == guid("activity", "D-SA-2-B")
    assert activity.extensions["x-samm-question-guid"] == guid("question", "D-SA-2-B")
    assert activity.extensions["x-samm-benefit"] == "Better SA."
    practice = q.practice_by_id["D-SA"]
    assert practice.extensions["x-samm-objectives"][2] == "Objective of SA at level 2."
    assert practice.extensions["x-samm-guid"] == guid("practice", "D-SA")
    assert q.stream_of["D-SA-B-2"].extensions["x-samm-guid"] == guid("stream", "D-SA-B")
    assert q.functions[1].extensions["x-samm-guid"] == guid("function", "D")
    assert q.scale_extensions["A"]["x-samm-guid"] == guid("set", "A")
    assert q.extensions["x-samm-model"] == {"version": "2.2.0", "model": "SAMM20"}


def test_related_activities_become_requires_and_a_practice_link_is_reported_and_dropped(model: Path) -> None:
    result = import_model(model, "2.2.0")
    q = result.questionnaire
    assert q.activity_by_id["D-SA-A-2"].requires == ("G-SM-A-1",)
    assert q.activity_by_id["V-ST-B-3"].requires == ("I-DM-A-1",)
    [note] = result.notes
    assert "model/activities/D-SA-2-A.yml:" in note
    assert "points at the practice Practice SM, not at an activity; dropped" in note


def test_a_link_to_a_missing_guid_names_the_file_and_line(model: Path) -> None:
    question = model / "model" / "questions" / "I-SD-2-B.yml"
    question.write_text(question.read_text().replace(guid("activity", "I-SD-2-B"), "f" * 32))
    with pytest.raises(InputError) as caught:
        import_model(model, "2.2.0")
    [problem] = caught.value.problems
    assert problem.file.endswith("model/questions/I-SD-2-B.yml")
    assert problem.line == 3
    assert "'ffffffff" in problem.what and "no Activity of the model" in problem.what


def test_a_folder_that_is_not_a_samm_model_is_refused(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    with pytest.raises(InputError) as caught:
        import_model(tmp_path, "2.2.0")
    assert "is not a SAMM core model folder (no business_functions/" in str(caught.value)
    with pytest.raises(InputError, match="no such folder"):
        import_model(tmp_path / "missing", "2.2.0")


def test_a_file_of_the_wrong_type_is_refused_at_its_line(model: Path) -> None:
    stream = model / "model" / "streams" / "G-SM-A.yml"
    stream.write_text(stream.read_text().replace("type: Stream", "type: Activity"))
    with pytest.raises(InputError) as caught:
        import_model(model, "2.2.0")
    assert [(p.file.endswith("streams/G-SM-A.yml"), p.what) for p in caught.value.problems] == [
        (True, "type should be Stream in streams/")
    ]


def test_the_version_comes_from_the_option_a_version_file_or_git(model: Path) -> None:
    with pytest.raises(InputError, match="pass --version"):
        import_model(model)
    (model / "VERSION").write_text("v2.1.0\n")
    assert import_model(model).questionnaire.version == "2.1.0"
    (model / "VERSION").unlink()
    git = ["git", "-C", str(model), "-c", "user.email=t@example.com", "-c", "user.name=t"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "."], check=True)
    subprocess.run([*git, "commit", "-q", "-m", "model"], check=True)
    subprocess.run([*git, "tag", "v2.0.16"], check=True)
    assert import_model(model).questionnaire.version == "2.0.16"
    assert import_model(model, "2.2.0").questionnaire.version == "2.2.0"


def test_an_untested_version_is_said_and_a_bad_one_refused(model: Path) -> None:
    assert any("version 3.0.0 was not checked" in n for n in import_model(model, "3.0.0").notes)
    with pytest.raises(InputError, match=r"is not a version such as 2\.2\.0"):
        import_model(model, "latest")


def test_option_ids_are_readable_unique_and_never_yaml_booleans() -> None:
    assert option_ids(["No", "Yes, but we do it now and then", "Yes, for a few teams", "Yes, it is done by all"]) == [
        "none",
        "now-and-then",
        "few-teams",
        "done-by-all",
    ]
    assert option_ids(["No", "Yes", "Yes!", "On"]) == ["none", "option-2", "option-3", "answer-on"]
    assert option_ids(["No", "Some", "Some"]) == ["none", "some", "some-2"]
