"""``score``, ``diff`` and ``aggregate``: documents built from scorecards, printed in any registered format."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import click

from assess.cli.inputs import load_all, score_of
from assess.cli.options import (
    EXIT_GATE,
    INPUT_PATH,
    emit,
    fail,
    finite,
    format_option,
    na_option,
    questionnaire_option,
    say,
)
from assess.formats.registry import AGGREGATE, DIFF, SCORE

if TYPE_CHECKING:
    from assess.core.scoring import NaMode
    from assess.documents.contract import ScoreDocument


@click.command()
@click.argument("files", nargs=-1, required=True, type=INPUT_PATH)
@format_option(SCORE)
@questionnaire_option
@na_option
@click.option(
    "--fail-under",
    type=click.FloatRange(0),
    callback=finite,
    metavar="SCORE",
    help="Exit with code 1 when any file's overall score is below SCORE (0 to the highest score, 3 for SAMM).",
)
def score(
    files: Sequence[Path], output_format: str, questionnaire: str | None, na: NaMode, fail_under: float | None
) -> None:
    """Score answers files (one or more)."""
    from assess.core.display import fmt
    from assess.documents.scores import score_data

    documents: list[ScoreDocument] = []
    below = []
    for found in load_all(files, questionnaire):
        card = score_of(found, na)
        if fail_under is not None and fail_under > card.maximum:
            fail(found.file, f"--fail-under {fail_under:g} is above the highest overall score {card.maximum:g}")
        documents.append(score_data(card, found.file, found.answers))
        if fail_under is not None and (card.overall is None or card.overall < fail_under):
            below.append((found.file, card.overall))
    emit(SCORE, output_format, documents)
    if below:
        for file, overall in below:
            shown = "none" if overall is None else fmt(overall)
            say(f"{file}: overall score {shown} is below --fail-under {fail_under:g}")
        sys.exit(EXIT_GATE)


@click.command()
@click.argument("old", type=INPUT_PATH)
@click.argument("new", type=INPUT_PATH)
@format_option(DIFF)
@questionnaire_option
@na_option
def diff(old: Path, new: Path, output_format: str, questionnaire: str | None, na: NaMode) -> None:
    """Show what moved between two assessments of one questionnaire."""
    from assess.core.compare import diff as diff_assessments
    from assess.documents.scores import diff_data

    before, after = load_all([old, new], questionnaire)
    if before.questionnaire.id != after.questionnaire.id:
        fail(
            str(new),
            f"answers {after.questionnaire.id}, but {old} answers {before.questionnaire.id}; "
            "diff compares two assessments of one questionnaire",
        )
    result = diff_assessments(score_of(before, na), before.answers, score_of(after, na), after.answers)
    emit(DIFF, output_format, diff_data(result, before.file, after.file))


@click.command()
@click.argument("paths", nargs=-1, required=True, type=INPUT_PATH)
@format_option(AGGREGATE)
@questionnaire_option
@na_option
def aggregate(paths: Sequence[Path], output_format: str, questionnaire: str | None, na: NaMode) -> None:
    """Summarise many answers files (folders are searched recursively): one row per team."""
    from assess.core.compare import aggregate as aggregate_cards
    from assess.documents.scores import aggregate_data
    from assess.files.folders import expand

    found = expand(paths)  # links out of a folder are refused there, reported with the files' problems
    if not found.files and not found.problems:
        fail("assess", "no answers files (*.yaml, *.yml) found in " + ", ".join(map(str, paths)))
    assessments = load_all(found.files, questionnaire, progress=True, problems=found.problems)
    if not assessments:
        fail("assess", "no answers files found in " + ", ".join(map(str, paths)))
    ident = {(a.questionnaire.id, a.questionnaire.version) for a in assessments}
    if len(ident) > 1:
        listed = ", ".join(f"{i} {v}" for i, v in sorted(ident))
        fail("assess", f"the files answer different questionnaires ({listed}); aggregate one at a time with -q")
    cards = [(a.file, a.answers.team or Path(a.file).stem, score_of(a, na)) for a in assessments]
    emit(AGGREGATE, output_format, aggregate_data(aggregate_cards(cards)))
