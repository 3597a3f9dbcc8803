"""Hostile files through the command line: nothing blocks, nothing leaks, every answer is short.

Each test hands a command something an attacker (or an accident) could put in a repository or
pass as an argument, and checks the whole answer: exit code 2, a bounded number of lines, and
never the secret the file holds. Speed and memory are measured in bench/hostile_inputs.py.
"""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from assess.cli import main
from assess.core.model.limits import MAX_ACTIVITIES, MAX_LINE_LENGTH, MAX_LIST_ITEMS
from assess.files.diagnostics import MAX_PROBLEMS
from assess.files.folders import files_in
from assess.files.samm.model_read import FOLDERS
from assess.files.yaml_source import MAX_ITEMS, MAX_NODES
from tests.conftest import ODD_PATH, WriteFile

EXAMPLE = Path(__file__).parents[2] / "examples" / "partner-api.yaml"
HEAD = "format: 1\nquestionnaire: api-samm\nversion: 1.1.0\n"
SECRET = "S3CRET-9f2c41d7e"
"""Planted past the first characters of every secret, where no short prefix reaches."""
COMMANDS = [["validate"], ["score"], ["roadmap", "--target", "G-SM=1"], ["aggregate"]]


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def lines_of(result: Result) -> list[str]:
    return result.stderr.splitlines()


def assert_refused(result: Result, *, at_most: int = MAX_PROBLEMS + 1) -> list[str]:
    """Exit 2, nothing on stdout, no traceback, no secret, at most ``at_most`` lines: the lines."""
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    assert SECRET not in result.stderr
    lines = lines_of(result)
    assert 1 <= len(lines) <= at_most, lines
    return lines


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A folder of secrets next to the folder being searched: a shadow-like file and a token file."""
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "shadow").write_text("".join(f"user{n}:$6${SECRET}{n}:20228:0:99999:7:::\n" for n in range(5)))
    (folder / "hosts.yml").write_text(f"https://ana:ghp_{SECRET}@github.example\n")
    return folder


def test_links_out_of_a_searched_folder_are_refused_and_never_read(tmp_path: Path, outside: Path) -> None:
    answers = tmp_path / "answers"
    answers.mkdir()
    (answers / "a.yaml").write_bytes(EXAMPLE.read_bytes())
    (answers / "b.yaml").symlink_to(outside / "shadow")
    (answers / "c.yaml").symlink_to(outside / "hosts.yml")
    (answers / "shared").symlink_to(outside, target_is_directory=True)
    lines = assert_refused(run("aggregate", str(answers)))
    assert lines == [
        f"{answers / name}: links outside {answers}; assess does not follow links out of a folder it searches: "
        "pass the file by name, or remove the link"
        for name in ("b.yaml", "c.yaml", "shared")
    ]


def test_a_link_to_a_file_inside_the_folder_is_read(tmp_path: Path) -> None:
    answers = tmp_path / "answers"
    (answers / "teams").mkdir(parents=True)
    (answers / "teams" / "a.yaml").write_bytes(EXAMPLE.read_bytes())
    (answers / "latest.yaml").symlink_to(answers / "teams" / "a.yaml")
    result = run("aggregate", "--all", str(answers), "--format", "csv")  # --all: both files count, one team
    assert result.exit_code == 0, result.output
    assert result.stdout.count("Larkspur Logistics") == 2


@pytest.mark.parametrize("target", ["shadow", "hosts.yml"])
@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
def test_a_secret_file_named_on_the_command_line_is_quoted_only_by_prefixes(
    tmp_path: Path, outside: Path, target: str, command: list[str]
) -> None:
    link = tmp_path / "answers.yaml"
    link.symlink_to(outside / target)
    lines = assert_refused(run(command[0], str(link), *command[1:]))
    if target == "hosts.yml":  # a whole file that is one text: not a character of it is shown
        size = len((outside / target).read_text().strip())
        assert lines == [f"{link}:1:1: should hold a YAML mapping (an answers file), found text ({size} characters)"]
    else:
        assert f"{link}:1:1: user0:$6...: unknown key 'user0:$6...' (44 characters); check the spelling" in lines[3]


def test_a_questionnaire_given_with_q_is_never_echoed(tmp_path: Path) -> None:
    passwd = tmp_path / "passwd"
    passwd.write_text("".join(f"svc{n}:x:{1000 + n}:{1000 + n}:{SECRET}:/home/svc{n}:/bin/sh\n" for n in range(30)))
    size = len(passwd.read_text().strip())  # the lines, folded into one YAML text
    for args in (["template", "-q", str(passwd)], ["score", str(EXAMPLE), "-q", str(passwd)]):
        lines = assert_refused(run(*args), at_most=1)
        assert lines[0].endswith(f"should hold a YAML mapping (a questionnaire file), found text ({size:,} characters)")


def test_long_keys_and_values_are_quoted_as_short_prefixes(write: WriteFile) -> None:
    text = HEAD + f"team: {SECRET}{'t' * MAX_LINE_LENGTH}\n" + f'"{SECRET}{"k" * 984}": 1\n'
    path = write("long.yaml", text)
    lines = assert_refused(run("validate", str(path)))
    assert lines == [
        f"{path}:4:1: team: text of 2,016 characters is too long; at most 2,000 are allowed here: shorten it",
        f"{path}:5:1: S3CRET-9...: unknown key 'S3CRET-9...' (1,000 characters); "
        "check the spelling; keys starting with x- are kept and ignored",
    ]
    only_option = write("option.yaml", HEAD + f"answers:\n  G-SM-A-1: ghp_{SECRET}\n")
    (line,) = assert_refused(run("score", str(only_option)))
    assert "unknown option 'ghp_S3CR...' (20 characters) for G-SM-A-1" in line


def test_a_fifo_is_refused_at_once(tmp_path: Path) -> None:
    fifo = tmp_path / "answers.yaml"
    os.mkfifo(fifo)
    for command in ("validate", "score"):
        done = subprocess.run(
            [sys.executable, "-m", "assess", command, str(fifo)], capture_output=True, text=True, timeout=20
        )
        assert done.returncode == 2
        assert done.stderr == f"{fifo}: is a named pipe (FIFO), not a file; assess reads only regular files\n"
    done = subprocess.run(
        [sys.executable, "-m", "assess", "score", str(EXAMPLE), "-q", str(fifo)],
        capture_output=True,
        text=True,
        timeout=20,
    )
    assert done.returncode == 2 and "named pipe" in done.stderr


def test_devices_and_folders_are_refused(tmp_path: Path) -> None:
    lines = assert_refused(run("validate", os.devnull, str(tmp_path)), at_most=2)
    assert lines == [
        f"{os.devnull}: is a device, not a file; assess reads only regular files",
        f"{tmp_path}: is a folder, not a YAML file",
    ]


def test_a_symlink_loop_is_one_line_named_or_searched(tmp_path: Path) -> None:
    folder = tmp_path / "answers"
    folder.mkdir()
    (folder / "a.yaml").symlink_to(folder / "b.yaml")
    (folder / "b.yaml").symlink_to(folder / "a.yaml")
    (line,) = assert_refused(run("validate", str(folder / "a.yaml")))
    assert line == f"{folder / 'a.yaml'}: is a symbolic link that leads back to itself (a loop); fix or remove the link"
    lines = assert_refused(run("aggregate", str(folder)))
    assert lines == [
        f"{folder / name}: is a symbolic link that leads back to itself (a loop); fix or remove it (searching {folder})"
        for name in ("a.yaml", "b.yaml")
    ]


def test_an_unreadable_file_is_one_line_not_a_usage_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Simulated, so that it holds when the tests run as root (who may read anything)."""
    locked = tmp_path / "locked.yaml"
    locked.write_bytes(EXAMPLE.read_bytes())
    real_open, real_access = os.open, os.access

    def refusing_open(path: object, *args: object, **kwargs: object) -> int:
        if Path(str(path)) == locked:
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", refusing_open)
    monkeypatch.setattr(os, "access", lambda path, mode, **kw: Path(str(path)) != locked and real_access(path, mode))
    for command in COMMANDS:
        (line,) = assert_refused(run(command[0], str(locked), *command[1:]))
        assert line == f"{locked}: cannot be read (permission denied); check its permissions"


def test_a_million_item_list_stops_the_reader_with_one_line(write: WriteFile) -> None:
    for name, text, start in (
        ("block.yaml", HEAD + "assessors:\n" + "- 1\n" * 1_000_000, "5:1"),
        ("flow.yaml", HEAD + "assessors: [" + "1," * 1_000_000 + "1]\n", "4:12"),
    ):
        path = write(name, text)
        (line,) = assert_refused(run("validate", str(path)))
        assert line.startswith(f"{path}:{start}: ")  # where the list starts
        assert line.endswith(f"this list has more than {MAX_ITEMS:,} items; assess reads at most that many")


def test_problems_are_capped_per_file_with_a_count_of_the_rest(write: WriteFile) -> None:
    items = MAX_ITEMS - 1
    path = write("many.yaml", HEAD + "assessors: [" + "1, " * (items - 1) + "1]\n")
    lines = assert_refused(run("validate", str(path)))
    assert len(lines) == MAX_PROBLEMS + 1
    assert lines[0] == f"{path}:4:13: assessors[0]: expected text but YAML read 1 as an integer; put it in quotes"
    assert lines[-1] == f"{path}: and {items - MAX_PROBLEMS:,} more problems; fix these and run again to see them"
    assert "too long" not in "".join(lines)  # a list too long is one more problem, among the rest


def test_an_unknown_id_flood_is_located_in_file_order_and_capped(write: WriteFile) -> None:
    count = MAX_ACTIVITIES
    path = write("ids.yaml", HEAD + "answers:\n" + "".join(f"  Z-{n}: none\n" for n in range(count)))
    lines = assert_refused(run("score", str(path)))
    assert lines[:MAX_PROBLEMS] == [
        f"{path}:{5 + n}:3: answers.Z-{n}: unknown activity 'Z-{n}' in api-samm 1.1.0" for n in range(MAX_PROBLEMS)
    ]
    assert lines[-1] == f"{path}: and {count - MAX_PROBLEMS} more problems; fix these and run again to see them"
    too_many = write("more.yaml", HEAD + "answers:\n" + "".join(f"  Z-{n}: none\n" for n in range(count + 1)))
    (line,) = assert_refused(run("score", str(too_many)))
    assert line == f"{too_many}:4:1: answers: this mapping has {count + 1} entries; at most {count} are allowed here"


def test_bounded_lists_texts_and_questionnaires(write: WriteFile) -> None:
    marks = "[" + "true, " * MAX_LIST_ITEMS + "true]"
    path = write("marks.yaml", HEAD + f"answers:\n  G-SM-A-1:\n    answer: none\n    criteria: {marks}\n")
    (line,) = assert_refused(run("validate", str(path)))
    assert line.endswith(
        f"criteria: this list has {MAX_LIST_ITEMS + 1} entries; at most {MAX_LIST_ITEMS} are allowed here"
    )
    scale = "scales: {s: [{id: a, label: A, value: 0}, {id: b, label: B, value: 1}]}\n"
    questionnaire = "format: 1\nid: big\nversion: 1.0.0\ntitle: Big\n" + scale
    streams = "".join(
        f"  - {{id: F{n}, name: F, practices: [{{id: P{n}, name: P, streams: [{{id: S{n}, name: S, activities: "
        f"[{{id: A{n}, level: 1, question: Q, scale: s}}]}}]}}]}}\n"
        for n in range(MAX_ACTIVITIES + 1)
    )
    big = write("big.yaml", questionnaire + "functions:\n" + streams)
    (line,) = assert_refused(run("template", "-q", str(big)))
    assert (
        line == f"{big}:6:1: functions: this questionnaire has {MAX_ACTIVITIES + 1} activities; at most 500 are allowed"
    )


def test_values_beyond_the_file_limit_are_refused_while_reading(write: WriteFile) -> None:
    nested = "x-data: [" + ",".join("[" + "1," * 999 + "1]" for _ in range(MAX_NODES // 1000 + 1)) + "]\n"
    (line,) = assert_refused(run("validate", str(write("values.yaml", HEAD + nested))))
    assert f"the file holds more than {MAX_NODES:,} values" in line


def test_control_characters_in_file_names_are_escaped(tmp_path: Path) -> None:
    good = tmp_path / "ok\x1b]0;owned\x07\u202egnp.yaml"
    good.write_bytes(EXAMPLE.read_bytes())
    bad = tmp_path / "bad\x1b[2J.yaml"
    bad.write_text(HEAD + "answers:\n  X: 1\n")
    result = CliRunner().invoke(main, ["validate", str(good), str(bad)], color=True)
    assert result.exit_code == 2
    for raw in ("\x1b", "\x07", "\u202e"):
        assert raw not in result.output
    assert result.stdout == (
        f"{tmp_path}/ok\\x1b]0;owned\\x07\\u202egnp.yaml: ok: answers to api-samm 1.1.0, 90/90 answered\n"
    )
    assert result.stderr.startswith(f"{tmp_path}/bad\\x1b[2J.yaml:5:3: answers.X: expected an option id")


def test_the_local_questionnaires_folder_is_searched_without_following_links_out(
    tmp_path: Path, outside: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    local = tmp_path / "questionnaires"
    local.mkdir()
    (local / "other.yaml").symlink_to(outside / "shadow")  # searched quietly: left out, never read
    (local / "odd-shapes.yaml").symlink_to(ODD_PATH)  # named for the id the answers file asks for
    answers = tmp_path / "answers.yaml"
    answers.write_text("format: 1\nquestionnaire: odd-shapes\nversion: 0.3.1\n")
    (line,) = assert_refused(run("score", str(answers)))
    assert line == (
        "questionnaires/odd-shapes.yaml: links outside questionnaires; assess does not follow links out of a "
        "folder it searches: pass the file by name, or remove the link"
    )
    assert run("score", str(answers), "-q", str(local / "odd-shapes.yaml")).exit_code == 0  # by name: followed
    (local / "odd-shapes.yaml").unlink()
    (local / "odd-shapes.yaml").write_bytes(ODD_PATH.read_bytes())
    assert run("score", str(answers)).exit_code == 0
    assert files_in(Path("questionnaires")) == [Path("questionnaires/odd-shapes.yaml")]  # other.yaml left out


def test_a_link_loop_in_a_samm_model_folder_is_one_line(tmp_path: Path) -> None:
    model = tmp_path / "samm" / "model"
    for folder in FOLDERS:
        (model / folder).mkdir(parents=True)
    (model / "VERSION").write_text("2.0.0\n")
    (model / "streams" / "a.yml").symlink_to(model / "streams" / "b.yml")
    (model / "streams" / "b.yml").symlink_to(model / "streams" / "a.yml")
    (line,) = assert_refused(run("import", "samm-model", str(tmp_path / "samm"), "-o", str(tmp_path / "q.yaml")))
    assert line.endswith("streams/a.yml: is a link that leads nowhere (a missing file or a loop); remove it")
    assert not (tmp_path / "q.yaml").exists()
