"""A blank answers file for a questionnaire: every activity listed, its options in comments."""

from __future__ import annotations

import datetime as dt
import json

from assess.model import NOT_APPLICABLE, Questionnaire

SCHEMA_COMMENT = "# yaml-language-server: $schema={url}\n"


def blank_answers(
    q: Questionnaire, *, team: str | None = None, today: dt.date | None = None, schema_url: str | None = None
) -> str:
    """The text of an answers file with nothing answered yet, ready to fill in by hand."""
    lines = [SCHEMA_COMMENT.format(url=schema_url)] if schema_url else []
    lines += [
        f"# Answers to {q.title} ({q.id} {q.version}).",
        "# For each activity write one option id after the colon, or n/a; leave it empty if not answered yet.",
        "# Long form: {answer: <option>, note: ..., evidence: [<link>, ...]}.",
        "format: 1",
        f"questionnaire: {q.id}",
        f"version: {_quote(q.version)}",
        f"team: {_quote(team) if team else ''}".rstrip(),
        "scope:",
        f"date: {(today or dt.date.today()).isoformat()}",
        "assessors: []",
        "answers:",
    ]
    for function, practice, stream in q.iter_streams():
        lines.append(f"  # {function.name} > {practice.name} > {stream.name}")
        for activity in stream.activities:
            options = " | ".join(f"{o.id} = {o.label}" for o in q.options_for(activity))
            lines.append(f"  # L{activity.level} {activity.question}")
            lines.append(f"  #    {options} | {NOT_APPLICABLE}")
            lines.append(f"  {activity.id}:")
    lines.append("targets: {}")
    return "\n".join(lines) + "\n"


def _quote(text: str) -> str:
    """Quote a scalar only when YAML would read it as something other than text."""
    return json.dumps(text, ensure_ascii=False)
