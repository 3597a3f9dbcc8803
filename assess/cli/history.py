"""``assess history``, and ``aggregate`` counting each team once: a team's trend and the organisation's standing.

Thin like the rest of the command line: the series, the grouping and the git access live in the
core and the files layer; this reads the files (or their committed versions), says what it could
not read one line each, and prints a registered format.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import click

from assess.cli.inputs import PROGRESS_THRESHOLD, frozen, kept, load_all, score_of
from assess.cli.options import INPUT_PATH, emit, fail, format_option, na_option, questionnaire_option, say
from assess.formats.registry import HISTORY, ORGANISATION

if TYPE_CHECKING:
    from assess.core.history import Point
    from assess.core.scoring import NaMode, Scorecard
    from assess.files.assessments import Assessment
    from assess.files.git_history import Version

T = TypeVar("T")

DEFAULT_LIMIT = 1000
"""The newest versions of each file ``history --git`` reads unless told otherwise (bounded time)."""


def progress(items: Iterable[T], total: int, description: str) -> Iterator[T]:
    """A progress bar on stderr for long work, only when stderr is a terminal; the items either way."""
    if total < PROGRESS_THRESHOLD or not sys.stderr.isatty():
        yield from items
        return
    from rich.console import Console
    from rich.progress import track

    yield from track(items, total=total, description=description, console=Console(stderr=True), transient=True)


def warn(line: str) -> None:
    say(f"warning: {line}")


@click.command()
@click.argument("paths", nargs=-1, required=True, type=INPUT_PATH)
@click.option("--git", "from_git", is_flag=True, help="Read every committed version of each file from git history.")
@click.option(
    "--limit",
    type=click.IntRange(1),
    default=DEFAULT_LIMIT,
    show_default=True,
    help="With --git: read at most this many of the newest versions of each file.",
)
@format_option(HISTORY)
@questionnaire_option
@na_option
def history(
    paths: Sequence[Path], from_git: bool, limit: int, output_format: str, questionnaire: str | None, na: NaMode
) -> None:
    """The trend of each team over its dated assessments (files, or with --git every committed version).

    One row per assessment with the change since the one before and the percent to target, then per
    practice a sparkline, the latest change and SAMM's progress to target. Files are grouped by team
    (the file's team, else its path) and by questionnaire.
    """
    from assess.core.history import history as series_of
    from assess.documents.history import history_data

    warnings: list[str] = []
    if from_git:
        points = _git_points(paths, limit, questionnaire, na, warnings)
    else:
        points = _file_points(paths, questionnaire, na)
    for line in warnings:
        warn(line)
    if not points:
        fail("assess", "no assessments to show in " + ", ".join(map(str, paths)))
    with frozen():
        emit(HISTORY, output_format, history_data(series_of(points), warnings))


def _file_points(paths: Sequence[Path], questionnaire: str | None, na: NaMode) -> list[Point]:
    from assess.core.history import Point
    from assess.files.folders import expand

    listed = expand(paths)  # links out of a folder are refused there, reported with the files' problems
    points = []
    for order, found in enumerate(load_all(listed.files, questionnaire, progress=True, problems=listed.problems)):
        team = found.answers.team
        date = found.answers.date
        points.append(
            Point(
                team or found.file,
                team or Path(found.file).stem,
                found.file,
                date,
                score_of(found, na),
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
        for version, assessment, problems in kept(progress(loaded, len(found.found), "Reading history")):
            if problems:  # one line per version: its first problem, and how many more it has
                more = (
                    f"; {len(problems) - 1} more problem{'s' if len(problems) > 2 else ''}" if len(problems) > 1 else ""
                )
                warnings.append(f"{problems[0]} (that version is skipped{more})")
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


def organisation_view(assessments: Sequence[Assessment], na: NaMode, output_format: str, view: str | None) -> None:
    """``aggregate`` without ``--all``: the latest assessment of each team counts."""
    from assess.cli.scoring import card_of
    from assess.core.organisation import Assessed, organisation
    from assess.documents.organisation import organisation_data

    assessed = [
        Assessed(
            a.answers.team or a.file, a.answers.team or Path(a.file).stem, a.file, a.answers.date, card_of(a, na, view)
        )
        for a in kept(assessments)
    ]
    with frozen():
        emit(ORGANISATION, output_format, organisation_data(organisation(assessed)))
