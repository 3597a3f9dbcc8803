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
    from assess.core.roadmap import Schedule
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
        click.option(
            "--start",
            "start_month",
            metavar="YYYY-MM",
            help="Date the phases from the first day of this month (three months each unless --phase-length).",
        ),
        click.option(
            "--phase-length",
            metavar="Nd|Nw|Nm",
            help="Length of each phase in days, weeks or months (3m: quarters); gives each phase its FTE.",
        ),
        click.option(
            "--people",
            metavar="N",
            help="People working on the plan (full-time equivalents): how many months each phase takes.",
        ),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def schedule_for(start: str | None, length: str | None, people: str | None, phases: int) -> Schedule:
    """The calendar options, checked before any file is read: a bad one is one line naming it, exit 2."""
    from assess.core.problems import InputError, Problem
    from assess.core.roadmap import schedule_of
    from assess.core.roadmap.calendar import parse_length, parse_month, parse_people, periods

    problems = []  # every bad calendar option at once, one line each
    for option, value, parse in (
        ("--start", start, parse_month),
        ("--phase-length", length, parse_length),
        ("--people", people, parse_people),
    ):
        try:
            if value is not None:
                parse(value)
        except ValueError as error:
            problems.append(Problem(option, str(error).removeprefix(f"{option}: ")))
    if problems:
        raise InputError(problems)
    try:
        schedule = schedule_of(start, length, people)
        periods(schedule, phases)  # a calendar that runs past the year 9999 is refused here, not mid-plan
    except ValueError as error:
        option, _, what = str(error).partition(": ")
        fail(option, what)
    return schedule


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
    start_month: str | None,
    phase_length: str | None,
    people: str | None,
    questionnaire: str | None,
    na: NaMode,
) -> None:
    """Plan, in phases, the steps that take ANSWERS to its targets: findings first, then must-haves, then risks.

    Each step says why it is where it is; efforts are ranges scaled to the file's estate.
    """
    from assess.core.roadmap import plan
    from assess.documents.roadmap import roadmap_data

    schedule = schedule_for(start_month, phase_length, people, phases)
    (found,) = load_all([answers], questionnaire)
    check_na(found, na)
    targets = targets_for(found, target_texts, profile)
    road = plan(found.questionnaire, found.answers, targets, phases=phases, capacity=capacity, na=na, schedule=schedule)
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
@click.option(
    "--classification",
    metavar="TEXT",
    help="Marking on the cover and every page (default: the answers file's classification, else Confidential).",
)
@click.option(
    "--previous",
    "previous_file",
    type=INPUT_PATH,
    metavar="OLD.yaml",
    help="An earlier assessment of the same questionnaire: adds what changed since.",
)
@click.option(
    "--previous-ref",
    metavar="REF",
    help="Compare with ANSWERS as committed at REF (a commit, tag or branch of its git checkout).",
)
@click.option(
    "--benchmark",
    "benchmark_path",
    type=INPUT_PATH,
    metavar="JSON|DIR",
    help="The organisation to compare with: `assess aggregate --format json` output, or a folder of answers files.",
)
@click.option("--tagged/--untagged", default=True, show_default=True, help="Tag the PDF for accessibility (PDF/UA-1).")
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
    classification: str | None,
    previous_file: Path | None,
    previous_ref: str | None,
    benchmark_path: Path | None,
    tagged: bool,
    phases: int,
    capacity: float | None,
    target_texts: Sequence[str],
    profile: str | None,
    start_month: str | None,
    phase_length: str | None,
    people: str | None,
    questionnaire: str | None,
    na: NaMode,
    view: str | None,
) -> None:
    """Write the PDF handout for ANSWERS: summary, findings, scores, charts, notes and the phased roadmap."""
    from assess.cli.report_inputs import benchmark_of, classification_of, previous_assessment
    from assess.report import Extras, check_outputs, check_template_dir, render_report

    # Before reading anything, so a mistyped -o, --template or --classification is what gets reported.
    check_outputs(answers, output, html_output)
    schedule = schedule_for(start_month, phase_length, people, phases)
    if template_dir is not None:
        check_template_dir(template_dir)
    if classification is not None:
        classification_of(classification, None)
    (found,) = load_all([answers], questionnaire)
    check_na(found, na)
    classification_of(classification, found)
    extras = Extras(
        classification=classification,
        previous=previous_assessment(found, answers, previous_file, previous_ref, questionnaire, na),
        benchmark=benchmark_of(found, benchmark_path, questionnaire, na),
        tagged=tagged,
    )

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
        schedule=schedule,
        extras=extras,
    )
    say(f"wrote {output}" + (f" and {html_output}" if html_output else ""))
