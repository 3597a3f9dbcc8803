"""``--view bsimm``: a SAMM assessment read as a BSIMM-style scorecard through the crosswalk, labelled derived."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner, Result

from assess.cli import main
from assess.core.model import Questionnaire
from assess.files.resources import builtin_questionnaires_dir
from tests.conftest import WriteFile

ROOT = Path(__file__).resolve().parents[2]
CROSSWALK = builtin_questionnaires_dir() / "crosswalks" / "api-samm-to-bsimm16.yaml"
SAMM_EXAMPLES = [p for p in sorted((ROOT / "examples").glob("*.yaml")) if "api-bsimm" not in p.name]


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def view_json(*args: str) -> Any:
    result = run("score", "--view", "bsimm", "--format", "json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def practice_counts(doc: Any) -> dict[str, int]:
    return {p["id"]: p["observed"] for p in doc["bsimm"]["practices"] if p["observed"]}


def test_a_hand_counted_samm_assessment(write: WriteFile, api_samm: Questionnaire) -> None:
    """Answers chosen so that every branch of the rule is hit; the counts below are worked out by hand."""

    def top(activity_id: str, criteria: bool | None = True) -> dict[str, Any]:
        activity = api_samm.activity_by_id[activity_id]
        entry: dict[str, Any] = {"answer": api_samm.options_for(activity)[-1].id}
        if criteria is not None:
            entry["criteria"] = [criteria] + [True] * (len(activity.criteria) - 1)
        return entry

    def option(activity_id: str, index: int) -> str:
        return api_samm.options_for(api_samm.activity_by_id[activity_id])[index].id

    answers = {
        "G-EG-A-1": top("G-EG-A-1"),  # -> T1.1 observed
        "G-EG-B-1": top("G-EG-B-1", criteria=False),  # -> SM2.3 not observed: a criterion does not hold
        "G-PC-B-1": option("G-PC-B-1", -2),  # -> CP1.1 ... below the top, but
        "G-PC-B-2": top("G-PC-B-2"),  # ... G-PC-B-2 also maps to CP1.1 (observed) and to SR1.3 (observed)
        "V-ST-B-2": top("V-ST-B-2"),  # -> PT1.1, PT1.2 and PT2.3 observed
        "O-IM-A-2": "n/a",  # -> SE1.1 n/a
        "D-SA-A-1": option("D-SA-A-1", 0),  # -> AA1.1 not observed (its other sources unanswered)
        "I-SB-B-2": top("I-SB-B-2", criteria=None),  # -> SR1.5 observed: unmarked criteria count as held
        "G-SM-A-1": top("G-SM-A-1"),  # no counterpart
    }
    path = write("a.yaml", "")
    path.write_text(
        yaml.safe_dump(
            {"format": 1, "questionnaire": "api-samm", "version": api_samm.version, "team": "T", "answers": answers}
        ),
        encoding="utf-8",
    )
    doc = view_json(str(path))
    block = doc["bsimm"]
    assert doc["method"] == "bsimm" and doc["questionnaire"]["id"] == "api-bsimm"
    assert block["derived"]["from"] == {"questionnaire": "api-samm", "version": api_samm.version}
    assert block["derived"]["crosswalk"] == "api-samm-to-bsimm16"
    assert practice_counts(doc) == {"T": 1, "CP": 1, "SR": 2, "PT": 3}
    assert block["firm_score"] == doc["overall"] == 7
    assert block["na"] == 1
    assert doc["answered"] == 10  # T1.1 SM2.3 CP1.1 SR1.3 PT1.1 PT1.2 PT2.3 SE1.1 AA1.1 SR1.5
    observed = {a["id"] for a in block["activities"] if a["observed"]}
    assert observed == {"T1.1", "CP1.1", "SR1.3", "PT1.1", "PT1.2", "PT2.3", "SR1.5"}
    assert "SE1.2" in block["derived"]["unmapped"] and "SE1.2" not in block["look_first"]


def _raw_count(example: Path) -> tuple[Counter[str], int]:
    """Counted from the raw YAML of the crosswalk, the questionnaire and the example, with no assess code."""
    crosswalk = yaml.safe_load(CROSSWALK.read_text(encoding="utf-8"))["map"]
    samm = yaml.safe_load((builtin_questionnaires_dir() / "api-samm.yaml").read_text(encoding="utf-8"))
    scales = {name: (v["options"] if isinstance(v, dict) else v) for name, v in samm["scales"].items()}
    top = {}
    for function in samm["functions"]:
        for practice in function["practices"]:
            for stream in practice["streams"]:
                for activity in stream["activities"]:
                    top[activity["id"]] = scales[activity["scale"]][-1]["id"]
    answers = yaml.safe_load(example.read_text(encoding="utf-8"))["answers"]
    observed: set[str] = set()
    for samm_id, bsimm_ids in crosswalk.items():
        entry = answers.get(samm_id)
        entry = {"answer": entry} if isinstance(entry, str) else entry or {}
        if entry.get("answer") == top[samm_id] and all(entry.get("criteria") or []):
            observed.update(bsimm_ids)
    by_practice = Counter(re.match(r"[A-Z]+", i)[0] for i in observed)  # type: ignore[index]
    return by_practice, len(observed)


@pytest.mark.parametrize("example", SAMM_EXAMPLES, ids=lambda p: p.name)
def test_every_samm_example_matches_a_count_from_the_raw_files(example: Path) -> None:
    by_practice, total = _raw_count(example)
    doc = view_json(str(example))
    assert practice_counts(doc) == dict(by_practice)
    assert doc["bsimm"]["firm_score"] == total


def test_the_table_says_it_is_derived_and_lists_where_to_look() -> None:
    result = run("score", str(ROOT / "examples" / "bank-api-platform.yaml"), "--view", "bsimm")
    assert result.exit_code == 0
    text = " ".join(result.stdout.split())
    assert "Derived from api-samm" in text and "through the crosswalk api-samm-to-bsimm16" in text
    title = next(line for line in result.stdout.splitlines() if line.startswith("Harbourline Bank"))
    assert "(BSIMM-style)" in title and text.index("Harbourline Bank") < text.index("Firm score")
    assert "derived" in text[text.index("Harbourline Bank") : text.index("Domain / practice")]
    assert "Firm score" in text and "look here first" in text
    markdown = run(
        "score", str(ROOT / "examples" / "bank-api-platform.yaml"), "--view", "bsimm", "--format", "markdown"
    )
    assert "**derived**: Derived from api-samm" in markdown.stdout


def test_a_bsimm_file_in_bsimm_view_is_its_own_scorecard() -> None:
    fintech = str(ROOT / "examples" / "api-bsimm-fintech.yaml")
    assert view_json(fintech) == json.loads(run("score", fintech, "--format", "json").stdout)


def test_a_crosswalk_naming_unknown_ids_is_one_line_each(
    write: WriteFile, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    text = CROSSWALK.read_text(encoding="utf-8")
    text = text.replace("  G-EG-A-1: [T1.1]", "  G-EG-A-1: [T1.9]").replace("  G-SM-A-1: []", "  G-XX-A-1: []")
    write("questionnaires/crosswalks/mine.yaml", text)
    monkeypatch.chdir(tmp_path)  # a team's own crosswalk in ./questionnaires/crosswalks/ comes first
    result = run("score", str(ROOT / "examples" / "partner-api.yaml"), "--view", "bsimm")
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    numbered = text.splitlines()
    xx = next(i for i, line in enumerate(numbered, 1) if "G-XX-A-1" in line)
    t19 = next(i for i, line in enumerate(numbered, 1) if "T1.9" in line)
    assert len(lines) == 2, lines
    assert (
        lines[0].startswith(f"questionnaires/crosswalks/mine.yaml:{xx}:")
        and "'G-XX-A-1' is not an activity" in lines[0]
    )
    assert (
        lines[1].startswith(f"questionnaires/crosswalks/mine.yaml:{t19}:")
        and "'T1.9' is not an activity of api-bsimm" in lines[1]
    )


def test_fail_under_gates_the_firm_score_and_the_share() -> None:
    fintech = str(ROOT / "examples" / "api-bsimm-fintech.yaml")
    assert run("score", fintech, "--fail-under", "34").exit_code == 0
    low = run("score", fintech, "--fail-under", "35")
    assert low.exit_code == 1 and "firm score 34 is below --fail-under 35" in low.stderr
    share = run("score", fintech, "--fail-under-share", "0.5")
    assert (
        share.exit_code == 1
        and "44% of the activities observed (34 of 77) is below --fail-under-share 0.5" in share.stderr
    )
    assert run("score", fintech, "--fail-under-share", "0.4").exit_code == 0
    samm = run("score", str(ROOT / "examples" / "partner-api.yaml"), "--fail-under-share", "0.1")
    assert samm.exit_code == 2 and "add --view bsimm" in samm.stderr
    derived = run(
        "score", str(ROOT / "examples" / "mobile-backend.yaml"), "--view", "bsimm", "--fail-under-share", "0.1"
    )
    assert derived.exit_code == 1
    too_high = run("score", fintech, "--fail-under", "78")
    assert too_high.exit_code == 2 and "above the highest firm score 77" in too_high.stderr


def test_validate_checks_a_crosswalk_against_both_questionnaires(write: WriteFile) -> None:
    ok = run("validate", str(CROSSWALK))
    assert ok.exit_code == 0
    assert "ok: crosswalk api-samm-to-bsimm16 from api-samm to api-bsimm 1.0.0" in ok.stdout
    text = CROSSWALK.read_text(encoding="utf-8").replace("  O-OM-B-3: [CMVM3.8]", "  O-OM-B-3: [CMVM3.8, SE9.9]")
    bad = run("validate", str(write("cw.yaml", text)))
    assert bad.exit_code == 2
    line = next(i for i, row in enumerate(text.splitlines(), 1) if "SE9.9" in row)
    assert bad.stderr.splitlines() == [
        f"{write('cw.yaml', text)}:{line}:23: map.O-OM-B-3[1]: 'SE9.9' is not an activity of api-bsimm 1.0.0; "
        "name one of its activity ids (for example SM1.1)"
    ]
