"""How answers written for an earlier version of a questionnaire map onto this one (``migrations:``).

A questionnaire that renames option ids, moves activities or merges them declares, per earlier
version, how an old answers file maps onto it, so that old files keep working. The mapping itself is
applied by :mod:`assess.core.migration`; this module holds the model and its cross-checks.
Annotations are real objects, for a quicker start (see :mod:`assess.core.model.questionnaire`).
"""

from collections.abc import Iterator
from typing import TYPE_CHECKING, Annotated

from pydantic import Field, model_validator

from assess.core.model.common import (
    VERSION_PATTERN,
    Extensions,
    Id,
    IdList,
    Issue,
    Prose,
    StrictModel,
    split_extensions,
)
from assess.core.model.limits import MAX_ACTIVITIES, MAX_ID_LENGTH, MAX_LIST_ITEMS
from assess.core.printable import quoted

if TYPE_CHECKING:
    from assess.core.model.questionnaire import Questionnaire

OptionMap = Annotated[dict[Id, Id], Field(strict=False, max_length=MAX_LIST_ITEMS)]
CriteriaMap = Annotated[tuple[Annotated[int, Field(ge=0)] | None, ...], Field(strict=False, max_length=MAX_LIST_ITEMS)]


class Migration(StrictModel):
    """The mapping from one earlier version: ``{from: 1.0.0, options: {...}, criteria: {...}, ...}``."""

    from_version: Annotated[str, Field(alias="from", pattern=VERSION_PATTERN, max_length=MAX_ID_LENGTH)]
    note: Prose | None = None
    """Why the mapping is what it is; shown to whoever migrates a file."""
    options: Annotated[dict[Id, OptionMap], Field(strict=False, max_length=MAX_ACTIVITIES)] = {}
    """Old activity id -> old option id -> new option id. Options that kept their id need no entry."""
    criteria: Annotated[dict[Id, CriteriaMap], Field(strict=False, max_length=MAX_ACTIVITIES)] = {}
    """Old activity id -> for each criterion of the new activity, the old criterion whose mark carries over
    (``null``: a new criterion, which starts unmarked). Marks of an activity not listed are set aside."""
    moved: Annotated[dict[Id, Id], Field(strict=False, max_length=MAX_ACTIVITIES)] = {}
    """Old activity id -> new activity id."""
    merged: Annotated[dict[Id, IdList], Field(strict=False, max_length=MAX_ACTIVITIES)] = {}
    """New activity id -> the old activities folded into it."""
    extensions: Extensions = Field(default_factory=dict)

    _split_extensions = model_validator(mode="before")(split_extensions)

    def target_of(self, old_id: str) -> str:
        """The activity an old entry lands on."""
        if old_id in self.moved:
            return self.moved[old_id]
        for new_id, sources in self.merged.items():
            if old_id in sources:
                return new_id
        return old_id


def _version_key(version: str) -> tuple[int, int, int, int, str]:
    """Semantic-version order: a pre-release sorts before its release."""
    core, _, pre = version.partition("-")
    major, minor, patch = (int(part) for part in core.split("."))
    return major, minor, patch, 0 if pre else 1, pre


def migration_issues(q: "Questionnaire") -> Iterator[Issue]:
    """What in ``migrations:`` does not fit the questionnaire it belongs to."""
    seen: set[str] = set()
    for mi, migration in enumerate(q.migrations):
        path: tuple[str | int, ...] = ("migrations", mi)
        if migration.from_version in seen:
            yield Issue((*path, "from"), f"a second migration from {migration.from_version}; keep one per version")
        seen.add(migration.from_version)
        if _version_key(migration.from_version) >= _version_key(q.version):
            yield Issue(
                (*path, "from"),
                f"migration from {migration.from_version} is not from an earlier version than {q.version}",
            )
        yield from _mapping_issues(q, migration, path)


def _mapping_issues(q: "Questionnaire", migration: Migration, path: tuple[str | int, ...]) -> Iterator[Issue]:
    known = q.activity_by_id
    for old_id, new_id in migration.moved.items():
        if new_id not in known:
            yield Issue((*path, "moved", old_id), f"{old_id} moves to unknown activity {quoted(new_id)}")
    sources: dict[str, str] = {}
    for new_id, olds in migration.merged.items():
        if new_id not in known:
            yield Issue((*path, "merged", new_id), f"merges into unknown activity {quoted(new_id)}")
        if len(olds) < 2:
            yield Issue((*path, "merged", new_id), "a merge needs two or more old activities; use moved: for one")
        for old_id in olds:
            if old_id in migration.moved or old_id in sources:
                yield Issue((*path, "merged", new_id), f"{old_id} is moved or merged twice; map it once")
            sources[old_id] = new_id
    for old_id, renamed in migration.options.items():
        target = known.get(migration.target_of(old_id))
        if target is None:
            yield Issue((*path, "options", old_id), f"{old_id} lands on no activity; add it to moved: or merged:")
            continue
        valid = q.option_index.get(target.scale, {})
        for old_option, new_option in renamed.items():
            if new_option not in valid:
                yield Issue(
                    (*path, "options", old_id, old_option),
                    f"{old_option} maps to {quoted(new_option)}, which is not an option of {target.id}; "
                    f"choose one of {', '.join(valid)}",
                )
    for old_id, marks in migration.criteria.items():
        target = known.get(migration.target_of(old_id))
        if target is None:
            yield Issue((*path, "criteria", old_id), f"{old_id} lands on no activity; add it to moved: or merged:")
        elif len(marks) != len(target.criteria):
            yield Issue(
                (*path, "criteria", old_id),
                f"{len(marks)} entries, but {target.id} has {len(target.criteria)} quality criteria; "
                "give one per criterion (null for a new one)",
            )
