"""Issue 10's ordering on the BSIMM method, through the command line: findings, then must-haves, then the pool.

The fintech example answers the built-in api-bsimm questionnaire, flags two high and one medium
finding, and takes on the common-practice profile's must-haves (its targets meet that profile's).
The copy below also flags CR3.3 critical: a rare activity (8 of 111 firms) that needs CR2.6 first,
which the pool ranking alone would never put first.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from assess.cli import main

FINTECH = Path(__file__).resolve().parents[2] / "examples" / "api-bsimm-fintech.yaml"
RARE, ITS_PREREQUISITE = "CR3.3", "CR2.6"
SEVERITY = {"critical": 0, "high": 1, "medium": 2, "low": 3}


def roadmap(path: Path, *args: str) -> dict[str, Any]:
    result = CliRunner().invoke(main, ["roadmap", str(path), "--format", "json", *args])
    assert result.exit_code == 0, result.stderr
    doc: dict[str, Any] = json.loads(result.stdout)
    return doc


@pytest.fixture
def fintech(tmp_path: Path) -> Path:
    data = yaml.safe_load(FINTECH.read_text(encoding="utf-8"))
    data["answers"][RARE] = {"answer": "not-observed", "finding": "critical", "finding_note": "Found in the workshop."}
    path = tmp_path / "fintech.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def planned(doc: dict[str, Any]) -> list[dict[str, Any]]:
    return [s for p in doc["phases"] for s in p["steps"]]


def test_the_plan_opens_with_the_findings_most_severe_first_after_what_they_require(fintech: Path) -> None:
    doc = roadmap(fintech)
    assert doc["method"] == "bsimm"
    order = [s["activity"] for s in planned(doc)]
    assert order[:5] == [ITS_PREREQUISITE, RARE, "CMVM1.4", "SE1.1", "SM1.7"]  # the high ones by pool count
    steps = {s["activity"]: s for s in planned(doc)}
    assert steps[RARE]["why"][0] == "critical finding: Found in the workshop."
    assert steps[ITS_PREREQUISITE]["why"][0].startswith(f"needed before {RARE} (critical finding)")
    assert [(f["activity"], f["severity"], f["status"]) for f in doc["findings"]] == [
        (RARE, "critical", "planned"),
        ("SE1.1", "high", "planned"),
        ("CMVM1.4", "high", "planned"),
        ("SM1.7", "medium", "planned"),
    ]


def test_every_must_have_is_planned_before_any_ordinary_gap_step(fintech: Path) -> None:
    doc = roadmap(fintech)
    must = doc["must_haves"]
    assert must["profiles"] == ["common-practice"]
    assert must["unmet_after"] == 0 and must["unmet_now"] == 9
    kinds = ["finding" if "finding" in s else "must-have" if "must_have" in s else "gap" for s in planned(doc)]
    kinds = [k for k, s in zip(kinds, planned(doc), strict=True) if s["activity"] != ITS_PREREQUISITE]
    assert kinds == sorted(kinds, key=["finding", "must-have", "gap"].index)
    assert "gap" in kinds  # SE still needs one more activity after its finding: the most common one left
    assert doc["remaining_gap"]["practices"] == {} and "beyond_target" not in doc


FINDINGS_AND_PREREQUISITE = (RARE, ITS_PREREQUISITE, "SE1.1", "CMVM1.4", "SM1.7")


def test_a_capacity_that_holds_the_findings_keeps_them_first(fintech: Path) -> None:
    steps = {s["activity"]: s for s in planned(roadmap(fintech))}
    efforts = [steps[a]["effort"] for a in FINDINGS_AND_PREREQUISITE]
    together = roadmap(fintech, "--capacity", str(sum(efforts)), "--phases", "1")
    assert [s["activity"] for s in planned(together)] == list(dict.fromkeys(steps))[:5]
    one_a_phase = roadmap(fintech, "--capacity", str(max(efforts)), "--phases", "5")
    assert all(f["status"] == "planned" for f in one_a_phase["findings"])
    assert planned(one_a_phase)[0]["activity"] == ITS_PREREQUISITE


def test_the_method_text_states_the_pool_rule_and_no_exposure(fintech: Path) -> None:
    doc = roadmap(fintech)
    assert "exposure" not in doc
    assert any("most firms of the data pool" in line for line in doc["method_text"])
    table = CliRunner().invoke(main, ["roadmap", str(fintech)], env={"COLUMNS": "200"})
    assert table.exit_code == 0 and "Exposure" not in table.stdout
    assert "done by 8 of the 111 firms of BSIMM16" in table.stdout
