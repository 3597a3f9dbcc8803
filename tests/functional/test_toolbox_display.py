"""Scores are shown as the SAMM Toolbox shows them: two places, ties away from zero, sums added exactly.

Worked cases on a SAMM-shaped questionnaire, through ``assess score`` (table, Markdown, CSV), the JSON
(unrounded, with the per-level averages) and the workshop's screen. Python's own ``f"{x:.2f}"`` shows
0.625 as 0.62 and 1.125 as 1.12, and a plain ``sum`` makes the overall 1.475 below into
1.4749999999999999 (shown 1.47): the Toolbox shows 0.63, 1.13 and 1.48.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from assess.cli import main
from assess.core.display import fmt, fmt_change, rounded
from tests.samm_support import answers_data, questionnaire_data, stream_answers, write_yaml

# Practice scores per function that give an overall of exactly 1.475 (a plain sum gives 1.4749999999999999).
PRACTICES = {
    "G-SM": 1.25,
    "G-PC": 3.0,
    "G-EG": 3.0,
    "D-TA": 0.0,
    "D-SR": 0.0,
    "D-SA": 0.0,
    "I-SB": 0.75,
    "I-SD": 3.0,
    "I-DM": 3.0,
    "V-AA": 0.0,
    "V-RT": 1.125,
    "V-ST": 3.0,
    "O-IM": 0.0,
    "O-EM": 1.0,
    "O-OM": 3.0,
}


def _stream_sums() -> dict[str, float]:
    """Each practice's score as stream A = 2 x score (when it fits) and stream B = the rest."""
    sums: dict[str, float] = {}
    for practice, score in PRACTICES.items():
        total = 2 * score
        sums[f"{practice}-A"] = min(3.0, total)
        sums[f"{practice}-B"] = total - min(3.0, total)
    return sums


@pytest.fixture
def worked(tmp_path: Path) -> tuple[Path, Path]:
    q = write_yaml(tmp_path / "shape.yaml", questionnaire_data())
    answers = stream_answers(_stream_sums())
    # A practice of 0.625 beside them in another file: stream A = 1.25, stream B = 0.
    path = write_yaml(tmp_path / "worked.yaml", answers_data(answers, team="Worked"))
    return q, path


def _run(*args: str) -> str:
    result = CliRunner(env={"COLUMNS": "160", "NO_COLOR": "1"}).invoke(main, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


def test_the_display_rule_rounds_ties_away_from_zero_as_excel_does() -> None:
    assert [fmt(v) for v in (0.625, 1.125, 1.475, 1.4749999999999999, 2.675, 0.005)] == [
        "0.63",
        "1.13",
        "1.48",
        "1.48",
        "2.68",
        "0.01",
    ]
    assert [fmt_change(v) for v in (-0.625, 0.625, -0.0001)] == ["-0.63", "+0.63", "+0.00"]
    assert fmt(None) == "–"
    assert str(rounded(0.6249999999999999)) == "0.63"  # float noise past 15 digits never decides a tie


def test_json_is_unrounded_and_carries_the_level_averages(worked: tuple[Path, Path]) -> None:
    q, path = worked
    doc = json.loads(_run("score", str(path), "-q", str(q), "--format", "json"))
    assert doc["overall"] == 1.475  # math.fsum: exactly the decimal 1.475's float, not 1.4749999999999999
    practices = {p["id"]: p for f in doc["functions"] for p in f["practices"]}
    assert practices["G-SM"]["score"] == 1.25
    assert practices["V-RT"]["score"] == 1.125
    # G-SM: stream A = 2.5 (1 + 1 + 0.5), stream B = 0: level means 0.5, 0.5, 0.25.
    assert practices["G-SM"]["levels"] == {"1": 0.5, "2": 0.5, "3": 0.25}
    assert practices["D-TA"]["levels"] == {"1": 0, "2": 0, "3": 0}
    functions = {f["id"]: f["score"] for f in doc["functions"]}
    assert functions["V"] == 1.375


def test_the_table_shows_the_toolbox_numbers_and_level_columns(worked: tuple[Path, Path]) -> None:
    q, path = worked
    table = _run("score", str(path), "-q", str(q))
    rows = {line.split("│")[0].strip(): [c.strip() for c in line.split("│")[1:]] for line in table.splitlines()}
    assert rows["Overall"][0] == "1.48"
    assert rows["V-RT Practice RT"][0] == "1.13"
    assert rows["Verification"][0] == "1.38"
    header = next(line for line in table.splitlines() if "Score" in line)
    assert [c.strip() for c in header.split("┃")][-3:] == ["L1", "L2", "L3"]
    assert rows["G-SM Practice SM"][-3:] == ["0.50", "0.50", "0.25"]
    assert rows["V-RT Practice RT"][-3:] == ["0.50", "0.50", "0.13"]  # level 3 mean 0.125 shows 0.13


def test_markdown_shows_the_toolbox_numbers(worked: tuple[Path, Path]) -> None:
    q, path = worked
    markdown = _run("score", str(path), "-q", str(q), "--format", "markdown")
    assert "**Overall: 1.48**" in markdown
    assert "| V-RT Practice RT | 1.13 |" in markdown
    assert "| **Verification** | **1.38** |" in markdown


def test_csv_shows_the_toolbox_numbers_and_level_columns(worked: tuple[Path, Path]) -> None:
    q, path = worked
    rows = list(csv.DictReader(io.StringIO(_run("score", str(path), "-q", str(q), "--format", "csv"))))
    by_id = {(r["kind"], r["id"]): r for r in rows}
    assert by_id[("overall", "")]["score"] == "1.48"
    assert by_id[("practice", "V-RT")]["score"] == "1.13"
    assert by_id[("function", "V")]["score"] == "1.38"
    assert [by_id[("practice", "G-SM")][f"level_{n}"] for n in (1, 2, 3)] == ["0.50", "0.50", "0.25"]
    assert by_id[("stream", "G-SM-A")]["level_1"] == ""


def test_a_practice_of_0_625_shows_0_63_everywhere(tmp_path: Path) -> None:
    q = write_yaml(tmp_path / "shape.yaml", questionnaire_data())
    path = write_yaml(tmp_path / "a.yaml", answers_data(stream_answers({"G-SM-A": 1.25}), team="Tie"))
    assert "0.63" in _run("score", str(path), "-q", str(q)).split("G-SM Practice SM", 1)[1].split("\n")[0]
    assert "| G-SM Practice SM | 0.63 |" in _run("score", str(path), "-q", str(q), "--format", "markdown")
    rows = csv.DictReader(io.StringIO(_run("score", str(path), "-q", str(q), "--format", "csv")))
    assert next(r for r in rows if r["id"] == "G-SM")["score"] == "0.63"


async def test_the_workshop_shows_the_toolbox_numbers(worked: tuple[Path, Path]) -> None:
    from assess.workshop.editing import Session
    from tests.functional.workshop.conftest import screen_text, workshop_app

    q, path = worked
    session = Session.open(path, str(q))
    app = workshop_app(session)
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        text = screen_text(app)
    session.close()
    overall = text.split("Overall", 1)[1].split("\n")[0]
    assert "1.48" in overall
    assert "Verification 1.38" in text  # the navigator
    assert "Practice RT 1.13" in text
