"""A blank answers file for a questionnaire: every activity listed, its options in comments."""

from __future__ import annotations

import datetime as dt

from assess.core.model import NOT_APPLICABLE, Questionnaire
from assess.core.printable import printable
from assess.files.saving import dump_yaml


def blank_answers(q: Questionnaire, *, team: str | None = None, today: dt.date | None = None) -> str:
    """The text of an answers file with nothing answered yet, ready to fill in by hand."""
    lines = [
        _comment(f"Answers to {q.title} ({q.id} {q.version})."),
        "# For each activity write one option id after the colon, or n/a; leave it empty if not answered yet.",
        "# Long form: {answer: <option>, note: ..., evidence: [<link>, ...]}.",
        _dump({"format": 1, "questionnaire": q.id, "version": q.version}),
        _dump({"team": team}) if team else "team:",
        "scope:",
        f"date: {(today or dt.date.today()).isoformat()}",
        "assessors: []",
        "answers:",
    ]
    for function, practice, stream in q.iter_streams():
        lines.append(_comment(f"{function.name} > {practice.name} > {stream.name}", indent=2))
        for activity in stream.activities:
            options = " | ".join(f"{o.id} = {o.label}" for o in q.options_for(activity))
            lines.append(_comment(f"L{activity.level} {activity.question}", indent=2))
            lines.append(_comment(f"   {options} | {NOT_APPLICABLE}", indent=2))
            lines.append(f"  {activity.id}:")
    lines.append("targets: {}")
    return "\n".join(lines) + "\n"


def _dump(data: dict[str, object]) -> str:
    """Keys and values written as the answers writer would (quoted only where YAML needs it)."""
    return dump_yaml(data).rstrip("\n")


def _comment(text: str, indent: int = 0) -> str:
    """One comment line: a question or label spanning several lines must not end the comment.

    Comments are for the person filling the file in, often on a terminal: control and bidi
    characters from the questionnaire are shown as escapes (``\\u202e``), as everywhere else.
    """
    lead = len(text) - len(text.lstrip(" "))
    return " " * indent + "# " + " " * lead + printable(" ".join(text.split()))
