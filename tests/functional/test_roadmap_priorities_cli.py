"""The roadmap a security lead signs, through the command line: findings first, must-haves, estate, calendar.

The acceptance case is the Moonpig-pattern example (one API key compiled into every app install,
sequential customer ids): with its shared-key and object-access answers flagged as critical
findings, phase 1 begins with those steps, and no capacity that can hold them drops them.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from assess.cli import main

ROOT = Path(__file__).resolve().parents[2]
MOBILE = ROOT / "examples" / "mobile-backend.yaml"
DATA = Path(__file__).parent.parent / "data"
SHARED_KEY, OBJECT_ACCESS = "I-SD-B-1", "V-RT-A-1"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def roadmap(path: Path, *args: str) -> dict[str, Any]:
    code, out, err = run("roadmap", str(path), "--format", "json", *args)
    assert code == 0, err
    doc: dict[str, Any] = json.loads(out)
    return doc


@pytest.fixture
def moonpig(tmp_path: Path) -> Path:
    """A copy of the example with exactly the two critical findings of the acceptance case (and no other),
    and no estate (efforts at the questionnaire's basis; tests add an estate where they need one)."""
    data = yaml.safe_load(MOBILE.read_text(encoding="utf-8"))
    data.pop("estate", None)
    for activity_id, entry in data["answers"].items():
        if isinstance(entry, dict):
            entry.pop("finding", None)
            entry.pop("finding_note", None)
            if activity_id in (SHARED_KEY, OBJECT_ACCESS):
                entry["finding"] = "critical"
    path = tmp_path / "mobile-backend.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def prerequisites(doc: dict[str, Any], wanted: set[str]) -> set[str]:
    steps = {s["activity"]: s for p in doc["phases"] for s in p["steps"]}
    found: set[str] = set()
    pending = [r for a in wanted for r in steps[a]["requires"]]
    while pending:
        current = pending.pop()
        if current not in found:
            found.add(current)
            pending.extend(steps[current]["requires"] if current in steps else ())
    return found


def test_phase_1_begins_with_the_critical_findings_after_their_prerequisites(moonpig: Path) -> None:
    doc = roadmap(moonpig)
    first = [s["activity"] for s in doc["phases"][0]["steps"]]
    assert {SHARED_KEY, OBJECT_ACCESS} <= set(first)
    opening = first[: max(first.index(SHARED_KEY), first.index(OBJECT_ACCESS)) + 1]
    assert set(opening) <= {SHARED_KEY, OBJECT_ACCESS} | prerequisites(doc, {SHARED_KEY, OBJECT_ACCESS})
    steps = {s["activity"]: s for s in doc["phases"][0]["steps"]}
    for activity in (SHARED_KEY, OBJECT_ACCESS):
        assert steps[activity]["finding"] == "critical"
        assert steps[activity]["why"][0].startswith("critical finding")
    assert [(f["activity"], f["phase"]) for f in doc["findings"]] == [(SHARED_KEY, 1), (OBJECT_ACCESS, 1)]


def finding_efforts(path: Path) -> tuple[float, float]:
    """(both findings' person-days together, the larger one alone), from the plan without a capacity."""
    steps = {s["activity"]: s for p in roadmap(path)["phases"] for s in p["steps"]}
    efforts = [steps[a]["effort"] for a in (SHARED_KEY, OBJECT_ACCESS)]
    return sum(efforts), max(efforts)


@pytest.mark.parametrize(("room", "phases"), [(1.0, 1), (1.2, 1), (1.0, 2), (1.6, 3), (3.0, 2), (10.0, 4), (60.0, 1)])
def test_no_capacity_large_enough_for_them_drops_the_findings(moonpig: Path, room: float, phases: int) -> None:
    both, _ = finding_efforts(moonpig)
    capacity = both * room
    doc = roadmap(moonpig, "--capacity", f"{capacity:g}", "--phases", str(phases))
    first = [s["activity"] for s in doc["phases"][0]["steps"]]
    assert set(first[:2]) == {OBJECT_ACCESS, SHARED_KEY}
    assert all(p["effort"] <= capacity for p in doc["phases"])


def test_the_issue_s_own_capacity_keeps_the_shared_key_in_phase_1() -> None:
    # Issue 10: with --capacity 40 --phases 2, I-SD-B-1 used to fall out of the plan.
    doc = roadmap(MOBILE, "--capacity", "40", "--phases", "2")
    assert {SHARED_KEY, OBJECT_ACCESS} <= {s["activity"] for s in doc["phases"][0]["steps"]}
    assert {f["activity"]: f["phase"] for f in doc["findings"]}[SHARED_KEY] == 1


def test_a_capacity_for_one_finding_a_phase_still_plans_both_first(moonpig: Path) -> None:
    both, larger = finding_efforts(moonpig)
    capacity = (larger + both) / 2  # room for the larger one alone, not for both
    doc = roadmap(moonpig, "--capacity", f"{capacity:g}", "--phases", "2")
    openings = [p["steps"][0]["activity"] for p in doc["phases"]]
    assert set(openings) == {OBJECT_ACCESS, SHARED_KEY}


def test_the_example_as_shipped_opens_with_its_findings_not_with_governance() -> None:
    doc = roadmap(MOBILE)
    first = [s["activity"] for s in doc["phases"][0]["steps"]]
    flagged = {f["activity"] for f in doc["findings"]}
    opening = first[: max(first.index(a) for a in flagged) + 1]
    assert set(opening) <= flagged | prerequisites(doc, flagged)
    assert first.index(SHARED_KEY) < 5 and first.index(OBJECT_ACCESS) < 5
    later = [s["activity"] for p in doc["phases"] for s in p["steps"]]
    assert later.index("I-DM-A-1") < later.index("I-DM-B-1")  # the tracker before the figures drawn from it


def test_must_haves_are_planned_before_gap_closing_and_reported_until_met(moonpig: Path) -> None:
    doc = roadmap(moonpig)
    must = doc["must_haves"]
    assert must["profiles"] == ["internal", "public"]
    planned = {m["activity"]: m for m in must["activities"]}
    from assess.files.discovery import builtin_questionnaires

    q = next(q for q in builtin_questionnaires() if q.id == "api-samm")
    assert set(planned) == {*q.profiles["internal"].must_have, *q.profiles["public"].must_have}
    order = [s["activity"] for p in doc["phases"] for s in p["steps"]]
    gap_closing = [s for s in order if s not in planned and s not in prerequisites(doc, set(planned))]
    assert max(order.index(m) for m in planned) < order.index(gap_closing[0])
    squeezed = roadmap(moonpig, "--capacity", "25", "--phases", "1")
    unmet = [m["activity"] for m in squeezed["must_haves"]["activities"] if m["status"] == "unscheduled"]
    assert unmet and squeezed["must_haves"]["unmet_after"] == len(unmet)
    _, out, _ = run("roadmap", str(moonpig), "--capacity", "25", "--phases", "1")
    assert "unmet after the plan: " + unmet[0] in " ".join(out.split())


def test_the_plan_stops_at_the_targets_and_lists_the_rest_apart(moonpig: Path) -> None:
    doc = roadmap(moonpig)
    assert doc["phases"][-1]["percent_to_target_after"] == pytest.approx(1.0)
    beyond = doc["beyond_target"]
    assert beyond["optional"] is True and beyond["steps"]
    assert all(s["beyond_target"] and "beyond target" in s["why"][-1] + " ".join(s["why"]) for s in beyond["steps"])
    assert doc["effort"] == pytest.approx(sum(p["effort"] for p in doc["phases"]))
    _, out, _ = run("roadmap", str(moonpig))
    text = " ".join(out.split())
    assert "Beyond target (optional)" in text and "No total includes them." in text


def test_effort_is_a_range_for_the_estate_with_its_basis_beside_every_total(moonpig: Path, tmp_path: Path) -> None:
    base = roadmap(moonpig)
    assert base["effort_basis"]["label"] == "for the questionnaire's basis of 20 APIs and 5 teams"
    _, out, _ = run("roadmap", str(moonpig))
    text = " ".join(out.split())
    assert "Planned effort: " in text and "for the questionnaire's basis of 20 APIs and 5 teams" in text
    assert text.count("for the questionnaire's basis of 20 APIs, 5 teams") == len(base["phases"]) + 1
    small = tmp_path / "small.yaml"
    small.write_text(moonpig.read_text(encoding="utf-8") + "estate: {apis: 4, teams: 1}\n", encoding="utf-8")
    doc = roadmap(small)
    factor = 0.2 + 0.5 * 4 / 20 + 0.3 * 1 / 5
    assert doc["effort_basis"]["factor"] == pytest.approx(factor)
    assert doc["effort"] == pytest.approx(base["effort"] * factor, abs=0.1)
    assert doc["effort_range"]["low"] == pytest.approx(base["effort_range"]["low"] * factor, abs=0.1)
    _, out, _ = run("roadmap", str(small), "--format", "markdown")
    assert "for 4 APIs and 1 team, scaled from the questionnaire's basis of 20 APIs and 5 teams" in out
    assert out.count("for 4 APIs, 1 team") == len(doc["phases"]) + 1


def test_steps_carry_their_role_and_phases_their_roles(moonpig: Path) -> None:
    doc = roadmap(moonpig)
    for phase in doc["phases"]:
        assert all(
            s["role"] in ("appsec", "platform", "api-team", "product-owner", "leadership") for s in phase["steps"]
        )
        assert sum(phase["roles"].values()) == pytest.approx(phase["effort"], abs=0.1)
    _, out, _ = run("roadmap", str(moonpig))
    assert "api-team" in out and "By role: " in out


def test_the_calendar_dates_phases_and_counts_people(moonpig: Path) -> None:
    doc = roadmap(moonpig, "--start", "2027-01", "--phase-length", "3m", "--people", "4")
    assert [(p["starts"], p["ends"]) for p in doc["phases"]] == [
        ("2027-01-01", "2027-03-31"),
        ("2027-04-01", "2027-06-30"),
        ("2027-07-01", "2027-09-30"),
        ("2027-10-01", "2027-12-31"),
    ]
    first = doc["phases"][0]
    assert first["fte"]["low"] == pytest.approx(first["effort_range"]["low"] / (3 * 220 / 12), abs=0.01)
    assert first["months"]["high"] == pytest.approx(first["effort_range"]["high"] / (4 * 220 / 12), abs=0.01)
    assert doc["calendar"] == {"start": "2027-01", "phase_length": "3m", "people": 4, "rule": doc["calendar"]["rule"]}
    assert "starts" not in doc["beyond_target"]
    weeks = roadmap(moonpig, "--start", "2027-02", "--phase-length", "6w", "--phases", "2")
    assert [(p["starts"], p["ends"]) for p in weeks["phases"]] == [
        ("2027-02-01", "2027-03-14"),
        ("2027-03-15", "2027-04-25"),
    ]
    quarters = roadmap(moonpig, "--start", "2027-11", "--phases", "1")
    assert (quarters["phases"][0]["starts"], quarters["phases"][0]["ends"]) == ("2027-11-01", "2028-01-31")
    _, out, _ = run("roadmap", str(moonpig), "--start", "2027-01", "--people", "4")
    assert "2027-01-01 to 2027-03-31" in out and "with 4 people, " in " ".join(out.split())


def test_json_lists_the_findings_in_score_and_roadmap() -> None:
    code, out, _ = run("score", str(MOBILE), "--format", "json")
    assert code == 0
    findings = json.loads(out)["findings"]
    severities = [f["severity"] for f in findings]
    assert severities == sorted(severities, key=["critical", "high", "medium", "low"].index)
    assert {f["activity"] for f in findings} >= {SHARED_KEY, OBJECT_ACCESS}
    assert all(set(f) == {"activity", "severity", "note", "answer"} for f in findings)
    doc = roadmap(MOBILE)
    assert [f["activity"] for f in doc["findings"]] == [f["activity"] for f in findings]
    assert {"method_text", "exposure", "effort_basis", "effort_range"} <= set(doc)
    assert any("exposure × risk" in line for line in doc["method_text"])


def test_a_file_without_findings_has_no_findings_key(tmp_path: Path) -> None:
    plain = tmp_path / "plain.yaml"
    plain.write_text("format: 1\nquestionnaire: api-samm\nversion: 1.1.0\ntargets: {G-SM: 1}\n", encoding="utf-8")
    _, out, _ = run("score", str(plain), "--format", "json")
    assert "findings" not in json.loads(out)
    assert "findings" not in roadmap(plain)


# --- bad input: exit 2, one line naming the file:line or the option, nothing on standard output ------


@pytest.mark.parametrize(
    ("edit", "where", "words"),
    [
        ("  G-SM-A-1:\n    answer: none\n    finding: severe\n", ":7:", "write one of critical, high, medium or low"),
        ("estate: {apis: 0}\n", ":4:", "write a whole number of 1 or more"),
        ("estate: {teams: -2}\n", ":4:", "write a whole number of 1 or more"),
        ("estate: {apis: 2.5}\n", ":4:", "expected a whole number"),
        ("estate: {exposure: everyone}\n", ":4:", "write one of public, partner or internal"),
    ],
)
def test_bad_findings_and_estates_are_one_line_naming_the_line(
    tmp_path: Path, edit: str, where: str, words: str
) -> None:
    path = tmp_path / "team.yaml"
    head = "format: 1\nquestionnaire: api-samm\nversion: 1.1.0\n"
    body = f"answers:\n{edit}" if edit.startswith("  ") else edit
    path.write_text(head + body + ("targets: {G-SM: 1}\n" if not edit.startswith("  ") else ""), encoding="utf-8")
    code, out, err = run("roadmap", str(path))
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "Traceback" not in err
    assert err.startswith(f"{path}{where}") and words in err, err


@pytest.mark.parametrize(
    ("edit", "words"),
    [
        (("role: appsec", "role: boss"), "write one of appsec, platform, api-team, product-owner or leadership"),
        (("must_have: [q-a-2]", "must_have: [nope]"), "must-have names unknown activity 'nope'"),
    ],
)
def test_bad_roles_and_must_haves_in_a_questionnaire_are_one_line(
    tmp_path: Path, edit: tuple[str, str], words: str
) -> None:
    text = (DATA / "priority-questionnaire.yaml").read_text(encoding="utf-8")
    assert edit[0] in text
    q = tmp_path / "q.yaml"
    q.write_text(text.replace(edit[0], edit[1], 1), encoding="utf-8")
    answers = tmp_path / "a.yaml"
    answers.write_text("format: 1\nquestionnaire: priority-shapes\nversion: 1.0.0\n", encoding="utf-8")
    code, out, err = run("roadmap", str(answers), "-q", str(q), "--profile", "floor")
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and words in err and err.startswith(f"{q}:"), err


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (["--start", "2027-13"], "--start: '2027-13' is not a month; write YYYY-MM, for example 2027-01"),
        (["--start", "January"], "--start: 'January' is not a month"),
        (["--phase-length", "3y"], "--phase-length: '3y' is not a phase length; write a number from 1 to 999"),
        (["--phase-length", "0m"], "--phase-length: '0m' is not a phase length"),
        (["--people", "0"], "--people: '0' is not a number of people; write a positive number"),
        (["--people", "-1"], "--people: '-1' is not a number of people"),
        (["--people", "nan"], "--people: 'nan' is not a number of people"),
        (["--start", "9999-01", "--phase-length", "999m"], "--phase-length: 4 phases of 999 months from 9999-01"),
    ],
)
def test_bad_calendar_options_are_one_line_naming_the_option(moonpig: Path, args: list[str], line: str) -> None:
    for command in (["roadmap", str(moonpig)], ["report", str(moonpig), "-o", str(moonpig.with_suffix(".pdf"))]):
        code, out, err = run(*command, *args)
        assert code == 2 and out == "", (command, err)
        assert err.count("\n") == 1 and err.startswith(line), err
        assert not moonpig.with_suffix(".pdf").exists()


def test_every_bad_calendar_option_is_reported_at_once(moonpig: Path) -> None:
    code, out, err = run("roadmap", str(moonpig), "--people", "-1", "--start", "jan", "--phase-length", "3x")
    assert code == 2 and out == ""
    assert [line.split(":")[0] for line in err.splitlines()] == ["--start", "--phase-length", "--people"]
