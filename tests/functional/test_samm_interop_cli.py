"""``assess import`` and ``assess export`` through the command line, on synthetic SAMM files.

Round trips (answers -> Toolbox -> answers, answers -> .samm -> answers), the imported model used by
every command and the workshop, and hostile inputs: each ends with exit code 2, one line on stderr
naming the file and the place, and nothing written.
"""

from __future__ import annotations

import json
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner, Result

from assess.cli import main
from tests.samm_support import TOOLBOX_LAYOUT, guid, write_samm_model, write_toolbox


def run(*args: str | Path) -> Result:
    return CliRunner(env={"COLUMNS": "160", "NO_COLOR": "1"}).invoke(main, [str(a) for a in args])


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The synthetic model as `assess import samm-model` writes it (imported once per module)."""
    root = tmp_path_factory.mktemp("model")
    write_samm_model(root / "core")
    target = root / "owasp-samm.yaml"
    result = run("import", "samm-model", root / "core", "--version", "2.2.0", "-o", target)
    assert result.exit_code == 0, result.output
    assert result.stderr.strip() == f"wrote {target}: owasp-samm 2.2.0, 90 activities; use it with -q {target}"
    return target.read_text(encoding="utf-8")


@pytest.fixture
def samm(imported: str, tmp_path: Path) -> Path:
    """The imported questionnaire in ./questionnaires/ of a working folder."""
    target = tmp_path / "work" / "questionnaires" / "owasp-samm.yaml"
    target.parent.mkdir(parents=True)
    target.write_text(imported, encoding="utf-8")
    return target


def _one_line_error(result: Result, *parts: str) -> str:
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    for part in parts:
        assert part in lines[0]
    assert "Traceback" not in result.stderr
    return lines[0]


def test_the_imported_model_validates_scores_and_is_listed(samm: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert run("validate", samm).stdout.strip() == f"{samm}: ok: questionnaire owasp-samm 2.2.0, 90 activities"
    monkeypatch.chdir(samm.parent.parent)
    listed = {(r["id"], r["version"], r["source"]) for r in json.loads(run("list", "--format", "json").stdout)}
    assert ("owasp-samm", "2.2.0", "./questionnaires") in listed
    answers = samm.parent.parent / "team.yaml"
    assert run("template", "-q", "owasp-samm", "--team", "T", "-o", answers).exit_code == 0
    text = answers.read_text().replace("  G-SM-A-1:\n", "  G-SM-A-1: nearly-all\n")
    answers.write_text(text)
    doc = json.loads(run("score", answers, "--format", "json").stdout)  # found in ./questionnaires/ by its id
    assert doc["questionnaire"]["id"] == "owasp-samm"
    assert doc["functions"][0]["practices"][0]["score"] == 0.5


def test_import_samm_model_refuses_what_is_not_a_model_and_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "q.yaml"
    (tmp_path / "empty").mkdir()
    _one_line_error(
        run("import", "samm-model", tmp_path / "empty", "--version", "2.2.0", "-o", out),
        "is not a SAMM core model folder",
    )
    write_samm_model(tmp_path / "core")
    stream = tmp_path / "core" / "model" / "streams" / "O-IM-B.yml"
    stream.write_text(stream.read_text().replace(guid("practice", "O-IM"), "f" * 32))
    line = _one_line_error(run("import", "samm-model", tmp_path / "core", "--version", "2.2.0", "-o", out))
    assert line.startswith(f"{tmp_path / 'core'}/model/streams/O-IM-B.yml:3: practice: points at 'ffff")
    assert not out.exists()


def test_toolbox_round_trip_keeps_answers_and_notes(samm: Path, tmp_path: Path) -> None:
    blank = write_toolbox(tmp_path / "toolbox.xlsx")
    answers = tmp_path / "answers.yaml"
    answers.write_text(
        yaml.safe_dump(
            {
                "format": 1,
                "questionnaire": "owasp-samm",
                "version": "2.2.0",
                "team": "Payments",
                "date": "2026-11-29",
                "assessors": ["Ana", "Ben"],
                "answers": {
                    "G-SM-A-1": {"answer": "few", "note": "Said so"},
                    "D-SA-B-3": "all-time",
                    "O-OM-A-2": {"answer": "n/a", "note": "No operations here"},
                    "V-ST-B-1": {"note": "Ask again next quarter"},
                },
                "x-organisation": "Acme",
            }
        )
    )
    filled = tmp_path / "filled.xlsx"
    exported = run("export", "toolbox", answers, "--workbook", blank, "-q", samm, "-o", filled)
    assert exported.exit_code == 0, exported.output
    assert "wrote" in exported.stderr and "recalculate" in exported.stderr
    back = tmp_path / "back.yaml"
    imported = run("import", "toolbox", filled, "-q", samm, "-o", back)
    assert imported.exit_code == 0, imported.output
    assert "4 answers read into owasp-samm 2.2.0" not in imported.stderr  # n/a and the bare note are not answers
    assert "2 answers read into owasp-samm 2.2.0" in imported.stderr
    before, after = yaml.safe_load(answers.read_text()), yaml.safe_load(back.read_text())
    assert after["answers"] == {**before["answers"], "V-ST-B-1": {"answer": None, "note": "Ask again next quarter"}}
    assert {k: after[k] for k in ("team", "assessors", "x-organisation")} == {
        "team": "Payments",
        "assessors": ["Ana", "Ben"],
        "x-organisation": "Acme",
    }
    assert str(after["date"]) == "2026-11-29"
    assert run("score", back, "-q", samm).exit_code == 0


def test_export_never_overwrites_without_force_nor_its_own_workbook(samm: Path, tmp_path: Path) -> None:
    blank = write_toolbox(tmp_path / "toolbox.xlsx")
    answers = tmp_path / "a.yaml"
    answers.write_text("format: 1\nquestionnaire: owasp-samm\nversion: 2.2.0\nanswers: {G-SM-A-1: few}\n")
    out = tmp_path / "out.xlsx"
    out.write_bytes(b"keep me")
    _one_line_error(
        run("export", "toolbox", answers, "--workbook", blank, "-q", samm, "-o", out), "already exists", "--force"
    )
    assert out.read_bytes() == b"keep me"
    _one_line_error(
        run("export", "toolbox", answers, "--workbook", blank, "-q", samm, "-o", blank, "--force"),
        "is the workbook being read",
    )
    assert run("export", "toolbox", answers, "--workbook", blank, "-q", samm, "-o", out, "--force").exit_code == 0
    assert zipfile.is_zipfile(out)
    assert (tmp_path / "out.xlsx.bak").read_bytes() == b"keep me"


def test_samm_json_round_trip_keeps_answers_and_notes(samm: Path, tmp_path: Path) -> None:
    answers = tmp_path / "a.yaml"
    answers.write_text(
        "format: 1\nquestionnaire: owasp-samm\nversion: 2.2.0\nteam: Payments\ndate: 2026-11-29\nanswers:\n"
        "  G-SM-A-1: {answer: few, note: Said so}\n  I-SB-B-2: on-schedule\n  O-EM-A-3: n/a\n"
    )
    exported = run("export", "samm-json", answers, "-q", samm)
    assert exported.exit_code == 0, exported.output
    document = json.loads(exported.stdout)
    assert document["assessment"]["answers"][:2] == [
        {"questionCode": "G-SM-A-1", "answerScore": 0.25},
        {"questionCode": "I-SB-B-2", "answerScore": 0.5},
    ]
    file = tmp_path / "a.samm"
    file.write_text(exported.stdout)
    imported = run("import", "samm-json", file, "-q", samm)
    assert imported.exit_code == 0, imported.output
    assert yaml.safe_load(imported.stdout)["answers"] == yaml.safe_load(answers.read_text())["answers"]


def _xlsx(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in {"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>", **members}.items():
            archive.writestr(name, data)
    return path


def _moved(tmp_path: Path) -> Path:
    moved = dict(TOOLBOX_LAYOUT)
    moved["O-OM-B-3-1"] = 231
    return write_toolbox(tmp_path / "m.xlsx", rows=moved)


def _big(tmp_path: Path) -> Path:
    big = tmp_path / "big.xlsx"
    with big.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # sparse: refused on its size before a byte is read
    return big


LAUGHS = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]><x>&b;</x>'
HOSTILE: dict[str, tuple[Callable[[Path], Path], str]] = {
    "no interview": (lambda t: write_toolbox(t / "n.xlsx", sheets=("Sheet",)), "has no Interview sheet"),
    "rows moved": (_moved, "Interview!A231: O-OM-B-3-1 is on row 231"),
    "formula": (lambda t: write_toolbox(t / "f.xlsx", answers={"I-SD-A-2": "=cmd|' /C calc'!A0"}), "Interview!F120"),
    "50 MB": (_big, "is 50 MB"),
    "zip bomb": (lambda t: _xlsx(t / "z.xlsx", {"xl/worksheets/sheet1.xml": b"0" * (30 * 1024 * 1024)}), "zip bomb"),
    "path traversal": (lambda t: _xlsx(t / "p.xlsx", {"../../../tmp/evil.xml": b"<x/>"}), "leads out of it"),
    "entities": (lambda t: _xlsx(t / "e.xlsx", {"xl/sharedStrings.xml": LAUGHS}), "declares a DTD or XML entities"),
    "not a zip": (lambda t: _text_file(t / "t.xlsx"), "is not an xlsx workbook"),
}


def _text_file(path: Path) -> Path:
    path.write_text("=cmd|' /C calc'!A0\n")
    return path


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_workbooks_exit_2_with_one_line_and_write_nothing(samm: Path, tmp_path: Path, case: str) -> None:
    make, expected = HOSTILE[case]
    workbook = make(tmp_path)
    out = tmp_path / "answers.yaml"
    _one_line_error(run("import", "toolbox", workbook, "-q", samm, "-o", out), str(workbook), expected)
    assert not out.exists()
    answers = tmp_path / "a.yaml"
    answers.write_text("format: 1\nquestionnaire: owasp-samm\nversion: 2.2.0\nanswers: {}\n")
    filled = tmp_path / "filled.xlsx"
    _one_line_error(run("export", "toolbox", answers, "--workbook", workbook, "-q", samm, "-o", filled), expected)
    assert not filled.exists()


async def test_the_workshop_runs_on_the_imported_questionnaire(samm: Path, tmp_path: Path) -> None:
    from assess.workshop.editing import Session
    from tests.functional.workshop.conftest import answers_on_disk, screen_text, workshop_app

    path = tmp_path / "team.yaml"
    session = Session.open(path, str(samm))
    app = workshop_app(session)
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        assert "Do you do SM A at level 1?" in screen_text(app)
        await pilot.press("3")
        assert answers_on_disk(path) == {"G-SM-A-1": "about-half"}
    session.close()
