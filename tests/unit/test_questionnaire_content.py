"""Content rules of the built-in questionnaire (api-samm).

The file format allows small, sparse questionnaires; the built-in one promises more:
the full SAMM shape, a complete text for every activity, answer options that can be chosen
honestly next to the criteria, refs that exist and mean "this activity probes it", and enough
coverage of every OWASP API Top 10 risk. These tests hold it to that promise. The answer-option
rules ("lint") live in tests/unit/content_lint.py so that they can be tested on broken copies.
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
from assess.core.model.questionnaire import ROLES, EffortRange
from assess.core.problems import InputError
from assess.files.discovery import builtin_questionnaires
from assess.files.loading import load_questionnaire
from assess.files.resources import builtin_questionnaires_dir
from tests.unit import content_lint

QUESTIONNAIRE_FILE = builtin_questionnaires_dir() / "api-samm.yaml"
CATALOGUE_FILE = builtin_questionnaires_dir() / "catalogues" / "refs.yaml"

SAMM_PRACTICES = {
    "G": ["G-SM", "G-PC", "G-EG"],
    "D": ["D-TA", "D-SR", "D-SA"],
    "I": ["I-SB", "I-SD", "I-DM"],
    "V": ["V-AA", "V-RT", "V-ST"],
    "O": ["O-IM", "O-EM", "O-OM"],
}
TOP10 = [f"API{n}" for n in range(1, 11)]
MIN_ACTIVITIES_PER_TOP10_RISK = 5
MAX_TOP10_PROBES_PER_ACTIVITY = 4
MAX_QUESTION_WORDS = 30

# The published SAMM benchmark (research/samm-formats.md, section 4): overall average 1.44.
SAMM_BENCHMARK_OVERALL = 1.44

# Near-duplicate questions. difflib's ratio compares the lowercased questions character by
# character: a question copied and lightly edited (a word swapped, "APIs" -> "API teams") scores
# above 0.85, while the 90 distinct questions of api-samm all stay below 0.6 (they share API
# vocabulary and openings such as "Do your APIs ..."). 0.7 sits between the two with margin on
# both sides. Token Jaccard catches reordered copies that difflib misses: distinct questions share
# under 0.45 of their words; a reordered copy shares nearly all of them.
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
        "csa-ccm-4.1": set(catalogues["csa-ccm-4.1"]["ids"]),
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


# Answer scales


def test_every_scale_has_four_samm_values_a_no_and_a_stated_unit(questionnaire: Questionnaire) -> None:
    for name, options in questionnaire.scales.items():
        assert [o.value for o in options] == [0, 0.25, 0.5, 1], name
        assert options[0].label == "No", name
        unit = questionnaire.scale_extensions.get(name, {}).get("x-unit", {})
        assert unit.get("noun") and unit.get("means"), f"scale {name} states its unit (x-unit: noun, means)"


def test_every_scale_is_used(questionnaire: Questionnaire) -> None:
    used = {a.scale for a in questionnaire.activities}
    assert set(questionnaire.scales) == used


def test_most_is_defined_wherever_it_is_offered(questionnaire: Questionnaire) -> None:
    """'Most' alone has no threshold; an option that claims most of something says how much."""
    for name, options in questionnaire.scales.items():
        for option in options:
            if re.search(r"\bmost\b", option.label, re.IGNORECASE):
                assert re.search(r"\d+\s*%", option.label), (name, option.label)
        top = options[-1].label
        assert re.search(r"80% or more|\ball\b|\bevery\b", top), (name, top)


def test_the_api_unit_is_defined(questionnaire: Questionnaire) -> None:
    """An API is one exposed contract per live major version; what the APIs call is counted as providers."""
    for name in ("apis", "pipelines", "runtime"):
        means = " ".join(questionnaire.scale_extensions[name]["x-unit"]["means"].split())
        assert "major version" in means, name
    apis = " ".join(questionnaire.scale_extensions["apis"]["x-unit"]["means"].split())
    assert "outbound integrations count under `providers`" in apis
    assert "named one by one in its `scope`" in apis


EMPTY_UNIT_SCALES = {"regulated-apis", "defects", "escapes", "launches", "kpi-misses", "finding-classes"}


def test_scales_whose_unit_can_be_empty_say_what_to_answer(questionnaire: Questionnaire) -> None:
    """No escapes, launches, misses or regulated APIs is not n/a: the process is what is assessed."""
    stated = {n for n, ext in questionnaire.scale_extensions.items() if ext.get("x-unit", {}).get("empty")}
    assert stated == EMPTY_UNIT_SCALES
    for name in stated:
        text = " ".join(questionnaire.scale_extensions[name]["x-unit"]["empty"].split())
        assert "top option if every criterion about the process holds" in text and "never n/a" in text, name


def test_share_scales_follow_the_80_percent_rule(questionnaire: Questionnaire) -> None:
    """Counted scales (five incident types, six sources) give the top value from 80% of the count, like the rest."""
    for name, top_words in (("incident-types", "four or all five"), ("discovery-sources", "five or all six")):
        top = questionnaire.scales[name][-1]
        assert top_words in top.label and top.value == 1, name


def test_no_option_contradicts_the_criteria_or_the_question(questionnaire: Questionnaire) -> None:
    problems = [
        (activity.id, problem)
        for activity in questionnaire.activities
        for problem in content_lint.option_problems(questionnaire, activity)
    ]
    assert problems == []


# Text of each activity


def test_every_question_is_one_short_question(questionnaire: Questionnaire) -> None:
    problems = [
        (a.id, problem) for a in questionnaire.activities for problem in content_lint.question_problems(a.question)
    ]
    assert problems == []
    longest = max(len(a.question.split()) for a in questionnaire.activities)
    assert longest <= MAX_QUESTION_WORDS


def test_every_activity_has_title_action_guidance_role_and_crosswalk(questionnaire: Questionnaire) -> None:
    for activity in questionnaire.activities:
        assert activity.title and activity.title.strip(), activity.id
        assert activity.action and activity.action.strip(), activity.id
        assert activity.role in ROLES, activity.id
        assert activity.samm is not None, activity.id


def test_every_effort_is_a_range_with_a_stated_basis(questionnaire: Questionnaire) -> None:
    basis = questionnaire.effort_basis or ""
    assert "attendees" in basis and "excludes" in basis, "the basis says whether attendee time counts"
    for activity in questionnaire.activities:
        effort = activity.effort
        assert isinstance(effort, EffortRange), activity.id
        assert 1 <= effort.low < effort.high <= 150, activity.id
        assert effort.high <= 4 * effort.low, f"{activity.id}: a range wider than 4x says nothing"


def test_platform_builds_are_not_estimated_like_small_tasks(questionnaire: Questionnaire) -> None:
    """The 1.0.0 cap of 40 days made shared platform work 2-4 times too small."""
    for activity_id in ("D-SA-A-2", "V-RT-A-2", "V-RT-B-2", "O-OM-A-1", "O-IM-B-1"):
        effort = questionnaire.activity_by_id[activity_id].effort
        assert isinstance(effort, EffortRange) and effort.high >= 40, activity_id


def test_the_samm_crosswalk_names_the_official_activity(questionnaire: Questionnaire) -> None:
    """api-samm ids are SAMM's exchange form; the official model writes function-practice-level-stream."""
    relations: dict[str, int] = {}
    for activity in questionnaire.activities:
        function, practice, stream, level = activity.id.split("-")
        assert activity.samm is not None
        assert activity.samm.id == f"{function}-{practice}-{level}-{stream}", activity.id
        relations[activity.samm.relation] = relations.get(activity.samm.relation, 0) + 1
    assert relations.get("equivalent", 0) >= 60, "most activities are SAMM's, applied to APIs"
    assert set(relations) > {"equivalent"}, "activities that mean something else say so"


def test_guidance_says_good_evidence_pitfall_in_that_order(questionnaire: Questionnaire) -> None:
    for activity in questionnaire.activities:
        text = activity.guidance or ""
        positions = [text.find(part) for part in ("Good:", "Evidence:", "Pitfall:")]
        assert positions[0] == 0 and positions == sorted(positions) and -1 not in positions, activity.id


def test_two_to_five_criteria_each(questionnaire: Questionnaire) -> None:
    counts = {a.id: len(a.criteria) for a in questionnaire.activities}
    assert {k: n for k, n in counts.items() if not 2 <= n <= 5} == {}


def test_criteria_are_written_alike(questionnaire: Questionnaire) -> None:
    """One style across the writers: a statement, no closing full stop."""
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
    edited = original.replace("your API tests", "your automated API tests").replace("reach", "read")
    reordered = " ".join(reversed(original.split()))
    assert edited != original
    assert _similarity(original, edited)[0] >= MAX_QUESTION_RATIO
    assert _similarity(original, reordered)[1] >= MAX_QUESTION_JACCARD


def test_one_artefact_earns_credit_in_one_place(questionnaire: Questionnaire) -> None:
    """1.0.0 credited the same artefact in several streams; each now has one home, others refer to it."""
    homes = {
        r"target ASVS level": {"D-TA-A-2"},
        r"exception register(?! of the standard)": {"G-PC-A-3"},
        r"fresh evidence|\bre-assess": {"D-SR-B-3"},
    }
    for pattern, allowed in homes.items():
        found = {a.id for a in questionnaire.activities if any(re.search(pattern, c) for c in a.criteria)}
        assert found == allowed, pattern


def test_requirements_driven_tests_say_what_a_failure_becomes(questionnaire: Questionnaire) -> None:
    """The criteria ask that the tests run and failures are tracked, not that the API already passes."""
    failure = re.compile(r"\b(defect|ticket|finding|stops the release)", re.I)
    for activity in questionnaire.activities:
        if activity.id.startswith("V-RT-"):
            assert any(failure.search(c) for c in activity.criteria), activity.id


# Dependencies


def test_requires_point_at_other_streams_and_are_acyclic(questionnaire: Questionnaire) -> None:
    """Loading already proves acyclicity; the content rule adds: never a lower level of the same stream."""
    for activity in questionnaire.activities:
        for required in activity.requires:
            assert required in questionnaire.activity_by_id, (activity.id, required)
            assert questionnaire.stream_of[required].id != questionnaire.stream_of[activity.id].id, activity.id
    assert 0 < sum(len(a.requires) for a in questionnaire.activities) <= 25


def test_an_activity_that_uses_risk_tiers_builds_on_them(questionnaire: Questionnaire) -> None:
    """Tiers exist from D-TA-A-2 on; 1.0.0 pointed some of these at D-TA-A-1, where there are none."""
    for activity in questionnaire.activities:
        text = " ".join((activity.question, *activity.criteria))
        if re.search(r"\b(risk tiers?|tier table|the tier|highest tier)\b", text) and not activity.id.startswith(
            "D-TA-A"
        ):
            assert "D-TA-A-2" in content_lint.prerequisites(questionnaire, activity.id), activity.id


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
        # G-SM-A-2 already requires D-TA-A-2 (above D-TA-A-1): closing the loop across practices.
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


def test_profiles_cover_every_practice_with_a_rationale_and_must_haves(questionnaire: Questionnaire) -> None:
    practices = set(questionnaire.practice_by_id)
    assert questionnaire.profiles, "the built-in questionnaire ships target profiles"
    assert questionnaire.default_profile in questionnaire.profiles
    for name, profile in questionnaire.profiles.items():
        assert set(profile.targets) == practices, name
        assert all(0 <= t <= 3 for t in profile.targets.values()), name
        assert profile.title and profile.rationale and len(profile.rationale.split()) >= 15, name
        assert profile.must_have, name
        assert "1.44" in profile.rationale, f"{name}: the rationale says how it relates to the SAMM benchmark"


def test_profiles_rise_with_exposure(questionnaire: Questionnaire) -> None:
    """Internal <= public <= regulated, practice by practice: a stricter profile never asks for less."""
    internal, public, regulated = (questionnaire.profiles[n] for n in ("internal", "public", "regulated-financial"))
    for practice in questionnaire.practice_by_id:
        assert internal.targets[practice] <= public.targets[practice] <= regulated.targets[practice], practice
    assert set(internal.must_have) <= set(public.must_have) | {"I-SD-B-1"}
    assert set(public.must_have) <= set(regulated.must_have)


def test_profiles_are_calibrated_against_the_samm_benchmark(questionnaire: Questionnaire) -> None:
    """1.0.0's default asked 2 in 13 of 15 practices, so almost every team showed red against it."""
    means = {n: sum(p.targets.values()) / len(p.targets) for n, p in questionnaire.profiles.items()}
    assert means["internal"] < SAMM_BENCHMARK_OVERALL < means["public"] <= 1.8 < means["regulated-financial"]
    for name, profile in questionnaire.profiles.items():
        assert len(set(profile.targets.values())) >= 2, f"{name} is risk-weighted, not flat"
    assert len(set(questionnaire.profiles["public"].targets.values())) >= 3


def test_every_must_have_is_explained(questionnaire: Questionnaire) -> None:
    assert list(content_lint.must_have_problems(questionnaire)) == []


def test_the_public_profile_requires_a_disclosure_channel(questionnaire: Questionnaire) -> None:
    """A researcher's report that reaches nobody leaves a known flaw open for months."""
    must = [questionnaire.activity_by_id[i] for i in questionnaire.profiles["public"].must_have]
    assert any(any("security contact" in c for c in a.criteria) for a in must)


def test_the_public_profile_requires_a_credential_per_user_or_install(questionnaire: Questionnaire) -> None:
    """The Moonpig lesson: one key shared by every install of an app is the breach."""
    must = [questionnaire.activity_by_id[i] for i in questionnaire.profiles["public"].must_have]
    assert any(any("per-user" in c for c in a.criteria) and any("install" in c for c in a.criteria) for a in must)
    assert any("API2" in a.probes.get("owasp-api-top10-2023", ()) for a in must)


# References


def test_every_activity_has_at_least_one_ref(questionnaire: Questionnaire) -> None:
    bad = [a.id for a in questionnaire.activities if not any(a.probes.values()) and not any(a.refs.related.values())]
    assert bad == []


def test_every_ref_id_is_in_the_catalogue(questionnaire: Questionnaire, catalogues: dict[str, Any]) -> None:
    valid = _valid_ids(catalogues)
    unknown = [
        (a.id, family, ident)
        for a in questionnaire.activities
        for part in (a.refs.probes, a.refs.related)
        for family, idents in part.items()
        for ident in idents
        if ident not in valid.get(family, set())
    ]
    assert unknown == []


def test_refs_claim_no_more_than_the_activity_tests(questionnaire: Questionnaire, catalogues: dict[str, Any]) -> None:
    """No Top 10 or ASVS probe from Governance, no probe of an unverified catalogue id."""
    unverified = content_lint.unverified_ids(catalogues)
    problems = [
        (a.id, p) for a in questionnaire.activities for p in content_lint.probe_problems(questionnaire, a, unverified)
    ]
    assert problems == []


def test_a_ref_is_either_probed_or_related(questionnaire: Questionnaire) -> None:
    for activity in questionnaire.activities:
        for family, idents in activity.refs.related.items():
            assert not set(idents) & set(activity.refs.probes.get(family, ())), activity.id


def test_provisional_catalogue_ids_stay_flagged(catalogues: dict[str, Any]) -> None:
    assert catalogues["nist-sp-800-228"]["verified"] is False
    assert catalogues["csa-ccm-4.1"]["ids"]["AIS-08"]["verified"] is False
    assert "AIS-08" not in catalogues["csa-ccm-4"]["ids"], "AIS-08 is a CCM 4.1 id, not a 4.0 one"
    assert catalogues["csa-ccm-4"]["ids"]["AIS-01"]["verified"] is True
    assert catalogues["owasp-api-top10-2023"]["verified"] is True
    assert catalogues["asvs-5.0"]["verified"] is True


def test_every_top10_risk_is_probed_enough_and_verified(questionnaire: Questionnaire) -> None:
    probing: dict[str, list[str]] = {risk: [] for risk in TOP10}
    for activity in questionnaire.activities:
        risks = activity.probes.get("owasp-api-top10-2023", ())
        assert len(risks) <= MAX_TOP10_PROBES_PER_ACTIVITY, activity.id
        for risk in risks:
            probing[risk].append(activity.id)
    assert {r: len(a) for r, a in probing.items() if len(a) < MIN_ACTIVITIES_PER_TOP10_RISK} == {}
    unverified = [r for r, ids in probing.items() if not any(i.startswith("V-") for i in ids)]
    assert unverified == [], "every risk is probed by at least one Verification activity"


# The catalogue file beside the questionnaire


def test_the_catalogue_file_is_not_taken_for_a_questionnaire() -> None:
    assert CATALOGUE_FILE.is_file()
    assert all(q.id != "refs" for q in builtin_questionnaires())
    assert "api-samm" in [q.id for q in builtin_questionnaires()]
    with pytest.raises(InputError):  # were it scanned, listing the built-ins would fail
        load_questionnaire(CATALOGUE_FILE)
