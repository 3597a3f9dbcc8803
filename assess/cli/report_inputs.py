"""What ``report`` compares with: ``--previous`` / ``--previous-ref`` and ``--benchmark``, read as hostile input.

Every file goes through the same readers as the answers file (regular files only, the size
cap, the strict YAML loader); an ``assess aggregate`` JSON is parsed with bounded nesting and
checked field by field. Anything for another questionnaire, unreadable or malformed ends the
command with file:line and exit 2 before anything is rendered or written.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assess.cli.inputs import load_all, score_of
from assess.core.printable import quoted
from assess.core.problems import InputError, Problem

if TYPE_CHECKING:
    from assess.core.scoring import NaMode
    from assess.documents.contract import AggregateDocument, SpreadNode
    from assess.files.assessments import Assessment
    from assess.report.compare import Benchmark, Previous

MAX_JSON_PROBLEMS = 10


def classification_of(given: str | None, found: Assessment | None) -> None:
    """``--classification`` (checked before anything is read), then the answers file's own, checked with its line."""
    from assess.report import check_classification

    if given is not None:
        problem = check_classification(given)
        if problem is not None:
            raise InputError.single("--classification", f"{quoted(given)} {problem}")
        return
    if found is None or found.answers.classification is None:
        return
    problem = check_classification(found.answers.classification)
    if problem is not None:
        from assess.files.diagnostics import locate
        from assess.files.yaml_source import read_text

        raise InputError(locate([(("classification",), problem)], read_text(Path(found.file)), found.file))


def previous_assessment(
    found: Assessment, answers: Path, path: Path | None, ref: str | None, questionnaire: str | None, na: NaMode
) -> Previous | None:
    """The earlier assessment: a file (``--previous``) or the answers file at a commit (``--previous-ref``)."""
    from assess.report.compare import Previous

    if path is None and ref is None:
        return None
    if path is not None and ref is not None:
        raise InputError.single(str(path), "give --previous or --previous-ref, not both")
    if ref is not None:
        from assess.files.git_history import assessment_at

        committed = assessment_at(
            answers, ref, questionnaire, "--previous-ref", "give the earlier file with --previous"
        )
        if committed.assessment is None:
            raise InputError.single(
                "--previous-ref",
                f"{answers.name} is not a regular file in {ref[:40]!r}; check the name and the revision",
            )
        earlier = committed.assessment
    else:
        assert path is not None
        (earlier,) = load_all([path], questionnaire)
    _same_questionnaire(earlier, found, "--previous")
    return Previous(earlier.file, earlier.answers, score_of(earlier, na))


def _same_questionnaire(other: Assessment, found: Assessment, option: str) -> None:
    if other.questionnaire.id != found.questionnaire.id:
        from assess.files.diagnostics import locate
        from assess.files.yaml_source import read_text

        what = (
            f"{option}: answers {other.questionnaire.id}, but {found.file} answers {found.questionnaire.id}; "
            "compare two assessments of one questionnaire"
        )
        try:
            problems = locate([(("questionnaire",), what)], read_text(Path(other.file)), other.file)
        except InputError:
            problems = [Problem(other.file, what)]
        raise InputError(problems)


def benchmark_of(found: Assessment, path: Path | None, questionnaire: str | None, na: NaMode) -> Benchmark | None:
    """The organisation to compare with: ``assess aggregate``'s JSON, or a folder of answers files."""
    from assess.report.compare import Benchmark

    if path is None:
        return None
    if path.is_dir():
        document = _aggregate_folder(found, path, questionnaire, na)
        organisation = document["organisation"]
        return Benchmark(str(path), len(document["teams"]), organisation["overall"], organisation["scores"])
    from assess.files.yaml_source import read_text

    return parse_aggregate(read_text(path), str(path), found, score_of(found, na).practice_maximum)


def _aggregate_folder(found: Assessment, folder: Path, questionnaire: str | None, na: NaMode) -> AggregateDocument:
    from assess.core.compare import aggregate
    from assess.documents.scores import aggregate_data
    from assess.files.folders import expand

    listed = expand([folder])
    assessments = load_all(listed.files, questionnaire, problems=listed.problems)
    if not assessments:
        raise InputError.single(str(folder), "--benchmark: no answers files (*.yaml, *.yml) in this folder")
    for other in assessments:
        _same_questionnaire(other, found, "--benchmark")
    cards = [(a.file, a.answers.team or Path(a.file).stem, score_of(a, na)) for a in assessments]
    return aggregate_data(aggregate(cards))


def parse_aggregate(text: str, name: str, found: Assessment, maximum: float) -> Benchmark:
    """``assess aggregate --format json`` output, checked: the questionnaire, and every score a finite number."""
    from assess.files.json_source import parse_json

    data = parse_json(text, name, "the JSON of `assess aggregate --format json` to --benchmark")
    problems: list[tuple[str, int | None]] = []
    if not isinstance(data, dict):
        raise InputError.single(name, "--benchmark: expected the JSON object `assess aggregate --format json` writes")
    ident = data.get("questionnaire")
    if not isinstance(ident, dict) or not isinstance(ident.get("id"), str):
        problems.append(
            (
                "questionnaire: missing; give the JSON of `assess aggregate --format json`",
                _line_of(text, '"questionnaire"'),
            )
        )
    elif ident["id"] != found.questionnaire.id:
        line = _line_of(text, '"questionnaire"', '"id"')
        raise InputError.single(
            name,
            f"--benchmark: aggregates {quoted(ident['id'])}, but {found.file} answers {found.questionnaire.id}; "
            "benchmark against the same questionnaire",
            line=line,
        )
    teams = data.get("teams")
    if not isinstance(teams, list) or not teams:
        problems.append(("teams: expected a non-empty list", _line_of(text, '"teams"')))
        teams = []
    organisation = data.get("organisation")
    scores = organisation.get("scores") if isinstance(organisation, dict) else None
    overall = organisation.get("overall") if isinstance(organisation, dict) else None
    if not isinstance(scores, dict) or not isinstance(overall, dict):
        problems.append(("organisation: expected {overall, scores}", _line_of(text, '"organisation"')))
        scores, overall = {}, {}
    known = {p.id for f in found.questionnaire.functions for p in f.practices} | {
        f.id for f in found.questionnaire.functions
    }
    checked: dict[str, SpreadNode] = {}
    for key, node in [("overall", overall), *scores.items()]:
        if key != "overall" and key not in known:
            continue  # another version's practice: nothing to set beside
        spread = _spread(node, maximum)
        if spread is None:
            where = ("organisation", '"overall"') if key == "overall" else ("organisation", "scores", f'"{key}"')
            problems.append(
                (
                    f"organisation.scores.{quoted(str(key))}: expected {{mean, min, max}}, each null or a number "
                    f"from 0 to {maximum:g}",
                    _line_of(text, *(w if w.startswith('"') else f'"{w}"' for w in where)),
                )
            )
        else:
            checked[key] = spread
    if problems:
        raise InputError(Problem(name, f"--benchmark: {p}", line=n) for p, n in problems[:MAX_JSON_PROBLEMS])
    from assess.report.compare import Benchmark

    overall_spread = checked.pop("overall")
    return Benchmark(name, len(teams), overall_spread, checked)


def _spread(node: Any, maximum: float) -> SpreadNode | None:
    if not isinstance(node, dict):
        return None
    values: list[float | None] = []
    for key in ("mean", "min", "max"):
        value = node.get(key)
        if value is None:
            values.append(None)
        elif (
            isinstance(value, int | float)
            and not isinstance(value, bool)
            and math.isfinite(value)
            and 0 <= value <= maximum
        ):
            values.append(float(value))
        else:
            return None
    return {"mean": values[0], "min": values[1], "max": values[2]}


def _line_of(text: str, *needles: str) -> int | None:
    """The line of the last of ``needles``, each searched after the one before (the JSON ``assess aggregate`` writes
    names each key once on its path, so this finds the node a problem is about; None when a needle is missing)."""
    at = 0
    for needle in needles:
        at = text.find(needle, at)
        if at < 0:
            return None
    return text.count("\n", 0, at) + 1
