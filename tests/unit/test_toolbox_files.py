"""The Toolbox workbook, read and written: matching answers, keeping the workbook intact, refusing hostile files."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assess.core.model import AnswerEntry, Answers, Questionnaire
from assess.core.problems import InputError
from assess.files.samm.model_import import import_model
from assess.files.samm.toolbox_book import ToolboxBook, interview_rows, read_book
from assess.files.samm.toolbox_export import export_to_book
from assess.files.samm.toolbox_import import answers_from_book
from assess.files.samm.xlsx_guard import check_workbook
from assess.files.samm.xlsx_write import rewrite_workbook, set_cells
from tests.samm_support import OFFICIAL_ROWS, TOOLBOX_LAYOUT, activity_ids, write_samm_model, write_toolbox


@pytest.fixture(scope="module")
def samm(tmp_path_factory: pytest.TempPathFactory) -> Questionnaire:
    root = tmp_path_factory.mktemp("core")
    write_samm_model(root)
    return import_model(root, "2.2.0").questionnaire


def test_the_interview_rows_are_the_toolbox_rows() -> None:
    assert list(interview_rows().values()) == list(OFFICIAL_ROWS)
    assert list(interview_rows()) == [f"{a}-1" for a in activity_ids()]


def test_answers_are_matched_by_text_then_trimmed_then_by_place(samm: Questionnaire, tmp_path: Path) -> None:
    path = write_toolbox(
        tmp_path / "t.xlsx",
        answers={
            "G-SM-A-1": "Yes, a few",  # the model's own text
            "G-SM-A-2": "yes, ABOUT half ",  # another case and a trailing space
            "G-SM-B-1": "Yes, routinely",  # the workbook's rewording of "Yes, on a schedule" (0.5)
            "G-SM-B-2": "Maybe",  # in no list: the Toolbox scores it 0 without a word
        },
        notes={"G-SM-A-1": "Said so", "D-TA-A-1": "A note without an answer"},
        header={"D10": "Acme", "D11": "Payments", "D12": dt.datetime(2026, 11, 29), "D13": "Ana", "D14": "Ben; Cy"},
    )
    result = answers_from_book(read_book(path), samm)
    answers = result.answers
    assert {k: (e.answer, e.note) for k, e in answers.answers.items()} == {
        "G-SM-A-1": ("few", "Said so"),
        "G-SM-A-2": ("about-half", None),
        "G-SM-B-1": ("on-schedule", None),
        "D-TA-A-1": (None, "A note without an answer"),
    }
    assert [m.how for m in result.matches] == ["exact", "trimmed", "position", "unmatched"]
    assert (answers.team, answers.date, answers.assessors) == ("Payments", dt.date(2026, 11, 29), ("Ana", "Ben", "Cy"))
    assert answers.extensions == {"x-organisation": "Acme"}
    summary = "\n".join(result.summary)
    assert "4 answers read into owasp-samm 2.2.0: 1 by their text, 1 once spaces and case were ignored, 1 by" in summary
    assert "Interview!F20: 'yes, ABOUT half ' ends or starts with a space: the Toolbox scores it 0" in summary
    assert "Interview!F25: 'Maybe' is none of G-SM-B-1's answers" not in summary  # row 25 is G-SM-B-1, matched
    assert "Interview!F27: 'Maybe' is none of G-SM-B-2's answers" in summary
    assert "45 of 90 questions are worded differently" in summary  # stream B questions are reworded


def test_api_samm_takes_samm_answers_by_value_and_says_so(api_samm: Questionnaire, tmp_path: Path) -> None:
    path = write_toolbox(tmp_path / "t.xlsx", answers={"G-SM-A-1": "Yes, nearly all", "O-OM-B-3": "Yes, sometimes"})
    result = answers_from_book(read_book(path), api_samm)
    chosen = {k: e.answer for k, e in result.answers.answers.items()}
    top = api_samm.options_for(api_samm.activity_by_id["G-SM-A-1"])[-1].id
    second = api_samm.options_for(api_samm.activity_by_id["O-OM-B-3"])[1].id
    assert chosen == {"G-SM-A-1": top, "O-OM-B-3": second}
    assert "api-samm asks questions of its own, so its scores come from the SAMM answers" in "\n".join(result.summary)


def test_moved_rows_are_refused_at_the_cell(tmp_path: Path) -> None:
    rows = dict(TOOLBOX_LAYOUT)
    rows["G-SM-A-1-1"], rows["G-SM-A-2-1"] = 19, 21  # one row down each
    with pytest.raises(InputError) as caught:
        read_book(write_toolbox(tmp_path / "moved.xlsx", rows=rows))
    first = caught.value.problems[0]
    assert first.where == "Interview!A19"
    assert "G-SM-A-1-1 is on row 19, where the Toolbox has it on row 18: rows were moved" in first.what


def test_a_workbook_without_an_interview_sheet_is_refused(tmp_path: Path) -> None:
    path = write_toolbox(tmp_path / "other.xlsx", sheets=("Answers",))
    with pytest.raises(InputError, match="has no Interview sheet; is it a SAMM Toolbox workbook"):
        read_book(path)


def test_formulas_and_formula_like_answers_are_refused(tmp_path: Path) -> None:
    path = write_toolbox(tmp_path / "f.xlsx", answers={"G-SM-A-1": "=cmd|' /C calc'!A0"})
    with pytest.raises(InputError) as caught:
        read_book(path)
    assert [(p.where, p.what.split(";")[0]) for p in caught.value.problems] == [
        ("Interview!F18", "holds a formula where the Toolbox holds text")
    ]
    path = write_toolbox(tmp_path / "g.xlsx", answers={"G-SM-A-2": "@SUM(1+1)*cmd|' /C calc'!A0"})
    with pytest.raises(InputError) as caught:
        read_book(path)
    assert caught.value.problems[0].where == "Interview!F20"
    assert "starts like a formula" in caught.value.problems[0].what


def test_text_longer_than_an_excel_cell_is_refused(tmp_path: Path) -> None:
    base = write_toolbox(tmp_path / "base.xlsx")
    made = tmp_path / "made.xlsx"
    made.write_bytes(rewrite_workbook(base.read_bytes(), read_book(base).interview_part, {"I22": "x" * 40_000}))
    with pytest.raises(InputError) as caught:
        read_book(made)
    assert caught.value.problems[0].where == "Interview!I22"
    assert "holds 40,000 characters; an Excel cell holds at most 32,767" in caught.value.problems[0].what


def _zip(path: Path, members: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(path, "w", compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


MINIMAL = {"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"}


def test_hostile_archives_are_refused_before_anything_parses_them(tmp_path: Path) -> None:
    big = tmp_path / "big.xlsx"
    with big.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    with pytest.raises(InputError, match="is 50 MB; a SAMM Toolbox workbook is well under 20 MB"):
        check_workbook(big)
    bomb = _zip(tmp_path / "bomb.xlsx", {**MINIMAL, "xl/worksheets/sheet1.xml": b"<a>" + b"0" * (6 * 1024 * 1024)})
    with pytest.raises(InputError, match="times larger than it is stored; refused"):
        check_workbook(bomb)
    climbing = _zip(tmp_path / "climb.xlsx", {**MINIMAL, "../../evil.xml": b"<x/>"})
    with pytest.raises(InputError) as caught:
        check_workbook(climbing)
    assert caught.value.problems[0].where == "../../evil.xml"
    laughs = b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]><a>&lol2;</a>'
    entities = _zip(tmp_path / "laughs.xlsx", {**MINIMAL, "xl/sharedStrings.xml": laughs})
    with pytest.raises(InputError, match="declares a DTD or XML entities"):
        check_workbook(entities)
    text = tmp_path / "plain.xlsx"
    text.write_text("name,answer\n")
    with pytest.raises(InputError, match="is not an xlsx workbook"):
        check_workbook(text)
    with pytest.raises(InputError, match="is a folder"):
        check_workbook(tmp_path)


def test_openpyxl_parses_through_defusedxml() -> None:
    from openpyxl import xml

    assert xml.DEFUSEDXML  # the second line of defence behind the prolog check


def _answers(q: Questionnaire, entries: dict[str, AnswerEntry], **fields: object) -> Answers:
    return Answers.model_validate(
        {"format": 1, "questionnaire": q.id, "version": q.version, **fields, "answers": entries}
    )


def test_export_writes_answers_notes_and_header_and_nothing_else(samm: Questionnaire, tmp_path: Path) -> None:
    book_path = write_toolbox(tmp_path / "toolbox.xlsx", answers={"O-OM-B-3": "Yes, always"}, notes={"O-OM-B-3": "old"})
    answers = _answers(
        samm,
        {
            "G-SM-A-1": AnswerEntry(answer="nearly-all", note='Line one\nline <two> & "three"'),
            "G-SM-B-1": AnswerEntry(answer="on-schedule"),
            "D-TA-A-1": AnswerEntry(answer="n/a", note="no threat models here"),
        },
        team="Payments",
        date="2026-11-29",
        assessors=["Ana", "Ben", "Cy"],
        **{"x-organisation": "Acme"},
    )
    book = read_book(book_path)
    exported = export_to_book(answers, samm, book, "answers.yaml")
    out = tmp_path / "out.xlsx"
    out.write_bytes(exported.content)
    back = answers_from_book(read_book(out), samm).answers
    assert {k: (e.answer, e.note) for k, e in back.answers.items()} == {
        "G-SM-A-1": ("nearly-all", 'Line one\nline <two> & "three"'),
        "G-SM-B-1": ("on-schedule", None),  # written as the workbook's own "Yes, routinely", read back by place
        "D-TA-A-1": ("n/a", "no threat models here"),
    }
    assert (back.team, back.date, back.assessors, back.extensions) == (
        "Payments",
        dt.date(2026, 11, 29),
        ("Ana", "Ben", "Cy"),
        {"x-organisation": "Acme"},
    )
    with zipfile.ZipFile(book_path) as before, zipfile.ZipFile(out) as after:
        assert [i.filename for i in after.infolist()] == [i.filename for i in before.infolist()]
        changed = [i.filename for i in before.infolist() if before.read(i) != after.read(i.filename)]
        sheet = after.read(book.interview_part).decode()
    assert sorted(changed) == sorted(["xl/workbook.xml", book.interview_part])
    assert '<c r="F25" t="inlineStr"><is><t xml:space="preserve">Yes, routinely</t></is></c>' in sheet
    assert 'fullCalcOnLoad="1"' in after_workbook(out)


def after_workbook(path: Path) -> str:
    with zipfile.ZipFile(path) as archive:
        return archive.read("xl/workbook.xml").decode()


def test_cells_keep_their_style_and_missing_cells_and_rows_are_added_in_order() -> None:
    sheet = (
        b'<worksheet><sheetData><row r="2"><c r="A2" s="7" t="s"><v>3</v></c><c r="C2" s="9"/></row>'
        b'<row r="5" spans="1:3"><c r="B5"><v>1</v></c></row></sheetData></worksheet>'
    )
    out = set_cells(sheet, {"A2": "new", "B2": 4.5, "C2": None, "A4": dt.date(2026, 1, 1), "C5": "x", "A9": "end"})
    assert out == (
        b'<worksheet><sheetData><row r="2"><c r="A2" s="7" t="inlineStr"><is><t xml:space="preserve">new</t></is>'
        b'</c><c r="B2"><v>4.5</v></c><c r="C2" s="9"/></row><row r="4"><c r="A4"><v>46023</v></c></row>'
        b'<row r="5" spans="1:3"><c r="B5"><v>1</v></c><c r="C5" t="inlineStr"><is><t xml:space="preserve">x</t>'
        b'</is></c></row><row r="9"><c r="A9" t="inlineStr"><is><t xml:space="preserve">end</t></is></c></row>'
        b"</sheetData></worksheet>"
    )


NOTES = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=30).filter(
    lambda t: bool(t.strip()) and t == t.strip() and not t.startswith("n/a")
)


@st.composite
def entries(draw: st.DrawFn, q: Questionnaire) -> dict[str, AnswerEntry]:
    """Up to 30 activities with an answer (an option or n/a), a note, or both."""
    chosen = draw(st.lists(st.sampled_from(q.activities), max_size=30, unique_by=lambda a: a.id))
    found: dict[str, AnswerEntry] = {}
    for activity in chosen:
        answer = draw(st.none() | st.just("n/a") | st.sampled_from([o.id for o in q.options_for(activity)]))
        note = draw(st.none() | NOTES)
        if answer is not None or note is not None:
            found[activity.id] = AnswerEntry(answer=answer, note=note)
    return found


@pytest.fixture(scope="module")
def blank_book(tmp_path_factory: pytest.TempPathFactory) -> ToolboxBook:
    return read_book(write_toolbox(tmp_path_factory.mktemp("book") / "toolbox.xlsx"))


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_random_answers_survive_export_and_import(
    samm: Questionnaire, blank_book: ToolboxBook, tmp_path: Path, data: st.DataObject
) -> None:
    answers = _answers(samm, data.draw(entries(samm)), team="T")
    exported = export_to_book(answers, samm, blank_book, "a.yaml")
    out = tmp_path / "out.xlsx"
    out.write_bytes(exported.content)
    back = answers_from_book(read_book(out), samm).answers
    assert {k: (e.answer, e.note) for k, e in back.answers.items()} == {
        k: (e.answer, e.note) for k, e in answers.answers.items()
    }


def test_a_rewritten_workbook_is_still_a_zip_openpyxl_reads(samm: Questionnaire, tmp_path: Path) -> None:
    book = read_book(write_toolbox(tmp_path / "t.xlsx"))
    content = export_to_book(_answers(samm, {"G-SM-A-1": AnswerEntry(answer="few")}), samm, book, "a").content
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        assert archive.testzip() is None
