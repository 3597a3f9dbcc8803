"""Content rules of the built-in questionnaire (api-samm).

The file format allows small, sparse questionnaires; the built-in one promises more:
the full SAMM shape, a complete text for every activity, refs that exist, and enough
coverage of every OWASP API Top 10 risk. These tests hold it to that promise.
"""

from __future__ import annotations

import difflib
import itertools
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from assess.core.model import Questionnaire
from assess.core.problems import InputError
from assess.files.discovery import builtin_questionnaires
from assess.files.loading import load_questionnaire
from assess.files.resources import builtin_questionnaires_dir

QUESTIONNAIRE_FILE = builtin_questionnaires_dir() / "api-samm.yaml"
CATALOGUE_FILE = builtin_questionnaires_dir() / "catalogues" / "refs.yaml"

SAMM_PRACTICES = {
    "G": ["G-SM", "G-PC", "G-EG"],
    "D": ["D-TA", "D-SR", "D-SA"],
    "I": ["I-SB", "I-SD", "I-DM"],
    "V": ["V-AA", "V-RT", "V-ST"],
    "O": ["O-IM", "O-EM", "O-OM"],
}
SCALES = {
    "coverage": ["none", "some", "half", "most"],
    "teams": ["none", "some", "half", "most"],
    "cadence": ["never", "adhoc", "regular", "continuous"],
    "rollout": ["none", "pilot", "partial", "everywhere"],
    "depth": ["none", "informal", "defined", "measured"],
}
TOP10 = [f"API{n}" for n in range(1, 11)]
MIN_ACTIVITIES_PER_TOP10_RISK = 3

# Near-duplicate questions. difflib's ratio compares the lowercased questions character by
# character: a question copied and lightly edited (a word swapped, "APIs" -> "API teams") scores
# above 0.85, while the 90 distinct questions of api-samm all stay below 0.5 (they share API
# vocabulary and openings such as "Do you ... your APIs"). 0.7 sits between the two with margin on
# both sides. Token Jaccard catches reordered copies that difflib misses: distinct questions share
# under 0.3 of their words; a reordered copy shares nearly all of them.
MAX_QUESTION_RATIO = 0.7
MAX_QUESTION_JACCARD = 0.5


@pytest.fixture(scope="module")
def questionnaire() -> Questionnaire:
    return load_questionnaire(QUESTIONNAIRE_FILE)


@pytest.fixture(scope="module")
def catalogues() -> dict[str, Any]:
    data = yaml.safe_load(CATALOGUE_FILE.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def _valid_ids(catalogues: dict[str, Any]) -> dict[str, set[str]]:
    return {
        "owasp-api-top10-2023": set(catalogues["owasp-api-top10-2023"]["ids"]),
        "asvs-5.0": set(catalogues["asvs-5.0"]["requirements"]),
        "nist-sp-800-228": set(catalogues["nist-sp-800-228"]["ids"]),
        "csa-ccm-4": set(catalogues["csa-ccm-4"]["ids"]),
    }


def _tokens(text: str) -> set[str]:
    return set(re.findall(r"[a-z0-9]+", text.lower()))


def _similarity(a: str, b: str) -> tuple[float, float]:
    ratio = difflib.SequenceMatcher(None, a.lower(), b.lower()).ratio()
    ta, tb = _tokens(a), _tokens(b)
    return ratio, len(ta & tb) / len(ta | tb)


# Shape


def test_samm_shape_5_15_30_90(questionnaire: Questionnaire) -> None:
    assert [f.id for f in questionnaire.functions] == list(SAMM_PRACTICES)
    for function in questionnaire.functions:
        assert [p.id for p in function.practices] == SAMM_PRACTICES[function.id]
        for practice in function.practices:
            assert [s.id for s in practice.streams] == [f"{practice.id}-A", f"{practice.id}-B"]
            for stream in practice.streams:
                assert [a.level for a in stream.activities] == [1, 2, 3]
                assert [a.id for a in stream.activities] == [f"{stream.id}-{n}" for n in (1, 2, 3)]
    assert len(questionnaire.practice_by_id) == 15
    assert sum(len(p.streams) for p in questionnaire.practice_by_id.values()) == 30
    assert len(questionnaire.activities) == 90
    assert questionnaire.activities[0].id == "G-SM-A-1"
    assert questionnaire.activities[-1].id == "O-OM-B-3"


def test_scales_are_the_documented_four_point_scales(questionnaire: Questionnaire) -> None:
    assert {name: [o.id for o in options] for name, options in questionnaire.scales.items()} == SCALES
    for options in questionnaire.scales.values():
        assert [o.value for o in options] == [0, 0.25, 0.5, 1]


# Text of each activity


def test_every_question_ends_with_a_question_mark(questionnaire: Questionnaire) -> None:
    bad = [a.id for a in questionnaire.activities if not a.question.rstrip().endswith("?")]
    assert bad == []


def test_every_activity_has_title_action_guidance_and_effort(questionnaire: Questionnaire) -> None:
    assert questionnaire.effort_basis, "the effort basis is stated once in the file"
    for activity in questionnaire.activities:
        assert activity.title and activity.title.strip(), activity.id
        assert activity.action and activity.action.strip(), activity.id
        assert activity.effort is not None and activity.effort == int(activity.effort), activity.id
        assert 1 <= activity.effort <= 40, activity.id


def test_guidance_says_good_evidence_pitfall_in_that_order(questionnaire: Questionnaire) -> None:
    for activity in questionnaire.activities:
        text = activity.guidance or ""
        positions = [text.find(part) for part in ("Good:", "Evidence:", "Pitfall:")]
        assert positions[0] == 0 and positions == sorted(positions) and -1 not in positions, activity.id


def test_two_to_five_criteria_each(questionnaire: Questionnaire) -> None:
    counts = {a.id: len(a.criteria) for a in questionnaire.activities}
    assert {k: n for k, n in counts.items() if not 2 <= n <= 5} == {}


def test_criteria_are_written_alike(questionnaire: Questionnaire) -> None:
    """One style across the five writers: a statement, no closing full stop."""
    bad = [(a.id, c) for a in questionnaire.activities for c in a.criteria if c.rstrip().endswith(".")]
    assert bad == []


def test_no_two_questions_nearly_identical(questionnaire: Questionnaire) -> None:
    too_close = []
    for a, b in itertools.combinations(questionnaire.activities, 2):
        ratio, jaccard = _similarity(a.question, b.question)
        if ratio >= MAX_QUESTION_RATIO or jaccard >= MAX_QUESTION_JACCARD:
            too_close.append((a.id, b.id, round(ratio, 2), round(jaccard, 2)))
    assert too_close == []


def test_the_similarity_check_catches_a_lightly_edited_copy(questionnaire: Questionnaire) -> None:
    """The thresholds are not so loose that they let a copy through."""
    original = questionnaire.activity_by_id["V-RT-A-1"].question
    edited = original.replace("your API tests", "your automated API tests").replace("swapping", "changing")
    reordered = " ".join(reversed(original.split()))
    assert _similarity(original, edited)[0] >= MAX_QUESTION_RATIO
    assert _similarity(original, reordered)[1] >= MAX_QUESTION_JACCARD


# References


def test_every_activity_has_at_least_one_ref(questionnaire: Questionnaire) -> None:
    bad = [a.id for a in questionnaire.activities if not any(a.probes.values())]
    assert bad == []


def test_every_ref_id_is_in_the_catalogue(questionnaire: Questionnaire, catalogues: dict[str, Any]) -> None:
    valid = _valid_ids(catalogues)
    unknown = [
        (a.id, family, ident)
        for a in questionnaire.activities
        for family, idents in a.probes.items()
        for ident in idents
        if ident not in valid.get(family, set())
    ]
    assert unknown == []


def test_provisional_catalogue_ids_stay_flagged(catalogues: dict[str, Any]) -> None:
    assert catalogues["nist-sp-800-228"]["verified"] is False
    assert catalogues["csa-ccm-4"]["ids"]["AIS-08"]["verified"] is False
    assert catalogues["csa-ccm-4"]["ids"]["AIS-01"]["verified"] is True
    assert catalogues["owasp-api-top10-2023"]["verified"] is True
    assert catalogues["asvs-5.0"]["verified"] is True


def test_each_top10_risk_is_probed_by_at_least_three_activities(questionnaire: Questionnaire) -> None:
    counts = dict.fromkeys(TOP10, 0)
    for activity in questionnaire.activities:
        for risk in activity.probes.get("owasp-api-top10-2023", ()):
            counts[risk] += 1
    assert {r: n for r, n in counts.items() if n < MIN_ACTIVITIES_PER_TOP10_RISK} == {}


# Dependencies


def test_requires_point_at_other_streams_and_are_acyclic(questionnaire: Questionnaire) -> None:
    """Loading already proves acyclicity; the content rule adds: never a lower level of the same stream."""
    for activity in questionnaire.activities:
        for required in activity.requires:
            assert required in questionnaire.activity_by_id, (activity.id, required)
            assert questionnaire.stream_of[required].id != questionnaire.stream_of[activity.id].id, activity.id
    assert 0 < sum(len(a.requires) for a in questionnaire.activities) <= 25


def _with_requires(data: dict[str, Any], extra: dict[str, list[str]]) -> dict[str, Any]:
    for function in data["functions"]:
        for practice in function["practices"]:
            for stream in practice["streams"]:
                for activity in stream["activities"]:
                    if activity["id"] in extra:
                        activity["requires"] = [*activity.get("requires", []), *extra[activity["id"]]]
    return data


@pytest.mark.parametrize(
    "extra",
    [
        # G-SM-A-2 already requires D-TA-A-1: closing the loop across practices.
        {"D-TA-A-1": ["G-SM-A-2"]},
        # A level 1 requiring level 3 of its own stream: a loop through the implicit order.
        {"O-OM-B-1": ["O-OM-B-3"]},
    ],
)
def test_the_model_rejects_a_requires_cycle(tmp_path: Path, extra: dict[str, list[str]]) -> None:
    data = _with_requires(yaml.safe_load(QUESTIONNAIRE_FILE.read_text(encoding="utf-8")), extra)
    broken = tmp_path / "cyclic.yaml"
    broken.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_questionnaire(broken)
    messages = [str(p) for p in caught.value.problems]
    assert any("dependency cycle" in m for m in messages), messages


# Profiles


def test_profiles_cover_every_practice_with_a_rationale(questionnaire: Questionnaire) -> None:
    practices = set(questionnaire.practice_by_id)
    assert questionnaire.profiles, "the built-in questionnaire ships target profiles"
    assert questionnaire.default_profile in questionnaire.profiles
    for name, profile in questionnaire.profiles.items():
        assert set(profile.targets) == practices, name
        assert all(0 <= t <= 3 for t in profile.targets.values()), name
        assert profile.title and profile.rationale and len(profile.rationale.split()) >= 15, name


def test_profiles_rise_with_exposure(questionnaire: Questionnaire) -> None:
    """Internal <= public <= regulated, practice by practice: a stricter profile never asks for less."""
    internal, public, regulated = (
        questionnaire.profiles[n].targets for n in ("internal", "public", "regulated-financial")
    )
    for practice in questionnaire.practice_by_id:
        assert internal[practice] <= public[practice] <= regulated[practice], practice


# The catalogue file beside the questionnaire


def test_the_catalogue_file_is_not_taken_for_a_questionnaire() -> None:
    assert CATALOGUE_FILE.is_file()
    assert all(q.id != "refs" for q in builtin_questionnaires())
    assert "api-samm" in [q.id for q in builtin_questionnaires()]
    with pytest.raises(InputError):  # were it scanned, listing the built-ins would fail
        load_questionnaire(CATALOGUE_FILE)
