"""``assess history`` and ``assess check``: the security lead's desk (trends from git, a maturity gate for CI).

Thin like the rest of the command line: the rules, the series and the git access live in the core
and the files layer; this parses options, reports problems one line each, and prints a format.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import click

if TYPE_CHECKING:
    from assess.core.gate import MinRule, RuleResult
    from assess.core.history import Point
    from assess.core.problems import Problem
    from assess.core.scoring import NaMode, Scorecard
    from assess.files.assessments import Assessment
    from assess.files.git_history import Version
    from assess.files.positions import Locator

T = TypeVar("T")

HISTORY_FORMATS = ("table", "json", "csv", "markdown")
CHECK_FORMATS = ("text", "json", "sarif", "junit", "github")
DEFAULT_LIMIT = 1000
PROGRESS_THRESHOLD = 50


def progress(items: Iterable[T], total: int, description: str) -> Iterator[T]:
    """A progress bar on stderr for long work, only when stderr is a terminal; the items either way."""
    if total < PROGRESS_THRESHOLD or not sys.stderr.isatty():
        yield from items
        return
    from rich.console import Console
    from rich.progress import track

    yield from track(items, total=total, description=description, console=Console(stderr=True), transient=True)


def warn(line: str) -> None:
    click.echo(f"warning: {line}", err=True)


# --- history -------------------------------------------------------------------------------------


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--git", "from_git", is_flag=True, help="Read every committed version of each file from git history.")
@click.option(
    "--limit",
    type=click.IntRange(1),
    default=DEFAULT_LIMIT,
    show_default=True,
    help="With --git: read at most this many of the newest versions of each file.",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(HISTORY_FORMATS),
    default="table",
    show_default=True,
    help="Output format; json, csv and markdown carry no decoration.",
)
@click.option("-q", "--questionnaire", metavar="ID|PATH", help="Questionnaire id or path (as for score).")
@click.option("--na", type=click.Choice(["zero", "exclude"]), default="zero", show_default=True, help="As for score.")
def history(
    paths: Sequence[Path], from_git: bool, limit: int, output_format: str, questionnaire: str | None, na: NaMode
) -> None:
    """The trend of each team over its dated assessments (files, or with --git every committed version).

    One row per assessment with the change since the one before and progress to target, and a
    sparkline per practice. Files of different questionnaires are shown as separate series.
    """
    from assess.core.history import history as series_of
    from assess.documents.history import history_data

    warnings: list[str] = []
    points = (
        _git_points(paths, limit, questionnaire, na, warnings) if from_git else _file_points(paths, questionnaire, na)
    )
    for line in warnings:
        warn(line)
    if not points:
        from assess.cli import fail

        fail("assess", "no assessments to show in " + ", ".join(map(str, paths)))
    doc = history_data(series_of(points), warnings)
    if output_format == "json":
        import json

        click.echo(json.dumps(doc, indent=2, ensure_ascii=False, allow_nan=False))
    elif output_format == "csv":
        from assess.formats.history_out import history_csv

        click.echo(history_csv(doc), nl=False)
    elif output_format == "markdown":
        from assess.formats.history_out import history_markdown

        click.echo(history_markdown(doc), nl=False)
    else:
        from rich.console import Console

        from assess.formats.history_out import history_table

        console = Console(highlight=False)
        console.print(history_table(doc, width=console.width))


def _file_points(paths: Sequence[Path], questionnaire: str | None, na: NaMode) -> list[Point]:
    from assess.cli import _expand, _load_all, _score
    from assess.core.history import Point

    points = []
    for order, found in enumerate(_load_all(_expand(paths), questionnaire, progress=True)):
        team = found.answers.team
        date = found.answers.date
        points.append(
            Point(
                team or found.file,
                team or Path(found.file).stem,
                found.file,
                date,
                _score(found, na),
                "file" if date else "none",
                order=order,
            )
        )
    return points


def _git_points(
    paths: Sequence[Path], limit: int, questionnaire: str | None, na: NaMode, warnings: list[str]
) -> list[Point]:
    from assess.files.git_history import Repository, load_versions

    scored = _Scores(na)

    by_root: dict[Path, tuple[Repository, list[str]]] = {}
    for path in paths:
        repo = Repository.of(path)
        by_root.setdefault(repo.root, (repo, []))[1].append(repo.relative(path))
    points: list[Point] = []
    for repo, specs in by_root.values():
        found = repo.versions(specs, limit)
        for spec in specs:
            if not any(v.path == spec or spec == "." or v.path.startswith(spec.rstrip("/") + "/") for v in found.found):
                warnings.append(
                    f"{spec}: no committed versions of answers files; commit them first (git log -- {spec})"
                )
        warnings.extend(
            f"{path}: {count} older versions left out (--limit {limit})" for path, count in found.dropped.items()
        )
        warnings.extend(f"{name}: {why}; skipped" for name, why in found.skipped)
        loaded = load_versions(repo, found.found, questionnaire)
        for version, assessment, problems in progress(loaded, len(found.found), "Reading history"):
            warnings.extend(f"{p} (that version is skipped)" for p in problems)
            if assessment is not None:
                points.append(_point(version, assessment, scored(assessment), len(points)))
    return points


class _Scores:
    """Scorecards by what scoring reads (questionnaire, answers chosen, targets): many commits change
    only notes, evidence or the scope, and their versions score alike."""

    def __init__(self, na: NaMode) -> None:
        self.na = na
        self.cards: dict[tuple[object, ...], Scorecard] = {}

    def __call__(self, found: Assessment) -> Scorecard:
        from assess.core.scoring import chosen_of, score

        q, answers = found.questionnaire, found.answers
        key = (q.id, q.version, tuple(chosen_of(answers).items()), tuple(answers.targets.items()))
        if key not in self.cards:
            self.cards[key] = score(q, answers, self.na)
        return self.cards[key]


def _point(version: Version, found: Assessment, card: Scorecard, order: int) -> Point:
    from assess.core.history import Point

    team = found.answers.team
    date = found.answers.date
    return Point(
        team or version.path,
        team or version.path,
        version.path,
        date or version.date,
        card,
        "file" if date else "commit",
        version.commit,
        order,
    )


# --- aggregate (each team once) -----------------------------------------------------------------


def print_organisation(assessments: Sequence[Assessment], na: NaMode, output_format: str) -> None:
    """The organisation view of ``assess aggregate``: the latest assessment of each team counts."""
    from assess.cli import _score
    from assess.core.organisation import Assessed, organisation
    from assess.documents.organisation import organisation_data

    assessed = [
        Assessed(a.answers.team or a.file, a.answers.team or Path(a.file).stem, a.file, a.answers.date, _score(a, na))
        for a in assessments
    ]
    doc = organisation_data(organisation(assessed))
    if output_format == "json":
        import json

        click.echo(json.dumps(doc, indent=2, ensure_ascii=False, allow_nan=False))
    elif output_format == "csv":
        from assess.formats.organisation_out import organisation_csv

        click.echo(organisation_csv(doc), nl=False)
    elif output_format == "markdown":
        from assess.formats.organisation_out import organisation_markdown

        click.echo(organisation_markdown(doc), nl=False)
    else:
        from rich.console import Console

        from assess.formats.organisation_out import organisation_table

        console = Console(highlight=False)
        console.print(organisation_table(doc, width=console.width))


# --- check ---------------------------------------------------------------------------------------


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--min",
    "minimums",
    multiple=True,
    metavar="PRACTICE=SCORE",
    help="Fail when a practice (or a function id, or overall) scores below SCORE; repeatable.",
)
@click.option("--targets", "at_targets", is_flag=True, help="Fail when a practice is below its target.")
@click.option(
    "--no-regression",
    is_flag=True,
    help="Fail when a practice went down or an answer moved down since the baseline (--baseline or --baseline-ref).",
)
@click.option("--baseline", type=click.Path(path_type=Path), help="The earlier answers file to compare with.")
@click.option("--baseline-ref", metavar="GIT_REF", help="Compare each FILE with its own version at this commit.")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(CHECK_FORMATS),
    default="text",
    show_default=True,
    help="text for people; json, sarif (code scanning), junit (test reports) or github (annotations) for CI.",
)
@click.option("-q", "--questionnaire", metavar="ID|PATH", help="Questionnaire id or path (as for score).")
@click.option("--na", type=click.Choice(["zero", "exclude"]), default="zero", show_default=True, help="As for score.")
def check(
    files: Sequence[Path],
    minimums: Sequence[str],
    at_targets: bool,
    no_regression: bool,
    baseline: Path | None,
    baseline_ref: str | None,
    output_format: str,
    questionnaire: str | None,
    na: NaMode,
) -> None:
    """A maturity gate for CI: exit 0 when every rule holds, 1 when one fails, 2 on bad input."""
    from assess.core.gate import outcome, parse_min
    from assess.documents.check import check_data
    from assess.files.positions import Locator

    _check_usage(files, minimums, at_targets, no_regression, baseline, baseline_ref)
    rules = []
    for text in minimums:
        try:
            rules.append(parse_min(text))
        except ValueError as error:
            raise click.BadParameter(str(error).removeprefix("--min "), param_hint="--min") from None
    locator = Locator()
    loaded = _load_with_text(files, questionnaire, locator)
    results = _results(loaded, rules, at_targets, no_regression, baseline, baseline_ref, questionnaire, na)
    result = outcome(results)
    doc = check_data(result, locator)
    from assess.formats import check_out

    if output_format == "json":
        import json

        click.echo(json.dumps(doc, indent=2, ensure_ascii=False, allow_nan=False))
    else:
        render = {
            "text": check_out.check_text,
            "sarif": check_out.check_sarif,
            "junit": check_out.check_junit,
            "github": check_out.check_github,
        }[output_format]
        click.echo(render(doc), nl=False)
    if not result.passed:
        sys.exit(1)


def _check_usage(
    files: Sequence[Path],
    minimums: Sequence[str],
    at_targets: bool,
    no_regression: bool,
    baseline: Path | None,
    baseline_ref: str | None,
) -> None:
    if not (minimums or at_targets or no_regression):
        raise click.UsageError("give at least one rule: --min PRACTICE=SCORE, --targets or --no-regression")
    if no_regression and baseline is None and baseline_ref is None:
        raise click.UsageError("--no-regression compares with --baseline FILE or --baseline-ref GIT_REF; give one")
    if (baseline is not None or baseline_ref is not None) and not no_regression:
        raise click.UsageError("--baseline and --baseline-ref apply with --no-regression")
    if baseline is not None and baseline_ref is not None:
        raise click.UsageError("give --baseline or --baseline-ref, not both")
    if baseline is not None and len(files) > 1:
        raise click.UsageError("--baseline compares one FILE; for several, use --baseline-ref GIT_REF")


def _load_with_text(files: Sequence[Path], questionnaire: str | None, locator: Locator) -> list[Assessment]:
    from assess.core.problems import InputError
    from assess.files.positions import read_assessment

    loaded: list[Assessment] = []
    problems: list[Problem] = []
    for path in files:
        try:
            found, text = read_assessment(path, questionnaire)
        except InputError as error:
            problems.extend(error.problems)
            continue
        locator.add(found.file, text)
        loaded.append(found)
    if problems:
        raise InputError(problems)
    return loaded


def _results(
    loaded: Sequence[Assessment],
    rules: Sequence[MinRule],
    at_targets: bool,
    no_regression: bool,
    baseline: Path | None,
    baseline_ref: str | None,
    questionnaire: str | None,
    na: NaMode,
) -> list[RuleResult]:
    from assess.core import gate
    from assess.core.problems import InputError, Problem
    from assess.core.scoring import score
    from assess.core.targets import resolve_targets

    problems: list[Problem] = []
    results: list[RuleResult] = []
    baselines = _baselines(loaded, baseline, baseline_ref, questionnaire) if no_regression else {}
    for found in loaded:
        card = score(found.questionnaire, found.answers, na)
        for rule in rules:
            what = gate.min_rule_problem(rule, card)
            if what is not None:
                problems.append(Problem(found.file, what))
            else:
                results.append(gate.check_min(card, found.answers, rule, found.file))
        if at_targets:
            targets = resolve_targets(found.questionnaire, found.answers, file=found.file)
            if not targets.values:
                reason = "no targets to check: add targets: to the file, or give the questionnaire a default profile"
                results.append(gate.skipped("targets", "--targets", found.file, reason))
            else:
                targeted = score(found.questionnaire, found.answers, na, targets=targets.values)
                results += gate.check_targets(targeted, found.answers, targets, found.file)
        if no_regression:
            base, label = baselines[found.file]
            if base is None:
                warn(f"{found.file}: {label}")
                results.append(gate.skipped("no-regression", "--no-regression", found.file, label))
            else:
                if base.questionnaire.id != found.questionnaire.id:
                    problems.append(
                        Problem(
                            found.file,
                            f"answers {found.questionnaire.id}, but the baseline {base.file} answers "
                            f"{base.questionnaire.id}; compare assessments of one questionnaire",
                        )
                    )
                    continue
                before = score(base.questionnaire, base.answers, na)
                results += gate.check_no_regression(card, found.answers, before, base.answers, found.file, label)
    if problems:
        raise InputError(problems)
    return results


def _baselines(
    loaded: Sequence[Assessment], baseline: Path | None, ref: str | None, questionnaire: str | None
) -> dict[str, tuple[Assessment | None, str]]:
    """Each file's baseline and how results name it (``HEAD~1 (abc1234)``), or None and why it has none."""
    from assess.core.printable import printable
    from assess.core.problems import InputError
    from assess.files.assessments import assessment_from_text
    from assess.files.git_history import Repository
    from assess.files.positions import read_assessment
    from assess.files.yaml_source import decode_text

    if baseline is not None:
        return {loaded[0].file: (read_assessment(baseline, questionnaire)[0], str(baseline))}
    assert ref is not None
    found: dict[str, tuple[Assessment | None, str]] = {}
    commits: dict[Path, str] = {}
    for item in loaded:
        repo = Repository.of(Path(item.file))
        if repo.root not in commits:
            commits[repo.root] = repo.commit_of(ref)
        commit = commits[repo.root]
        label = f"{printable(ref[:40])} ({commit[:7]})"
        version = repo.file_at(commit, repo.relative(Path(item.file)))
        if version is None:
            found[item.file] = (None, f"did not exist at {label}; no baseline, so --no-regression is skipped for it")
            continue
        ((_, data),) = list(repo.contents([version]))
        if isinstance(data, str):
            raise InputError.single(version.name, data)
        text = decode_text(data, version.name)
        base = assessment_from_text(text, version.name, questionnaire, skip_questionnaires=False)
        assert base is not None
        found[item.file] = (base, label)
    return found
