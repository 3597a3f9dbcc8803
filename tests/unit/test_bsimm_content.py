"""Content rules of the built-in BSIMM-style questionnaire (api-bsimm).

Its frame is a set of facts about BSIMM16 (activity ids, their practices and levels, and how many
of the 111 firms of the data pool were observed doing each); tests/data/bsimm16-facts.yaml holds
those facts (ids and counts only), and these tests hold the questionnaire to them. The words are
ours; the tests also check that every activity is complete and that no two questions are near copies.
"""

from __future__ import annotations

import difflib
import itertools
import math
import re
from collections import Counter
from typing import Any

import pytest
import yaml

from assess.core.model import Questionnaire
from assess.files.loading import load_questionnaire
from assess.files.resources import builtin_questionnaires_dir
from tests.conftest import DATA
from tests.unit import content_lint

QUESTIONNAIRE_FILE = builtin_questionnaires_dir() / "api-bsimm.yaml"
FACTS: dict[str, Any] = yaml.safe_load((DATA / "bsimm16-facts.yaml").read_text(encoding="utf-8"))
DOMAIN_IDS = {"governance": "GOV", "intelligence": "INT", "ssdl_touchpoints": "SSDL", "deployment": "DEP"}
ROLES = {"appsec", "platform", "api-team", "product-owner", "leadership"}
TOP10 = {f"API{n}" for n in range(1, 11)}


@pytest.fixture(scope="module")
def q() -> Questionnaire:
    return load_questionnaire(QUESTIONNAIRE_FILE)


def test_the_frame_is_bsimm16s_four_domains_and_twelve_practices(q: Questionnaire) -> None:
    assert (q.scoring, q.pool is not None and (q.pool.name, q.pool.firms)) == ("bsimm", ("BSIMM16", 111))
    assert (q.pool.name, q.pool.firms) == (FACTS["pool"]["name"], FACTS["pool"]["firms"])  # type: ignore[union-attr]
    expected = [(DOMAIN_IDS[key], d["name"], d["practices"]) for key, d in FACTS["domains"].items()]
    assert [(f.id, f.name, [p.id for p in f.practices]) for f in q.functions] == expected
    for practice in q.practice_by_id.values():
        assert practice.name == FACTS["practices"][practice.id]["name"]


def test_activity_count_is_within_the_promised_range(q: Questionnaire) -> None:
    assert 50 <= len(q.activities) <= 80
    per_practice = Counter(q.practice_of[a.id].id for a in q.activities)
    assert all(count >= 4 for count in per_practice.values()), per_practice


def test_every_activity_is_a_bsimm16_activity_at_its_practice_level_and_count(q: Questionnaire) -> None:
    facts = FACTS["activities"]
    for activity in q.activities:
        fact = facts.get(activity.id)
        assert fact is not None, f"{activity.id} is not a BSIMM16 activity id"
        assert (q.practice_of[activity.id].id, activity.level) == (fact["practice"], fact["level"]), activity.id
        assert activity.bsimm == (activity.id,), activity.id
        assert activity.firms == fact["firms"], activity.id
        stream = q.stream_of[activity.id]
        assert stream.id == f"{fact['practice']}-L{activity.level}", activity.id


def test_the_most_common_activity_of_every_practice_is_asked(q: Questionnaire) -> None:
    for practice, fact in FACTS["practices"].items():
        assert fact["most_common"] in q.activity_by_id, practice


def test_the_header_lists_exactly_the_activities_left_out(q: Questionnaire) -> None:
    header = QUESTIONNAIRE_FILE.read_text(encoding="utf-8").split("\nformat:")[0]
    listed = set(re.findall(r"\b[A-Z]+[1-3]\.\d+\b", header.split("Left out")[1]))
    assert listed == set(FACTS["activities"]) - set(q.activity_by_id)
    assert f"{len(q.activities)} of BSIMM16's {len(FACTS['activities'])} activities" in header


def test_every_activity_is_complete(q: Questionnaire) -> None:
    for a in q.activities:
        assert a.title and a.question.endswith("?") and a.action, a.id
        assert 2 <= len(a.criteria) <= 4, a.id
        assert a.guidance is not None and re.fullmatch(r"Good: .+ Evidence: .+ Pitfall: .+", a.guidance), a.id
        assert isinstance(a.effort, float | int) and float(a.effort).is_integer() and 3 <= a.effort <= 40, a.id
        assert a.role in ROLES, a.id
        for catalogue, refs in a.probes.items():
            assert catalogue == "owasp-api-top10-2023" and set(refs) <= TOP10, a.id


def test_profiles_are_computed_from_the_pool_counts(q: Questionnaire) -> None:
    pool = FACTS["pool"]["firms"]
    common = [a.id for a in q.activities if (a.firms or 0) / pool >= 0.5]
    profile = q.profiles["common-practice"]
    assert list(profile.must_have) == common
    assert dict(profile.targets) == Counter(q.practice_of[a].id for a in common)
    average = q.profiles["pool-average"].targets
    for practice in q.practice_by_id.values():
        shares = sum((a.firms or 0) / pool for s in practice.streams for a in s.activities)
        assert average[practice.id] == math.floor(shares + 0.5), practice.id
    assert q.default_profile == "common-practice"


def test_no_two_questions_are_near_copies(q: Questionnaire) -> None:
    """Thresholds as for api-samm: a lightly edited copy scores above 0.85, distinct questions below 0.5."""
    for a, b in itertools.combinations(q.activities, 2):
        ratio = difflib.SequenceMatcher(None, a.question.lower(), b.question.lower()).ratio()
        words_a, words_b = (
            set(re.findall(r"[a-z0-9]+", a.question.lower())),
            set(re.findall(r"[a-z0-9]+", b.question.lower())),
        )
        jaccard = len(words_a & words_b) / len(words_a | words_b)
        assert ratio < 0.7 and jaccard < 0.5, (a.id, b.id, ratio, jaccard)


def test_every_question_can_be_read_aloud(q: Questionnaire) -> None:
    """The same lint as api-samm's: one short question each."""
    problems = {a.id: found for a in q.activities if (found := list(content_lint.question_problems(a.question)))}
    assert problems == {}
