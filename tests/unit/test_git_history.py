"""Committed versions read through git: listing, limits, links, sizes, refs and hostile paths."""

from __future__ import annotations

from pathlib import Path

import pytest

from assess.core.problems import InputError
from assess.files import git_history
from assess.files.git_history import Repository, load_versions
from tests.git_support import commit, git, init, samm_options

VERSION, NONE, SOME, HALF, _ = samm_options("G-SM-A-1")
ANSWERS = "format: 1\nquestionnaire: api-samm\nversion: " + VERSION + "\nteam: {team}\nanswers:\n  G-SM-A-1: {answer}\n"


def test_versions_oldest_first_with_commit_dates(tmp_path: Path) -> None:
    repo = init(tmp_path / "r")
    first = commit(repo, {"teams/a.yaml": ANSWERS.format(team="A", answer=NONE)}, "one", "2026-01-05T10:00:00+02:00")
    commit(repo, {"notes.txt": "x"}, "unrelated", "2026-02-01T10:00:00+00:00")
    second = commit(repo, {"teams/a.yaml": ANSWERS.format(team="A", answer=SOME)}, "two", "2026-03-01T10:00:00+00:00")
    commit(repo, {"teams/.hidden/b.yaml": "x", "teams/readme.md": "x"}, "other", "2026-03-02T10:00:00+00:00")
    found = Repository.of(repo / "teams").versions(["teams"])
    assert [(v.path, v.commit, v.date.isoformat()) for v in found.found] == [
        ("teams/a.yaml", first, "2026-01-05"),
        ("teams/a.yaml", second, "2026-03-01"),
    ]
    loaded = list(load_versions(Repository.of(repo), found.found))
    assert [a.answers.chosen("G-SM-A-1") if a else None for _, a, _ in loaded] == [NONE, SOME]
    assert loaded[0][1] is not None and loaded[0][1].file == f"teams/a.yaml@{first[:7]}"


def test_limit_keeps_the_newest_versions_of_each_file(tmp_path: Path) -> None:
    repo = init(tmp_path / "r")
    for day in range(1, 6):
        commit(repo, {"a.yaml": ANSWERS.format(team="A", answer=NONE) + f"# {day}\n"}, "c", f"2026-01-0{day}T00:00:00Z")
    found = Repository.of(repo).versions(["a.yaml"], limit=2)
    assert [v.date.day for v in found.found] == [4, 5]
    assert found.dropped == {"a.yaml": 3}


def test_a_broken_version_is_reported_and_the_rest_load(tmp_path: Path) -> None:
    repo = init(tmp_path / "r")
    commit(repo, {"a.yaml": ANSWERS.format(team="A", answer=NONE)}, "one", "2026-01-01T00:00:00Z")
    broken = commit(repo, {"a.yaml": "format: 1\nanswers: [\n"}, "oops", "2026-01-02T00:00:00Z")
    commit(repo, {"a.yaml": ANSWERS.format(team="A", answer=HALF)}, "fix", "2026-01-03T00:00:00Z")
    loaded = list(load_versions(Repository.of(repo), Repository.of(repo).versions(["a.yaml"]).found))
    assert [a is not None for _, a, _ in loaded] == [True, False, True]
    problem = str(loaded[1][2][0])
    assert problem.startswith(f"a.yaml@{broken[:7]}:") and "YAML syntax error" in problem


def test_links_are_not_followed_and_big_blobs_not_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = init(tmp_path / "r")
    (repo / "secret.txt").write_text("s3cret")
    (repo / "l.yaml").symlink_to("secret.txt")
    git(repo, "add", "l.yaml", "secret.txt")
    git(repo, "commit", "-q", "-m", "link")
    commit(repo, {"big.yaml": "x: " + "y" * 200 + "\n"}, "big", "2026-01-02T00:00:00Z")
    found = Repository.of(repo).versions(["."])
    assert [name.split("@")[0] for name, _ in found.skipped] == ["l.yaml"]
    monkeypatch.setattr(git_history, "MAX_FILE_BYTES", 100)
    assert [data for _, data in Repository.of(repo).contents(found.found)] == [
        "is larger than 0 MB; assess refuses files this big"
    ]


def test_paths_are_literal_and_refs_cannot_be_options(tmp_path: Path) -> None:
    repo = init(tmp_path / "r")
    commit(repo, {"a.yaml": ANSWERS.format(team="A", answer=NONE)}, "one", "2026-01-01T00:00:00Z")
    here = Repository.of(repo)
    assert here.versions([":(glob)*.yaml"]).found == []
    for ref in ("--output=/tmp/x", "nope", "HEAD~5", ""):
        with pytest.raises(InputError, match="--baseline-ref"):
            here.commit_of(ref)
    head = here.commit_of("HEAD")
    assert here.file_at(head, "a.yaml") is not None
    assert here.file_at(head, "missing.yaml") is None


def test_no_repository_is_one_clear_line(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("x")
    with pytest.raises(InputError) as error:
        Repository.of(tmp_path / "a.yaml")
    assert "is not in a git repository" in str(error.value)


def test_odd_file_names_cannot_pass_for_log_structure(tmp_path: Path) -> None:
    """git log -z ends each field with NUL; names holding the header mark or starting with ':' stay names."""
    repo = init(tmp_path / "r")
    names = ["a\x01b.yaml", ":x.yaml", "c d,e.yaml"]
    first = commit(repo, {name: ANSWERS.format(team="A", answer=NONE) for name in names}, "odd", "2026-01-01T00:00:00Z")
    found = Repository.of(repo).versions(["."])
    assert sorted(v.path for v in found.found) == sorted(names)
    assert {v.commit for v in found.found} == {first}
    loaded = list(load_versions(Repository.of(repo), found.found))
    assert all(a is not None for _, a, _ in loaded)
