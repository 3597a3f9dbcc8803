"""The answers file (format 1): one team's answers to one questionnaire version.

The model stands alone (it does not need the questionnaire), so a file written
for another questionnaire version can still be opened and saved back without
losing anything; :func:`assess.core.checks.answers_issues` then says what does not fit.

Annotations are real objects here (no ``from __future__ import annotations``), for a quicker
start: see :mod:`assess.core.model.questionnaire`.
"""

from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, StringConstraints, model_validator

from assess.core.model.common import (
    Extensions,
    Id,
    IsoDate,
    IsoDateTime,
    Line,
    Prose,
    StrictModel,
    TextList,
    empty_means_default,
    none_is_empty,
    split_extensions,
)
from assess.core.model.limits import MAX_ACTIVITIES, MAX_ID_LENGTH, MAX_LIST_ITEMS

NOT_APPLICABLE = "n/a"
"""The answer that marks an activity as not applicable (accepted for any activity)."""

OPTION_REF_PATTERN = r"^([A-Za-z0-9][A-Za-z0-9._-]*|n/a)$"
OptionRef = Annotated[str, StringConstraints(pattern=OPTION_REF_PATTERN, max_length=MAX_ID_LENGTH)]

Severity = Literal["critical", "high", "medium", "low"]
"""How severe a finding recorded in the workshop is; the roadmap puts the most severe first."""

SEVERITIES: tuple[str, ...] = ("critical", "high", "medium", "low")

Exposure = Literal["public", "partner", "internal"]
"""Who can reach the assessed APIs: the internet, named partners, or only the organisation's own network."""

EXPOSURES: tuple[str, ...] = ("public", "partner", "internal")


class Estate(StrictModel):
    """What was assessed, for the roadmap: its size scales effort, its exposure weighs API risks.

    ``{apis: 4, teams: 1, exposure: public}``; every key is optional.
    """

    apis: Annotated[int, Field(ge=1)] | None = None
    teams: Annotated[int, Field(ge=1)] | None = None
    exposure: Exposure | None = None
    extensions: Extensions = Field(default_factory=dict)

    _split_extensions = model_validator(mode="before")(split_extensions)


class AnswerEntry(StrictModel):
    """One activity's answer, with the notes and evidence gathered in the workshop."""

    answer: OptionRef | None = None
    note: Prose | None = None
    evidence: Annotated[TextList, BeforeValidator(none_is_empty)] = ()
    criteria: Annotated[
        tuple[bool, ...], Field(strict=False, max_length=MAX_LIST_ITEMS), BeforeValidator(none_is_empty)
    ] = ()
    by: Line | None = None
    at: IsoDateTime | None = None
    finding: Severity | None = None
    """Set when the team's answer records a security finding, with its severity."""
    finding_note: Prose | None = None
    extensions: Extensions = Field(default_factory=dict)

    _split_extensions = model_validator(mode="before")(split_extensions)

    @property
    def is_short(self) -> bool:
        """True when the entry can be written as a bare option id."""
        return (
            self.note is None
            and not self.evidence
            and not self.criteria
            and self.by is None
            and self.at is None
            and self.finding is None
            and self.finding_note is None
            and not self.extensions
        )

    @property
    def is_na(self) -> bool:
        return self.answer == NOT_APPLICABLE


def _expand_short_form(value: Any) -> Any:
    """``G-SM-A-1: some`` means ``{answer: some}``; an empty entry means unanswered."""
    if value is None:
        return {}
    if isinstance(value, str):
        return {"answer": value}
    return value


Entry = Annotated[
    AnswerEntry,
    BeforeValidator(_expand_short_form, json_schema_input_type=OptionRef | AnswerEntry | None),
]


class Answers(StrictModel):
    """A whole answers file; see DESIGN.md for the format."""

    format: Literal[1]
    questionnaire: Id
    version: Annotated[str, StringConstraints(max_length=MAX_ID_LENGTH)]
    team: Line | None = None
    scope: Line | None = None
    date: IsoDate | None = None
    assessors: TextList = ()
    answers: Annotated[dict[Id, Entry], Field(strict=False, max_length=MAX_ACTIVITIES)] = {}
    targets: Annotated[dict[Id, Annotated[float, Field(ge=0)]], Field(strict=False, max_length=MAX_ACTIVITIES)] = {}
    estate: Estate | None = None
    classification: Line | None = None
    """How the assessment's outputs are marked (``Confidential``); the report prints it."""
    extensions: Extensions = Field(default_factory=dict)

    _split_extensions = model_validator(mode="before")(split_extensions)

    @model_validator(mode="before")
    @classmethod
    def _empty_answers(cls, data: Any) -> Any:
        """``answers:`` or ``targets:`` left empty in a template means none yet."""
        return empty_means_default(data, {"answers": {}, "targets": {}, "assessors": ()})

    def chosen(self, activity_id: str) -> str | None:
        """The option id (or ``n/a``) chosen for an activity, if any."""
        entry = self.answers.get(activity_id)
        return entry.answer if entry is not None else None

    def with_answer(self, activity_id: str, entry: AnswerEntry | None) -> "Answers":
        """A copy with one entry replaced (or removed when ``entry`` is None), order kept."""
        answers = dict(self.answers)
        if entry is None:
            answers.pop(activity_id, None)
        else:
            answers[activity_id] = entry
        return self.model_copy(update={"answers": answers})

    def with_targets(self, targets: dict[str, float]) -> "Answers":
        return self.model_copy(update={"targets": dict(targets)})
