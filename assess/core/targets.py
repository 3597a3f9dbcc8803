"""Practice targets: which ones apply, whether they are in range, and how their source is named.

One home for the rules every view shares, so the workshop's score panel, the roadmap, the report
and the file checks can never disagree:

- precedence: ``--target`` and ``--profile`` (they combine) win, else the answers file's
  ``targets``, else the questionnaire's default profile, else none;
- range: a target names a known practice and lies between 0 and that practice's highest score;
- naming: every output says where its targets came from.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from assess.core.printable import quoted
from assess.core.problems import InputError, Problem

if TYPE_CHECKING:
    from assess.core.model import Answers, Questionnaire

EPSILON = 1e-9
"""Float noise tolerated when comparing a score with a target."""

TargetKind = Literal["command line", "answers file", "default profile", "none"]


@dataclass(frozen=True, slots=True)
class Targets:
    """Practice targets and where they came from (shown in every output)."""

    values: Mapping[str, float]
    source: str
    """``--target``, ``answers file``, ``profile NAME``, ``profile NAME + --target`` and so on: for plans."""
    profile: str | None = None
    kind: TargetKind = "command line"

    @property
    def label(self) -> str:
        """The source in the workshop's words (short, said from the file's point of view)."""
        if self.kind == "answers file":
            return "set in this file"
        if self.kind == "default profile":
            return f"profile {self.profile} (default)"
        if self.kind == "none":
            return "none set"
        return self.source


NO_TARGETS = Targets({}, "none", kind="none")


def target_problem(practice: str, value: float, maxima: Mapping[str, float], *, counts: bool = False) -> str | None:
    """What is wrong with one target (``maxima``: each practice's highest score), or None.

    With ``counts`` (bsimm questionnaires) a target is a number of observed activities, so a
    fraction such as a SAMM level of 1.5 is refused rather than silently rounded.
    """
    if practice not in maxima:
        return f"unknown practice {quoted(practice)}; targets are set per practice: {', '.join(maxima)}"
    if not (math.isfinite(value) and 0 <= value <= maxima[practice] + EPSILON):
        return f"target {value:g} for {practice} is out of range; use 0 to {maxima[practice]:g}"
    if counts and not float(value).is_integer():
        return (
            f"target {value:g} for {practice} is not a whole number; bsimm targets count observed "
            f"activities (0 to {maxima[practice]:g}), they are not SAMM levels"
        )
    return None


def counts_targets(q: Questionnaire) -> bool:
    """Whether the questionnaire's targets count activities (bsimm) rather than score levels (samm)."""
    return q.scoring == "bsimm"


def check_targets(q: Questionnaire, values: Mapping[str, float], file: str, where: str) -> None:
    """Raise InputError naming every target that :func:`target_problem` refuses."""
    counts = counts_targets(q)
    problems = [
        f"{where}: {p}" for k, v in values.items() if (p := target_problem(k, v, q.practice_max, counts=counts))
    ]
    if problems:
        raise InputError(Problem(file, what) for what in problems)


def parse_target(text: str) -> tuple[str, float]:
    """``D-TA=2`` -> ``("D-TA", 2.0)``; raises ValueError with a readable reason."""
    return parse_score_setting(text, "--target", "write PRACTICE=SCORE, for example D-TA=2")


def parse_score_setting(text: str, option: str, how: str) -> tuple[str, float]:
    """``NAME=SCORE`` as options such as ``--target`` and ``--min`` take it: a name and a finite number.

    Raises ValueError naming ``option``, saying ``how`` to write it; a value that is not a number is
    quoted only in part (an option's value may have come from a secret in the environment).
    """
    name, sep, value = text.partition("=")
    name = name.strip()
    if not sep or not name:
        raise ValueError(f"{option} {text[:40]!r}: {how}")
    try:
        number = float(value)
    except ValueError:
        raise ValueError(f"{option} {text[:40]!r}: {value.strip()[:20]!r} is not a number") from None
    if not math.isfinite(number):
        raise ValueError(f"{option} {text[:40]!r}: the score must be a finite number")
    return name, number


def resolve_targets(
    q: Questionnaire,
    answers: Answers,
    *,
    overrides: Mapping[str, float] | None = None,
    profile: str | None = None,
    file: str = "assess",
    check: bool = True,
) -> Targets:
    """Targets by precedence: ``--target``/``--profile``, else the file's, else the default profile.

    ``--profile`` and ``--target`` combine: the profile's targets, with ``--target`` replacing
    single practices. With ``check``, unknown practices or profiles and scores out of range raise
    InputError; the workshop passes ``check=False`` because it shows a file's problems on screen.
    """
    if profile is not None and profile not in q.profiles:
        known = ", ".join(q.profiles) or "none"
        raise InputError.single(file, f"unknown profile {profile!r}; profiles of {q.id}: {known}")
    if overrides or profile is not None:
        values = dict(q.profiles[profile].targets) if profile is not None else {}
        values.update(overrides or {})
        parts = [f"profile {profile}"] if profile is not None else []
        parts += ["--target"] if overrides else []
        if check:
            check_targets(q, values, file, "--target")
        return Targets(values, " + ".join(parts), profile, "command line")
    if answers.targets:
        if check:
            check_targets(q, answers.targets, file, "targets")
        return Targets(dict(answers.targets), "answers file", kind="answers file")
    if q.default_profile is not None and q.default_profile in q.profiles:
        name = q.default_profile
        return Targets(
            dict(q.profiles[name].targets), f"profile {name}, the questionnaire's default", name, "default profile"
        )
    return NO_TARGETS
