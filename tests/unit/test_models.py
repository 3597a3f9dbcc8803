"""Model cross-checks, each reported at the right line of the file."""

from __future__ import annotations

import pytest

from assess.core.model import Answers
from assess.core.model.questionnaire_checks import MAX_CYCLE_SHOWN
from assess.core.problems import InputError, Problem
from assess.files.assessments import load_assessment
from assess.files.loading import load_answers, load_questionnaire
from tests.conftest import ODD_PATH, WriteFile

HEAD = """\
format: 1
id: tiny
version: 1.0.0
title: Tiny
scales:
  yn:
    - {id: nope, label: "No", value: 0}
    - {id: yep, label: "Yes", value: 1}
"""

FUNCTIONS = """\
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
              - {id: a1, level: 1, question: "One?", scale: yn}
              - {id: a2, level: 2, question: "Two?", scale: yn}
"""


def problems_of(write: WriteFile, text: str) -> list[Problem]:
    path = write("q.yaml", text)
    with pytest.raises(InputError) as caught:
        load_questionnaire(path)
    return list(caught.value.problems)


def test_a_valid_tiny_questionnaire_loads(write: WriteFile) -> None:
    q = load_questionnaire(write("q.yaml", HEAD + FUNCTIONS))
    assert [a.id for a in q.activities] == ["a1", "a2"]
    assert q.practice_max == {"P": 2}
    assert q.activities[0].effort_days == 1  # a missing effort counts as one person-day
    assert q.activities[0].display_title == "One?"  # the title falls back to the question


@pytest.mark.parametrize(
    ("edit", "line", "words"),
    [
        (("a2, level: 2", "a1, level: 2"), 20, "activity id 'a1' is used twice"),
        (("a2, level: 2", "a2, level: 1"), 20, "already has a level-1 activity"),
        (('"Two?", scale: yn', '"Two?", scale: nope'), 20, "unknown scale 'nope'"),
        (("value: 1}", "value: 0}"), 8, "strictly ascending"),
        (("value: 1}", "value: 1.5}"), 8, "less than or equal to 1"),
        (("{id: nope,", '{id: "off",'), 7, "reads as a boolean"),
        (("{id: nope,", "{id: off,"), 7, "read as true/false"),
        (('"Two?", scale: yn}', '"Two?", scale: yn, requires: [zz]}'), 20, "unknown activity 'zz'"),
        (('"One?", scale: yn}', '"One?", scale: yn, requires: [a2]}'), 19, "dependency cycle a1 -> a2 -> a1"),
        (("name: F\n", "name: F\n    colour: red\n"), 12, "unknown key 'colour'"),
        (("version: 1.0.0", "version: 1.0"), 3, "YAML read 1.0 as a float"),
        (("format: 1", "format: 2"), 1, "format must be 1"),
    ],
)
def test_cross_checks_name_the_line(write: WriteFile, edit: tuple[str, str], line: int, words: str) -> None:
    text = (HEAD + FUNCTIONS).replace(*edit)
    assert text != HEAD + FUNCTIONS
    found = problems_of(write, text)
    assert any(words in p.what and p.line == line for p in found), found


def test_missing_required_key_points_at_its_parent(write: WriteFile) -> None:
    found = problems_of(write, (HEAD + FUNCTIONS).replace('question: "Two?", ', ""))
    assert [(p.line, p.where, p.what) for p in found] == [(20, "a2.question", "missing required key 'question'")]


def test_profiles_name_existing_practices_and_reachable_targets(write: WriteFile) -> None:
    text = HEAD + FUNCTIONS + "profiles:\n  good: {P: 2}\n  bad: {P: 2.5, Q: 1}\n"
    found = problems_of(write, text)
    messages = sorted(p.what for p in found)
    assert messages == [
        "target 2.5 for P is out of range; use 0 to 2",
        "unknown practice 'Q'; targets are set per practice: P",
    ]
    assert {p.line for p in found} == {23}


def test_every_problem_is_reported_not_just_the_first(write: WriteFile) -> None:
    text = (HEAD + FUNCTIONS).replace("scale: yn}", "scale: zz}")
    assert len(problems_of(write, text)) == 2


def answers_text(body: str, version: str = "0.3.1") -> str:
    return f"format: 1\nquestionnaire: odd-shapes\nversion: {version}\n{body}"


@pytest.mark.parametrize(
    ("body", "line", "words"),
    [
        ("answers:\n  nope-1: yep\n", 5, "unknown activity 'nope-1'"),
        ("answers:\n  one-3: maybe\n", 5, "unknown option 'maybe' for one-3"),
        ("targets:\n  P-ONE: 9\n", 5, "out of range; use 0 to"),
        ("targets:\n  ZZ: 1\n", 5, "unknown practice 'ZZ'"),
        ("answers:\n  one-3: {answer: yep, criteria: [true, true]}\n", 5, "criteria marks given"),
        ("colour: red\n", 4, "keys starting with x- are kept"),
        ("answers:\n  one-3: {answer: yep, bogus: 1}\n", 5, "unknown key 'bogus'"),
        ("date: 29/11/2026\n", 4, "YYYY-MM-DD"),
        ("answers:\n  one-3: 1\n", 5, 'found 1; if 1 is an option id, quote it ("1")'),
        ("answers:\n  one-3: [yep]\n", 5, "the long form (a mapping with answer:), found a list"),
        ("answers:\n  one-3: N/A\n", 5, "or n/a (lower case) for not applicable"),
        ("answers:\n  one-3: {answer: yep, criteria: [1]}\n", 5, "expected true or false, found 1"),
        ("targets:\n  P-ONE: '2'\n", 5, "expected a number, found '2'"),
        ("team: 42\n", 4, "YAML read 42 as an integer; put it in quotes"),
        ("scope:\n  - a\n", 4, "expected text, found a list"),
        ("answers:\n  - one-1: much\n", 4, "write one 'G-SM-A-1: some' per line, without a leading '- '"),
        ("targets: [P-ONE]\n", 4, "write one 'G-SM: 2' per line"),
    ],
)
def test_answers_mismatches_name_the_line(write: WriteFile, body: str, line: int, words: str) -> None:
    path = write("a.yaml", answers_text(body))
    with pytest.raises(InputError) as caught:
        load_assessment(path, str(ODD_PATH))
    assert any(words in p.what and p.line == line for p in caught.value.problems), caught.value.problems


def test_version_mismatch_is_a_clear_error_not_a_crash(write: WriteFile) -> None:
    path = write("a.yaml", answers_text("answers: {one-1: full}\n", version="0.2.0"))
    with pytest.raises(InputError) as caught:
        load_assessment(path, str(ODD_PATH))
    (problem,) = caught.value.problems
    assert problem.line == 3
    assert "written for odd-shapes 0.2.0 but the questionnaire is version 0.3.1" in problem.what


def test_unknown_questionnaire_is_reported(write: WriteFile) -> None:
    path = write("a.yaml", "format: 1\nquestionnaire: no-such-thing\nversion: 1.0.0\n")
    with pytest.raises(InputError) as caught:
        load_assessment(path)
    (problem,) = caught.value.problems
    assert problem.line == 2  # the file's questionnaire: line
    assert str(problem).startswith(f"{path}:2:1: questionnaire: 'no-such-thing' not found among the built-in")
    with pytest.raises(InputError) as caught:
        load_assessment(path, "also-missing")
    (problem,) = caught.value.problems
    assert problem.line is None  # -q named it, not the file
    assert "questionnaire 'also-missing' (given with -q) not found" in problem.what


def test_a_questionnaire_given_as_answers_is_one_clear_problem() -> None:
    with pytest.raises(InputError) as caught:
        load_assessment(ODD_PATH)
    assert [p.what for p in caught.value.problems] == [
        "is a questionnaire, not an answers file; pass it with -q to score answers against it"
    ]


def test_short_and_long_forms_dates_and_extensions(write: WriteFile) -> None:
    path = write(
        "a.yaml",
        answers_text(
            "date: '2026-11-29'\nx-jira: PAY-12\nanswers:\n  one-1: much\n  one-3:\n    answer: yep\n"
            "    note: said so\n    at: '2026-11-29T10:12:00Z'\n    x-ticket: T-1\n  two-a-2:\n"
        ),
    )
    answers = load_answers(path)
    assert isinstance(answers, Answers)
    assert answers.chosen("one-1") == "much"
    assert answers.answers["one-3"].note == "said so"
    assert answers.answers["one-3"].extensions == {"x-ticket": "T-1"}
    assert answers.extensions == {"x-jira": "PAY-12"}
    assert answers.chosen("two-a-2") is None
    assert answers.date is not None and answers.date.isoformat() == "2026-11-29"


def test_keys_that_are_not_text_are_named_as_written(write: WriteFile) -> None:
    path = write("a.yaml", answers_text("answers:\n  one-1: much\n  1.5: yep\n  true: yep\n  ~: yep\n  7: yep\n"))
    with pytest.raises(InputError) as caught:
        load_answers(path)
    found = [(p.line, p.where, p.what.split(";")[0]) for p in caught.value.problems]
    assert found == [
        (6, "answers.1.5", "the key 1.5 is read as a float"),
        (7, "answers.true", "the key true is read as a boolean"),
        (8, "answers.~", "a key is empty"),
        (9, "answers.7", "the key 7 is read as an integer"),
    ]


@pytest.mark.parametrize(
    ("text", "found"),
    [("- a list\n", "found a list"), ("---\n", "found nothing"), ("hello\n", "found text (5 characters)")],
)
def test_a_file_that_is_not_a_mapping_says_what_it_is(write: WriteFile, text: str, found: str) -> None:
    with pytest.raises(InputError) as caught:
        load_answers(write("a.yaml", text))
    assert str(caught.value) == f"{write('a.yaml', text)}:1:1: should hold a YAML mapping (an answers file), {found}"


def test_empty_lists_in_the_long_form_mean_none(write: WriteFile) -> None:
    path = write("a.yaml", answers_text("answers:\n  one-3:\n    answer: yep\n    evidence:\n    criteria:\n"))
    entry = load_answers(path).answers["one-3"]
    assert (entry.answer, entry.evidence, entry.criteria) == ("yep", (), ())


def test_a_bare_date_as_a_time_means_midnight_utc_quoted_or_not(write: WriteFile) -> None:
    quoted = write("q.yaml", answers_text("answers:\n  one-3: {answer: yep, at: '2026-11-29'}\n"))
    bare = write("b.yaml", answers_text("answers:\n  one-3: {answer: yep, at: 2026-11-29}\n"))
    at = load_answers(quoted).answers["one-3"].at
    assert at == load_answers(bare).answers["one-3"].at
    assert at is not None and at.isoformat() == "2026-11-29T00:00:00+00:00"


def test_a_longer_cycle_is_named_in_the_order_of_its_requires(write: WriteFile) -> None:
    streams = """\
          - id: T
            name: T
            activities:
              - {id: b1, level: 1, question: "B?", scale: yn, requires: [a2]}
          - id: U
            name: U
            activities:
              - {id: c1, level: 1, question: "C?", scale: yn, requires: [b1]}
"""
    text = (HEAD + FUNCTIONS + streams).replace('"One?", scale: yn}', '"One?", scale: yn, requires: [c1]}')
    found = problems_of(write, text)
    assert len(found) == 1, found
    assert "dependency cycle a1 -> c1 -> b1 -> a2 -> a1" in found[0].what
    assert found[0].line == 19


def test_a_very_long_cycle_is_cut_short_in_its_error(write: WriteFile) -> None:
    count = 30  # z0 requires z1 ... requires z29, which requires z0
    streams = "".join(
        f"          - id: Z{n}\n            name: Z\n            activities:\n"
        f"              - {{id: z{n}, level: 1, question: Z?, scale: yn, requires: [z{(n + 1) % count}]}}\n"
        for n in range(count)
    )
    (problem,) = problems_of(write, HEAD + FUNCTIONS + streams)
    shown = problem.what.split(";")[0].removeprefix("dependency cycle ").split(" -> ")
    assert len(shown) == MAX_CYCLE_SHOWN
    assert shown[-2] == f"... ({count + 1 - MAX_CYCLE_SHOWN + 1} more)"
    assert shown[0] == shown[-1]  # still starts and ends with the activity whose requires closes it
