"""The ``assess`` command line: parse arguments, call the core, format the result.

Kept thin and quick to start: the core and the formats are imported inside each command
(the renderer registry finds the format modules when asked), and Textual and WeasyPrint only
by the commands that need them.
Exit codes: 0 success, 1 a ``--fail-under`` gate not met, 2 bad input or usage.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import sys
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import click
from click.core import ParameterSource

from assess import __version__
from assess.formats.registry import AGGREGATE, DIFF, ROADMAP, SCORE, Kind, formats

if TYPE_CHECKING:
    from assess.core.problems import Problem
    from assess.core.roadmap import Roadmap
    from assess.core.scoring import NaMode, Scorecard
    from assess.documents.contract import ScoreDocument
    from assess.files.assessments import Assessment

    _Choice = click.Choice[str]
else:
    _Choice = click.Choice

D = TypeVar("D")
F = TypeVar("F", bound=Callable[..., Any])
NA_CHOICE = click.Choice(["zero", "exclude"])
EXIT_GATE = 1
EXIT_BAD_INPUT = 2


class AssessGroup(click.Group):
    """Turns every bad-input error into one line per problem on stderr and exit code 2."""

    def invoke(self, ctx: click.Context) -> Any:
        from assess.core.problems import InputError

        try:
            return super().invoke(ctx)
        except InputError as error:
            for problem in error.problems:
                click.echo(str(problem), err=True)
            ctx.exit(EXIT_BAD_INPUT)
        except BrokenPipeError:
            sys.stderr.close()
            ctx.exit(0)


@click.group(
    cls=AssessGroup,
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.version_option(__version__, "--version", prog_name="assess")
@click.pass_context
def main(ctx: click.Context) -> None:
    """Measure how mature a team's API security practice is, and plan what to do next.

    Run without a command to open the workshop start screen.
    """
    if ctx.invoked_subcommand is None:
        _open_workshop(None, None, serve=False, host="127.0.0.1", port=8000)


def questionnaire_option(func: Any) -> Any:
    return click.option(
        "-q",
        "--questionnaire",
        "questionnaire",
        metavar="ID|PATH",
        help="Questionnaire id (built-in or in ./questionnaires/) or path to a questionnaire file.",
    )(func)


class FormatChoice(_Choice):
    """click's Choice over the formats registered for one kind of document, read each time it is asked."""

    def __init__(self, kind: Kind[Any]) -> None:
        self.kind = kind
        self.case_sensitive = True

    @property
    def choices(self) -> tuple[str, ...]:
        return formats(self.kind)

    @choices.setter
    def choices(self, value: tuple[str, ...]) -> None:
        raise AttributeError("the formats come from the registry: register a renderer instead")


class FormatOption(click.Option):
    """``--format``, whose help names the registered formats when help is shown."""

    def get_help_record(self, ctx: click.Context) -> tuple[str, str] | None:
        assert isinstance(self.type, FormatChoice)
        plain = [name for name in self.type.choices if name != "table"]
        listed = ", ".join(plain[:-1]) + " and " + plain[-1] if len(plain) > 1 else "".join(plain)
        verb = "carry" if len(plain) > 1 else "carries"
        self.help = f"Output format; {listed} {verb} no decoration." if plain else "Output format."
        return super().get_help_record(ctx)


def format_option(kind: Kind[Any]) -> Callable[[F], F]:
    """``--format`` with the choices the registry holds for ``kind``."""
    return click.option(
        "--format",
        "output_format",
        cls=FormatOption,
        type=FormatChoice(kind),
        default="table",
        show_default=True,
    )


def emit(kind: Kind[D], output_format: str, document: D) -> None:
    """Print a document in the chosen format (colour, when there is any, was decided by the renderer)."""
    from assess.formats.registry import render

    click.echo(render(kind, output_format, document), nl=False, color=True)


def na_option(func: Any) -> Any:
    return click.option(
        "--na",
        type=NA_CHOICE,
        default="zero",
        show_default=True,
        help="How n/a answers score: zero (as the SAMM Toolbox) or exclude (non-standard).",
    )(func)


def _finite(ctx: click.Context, param: click.Parameter, value: float | None) -> float | None:
    """FloatRange lets ``nan`` and ``inf`` through: a gate at nan never fails, a capacity of inf plans forever."""
    if value is not None and not math.isfinite(value):
        raise click.BadParameter(f"{value} is not a finite number.", ctx, param)
    return value


def fail(file: str, what: str) -> NoReturn:
    """Stop with one line on stderr (``file: what``) and exit code 2."""
    from assess.core.problems import InputError

    raise InputError.single(file, what)


# --- list, validate, schema, template ------------------------------------------------------------


@main.command("list")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
    help="Output format.",
)
def list_command(output_format: str) -> None:
    """List the built-in questionnaires."""
    from assess.files.discovery import builtin_questionnaires

    rows: list[dict[str, Any]] = [
        {
            "id": q.id,
            "version": q.version,
            "title": q.title,
            "activities": len(q.activities),
            "profiles": list(q.profiles),
        }
        for q in builtin_questionnaires()
    ]
    if output_format == "json":
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    from rich.table import Table
    from rich.text import Text

    table = Table(show_edge=False, pad_edge=False)
    for name in ("id", "version", "title", "activities", "profiles"):
        table.add_column(name, justify="right" if name == "activities" else "left")
    for row in rows:
        cells = (row["id"], row["version"], row["title"], str(row["activities"]), ", ".join(row["profiles"]))
        table.add_row(*(Text(cell) for cell in cells))
    _print_rich(table)


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@questionnaire_option
def validate(files: Sequence[Path], questionnaire: str | None) -> None:
    """Check questionnaire and answers files; print every problem as file:line:col."""
    from assess.core.problems import InputError
    from assess.files.assessments import load_assessment_or_skip
    from assess.files.loading import load_questionnaire

    problems: list[Problem] = []
    for path in files:
        try:
            found = load_assessment_or_skip(path, questionnaire, skip_questionnaires=True)
            if found is None:
                q = load_questionnaire(path)
                click.echo(f"{path}: ok: questionnaire {q.id} {q.version}, {len(q.activities)} activities")
            else:
                answered = sum(1 for e in found.answers.answers.values() if e.answer is not None)
                click.echo(
                    f"{path}: ok: answers to {found.questionnaire.id} {found.questionnaire.version}, "
                    f"{answered}/{len(found.questionnaire.activities)} answered"
                )
        except InputError as error:
            problems.extend(error.problems)
    if problems:
        raise InputError(problems)


@main.command()
@click.argument("kind", type=click.Choice(["questionnaire", "answers"]))
def schema(kind: str) -> None:
    """Print the JSON Schema (draft-07) of questionnaire or answers files, for editors."""
    from assess.files.schemas import schema_text

    click.echo(schema_text(kind), nl=False)


@main.command()
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
    click.echo(f"wrote {output}", err=True)


# --- score, diff, aggregate ----------------------------------------------------------------------


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@format_option(SCORE)
@questionnaire_option
@na_option
@click.option(
    "--fail-under",
    type=click.FloatRange(0),
    callback=_finite,
    metavar="SCORE",
    help="Exit with code 1 when any file's overall score is below SCORE (0 to the highest score, 3 for SAMM).",
)
def score(
    files: Sequence[Path], output_format: str, questionnaire: str | None, na: NaMode, fail_under: float | None
) -> None:
    """Score answers files (one or more)."""
    from assess.documents.scores import score_data

    assessments = _load_all(files, questionnaire)
    documents: list[ScoreDocument] = []
    below = []
    for found in assessments:
        card = _score(found, na)
        if fail_under is not None and fail_under > card.maximum:
            fail(found.file, f"--fail-under {fail_under:g} is above the highest overall score {card.maximum:g}")
        documents.append(score_data(card, found.file, found.answers))
        if fail_under is not None and (card.overall is None or card.overall < fail_under):
            below.append((found.file, card.overall))
    emit(SCORE, output_format, documents)
    if below:
        for file, overall in below:
            shown = "none" if overall is None else f"{overall:.2f}"
            click.echo(f"{file}: overall score {shown} is below --fail-under {fail_under:g}", err=True)
        sys.exit(EXIT_GATE)


@main.command()
@click.argument("old", type=click.Path(path_type=Path))
@click.argument("new", type=click.Path(path_type=Path))
@format_option(DIFF)
@questionnaire_option
@na_option
def diff(old: Path, new: Path, output_format: str, questionnaire: str | None, na: NaMode) -> None:
    """Show what moved between two assessments of one questionnaire."""
    from assess.core.compare import diff as diff_assessments
    from assess.documents.scores import diff_data

    before, after = _load_all([old, new], questionnaire)
    if before.questionnaire.id != after.questionnaire.id:
        fail(
            str(new),
            f"answers {after.questionnaire.id}, but {old} answers {before.questionnaire.id}; "
            "diff compares two assessments of one questionnaire",
        )
    result = diff_assessments(_score(before, na), before.answers, _score(after, na), after.answers)
    emit(DIFF, output_format, diff_data(result, before.file, after.file))


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@format_option(AGGREGATE)
@questionnaire_option
@na_option
def aggregate(paths: Sequence[Path], output_format: str, questionnaire: str | None, na: NaMode) -> None:
    """Summarise many answers files (folders are searched recursively): one row per team."""
    from assess.core.compare import aggregate as aggregate_cards
    from assess.documents.scores import aggregate_data

    files = _expand(paths)
    if not files:
        fail("assess", "no answers files (*.yaml, *.yml) found in " + ", ".join(map(str, paths)))
    assessments = _load_all(files, questionnaire, progress=True)
    if not assessments:
        fail("assess", "no answers files found in " + ", ".join(map(str, paths)))
    ident = {(a.questionnaire.id, a.questionnaire.version) for a in assessments}
    if len(ident) > 1:
        listed = ", ".join(f"{i} {v}" for i, v in sorted(ident))
        fail("assess", f"the files answer different questionnaires ({listed}); aggregate one at a time with -q")
    cards = [(a.file, a.answers.team or Path(a.file).stem, _score(a, na)) for a in assessments]
    emit(AGGREGATE, output_format, aggregate_data(aggregate_cards(cards)))


# --- roadmap, report (the roadmap is pure; WeasyPrint is imported only by report) ----------------


def roadmap_options(func: Any) -> Any:
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
            callback=_finite,
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


def _roadmap_for(
    found: Assessment, na: NaMode, phases: int, capacity: float | None, target_texts: Sequence[str], profile: str | None
) -> Roadmap:
    from assess.core.roadmap import plan
    from assess.core.targets import parse_target, resolve_targets

    overrides: dict[str, float] = {}
    for text in target_texts:
        try:
            practice, value = parse_target(text)
        except ValueError as error:
            fail(found.file, str(error))
        overrides[practice] = value
    targets = resolve_targets(found.questionnaire, found.answers, overrides=overrides, profile=profile, file=found.file)
    return plan(found.questionnaire, found.answers, targets, phases=phases, capacity=capacity, na=na)


@main.command()
@click.argument("answers", type=click.Path(path_type=Path))
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
    from assess.documents.roadmap import roadmap_data

    (found,) = _load_all([answers], questionnaire)
    plan = _roadmap_for(found, na, phases, capacity, target_texts, profile)
    if not plan.targets.values:
        fail(
            found.file,
            "no targets to plan for: add targets to the file, or pass --target PRACTICE=SCORE or --profile NAME",
        )
    emit(ROADMAP, output_format, roadmap_data(plan, found.file, found.answers))


@main.command()
@click.argument("answers", type=click.Path(path_type=Path))
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
def report(
    answers: Path,
    output: Path,
    html_output: Path | None,
    template_dir: Path | None,
    paper: str,
    phases: int,
    capacity: float | None,
    target_texts: Sequence[str],
    profile: str | None,
    questionnaire: str | None,
    na: NaMode,
) -> None:
    """Write the PDF handout for ANSWERS: scores, charts, notes and the phased roadmap."""
    from assess.report import check_outputs, check_template_dir, write_report

    check_outputs(answers, output, html_output)
    if template_dir is not None:
        check_template_dir(template_dir)
    (found,) = _load_all([answers], questionnaire)
    plan = _roadmap_for(found, na, phases, capacity, target_texts, profile)
    q, answers_model = found.questionnaire, found.answers
    problems = write_report(q, answers_model, found.file, plan, output, html_output, template_dir, paper)
    for problem in problems:
        click.echo(f"warning: {template_dir or 'report'}: {problem}", err=True)
    click.echo(f"wrote {output}" + (f" and {html_output}" if html_output else ""), err=True)


# --- workshop (the TUI is imported only here) ----------------------------------------------------


@main.command()
@click.argument("answers", required=False, type=click.Path(path_type=Path))
@questionnaire_option
@click.option("--serve", is_flag=True, help="Serve the workshop to a browser instead of this terminal.")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to serve on (with --serve).")
@click.option("--port", default=8000, show_default=True, type=int, help="Port to serve on (with --serve).")
def workshop(answers: Path | None, questionnaire: str | None, serve: bool, host: str, port: int) -> None:
    """Run a workshop on ANSWERS (created if missing, resumed if present).

    Without ANSWERS, open the start screen (with -q, that questionnaire is chosen for a new assessment).
    """
    if not serve:
        context = click.get_current_context()
        given = [
            f"--{name}" for name in ("host", "port") if context.get_parameter_source(name) != ParameterSource.DEFAULT
        ]
        if given:
            raise click.UsageError(
                f"{' and '.join(given)} {'apply' if len(given) > 1 else 'applies'} only with --serve"
            )
    _open_workshop(answers, questionnaire, serve=serve, host=host, port=port)


def _open_workshop(answers: Path | None, questionnaire: str | None, *, serve: bool, host: str, port: int) -> None:
    from assess.tui.launch import launch

    launch(answers, questionnaire, serve=serve, host=host, port=port)


# --- helpers -------------------------------------------------------------------------------------


def _score(found: Assessment, na: NaMode) -> Scorecard:
    from assess.core.scoring import score as score_answers

    return score_answers(found.questionnaire, found.answers, na)


def _load_all(
    files: Sequence[Path | tuple[Path, bool]], questionnaire: str | None, progress: bool = False
) -> list[Assessment]:
    """Load every file, collecting all problems before failing.

    Questionnaire files met while searching a folder are skipped, not reported.
    """
    from assess.core.problems import InputError
    from assess.files.assessments import load_assessment_or_skip

    loaded: list[Assessment] = []
    problems: list[Problem] = []
    for item in _with_progress(files, progress):
        path, from_folder = item if isinstance(item, tuple) else (item, False)
        try:
            found = load_assessment_or_skip(path, questionnaire, skip_questionnaires=from_folder)
        except InputError as error:
            problems.extend(error.problems)
            continue
        if found is not None:
            loaded.append(found)
    if problems:
        raise InputError(problems)
    return loaded


PROGRESS_THRESHOLD = 50


def _with_progress(files: Sequence[Path | tuple[Path, bool]], wanted: bool) -> Iterable[Path | tuple[Path, bool]]:
    """Show a progress bar on stderr for long runs, only when stderr is a terminal."""
    if not wanted or len(files) < PROGRESS_THRESHOLD or not sys.stderr.isatty():
        yield from files
        return
    from rich.console import Console
    from rich.progress import track

    yield from track(files, description="Scoring", console=Console(stderr=True), transient=True)


def _expand(paths: Sequence[Path]) -> list[tuple[Path, bool]]:
    """(file, found in a folder) pairs: files as given, and *.yaml / *.yml under folders, recursively."""
    files: list[tuple[Path, bool]] = []
    for path in paths:
        if not path.is_dir():
            files.append((path, False))
            continue
        found = sorted(p for p in path.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file())
        files.extend((p, True) for p in found if not any(part.startswith(".") for part in p.relative_to(path).parts))
    return files


def _print_rich(renderable: Any) -> None:
    from rich.console import Console

    Console(highlight=False).print(renderable)
