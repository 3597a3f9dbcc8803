"""The SAMM Toolbox workbook as data: where its questions, answers, notes and header cells are.

The Toolbox's formulas read fixed rows (each level average averages two fixed cells, each practice
rating sums three, the Scorecard points at them), so a workbook whose Interview rows were moved
would score wrongly in Excel: it is refused, not guessed at. The workbook's own answer list per
question comes from its hidden ``imp-questions`` (question -> answer-set index) and ``imp-answers``
(index -> four texts and four values) sheets, which the official updater writes from the model.
"""

from __future__ import annotations

import xml.etree.ElementTree as StdET
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assess.core.problems import InputError, Problem
from assess.files.samm.xlsx_guard import check_workbook
from assess.files.samm.xlsx_write import formula_cells

INTERVIEW = "Interview"
QUESTIONS_SHEET = "imp-questions"
ANSWERS_SHEET = "imp-answers"
ANSWER, NOTE, QUESTION, ID = "F", "I", "D", "A"
HEADER = {"organisation": "D10", "team": "D11", "date": "D12", "lead": "D13", "contributors": "D14"}
"""Header cells of the Interview sheet."""

FUNCTIONS = (
    ("G", ("SM", "PC", "EG")),
    ("D", ("TA", "SR", "SA")),
    ("I", ("SB", "SD", "DM")),
    ("V", ("AA", "RT", "ST")),
    ("O", ("IM", "EM", "OM")),
)
FIRST_ROW = 18
SCAN_BEYOND = 200
"""Rows read past the last question, to say where a moved question went."""


def interview_rows() -> dict[str, int]:
    """Question id (``G-SM-A-1-1``) -> its Interview row: two rows a question, one more after each
    stream and after each business function, from row 18."""
    rows: dict[str, int] = {}
    row = FIRST_ROW
    for letter, practices in FUNCTIONS:
        for practice in practices:
            for stream in ("A", "B"):
                for level in (1, 2, 3):
                    rows[f"{letter}-{practice}-{stream}-{level}-1"] = row
                    row += 2
                row += 1
        row += 1
    return rows


ROWS = interview_rows()
MAX_CELL_TEXT = 32767
"""The most characters Excel lets a cell hold."""
FORMULA_STARTS = ("=", "+", "-", "@")
"""What a spreadsheet reads as the start of a formula (a DDE payload such as ``=cmd|...`` among them)."""


def activity_of(question_id: str) -> str:
    """``G-SM-A-1-1`` (the Toolbox's question) -> ``G-SM-A-1`` (the activity it asks about)."""
    return question_id.rsplit("-", 1)[0]


@dataclass(frozen=True)
class Question:
    """One Interview row as the workbook holds it."""

    ident: str
    row: int
    answer: str | None
    note: str | None
    text: str | None
    """The question as the workbook words it (its cached value)."""
    choices: tuple[tuple[str, float | None], ...] = ()
    """The workbook's own answer list for this question: (text, value) in order; empty when unknown."""

    @property
    def activity(self) -> str:
        return activity_of(self.ident)


@dataclass(frozen=True)
class ToolboxBook:
    """What assess reads from (and writes back to) a Toolbox workbook."""

    path: Path
    name: str
    questions: tuple[Question, ...]
    header: dict[str, Any]
    has_answer_lists: bool
    interview_part: str
    """The Interview sheet's XML member (``xl/worksheets/sheet3.xml``)."""
    members: tuple[str, ...] = field(default=())


def read_book(path: Path, display: str | None = None) -> ToolboxBook:
    """Check and read a Toolbox workbook; InputError naming the file and ``sheet!cell`` when it is unusable."""
    name = display or str(path)
    checked = check_workbook(path, name)
    part = _interview_part(path, name)
    formulas = _formula_cells(path, part)  # read from the sheet's XML: openpyxl gives cached values only
    values = _load(path, name)
    interview = values[INTERVIEW]
    problems = list(_layout_problems(interview, name)) + list(_text_problems(interview, formulas, name))
    if problems:
        raise InputError(problems[:20])
    choices = _answer_lists(values, name)
    questions = tuple(
        Question(
            ident,
            row,
            _text(interview.get(f"{ANSWER}{row}")),
            _text(interview.get(f"{NOTE}{row}")),
            _text(interview.get(f"{QUESTION}{row}")),
            choices.get(ident, ()),
        )
        for ident, row in ROWS.items()
    )
    header = {key: interview.get(cell) for key, cell in HEADER.items()}
    return ToolboxBook(path, name, questions, header, bool(choices), part, checked.members)


Cells = dict[str, Any]


def _load(path: Path, name: str) -> dict[str, Cells]:
    """The cells assess reads, by sheet: Interview columns A to I, and the two hidden answer-list sheets."""
    from openpyxl import load_workbook  # a second's import, only for the commands that read workbooks
    from openpyxl.utils.exceptions import InvalidFileException

    unreadable = (KeyError, ValueError, TypeError, OSError, EOFError, zipfile.BadZipFile, StdET.ParseError)
    try:  # defusedxml's refusals (entities, external references) are ValueErrors
        book = load_workbook(path, read_only=True, data_only=True, keep_links=False)
    except (*unreadable, InvalidFileException) as error:
        raise InputError.single(
            name, f"cannot be read as a workbook ({type(error).__name__}); open and save it in Excel"
        ) from None
    try:
        if INTERVIEW not in book.sheetnames:
            raise InputError.single(name, f"has no {INTERVIEW} sheet; is it a SAMM Toolbox workbook?")
        last = max(ROWS.values()) + SCAN_BEYOND  # moved rows are looked for a little further down
        sheets: dict[str, Cells] = {INTERVIEW: _cells(book[INTERVIEW], max_row=last)}
        for sheet in (QUESTIONS_SHEET, ANSWERS_SHEET):
            if sheet in book.sheetnames:
                sheets[sheet] = _cells(book[sheet], max_row=500)
        return sheets
    finally:
        book.close()


def _cells(sheet: Any, *, max_row: int) -> Cells:
    """Coordinate -> value of the cells in columns A to I that hold something."""
    found: Cells = {}
    for row in sheet.iter_rows(min_row=1, max_row=max_row, max_col=9):
        for cell in row:
            value = getattr(cell, "value", None)
            if value is not None and getattr(cell, "coordinate", None):
                found[cell.coordinate] = value
    return found


def _formula_cells(path: Path, part: str) -> set[str]:
    """The answer, note and header cells that hold a formula, found in the sheet's XML."""
    wanted = {f"{column}{row}" for row in ROWS.values() for column in (ANSWER, NOTE)} | set(HEADER.values())
    with zipfile.ZipFile(path) as archive:
        return formula_cells(archive.read(part), wanted)


def _layout_problems(interview: Cells, name: str) -> Iterator[Problem]:
    """Every question must sit on its own row: the Toolbox's formulas read those rows."""
    where_found = {str(v).strip(): cell for cell, v in interview.items() if cell.startswith(ID) and cell[1:].isdigit()}
    if not any(str(interview.get(f"{ID}{row}", "")).strip() in ROWS for row in ROWS.values()):
        first = next(iter(ROWS))
        yield Problem(
            name,
            f"holds no Toolbox questions in column A (row {ROWS[first]} should be {first}); "
            "is it a SAMM Toolbox workbook?",
            where=f"{INTERVIEW}!{ID}{ROWS[first]}",
        )
        return
    for ident, row in ROWS.items():
        found = str(interview.get(f"{ID}{row}", "")).strip()
        if found == ident:
            continue
        moved = where_found.get(ident)
        if moved is not None:
            what = (
                f"{ident} is on row {moved[1:]}, where the Toolbox has it on row {row}: rows were moved, "
                "so the workbook's own formulas no longer score it; use an unmodified copy of the Toolbox"
            )
            yield Problem(name, what, where=f"{INTERVIEW}!{moved}")
        else:
            yield Problem(
                name,
                f"row {row} should hold question {ident}; use an unmodified copy of the Toolbox",
                where=f"{INTERVIEW}!{ID}{row}",
            )


def _text_problems(interview: Cells, formulas: set[str], name: str) -> Iterator[Problem]:
    """Answers, notes and header cells hold text: a formula there (``=cmd|...``) is refused, never carried,
    and so is text longer than an Excel cell can hold (only a hand-made file has it)."""
    cells = [f"{column}{row}" for row in ROWS.values() for column in (ANSWER, NOTE)] + list(HEADER.values())
    for cell in cells:
        value = interview.get(cell)
        if cell in formulas:
            yield Problem(
                name,
                "holds a formula where the Toolbox holds text; remove it (assess never imports formulas)",
                where=f"{INTERVIEW}!{cell}",
            )
        elif isinstance(value, str) and len(value) > MAX_CELL_TEXT:
            yield Problem(
                name,
                f"holds {len(value):,} characters; an Excel cell holds at most {MAX_CELL_TEXT:,}, so this "
                "workbook was not saved by Excel; refused",
                where=f"{INTERVIEW}!{cell}",
            )
        elif cell[0] == ANSWER and isinstance(value, str) and value.lstrip().startswith(FORMULA_STARTS):
            yield Problem(
                name,
                f"answer {_prefix(value)!r} starts like a formula, which no Toolbox answer does; remove it",
                where=f"{INTERVIEW}!{cell}",
            )


def _answer_lists(sheets: dict[str, Cells], name: str) -> dict[str, tuple[tuple[str, float | None], ...]]:
    """Question id -> the workbook's answer list, from imp-questions (column H) and imp-answers (B:E, F:I)."""
    questions, answers = sheets.get(QUESTIONS_SHEET), sheets.get(ANSWERS_SHEET)
    if not questions or not answers:
        return {}
    sets: dict[int, tuple[tuple[str, float | None], ...]] = {}
    for row in range(2, 501):
        index = answers.get(f"A{row}")
        if not isinstance(index, (int, float)) or isinstance(index, bool):
            continue
        texts = [_text(answers.get(f"{c}{row}")) for c in "BCDE"]
        values = [answers.get(f"{c}{row}") for c in "FGHI"]
        sets[int(index)] = tuple(
            (t, float(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else None)
            for t, v in zip(texts, values, strict=True)
            if t is not None
        )
    found: dict[str, tuple[tuple[str, float | None], ...]] = {}
    for row in range(2, 501):
        ident, index = questions.get(f"A{row}"), questions.get(f"H{row}")
        if isinstance(ident, str) and ident.strip() in ROWS:
            try:
                found[ident.strip()] = sets.get(int(float(str(index))), ())
            except ValueError:
                continue
    return found


def _interview_part(path: Path, name: str) -> str:
    """The zip member holding the Interview sheet, from workbook.xml and its relationships."""
    import defusedxml.ElementTree as SafeET

    main = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    rel = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
    try:
        with zipfile.ZipFile(path) as archive:
            workbook = SafeET.fromstring(archive.read("xl/workbook.xml"))
            rels = SafeET.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except (KeyError, StdET.ParseError, ValueError) as error:
        raise InputError.single(name, f"its workbook index cannot be read ({type(error).__name__})") from None
    sheet = next((s for s in workbook.iter(f"{main}sheet") if s.get("name") == INTERVIEW), None)
    if sheet is None:
        raise InputError.single(name, f"has no {INTERVIEW} sheet; is it a SAMM Toolbox workbook?")
    target = next((r.get("Target") for r in rels if r.get("Id") == sheet.get(f"{rel}id")), None)
    if not target:
        raise InputError.single(name, f"its {INTERVIEW} sheet has no part in the archive; save it again in Excel")
    return target.lstrip("/") if target.startswith("/") else f"xl/{target}"


def _text(value: Any) -> str | None:
    """A cell's text as Excel shows it: ``_x000D_`` and the like decoded (openpyxl leaves them as stored)."""
    from openpyxl.utils.escape import unescape

    if value is None:
        return None
    text = unescape(value) if isinstance(value, str) else str(value)
    return text if text.strip() else None


def _prefix(text: str) -> str:
    return text if len(text) <= 20 else text[:20] + "…"
