"""Reading the answers files a command was given: every problem collected before failing."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from assess.core.problems import Problem
    from assess.core.scoring import NaMode, Scorecard
    from assess.files.assessments import Assessment

PROGRESS_THRESHOLD = 50
T = TypeVar("T")


def score_of(found: Assessment, na: NaMode) -> Scorecard:
    from assess.core.scoring import score as score_answers

    check_na(found, na)
    return score_answers(found.questionnaire, found.answers, na)


def check_na(found: Assessment, na: NaMode) -> None:
    """Stop with exit code 2 when ``--na`` does not apply to the questionnaire's method (exclude is SAMM's)."""
    from assess.core.problems import InputError
    from assess.core.scoring import na_problem

    if (problem := na_problem(found.questionnaire, na)) is not None:
        raise InputError.single(found.file, problem)


def load_all(
    files: Sequence[Path | tuple[Path, bool]],
    questionnaire: str | None,
    progress: bool = False,
    problems: Sequence[Problem] = (),
) -> list[Assessment]:
    """Load every file, collecting all problems (after ``problems``, already found) before failing.

    Questionnaire files met while searching a folder are skipped, not reported; so are answers files
    for another questionnaire than the one given with ``-q``.
    """
    from assess.core.problems import InputError
    from assess.files.assessments import load_assessment_or_skip

    loaded: list[Assessment] = []
    found_problems = list(problems)
    for item in kept(_with_progress(files, progress)):
        path, from_folder = item if isinstance(item, tuple) else (item, False)
        try:
            found = load_assessment_or_skip(
                path, questionnaire, skip_questionnaires=from_folder, skip_other_answers=from_folder
            )
        except InputError as error:
            found_problems.extend(error.problems)
            continue
        if found is not None:
            loaded.append(found)
            say_if_migrated(found)
    if found_problems:
        raise InputError(found_problems)
    return loaded


@contextmanager
def frozen() -> Iterator[None]:
    """What is alive now is left out of the garbage collector's passes until the block ends (see :func:`kept`)."""
    import gc

    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def kept(items: Iterable[T]) -> Iterator[T]:
    """Each item, with what the caller keeps of the ones before left out of the garbage collector's passes.

    A command holding thousands of loaded files would otherwise have the collector walk all of them
    again and again (over 2,000 files, 60% more CPU than loading them one at a time); freezing after
    each item leaves it only what is new. Unfrozen at the end, so a long-lived process collects as usual.
    """
    import gc

    try:
        for item in items:
            yield item
            gc.freeze()
    finally:
        gc.unfreeze()


def say_if_migrated(found: Assessment) -> None:
    """An older file read through the questionnaire's migration: say which version was scored, on stderr."""
    if found.migrated_from is not None:
        from assess.cli.options import say

        q = found.questionnaire
        say(
            f"{found.file}: written for {q.id} {found.migrated_from}, read as {q.id} {q.version} through its "
            f"migration; `assess migrate {found.file}` updates the file"
        )


def _with_progress(files: Sequence[Path | tuple[Path, bool]], wanted: bool) -> Iterable[Path | tuple[Path, bool]]:
    """Show a progress bar on stderr for long runs, only when stderr is a terminal."""
    if not wanted or len(files) < PROGRESS_THRESHOLD or not sys.stderr.isatty():
        yield from files
        return
    from rich.console import Console
    from rich.progress import track

    yield from track(files, description="Scoring", console=Console(stderr=True), transient=True)
