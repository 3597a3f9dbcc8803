"""SAMMY's ``.samm`` exchange format (format version 1.0.0), both ways.

``{"formatVersion", "assessment": {"version", "organization", "scope", "date", "answers":
[{"questionCode": "G-SM-A-1", "answerScore": 0.25}]}, "extensions": [{"name", "version", ...}]}``.
Answers travel by value and are matched to the option of that value within each activity's scale.
SAMMY's ``scope`` names the team or project assessed, so it maps to ``team``. What the format has no
room for (notes, n/a, assessors, the questionnaire) travels in an extension named ``assess``, which
other tools ignore; SAMMY's own stream remarks are written too, so its users see the notes.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assess.core.model import NOT_APPLICABLE, AnswerEntry, Answers, Questionnaire
from assess.core.problems import InputError, Problem
from assess.files.json_source import parse_json
from assess.files.samm.toolbox_import import ORGANISATION_KEY
from assess.files.yaml_source import read_text

FORMAT_VERSION = "1.0.0"
EXTENSION = "assess"
REMARKS = "Assessment Stream Remarks"
REMARKS_KEY = "x-samm-stream-remarks"
"""Where SAMMY's stream remarks are kept when the file carries no ``assess`` extension to place them."""
MAX_PROBLEMS = 50


def to_samm_json(answers: Answers, q: Questionnaire, today: dt.date) -> str:
    """The ``.samm`` document of an answers file (pretty-printed JSON)."""
    listed: list[dict[str, Any]] = []
    notes: dict[str, str] = {}
    remarks: dict[str, list[dict[str, str]]] = {}
    not_applicable: list[str] = []
    for activity in q.activities:
        entry = answers.answers.get(activity.id)
        if entry is None:
            continue
        if entry.note:
            notes[activity.id] = entry.note
            stream = q.stream_of[activity.id].id
            remarks.setdefault(stream, []).append({"text": f"{activity.id}: {entry.note}", "type": "COMMENT"})
        if entry.answer is None:
            continue
        if entry.is_na:
            not_applicable.append(activity.id)
            listed.append({"questionCode": activity.id})
            continue
        option = q.option_index[activity.scale][entry.answer]
        listed.append({"questionCode": activity.id, "answerScore": option.value})
    organisation = answers.extensions.get(ORGANISATION_KEY)
    ours: dict[str, Any] = {
        "name": EXTENSION,
        "version": "1.0.0",
        "questionnaire": {"id": q.id, "version": q.version},
        "team": answers.team,
        "scope": answers.scope,
        "organisation": organisation,
        "assessors": list(answers.assessors),
        "notes": notes,
        "notApplicable": not_applicable,
    }
    extensions: list[dict[str, Any]] = [
        {"name": "Assessment Framework", "version": "1.0.0", "assessmentFramework": "SAMM"},
        {key: value for key, value in ours.items() if value not in (None, [], {})},
    ]
    if remarks:
        extensions.append({"name": REMARKS, "version": "1.0.0", "assessmentStreamRemarks": remarks})
    document = {
        "formatVersion": FORMAT_VERSION,
        "assessment": {
            "version": "1.0.0",
            "organization": str(organisation or answers.team or ""),
            "scope": answers.team or "",
            "date": (answers.date or today).isoformat(),
            "answers": listed,
        },
        "extensions": extensions,
    }
    return json.dumps(document, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


@dataclass(frozen=True)
class SammImport:
    answers: Answers
    summary: tuple[str, ...]


def read_samm_json(path: Path, q: Questionnaire, display: str | None = None) -> SammImport:
    """Answers from a ``.samm`` file, for ``q``; InputError naming every answer that does not fit."""
    name = display or str(path)
    document = _parse(read_text(path, name), name)
    reader = _Reader(name, q)
    result = reader.read(document)
    if reader.problems:
        raise InputError(reader.problems[:MAX_PROBLEMS])
    return result


def written_for(path: Path, display: str | None = None) -> tuple[str, str] | None:
    """The questionnaire (id, version) a file written by assess names in its extension, if any."""
    name = display or str(path)
    document = _parse(read_text(path, name), name)
    extensions = document.get("extensions") if isinstance(document, dict) else None
    ours = _Reader(name, None).extension(extensions)
    named = ours.get("questionnaire")
    if isinstance(named, dict) and isinstance(named.get("id"), str) and isinstance(named.get("version"), str):
        return named["id"], named["version"]
    return None


def _parse(text: str, name: str) -> Any:
    return parse_json(text, name, "a .samm file (SAMMY's JSON export)")


class _Reader:
    def __init__(self, name: str, q: Questionnaire | None) -> None:
        self.name = name
        self._q = q
        self.problems: list[Problem] = []

    @property
    def q(self) -> Questionnaire:
        assert self._q is not None
        return self._q

    def fail(self, where: str, what: str) -> None:
        self.problems.append(Problem(self.name, what, where=where))

    def read(self, document: Any) -> SammImport:
        if not isinstance(document, dict) or not isinstance(document.get("assessment"), dict):
            raise InputError.single(self.name, "is not a .samm file (no assessment object); is it SAMMY's export?")
        version = document.get("formatVersion")
        if not isinstance(version, str) or not version.startswith("1."):
            raise InputError.single(
                self.name, f"formatVersion {str(version)[:20]!r} is not one assess reads (1.x)", where="formatVersion"
            )
        assessment = document["assessment"]
        ours = self.extension(document.get("extensions"))
        entries = self.answers(assessment.get("answers"), ours)
        found_notes = ours.get("notes")
        notes: dict[str, Any] = found_notes if isinstance(found_notes, dict) else {}
        for activity_id, note in notes.items():
            if activity_id in self.q.activity_by_id and isinstance(note, str) and note:
                entry = entries.get(activity_id, AnswerEntry())
                entries[activity_id] = entry.model_copy(update={"note": note})
        fields = self.header(assessment, ours)
        if not ours:
            remarks = self.remarks(document.get("extensions"))
            if remarks:
                fields[REMARKS_KEY] = remarks
        answers = Answers.model_validate(
            {
                "format": 1,
                "questionnaire": self.q.id,
                "version": self.q.version,
                **fields,
                "answers": {a.id: entries[a.id] for a in self.q.activities if a.id in entries},
            }
        )
        answered = sum(1 for e in answers.answers.values() if e.answer is not None)
        summary = [f"{self.name}: {answered} answers read into {self.q.id} {self.q.version}, matched by value"]
        wanted = ours.get("questionnaire")
        if isinstance(wanted, dict) and (wanted.get("id"), wanted.get("version")) != (self.q.id, self.q.version):
            summary.append(
                f"{self.name}: written from {wanted.get('id')} {wanted.get('version')}; read into "
                f"{self.q.id} {self.q.version} (pass -q to choose another)"
            )
        return SammImport(answers, tuple(summary))

    def extension(self, extensions: Any) -> dict[str, Any]:
        if not isinstance(extensions, list):
            return {}
        found = [e for e in extensions if isinstance(e, dict) and e.get("name") == EXTENSION]
        return found[0] if found else {}

    def answers(self, listed: Any, ours: dict[str, Any]) -> dict[str, AnswerEntry]:
        if not isinstance(listed, list):
            self.fail("assessment.answers", "should be a list of answers")
            return {}
        found_na = ours.get("notApplicable")
        not_applicable: list[Any] = found_na if isinstance(found_na, list) else []
        entries: dict[str, AnswerEntry] = {}
        for index, item in enumerate(listed):
            where = f"assessment.answers[{index}]"
            code = item.get("questionCode") if isinstance(item, dict) else None
            if not isinstance(code, str):
                self.fail(where, "needs a questionCode such as G-SM-A-1")
                continue
            activity = self.q.activity_by_id.get(code)
            if activity is None:
                self.fail(
                    where,
                    f"{code[:40]!r} is no activity of {self.q.id} {self.q.version}; pass -q with its questionnaire",
                )
                continue
            if code in entries:
                self.fail(where, f"{code} is answered twice")
                continue
            score = item.get("answerScore")
            if score is None:
                if code in not_applicable:
                    entries[code] = AnswerEntry(answer=NOT_APPLICABLE)
                continue
            if isinstance(score, bool) or not isinstance(score, (int, float)):
                self.fail(f"{where}.answerScore", "should be a number")
                continue
            option = next((o for o in self.q.options_for(activity) if abs(o.value - score) < 1e-9), None)
            if option is None:
                values = ", ".join(f"{o.value:g}" for o in self.q.options_for(activity))
                self.fail(f"{where}.answerScore", f"{score:g} is no answer of {code} (its answers are worth {values})")
                continue
            entries[code] = AnswerEntry(answer=option.id)
        return entries

    def header(self, assessment: dict[str, Any], ours: dict[str, Any]) -> dict[str, Any]:
        fields: dict[str, Any] = {}
        text = _text
        if ours:
            team, scope, organisation = text(ours.get("team")), text(ours.get("scope")), text(ours.get("organisation"))
            assessors = (
                [a for a in ours.get("assessors", []) if isinstance(a, str)]
                if isinstance(ours.get("assessors"), list)
                else []
            )
        else:
            team, scope, organisation = text(assessment.get("scope")), None, text(assessment.get("organization"))
            assessors = []
        for key, value in (("team", team), ("scope", scope)):
            if value:
                fields[key] = value
        date = text(assessment.get("date"))
        if date:
            try:
                fields["date"] = dt.date.fromisoformat(date)
            except ValueError:
                self.fail("assessment.date", f"{date[:20]!r} is not a date; write YYYY-MM-DD")
        if assessors:
            fields["assessors"] = assessors
        if organisation:
            fields[ORGANISATION_KEY] = organisation
        return fields

    def remarks(self, extensions: Any) -> dict[str, list[str]]:
        if not isinstance(extensions, list):
            return {}
        kept: dict[str, list[str]] = {}
        for extension in extensions:
            if isinstance(extension, dict) and extension.get("name") == REMARKS:
                by_stream = extension.get("assessmentStreamRemarks")
                for stream, items in by_stream.items() if isinstance(by_stream, dict) else []:
                    texts = (
                        [i["text"] for i in items if isinstance(i, dict) and isinstance(i.get("text"), str)]
                        if isinstance(items, list)
                        else []
                    )
                    if texts:
                        kept[str(stream)] = texts
        return kept


def _text(value: Any) -> str | None:
    return value.strip() or None if isinstance(value, str) else None
