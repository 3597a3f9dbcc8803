"""`assess report --previous / --previous-ref / --benchmark / --classification`: the sections, and bad input."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from assess.cli import main
from assess.report.compare import published
from tests.functional.handouts import Handouts
from tests.functional.pdf_layout import texts
from tests.git_support import commit, init

pytestmark = pytest.mark.filterwarnings("ignore:HarfBuzz-Subset:DeprecationWarning")

DATA = Path(__file__).parent.parent / "data"
ODD = DATA / "odd-questionnaire.yaml"
EXAMPLE = DATA / "report-example.yaml"
EXAMPLES = Path(__file__).parents[2] / "examples"
PARTNER = EXAMPLES / "partner-api.yaml"
DATE = "2026-11-01T12:00:00+00:00"
HOSTILE = '<img src="file:///etc/passwd"> <script>alert(1)</script> \u202egnp.exe'


def invoke(*args: str) -> Any:
    return CliRunner().invoke(main, list(args))


def odd(folder: Path, name: str, answer: str, note: str = "fine", team: str = "Odd team", extra: str = "") -> Path:
    path = folder / name
    quoted = note.replace("'", "''")
    path.write_text(
        f"format: 1\nquestionnaire: odd-shapes\nversion: 0.3.1\nteam: '{team}'\n"
        f"answers:\n  one-1:\n    answer: {answer}\n    note: '{quoted}'\n  three-a-1: yep\n"
        f"targets: {{P-ONE: 1.5}}\n{extra}",
        encoding="utf-8",
    )
    return path


def render(*args: str) -> tuple[Any, str, str]:
    out = Path(args[args.index("-o") + 1])
    html = out.with_suffix(".html")
    result = invoke("report", *args, "--html", str(html))
    assert result.exit_code == 0, result.output
    text = "".join(texts(out)).replace("\u200b", "")
    return result, " ".join(text.split()), html.read_text(encoding="utf-8")


def squash(text: str) -> str:
    """Text without any whitespace: a long path or address wraps wherever the line ends."""
    return "".join(text.split())


def outline(pdf: Path) -> list[str]:
    return [item.title for item in PdfReader(pdf).outline if not isinstance(item, list)]


@pytest.fixture(scope="module")
def plain(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str, Path]:
    folder = tmp_path_factory.mktemp("plain")
    answers = odd(folder, "now.yaml", "much")
    _, text, html = render(str(answers), "-q", str(ODD), "-o", str(folder / "r.pdf"))
    return text, html, folder / "r.pdf"


def test_without_options_there_is_no_trend_and_no_benchmark(plain: tuple[str, str, Path]) -> None:
    text, _, pdf = plain
    assert "Since last time" not in text and "Benchmark" not in text
    assert "Since last time" not in outline(pdf) and "Benchmark" not in outline(pdf)
    assert "Confidential" in text  # the default marking


def test_previous_adds_before_now_change_the_answers_that_changed_and_a_last_time_series(tmp_path: Path) -> None:
    before = odd(tmp_path, "before.yaml", "little", note=f"then {HOSTILE}")
    now = odd(tmp_path, "now.yaml", "much", note=f"now {HOSTILE}", team=f"Team {HOSTILE}")
    _, text, html = render(str(now), "-q", str(ODD), "--previous", str(before), "-o", str(tmp_path / "r.pdf"))
    assert "Since last time" in outline(tmp_path / "r.pdf")
    assert squash(f"Compared with {before}") in squash(text)
    assert "one-1 Level one?: A little → Mostly (+0.60)" in text
    assert "Then: then <img src=" in text and "Now: now <img src=" in text  # the notes, as text
    assert "<img src=" not in html and "<script>" not in html and "\u202e" not in html
    assert "last time" in html  # the radar's series and the bars' marker


def test_previous_ref_reads_the_same_file_at_a_commit(tmp_path: Path) -> None:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    init(tmp_path)
    answers = odd(tmp_path, "team.yaml", "little")
    head = commit(tmp_path, {"team.yaml": answers.read_text(encoding="utf-8")}, "first", DATE)
    odd(tmp_path, "team.yaml", "full")
    _, text, _ = render(str(answers), "-q", str(ODD), "--previous-ref", "HEAD", "-o", str(tmp_path / "r.pdf"))
    assert squash(f"Compared with team.yaml@{head[:7]}") in squash(text)  # the version's name, as history names it
    assert "A little → Fully" in text
    for ref, said in (
        ("-x", "is not a revision; name a commit, branch or tag"),
        ("--output=/tmp/x", "is not a revision; name a commit, branch or tag"),
        ("nosuchbranch", "is not a commit"),
        ("HEAD:team.yaml", "is not a commit"),
        ("x" * 300, "is not a revision"),
    ):
        result = invoke("report", str(answers), "-q", str(ODD), "--previous-ref", ref, "-o", str(tmp_path / "x.pdf"))
        assert result.exit_code == 2, (ref, result.output)
        assert said in result.stderr and len(result.stderr.splitlines()) == 1, result.stderr
        assert not (tmp_path / "x.pdf").exists()
    other = tmp_path / "other.yaml"
    shutil.copy(answers, other)  # never committed
    result = invoke("report", str(other), "-q", str(ODD), "--previous-ref", "HEAD", "-o", str(tmp_path / "x.pdf"))
    assert result.exit_code == 2 and "other.yaml is not a regular file in 'HEAD'" in result.stderr


def test_previous_ref_treats_the_committed_file_as_hostile(tmp_path: Path) -> None:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    answers = tmp_path / "team.yaml"
    bad = "format: 1\nquestionnaire: odd-shapes\nversion: 0.3.1\nx: &a [1]\ny: *a\n"
    head = commit(init(tmp_path), {"team.yaml": bad}, "bad", DATE)
    odd(tmp_path, "team.yaml", "full")
    result = invoke("report", str(answers), "-q", str(ODD), "--previous-ref", "HEAD", "-o", str(tmp_path / "x.pdf"))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"team.yaml@{head[:7]}:4:")  # file:line of the blob, as for any file
    assert "Traceback" not in result.output and not (tmp_path / "x.pdf").exists()


def test_benchmark_against_an_aggregate_or_a_folder_and_the_published_samm_figures(tmp_path: Path) -> None:
    """On a small questionnaire that declares itself comparable (the end-to-end test below has api-samm's)."""
    comparable = tmp_path / "odd-comparable.yaml"
    comparable.write_text(ODD.read_text(encoding="utf-8") + "comparable_with: samm-benchmark\n", encoding="utf-8")
    teams = tmp_path / "teams"
    teams.mkdir()
    odd(teams, "a.yaml", "some")
    odd(teams, "b.yaml", "full", team=HOSTILE)
    aggregate = invoke("aggregate", str(teams), "-q", str(comparable), "--format", "json")
    assert aggregate.exit_code == 0, aggregate.output
    (tmp_path / "org.json").write_text(aggregate.stdout, encoding="utf-8")
    now = odd(tmp_path, "now.yaml", "much")
    for source in (tmp_path / "org.json", teams):
        _, text, html = render(
            str(now), "-q", str(comparable), "--benchmark", str(source), "-o", str(tmp_path / "r.pdf")
        )
        assert "Benchmark" in outline(tmp_path / "r.pdf")
        assert "This team beside 2 assessments of the organisation" in text
        facts = published()
        assert f"dataset {facts['dataset']}" in text and f"{facts['submissions']} submissions" in text
        assert "Caveat." in text and "stricter criteria score lower" in text
        assert squash(facts["source"]) in squash(text)
        assert "<img src=" not in html


@pytest.mark.slow
def test_an_example_with_its_previous_quarter_and_the_examples_as_benchmark(tmp_path: Path, handouts: Handouts) -> None:
    """End to end on real files: the partner team now, a quarter ago, and the api-samm examples as the organisation."""
    now, before = PARTNER, EXAMPLES / "partner-api-2026-08.yaml"
    teams = [EXAMPLES / f"{name}.yaml" for name in ("partner-api", "mobile-backend", "bank-api-platform")]
    aggregate = invoke("aggregate", *map(str, teams), "--format", "json")
    (tmp_path / "org.json").write_text(aggregate.stdout, encoding="utf-8")
    args = ("--previous", str(before), "--benchmark", str(tmp_path / "org.json"))
    _, text, html = render(str(now), *args, "-o", str(tmp_path / "r.pdf"))
    assert {"Since last time", "Benchmark"} <= set(outline(tmp_path / "r.pdf"))
    assert squash(f"Compared with {before}") in squash(text)
    assert "This team beside 3 assessments of the organisation" in text and "stricter criteria score lower" in text
    assert "last time" in html
    plain = handouts.example(now)
    text = " ".join("".join(plain.texts).split())
    assert not {"Since last time", "Benchmark"} & set(outline(plain.pdf))
    assert "Compared with" not in text and "stricter criteria score lower" not in text


def test_the_published_samm_figures_need_a_comparable_questionnaire(tmp_path: Path) -> None:
    teams = tmp_path / "teams"
    teams.mkdir()
    odd(teams, "a.yaml", "some")
    odd(teams, "b.yaml", "full")
    now = odd(tmp_path, "now.yaml", "much")
    _, text, _ = render(str(now), "-q", str(ODD), "--benchmark", str(teams), "-o", str(tmp_path / "r.pdf"))
    assert "This team beside 2 assessments" in text
    assert "SAMM benchmark" not in text and "Caveat." not in text


@pytest.mark.parametrize(
    ("content", "said", "line"),
    [
        ('{"questionnaire": {"id": "api-samm", "version": "1.1.0"}', "is not valid JSON", ":1:57:"),
        ("[" * 100_000 + "]" * 100_000, "nested too deeply", ":"),
        ('{"questionnaire": {"id": "bsimm-x"}, "teams": [{}], "organisation": {}}', "aggregates 'bsimm-x'", ":1:"),
        ('{"questionnaire": {"id": "odd-shapes"},\n"teams": [], "organisation": {}}', "teams: expected", ":2:"),
        (
            '{"questionnaire": {"id": "odd-shapes"}, "teams": [{}],\n "organisation": {\n'
            '  "overall": {"mean": 1, "min": 0, "max": 2},\n  "scores": {\n   "P-ONE": {"mean": NaN}}}}',
            "NaN is not a number JSON allows",
            ":5:22:",
        ),
        (
            '{"questionnaire": {"id": "odd-shapes"}, "teams": [{}],\n "organisation": {\n'
            '  "overall": {"mean": 1, "min": 0, "max": 2},\n  "scores": {\n   "P-ONE": {"mean": -3}}}}',
            "'P-ONE': expected {mean, min, max}, each null or a number from 0 to",
            ":5:",
        ),
        ('{"questionnaire": {"id": "odd-shapes"},\n "questionnaire": {"id": "api-samm"}}', "appears twice", ":"),
        ("[1, 2]", "expected the JSON object", ":"),
    ],
)
def test_a_bad_benchmark_file_is_exit_2_with_file_line_and_nothing_written(
    tmp_path: Path, content: str, said: str, line: str
) -> None:
    bad = tmp_path / "org.json"
    bad.write_text(content, encoding="utf-8")
    now = odd(tmp_path, "now.yaml", "much")
    result = invoke("report", str(now), "-q", str(ODD), "--benchmark", str(bad), "-o", str(tmp_path / "r.pdf"))
    assert result.exit_code == 2, result.output
    assert said in result.stderr and result.stderr.startswith(str(bad) + line), result.stderr
    assert "Traceback" not in result.output
    assert not (tmp_path / "r.pdf").exists()


def test_previous_or_benchmark_for_another_questionnaire_is_exit_2_at_its_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "questionnaires").mkdir()
    shutil.copy(ODD, tmp_path / "questionnaires" / "odd-shapes.yaml")  # found by id from ./questionnaires/
    monkeypatch.chdir(tmp_path)
    other = odd(tmp_path, "other.yaml", "much")
    result = invoke("report", str(EXAMPLE), "--previous", str(other), "-o", str(tmp_path / "r.pdf"))
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith(f"{other}:2:"), result.stderr  # the line of questionnaire:
    assert "--previous: answers odd-shapes, but" in result.stderr
    folder = tmp_path / "teams"
    folder.mkdir()
    shutil.copy(other, folder / "a.yaml")
    result = invoke("report", str(EXAMPLE), "--benchmark", str(folder), "-o", str(tmp_path / "r.pdf"))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{folder / 'a.yaml'}:2:") and "--benchmark: answers odd-shapes" in result.stderr
    assert not (tmp_path / "r.pdf").exists()


def test_an_unreadable_or_missing_previous_file_is_one_line(tmp_path: Path) -> None:
    now = odd(tmp_path, "now.yaml", "much")
    for previous in (tmp_path / "missing.yaml", tmp_path):
        result = invoke("report", str(now), "-q", str(ODD), "--previous", str(previous), "-o", str(tmp_path / "r.pdf"))
        assert result.exit_code == 2 and len(result.stderr.splitlines()) == 1, result.stderr
    result = invoke(
        "report",
        str(now),
        "-q",
        str(ODD),
        "--previous",
        str(now),
        "--previous-ref",
        "HEAD",
        "-o",
        str(tmp_path / "r.pdf"),
    )
    assert result.exit_code == 2 and "not both" in result.stderr


def test_the_classification_is_on_the_cover_and_every_page(tmp_path: Path) -> None:
    now = odd(tmp_path, "now.yaml", "much", extra="classification: Internal use\n")
    result = invoke("report", str(now), "-q", str(ODD), "-o", str(tmp_path / "r.pdf"))
    assert result.exit_code == 0, result.output
    pages = texts(tmp_path / "r.pdf")
    assert all("Internal use" in page for page in pages)
    result = invoke("report", str(now), "-q", str(ODD), "--classification", "TLP:AMBER", "-o", str(tmp_path / "r.pdf"))
    assert result.exit_code == 0
    pages = texts(tmp_path / "r.pdf")
    assert all("TLP:AMBER" in page for page in pages) and "Internal use" not in pages[0]


@pytest.mark.parametrize("marking", ["C" * 61, "Secret\x1b[2J", "Top\u202esecret", "two\nlines", "  "])
def test_a_classification_too_long_or_with_control_characters_is_exit_2(tmp_path: Path, marking: str) -> None:
    now = odd(tmp_path, "now.yaml", "much")
    result = invoke("report", str(now), "-q", str(ODD), "--classification", marking, "-o", str(tmp_path / "r.pdf"))
    assert result.exit_code == 2 and len(result.stderr.splitlines()) == 1, result.stderr
    assert "\x1b" not in result.stderr and "\u202e" not in result.stderr
    in_file = odd(tmp_path, "file.yaml", "much", extra=f"classification: {json.dumps(marking)}\n")
    result = invoke("report", str(in_file), "-q", str(ODD), "-o", str(tmp_path / "r.pdf"))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{in_file}:11:1: classification: "), result.stderr  # its line
    assert not (tmp_path / "r.pdf").exists()
