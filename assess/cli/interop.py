"""``import`` and ``export``: bring SAMM work in (the core model, Toolbox workbooks, SAMMY's .samm files)
and hand it back, as two command groups.

Every check runs before anything is written: a bad input ends with one line per problem and exit
code 2, an existing output file is replaced only with ``--force``, and writes are atomic.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import click

from assess.cli.options import emit_json, fail, say

OUTPUT_HELP = "Write to this file instead of stdout."
FORCE_HELP = "Replace an existing output file (the old one is kept as .bak)."


def _questionnaire(func: Any) -> Any:
    return click.option(
        "-q",
        "--questionnaire",
        "questionnaire",
        metavar="ID|PATH",
        help="Questionnaire to read the answers into (an id, or the file import samm-model wrote); default api-samm.",
    )(func)


@click.group("import")
def import_group() -> None:
    """Bring SAMM work in: the official core model, a filled Toolbox workbook, a SAMMY .samm file."""


@click.group("export")
def export_group() -> None:
    """Hand an assessment back: into a copy of the SAMM Toolbox, or as a SAMMY .samm file."""


@import_group.command("samm-model")
@click.argument("folder", type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path), help=OUTPUT_HELP)
@click.option("--version", "model_version", metavar="X.Y.Z", help="The model's version (else VERSION or git tags).")
@click.option("--force", is_flag=True, help=FORCE_HELP)
def import_samm_model(folder: Path, output: Path | None, model_version: str | None, force: bool) -> None:
    """Turn the OWASP SAMM core model (its model/ folder, 2.0 to 2.2) into a questionnaire file."""
    from assess.files.samm.model_import import import_model

    _check_output(output, force)
    result = import_model(folder, model_version)
    for note in result.notes:
        say(note)
    q = result.questionnaire
    _write(output, result.text, f"{q.id} {q.version}, {len(q.activities)} activities; use it with -q {output}")


@import_group.command("toolbox")
@click.argument("workbook", type=click.Path(path_type=Path))
@_questionnaire
@click.option("-o", "--output", type=click.Path(path_type=Path), help=OUTPUT_HELP)
@click.option("--force", is_flag=True, help=FORCE_HELP)
def import_toolbox(workbook: Path, questionnaire: str | None, output: Path | None, force: bool) -> None:
    """Read the answers, notes and header of a filled SAMM Toolbox workbook (.xlsx) into an answers file."""
    from assess.files.discovery import questionnaire_for
    from assess.files.samm.toolbox_book import read_book
    from assess.files.samm.toolbox_import import answers_from_book
    from assess.files.saving import dump_answers

    _check_output(output, force)
    q = questionnaire_for(questionnaire)
    result = answers_from_book(read_book(workbook), q)
    for line in result.summary:
        say(line)
    _write(output, dump_answers(result.answers), f"answers to {q.id} {q.version}")


@import_group.command("samm-json")
@click.argument("file", type=click.Path(path_type=Path))
@_questionnaire
@click.option("-o", "--output", type=click.Path(path_type=Path), help=OUTPUT_HELP)
@click.option("--force", is_flag=True, help=FORCE_HELP)
def import_samm_json(file: Path, questionnaire: str | None, output: Path | None, force: bool) -> None:
    """Read a SAMMY .samm file into an answers file (answers matched by value within each scale).

    Without -q, a file that assess wrote is read into the questionnaire it names; others into api-samm.
    """
    from assess.files.discovery import find_questionnaire, questionnaire_for
    from assess.files.samm.samm_json import read_samm_json, written_for
    from assess.files.saving import dump_answers

    _check_output(output, force)
    named = written_for(file) if questionnaire is None else None
    q = (find_questionnaire(*named) if named else None) or questionnaire_for(questionnaire)
    result = read_samm_json(file, q)
    for line in result.summary:
        say(line)
    _write(output, dump_answers(result.answers), f"answers to {q.id} {q.version}")


@export_group.command("toolbox")
@click.argument("answers", type=click.Path(path_type=Path))
@click.option(
    "--workbook",
    required=True,
    type=click.Path(path_type=Path),
    metavar="TOOLBOX.xlsx",
    help="Your copy of the SAMM Toolbox (blank or filled); it is read, never changed.",
)
@click.option("-o", "--output", required=True, type=click.Path(path_type=Path), help="The workbook to write.")
@_questionnaire
@click.option("--force", is_flag=True, help=FORCE_HELP)
def export_toolbox(answers: Path, workbook: Path, output: Path, questionnaire: str | None, force: bool) -> None:
    """Fill a copy of the SAMM Toolbox with ANSWERS: answers, notes and header cells, nothing else."""
    from assess.files.assessments import load_assessment
    from assess.files.samm.toolbox_book import read_book
    from assess.files.samm.toolbox_export import export_to_book

    if output.exists() and workbook.exists() and output.resolve() == workbook.resolve():
        fail(str(output), "is the workbook being read; write the filled one to another file")
    _check_output(output, force)
    found = load_assessment(answers, questionnaire)
    result = export_to_book(found.answers, found.questionnaire, read_book(workbook), found.file)
    for note in result.notes:
        say(note)
    _write(output, result.content, "Excel and LibreOffice recalculate its scores when it is opened")


@export_group.command("samm-json")
@click.argument("answers", type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path), help=OUTPUT_HELP)
@_questionnaire
@click.option("--force", is_flag=True, help=FORCE_HELP)
def export_samm_json(answers: Path, output: Path | None, questionnaire: str | None, force: bool) -> None:
    """Write ANSWERS as a SAMMY .samm file (answers by value; notes and n/a in an assess extension)."""
    from assess.files.assessments import load_assessment
    from assess.files.samm.samm_json import to_samm_json

    _check_output(output, force)
    found = load_assessment(answers, questionnaire)
    _write(output, to_samm_json(found.answers, found.questionnaire, dt.date.today()), "a .samm file", is_json=True)


def _check_output(output: Path | None, force: bool) -> None:
    """Refuse an output that exists (without --force) or cannot be written, before any work is done."""
    from assess.files.saving import target_problem

    if output is None:
        return
    if output.exists() and not output.is_dir() and not force:
        fail(str(output), "already exists; choose another name, or pass --force to replace it (a .bak is kept)")
    if (problem := target_problem(output)) is not None:
        fail(str(output), problem)


def _write(output: Path | None, content: str | bytes, what: str, *, is_json: bool = False) -> None:
    from assess.files.saving import atomic_write
    from assess.files.yaml_source import MAX_FILE_BYTES

    if output is None:
        if isinstance(content, bytes):
            raise click.UsageError("a workbook cannot go to the terminal; pass -o OUT.xlsx")
        if is_json:
            emit_json(content)
        else:
            click.echo(content, nl=False)
        return
    try:  # a text file assess writes must open again: the readers stop at MAX_FILE_BYTES
        atomic_write(output, content, max_bytes=None if isinstance(content, bytes) else MAX_FILE_BYTES)
    except OSError as error:
        fail(str(output), f"cannot be written ({error.strerror or error})")
    say(f"wrote {output}: {what}")
