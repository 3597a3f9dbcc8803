"""The example assessments under examples/ are demo data for the README, workshops and the PDF.

They must stay valid, keep telling the story they were written for (a low, a middle and a high
maturity team, and a quarter of progress), and look like real workshop records.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest
from click.testing import CliRunner

from assess.cli import main
from assess.core.display import fmt
from assess.core.model import NOT_APPLICABLE
from assess.files.assessments import load_assessment

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
EXAMPLE_FILES = sorted(EXAMPLES.glob("*.yaml"))

MOBILE = EXAMPLES / "mobile-backend.yaml"
PARTNER = EXAMPLES / "partner-api.yaml"
PARTNER_LAST_QUARTER = EXAMPLES / "partner-api-2026-08.yaml"
PLATFORM = EXAMPLES / "bank-api-platform.yaml"


def _run(*args: str) -> Any:
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == 0, result.output
    return result


def _scores(*files: Path) -> dict[str, dict[str, Any]]:
    output = _run("score", "--format", "json", *map(str, files)).stdout
    documents = json.loads(output)
    documents = documents if isinstance(documents, list) else [documents]
    return {Path(d["assessment"]["file"]).name: d for d in documents}


def test_there_are_examples_for_every_band() -> None:
    assert {MOBILE, PARTNER, PARTNER_LAST_QUARTER, PLATFORM} <= set(EXAMPLE_FILES)


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.name)
def test_every_example_validates(path: Path) -> None:
    result = _run("validate", str(path))
    assert "ok: answers to api-samm 1.1.0" in result.stdout or "ok: answers to api-bsimm 1.0.0" in result.stdout


def test_the_three_maturity_bands_hold() -> None:
    scores = _scores(MOBILE, PARTNER, PLATFORM)
    assert scores[MOBILE.name]["overall"] < 0.8
    assert 1.2 <= scores[PARTNER.name]["overall"] <= 1.7
    assert scores[PLATFORM.name]["overall"] > 2
    for document in scores.values():
        assert document["answered"] == document["total"] == 90
        assert document["percent_to_target"] is not None


def test_the_readme_quotes_the_example_scores() -> None:
    """The README's table of examples gives each overall score as the table format rounds it."""
    readme = (EXAMPLES.parent / "README.md").read_text(encoding="utf-8")
    scores = _scores(*EXAMPLE_FILES)
    shown = {name: fmt(scores[name]["overall"]) for name in scores}
    assert f"| {shown[MOBILE.name]} |" in readme
    assert f"| {shown[PARTNER_LAST_QUARTER.name]} → {shown[PARTNER.name]} |" in readme
    assert f"| {shown[PLATFORM.name]} |" in readme


def test_the_partner_team_improved_since_last_quarter() -> None:
    scores = _scores(PARTNER_LAST_QUARTER, PARTNER)
    assert scores[PARTNER_LAST_QUARTER.name]["overall"] < scores[PARTNER.name]["overall"]
    diff = json.loads(_run("diff", "--format", "json", str(PARTNER_LAST_QUARTER), str(PARTNER)).stdout)
    changed = {c["activity"]: c for c in diff["answers"]}
    assert len(changed) >= 8, "a quarter's worth of visible progress"
    assert all(c["value_after"] > c["value_before"] for c in changed.values()), "nothing went backwards"
    assert changed["I-DM-A-1"]["after"] == "most"  # the disclosure channel went live in September


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.name)
def test_examples_read_like_workshop_records(path: Path) -> None:
    found = load_assessment(path)
    answers = found.answers
    assert answers.team and answers.scope and answers.date and len(answers.assessors) >= 2
    assert set(answers.targets) == set(found.questionnaire.practice_by_id)
    noted = [e for e in answers.answers.values() if e.note]
    assert len(noted) >= 25, "notes on many answers"
    assert any(e.evidence for e in answers.answers.values())
    assert any(e.criteria for e in answers.answers.values())


def test_not_applicable_is_rare_and_explained() -> None:
    """n/a is for an activity that cannot apply; an empty unit (no regulated API, no launch) is answered."""
    na = {p.name: [k for k, e in load_assessment(p).answers.answers.items() if e.is_na] for p in EXAMPLE_FILES}
    assert sum(map(len, na.values())) >= 1
    for path in EXAMPLE_FILES:
        found = load_assessment(path)
        for activity_id in na[path.name]:
            assert found.answers.answers[activity_id].note, f"{path.name}: say why {activity_id} is n/a"
            scale = found.questionnaire.activity_by_id[activity_id].scale
            empty = found.questionnaire.scale_extensions.get(scale, {}).get("x-unit", {}).get("empty")
            assert not empty, f"{path.name}: {activity_id} counts a unit that can be empty; answer it, never n/a"


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.name)
def test_no_activity_is_credited_before_its_prerequisites(path: Path) -> None:
    """An answer above the lowest needs every activity it ``requires`` above the lowest too."""
    found = load_assessment(path)
    q, answers = found.questionnaire, found.answers.answers

    def lowest(activity_id: str) -> bool:
        entry = answers.get(activity_id)
        return entry is None or entry.answer == q.options_for(q.activity_by_id[activity_id])[0].id

    early = [
        (a.id, required)
        for a in q.activities
        if a.id in answers and not answers[a.id].is_na and not lowest(a.id)
        for required in a.requires
        if lowest(required)
    ]
    assert early == []


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.name)
def test_the_scope_names_the_apis_it_counts(path: Path) -> None:
    """SCORING.md step 1: the scope lists the units, so "three of five" can be checked."""
    answers = load_assessment(path).answers
    scope = " ".join((answers.scope or "").split())
    assert re.search(r"\b(the )?(\w+|\d+) APIs\b", scope), scope[:80]


def test_the_large_scope_names_its_apis_in_groups() -> None:
    """A 39-API estate names its units in groups (x-units) whose sizes add up to the count in the scope."""
    answers = load_assessment(PLATFORM).answers
    groups = answers.extensions["x-units"]
    assert sum(len(names) for names in groups.values()) == 39
    assert "the 39 APIs" in " ".join((answers.scope or "").split())


def test_the_small_scopes_name_each_api() -> None:
    for path, names in (
        (MOBILE, ["v2 app API", "v1 app API", "loyalty API", "store-locator API"]),
        (PARTNER, ["Shipping API v3", "Shipping API v2", "tracking webhooks", "rates API", "carrier-adapter API"]),
    ):
        scope = " ".join((load_assessment(path).answers.scope or "").split())
        assert all(name in scope for name in names), (path.name, [n for n in names if n not in scope])


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.name)
def test_criteria_marks_agree_with_the_answers(path: Path) -> None:
    """Quality criteria gate every option above the lowest: an answer above it records them, all holding."""
    found = load_assessment(path)
    for activity_id, entry in found.answers.answers.items():
        if entry.answer in (None, NOT_APPLICABLE):
            continue
        activity = found.questionnaire.activity_by_id[activity_id]
        lowest = found.questionnaire.options_for(activity)[0].id
        if entry.criteria:
            assert len(entry.criteria) == len(activity.criteria), activity_id
        if entry.answer != lowest:
            assert entry.criteria, f"{path.name}: {activity_id} is {entry.answer} without its criteria recorded"
            assert all(entry.criteria), f"{path.name}: {activity_id} is {entry.answer} with a failed criterion"


def test_the_bank_shows_evidence_where_internal_audit_asked_for_it() -> None:
    """The bank's story: internal audit asked for evidence behind every answer above the lowest."""
    found = load_assessment(PLATFORM)
    above = [
        entry
        for activity_id, entry in found.answers.answers.items()
        if entry.answer not in (None, NOT_APPLICABLE)
        and entry.answer != found.questionnaire.options_for(found.questionnaire.activity_by_id[activity_id])[0].id
    ]
    assert len(above) >= 60
    assert all(entry.evidence for entry in above)


@pytest.mark.parametrize("path", [MOBILE, PARTNER, PARTNER_LAST_QUARTER, PLATFORM], ids=lambda p: p.name)
def test_findings_are_flagged_with_a_note(path: Path) -> None:
    findings = [e for e in load_assessment(path).answers.answers.values() if e.finding]
    assert findings, f"{path.name} tells of security findings; flag them"
    assert all(e.finding_note for e in findings)


def test_the_mobile_story_has_its_critical_findings() -> None:
    """Shared app key, cross-customer reads, an ignored researcher: the findings a roadmap must put first."""
    answers = load_assessment(MOBILE).answers.answers
    assert {a for a, e in answers.items() if e.finding == "critical"} == {"I-SD-B-1", "I-DM-A-1", "V-RT-A-1"}


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.name)
def test_evidence_links_point_at_reserved_example_domains(path: Path) -> None:
    for activity_id, entry in load_assessment(path).answers.answers.items():
        for link in entry.evidence:
            host = urlparse(link).hostname or ""
            assert host.split(".")[-2:] in (["example", "com"], ["example", "org"], ["example", "net"]), (
                activity_id,
                link,
            )
