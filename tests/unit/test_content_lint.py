"""The content lint itself: it must catch the faults the 1.1.0 review found in api-samm 1.0.0.

If the lint stopped flagging them, the content tests of 1.1.0 would pass for the wrong reason.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from assess.core.model import Questionnaire
from assess.files.resources import builtin_questionnaires_dir
from tests.unit import content_lint

OLD = Path(__file__).resolve().parents[1] / "data" / "v1.0.0" / "api-samm.yaml"
CURRENT = builtin_questionnaires_dir() / "api-samm.yaml"
CATALOGUES = builtin_questionnaires_dir() / "catalogues" / "refs.yaml"

# The activities the three assessors named (issue 11): "Yes, informally" next to criteria that demand
# a signed or versioned artefact, "Yes, ad hoc" next to a fixed schedule or gate, and criteria about
# "every API contract" under a coverage scale.
DEPTH_FAULTS = ["G-SM-A-1", "G-PC-B-2", "D-TA-B-3", "D-SA-A-3", "I-DM-A-2", "I-DM-B-3", "V-AA-B-3", "O-IM-B-3"]
CADENCE_FAULTS = [
    *("G-SM-A-3", "G-SM-B-3", "G-EG-B-3", "D-TA-A-3", "D-SR-B-3"),
    *("I-DM-B-1", "V-AA-A-3", "V-RT-A-3", "V-ST-A-3"),
]
COVERAGE_FAULTS = ["I-SB-A-2"]


def _old_questionnaire() -> Questionnaire:
    """1.0.0 as it was, with the units its two share scales meant (it did not state them)."""
    data: dict[str, Any] = yaml.safe_load(OLD.read_text(encoding="utf-8"))
    nouns = {"coverage": "API", "teams": "team"}
    data["scales"] = {
        name: {"options": options, "x-unit": {"noun": nouns[name]}} if name in nouns else options
        for name, options in data["scales"].items()
    }
    return Questionnaire.model_validate(data)


def test_the_lint_flags_every_fault_found_in_1_0_0() -> None:
    q = _old_questionnaire()
    flagged = {a.id for a in q.activities if list(content_lint.option_problems(q, a))}
    assert set(DEPTH_FAULTS + CADENCE_FAULTS + COVERAGE_FAULTS) <= flagged


def test_the_lint_flags_long_and_double_questions_in_1_0_0() -> None:
    q = _old_questionnaire()
    flagged = {a.id for a in q.activities if list(content_lint.question_problems(a.question))}
    assert {"O-IM-A-1", "O-IM-B-1", "G-EG-A-3", "O-OM-A-2"} <= flagged


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        ("Every API declares its scopes", True),
        ("The inventory holds a tier for each API", True),
        ("Each of the APIs has an owner", True),
        ("All internet-facing APIs answer over TLS", True),
        ("Every API team names a champion", False),
        ("The contract declares, per operation, its security scheme", False),
        ("Scan reports show each API's coverage", False),
        ("A report shows per API the share of operations", False),
    ],
)
def test_the_unit_quantifier_pattern(text: str, flagged: bool) -> None:
    assert bool(content_lint.unit_pattern("API").search(text)) is flagged


@pytest.mark.parametrize(
    ("question", "problem"),
    [
        ("Do you log calls?", None),
        ("Do you log calls? Do you review them?", "two question marks"),
        ("Do you log calls and whether anyone reads them?", "and whether"),
        ("Do you log calls, and does anyone read the logs?", "second question"),
        ("Do you log calls", "question mark"),
        ("Do " + "you " * 30 + "log?", "words"),
        # A second demand tacked on after a comma (the 1.1.0 review named about fifteen of them).
        ("Are your gateways hardened beyond their defaults, with per-client rate limits in force?", "second demand"),
        ("Is containment of API incidents automated where it can be, and measured against targets?", "second demand"),
        ("Do your APIs keep access logs, watched by a named person?", "second demand"),
        ("Do you log who called which endpoint on which object and what it answered?", None),
        ("Do you log calls with their caller and outcome?", None),
    ],
)
def test_question_problems(question: str, problem: str | None) -> None:
    found = list(content_lint.question_problems(question))
    if problem is None:
        assert found == []
    else:
        assert any(problem in p for p in found), found


def _unverified() -> set[tuple[str, str]]:
    return content_lint.unverified_ids(yaml.safe_load(CATALOGUES.read_text(encoding="utf-8")))


def test_the_lint_flags_probes_a_document_cannot_back_in_1_0_0() -> None:
    """1.0.0 counted every ref as a probe: policies and training "probed" Top 10 risks, NIST ids counted."""
    q = _old_questionnaire()
    unverified = _unverified()  # once: parsed per activity, the catalogue took 6 s
    problems = {a.id: list(content_lint.probe_problems(q, a, unverified)) for a in q.activities}
    governance = {i for i, p in problems.items() if any(m.startswith("Governance probes") for m in p)}
    provisional = {i for i, p in problems.items() if any("unverified" in m for m in p)}
    assert {"G-PC-A-1", "G-SM-B-1", "G-SM-A-3", "G-EG-A-1"} <= governance
    assert all(i.startswith("G-") for i in governance)
    assert {"G-PC-A-1", "D-SA-A-2", "O-IM-B-1"} <= provisional


def test_unverified_ids_come_from_the_catalogue_flags() -> None:
    found = _unverified()
    assert ("nist-sp-800-228", "*") in found and ("csa-ccm-4.1", "AIS-08") in found
    assert not any(family == "owasp-api-top10-2023" for family, _ in found)


def _current_with_rationale(edit: Any) -> Questionnaire:
    data: dict[str, Any] = yaml.safe_load(CURRENT.read_text(encoding="utf-8"))
    data["profiles"]["public"]["rationale"] = edit(data["profiles"]["public"]["rationale"])
    return Questionnaire.model_validate(data)


def test_the_lint_flags_a_must_have_left_unexplained() -> None:
    q = _current_with_rationale(lambda text: text.replace("I-DM-A-1 (", "the disclosure channel ("))
    assert any("must-have I-DM-A-1" in p for p in content_lint.must_have_problems(q))


def test_the_lint_flags_a_profile_that_does_not_say_how_must_haves_are_judged() -> None:
    q = _current_with_rationale(lambda text: " ".join(text.split()).replace("must-have is met only when every", "-"))
    assert any("when a must-have is met" in p for p in content_lint.must_have_problems(q))
