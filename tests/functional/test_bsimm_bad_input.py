"""A bsimm questionnaire that breaks BSIMM's rules: exit 2, one line per problem, at its line."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from assess.cli import main
from tests.conftest import DATA, WriteFile

TEXT = (DATA / "bsimm-odd.yaml").read_text(encoding="utf-8")


def line_of(text: str, fragment: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if fragment in line)


@pytest.mark.parametrize(
    ("old", "new", "at", "words"),
    [
        (
            "    - {id: observed, label: Observed, value: 1}",
            "    - {id: partly, label: Partly, value: 0.5}\n    - {id: observed, label: Observed, value: 1}",
            "  seen:",
            "scale seen has 3 options worth 0, 0.5, 1; a bsimm questionnaire answers observed or not",
        ),
        (
            "{id: observed, label: Observed, value: 1}",
            "{id: observed, label: Observed, value: 0.8}",
            "  seen:",
            "scale seen has 2 options worth 0, 0.8",
        ),
        (
            '{id: SM1.2, level: 1, question: "Two?"',
            '{id: SM2.2, level: 1, question: "Two?"',
            "SM2.2",
            "activity id 'SM2.2' does not match its practice SM and level 1; in a bsimm questionnaire write SM1.N",
        ),
        (
            '{id: PT2.1, level: 2, question: "Tested?"',
            '{id: CP2.9, level: 2, question: "Tested?"',
            "CP2.9",
            "activity id 'CP2.9' does not match its practice PT and level 2",
        ),
        (
            'question: "One?", scale: seen, firms: 18',
            'question: "One?", scale: seen, firms: 25',
            "SM1.1",
            "firms 25 is above the size of the pool Test pool (20 firms)",
        ),
        (
            "pool: {name: Test pool, firms: 20}",
            "pool: {name: Test pool, firms: 20}\ncomparable_with: samm-benchmark",
            "comparable_with",
            "comparable_with: samm-benchmark is for SAMM scores",
        ),
    ],
)
def test_each_broken_rule_is_one_line_at_its_place(write: WriteFile, old: str, new: str, at: str, words: str) -> None:
    assert old in TEXT
    text = TEXT.replace(old, new)
    path = write("q.yaml", text)
    result = CliRunner().invoke(main, ["validate", str(path)], catch_exceptions=False)
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith(f"{path}:{line_of(text, at)}:"), lines
    assert words in lines[0]
    assert "Traceback" not in result.output


def test_counts_without_a_pool_are_reported_on_every_count(write: WriteFile) -> None:
    text = TEXT.replace("pool: {name: Test pool, firms: 20}\n", "")
    path = write("q.yaml", text)
    result = CliRunner().invoke(main, ["validate", str(path)], catch_exceptions=False)
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert len(lines) == text.count("firms: ") == 11
    assert all("firms counts firms of a data pool, but the questionnaire names none" in line for line in lines)


def test_bsimm_drops_the_ladder_rules(write: WriteFile) -> None:
    """Many activities per level in one group, and a level-1 activity that needs a level-3 one: fine in BSIMM."""
    text = TEXT.replace(
        '{id: SM1.2, level: 1, question: "Two?", scale: seen,',
        '{id: SM1.2, level: 1, question: "Two?", scale: seen, requires: [SM3.1],',
    )
    path = write("q.yaml", text)
    result = CliRunner().invoke(main, ["validate", str(path)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "ok: questionnaire bsimm-odd 0.1.0, 12 activities" in result.stdout
    samm = text.replace("scoring: bsimm\n", "").replace("pool: {name: Test pool, firms: 20}\n", "")
    samm = samm.replace(", firms: ", ", x-firms: ")
    result = CliRunner().invoke(main, ["validate", str(write("s.yaml", samm))], catch_exceptions=False)
    assert result.exit_code == 2  # the same file scored by SAMM breaks its one-activity-per-level rule
    assert "already has a level-1 activity" in result.stderr
