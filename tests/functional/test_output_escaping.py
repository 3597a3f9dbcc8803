"""What assess prints for terminals, CI logs, wikis and spreadsheets, given hostile text from files.

Every test runs the real command (CliRunner, or a subprocess on a pseudo-terminal) on files whose
team names, titles, actions and file names carry markup, links, formulas, control codes and bidi
overrides, and reads the output the way its consumer would: Markdown through GitHub's renderer
(cmark-gfm) and markdown-it, CSV through a CSV reader, JSON through a JSON parser.
"""

from __future__ import annotations

import csv
import io
import json
import math
import os
import pty
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import cmarkgfm
import pytest
from click.testing import CliRunner, Result
from cmarkgfm.cmark import Options
from markdown_it import MarkdownIt

from assess.cli import main
from assess.core.model.limits import MAX_EFFORT_DAYS
from assess.core.printable import printable

TEAM = (
    "<img src=x onerror=alert(1)> [team](https://evil.example/t) www.evil.example ops@evil.example "
    "`code` *b* _i_ ~~s~~ $x$ | cell\r\n# not a heading \x1b]0;title\x07 \x9b31m \u202eevil"
)
TITLE = "1. <script>alert(1)</script> ![pixel](https://evil.example/p.png)"
FUNCTION = "- <b>bold</b> | pipe"
PRACTICE = "[ref]: https://evil.example/r"
ACTIVITY = "Do [this](javascript:alert(1)) {+ins+} <!-- hide -->"
ACTION = "see https://evil.example/x, //evil.example/y and <https://evil.example/z>\nnext line"
OURS = {"h2", "h3", "p", "table", "thead", "tbody", "tr", "th", "td", "strong", "em"}
"""The HTML that assess's own Markdown makes: everything else would come from user text."""

BAD = "\x1b]0;owned\x07\u202egnp\x9b"
"""Planted in file names: a terminal title, a bell, a right-to-left override, a one-byte CSI."""
RAW = ("\x1b", "\x07", "\x9b", "\u202e", "\r")


def run(*args: str, **kwargs: Any) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False, **kwargs)


def questionnaire(*, effort: object = 2, title: str = TITLE) -> dict[str, Any]:
    """A small questionnaire (one practice, two levels) whose names are hostile."""
    activities = [
        {"id": f"p-a-{n}", "level": n, "question": f"Level {n}?", "scale": "yesno", "title": ACTIVITY}
        | {"action": ACTION, "effort": effort}
        for n in (1, 2)
    ]
    stream = {"id": "P-A", "name": "Stream", "activities": activities}
    practice = {"id": "P", "name": PRACTICE, "streams": [stream]}
    return {
        "format": 1,
        "id": "hostile",
        "version": "0.1.0",
        "title": title,
        "scales": {"yesno": [{"id": "nope", "label": "No", "value": 0}, {"id": "yep", "label": "Yes", "value": 1}]},
        "functions": [{"id": "F", "name": FUNCTION, "practices": [practice]}],
    }


def write(path: Path, data: dict[str, Any]) -> Path:
    """JSON is YAML: each string is written with escapes (``\\u001b``), which YAML reads back exactly."""
    path.write_text(json.dumps(data) + "\n", encoding="utf-8")
    return path


def answers(team: str = TEAM, **fields: Any) -> dict[str, Any]:
    return {"format": 1, "questionnaire": "hostile", "version": "0.1.0", "team": team, "targets": {"P": 2}} | fields


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    return {
        "q": write(tmp_path / "q.yaml", questionnaire()),
        "old": write(tmp_path / "old.yaml", answers(answers={"p-a-1": "yep"})),
        "new": write(tmp_path / "new.yaml", answers(answers={"p-a-1": "yep", "p-a-2": "yep"})),
    }


MARKDOWN_COMMANDS = {
    "score": lambda f: ["score", str(f["old"]), str(f["new"])],
    "diff": lambda f: ["diff", str(f["old"]), str(f["new"])],
    "aggregate": lambda f: ["aggregate", str(f["old"])],
    "roadmap": lambda f: ["roadmap", str(f["old"]), "--phases", "1"],
}


class _Html(HTMLParser):
    """The tags, links and text of rendered HTML, and the number of cells in each table row."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: set[str] = set()
        self.links: list[tuple[str, str]] = []
        self.text: list[str] = []
        self.tables: list[list[int]] = []
        """Per table, the number of cells in each row."""
        self._href: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        if tag == "a":
            self._href = dict(attrs).get("href") or ""
            self.links.append((self._href, ""))
        elif tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append(0)
        elif tag in ("td", "th"):
            self.tables[-1][-1] += 1

    def handle_endtag(self, tag: str) -> None:
        self._href = None if tag == "a" else self._href

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._href is not None:
            href, text = self.links[-1]
            self.links[-1] = (href, text + data)


def _rendered(markdown: str) -> list[_Html]:
    github = cmarkgfm.github_flavored_markdown_to_html(markdown, options=Options.CMARK_OPT_UNSAFE)
    markdown_it = MarkdownIt("gfm-like").render(markdown)  # raw HTML allowed, links found in text (linkify)
    pages = []
    for html in (github, markdown_it):
        page = _Html()
        page.feed(html)
        pages.append(page)
    return pages


def shown(text: str) -> str:
    """What a reader should see of text from a file: itself, on one line, control characters as escapes."""
    return printable(text.replace("\r\n", " ").replace("\n", " "))


@pytest.mark.parametrize("command", sorted(MARKDOWN_COMMANDS))
def test_markdown_shows_user_text_as_written_and_never_as_markup(files: dict[str, Path], command: str) -> None:
    result = run(*MARKDOWN_COMMANDS[command](files), "-q", str(files["q"]), "--format", "markdown")
    assert result.exit_code == 0, result.output
    assert not any(raw in result.stdout for raw in RAW)
    for page in _rendered(result.stdout):
        assert page.tags - {"a"} <= OURS, page.tags - OURS
        # A link only where the text is an e-mail address and the link goes to just that address:
        # cmark-gfm links one whatever escapes surround its @ (only an invisible character would stop it).
        assert all(href == "mailto:" + text == "mailto:ops@evil.example" for href, text in page.links), page.links
        assert all(len(set(rows)) == 1 for rows in page.tables), page.tables  # a | in a name adds no cell
        text = "".join(page.text)
        assert shown(TEAM) in text or command == "diff"  # diff headings name the files
        assert shown(FUNCTION) in text or command in ("aggregate", "roadmap")  # these name no functions
        if command == "roadmap":
            assert all(shown(s) in text for s in (TITLE, ACTIVITY, ACTION))


def test_the_markdown_of_every_command_escapes_alike(files: dict[str, Path]) -> None:
    """One escaper: the team's name is the same Markdown text in score, aggregate and roadmap."""
    outputs = [
        run(*MARKDOWN_COMMANDS[c](files), "-q", str(files["q"]), "--format", "markdown").stdout
        for c in ("score", "aggregate", "roadmap")
    ]
    escaped = (
        "&lt;img src=x onerror=alert(1)&gt; \\[team\\](https:\\/\\/evil.example/t) www\\.evil.example "
        "ops\\@evil.example \\`code\\` \\*b\\* \\_i\\_ \\~\\~s\\~\\~ \\$x\\$ \\| cell \\# not a heading "
        "\\\\x1b\\]0;title\\\\x07 \\\\x9b31m \\\\u202eevil"
    )
    assert all(escaped in out for out in outputs), outputs


@pytest.mark.parametrize(("start", "escaped"), [("1. ", "1\\. "), ("2) ", "2\\) "), ("- ", "\\- "), ("+ ", "\\+ ")])
def test_a_title_starting_a_line_starts_no_list(tmp_path: Path, start: str, escaped: str) -> None:
    """The score's second line starts with the questionnaire's title."""
    q = write(tmp_path / "q.yaml", questionnaire(title=start + "Title"))
    path = write(tmp_path / "a.yaml", answers(team="Team"))
    out = run("score", str(path), "-q", str(q), "--format", "markdown").stdout
    assert f"\n\n{escaped}Title 0.1.0 · answered" in out
    for page in _rendered(out):
        assert page.tags <= OURS, page.tags
        assert start + "Title" in "".join(page.text)


# --- JSON on a terminal ----------------------------------------------------------------------------


JSON_COMMANDS = {
    "score": lambda f: ["score", str(f["old"])],
    "diff": lambda f: ["diff", str(f["old"]), str(f["new"])],
    "aggregate": lambda f: ["aggregate", str(f["old"])],
    "roadmap": lambda f: ["roadmap", str(f["old"])],
}


@pytest.mark.parametrize("command", sorted(JSON_COMMANDS))
def test_json_escapes_c1_and_bidi_on_a_terminal_and_stays_exact_in_a_pipe(
    files: dict[str, Path], command: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    args = [*JSON_COMMANDS[command](files), "-q", str(files["q"]), "--format", "json"]
    piped = run(*args).stdout
    monkeypatch.setattr("assess.cli.options.stdout_is_terminal", lambda: True)
    shown_on_terminal = run(*args).stdout
    assert json.loads(shown_on_terminal) == json.loads(piped)  # the same value
    if command != "diff":  # diff names files, not teams
        assert "\u202e" in piped and "\x9b" in piped  # exact: UTF-8 as written
        assert "\\u202eevil" in shown_on_terminal and "\\u009b31m" in shown_on_terminal
        assert "\\u001b]0;title\\u0007" in shown_on_terminal  # C0: json.dumps escapes them everywhere
    assert not any(raw in shown_on_terminal for raw in RAW)


def test_json_on_a_real_terminal(files: dict[str, Path]) -> None:
    """Through a pseudo-terminal, as a person running the command sees it (isatty decides)."""
    controller, terminal = pty.openpty()
    command = [sys.executable, "-m", "assess", "score", str(files["old"]), "-q", str(files["q"]), "--format", "json"]
    process = subprocess.Popen(command, stdout=terminal, stderr=subprocess.PIPE)
    os.close(terminal)
    shown_on_terminal = b""
    while True:
        try:
            chunk = os.read(controller, 65536)
        except OSError:  # EIO: the command ended and closed its side
            break
        if not chunk:
            break
        shown_on_terminal += chunk
    os.close(controller)
    assert process.wait(timeout=30) == 0, process.stderr.read() if process.stderr else ""
    text = shown_on_terminal.decode("utf-8")
    assert not any(raw in text for raw in RAW if raw != "\r")  # the terminal writes \r\n for \n
    assert json.loads(text)["assessment"]["team"] == TEAM


def test_list_and_export_json_escape_on_a_terminal_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "questionnaires"
    folder.mkdir()
    write(folder / "hostile.yaml", questionnaire(title="List \u202eevil\x85"))
    path = write(tmp_path / "a.yaml", answers(answers={"p-a-1": "yep"}))
    monkeypatch.chdir(tmp_path)
    piped = [run("list", "--format", "json").stdout, run("export", "samm-json", str(path)).stdout]
    monkeypatch.setattr("assess.cli.options.stdout_is_terminal", lambda: True)
    on_terminal = [run("list", "--format", "json").stdout, run("export", "samm-json", str(path)).stdout]
    assert "List \\u202eevil\\u0085" in on_terminal[0] and "List \u202eevil\x85" in piped[0]
    assert "\\u202eevil" in on_terminal[1] and "\u202eevil" in piped[1]  # the team, in SAMMY's file
    for before, after in zip(piped, on_terminal, strict=True):
        assert json.loads(before) == json.loads(after)
        assert not any(raw in after for raw in (*RAW, "\x85"))


# --- CSV ------------------------------------------------------------------------------------------

FORMULAS = "=HYPERLINK(\"https://evil.example\")\r+cmd|' /C calc'!A0;@SUM(A1)\r\n-2+3\ttab \x9b \u202eend"


def test_csv_cells_start_no_formula_and_hold_no_carriage_return(tmp_path: Path) -> None:
    q = write(tmp_path / "q.yaml", questionnaire() | {"functions": [questionnaire()["functions"][0] | {"name": "@F"}]})
    path = write(tmp_path / "a.yaml", answers(team=FORMULAS))
    out = run("score", str(path), "-q", str(q), "--format", "csv").stdout
    assert "\r" not in out and "\x9b" not in out and "\u202e" not in out
    rows = list(csv.reader(io.StringIO(out)))
    assert [len(row) for row in rows] == [11] * 5  # header, overall, function, practice, stream: no row split
    team = "'=HYPERLINK(\"https://evil.example\")\n'+cmd|' /C calc'!A0;'@SUM(A1)\n'-2+3\ttab \\x9b \\u202eend"
    assert {row[1] for row in rows[1:]} == {team}
    assert rows[2][4] == "'@F"


def test_csv_keeps_negative_numbers_numbers(files: dict[str, Path]) -> None:
    out = run("diff", str(files["new"]), str(files["old"]), "-q", str(files["q"]), "--format", "csv").stdout
    rows = list(csv.DictReader(io.StringIO(out)))
    assert rows[0]["change"] == "-1.00"  # data, not a formula: a spreadsheet gets the number


# --- numbers --------------------------------------------------------------------------------------


def _finite(text: str) -> Any:
    def refuse(name: str) -> None:
        raise AssertionError(f"{name} in JSON")

    return json.loads(text, parse_constant=refuse)


def _numbers(value: Any) -> list[float]:
    if isinstance(value, dict):
        return [n for v in value.values() for n in _numbers(v)]
    if isinstance(value, list):
        return [n for v in value for n in _numbers(v)]
    return [value] if isinstance(value, (int, float)) and not isinstance(value, bool) else []


@pytest.mark.parametrize("effort", [1e308, {"low": 0, "high": 1e300}, MAX_EFFORT_DAYS + 1])
def test_an_effort_beyond_the_limit_is_bad_input_not_infinity(tmp_path: Path, effort: object) -> None:
    q = write(tmp_path / "q.yaml", questionnaire(effort=effort))
    path = write(tmp_path / "a.yaml", answers(team="Team"))
    for args in (["validate", str(q)], ["roadmap", str(path), "-q", str(q), "--format", "json"]):
        result = run(*args)
        assert result.exit_code == 2 and result.stdout == ""
        lines = result.stderr.splitlines()
        assert len(lines) == 2 and all(f"is more than {MAX_EFFORT_DAYS:,}, the most one activity" in x for x in lines)


def test_efforts_at_the_limit_sum_to_finite_numbers(tmp_path: Path) -> None:
    q = write(tmp_path / "q.yaml", questionnaire(effort={"low": MAX_EFFORT_DAYS, "high": MAX_EFFORT_DAYS}))
    path = write(tmp_path / "a.yaml", answers(team="Team"))
    result = run("roadmap", str(path), "-q", str(q), "--format", "json", "--phases", "1")
    assert result.exit_code == 0, result.output
    doc = _finite(result.stdout)
    assert doc["effort"] == 2 * MAX_EFFORT_DAYS
    assert all(math.isfinite(n) for n in _numbers(doc))


# --- file names on stdout and stderr --------------------------------------------------------------


def test_every_file_name_a_command_prints_is_escaped(tmp_path: Path, files: dict[str, Path]) -> None:
    q = ["-q", str(files["q"])]
    hostile = tmp_path / f"team{BAD}.yaml"
    hostile.write_bytes(files["old"].read_bytes())
    samm = tmp_path / f"export{BAD}.samm"
    results = [
        run("score", str(hostile), *q, "--fail-under", "3"),  # the gate's line
        run("template", *q, "-o", str(tmp_path / f"blank{BAD}.yaml")),  # wrote ...
        run("export", "samm-json", str(hostile), *q, "-o", str(samm)),  # wrote ...
        run("import", "samm-json", str(samm), *q, "-o", str(tmp_path / f"back{BAD}.yaml")),  # read ..., wrote ...
        run("roadmap", str(write(tmp_path / f"none{BAD}.yaml", answers(targets={}))), *q),  # no targets
        run("diff", str(hostile), str(files["new"]), *q),  # the title names both files
        run("report", str(hostile), *q, "-o", str(tmp_path / f"handout{BAD}.pdf")),  # wrote ...
    ]
    for result in results:
        output = result.stdout + result.stderr
        assert not any(raw in output for raw in RAW), (result.exit_code, output)
        assert "\\x1b]0;owned\\x07\\u202egnp\\x9b" in "".join(output.split()), output  # tables wrap titles
    assert results[1].stderr == f"wrote {tmp_path}/blank\\x1b]0;owned\\x07\\u202egnp\\x9b.yaml\n"
    assert results[-1].stderr == f"wrote {tmp_path}/handout\\x1b]0;owned\\x07\\u202egnp\\x9b.pdf\n"


def test_a_template_shows_the_questionnaire_s_control_characters_as_escapes(tmp_path: Path) -> None:
    q = write(tmp_path / "q.yaml", questionnaire(title="T\u202eitle\x7f \x9b2J"))
    out = run("template", "-q", str(q)).stdout
    assert out.startswith("# Answers to T\\u202eitle\\x7f \\x9b2J (hostile 0.1.0).\n")
    assert not any(raw in out for raw in ("\u202e", "\x7f", "\x9b"))
