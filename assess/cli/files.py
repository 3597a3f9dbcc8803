"""``list``, ``validate``, ``schema`` and ``template``: the files themselves, not documents built from them."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from assess.cli.inputs import say_if_migrated
from assess.cli.options import INPUT_PATH, emit_json, fail, questionnaire_option, say

if TYPE_CHECKING:
    from assess.core.problems import Problem


@click.command("list")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
    help="Output format.",
)
def list_command(output_format: str) -> None:
    """List the questionnaires: the built-in ones, then those in ./questionnaires/."""
    from assess.core.printable import printable
    from assess.files.discovery import available_questionnaires, builtin_questionnaires

    builtin = {(q.id, q.version) for q in builtin_questionnaires()}
    rows: list[dict[str, Any]] = [
        {
            "id": q.id,
            "version": q.version,
            "title": q.title,
            "activities": len(q.activities),
            "profiles": list(q.profiles),
            "source": "built-in" if (q.id, q.version) in builtin else "./questionnaires",
        }
        for q in available_questionnaires()
    ]
    if output_format == "json":
        emit_json(json.dumps(rows, indent=2, ensure_ascii=False, allow_nan=False) + "\n")
        return
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table(show_edge=False, pad_edge=False)
    for name in ("id", "version", "title", "activities", "profiles"):
        table.add_column(name, justify="right" if name == "activities" else "left")
    table.add_column("source", no_wrap=True, min_width=len("./questionnaires"))
    for row in rows:
        cells = (
            row["id"],
            row["version"],
            row["title"],
            str(row["activities"]),
            ", ".join(row["profiles"]),
            row["source"],
        )
        table.add_row(*(Text(printable(cell)) for cell in cells))
    Console(highlight=False).print(table)


@click.command()
@click.argument("files", nargs=-1, required=True, type=INPUT_PATH)
@questionnaire_option
def validate(files: Sequence[Path], questionnaire: str | None) -> None:
    """Check questionnaire, answers and crosswalk files; print every problem as file:line:col."""
    from assess.core.printable import printable
    from assess.core.problems import InputError
    from assess.files.assessments import load_assessment_or_skip
    from assess.files.crosswalks import load_crosswalk_or_none
    from assess.files.loading import load_questionnaire

    problems: list[Problem] = []
    for path in files:
        try:
            crosswalk = load_crosswalk_or_none(path)
            if crosswalk is not None:
                walk, target = crosswalk
                mapped = sum(1 for targets in walk.map.values() if targets)
                click.echo(
                    printable(
                        f"{path}: ok: crosswalk {walk.id} from {walk.source} to {target.id} {target.version}, "
                        f"{mapped}/{len(walk.map)} activities mapped"
                    )
                )
                continue
            found = load_assessment_or_skip(path, questionnaire, skip_questionnaires=True)
            if found is None:
                q = load_questionnaire(path)
                click.echo(printable(f"{path}: ok: questionnaire {q.id} {q.version}, {len(q.activities)} activities"))
            else:
                answered = sum(1 for e in found.answers.answers.values() if e.answer is not None)
                click.echo(
                    printable(
                        f"{path}: ok: answers to {found.questionnaire.id} {found.questionnaire.version}, "
                        f"{answered}/{len(found.questionnaire.activities)} answered"
                    )
                )
                say_if_migrated(found)
        except InputError as error:
            problems.extend(error.problems)
    if problems:
        raise InputError(problems)


@click.command()
@click.argument("kind", type=click.Choice(["questionnaire", "answers", "crosswalk"]))
def schema(kind: str) -> None:
    """Print the JSON Schema (draft-07) of questionnaire, answers or crosswalk files, for editors."""
    from assess.files.schemas import schema_text

    click.echo(schema_text(kind), nl=False)


@click.command()
@questionnaire_option
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Write to this file instead of stdout.")
@click.option("--team", help="Team name to fill in.")
@click.option("--force", is_flag=True, help="Replace an existing file (the old one is kept as .bak).")
def template(questionnaire: str | None, output: Path | None, team: str | None, force: bool) -> None:
    """Print a blank answers file listing every activity, with its options in comments."""
    from assess.files.discovery import questionnaire_for
    from assess.files.saving import atomic_write, target_problem
    from assess.files.template import blank_answers

    q = questionnaire_for(questionnaire)
    text = blank_answers(q, team=team, today=dt.date.today())
    if output is None:
        click.echo(text, nl=False)
        return
    if output.is_dir():
        fail(str(output), "is a folder; give the name of the answers file to write")
    if output.exists() and not force:
        fail(str(output), "already exists; choose another name, or pass --force to replace it (a .bak is kept)")
    if (problem := target_problem(output)) is not None:
        fail(str(output), problem)
    try:
        atomic_write(output, text)
    except OSError as error:
        fail(str(output), f"cannot be written ({error.strerror or error}); check that its folder exists")
    say(f"wrote {output}")


@click.command()
@click.argument("files", nargs=-1, required=True, type=INPUT_PATH)
@questionnaire_option
def migrate(files: Sequence[Path], questionnaire: str | None) -> None:
    """Rewrite answers files for their questionnaire's current version (each keeps a .bak)."""
    from assess.core.problems import InputError
    from assess.workshop.migrating import migrate_file

    problems: list[Problem] = []
    for path in files:
        try:
            say(migrate_file(path, questionnaire).message)
        except InputError as error:
            problems.extend(error.problems)
    if problems:
        raise InputError(problems)
