"""The api-bsimm example keeps telling its story, and folders mixing questionnaires aggregate with -q."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from assess.cli import main

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
FINTECH = EXAMPLES / "api-bsimm-fintech.yaml"


def run_json(*args: str) -> Any:
    result = CliRunner().invoke(main, [*args, "--format", "json"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_the_fintech_is_a_young_programme_below_the_pool_average() -> None:
    doc = run_json("score", str(FINTECH))
    block = doc["bsimm"]
    assert doc["method"] == "bsimm" and block["pool"]["name"] == "BSIMM16"
    assert 25 <= block["firm_score"] < block["pool"]["average_score"]
    assert block["na"] == 2 and doc["answered"] == doc["total"] - 3
    # The two findings of the workshop are common practice it lacks: BSIMM's "look here first".
    assert {"SE1.1", "CMVM1.4"} <= set(block["look_first"])
    compliance = next(p for p in block["practices"] if p["id"] == "CP")
    assert compliance["share"] > compliance["pool_average"]  # regulation made compliance strong


def test_the_roadmap_takes_up_the_findings_and_common_practice_first() -> None:
    doc = run_json("roadmap", str(FINTECH))
    planned = [s["activity"] for p in doc["phases"] for s in p["steps"]]
    assert {"SE1.1", "CMVM1.4"} <= set(planned)
    assert doc["remaining_gap"]["practices"] == {}


def test_a_folder_of_mixed_questionnaires_aggregates_one_questionnaire_with_q() -> None:
    mixed = CliRunner().invoke(main, ["aggregate", str(EXAMPLES)])
    assert mixed.exit_code == 2
    assert "answer different questionnaires (api-bsimm 1.0.0, api-samm 1.1.0)" in mixed.stderr
    bsimm = run_json("aggregate", str(EXAMPLES), "-q", "api-bsimm")
    assert [t["file"] for t in bsimm["teams"]] == [str(FINTECH)]
    samm = run_json("aggregate", str(EXAMPLES), "-q", "api-samm")
    assert samm["assessments"] == 4 and str(FINTECH) not in [t["file"] for t in samm["teams"]]
    every = run_json("aggregate", str(EXAMPLES), "-q", "api-samm", "--all")
    assert len(every["teams"]) == 4 and str(FINTECH) not in [t["file"] for t in every["teams"]]
    named = CliRunner().invoke(main, ["aggregate", str(FINTECH), "-q", "api-samm"])
    assert named.exit_code == 2  # a file named on the command line is never skipped silently


def test_diff_counts_changes_and_aggregate_covers_each_activity(tmp_path: Path) -> None:
    later = FINTECH.read_text(encoding="utf-8")
    later = later.replace("  SE1.1:\n    answer: not-observed", "  SE1.1:\n    answer: observed", 1)
    later = later.replace("    criteria: [false, false]\n    finding: high\n", "    criteria: [true, true]\n", 1)
    later = later.replace("  SM2.1:\n    answer: not-observed", "  SM2.1:\n    answer: observed", 1)
    later = later.replace("team: Ledgerline - Payments API Platform", "team: Ledgerline - Cards")
    folder = tmp_path / "teams"
    folder.mkdir()
    (folder / "payments.yaml").write_text(FINTECH.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "cards.yaml").write_text(later, encoding="utf-8")
    diff = run_json("diff", str(folder / "payments.yaml"), str(folder / "cards.yaml"))
    assert diff["method"] == "bsimm"
    changes = {c["id"]: c["change"] for c in diff["scores"] if c["change"]}
    assert changes == {"overall": 2, "GOV": 1, "SM": 1, "DEP": 1, "SE": 1}
    assert diff["scores"][0]["name"] == "Firm score"
    aggregate = run_json("aggregate", str(folder))
    coverage = {c["activity"]: (c["observed"], c["teams"]) for c in aggregate["coverage"]}
    assert coverage["SE1.1"] == (1, 2) and coverage["SM1.1"] == (2, 2) and coverage["SM3.4"] == (0, 2)
    assert len(coverage) == 77
    cards = next(t for t in aggregate["teams"] if t["team"] == "Ledgerline - Cards")
    assert {"SE1.1", "SM2.1"} <= set(cards["observed"])
