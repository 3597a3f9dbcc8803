"""The disk cache of validated questionnaires: exact when it answers, ignored when it cannot be trusted."""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

from assess.core.model import Questionnaire
from assess.files import questionnaire_cache
from assess.files.loading import load_questionnaire
from assess.files.questionnaire_cache import cache_dir, plain_data, remembered
from assess.files.resources import builtin_questionnaires_dir
from tests.conftest import DATA, WriteFile

ROOT = Path(__file__).resolve().parents[2]
BUILTIN = builtin_questionnaires_dir() / "api-samm.yaml"

EVERY_FIELD = """\
format: 1
id: every-field
version: 1.2.3-rc.1
title: Every field
description: A questionnaire that sets every key the format knows.
license: CC0
effort_basis: one API, one team
scoring: samm
comparable_with: samm-benchmark
pool: {name: Pool, firms: 120}  # firms never exceed the pool (checked)
default_profile: public
x-source: {guid: q-1, list: [1, 2.5, "three", true, null]}
scales:
  yn:
    options:
      - {id: nope, label: "No", value: 0, description: not at all, x-samm-guid: o-1}
      - {id: yep, label: "Yes", value: 1}
    x-samm-guid: s-1
  plain:
    - {id: none, label: "None", value: 0}
    - {id: some, label: "Some", value: 0.25}
    - {id: all, label: "All", value: 0.75}
functions:
  - id: F
    name: F
    description: function
    x-samm-guid: f-1
    practices:
      - id: P
        name: P
        description: practice
        x-samm-guid: p-1
        streams:
          - id: S
            name: S
            description: stream
            x-samm-guid: st-1
            activities:
              - id: a1
                level: 1
                title: Do one
                question: "One?"
                description: first
                scale: yn
                criteria: [it holds, it is written down]
                guidance: ask for evidence
                action: write it down
                role: api-team
                effort: {low: 2, high: 6}
                samm: {id: D-SA-1-A, relation: narrower}
                bsimm: [SM1.1]
                firms: 40
                refs:
                  probes: {owasp-api-top10-2023: [API1]}
                  related: {asvs-5.0: ["8.2.1"]}
                x-samm-guid: a-1
              - id: a3
                level: 3
                question: "Three?"
                scale: plain
                effort: 3
                requires: [a1]
                refs: {owasp-api-top10-2023: [API2]}
migrations:
  - from: 1.0.0
    note: options renamed, activities moved and merged
    options: {a1: {never: nope, always: yep}}
    criteria: {a1: [1, null]}
    moved: {old-a: a3}
    merged: {a1: [old-b, old-c]}
    x-ticket: Q-7
profiles:
  public:
    title: Public APIs
    rationale: exposed
    targets: {P: 1.5}
    must_have: [a1]
    x-note: kept
  short: {P: 1}
"""


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("ASSESS_CACHE_DIR", str(folder))
    return folder


def validate_counting(path: Path) -> tuple[Callable[[], Questionnaire], list[int]]:
    calls: list[int] = []

    def build() -> Questionnaire:
        calls.append(1)
        return load_questionnaire(path)

    return build, calls


def through_cache(path: Path) -> tuple[Questionnaire, Questionnaire, list[int]]:
    """The validated questionnaire, then the one the cache gives back, and how often validation ran."""
    build, calls = validate_counting(path)
    text = path.read_text(encoding="utf-8")
    first = remembered(Questionnaire, path, text, build)
    second = remembered(Questionnaire, path, text, build)
    return first, second, calls


def models_in(value: Any) -> Iterator[BaseModel]:
    if isinstance(value, BaseModel):
        yield value
        for name in type(value).model_fields:
            yield from models_in(getattr(value, name))
    elif isinstance(value, (tuple, list)):
        for item in value:
            yield from models_in(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from models_in(item)


@pytest.mark.parametrize("source", [BUILTIN, DATA / "odd-questionnaire.yaml", "every-field"])
def test_the_cache_gives_back_exactly_the_validated_model(cache: Path, source: Path | str, write: WriteFile) -> None:
    path = write("every-field.yaml", EVERY_FIELD) if source == "every-field" else Path(source)
    validated, restored, calls = through_cache(path)
    assert calls == [1], "the second load came from the cache"
    assert restored is not validated
    assert restored == validated
    assert restored.model_dump_json() == validated.model_dump_json()
    # The same types (1.0 stays a float, tuples stay tuples), the same keys set, the same x- keys.
    assert json.dumps(plain_data(restored)) == json.dumps(plain_data(validated))
    pairs = list(zip(models_in(restored), models_in(validated), strict=True))
    for again, first in pairs:
        assert type(again) is type(first)
        assert again.model_fields_set == first.model_fields_set
        assert again.__dict__.keys() >= type(first).model_fields.keys()
        assert again.model_extra == first.model_extra
    assert restored.practice_max == validated.practice_max
    assert [a.id for a in restored.activities] == [a.id for a in validated.activities]


def test_the_full_fixture_sets_every_field_of_every_model(write: WriteFile) -> None:
    """So the round trip above covers each field: a new model field must be added to EVERY_FIELD."""
    q = load_questionnaire(write("every-field.yaml", EVERY_FIELD))
    unset = {
        (type(m).__name__, name)
        for m in models_in(q)
        for name in type(m).model_fields
        if not any(type(o) is type(m) and name in o.model_fields_set for o in models_in(q))
    }
    assert unset == set()


def test_a_hit_builds_no_questionnaire_validator_and_scoring_imports_no_more_than_it_needs(cache: Path) -> None:
    """``assess score`` on the built-in questionnaire, second run: nothing parses or validates it."""
    probe = (
        "import sys\nfrom assess.cli import main\n"
        f"sys.argv = ['assess', 'score', {str(ROOT / 'examples' / 'mobile-backend.yaml')!r}, '--format', 'json']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "from assess.core.model import Questionnaire\n"
        "print('BUILT', Questionnaire.__pydantic_complete__, file=sys.stderr)\n"
        "print('MODULES', *sorted(m for m in sys.modules if m.startswith('assess.')), file=sys.stderr)\n"
    )
    env = {**os.environ, "ASSESS_CACHE_DIR": str(cache)}
    runs = [subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env) for _ in range(2)]
    assert runs[0].stdout == runs[1].stdout
    assert json.loads(runs[1].stdout)["questionnaire"]["id"] == "api-samm"
    assert "BUILT True" in runs[0].stderr  # the first run validated the file (and wrote the entry)
    assert "BUILT False" in runs[1].stderr
    modules = set(runs[1].stderr.split("MODULES", 1)[1].split())
    assert "assess.files.questionnaire_cache" in modules
    assert not modules & {"assess.core.compare", "assess.core.roadmap", "assess.core.coverage", "assess.files.saving"}


def entry_of(cache: Path) -> Path:
    (entry,) = cache.glob("*.json")
    return entry


def rewrite(entry: Path, change: Callable[[Any], Any]) -> None:
    data = json.loads(entry.read_text(encoding="utf-8"))
    entry.write_text(json.dumps(change(data)), encoding="utf-8")


def first_scale(data: Any) -> str:
    return next(iter(data["scales"]))


def set_in(data: Any, *path_and_value: Any) -> Any:
    *path, value = path_and_value
    node = data
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    return data


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda e: e.write_bytes(b'{"format": 1, "id": '), id="truncated"),
        pytest.param(lambda e: e.write_bytes(b"\xff\xfe not json"), id="not text"),
        pytest.param(lambda e: e.write_text("[]"), id="not a mapping"),
        pytest.param(lambda e: rewrite(e, lambda d: set_in(d, "scales", first_scale(d), 1, "value", "0.5")), id="text"),
        pytest.param(lambda e: rewrite(e, lambda d: set_in(d, "functions", 0, "practices", "P")), id="wrong shape"),
        pytest.param(lambda e: rewrite(e, lambda d: set_in(d, "scoring", "other")), id="unknown literal"),
        pytest.param(lambda e: rewrite(e, lambda d: set_in(d, "surprise", 1)), id="unknown key"),
        pytest.param(lambda e: rewrite(e, lambda d: {k: v for k, v in d.items() if k != "title"}), id="missing key"),
        pytest.param(lambda e: rewrite(e, lambda d: set_in(d, "functions", 0, "name", True)), id="bool as text"),
        pytest.param(
            lambda e: rewrite(e, lambda d: set_in(d, "scales", first_scale(d), 1, "value", math.nan)), id="NaN"
        ),
        pytest.param(lambda e: e.write_text("[" * 100_000 + "]" * 100_000), id="deep nesting"),
        pytest.param(lambda e: e.chmod(0o622), id="group-writable"),
        pytest.param(lambda e: e.parent.chmod(0o777), id="folder writable by others"),
    ],
)
def test_an_entry_that_cannot_be_trusted_is_ignored_and_rewritten(cache: Path, damage: Callable[[Path], Any]) -> None:
    validated, _, _ = through_cache(BUILTIN)
    entry = entry_of(cache)
    damage(entry)
    build, calls = validate_counting(BUILTIN)
    found = remembered(Questionnaire, BUILTIN, BUILTIN.read_text(encoding="utf-8"), build)
    assert calls == [1], "validated again"
    assert found == validated
    cache.chmod(0o700)
    again, calls_after = validate_counting(BUILTIN)
    assert remembered(Questionnaire, BUILTIN, BUILTIN.read_text(encoding="utf-8"), again) == validated
    assert calls_after == [], "a good entry is in place again"


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="changing a file's owner needs root")
def test_an_entry_owned_by_someone_else_is_ignored(cache: Path) -> None:
    through_cache(BUILTIN)
    os.chown(entry_of(cache), 12345, 12345)
    build, calls = validate_counting(BUILTIN)
    remembered(Questionnaire, BUILTIN, BUILTIN.read_text(encoding="utf-8"), build)
    assert calls == [1]


def test_a_symbolic_link_is_not_followed(cache: Path, tmp_path: Path) -> None:
    through_cache(BUILTIN)
    entry = entry_of(cache)
    elsewhere = tmp_path / "elsewhere.json"
    entry.rename(elsewhere)
    entry.symlink_to(elsewhere)
    build, calls = validate_counting(BUILTIN)
    remembered(Questionnaire, BUILTIN, BUILTIN.read_text(encoding="utf-8"), build)
    assert calls == [1]


def test_a_changed_file_gets_a_new_entry_and_the_old_one_goes(cache: Path, write: WriteFile) -> None:
    path = write("every-field.yaml", EVERY_FIELD)
    first, _, _ = through_cache(path)
    old = entry_of(cache)
    changed = write("every-field.yaml", EVERY_FIELD.replace("title: Every field", "title: Every field, changed"))
    second, _, calls = through_cache(changed)
    assert calls == [1]
    assert (first.title, second.title) == ("Every field", "Every field, changed")
    assert entry_of(cache) != old
    assert not old.exists()


def test_an_other_questionnaires_entry_is_kept(cache: Path, write: WriteFile) -> None:
    through_cache(write("every-field.yaml", EVERY_FIELD))
    through_cache(write("every-field-lite.yaml", EVERY_FIELD.replace("id: every-field", "id: every-field-lite")))
    assert len(list(cache.glob("*.json"))) == 2


def test_the_key_follows_the_code(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An edited source file (a checkout, an editable install) never meets an entry written by other code."""
    text = BUILTIN.read_text(encoding="utf-8")
    before = questionnaire_cache._key(Questionnaire, text)
    real = questionnaire_cache._code_fingerprint()
    monkeypatch.setattr(questionnaire_cache, "_code_fingerprint", lambda: [*real[:-1], real[-1] + "0"])
    assert questionnaire_cache._key(Questionnaire, text) != before
    monkeypatch.setattr(questionnaire_cache, "PYDANTIC_VERSION", "0.0.1")
    assert questionnaire_cache._key(Questionnaire, text) != before
    assert any("questionnaire_cache.py" in line for line in real)


def test_x_values_json_cannot_hold_exactly_are_not_cached(cache: Path, write: WriteFile) -> None:
    path = write("dated.yaml", EVERY_FIELD.replace("x-note: kept", "x-when: 2026-11-29"))
    validated, again, calls = through_cache(path)
    assert calls == [1, 1]
    assert again == validated
    assert not cache.exists() or not list(cache.glob("*.json"))


def test_an_unusable_cache_folder_changes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("ASSESS_CACHE_DIR", str(blocker / "cache"))
    validated, again, calls = through_cache(BUILTIN)
    assert calls == [1, 1]
    assert again == validated


def test_an_empty_setting_turns_the_cache_off(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ASSESS_CACHE_DIR", "")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    _, _, calls = through_cache(BUILTIN)
    assert calls == [1, 1]
    assert list(tmp_path.iterdir()) == []


def test_the_cache_folder_follows_xdg(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ASSESS_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache_dir() == tmp_path / "assess"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/path")  # the XDG spec says to ignore it
    assert cache_dir() != Path("relative/path/assess")


def test_entries_are_private(cache: Path) -> None:
    through_cache(BUILTIN)
    assert entry_of(cache).stat().st_mode & 0o077 == 0
    assert cache.stat().st_mode & 0o077 == 0
    assert [p.name for p in cache.iterdir() if p.name.startswith(".")] == []  # no temporary file left
