"""The optional keys format 1 gained (DESIGN "Extensions to format 1"): old files stay valid, new keys
load, survive a save, and bad values are reported at their line."""

from __future__ import annotations

import pytest

from assess.core.problems import InputError
from assess.files.loading import load_answers, load_questionnaire
from assess.files.saving import dump_answers
from assess.files.yaml_source import parse_yaml
from tests.conftest import WriteFile

EXTENDED = """\
format: 1
id: tiny
version: 1.0.0
title: Tiny
scoring: samm
comparable_with: samm-benchmark
x-source: {guid: q-1}
scales:
  yn:
    options:
      - {id: nope, label: "No", value: 0, x-samm-guid: o-1}
      - {id: yep, label: "Yes", value: 1}
    x-samm-guid: s-1
  plain:
    - {id: nope, label: "No", value: 0}
    - {id: yep, label: "Yes", value: 1}
functions:
  - id: F
    name: F
    x-samm-guid: f-1
    practices:
      - id: P
        name: P
        x-samm-guid: p-1
        streams:
          - id: S
            name: S
            x-samm-guid: st-1
            activities:
              - id: a1
                level: 1
                question: "One?"
                scale: yn
                role: api-team
                effort: {low: 2, high: 6}
                samm: {id: D-SA-1-A, relation: narrower}
                refs:
                  probes: {owasp-api-top10-2023: [API1]}
                  related: {owasp-api-top10-2023: [API5], asvs-5.0: ["8.2.1"]}
                x-samm-guid: a-1
              - id: a2
                level: 2
                question: "Two?"
                scale: plain
                effort: 3
                refs: {owasp-api-top10-2023: [API2]}
profiles:
  public:
    title: Public APIs
    targets: {P: 1}
    must_have: [a1]
    x-note: kept
"""


def test_extension_keys_load_and_are_kept(write: WriteFile) -> None:
    q = load_questionnaire(write("q.yaml", EXTENDED))
    a1, a2 = q.activities
    assert (q.scoring, q.comparable_with) == ("samm", "samm-benchmark")
    assert q.extensions == {"x-source": {"guid": "q-1"}}
    assert q.scale_extensions == {"yn": {"x-samm-guid": "s-1"}}
    assert [o.id for o in q.scales["yn"]] == ["nope", "yep"]
    assert q.scales["yn"][0].extensions == {"x-samm-guid": "o-1"}
    function = q.functions[0]
    assert function.extensions == {"x-samm-guid": "f-1"}
    assert function.practices[0].extensions == {"x-samm-guid": "p-1"}
    assert function.practices[0].streams[0].extensions == {"x-samm-guid": "st-1"}
    assert a1.extensions == {"x-samm-guid": "a-1"}
    assert (a1.role, a1.effort_range, a1.effort_days) == ("api-team", (2, 6), 4)
    assert a1.samm is not None and (a1.samm.id, a1.samm.relation) == ("D-SA-1-A", "narrower")
    assert a1.probes == {"owasp-api-top10-2023": ("API1",)}
    assert a1.refs.related["owasp-api-top10-2023"] == ("API5",)
    assert a2.probes == {"owasp-api-top10-2023": ("API2",)}  # the short form means probed
    assert (a2.effort_range, a2.effort_days) == ((3, 3), 3)
    assert q.profiles["public"].must_have == ("a1",)
    assert q.profiles["public"].extensions == {"x-note": "kept"}


@pytest.mark.parametrize(
    ("edit", "line", "words"),
    [
        (("effort: {low: 2, high: 6}", "effort: {low: 6, high: 2}"), 35, "effort high (2) is below low (6)"),
        (("role: api-team", "role: intern"), 34, "appsec"),
        (("relation: narrower", "relation: similar"), 36, "equivalent"),
        (("must_have: [a1]", "must_have: [a9]"), 51, "must-have names unknown activity 'a9'"),
        (("scoring: samm", "scoring: cmmi"), 5, "bsimm"),
        (("    x-samm-guid: s-1", "    colour: red"), 13, "unknown key 'colour' in scale yn"),
    ],
)
def test_bad_extension_values_are_reported_at_their_line(
    write: WriteFile, edit: tuple[str, str], line: int, words: str
) -> None:
    assert edit[0] in EXTENDED
    with pytest.raises(InputError) as caught:
        load_questionnaire(write("q.yaml", EXTENDED.replace(*edit)))
    found = [(p.line, p.what) for p in caught.value.problems]
    assert [at for at, what in found if words in what] == [line], found
    assert len(found) == 1, found  # one problem, one line: no echo from a union's other branch
    assert "Value error" not in found[0][1]


ANSWERS = """\
format: 1
questionnaire: tiny
version: 1.0.0
team: Mobile
classification: Confidential
estate: {apis: 4, teams: 1, x-source: cmdb}
answers:
  a1:
    answer: nope
    finding: critical
    finding_note: one key shared by every app install
  a2: yep
"""


def test_findings_estate_and_classification_survive_a_save(write: WriteFile) -> None:
    answers = load_answers(write("a.yaml", ANSWERS))
    assert answers.classification == "Confidential"
    assert answers.estate is not None and (answers.estate.apis, answers.estate.teams) == (4, 1)
    entry = answers.answers["a1"]
    assert (entry.finding, entry.finding_note) == ("critical", "one key shared by every app install")
    saved = dump_answers(answers)
    assert parse_yaml(saved, "saved").data == parse_yaml(ANSWERS, "original").data
    assert load_answers(write("b.yaml", saved)) == answers


@pytest.mark.parametrize(
    ("edit", "words"),
    [
        (("finding: critical", "finding: severe"), "critical"),
        (("apis: 4", "apis: 0"), "0 is too small here; write a whole number of 1 or more"),
        (("apis: 4", "apis: -3"), "write a whole number of 1 or more"),
        (("apis: 4", "apis: 2.5"), "whole number"),
    ],
)
def test_bad_findings_and_estates_are_refused(write: WriteFile, edit: tuple[str, str], words: str) -> None:
    with pytest.raises(InputError) as caught:
        load_answers(write("a.yaml", ANSWERS.replace(*edit)))
    assert any(words in p.what for p in caught.value.problems), caught.value.problems


def test_the_committed_schemas_accept_the_extension_keys() -> None:
    import json

    import jsonschema

    from assess.files.resources import builtin_questionnaires_dir

    for kind, text in (("questionnaire", EXTENDED), ("answers", ANSWERS)):
        schema = json.loads((builtin_questionnaires_dir() / "schemas" / f"{kind}.schema.json").read_text())
        jsonschema.validate(parse_yaml(text, kind).data, schema)
    bad = parse_yaml(ANSWERS.replace("finding: critical", "finding: severe"), "answers").data
    schema = json.loads((builtin_questionnaires_dir() / "schemas" / "answers.schema.json").read_text())
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, schema)
