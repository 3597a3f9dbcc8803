"""SAMMY's .samm JSON both ways: answers by value, notes and n/a in the assess extension, bad files refused."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assess.core.model import AnswerEntry, Answers, Questionnaire
from assess.core.problems import InputError
from assess.files.samm.samm_json import read_samm_json, to_samm_json

TODAY = dt.date(2026, 12, 1)


def _answers(q: Questionnaire, entries: dict[str, AnswerEntry], **fields: object) -> Answers:
    return Answers.model_validate(
        {"format": 1, "questionnaire": q.id, "version": q.version, **fields, "answers": entries}
    )


def _option(q: Questionnaire, activity_id: str, index: int) -> str:
    return q.options_for(q.activity_by_id[activity_id])[index].id


def test_answers_notes_and_na_survive_the_round_trip(api_samm: Questionnaire, tmp_path: Path) -> None:
    answers = _answers(
        api_samm,
        {
            "G-SM-A-1": AnswerEntry(answer=_option(api_samm, "G-SM-A-1", 1), note="Said so"),
            "I-SD-B-2": AnswerEntry(answer=_option(api_samm, "I-SD-B-2", 3)),
            "O-OM-B-3": AnswerEntry(answer="n/a", note="No such thing"),
            "V-ST-A-1": AnswerEntry(note="Only a note"),
        },
        team="Payments",
        scope="public APIs",
        date="2026-11-29",
        assessors=["Ana", "Ben"],
        **{"x-organisation": "Acme"},
    )
    text = to_samm_json(answers, api_samm, TODAY)
    document = json.loads(text)
    assert document["formatVersion"] == "1.0.0"
    assert document["assessment"]["organization"] == "Acme"
    assert document["assessment"]["scope"] == "Payments"
    assert document["assessment"]["date"] == "2026-11-29"
    assert document["assessment"]["answers"][:2] == [
        {"questionCode": "G-SM-A-1", "answerScore": 0.25},
        {"questionCode": "I-SD-B-2", "answerScore": 1},
    ]
    remarks = next(e for e in document["extensions"] if e["name"] == "Assessment Stream Remarks")
    assert remarks["assessmentStreamRemarks"]["G-SM-A"] == [{"text": "G-SM-A-1: Said so", "type": "COMMENT"}]
    path = tmp_path / "a.samm"
    path.write_text(text, encoding="utf-8")
    back = read_samm_json(path, api_samm).answers
    assert back.answers == answers.answers
    assert (back.team, back.scope, back.date, back.assessors, back.extensions) == (
        "Payments",
        "public APIs",
        dt.date(2026, 11, 29),
        ("Ana", "Ben"),
        {"x-organisation": "Acme"},
    )


def test_a_file_written_by_sammy_maps_scope_to_team_and_keeps_remarks(api_samm: Questionnaire, tmp_path: Path) -> None:
    path = tmp_path / "sammy.samm"
    path.write_text(
        json.dumps(
            {
                "formatVersion": "1.0.0",
                "assessment": {
                    "version": "1.0.0",
                    "organization": "Acme",
                    "scope": "Team Coyote",
                    "date": "2024-07-07",
                    "answers": [{"questionCode": "G-SM-A-1", "answerScore": 0.5}, {"questionCode": "G-SM-A-2"}],
                },
                "extensions": [
                    {
                        "name": "Assessment Stream Remarks",
                        "version": "1.0.0",
                        "assessmentStreamRemarks": {"G-SM-A": [{"text": "Checked", "type": "COMMENT"}]},
                    },
                ],
            }
        )
    )
    back = read_samm_json(path, api_samm).answers
    assert back.team == "Team Coyote"
    assert back.extensions == {"x-organisation": "Acme", "x-samm-stream-remarks": {"G-SM-A": ["Checked"]}}
    assert {k: e.answer for k, e in back.answers.items()} == {"G-SM-A-1": _option(api_samm, "G-SM-A-1", 2)}


def test_values_and_codes_that_do_not_fit_are_named(api_samm: Questionnaire, tmp_path: Path) -> None:
    path = tmp_path / "bad.samm"
    path.write_text(
        json.dumps(
            {
                "formatVersion": "1.0.0",
                "assessment": {
                    "answers": [
                        {"questionCode": "G-SM-A-1", "answerScore": 0.3},
                        {"questionCode": "X-YY-Z-9", "answerScore": 1},
                        {"questionCode": "G-SM-A-2", "answerScore": "high"},
                    ]
                },
            }
        )
    )
    with pytest.raises(InputError) as caught:
        read_samm_json(path, api_samm)
    assert [(p.where, p.what.split(" (")[0].split(";")[0]) for p in caught.value.problems] == [
        ("assessment.answers[0].answerScore", "0.3 is no answer of G-SM-A-1"),
        ("assessment.answers[1]", "'X-YY-Z-9' is no activity of api-samm " + api_samm.version),
        ("assessment.answers[2].answerScore", "should be a number"),
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{", "is not valid JSON"),
        ('{"formatVersion": "1.0.0", "assessment": {}, "assessment": {}}', "appears twice"),
        (
            '{"formatVersion": "1.0.0", "assessment": {"answers": [{"questionCode": "G-SM-A-1", "answerScore": NaN}]}}',
            "NaN is not a number JSON allows",
        ),
        ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
        ('{"formatVersion": "2.0.0", "assessment": {}}', "is not one assess reads"),
        ('{"answers": []}', "is not a .samm file"),
    ],
)
def test_malformed_files_are_refused(api_samm: Questionnaire, tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "x.samm"
    path.write_text(text)
    with pytest.raises(InputError, match=message):
        read_samm_json(path, api_samm)


NOTES = st.none() | st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=30)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_random_answers_survive_the_samm_file(api_samm: Questionnaire, tmp_path: Path, data: st.DataObject) -> None:
    chosen = data.draw(st.lists(st.sampled_from(api_samm.activities), max_size=40, unique_by=lambda a: a.id))
    entries: dict[str, AnswerEntry] = {}
    for activity in chosen:
        answer = data.draw(st.none() | st.just("n/a") | st.sampled_from([o.id for o in api_samm.options_for(activity)]))
        note = data.draw(NOTES)
        if answer is not None or note:
            entries[activity.id] = AnswerEntry(answer=answer, note=note or None)
    answers = _answers(api_samm, entries, team="T")
    path = tmp_path / "a.samm"
    path.write_text(to_samm_json(answers, api_samm, TODAY), encoding="utf-8")
    assert read_samm_json(path, api_samm).answers.answers == answers.answers
