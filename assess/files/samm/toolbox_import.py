"""Answers from a filled SAMM Toolbox workbook, matched to a questionnaire, with an account of each match.

Each answer text is matched to the activity's options by its exact text, then trimmed and
case-folded, then by its place in the workbook's own answer list (the model reworded answers
between versions, but never changed their values). The Toolbox scores an answer it cannot match
0 without a word; here every such answer is named, and left unanswered.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass
from typing import Any, Literal

from assess.core.model import NOT_APPLICABLE, AnswerEntry, Answers, Questionnaire
from assess.core.model.questionnaire import Activity, Option
from assess.core.printable import printable
from assess.core.problems import InputError
from assess.files.samm.toolbox_book import ANSWER, ANSWERS_SHEET, INTERVIEW, QUESTIONS_SHEET, Question, ToolboxBook

NA_NOTE = "n/a"
"""The Toolbox has no "not applicable": assess exports one as a blank answer whose note starts so."""
ORGANISATION_KEY = "x-organisation"
"""Where an answers file keeps the organisation the Toolbox and SAMMY name (format 1 has no key for it)."""
EXCEL_EPOCH = dt.date(1899, 12, 30)

How = Literal["exact", "trimmed", "position", "unmatched"]


@dataclass(frozen=True)
class Match:
    activity: str
    cell: str
    text: str
    how: How
    option: Option | None


@dataclass(frozen=True)
class ToolboxImport:
    answers: Answers
    matches: tuple[Match, ...]
    summary: tuple[str, ...]
    """Lines for the user: how the answers were matched, and every answer that could not be."""


def answers_from_book(book: ToolboxBook, q: Questionnaire) -> ToolboxImport:
    """The workbook's answers and notes as an answers file for ``q``."""
    known = [question for question in book.questions if question.activity in q.activity_by_id]
    if not known:
        raise InputError.single(
            book.name,
            f"none of its questions ({book.questions[0].ident}...) is an activity of {q.id} {q.version}; "
            "pass -q with a questionnaire in SAMM's ids (the built-in api-samm, or one made by import samm-model)",
        )
    entries: dict[str, AnswerEntry] = {}
    matches: list[Match] = []
    for question in known:
        activity = q.activity_by_id[question.activity]
        answer, note = question.answer, question.note
        chosen: str | None = None
        if answer is None and note is not None and (note == NA_NOTE or note.startswith(NA_NOTE + ": ")):
            chosen, note = NOT_APPLICABLE, note[len(NA_NOTE) + 2 :] or None
        elif answer is not None:
            match = _match(question, activity, q.options_for(activity), answer)
            matches.append(match)
            chosen = match.option.id if match.option else None
        if chosen is not None or note is not None:
            entries[activity.id] = AnswerEntry(answer=chosen, note=note)
    answers = Answers.model_validate(
        {
            "format": 1,
            "questionnaire": q.id,
            "version": q.version,
            **_header(book),
            "answers": {a.id: entries[a.id] for a in q.activities if a.id in entries},
        }
    )
    return ToolboxImport(answers, tuple(matches), tuple(_summary(book, q, known, matches)))


def _match(question: Question, activity: Activity, options: tuple[Option, ...], text: str) -> Match:
    cell = f"{INTERVIEW}!{ANSWER}{question.row}"
    for option in options:
        if option.label == text:
            return Match(activity.id, cell, text, "exact", option)
    folded = _fold(text)
    for option in options:
        if _fold(option.label) == folded:
            return Match(activity.id, cell, text, "trimmed", option)
    texts = [choice for choice, _ in question.choices]
    index = texts.index(text) if text in texts else next((i for i, t in enumerate(texts) if _fold(t) == folded), None)
    if index is not None:
        value = question.choices[index][1]
        by_value = [o for o in options if value is not None and abs(o.value - value) < 1e-9]
        found: Option | None = by_value[0] if by_value else None
        if found is None and value is None and index < len(options):
            found = options[index]  # a list without values: its place is all there is
        if found is not None:
            return Match(activity.id, cell, text, "position", found)
    return Match(activity.id, cell, text, "unmatched", None)


def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()


def _header(book: ToolboxBook) -> dict[str, Any]:
    header: dict[str, Any] = {}
    organisation, team = _plain(book.header.get("organisation")), _plain(book.header.get("team"))
    if team:
        header["team"] = team
    date = _date(book.header.get("date"))
    if date is not None:
        header["date"] = date
    assessors = [_plain(book.header.get("lead"))]
    assessors += re.split(r"\s*[,;\n]\s*", _plain(book.header.get("contributors")) or "")
    if any(assessors):
        header["assessors"] = [a for a in assessors if a]
    if organisation:
        header[ORGANISATION_KEY] = organisation
    return header


def _plain(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _date(value: Any) -> dt.date | None:
    """The interview date as a cell holds it: a date, an Excel day number, or ISO text."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool) and 1 <= value < 2958466:
        return EXCEL_EPOCH + dt.timedelta(days=int(value))
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip()[:10])
        except ValueError:
            return None
    return None


def _summary(book: ToolboxBook, q: Questionnaire, known: list[Question], matches: list[Match]) -> list[str]:
    counts = Counter(m.how for m in matches)
    lines = [
        f"{book.name}: {len(matches)} answers read into {q.id} {q.version}: {counts['exact']} by their text, "
        f"{counts['trimmed']} once spaces and case were ignored, {counts['position']} by their place in the "
        f"workbook's answer list, {counts['unmatched']} not matched"
    ]
    for m in matches:
        shown = printable(m.text if len(m.text) <= 60 else m.text[:60] + "…")
        if m.how == "trimmed" and m.text != m.text.strip():
            lines.append(
                f"{book.name}: {m.cell}: {shown!r} ends or starts with a space: the Toolbox scores it 0, "
                f"assess reads it as {m.option.label if m.option else ''!r}"
            )
        elif m.how == "unmatched":
            lines.append(
                f"{book.name}: {m.cell}: {shown!r} is none of {m.activity}'s answers, in {q.id} or in the "
                "workbook's list: the Toolbox scores it 0 without a word; assess leaves it unanswered"
            )
    reworded = [x for x in known if x.text and _fold(x.text) != _fold(q.activity_by_id[x.activity].question)]
    if reworded:
        lines.append(
            f"{book.name}: {len(reworded)} of {len(known)} questions are worded differently in {q.id} "
            f"{q.version}; their answers were carried over as given, by value"
            + (
                f": {q.id} asks questions of its own, so its scores come from the SAMM answers"
                if len(reworded) == len(known)
                else ""
            )
        )
    missing = [a.id for a in q.activities if a.id not in {x.activity for x in known}]
    if missing:
        lines.append(f"{book.name}: {len(missing)} activities of {q.id} are not in the Toolbox and stay unanswered")
    absent = [x for x in book.questions if x.activity not in q.activity_by_id and (x.answer or x.note)]
    if absent:
        listed = ", ".join(x.ident for x in absent[:5]) + (" ..." if len(absent) > 5 else "")
        lines.append(f"{book.name}: answers to {listed} were left out: {q.id} has no such activity")
    if not book.has_answer_lists:
        lines.append(
            f"{book.name}: has no {QUESTIONS_SHEET} and {ANSWERS_SHEET} sheets, so answers worded unlike "
            f"{q.id}'s could not be matched by their place in the list"
        )
    return lines
