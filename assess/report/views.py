"""The typed parts of the report context: those :mod:`.context` reads back once built.

The templates read every part of the context; these are the pieces the context itself looks into
again (notes, planned phases, the least covered risks), so mypy checks those lookups.
"""

from __future__ import annotations

from typing import TypedDict

from assess.documents.contract import StepDocument


class RiskRow(TypedDict):
    id: str
    title: str
    coverage: str
    coverage_value: float
    after: str
    activities: int
    planned: int
    phases: str


class ActivityView(TypedDict):
    id: str
    level: int
    title: str
    question: str
    answer: str
    answered: bool
    na: bool
    value: str
    note: str | None
    evidence: list[dict[str, str | None]]
    criteria: str | None
    by: str | None
    at: str | None
    phase: int | None
    finding: str | None
    finding_note: str | None
    role: str | None


class UnscheduledStep(StepDocument):
    effort_text: str


class PlannedStep(UnscheduledStep):
    practice_name: str
    from_text: str
    to_text: str
    why_text: str
    role_name: str | None
    severity: str | None
    closes: bool
    """A closing step: the answer is at its top already, the step closes the finding on it."""


class PhaseView(TypedDict):
    number: int
    effort: str
    overall_after: str
    percent_after: str
    steps: list[PlannedStep]
