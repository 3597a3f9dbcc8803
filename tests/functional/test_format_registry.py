"""The renderer registry: each command offers the formats registered for its kind of document.

A format is one module: registering a renderer (here in a fixture) is all it takes for a command
to offer it and print what it returns; unregistered, it is refused like any unknown format.
"""

from __future__ import annotations

import math
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from assess.cli import main
from assess.documents.contract import DiffDocument
from assess.formats import registry
from assess.formats.json_out import dumps

ROOT = Path(__file__).resolve().parents[2]
OLD = "examples/partner-api-2026-08.yaml"
NEW = "examples/partner-api.yaml"
KINDS = {"score": registry.SCORE, "diff": registry.DIFF, "aggregate": registry.AGGREGATE, "roadmap": registry.ROADMAP}


@pytest.fixture(autouse=True)
def _at_the_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


def run(*args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner(env=env).invoke(main, list(args))


def help_text(command: str) -> str:
    """A command's --help with the wrapping undone."""
    return " ".join(run(command, "--help").stdout.split())


def _shout(doc: DiffDocument) -> str:
    return f"{doc['before']} -> {doc['after']}".upper() + "\n"


@contextmanager
def shouting() -> Iterator[str]:
    """A dummy format for diff documents, registered for the length of the block."""
    registry.output_format("shouting")(registry.DIFF)(_shout)
    try:
        yield "shouting"
    finally:
        registry.unregister(registry.DIFF, "shouting")


@pytest.fixture
def dummy_format() -> Iterator[str]:
    with shouting() as name:
        yield name


def test_a_format_registered_in_a_fixture_is_offered_and_printed(dummy_format: str) -> None:
    shown = help_text("diff")
    assert "--format [table|json|csv|markdown|shouting]" in shown
    assert "json, csv, markdown and shouting carry no decoration" in shown
    result = run("diff", OLD, NEW, "--format", dummy_format)
    assert result.exit_code == 0, result.output
    assert result.stdout == f"{OLD.upper()} -> {NEW.upper()}\n"
    other = run("score", NEW, "--format", dummy_format)  # registered for diff documents only
    assert other.exit_code == 2
    assert "'shouting' is not one of" in other.stderr


def test_once_unregistered_a_format_is_refused() -> None:
    with shouting():
        assert run("diff", OLD, NEW, "--format", "shouting").exit_code == 0
    result = run("diff", OLD, NEW, "--format", "shouting")
    assert result.exit_code == 2
    assert "'shouting' is not one of 'table', 'json', 'csv', 'markdown'" in result.stderr
    assert "shouting" not in help_text("diff")


@pytest.mark.parametrize("command", sorted(KINDS))
def test_every_format_choice_comes_from_the_registry(command: str) -> None:
    option = next(p for p in main.commands[command].params if p.name == "output_format")
    assert option.type.choices == registry.formats(KINDS[command])
    assert option.default == "table"


def test_a_new_format_module_on_disk_is_found_without_any_other_edit(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "assess", tmp_path / "assess", ignore=shutil.ignore_patterns("__pycache__"))
    (tmp_path / "questionnaires").symlink_to(ROOT / "questionnaires")
    (tmp_path / "assess" / "formats" / "lines_out.py").write_text(
        "from assess.formats.registry import SCORE, output_format\n\n"
        "@output_format('lines')(SCORE)\n"
        "def scores_lines(documents):\n"
        "    return ''.join(f\"{d['assessment']['file']} {d['overall']}\\n\" for d in documents)\n",
        encoding="utf-8",
    )
    env = {**os.environ, "PYTHONPATH": str(tmp_path), "COLUMNS": "200"}
    command = [sys.executable, "-m", "assess", "score"]
    run_copy = {"capture_output": True, "text": True, "env": env, "cwd": tmp_path}
    shown = subprocess.run([*command, "--help"], check=True, **run_copy).stdout
    assert "--format [table|json|csv|markdown|lines]" in shown
    answers = str(ROOT / NEW)
    printed = subprocess.run([*command, answers, "--format", "lines"], **run_copy)
    assert printed.returncode == 0, printed.stderr
    assert printed.stdout.startswith(f"{answers} 1.2")


def test_a_format_declares_its_place_once_and_renders_a_kind_once() -> None:
    with pytest.raises(ValueError, match="already declared with order 1"):
        registry.output_format("json", order=7)
    with pytest.raises(ValueError, match="already have a 'json' renderer"):
        registry.output_format("json", order=1)(registry.SCORE)(lambda documents: "")
    assert registry.formats(registry.SCORE) == ("table", "json", "csv", "markdown")
    assert registry.formats(registry.ROADMAP) == ("table", "json", "markdown")


def test_json_never_carries_nan_or_infinity() -> None:
    for number in (math.nan, math.inf):
        with pytest.raises(ValueError, match="not JSON compliant"):
            dumps({"overall": number})


def test_table_colours_survive_when_the_terminal_asks_for_them() -> None:
    """The table format renders to text with colour codes; the command line prints them as they are."""
    coloured = run("score", NEW, env={"FORCE_COLOR": "1", "TERM": "xterm-256color", "COLUMNS": "120"})
    assert coloured.exit_code == 0
    assert "\x1b[" in coloured.stdout
    plain = run("score", NEW, env={"NO_COLOR": "1", "TERM": "dumb", "COLUMNS": "120"})
    assert "\x1b[" not in plain.stdout
