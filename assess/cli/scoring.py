"""``score``, ``diff`` and ``aggregate``: documents built from scorecards, printed in any registered format."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import click

from assess.cli.inputs import check_na, kept, load_all, score_of
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
    view_option,
)
from assess.formats.registry import AGGREGATE, DIFF, SCORE

if TYPE_CHECKING:
    from assess.core.scoring import NaMode, Scorecard
    from assess.documents.contract import ScoreDocument
    from assess.files.assessments import Assessment


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
    help="Exit with code 1 when any file's overall score is below SCORE (0 to the highest score: 3 for SAMM; "
    "for a BSIMM scorecard the firm score, a number of observed activities).",
)
@click.option(
    "--fail-under-share",
    type=click.FloatRange(0, 1),
    callback=finite,
    metavar="SHARE",
    help="BSIMM scorecards only: exit with code 1 when the share of activities observed (0 to 1) is below SHARE.",
)
@view_option
def score(
    files: Sequence[Path],
    output_format: str,
    questionnaire: str | None,
    na: NaMode,
    fail_under: float | None,
    fail_under_share: float | None,
    view: str | None,
) -> None:
    """Score answers files (one or more)."""
    from assess.core.display import fmt, fmt_percent
    from assess.documents.scores import score_data

    documents: list[ScoreDocument] = []
    below: list[str] = []
    for found in load_all(files, questionnaire):
        card = card_of(found, na, view)
        name = "firm score" if card.bsimm is not None else "overall score"
        if fail_under is not None and fail_under > card.maximum:
            fail(found.file, f"--fail-under {fail_under:g} is above the highest {name} {card.maximum:g}")
        if fail_under_share is not None and card.bsimm is None:
            fail(
                found.file,
                f"--fail-under-share gates BSIMM scorecards; {found.questionnaire.id} scores by "
                f"{found.questionnaire.scoring}: add --view bsimm, or use --fail-under",
            )
        documents.append(score_data(card, found.file, found.answers))
        if fail_under is not None and (card.overall is None or card.overall < fail_under):
            shown = "none" if card.overall is None else fmt(card.overall) if card.bsimm is None else f"{card.overall:g}"
            below.append(f"{found.file}: {name} {shown} is below --fail-under {fail_under:g}")
        if card.bsimm is not None and fail_under_share is not None and card.bsimm.share < fail_under_share:
            below.append(
                f"{found.file}: {fmt_percent(card.bsimm.share)} of the activities observed ({card.bsimm.firm_score} of "
                f"{card.bsimm.total}) is below --fail-under-share {fail_under_share:g}"
            )
    emit(SCORE, output_format, documents)
    if below:
        for line in below:
            say(line)
        sys.exit(EXIT_GATE)


def card_of(found: Assessment, na: NaMode, view: str | None) -> Scorecard:
    """The scorecard by the questionnaire's method, or with ``--view bsimm`` its own or a derived bsimm one."""
    if view is None:
        return score_of(found, na)
    from assess.files.crosswalks import bsimm_view

    check_na(found, na)
    return bsimm_view(found)


@click.command()
@click.argument("old", type=INPUT_PATH)
@click.argument("new", type=INPUT_PATH)
@format_option(DIFF)
@questionnaire_option
@na_option
@view_option
def diff(old: Path, new: Path, output_format: str, questionnaire: str | None, na: NaMode, view: str | None) -> None:
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
    result = diff_assessments(card_of(before, na, view), before.answers, card_of(after, na, view), after.answers)
    emit(DIFF, output_format, diff_data(result, before.file, after.file))


@click.command()
@click.argument("paths", nargs=-1, required=True, type=INPUT_PATH)
@format_option(AGGREGATE)
@questionnaire_option
@na_option
@view_option
@click.option(
    "--all", "every_file", is_flag=True, help="Count every file, not only the latest assessment of each team."
)
def aggregate(
    paths: Sequence[Path],
    output_format: str,
    questionnaire: str | None,
    na: NaMode,
    view: str | None,
    every_file: bool,
) -> None:
    """Summarise many answers files (folders are searched recursively): one row per team.

    Files are grouped by team (the file's team, else its path) and the latest of each counts; per
    practice, the teams at or above their target and those furthest below it are shown.
    """
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
    if not every_file:
        from assess.cli.history import organisation_view

        return organisation_view(assessments, na, output_format, view)
    cards = [(a.file, a.answers.team or Path(a.file).stem, card_of(a, na, view)) for a in kept(assessments)]
    emit(AGGREGATE, output_format, aggregate_data(aggregate_cards(cards)))
