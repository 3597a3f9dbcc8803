"""A crosswalk file: the activities of one questionnaire read as activities of a bsimm questionnaire.

``map`` is keyed by the source questionnaire's activity ids (``G-EG-B-1``) and lists, for each,
the activities of the bsimm questionnaire that it demonstrates once it is done fully
(``[SM2.3]``); an empty list says the activity has no counterpart. The file stands apart from
both questionnaires so either can change without editing the other, and
:func:`crosswalk_issues` checks it against the two when it is used.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import ConfigDict, Field, model_validator

from assess.core.model.common import Extensions, Id, IdList, Issue, StrictModel, Text, split_extensions
from assess.core.model.questionnaire import QuestionnaireId

if TYPE_CHECKING:
    from assess.core.model.questionnaire import Questionnaire


class Crosswalk(StrictModel):
    """``from`` questionnaire -> ``to`` questionnaire (a bsimm one), activity by activity."""

    model_config = ConfigDict(strict=True, extra="forbid", frozen=True, populate_by_name=True)

    format: Literal[1]
    id: Id
    title: Text
    description: str | None = None
    source: QuestionnaireId = Field(alias="from")
    """The questionnaire whose answers are read."""
    target: QuestionnaireId = Field(alias="to")
    """The bsimm questionnaire whose activities are scored."""
    map: Annotated[dict[Id, IdList], Field(strict=False)]
    extensions: Extensions = Field(default_factory=dict)

    _split_extensions = model_validator(mode="before")(split_extensions)

    def sources_of(self, target_id: str) -> tuple[str, ...]:
        """The source activities that demonstrate one target activity, in file order."""
        return tuple(source for source, targets in self.map.items() if target_id in targets)


def crosswalk_issues(crosswalk: Crosswalk, source: Questionnaire, target: Questionnaire) -> Iterator[Issue]:
    """Every id the crosswalk names that its two questionnaires do not hold, and a target that is not bsimm."""
    if target.scoring != "bsimm":
        yield Issue(
            ("to",),
            f"{target.id} scores by {target.scoring}; a crosswalk leads to a bsimm questionnaire (scoring: bsimm)",
        )
    for activity_id, targets in crosswalk.map.items():
        if activity_id not in source.activity_by_id:
            yield Issue(
                ("map", activity_id),
                f"{activity_id!r} is not an activity of {source.id} {source.version}; "
                "check the id against the questionnaire",
            )
        for index, target_id in enumerate(targets):
            if target_id not in target.activity_by_id:
                yield Issue(
                    ("map", activity_id, index),
                    f"{target_id!r} is not an activity of {target.id} {target.version}; "
                    f"name one of its activity ids (for example {target.activities[0].id})",
                )
