"""questionnaires/README.md teaches people to write questionnaires: its example must work and its
tables must describe the questionnaire that actually ships."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from assess.cli import main
from assess.files.loading import load_questionnaire
from assess.files.resources import builtin_questionnaires_dir

README = builtin_questionnaires_dir() / "README.md"


def _readme() -> str:
    return README.read_text(encoding="utf-8")


def _yaml_block_after(marker: str) -> str:
    text = _readme()
    found = re.search(r"```yaml\n(.*?)```", text[text.index(marker) :], re.S)
    assert found, f"no yaml block after {marker}"
    return found.group(1)


@pytest.fixture
def example(tmp_path: Path) -> tuple[Path, Path]:
    questionnaire = tmp_path / "webhook-basics.yaml"
    answers = tmp_path / "answers.yaml"
    questionnaire.write_text(_yaml_block_after("<!-- example-questionnaire -->"), encoding="utf-8")
    answers.write_text(_yaml_block_after("<!-- example-answers -->"), encoding="utf-8")
    return questionnaire, answers


def test_the_example_questionnaire_validates(example: tuple[Path, Path]) -> None:
    questionnaire, answers = example
    result = CliRunner().invoke(main, ["validate", str(questionnaire)])
    assert result.exit_code == 0, result.output
    assert "ok: questionnaire webhook-basics 0.1.0, 3 activities" in result.output
    result = CliRunner().invoke(main, ["validate", "-q", str(questionnaire), str(answers)])
    assert result.exit_code == 0, result.output


def test_the_example_scores_as_the_readme_says(example: tuple[Path, Path]) -> None:
    questionnaire, answers = example
    result = CliRunner().invoke(main, ["score", "--format", "json", "-q", str(questionnaire), str(answers)])
    assert result.exit_code == 0, result.output
    card = json.loads(result.stdout)
    practices = {p["id"]: p["score"] for f in card["functions"] for p in f["practices"]}
    assert practices == {"W-OUT": 0.5, "W-IN": 1.0}
    assert card["overall"] == 0.75
    assert "an overall score of 0.75" in " ".join(_readme().split())


def test_the_example_uses_the_features_it_claims(example: tuple[Path, Path]) -> None:
    q = load_questionnaire(example[0])
    assert q.activity_by_id["W-OUT-A-2"].requires == ("W-IN-A-1",)
    assert q.activity_by_id["W-IN-A-1"].display_title == q.activity_by_id["W-IN-A-1"].question
    assert q.activity_by_id["W-IN-A-1"].effort_days == 1
    assert q.default_profile == "baseline"


def test_the_top10_table_matches_the_questionnaire() -> None:
    q = load_questionnaire(builtin_questionnaires_dir() / "api-samm.yaml")
    counts = Counter(r for a in q.activities for r in a.probes.get("owasp-api-top10-2023", ()))
    table = re.search(r"\| API1 \|.*\n.*\n\|[ \d|]+\|", _readme())
    assert table, "the Top 10 coverage table"
    header, _, row = table.group(0).split("\n")
    risks = [c.strip() for c in header.strip("|").split("|")]
    numbers = [int(c) for c in row.strip("|").split("|")]
    assert dict(zip(risks, numbers, strict=True)) == {r: counts[r] for r in risks}


def test_the_profile_table_matches_the_questionnaire() -> None:
    q = load_questionnaire(builtin_questionnaires_dir() / "api-samm.yaml")
    rows = re.findall(r"^\| `([A-Z]-[A-Z]{2})` [^|]+\|([^|]+)\|([^|]+)\|([^|]+)\|$", _readme(), re.M)
    assert len(rows) == 15
    for practice, *targets in rows:
        expected = [q.profiles[n].targets[practice] for n in ("internal", "public", "regulated-financial")]
        assert [float(t) for t in targets] == expected, practice


def test_the_bsimm_example_scores_as_the_readme_says(tmp_path: Path) -> None:
    questionnaire = tmp_path / "gateway-bsimm.yaml"
    answers = tmp_path / "edge.yaml"
    questionnaire.write_text(_yaml_block_after("<!-- example-bsimm-questionnaire -->"), encoding="utf-8")
    answers.write_text(_yaml_block_after("<!-- example-bsimm-answers -->"), encoding="utf-8")
    result = CliRunner().invoke(main, ["score", "--format", "json", "-q", str(questionnaire), str(answers)])
    assert result.exit_code == 0, result.output
    block = json.loads(result.stdout)["bsimm"]
    (practice,) = block["practices"]
    assert (block["firm_score"], block["total"], practice["high_water_mark"]) == (1, 3, 2)
    assert block["look_first"] == ["GW1.1", "GW1.2"]
    assert block["pool"]["average_score"] == pytest.approx(1.95)
    text = " ".join(_readme().split())
    assert "1 of 3 activities observed (a share of 33%), a high-water mark of 2" in text
    assert "the pool's average firm does 1.95 of these three" in text


def test_the_crosswalk_example_derives_as_the_readme_says(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "questionnaires" / "crosswalks").mkdir(parents=True)
    for marker, name in (
        ("<!-- example-questionnaire -->", "questionnaires/webhook-basics.yaml"),
        ("<!-- example-bsimm-questionnaire -->", "questionnaires/gateway-bsimm.yaml"),
        ("<!-- example-crosswalk -->", "questionnaires/crosswalks/webhook-to-gateway.yaml"),
        ("<!-- example-answers -->", "answers.yaml"),
    ):
        (tmp_path / name).write_text(_yaml_block_after(marker), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["score", "--view", "bsimm", "--format", "json", "answers.yaml"])
    assert result.exit_code == 0, result.output
    block = json.loads(result.stdout)["bsimm"]
    assert block["derived"]["crosswalk"] == "webhook-to-gateway"
    assert (block["firm_score"], block["derived"]["unmapped"]) == (0, ["GW1.1", "GW2.1"])
    assert block["look_first"] == ["GW1.2"]  # not observed, and mapped, so worth a look
