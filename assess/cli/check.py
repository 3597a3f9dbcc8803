"""``assess check``: a maturity gate for CI (exit 0 pass, 1 a rule failed, 2 bad input).

The rules and their results are pure (:mod:`assess.core.gate`); the baselines come from a file or
from git (:mod:`assess.files.git_history`); every output format points at the same answers-file line.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import click

from assess.cli.history import warn
from assess.cli.inputs import say_if_migrated
from assess.cli.options import EXIT_GATE, INPUT_PATH, FormatChoice, emit, na_option, questionnaire_option
from assess.formats.registry import CHECK

if TYPE_CHECKING:
    from assess.core.gate import MinRule, RuleResult
    from assess.core.problems import Problem
    from assess.core.scoring import NaMode
    from assess.files.assessments import Assessment
    from assess.files.positions import Locator


@click.command()
@click.argument("files", nargs=-1, required=True, type=INPUT_PATH)
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
@click.option("--baseline", type=INPUT_PATH, help="The earlier answers file to compare with.")
@click.option("--baseline-ref", metavar="GIT_REF", help="Compare each FILE with its own version at this commit.")
@click.option(
    "--format",
    "output_format",
    type=FormatChoice(CHECK),
    default="text",
    show_default=True,
    help="text for people; json, sarif (code scanning), junit (test reports) or github (annotations) for CI.",
)
@questionnaire_option
@na_option
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
    """A maturity gate for CI over answers files: exit 0 when every rule holds, 1 when one fails, 2 on bad input."""
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
    result = outcome(_results(loaded, rules, at_targets, no_regression, baseline, baseline_ref, questionnaire, na))
    emit(CHECK, output_format, check_data(result, locator))
    if not result.passed:
        sys.exit(EXIT_GATE)


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
        say_if_migrated(found)
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
    from assess.files.git_history import assessment_at
    from assess.files.positions import read_assessment

    if baseline is not None:
        return {loaded[0].file: (read_assessment(baseline, questionnaire)[0], str(baseline))}
    assert ref is not None
    found: dict[str, tuple[Assessment | None, str]] = {}
    commits: dict[Path, str] = {}
    for item in loaded:
        committed = assessment_at(Path(item.file), ref, questionnaire, "--baseline-ref", "use --baseline FILE", commits)
        label = f"{printable(ref[:40])} ({committed.commit[:7]})"
        if committed.assessment is None:
            found[item.file] = (None, f"did not exist at {label}; no baseline, so --no-regression is skipped for it")
            continue
        found[item.file] = (committed.assessment, label)
    return found
