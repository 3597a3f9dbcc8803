"""``roadmap`` and ``report``: a phased plan towards the targets, printed or written as the PDF handout.

The roadmap is pure; WeasyPrint is imported only when ``report`` renders.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from assess.cli.inputs import check_na, load_all
from assess.cli.options import (
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
from assess.formats.registry import ROADMAP

if TYPE_CHECKING:
    from assess.core.scoring import NaMode
    from assess.core.targets import Targets
    from assess.files.assessments import Assessment
    from assess.report import Paper

F = TypeVar("F", bound=Callable[..., Any])


def roadmap_options(func: F) -> F:
    """Options shared by ``roadmap`` and ``report``: how many phases, how big, towards which targets."""
    options = [
        click.option(
            "--phases",
            type=click.IntRange(1, 24),
            default=4,
            show_default=True,
            help="Number of phases; effort is balanced across them.",
        ),
        click.option(
            "--capacity",
            type=click.FloatRange(0, min_open=True),
            callback=finite,
            metavar="DAYS",
            help="Person-days per phase; steps that do not fit are reported as the remaining gap.",
        ),
        click.option(
            "--target",
            "target_texts",
            multiple=True,
            metavar="PRACTICE=SCORE",
            help="Target score of a practice (repeatable); replaces the answers file's targets.",
        ),
        click.option(
            "--profile",
            metavar="NAME",
            help="Targets from one of the questionnaire's profiles (--target overrides single practices).",
        ),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def targets_for(found: Assessment, target_texts: Sequence[str], profile: str | None) -> Targets:
    """The targets to plan for: ``--target`` and ``--profile``, else the file's, else the default profile."""
    from assess.core.targets import parse_target, resolve_targets

    overrides: dict[str, float] = {}
    for text in target_texts:
        try:
            practice, value = parse_target(text)
        except ValueError as error:
            fail(found.file, str(error))
        overrides[practice] = value
    return resolve_targets(found.questionnaire, found.answers, overrides=overrides, profile=profile, file=found.file)


@click.command()
@click.argument("answers", type=INPUT_PATH)
@format_option(ROADMAP)
@roadmap_options
@questionnaire_option
@na_option
def roadmap(
    answers: Path,
    output_format: str,
    phases: int,
    capacity: float | None,
    target_texts: Sequence[str],
    profile: str | None,
    questionnaire: str | None,
    na: NaMode,
) -> None:
    """Plan, in phases, the steps that take ANSWERS to its targets."""
    from assess.core.roadmap import plan
    from assess.documents.roadmap import roadmap_data

    (found,) = load_all([answers], questionnaire)
    check_na(found, na)
    targets = targets_for(found, target_texts, profile)
    road = plan(found.questionnaire, found.answers, targets, phases=phases, capacity=capacity, na=na)
    if not road.targets.values:
        fail(
            found.file,
            "no targets to plan for: add targets to the file, or pass --target PRACTICE=SCORE or --profile NAME",
        )
    emit(ROADMAP, output_format, roadmap_data(road, found.file, found.answers))


@click.command()
@click.argument("answers", type=INPUT_PATH)
@click.option("-o", "--output", required=True, type=click.Path(path_type=Path), help="The PDF to write.")
@click.option("--html", "html_output", type=click.Path(path_type=Path), help="Also write the report's HTML here.")
@click.option(
    "--template",
    "template_dir",
    type=click.Path(path_type=Path),
    metavar="DIR",
    help="A folder with report.html.j2 and report.css (a copy of reports/) to brand the report.",
)
@click.option("--paper", type=click.Choice(["a4", "letter"]), default="a4", show_default=True, help="Paper size.")
@roadmap_options
@questionnaire_option
@na_option
@view_option
def report(
    answers: Path,
    output: Path,
    html_output: Path | None,
    template_dir: Path | None,
    paper: Paper,
    phases: int,
    capacity: float | None,
    target_texts: Sequence[str],
    profile: str | None,
    questionnaire: str | None,
    na: NaMode,
    view: str | None,
) -> None:
    """Write the PDF handout for ANSWERS: scores, charts, notes and the phased roadmap."""
    from assess.report import check_outputs, check_template_dir, render_report

    # Before reading anything, so a mistyped -o or --template is what gets reported.
    check_outputs(answers, output, html_output)
    if template_dir is not None:
        check_template_dir(template_dir)
    (found,) = load_all([answers], questionnaire)
    check_na(found, na)

    def warn(problem: str) -> None:
        say(f"warning: {template_dir or 'report'}: {problem}")

    render_report(
        found.questionnaire,
        found.answers,
        found.file,
        output,
        html_output=html_output,
        template_dir=template_dir,
        paper=paper,
        targets=targets_for(found, target_texts, profile),
        phases=phases,
        capacity=capacity,
        na=na,
        warn=warn,
        view=view,
    )
    say(f"wrote {output}" + (f" and {html_output}" if html_output else ""))
