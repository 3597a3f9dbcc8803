"""The strict YAML reader: what it reads, and every surprise it refuses with a location."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
import yaml

from assess.core.problems import InputError, Problem
from assess.files.yaml_source import MAX_DEPTH, MAX_FILE_BYTES, MAX_ITEMS, MAX_NODES, load_yaml_file, parse_yaml


def only_problem(text: str) -> Problem:
    with pytest.raises(InputError) as caught:
        parse_yaml(text, "f.yaml")
    assert len(caught.value.problems) == 1
    return caught.value.problems[0]


def test_reads_the_same_data_as_the_c_safe_loader_for_ordinary_files() -> None:
    text = """
format: 1
name: "Payments API"
count: 12
ratio: 0.25
big: 1e3
flag: true
nothing: ~
day: 2026-11-29
at: 2026-11-29T10:12:00Z
list: [a, "b", 3]
nested: {x: {y: [1, 2, {z: null}]}}
block: |
  two
  lines
"""
    data = parse_yaml(text, "f.yaml").data
    expected = yaml.load(text, Loader=yaml.CSafeLoader)
    expected["big"] = 1000.0  # YAML 1.1 reads 1e3 as text; we read it as the number YAML 1.2 means
    assert data == expected
    assert data["day"] == dt.date(2026, 11, 29)
    assert data["at"] == dt.datetime(2026, 11, 29, 10, 12, tzinfo=dt.UTC)


def test_marks_point_at_keys_and_items() -> None:
    doc = parse_yaml("a:\n  b: 1\n  c:\n    - x\n    - y\n", "f.yaml", with_marks=True)
    assert doc.position(("a", "b")) == (2, 3)
    assert doc.position(("a", "c", 1)) == (5, 7)
    assert doc.position(("a", "c", 1, "deeper", "still")) == (5, 7)


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("a: 1\nb: 2\na: 3\n", 3, "duplicate key 'a'"),
        ("base: &b {x: 1}\nother: *b\n", 1, "anchors and aliases are not allowed"),
        ("answer: no\n", 1, "read as true/false"),
        ("answer: On\n", 1, "read as true/false"),
        ("version: 017\n", 1, "another base"),
        ("time: 12:30\n", 1, "minutes:seconds"),
        ("x: !!python/object:os.system ls\n", 1, "tags"),
        ("x: .inf\n", 1, "not a finite number"),
        ("d: 2026-13-45\n", 1, "not a valid date"),
        ("a: 1\n---\nb: 2\n", 2, "more than one YAML document"),
        ("a: [1, 2\nb: 3\n", 2, "YAML syntax error"),
        ("? [a, b]\n: 1\n", 1, "keys must be plain text"),
        ("a: ok\nb: x\x01y\n", 2, "control character U+0001"),
        ("a:\n\t- x\n", 2, "never tabs"),
        ("a: 1\nn: " + "9" * 5000 + "\n", 2, "5000 digits is too long"),
        ("a: 1\nn: 1e400\n", 2, "too large a number"),
    ],
)
def test_refuses_surprises_with_a_location(text: str, line: int, words: str) -> None:
    problem = only_problem(text)
    assert problem.line == line
    assert words in problem.what
    assert str(problem).startswith(f"f.yaml:{line}:")


def test_quoted_words_are_text() -> None:
    assert parse_yaml('answer: "no"\nversion: "017"\n', "f.yaml").data == {"answer": "no", "version": "017"}


def test_refuses_deep_nesting() -> None:
    assert f"deeper than {MAX_DEPTH}" in only_problem("[" * 70 + "]" * 70).what
    block = "".join(f"{'  ' * i}k{i}:\n" for i in range(70)) + "  " * 70 + "leaf\n"
    assert f"deeper than {MAX_DEPTH}" in only_problem(block).what
    parse_yaml("[" * MAX_DEPTH + "]" * MAX_DEPTH, "f.yaml")  # the limit itself is fine


def test_pathological_nesting_is_an_error_not_a_crash() -> None:
    problem = only_problem("[" * 100_000 + "]" * 100_000)
    assert problem.line == 1


def test_billion_laughs_is_refused_at_the_first_anchor() -> None:
    bomb = 'a: &a ["lol","lol"]\nb: &b [*a,*a]\nc: &c [*b,*b]\n'
    assert "anchors and aliases" in only_problem(bomb).what


def test_refuses_files_over_the_size_cap(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_bytes(b"# padding\n" * (MAX_FILE_BYTES // 10 + 1))
    with pytest.raises(InputError) as caught:
        load_yaml_file(path)
    assert "larger than 5 MB" in str(caught.value)


def test_refuses_non_utf8_with_the_line(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes("team: ok\nnote: caf\xe9\n".encode("latin-1"))
    with pytest.raises(InputError) as caught:
        load_yaml_file(path)
    problem = caught.value.problems[0]
    assert problem.line == 2
    assert "not valid UTF-8" in problem.what


def test_empty_and_missing_files(tmp_path: Path) -> None:
    assert "empty" in only_problem("").what
    with pytest.raises(InputError) as caught:
        load_yaml_file(tmp_path / "nope.yaml")
    assert "file not found" in str(caught.value)


def test_control_characters_are_located_after_multibyte_text() -> None:
    """libyaml reports a byte offset; the column counts characters."""
    problem = only_problem("team: Zoë 🚀\nnote: é\x7f\n")
    assert (problem.line, problem.column) == (2, 8)
    assert "U+007F" in problem.what


def test_lists_and_mappings_hold_at_most_max_items_and_the_error_points_at_their_start() -> None:
    assert len(parse_yaml("x: [" + "1, " * (MAX_ITEMS - 1) + "1]\n", "f.yaml").data["x"]) == MAX_ITEMS
    problem = only_problem("a: 1\nx:\n" + "".join(f"  k{n}: 1\n" for n in range(MAX_ITEMS + 1)))
    assert (problem.line, problem.column) == (3, 3)
    assert problem.what == f"this mapping has more than {MAX_ITEMS:,} keys; assess reads at most that many"
    problem = only_problem("x: [" + "1, " * MAX_ITEMS + "1]\n")
    assert (problem.line, problem.column, problem.what) == (
        1,
        4,
        f"this list has more than {MAX_ITEMS:,} items; assess reads at most that many",
    )


def test_a_file_holds_at_most_max_nodes_values() -> None:
    rows = MAX_NODES // MAX_ITEMS
    text = "x: [" + ",".join("[" + "1," * (MAX_ITEMS - 1) + "1]" for _ in range(rows)) + "]\n"
    problem = only_problem(text)  # the first value past the limit
    assert problem.what.startswith(f"the file holds more than {MAX_NODES:,} values")


def test_long_keys_and_tags_in_reader_errors_are_quoted_as_prefixes() -> None:
    key = "k" * 500
    assert only_problem(f"{key}: 1\n{key}: 2\n").what == (
        "duplicate key 'kkkkkkkk...' (500 characters); each key may appear only once"
    )
    assert only_problem(f"x: !<tag:{'t' * 200}> 1\n").what == (
        "YAML tags such as 'tag:tttt...' (204 characters) are not allowed; remove the tag"
    )
    assert only_problem("x: 0x" + "f" * 50 + "\n").what.startswith("0xffffff... would be read as a number")


def test_only_regular_files_are_read(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    for path, words in ((fifo, "is a named pipe (FIFO)"), (tmp_path, "is a folder"), (Path(os.devnull), "is a device")):
        with pytest.raises(InputError) as caught:
            load_yaml_file(path)
        assert str(caught.value).startswith(f"{path}: {words}")
