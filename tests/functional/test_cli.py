"""The command line as users and pipelines call it."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from click.testing import CliRunner, Result

from assess.cli import main
from assess.core.model import Questionnaire
from assess.files.loading import load_answers
from assess.files.resources import builtin_questionnaires_dir
from assess.files.schemas import SCHEMA_FILES, schema_for
from assess.files.yaml_source import parse_yaml
from tests.conftest import DATA, ODD_PATH, WriteFile, option_with_value

ODD_ANSWERS = DATA / "odd-answers.yaml"
ODD = ["-q", str(ODD_PATH)]


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def score_json(*args: str) -> Any:
    result = run("score", "--format", "json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_version_and_list() -> None:
    assert run("--version").stdout.startswith("assess, version ")
    listed = json.loads(run("list", "--format", "json").stdout)
    assert [(q["id"], q["activities"]) for q in listed] == [("api-bsimm", 77), ("api-samm", 90)]
    assert "api-samm" in run("list").stdout


def test_score_json_follows_the_contract() -> None:
    doc = score_json(str(ODD_ANSWERS), *ODD)
    assert doc["questionnaire"] == {"id": "odd-shapes", "version": "0.3.1", "title": "Odd shapes test questionnaire"}
    assert doc["assessment"]["team"] == "Odd team"
    assert (doc["answered"], doc["total"], doc["na"]) == (4, 10, "zero")
    assert doc["overall"] == pytest.approx((1.7 + 1 / 3) / 2 / 2)
    p_one = doc["functions"][0]["practices"][0]
    assert (p_one["id"], p_one["score"], p_one["target"], p_one["gap"]) == ("P-ONE", pytest.approx(1.7), 1.5, 0)
    assert doc["functions"][0]["practices"][1]["target"] is None
    assert [s["id"] for s in doc["functions"][0]["practices"][1]["streams"]] == ["P-THREE-A", "P-THREE-B", "P-THREE-C"]


def test_several_files_give_a_list_in_input_order(write: WriteFile) -> None:
    other = write("b.yaml", "format: 1\nquestionnaire: odd-shapes\nversion: 0.3.1\nteam: B\n")
    docs = score_json(str(other), str(ODD_ANSWERS), *ODD)
    assert [d["assessment"]["team"] for d in docs] == ["B", "Odd team"]


def test_na_exclude_is_labelled() -> None:
    doc = score_json(str(ODD_ANSWERS), *ODD, "--na", "exclude")
    assert doc["na"] == "exclude"
    assert "non-standard" in run("score", str(ODD_ANSWERS), *ODD, "--na", "exclude").stdout


def test_csv_and_markdown_carry_the_same_numbers() -> None:
    rows = list(csv.DictReader(io.StringIO(run("score", str(ODD_ANSWERS), *ODD, "--format", "csv").stdout)))
    overall = next(r for r in rows if r["kind"] == "overall")
    assert overall["score"] == "0.51"  # (1.7 + 1/3) / 4, shown as the Toolbox shows it (JSON keeps it unrounded)
    assert {r["kind"] for r in rows} == {"overall", "function", "practice", "stream"}
    markdown = run("score", str(ODD_ANSWERS), *ODD, "--format", "markdown").stdout
    assert "**Overall: 0.51**" in markdown
    assert "| P-ONE One stream | 1.70 | 1.50 | 0.00 |" in markdown


def test_table_output_shows_practices_and_overall() -> None:
    out = run("score", str(ODD_ANSWERS), *ODD).stdout
    assert "P-THREE Three streams" in out
    assert "Overall" in out and "0.51" in out


def test_every_score_node_carries_the_highest_score_it_can_reach() -> None:
    """Odd shapes: streams of one to three levels, so no maximum is 3 by accident."""
    doc = score_json(str(ODD_ANSWERS), *ODD)
    first, second = doc["functions"]
    p_one, p_three = first["practices"]
    assert [s["maximum"] for s in p_three["streams"]] == [2.0, 1.0, 3.0]
    assert (p_one["maximum"], p_three["maximum"], second["practices"][0]["maximum"]) == (2.0, 2.0, 1.0)
    assert (first["maximum"], second["maximum"], doc["maximum"]) == (2.0, 1.0, 1.5)
    assert list(doc)[list(doc).index("maximum") + 1] == "overall"  # beside the score it bounds


def test_table_bars_fill_against_each_node_maximum() -> None:
    out = CliRunner(env={"COLUMNS": "120", "NO_COLOR": "1"}).invoke(main, ["score", str(ODD_ANSWERS), *ODD]).stdout
    filled = {line.split()[0]: line.count("█") for line in out.splitlines() if "·" in line or "█" in line}
    # out of 12 blocks: P-ONE 1.70 of 2, P-THREE 0.33 of 2, the first function 1.02 of 2, overall 0.51 of 1.5
    assert (filled["P-ONE"], filled["P-THREE"], filled["First"], filled["Overall"]) == (10, 2, 6, 4)


def test_fail_under_gates_a_pipeline() -> None:
    passed = run("score", str(ODD_ANSWERS), *ODD, "--fail-under", "0.5", "--format", "json")
    assert passed.exit_code == 0
    failed = run("score", str(ODD_ANSWERS), *ODD, "--fail-under", "0.6", "--format", "json")
    assert failed.exit_code == 1
    assert json.loads(failed.stdout)["overall"] < 0.6  # the scores are still printed
    assert "below --fail-under 0.6" in failed.stderr


def test_template_is_a_valid_blank_answers_file(tmp_path: Path, api_samm: Questionnaire) -> None:
    out = tmp_path / "new.yaml"
    assert run("template", "-o", str(out), "--team", "Payments API").exit_code == 0
    data = parse_yaml(out.read_text(), str(out)).data
    jsonschema.Draft7Validator(schema_for("answers")).validate(json.loads(json.dumps(data, default=str)))
    answers = load_answers(out)
    assert answers.team == "Payments API"
    assert set(answers.answers) == {a.id for a in api_samm.activities}
    assert score_json(str(out))["overall"] == 0
    text = out.read_text()
    assert "none = No | some = Yes, for some APIs" in text
    refused = run("template", "-o", str(out))
    assert refused.exit_code == 2 and "already exists" in refused.stderr


def test_template_answers_score_once_filled(tmp_path: Path, api_samm: Questionnaire) -> None:
    out = tmp_path / "filled.yaml"
    text = run("template").stdout
    top = option_with_value(api_samm, "I-SB-B-1", 1)
    text = text.replace("  I-SB-B-1:\n", f"  I-SB-B-1: {top}\n")
    out.write_text(text)
    doc = score_json(str(out))
    practice = next(p for f in doc["functions"] for p in f["practices"] if p["id"] == "I-SB")
    assert practice["score"] == 0.5


def test_validate_reports_each_file(write: WriteFile) -> None:
    good = run("validate", str(ODD_PATH), str(ODD_ANSWERS), *ODD)
    assert good.exit_code == 0
    assert "ok: questionnaire odd-shapes 0.3.1, 10 activities" in good.stdout
    assert "ok: answers to odd-shapes 0.3.1, 4/10 answered" in good.stdout
    bad = write("bad.yaml", "format: 1\nquestionnaire: odd-shapes\nversion: 0.3.1\nanswers:\n  one-1: nah\n")
    result = run("validate", str(ODD_ANSWERS), str(bad), *ODD)
    assert result.exit_code == 2
    assert f"{bad}:5:3: answers.one-1: unknown option 'nah'" in result.stderr


def test_diff_shows_moves_and_changed_answers(write: WriteFile) -> None:
    before = write("q1.yaml", "format: 1\nquestionnaire: odd-shapes\nversion: 0.3.1\nanswers: {one-1: some}\n")
    after = write(
        "q2.yaml", "format: 1\nquestionnaire: odd-shapes\nversion: 0.3.1\nanswers: {one-1: full, two-b-1: much}\n"
    )
    doc = json.loads(run("diff", str(before), str(after), *ODD, "--format", "json").stdout)
    p_one = next(c for c in doc["scores"] if c["id"] == "P-ONE")
    assert (p_one["before"], p_one["after"], p_one["change"]) == (0.4, 1.0, pytest.approx(0.6))
    assert [(a["activity"], a["before"], a["after"], a["change"]) for a in doc["answers"]] == [
        ("one-1", "some", "full", pytest.approx(0.6)),
        ("two-b-1", None, "much", 0.7),
    ]
    rows = list(csv.reader(io.StringIO(run("diff", str(before), str(after), *ODD, "--format", "csv").stdout)))
    assert ["answer", "two-b-1", "", "", "much", "0.70", "", ""] in rows
    table = run("diff", str(before), str(after), *ODD).stdout
    assert "+0.60" in table and "Answers that changed" in table and "Progress" not in table  # no targets
    assert "| one-1 | some | full |" in run("diff", str(before), str(after), *ODD, "--format", "markdown").stdout


def test_diff_shows_progress_towards_the_newer_targets(write: WriteFile) -> None:
    """DESIGN's progress between two assessments: (current - baseline) / (target - baseline)."""
    before = write("q1.yaml", "format: 1\nquestionnaire: odd-shapes\nversion: 0.3.1\nanswers: {one-1: some}\n")
    after = write(
        "q2.yaml",
        "format: 1\nquestionnaire: odd-shapes\nversion: 0.3.1\nanswers: {one-1: much}\n"
        "targets: {P-ONE: 1.4, P-TWO: 1}\n",
    )
    doc = json.loads(run("diff", str(before), str(after), *ODD, "--format", "json").stdout)
    by_id = {c["id"]: c for c in doc["scores"]}
    # P-ONE: 0.4 -> 0.7 towards 1.4 is 0.3 / 1.0; P-TWO did not move towards 1; P-THREE has no target.
    assert (by_id["P-ONE"]["target"], by_id["P-ONE"]["progress"]) == (1.4, pytest.approx(0.3))
    assert (by_id["P-TWO"]["target"], by_id["P-TWO"]["progress"]) == (1, 0)
    assert (by_id["P-THREE"]["target"], by_id["P-THREE"]["progress"]) == (None, None)
    assert by_id["overall"]["progress"] is None
    table = run("diff", str(before), str(after), *ODD).stdout
    assert "Progress" in table and "30%" in table
    assert (
        "| P-ONE One stream | 0.40 | 0.70 | +0.30 | 1.40 | 30% |"
        in run("diff", str(before), str(after), *ODD, "--format", "markdown").stdout
    )


def test_aggregate_walks_folders_and_summarises(tmp_path: Path, write: WriteFile) -> None:
    write(
        "org/a/team-a.yaml", "format: 1\nquestionnaire: odd-shapes\nversion: 0.3.1\nteam: A\nanswers: {one-1: full}\n"
    )
    write("org/b/deeper/team-b.yml", "format: 1\nquestionnaire: odd-shapes\nversion: 0.3.1\nanswers: {one-1: some}\n")
    (tmp_path / "org" / "odd.yaml").write_text(ODD_PATH.read_text())  # a questionnaire in the folder is skipped
    doc = json.loads(run("aggregate", str(tmp_path / "org"), *ODD, "--format", "json").stdout)
    assert [t["team"] for t in doc["teams"]] == ["A", "team-b"]
    spread = doc["organisation"]["scores"]["P-ONE"]
    assert (spread["mean"], spread["min"], spread["max"]) == (pytest.approx(0.7), 0.4, 1.0)
    rows = list(csv.reader(io.StringIO(run("aggregate", str(tmp_path / "org"), *ODD, "--format", "csv").stdout)))
    assert rows[0][:3] == ["team", "file", "overall"]
    stats = ["organisation mean", "organisation min", "organisation max"]
    assert [r[0] for r in rows[1:]] == ["A", "team-b", *stats, "teams at or above target", "teams with a target"]


def test_schema_command_prints_the_committed_schema() -> None:
    for kind in ("questionnaire", "answers"):
        printed = run("schema", kind).stdout
        assert printed == (builtin_questionnaires_dir() / "schemas" / SCHEMA_FILES[kind]).read_text(encoding="utf-8")
        assert json.loads(printed)["$schema"] == "http://json-schema.org/draft-07/schema#"


# --- bad input: exit 2, file:line, no traceback -------------------------------------------------

BAD_ANSWERS = [
    (
        "dupkey.yaml",
        "format: 1\nquestionnaire: odd-shapes\nversion: 0.3.1\nteam: a\nteam: b\n",
        ":5:1:",
        "duplicate key",
    ),
    ("alias.yaml", "format: 1\nquestionnaire: odd-shapes\nversion: 0.3.1\nx-a: &a 1\nx-b: *a\n", ":4:", "aliases"),
    (
        "bool.yaml",
        "format: 1\nquestionnaire: odd-shapes\nversion: 0.3.1\nanswers:\n  one-3: no\n",
        ":5:10:",
        "true/false",
    ),
    ("syntax.yaml", "format: 1\nquestionnaire: [odd\n", ":3:", "YAML syntax error"),
    (
        "option.yaml",
        "format: 1\nquestionnaire: odd-shapes\nversion: 0.3.1\nanswers:\n  one-3: maybe\n",
        ":5:3:",
        "unknown option",
    ),
    ("version.yaml", "format: 1\nquestionnaire: odd-shapes\nversion: 9.9.9\n", ":3:1:", "written for odd-shapes 9.9.9"),
    ("list.yaml", "- just\n- a list\n", ":1:1:", "should hold a YAML mapping"),
    ("deep.yaml", "x-deep: " + "[" * 80 + "]" * 80 + "\n", ":1:", "deeper than 64"),
    ("octal.yaml", "format: 1\nquestionnaire: odd-shapes\nversion: 0.3.1\nx-build: 017\n", ":4:10:", "another base"),
    ("clock.yaml", "format: 1\nquestionnaire: odd-shapes\nversion: 0.3.1\nx-at: 12:30\n", ":4:7:", "minutes:seconds"),
    ("tag.yaml", "format: 1\nquestionnaire: odd-shapes\nversion: 0.3.1\nx-t: !!python/name:os.system\n", ":4:", "tags"),
    ("control.yaml", "format: 1\nquestionnaire: odd-shapes\nversion: 0.3.1\nteam: a\x01\n", ":4:8:", "U+0001"),
    ("unknown-q.yaml", "format: 1\nquestionnaire: nowhere\nversion: 1.0.0\n", ":2:1:", "'nowhere' not found"),
    ("key.yaml", "format: 1\nquestionnaire: odd-shapes\nversion: 0.3.1\nanswers:\n  1.5: yep\n", ":5:3:", "key 1.5"),
]


@pytest.mark.parametrize(("name", "text", "place", "words"), BAD_ANSWERS, ids=[b[0] for b in BAD_ANSWERS])
def test_bad_answers_files(write: WriteFile, name: str, text: str, place: str, words: str) -> None:
    path = write(name, text)
    result = run("score", str(path), *([] if name == "unknown-q.yaml" else ODD), "--format", "json")
    assert result.exit_code == 2
    assert result.stdout == ""  # never a partial result
    first = result.stderr.splitlines()[0]
    assert first.startswith(f"{path}{place}"), first
    assert words in result.stderr
    assert "Traceback" not in result.stderr


def test_bad_binary_files(tmp_path: Path) -> None:
    latin = tmp_path / "latin1.yaml"
    latin.write_bytes(b"format: 1\nteam: caf\xe9\n")
    huge = tmp_path / "huge.yaml"
    huge.write_bytes(b"#" * (5 * 1024 * 1024 + 1))
    result = run("score", str(latin), str(huge), str(tmp_path / "missing.yaml"), *ODD)
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert lines[0].startswith(f"{latin}:2:10:") and "not valid UTF-8" in lines[0]
    assert lines[1].startswith(f"{huge}: ") and "larger than 5 MB" in lines[1]
    assert lines[2] == f"{tmp_path / 'missing.yaml'}: file not found; check the path"


def test_bad_questionnaire_via_q(write: WriteFile) -> None:
    broken = write("q.yaml", ODD_PATH.read_text().replace("value: 0.4}", "value: 0.05}"))
    result = run("score", str(ODD_ANSWERS), "-q", str(broken))
    assert result.exit_code == 2
    assert f"{broken}:15:37: scales.five.some.value:" in result.stderr and "strictly ascending" in result.stderr


def test_a_real_process_prints_no_traceback(write: WriteFile) -> None:
    path = write("bad.yaml", "format: 1\nquestionnaire: odd-shapes\nversion: 0.3.1\nanswers:\n  one-3: yes\n")
    proc = subprocess.run(
        [sys.executable, "-m", "assess", "score", str(path), *ODD], capture_output=True, text=True, check=False
    )
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert proc.stderr.startswith(f"{path}:5:10: ")
    assert "Traceback" not in proc.stderr


def test_usage_errors_exit_2() -> None:
    result = CliRunner().invoke(main, ["score", "x.yaml", "--format", "pdf"])
    assert result.exit_code == 2


def test_user_text_cannot_become_markup_or_a_formula(write: WriteFile) -> None:
    hostile = write(
        "h.yaml",
        "format: 1\nquestionnaire: odd-shapes\nversion: 0.3.1\n"
        "team: '=HYPERLINK(\"http://evil.example\") <img src=x onerror=alert(1)> [x](http://evil.example)'\n",
    )
    rows = list(csv.reader(io.StringIO(run("score", str(hostile), *ODD, "--format", "csv").stdout)))
    assert rows[1][1].startswith("'=HYPERLINK")
    markdown = run("score", str(hostile), *ODD, "--format", "markdown").stdout
    assert "<img" not in markdown and "&lt;img src=x onerror=alert(1)&gt;" in markdown
    assert "[x](http" not in markdown and "\\[x\\](http:\\/\\/evil.example)" in markdown
    table = run("score", str(hostile), *ODD).stdout
    assert "[x](http://evil.example)" in table  # rich markup in a team name is shown, not interpreted


def test_table_shows_questionnaire_names_as_written(write: WriteFile) -> None:
    """A practice name from a questionnaire file is text, never rich markup (an unmatched tag used to crash)."""
    q = write("q.yaml", ODD_PATH.read_text().replace("name: One stream", 'name: "One [bold]x[/] [/nope] stream"'))
    result = run("score", str(ODD_ANSWERS), "-q", str(q))
    assert result.exit_code == 0
    assert "P-ONE One [bold]x[/] [/nope] stream" in result.stdout


def test_aggregate_table_falls_back_to_functions_when_narrow(write: WriteFile) -> None:
    path = write("a.yaml", "format: 1\nquestionnaire: api-samm\nversion: 1.1.0\nteam: A\nanswers: {I-SB-A-1: some}\n")
    teams = CliRunner().invoke(main, ["aggregate", str(path)], env={"COLUMNS": "80"}, catch_exceptions=False)
    assert "1 team" in teams.stdout and "1 teams" not in teams.stdout
    narrow = CliRunner().invoke(main, ["aggregate", "--all", str(path)], env={"COLUMNS": "80"}, catch_exceptions=False)
    assert "1 assessment" in narrow.stdout and "1 assessments" not in narrow.stdout
    assert "Business functions only" in narrow.stdout
    # Function I is (0.25 / 2) / 3 = 0.04; practice I-SB (0.125, shown 0.13 as the Toolbox shows it) is left out.
    assert "0.04" in narrow.stdout and "I-SB" not in narrow.stdout and "0.13" not in narrow.stdout
    wide = CliRunner().invoke(main, ["aggregate", "--all", str(path)], env={"COLUMNS": "200"}, catch_exceptions=False)
    assert "I-SB" in wide.stdout and "0.13" in wide.stdout and "Business functions only" not in wide.stdout


def test_template_keeps_multiline_questions_in_comments_and_quotes_the_team(write: WriteFile) -> None:
    """A question or label over several lines stays a comment; a team like '08' stays text."""
    text = ODD_PATH.read_text().replace('question: "Level one?"', 'question: "Level one?\\nformat: 2\\nteam: x"')
    q = write("q.yaml", text.replace('label: "Fully"', 'label: "Fully,\\n  everywhere"'))
    out = write("t.yaml", "")
    out.unlink()
    assert run("template", "-q", str(q), "--team", "08\n\x7fé", "-o", str(out)).exit_code == 0
    assert "  # L1 Level one? format: 2 team: x\n" in out.read_text()
    assert "full = Fully, everywhere | n/a\n" in out.read_text()
    answers = load_answers(out)
    assert answers.team == "08\n\x7fé"
    assert len(answers.answers) == 10


def test_template_output_that_cannot_be_written_is_exit_2(tmp_path: Path) -> None:
    missing = run("template", "-o", str(tmp_path / "no-such-folder" / "x.yaml"))
    assert missing.exit_code == 2
    assert missing.stderr == (
        f"{tmp_path / 'no-such-folder' / 'x.yaml'}: the folder {tmp_path / 'no-such-folder'} does not exist; "
        "create it first\n"
    )
    folder = run("template", "-o", str(tmp_path), "--force")
    assert folder.exit_code == 2
    assert folder.stderr == f"{tmp_path}: is a folder; give the name of the answers file to write\n"


def test_answers_given_as_the_questionnaire_is_one_problem() -> None:
    result = run("score", str(ODD_ANSWERS), "-q", str(ODD_ANSWERS))
    assert result.exit_code == 2
    assert result.stderr == f"{ODD_ANSWERS}: is an answers file, not a questionnaire\n"


def test_validate_and_score_name_a_questionnaire_given_as_answers() -> None:
    assert "ok: questionnaire odd-shapes" in run("validate", str(ODD_PATH)).stdout
    result = run("score", str(ODD_PATH))
    assert result.exit_code == 2
    assert (
        result.stderr
        == f"{ODD_PATH}: is a questionnaire, not an answers file; pass it with -q to score answers against it\n"
    )


def test_everything_na_with_na_exclude_scores_null_and_fails_a_gate(write: WriteFile, odd: Questionnaire) -> None:
    entries = "".join(f"  {a.id}: n/a\n" for a in odd.activities)
    path = write(
        "na.yaml", f"format: 1\nquestionnaire: odd-shapes\nversion: 0.3.1\nanswers:\n{entries}targets: {{P-ONE: 1}}\n"
    )
    doc = score_json(str(path), *ODD, "--na", "exclude")
    assert (doc["overall"], doc["percent_to_target"], doc["answered"]) == (None, None, 10)
    p_one = doc["functions"][0]["practices"][0]
    assert (p_one["score"], p_one["target"], p_one["gap"]) == (None, 1, None)
    assert {s["score"] for f in doc["functions"] for p in f["practices"] for s in p["streams"]} == {None}
    assert score_json(str(path), *ODD)["overall"] == 0  # the Toolbox's rule: n/a scores 0
    gate = run("score", str(path), *ODD, "--na", "exclude", "--fail-under", "0")
    assert gate.exit_code == 1
    assert "overall score none is below --fail-under 0" in gate.stderr
    assert "Overall" in gate.stdout and "–" in gate.stdout


def test_control_characters_from_files_never_reach_the_terminal(write: WriteFile) -> None:
    """A team name or key with terminal escapes (title, clipboard, colour) or a bidi override is shown escaped."""
    team = "A\\e]52;c;cm0gLXJm\\aB\\e[31mC\\u202eD"
    path = write("e.yaml", f'format: 1\nquestionnaire: odd-shapes\nversion: 0.3.1\nteam: "{team}"\n')
    for output_format in ("table", "markdown", "csv"):
        out = run("score", str(path), *ODD, "--format", output_format).stdout
        assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out, output_format
        assert "x1b" in out and "52;c;cm0gLXJm" in out and "u202e" in out, output_format
    assert json.loads(run("score", str(path), *ODD, "--format", "json").stdout)["assessment"]["team"] == (
        "A\x1b]52;c;cm0gLXJm\x07B\x1b[31mC\u202eD"  # JSON is data: escaped by JSON itself, kept exact
    )
    bad = write("k.yaml", 'format: 1\nquestionnaire: odd-shapes\nversion: 0.3.1\n"\\e[41mX\\nY": 1\n')
    result = run("score", str(bad), *ODD)
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1  # one problem, one line
    assert "\x1b" not in result.stderr and "\\x1b[41mX\\x0aY: unknown key" in result.stderr


@pytest.mark.parametrize("threshold", ["nan", "4", "-1"])
def test_fail_under_refuses_thresholds_no_score_can_meet(threshold: str) -> None:
    result = CliRunner().invoke(main, ["score", str(ODD_ANSWERS), *ODD, "--fail-under", threshold])
    assert result.exit_code == 2
    assert "--fail-under" in result.stderr
