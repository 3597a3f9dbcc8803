"""BSIMM scoring through the command line, against numbers worked out by hand.

tests/data/bsimm-odd.yaml has shapes the built-in questionnaire never has (five level-1
activities and no level 2 in SM; a single group mixing every level in CP; only level-2
activities in PT, one of them without a data-pool count); bsimm-odd-answers.yaml answers it
with every kind of answer (observed, not observed, n/a, unanswered).
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from click.testing import CliRunner, Result

from assess.cli import main
from tests.conftest import DATA, WriteFile

BSIMM_ODD = DATA / "bsimm-odd.yaml"
BSIMM_ANSWERS = DATA / "bsimm-odd-answers.yaml"
Q = ["-q", str(BSIMM_ODD)]


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def score_json(*args: str) -> Any:
    result = run("score", "--format", "json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


# Worked out by hand from the two files (pool of 20 firms):
#   SM: observed SM1.1, SM1.4, SM3.1 (SM1.2 not observed, SM1.3 n/a, SM1.5 unanswered) -> 3 of 6,
#       share 1/2, high-water mark 3, level 1: 2 of 5, level 3: 1 of 1; counts 18+12+18+3+9+1 = 61,
#       pool average 61 / 20 / 6; most common SM1.1 and SM1.3 (18 each); SM1.2 is done by 12/20 = 60%
#       of the pool and not observed -> look first (SM1.3 is n/a, SM1.5 is 45%).
#   CP: observed CP2.1 (CP2.2 n/a, CP3.1 not observed, CP1.1 unanswered) -> 1 of 4, share 1/4,
#       high-water mark 2; counts 15+11+4+2 = 32, pool average 32 / 20 / 4; most common CP1.1 (15),
#       not observed -> look first.
#   PT: observed PT2.1 -> 1 of 2, share 1/2, high-water mark 2; PT2.2 has no count, so no pool
#       average here nor for the whole firm; most common PT2.1, observed.
#   Governance (SM + CP): 4 of 10, n/a 2, high-water mark 3. Deployment (PT): 1 of 2, mark 2.
#   Firm score 5 of 12; 10 answers given; target SM 5 -> gap 2, percent to target 1 - 2/5.
HAND = {
    "SM": (3, 6, 1 / 2, 1, 3, [(1, 2, 5), (3, 1, 1)], 61 / 20 / 6, ["SM1.1", "SM1.3"]),
    "CP": (1, 4, 1 / 4, 1, 2, [(1, 0, 1), (2, 1, 2), (3, 0, 1)], 32 / 20 / 4, ["CP1.1"]),
    "PT": (1, 2, 1 / 2, 0, 2, [(2, 1, 2)], None, ["PT2.1"]),
}


def test_score_json_matches_the_hand_computation() -> None:
    doc = score_json(str(BSIMM_ANSWERS), *Q)
    assert doc["method"] == "bsimm"
    assert (doc["answered"], doc["total"], doc["overall"], doc["na"]) == (10, 12, 5, "zero")
    assert doc["percent_to_target"] == pytest.approx(1 - 2 / 5)
    block = doc["bsimm"]
    assert (block["firm_score"], block["total"], block["na"]) == (5, 12, 2)
    assert block["share"] == pytest.approx(5 / 12)
    assert block["pool"] == {"name": "Test pool", "firms": 20, "average_score": None}
    assert block["derived"] is None
    for practice in block["practices"]:
        observed, total, share, na, mark, levels, pool_average, most_common = HAND[practice["id"]]
        assert (practice["observed"], practice["total"], practice["na"]) == (observed, total, na)
        assert practice["share"] == pytest.approx(share)
        assert practice["high_water_mark"] == mark
        assert [(c["level"], c["observed"], c["total"]) for c in practice["levels"]] == levels
        assert practice["pool_average"] == (None if pool_average is None else pytest.approx(pool_average))
        assert practice["most_common"] == most_common
    domains = [(d["id"], d["observed"], d["total"], d["na"], d["high_water_mark"]) for d in block["domains"]]
    assert domains == [("G", 4, 10, 2, 3), ("D", 1, 2, 0, 2)]
    assert block["look_first"] == ["CP1.1", "SM1.2"]  # most common first
    shares = {a["id"]: a["pool_share"] for a in block["activities"]}
    assert shares["SM1.2"] == pytest.approx(12 / 20)
    assert shares["PT2.2"] is None
    # The shared shape carries the same counts, so every view that reads scores reads counts.
    practices = {p["id"]: p for f in doc["functions"] for p in f["practices"]}
    assert {k: p["score"] for k, p in practices.items()} == {"SM": 3, "CP": 1, "PT": 1}
    assert (practices["SM"]["target"], practices["SM"]["gap"]) == (5, 2)
    assert [f["score"] for f in doc["functions"]] == [4, 1]


def test_samm_documents_carry_no_bsimm_keys() -> None:
    doc = score_json(str(DATA / "odd-answers.yaml"), "-q", str(DATA / "odd-questionnaire.yaml"))
    assert "method" not in doc and "bsimm" not in doc


@pytest.mark.parametrize("command", ["score", "roadmap"])
def test_na_exclude_is_refused_for_bsimm(command: str) -> None:
    extra = ["--target", "CP=2"] if command == "roadmap" else []
    result = run(command, str(BSIMM_ANSWERS), *Q, "--na", "exclude", *extra)
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith(f"{BSIMM_ANSWERS}: --na exclude is SAMM's non-standard mode")
    assert "Traceback" not in result.output


def test_a_fractional_target_is_refused_as_a_level(write: WriteFile) -> None:
    answers = BSIMM_ANSWERS.read_text(encoding="utf-8").replace("  SM: 5", "  SM: 2.5")
    path = write("a.yaml", answers)
    result = run("score", str(path), *Q)
    assert result.exit_code == 2
    line = answers.splitlines().index("  SM: 2.5") + 1
    assert result.stderr.splitlines() == [
        f"{path}:{line}:3: targets.SM: target 2.5 for SM is not a whole number; bsimm targets count "
        "observed activities (0 to 6), they are not SAMM levels"
    ]


@pytest.mark.parametrize("output_format", ["table", "markdown", "csv"])
def test_hostile_text_stays_inert_in_every_bsimm_format(write: WriteFile, output_format: str) -> None:
    hostile = "<img src=x onerror=alert(1)>|[a](https://evil.example) \x1b[31mred\u202e"
    answers = BSIMM_ANSWERS.read_text(encoding="utf-8").replace("team: Odd team", f'team: "{hostile}"')
    answers = answers.replace("\x1b", "\\e").replace("\u202e", "\\u202e")  # written as YAML escapes
    result = run("score", str(write("a.yaml", answers)), *Q, "--format", output_format)
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.stdout and "\u202e" not in result.stdout
    if output_format == "markdown":
        assert "<img" not in result.stdout and "&lt;img" in result.stdout
        assert "\\[a\\](https:\\/\\/evil" in result.stdout  # brackets and the // escaped: no link
