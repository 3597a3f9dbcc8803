"""`assess roadmap` through the command line: formats, options and bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from assess.cli import main

DATA = Path(__file__).parent.parent / "data"
EXAMPLE = DATA / "report-example.yaml"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_json_has_the_documented_shape() -> None:
    code, out, _ = run("roadmap", str(EXAMPLE), "--format", "json")
    assert code == 0
    doc = json.loads(out)
    scores = json.loads(run("score", str(EXAMPLE), "--format", "json")[1])
    assert set(doc["targets"]) == {p["id"] for f in scores["functions"] for p in f["practices"]}
    assert len(doc["phases"]) == 4
    phase = doc["phases"][0]
    assert {"number", "effort", "steps", "scores_after", "percent_to_target_after"} <= set(phase)
    step = phase["steps"][0]
    assert {"activity", "practice", "title", "action", "effort", "from", "to"} <= set(step)
    assert set(phase["scores_after"]) == {"overall", "practices"}
    assert phase["effort"] == sum(s["effort"] for s in phase["steps"])
    assert doc["remaining_gap"]["practices"] == {}
    assert doc["phases"][-1]["percent_to_target_after"] == pytest.approx(1.0)
    assert "beyond target that no total includes" in doc["note"]
    assert doc["effort"] == pytest.approx(sum(p["effort"] for p in doc["phases"]))


def test_targets_and_phases_from_the_command_line() -> None:
    code, out, _ = run("roadmap", str(EXAMPLE), "--format", "json", "--target", "D-TA=1", "--target", "V-ST=1.5")
    assert code == 0
    doc = json.loads(out)
    assert doc["targets"] == {"D-TA": 1, "V-ST": 1.5}
    assert doc["targets_source"] == "--target"
    practices = {s["practice"] for p in doc["phases"] for s in p["steps"] if s["for_target"]}
    assert practices <= {"D-TA", "V-ST"}
    code, out, _ = run("roadmap", str(EXAMPLE), "--format", "json", "--phases", "2", "--profile", "internal")
    doc = json.loads(out)
    assert [p["number"] for p in doc["phases"]] == [1, 2]
    assert doc["targets_source"] == "profile internal"


def test_capacity_states_the_remaining_gap_plainly() -> None:
    code, out, _ = run("roadmap", str(EXAMPLE), "--capacity", "20", "--phases", "2")
    assert code == 0
    assert "Capacity runs out" in out
    code, out, _ = run("roadmap", str(EXAMPLE), "--capacity", "20", "--phases", "2", "--format", "json")
    doc = json.loads(out)
    assert all(p["effort"] <= 20 for p in doc["phases"])
    assert doc["remaining_gap"]["unscheduled_steps"]
    assert doc["remaining_gap"]["practices"]


def test_table_and_markdown_show_every_phase() -> None:
    code, out, _ = run("roadmap", str(EXAMPLE))
    assert code == 0
    for number in range(1, 5):
        assert f"Phase {number}" in out
    code, out, _ = run("roadmap", str(EXAMPLE), "--format", "markdown")
    assert code == 0
    assert out.count("### Phase ") == 4
    assert "| Activity | Role | Title | Action | Days | From → to | Why |" in out
    assert "Every target is met after the last phase." in out


def test_targets_already_met_say_so_once() -> None:
    code, out, _ = run("roadmap", str(EXAMPLE), "--target", "G-SM=0", "--format", "markdown")
    assert code == 0
    assert "Every target is already met: there is nothing to plan." in out
    assert "### Phase" not in out
    doc = json.loads(run("roadmap", str(EXAMPLE), "--target", "G-SM=0", "--format", "json")[1])
    assert [p["steps"] for p in doc["phases"]] == [[], [], [], []]  # the JSON keeps its shape


@pytest.mark.parametrize("output_format", ["table", "markdown"])
def test_a_capacity_smaller_than_every_step_is_explained(output_format: str) -> None:
    code, out, _ = run("roadmap", str(EXAMPLE), "--capacity", "1", "--phases", "2", "--format", output_format)
    assert code == 0
    out = " ".join(out.split())
    assert "Nothing more fits in a phase of 1 person-day." in out
    assert "Nothing left to plan" not in out
    assert "need more than a whole phase on their own" in out
    assert "no number of phases fits them" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--target", "NOPE=2"], "unknown practice 'NOPE'"),
        (["--target", "D-TA=4"], "out of range"),
        (["--target", "D-TA"], "write PRACTICE=SCORE"),
        (["--profile", "nope"], "unknown profile 'nope'"),
        (["--phases", "0"], "Invalid value for '--phases'"),
        (["--capacity", "0"], "Invalid value for '--capacity'"),
        (["--capacity", "nan"], "Invalid value for '--capacity'"),
        (["--capacity", "inf"], "Invalid value for '--capacity'"),
    ],
)
def test_bad_options_exit_2_with_one_line(args: list[str], message: str) -> None:
    code, _, err = run("roadmap", str(EXAMPLE), *args)
    assert code == 2
    assert message in err
    assert "Traceback" not in err


def test_no_targets_at_all_is_bad_input(tmp_path: Path) -> None:
    answers = tmp_path / "odd.yaml"
    answers.write_text("format: 1\nquestionnaire: odd-shapes\nversion: 0.3.1\n")
    code, _, err = run("roadmap", str(answers), "-q", str(DATA / "odd-questionnaire.yaml"))
    assert code == 2
    assert err.count("\n") == 1
    assert "no targets to plan for" in err


def test_roadmap_never_imports_weasyprint_or_jinja() -> None:
    import subprocess
    import sys

    code = (
        "import sys; from assess.cli import main; "
        f"main(['roadmap', {str(EXAMPLE)!r}, '--format', 'json'], standalone_mode=False); "
        "print([m for m in ('weasyprint', 'jinja2', 'textual') if m in sys.modules], file=sys.stderr)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stderr.strip() == "[]"


@pytest.mark.parametrize("output_format", ["table", "markdown"])
def test_control_codes_in_file_text_never_reach_the_terminal(tmp_path: Path, output_format: str) -> None:
    answers = tmp_path / "team.yaml"
    answers.write_text(
        'format: 1\nquestionnaire: api-samm\nversion: 1.1.0\nteam: "Evil\\e]0;owned\\a\\e[2J \\u202eteam"\n'
        "targets: {G-SM: 1}\n",
        encoding="utf-8",
    )
    code, out, _ = run("roadmap", str(answers), "--format", output_format)
    assert code == 0
    shown = {  # Markdown also puts a backslash before the escapes' backslashes and brackets, as score does
        "table": "Evil\\x1b]0;owned\\x07\\x1b[2J \\u202eteam",
        "markdown": "Evil\\\\x1b\\]0;owned\\\\x07\\\\x1b\\[2J \\\\u202eteam",
    }
    assert shown[output_format] in out
    assert not {"\x1b", "\x07", "\u202e"} & set(out)
    code, out, _ = run("roadmap", str(answers), "--format", "json")
    assert json.loads(out)["assessment"]["team"] == "Evil\x1b]0;owned\x07\x1b[2J \u202eteam"  # data kept as is


PARTNER = Path(__file__).parent.parent.parent / "examples" / "partner-api.yaml"
AT_TOP = ["I-SD-B-2", "O-EM-A-1", "D-TA-A-1", "O-IM-B-1"]
"""The partner example's findings on answers already at their top (they had no step before closing steps)."""


def test_partner_findings_on_top_answers_get_closing_steps_in_phase_1_in_every_format() -> None:
    code, out, _ = run("roadmap", str(PARTNER), "--format", "json")
    assert code == 0
    doc = json.loads(out)
    statuses = {f["activity"]: (f["status"], f["phase"]) for f in doc["findings"]}
    assert statuses == dict.fromkeys(["D-SR-B-2", "O-OM-A-2", *AT_TOP], ("planned", 1))
    first = {s["activity"]: s for s in doc["phases"][0]["steps"]}
    for activity in AT_TOP:
        step = first[activity]
        assert step["closes_finding"] is True and step["from_answer"] == step["to_answer"]
        assert step["closing"] == {"unmet_criteria": 0, "criteria": step["closing"]["criteria"], "effort_share": 0.25}
        assert "answer already at its top; every quality criterion is ticked, so a default" in " ".join(step["why"])
    raised = [s for p in doc["phases"] for s in p["steps"] if not s.get("closes_finding")]
    assert doc["phases"][-1]["scores_after"]["overall"] == pytest.approx(1.8, abs=0.005)
    assert len(raised) == 22  # the raising steps are those of the plan before closing steps
    code, markdown, _ = run("roadmap", str(PARTNER), "--format", "markdown")
    assert code == 0 and "already at its top answer" not in markdown  # the findings line names phase 1 instead
    assert markdown.count("| closes the medium finding, score unchanged |") == 2
    assert markdown.count("| closes the low finding, score unchanged |") == 2
    code, table, _ = run("roadmap", str(PARTNER))
    assert code == 0 and "already at its top answer" not in table
    lines = table.splitlines()
    closing = [i for i, line in enumerate(lines) if line.rstrip().endswith("│  closes the")]
    assert len(closing) == 4  # in the narrow change column, on two lines; the why line says the rest
    assert all(lines[i + 1].rstrip().endswith("finding") for i in closing)
