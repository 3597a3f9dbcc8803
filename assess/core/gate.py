"""The rules of ``assess check``, a maturity gate for CI, and their results (pure).

Three rules: ``--min SUBJECT=SCORE`` (a practice, a business function or ``overall``), ``--targets``
(every practice with a target reaches it) and ``--no-regression`` (against a baseline assessment:
no practice went down and no answer moved down). Each result names the place in the answers file
that explains it as a path into the file's data (``("answers", "D-TA-A-2")``, ``("targets", "D-TA")``);
the files layer turns paths into lines, so every output format points at the same line.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from assess.core.display import fmt
from assess.core.model import Answers
from assess.core.scoring import Scorecard
from assess.core.targets import EPSILON, Targets, parse_score_setting

RuleId = Literal["min", "targets", "no-regression"]
Status = Literal["pass", "fail", "skipped"]
SubjectKind = Literal["overall", "function", "practice"]
DataPath = tuple[str | int, ...]

RULES: dict[RuleId, tuple[str, str]] = {
    "min": (
        "Minimum score",
        "A practice, a business function or the overall score is at least the minimum given with --min.",
    ),
    "targets": ("Practice at its target", "Every practice with a target reaches it (--targets)."),
    "no-regression": (
        "No regression",
        "No practice scores lower and no answer moved down since the baseline assessment (--no-regression).",
    ),
}
"""Each rule's short name and what it checks (SARIF's rule descriptions, JUnit's suites)."""


@dataclass(frozen=True, slots=True)
class MinRule:
    subject: str
    """A practice id, a function id, or ``overall``."""
    score: float

    @property
    def text(self) -> str:
        return f"--min {self.subject}={self.score:g}"


def parse_min(text: str) -> MinRule:
    """``D-TA=2`` -> ``MinRule("D-TA", 2.0)``; raises ValueError with a readable reason."""
    how = "write PRACTICE=SCORE (a practice, a function id or overall), e.g. D-TA=2"
    return MinRule(*parse_score_setting(text, "--min", how))


def _subjects(card: Scorecard) -> dict[str, tuple[SubjectKind, str, float | None, float]]:
    """Every subject a --min may name: id -> (kind, name, score, maximum)."""
    found: dict[str, tuple[SubjectKind, str, float | None, float]] = {
        "overall": ("overall", "Overall", card.overall, card.maximum)
    }
    for function in card.functions:
        found[function.id] = ("function", function.name, function.score, function.maximum)
        for p in function.practices:
            found[p.id] = ("practice", p.name, p.score, p.maximum)
    return found


def min_rule_problem(rule: MinRule, card: Scorecard) -> str | None:
    """What makes a --min unusable on this scorecard (unknown subject, score out of range), or None."""
    subjects = _subjects(card)
    if rule.subject not in subjects:
        practices = ", ".join(p.id for p in card.practices)
        return (
            f"{rule.text}: {rule.subject[:40]!r} is not a practice or function of {card.questionnaire_id}; "
            f"name overall, a function ({', '.join(f.id for f in card.functions)}) or a practice ({practices})"
        )
    kind, _, _, maximum = subjects[rule.subject]
    if not 0 <= rule.score <= maximum + EPSILON:
        what = "the overall score" if kind == "overall" else f"{kind} {rule.subject}"
        return f"{rule.text}: {what} ranges from 0 to {maximum:g}; give a score in that range"
    return None


@dataclass(frozen=True, slots=True)
class Finding:
    """A place in the answers file that explains a failed result, and what it says."""

    path: DataPath
    message: str


@dataclass(frozen=True, slots=True)
class RuleResult:
    rule: RuleId
    rule_text: str
    """How the rule was given: ``--min D-TA=2``, ``--targets``, ``--no-regression``."""
    file: str
    kind: SubjectKind
    subject: str
    name: str
    status: Status
    actual: float | None
    expected: float | None
    """The minimum, the target, or the baseline's score."""
    message: str
    findings: tuple[Finding, ...] = ()


def check_min(card: Scorecard, answers: Answers, rule: MinRule, file: str) -> RuleResult:
    """One --min rule on one assessment (the rule must have passed :func:`min_rule_problem`)."""
    kind, name, score, _ = _subjects(card)[rule.subject]
    label = "Overall" if kind == "overall" else f"{rule.subject} {name}"
    passed = score is not None and score >= rule.score - EPSILON
    if passed:
        message = f"{label} scores {fmt(score)}, at least the minimum {rule.score:g}"
        return RuleResult("min", rule.text, file, kind, rule.subject, name, "pass", score, rule.score, message)
    message = f"{label} scores {fmt(score)}, below the minimum {rule.score:g}"
    where = _answer_to_raise(card, answers, None if kind == "overall" else rule.subject)
    return RuleResult(
        "min", rule.text, file, kind, rule.subject, name, "fail", score, rule.score, message, (Finding(where, message),)
    )


def check_targets(card: Scorecard, answers: Answers, targets: Targets, file: str) -> list[RuleResult]:
    """One result per practice with a target (``card`` must be scored with these targets)."""
    results = []
    in_file = targets.kind == "answers file"
    for p in card.practices:
        if p.target is None:
            continue
        label = f"{p.id} {p.name}"
        if p.score is not None and p.score >= p.target - EPSILON:
            message = f"{label} scores {fmt(p.score)}, at its target {p.target:g}"
            results.append(
                RuleResult("targets", "--targets", file, "practice", p.id, p.name, "pass", p.score, p.target, message)
            )
            continue
        message = f"{label} scores {fmt(p.score)}, below its target {p.target:g} (targets: {targets.source})"
        where: DataPath = ("targets", p.id) if in_file else ("questionnaire",)
        finding = Finding(where, message)
        results.append(
            RuleResult(
                "targets", "--targets", file, "practice", p.id, p.name, "fail", p.score, p.target, message, (finding,)
            )
        )
    return results


def check_no_regression(
    card: Scorecard, answers: Answers, baseline: Scorecard, baseline_answers: Answers, file: str, baseline_name: str
) -> list[RuleResult]:
    """One result per practice in both assessments: it fails when the practice or any of its answers went down."""
    before_practices = {p.id: p for p in baseline.practices}
    before_values = {a.id: a.value for a in baseline.activities}
    results = []
    for p in card.practices:
        was = before_practices.get(p.id)
        if was is None:
            continue
        label = f"{p.id} {p.name}"
        fallen = []
        for activity in (a for s in p.streams for a in s.activities):
            old = before_values.get(activity.id)
            if old is not None and activity.value < old - EPSILON:
                old_answer = baseline_answers.chosen(activity.id) or "unanswered"
                new_answer = answers.chosen(activity.id) or "unanswered"
                fallen.append(
                    Finding(
                        ("answers", activity.id),
                        f"{activity.id} moved down from {old_answer} to {new_answer} since {baseline_name}",
                    )
                )
        went_down = p.score is not None and was.score is not None and p.score < was.score - EPSILON
        change = f"{fmt(was.score)} in {baseline_name}, {fmt(p.score)} now"
        if not went_down and not fallen:
            results.append(
                RuleResult(
                    "no-regression",
                    "--no-regression",
                    file,
                    "practice",
                    p.id,
                    p.name,
                    "pass",
                    p.score,
                    was.score,
                    f"{label}: {change}, no answer moved down",
                )
            )
            continue
        message = f"{label} went down: {change}" if went_down else f"{label}: {change}, but answers moved down"
        findings = fallen or [Finding(_answer_to_raise(card, answers, p.id), message)]
        results.append(
            RuleResult(
                "no-regression",
                "--no-regression",
                file,
                "practice",
                p.id,
                p.name,
                "fail",
                p.score,
                was.score,
                message,
                tuple(findings),
            )
        )
    return results


def _answer_to_raise(card: Scorecard, answers: Answers, subject: str | None) -> DataPath:
    """Where to point for a score that is too low: the first answer (in file order) of ``subject``
    below its top option, else its first answer, else the ``answers:`` key.

    ``subject`` is a practice or function id, or None for the whole assessment.
    """
    activities = {}
    for function in card.functions:
        for p in function.practices:
            if subject in (None, function.id, p.id):
                activities.update({a.id: a for s in p.streams for a in s.activities})
    answered = [ident for ident in answers.answers if ident in activities]
    below = [ident for ident in answered if activities[ident].value < activities[ident].maximum - EPSILON]
    for candidates in (below, answered):
        if candidates:
            return ("answers", candidates[0])
    return ("answers",)


@dataclass(frozen=True, slots=True)
class Outcome:
    """Every result of one ``assess check`` run."""

    results: tuple[RuleResult, ...]

    @property
    def failed(self) -> tuple[RuleResult, ...]:
        return tuple(r for r in self.results if r.status == "fail")

    @property
    def passed(self) -> bool:
        return not self.failed

    def count(self, status: Status) -> int:
        return sum(1 for r in self.results if r.status == status)


def skipped(rule: RuleId, rule_text: str, file: str, reason: str) -> RuleResult:
    """A rule that could not apply to a file (no targets set; no baseline: the file is new since the ref)."""
    return RuleResult(rule, rule_text, file, "overall", "overall", "Overall", "skipped", None, None, reason)


def outcome(results: Sequence[RuleResult]) -> Outcome:
    return Outcome(tuple(results))
