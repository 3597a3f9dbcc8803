"""Fill the user's own copy of the SAMM Toolbox with an answers file, changing nothing else in it.

Answers go in as the workbook's own answer texts, chosen by the option's place in its scale (or
by value when the lists differ in length), so the Toolbox's lookups score them; notes and the
header cells go in as text. The Toolbox has no "not applicable": an n/a answer is left blank (it
scores 0 there, as in assess) with a note starting ``n/a``, which ``import toolbox`` reads back.
"""

from __future__ import annotations

from dataclasses import dataclass

from assess.core.model import Answers, Questionnaire
from assess.core.problems import InputError
from assess.files.samm.toolbox_book import ANSWER, HEADER, NOTE, Question, ToolboxBook
from assess.files.samm.toolbox_import import NA_NOTE, ORGANISATION_KEY
from assess.files.samm.xlsx_write import CellValue, rewrite_workbook


@dataclass(frozen=True)
class ToolboxExport:
    content: bytes
    """The filled workbook."""
    notes: tuple[str, ...]


def export_to_book(answers: Answers, q: Questionnaire, book: ToolboxBook, answers_file: str) -> ToolboxExport:
    """The workbook ``book`` with the answers, notes and header of ``answers`` written into it."""
    cells: dict[str, CellValue] = dict(_header_cells(answers))
    notes: list[str] = []
    in_book = {question.activity for question in book.questions}
    for question in book.questions:
        entry = answers.answers.get(question.activity)
        activity = q.activity_by_id.get(question.activity)
        text: str | None = None
        note = entry.note if entry else None
        if entry is not None and entry.answer is not None and activity is not None:
            if entry.is_na:
                note = NA_NOTE + (f": {note}" if note else "")
            else:
                text = _answer_text(question, q, activity.id, entry.answer, answers_file)
        cells[f"{ANSWER}{question.row}"] = text
        cells[f"{NOTE}{question.row}"] = note
    left_out = [a for a, e in answers.answers.items() if a not in in_book and (e.answer is not None or e.note)]
    if left_out:
        listed = ", ".join(left_out[:5]) + (" ..." if len(left_out) > 5 else "")
        notes.append(f"{answers_file}: {listed}: not in the Toolbox, so not in the workbook")
    try:
        source = book.path.read_bytes()
    except OSError as error:
        raise InputError.single(book.name, f"cannot be read ({error.strerror})") from None
    return ToolboxExport(rewrite_workbook(source, book.interview_part, cells), tuple(notes))


def _answer_text(question: Question, q: Questionnaire, activity_id: str, option_id: str, answers_file: str) -> str:
    activity = q.activity_by_id[activity_id]
    options = q.options_for(activity)
    index = next(i for i, o in enumerate(options) if o.id == option_id)  # the answers were checked against q
    choices = question.choices
    if not choices:
        return options[index].label
    if len(choices) == len(options):
        return choices[index][0]
    value = options[index].value
    for text, choice_value in choices:
        if choice_value is not None and abs(choice_value - value) < 1e-9:
            return text
    raise InputError.single(
        answers_file,
        f"{activity_id}: answer {option_id!r} is worth {value:g}, and the Toolbox's list for {question.ident} "
        "has no answer of that value; change the answer or the workbook",
        where=f"answers.{activity_id}",
    )


def _header_cells(answers: Answers) -> dict[str, CellValue]:
    assessors = list(answers.assessors)
    organisation = answers.extensions.get(ORGANISATION_KEY)
    return {
        HEADER["organisation"]: str(organisation) if organisation is not None else None,
        HEADER["team"]: answers.team,
        HEADER["date"]: answers.date,
        HEADER["lead"]: assessors[0] if assessors else None,
        HEADER["contributors"]: ", ".join(assessors[1:]) or None,
    }
