"""Compare two assessments, and summarise many (pure functions over scorecards)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from assess.core.model import Answers
from assess.core.scoring import Scorecard, mean, progress


@dataclass(frozen=True, slots=True)
class ScoreChange:
    """One score before and after; ``kind`` is overall, function or practice."""

    kind: str
    id: str
    name: str
    before: float | None
    after: float | None
    target: float | None = None
    """The practice's target in the newer assessment, if any."""

    @property
    def change(self) -> float | None:
        if self.before is None or self.after is None:
            return None
        return self.after - self.before

    @property
    def progress(self) -> float | None:
        """SAMM's progress towards the target: ``(after - before) / (target - before)``."""
        if self.before is None or self.after is None or self.target is None:
            return None
        return progress(self.after, self.before, self.target)


@dataclass(frozen=True, slots=True)
class AnswerChange:
    activity: str
    before: str | None
    after: str | None
    value_before: float
    value_after: float

    @property
    def change(self) -> float:
        return self.value_after - self.value_before


@dataclass(frozen=True, slots=True)
class Diff:
    questionnaire_id: str
    version_before: str
    version_after: str
    scores: tuple[ScoreChange, ...]
    answers: tuple[AnswerChange, ...]
    method: str = "samm"
    """The scoring method of the newer scorecard (for bsimm the scores are observed counts)."""
    derived: str | None = None
    """Set when the scorecards were derived through a crosswalk: what from (``api-samm 1.1.0 via ...``)."""


def diff(old: Scorecard, old_answers: Answers, new: Scorecard, new_answers: Answers) -> Diff:
    """What moved between two assessments of the same questionnaire."""
    overall = "Firm score" if new.method == "bsimm" else "Overall"
    scores = [ScoreChange("overall", "overall", overall, old.overall, new.overall)]
    old_practices = {p.id: p for p in old.practices}
    old_functions = {f.id: f for f in old.functions}
    for function in new.functions:
        was_function = old_functions.get(function.id)
        before_score = was_function.score if was_function else None
        scores.append(ScoreChange("function", function.id, function.name, before_score, function.score))
        for practice in function.practices:
            was = old_practices.get(practice.id)
            was_score = was.score if was else None
            scores.append(
                ScoreChange("practice", practice.id, practice.name, was_score, practice.score, practice.target)
            )
    old_values = {a.id: a.value for a in old.activities}
    new_values = {a.id: a.value for a in new.activities}
    changes = []
    for activity_id in dict.fromkeys([*(a.id for a in new.activities), *(a.id for a in old.activities)]):
        before, after = old_answers.chosen(activity_id), new_answers.chosen(activity_id)
        if before != after:
            changes.append(
                AnswerChange(
                    activity_id, before, after, old_values.get(activity_id, 0.0), new_values.get(activity_id, 0.0)
                )
            )
    return Diff(
        new.questionnaire_id,
        old.questionnaire_version,
        new.questionnaire_version,
        tuple(scores),
        tuple(changes),
        new.method,
        derived_from(new),
    )


def derived_from(card: Scorecard) -> str | None:
    """``api-samm 1.1.0 answers through the crosswalk api-samm-to-bsimm16`` for a derived scorecard, else None."""
    d = card.bsimm.derived if card.bsimm is not None else None
    return (
        None
        if d is None
        else f"{d.questionnaire_id} {d.questionnaire_version} answers through the crosswalk {d.crosswalk}"
    )


@dataclass(frozen=True, slots=True)
class TeamScores:
    file: str
    team: str
    overall: float | None
    scores: dict[str, float | None]
    """Function and practice id -> score."""
    observed: tuple[str, ...] = ()
    """On BSIMM scorecards: the activities observed."""


@dataclass(frozen=True, slots=True)
class ActivityCoverage:
    """How many of the teams were observed doing one activity (BSIMM scorecards)."""

    activity: str
    title: str
    practice: str
    observed: int
    na: int
    teams: int

    @property
    def share(self) -> float:
        """Observed by this share of the teams (n/a counts as not observed, as in every BSIMM share)."""
        return self.observed / self.teams if self.teams else 0.0


@dataclass(frozen=True, slots=True)
class Spread:
    mean: float | None
    min: float | None
    max: float | None


@dataclass(frozen=True, slots=True)
class Aggregate:
    questionnaire_id: str
    questionnaire_version: str
    columns: tuple[tuple[str, str, str], ...]
    """(kind, id, name) of every function and practice, in questionnaire order."""
    teams: tuple[TeamScores, ...]
    overall: Spread
    spreads: dict[str, Spread]
    method: str = "samm"
    coverage: tuple[ActivityCoverage, ...] = ()
    """On BSIMM scorecards: the organisation's coverage of each activity, in questionnaire order."""
    derived: str | None = None
    """Set when the scorecards were derived through a crosswalk (see :func:`derived_from`)."""


def aggregate(assessments: Sequence[tuple[str, str, Scorecard]]) -> Aggregate:
    """One row per team plus the organisation's mean, min and max per function and practice.

    ``assessments`` holds (file, team, scorecard) triples of one questionnaire.
    """
    if not assessments:
        raise ValueError("nothing to aggregate")
    first = assessments[0][2]
    columns: list[tuple[str, str, str]] = []
    for function in first.functions:
        columns.append(("function", function.id, function.name))
        columns.extend(("practice", p.id, p.name) for p in function.practices)
    teams = []
    for file, team, card in assessments:
        scores: dict[str, float | None] = {}
        for function in card.functions:
            scores[function.id] = function.score
            scores.update({p.id: p.score for p in function.practices})
        observed = tuple(a.id for a in card.bsimm.activities if a.observed) if card.bsimm else ()
        teams.append(TeamScores(file, team, card.overall, scores, observed))
    spreads = {ident: _spread(t.scores.get(ident) for t in teams) for _, ident, _ in columns}
    return Aggregate(
        first.questionnaire_id,
        first.questionnaire_version,
        tuple(columns),
        tuple(teams),
        _spread(t.overall for t in teams),
        spreads,
        first.method,
        _coverage([card for _, _, card in assessments]),
        derived_from(first),
    )


def _coverage(cards: Sequence[Scorecard]) -> tuple[ActivityCoverage, ...]:
    blocks = [card.bsimm for card in cards if card.bsimm is not None]
    if not blocks or len(blocks) != len(cards):
        return ()
    return tuple(
        ActivityCoverage(
            a.id,
            a.title,
            a.practice,
            sum(1 for b in blocks if b.activities[i].observed),
            sum(1 for b in blocks if b.activities[i].na),
            len(blocks),
        )
        for i, a in enumerate(blocks[0].activities)
    )


def _spread(values: Iterable[float | None]) -> Spread:
    present = [v for v in values if v is not None]
    if not present:
        return Spread(None, None, None)
    return Spread(mean(present), min(present), max(present))
