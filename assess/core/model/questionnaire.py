"""The questionnaire file (format 1): functions > practices > streams > activities, plus scales.

The model checks each field strictly and then cross-checks the whole file
(unique ids, one activity per level per stream, known scales, ascending option
values, acyclic ``requires``, sensible profiles), so that every later step can
trust the structure without checking again.

Annotations are real objects here, not strings (no ``from __future__ import annotations``):
pydantic would otherwise evaluate each field's annotation text when the class is created, about
3 ms of every start. Validators are built on first use (``defer_build`` in the base class).
"""

from collections.abc import Iterator
from functools import cached_property
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Discriminator, Field, StringConstraints, Tag, model_validator
from pydantic.json_schema import SkipJsonSchema

from assess.core.model.common import (
    VERSION_PATTERN,
    CrossCheckError,
    Extensions,
    Id,
    IdList,
    Issue,
    Line,
    Prose,
    StrictModel,
    Text,
    TextList,
    split_extensions,
)
from assess.core.model.limits import (
    MAX_ACTIVITIES,
    MAX_EFFORT_DAYS,
    MAX_ID_LENGTH,
    MAX_LIST_ITEMS,
    MAX_OPTIONS,
    MAX_PROFILES,
    MAX_SCALES,
)
from assess.core.model.migrations import Migration
from assess.core.model.questionnaire_checks import questionnaire_issues, tree_sizes
from assess.core.printable import clipped, quoted

QUESTIONNAIRE_ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
QuestionnaireId = Annotated[str, StringConstraints(pattern=QUESTIONNAIRE_ID_PATTERN, max_length=MAX_ID_LENGTH)]
Version = Annotated[str, StringConstraints(pattern=VERSION_PATTERN, max_length=MAX_ID_LENGTH)]
Score = Annotated[float, Field(ge=0)]
EffortDays = Annotated[float, Field(ge=0, le=MAX_EFFORT_DAYS)]
"""Person-days, bounded (:data:`~assess.core.model.limits.MAX_EFFORT_DAYS`) so that sums stay finite."""

ScoringName = Literal["samm", "bsimm"]


class Pool(StrictModel):
    """The data pool of a BSIMM-style questionnaire: ``{name: BSIMM16, firms: 111}``."""

    name: Text
    firms: Annotated[int, Field(ge=1)]


DEFAULT_EFFORT = 1.0
"""Person-days assumed for an activity whose file gives no ``effort``."""


class Option(StrictModel):
    """One answer on a scale, worth ``value`` (0..1) of the activity."""

    id: Id
    label: Text
    value: Annotated[float, Field(ge=0, le=1)]
    description: Prose | None = None
    extensions: Extensions = Field(default_factory=dict)

    _split_extensions = model_validator(mode="before")(split_extensions)


Role = Literal["appsec", "platform", "api-team", "product-owner", "leadership"]
"""Who does an activity: the roadmap groups and labels steps by it."""

ROLES: tuple[str, ...] = ("appsec", "platform", "api-team", "product-owner", "leadership")

SammRelation = Literal["equivalent", "narrower", "broader", "different"]


class EffortRange(StrictModel):
    """Person-days as a range (``{low: 5, high: 15}``): estimates are honest as ranges."""

    low: EffortDays
    high: EffortDays

    @model_validator(mode="after")
    def _ordered(self) -> "EffortRange":
        if self.high < self.low:
            raise ValueError(f"effort high ({self.high:g}) is below low ({self.low:g}); write {{low, high}} in order")
        return self

    @property
    def middle(self) -> float:
        return (self.low + self.high) / 2


def _effort_kind(value: Any) -> str:
    """A mapping is a ``{low, high}`` range; anything else is read as a number of person-days."""
    return "range" if isinstance(value, (dict, EffortRange)) else "days"


class SammLink(StrictModel):
    """How an activity relates to an activity of the official SAMM model (``D-SA-1-A``)."""

    id: Text
    relation: SammRelation


RefIds = Annotated[dict[Id, TextList], Field(strict=False, max_length=MAX_LIST_ITEMS)]
"""Catalogue id -> entry ids, e.g. ``{owasp-api-top10-2023: [API1, API2]}``."""


class Refs(StrictModel):
    """Catalogue references, split by meaning: ``probes`` (the question or a criterion tests it) and ``related``.

    The short form (catalogue -> ids, without the split) means every id is probed.
    """

    probes: RefIds = {}
    related: RefIds = {}


def _refs_short_form(value: Any) -> Any:
    """``refs: {owasp-api-top10-2023: [API1]}`` is the short form of ``refs: {probes: {...}}``."""
    if isinstance(value, dict) and value and not set(value) <= {"probes", "related"}:
        return {"probes": value}
    return value


class Activity(StrictModel):
    """One thing a mature team does, asked as one workshop question."""

    id: Id
    level: Annotated[int, Field(ge=1, le=3)]
    question: Text
    scale: Id
    title: Line | None = None
    description: Prose | None = None
    criteria: TextList = ()
    guidance: Prose | None = None
    action: Prose | None = None
    effort: (
        Annotated[
            Annotated[EffortDays, Tag("days")] | Annotated[EffortRange, Tag("range")],
            Discriminator(_effort_kind),
        ]
        | None
    ) = None
    requires: IdList = ()
    refs: Annotated[Refs, BeforeValidator(_refs_short_form, json_schema_input_type=Refs | RefIds)] = (
        Refs.model_construct()  # not Refs(): validating would build Refs' validator on import
    )
    role: Role | None = None
    samm: SammLink | None = None
    bsimm: TextList = ()
    """BSIMM activity ids this activity corresponds to (``SM1.1``)."""
    firms: Annotated[int, Field(ge=0)] | None = None
    """In a BSIMM-style questionnaire: how many firms of the data pool were observed doing it."""
    extensions: Extensions = Field(default_factory=dict)

    _split_extensions = model_validator(mode="before")(split_extensions)

    @property
    def display_title(self) -> str:
        """The title, falling back to the question as the format allows."""
        return self.title or self.question

    @property
    def effort_range(self) -> tuple[float, float]:
        """Estimated person-days as (low, high); a single estimate is its own range."""
        if isinstance(self.effort, EffortRange):
            return self.effort.low, self.effort.high
        days = DEFAULT_EFFORT if self.effort is None else self.effort
        return days, days

    @property
    def effort_days(self) -> float:
        """Estimated person-days (the middle of a range), with the format's default for a missing estimate."""
        low, high = self.effort_range
        return (low + high) / 2

    @property
    def probes(self) -> dict[str, tuple[str, ...]]:
        """Catalogue entries the activity really tests (what coverage counts)."""
        return self.refs.probes


class Stream(StrictModel):
    """A ladder of activities (at most one per level) inside a practice."""

    id: Id
    name: Text
    description: Prose | None = None
    activities: Annotated[tuple[Activity, ...], Field(strict=False, min_length=1)]
    extensions: Extensions = Field(default_factory=dict)

    _split_extensions = model_validator(mode="before")(split_extensions)


class Practice(StrictModel):
    """A security practice: scored as the mean of its streams."""

    id: Id
    name: Text
    description: Prose | None = None
    streams: Annotated[tuple[Stream, ...], Field(strict=False, min_length=1)]
    extensions: Extensions = Field(default_factory=dict)

    _split_extensions = model_validator(mode="before")(split_extensions)


class Function(StrictModel):
    """A business function: scored as the mean of its practices."""

    id: Id
    name: Text
    description: Prose | None = None
    practices: Annotated[tuple[Practice, ...], Field(strict=False, min_length=1)]
    extensions: Extensions = Field(default_factory=dict)

    _split_extensions = model_validator(mode="before")(split_extensions)


class Profile(StrictModel):
    """A named set of practice targets, with why they suit a kind of API estate."""

    title: Line | None = None
    rationale: Prose | None = None
    targets: Annotated[dict[Id, Score], Field(strict=False, max_length=MAX_ACTIVITIES)] = {}
    must_have: IdList = ()
    """Activities that must reach their top answer, whatever the practice scores."""
    extensions: Extensions = Field(default_factory=dict)

    _split_extensions = model_validator(mode="before")(split_extensions)


def _profile_short_form(data: Any) -> Any:
    """``baseline: {G-SM: 1}`` is the short form of ``baseline: {targets: {G-SM: 1}}``."""
    if isinstance(data, dict) and "targets" not in data and "must_have" not in data:
        return {"targets": data}
    return data


ProfileEntry = Annotated[
    Profile, BeforeValidator(_profile_short_form, json_schema_input_type=Profile | dict[Id, Score])
]


class Questionnaire(StrictModel):
    """A whole questionnaire file; see DESIGN.md for the format."""

    format: Literal[1]
    id: QuestionnaireId
    version: Version
    title: Text
    description: Prose | None = None
    license: Prose | None = None
    effort_basis: Prose | None = None
    scales: Annotated[
        dict[Id, Annotated[tuple[Option, ...], Field(strict=False, min_length=2, max_length=MAX_OPTIONS)]],
        Field(strict=False, min_length=1, max_length=MAX_SCALES),
    ]
    functions: Annotated[tuple[Function, ...], Field(strict=False, min_length=1)]
    profiles: Annotated[dict[Id, ProfileEntry], Field(strict=False, max_length=MAX_PROFILES)] = {}
    default_profile: Id | None = None
    scoring: ScoringName = "samm"
    """The scoring method: ``samm`` (SAMM Toolbox formulas) or ``bsimm`` (activities observed)."""
    comparable_with: Literal["samm-benchmark"] | None = None
    """Set when scores may be put beside the published SAMM benchmark."""
    pool: Pool | None = None
    """A BSIMM-style data pool (its name and size) that activities' ``firms`` counts refer to."""
    migrations: Annotated[tuple[Migration, ...], Field(strict=False, max_length=MAX_LIST_ITEMS)] = ()
    """How answers files written for earlier versions map onto this one (see ``assess migrate``)."""
    scale_extensions: SkipJsonSchema[Annotated[dict[str, dict[str, Any]], Field(strict=False, exclude=True)]] = Field(
        default_factory=dict
    )
    """``x-`` keys of scales written in the long form, by scale id (kept, ignored)."""
    extensions: Extensions = Field(default_factory=dict)

    _split_extensions = model_validator(mode="before")(split_extensions)

    @model_validator(mode="before")
    @classmethod
    def _bounded(cls, data: Any) -> Any:
        """Refuse too many activities (or functions, practices, streams), scales or options, up front.

        Pydantic validates every item of a list before it checks the list's length, and each empty
        ``{}`` activity costs four "missing key" errors: counted here first, a flood costs one line.
        """
        over = [(kind, count) for kind, count in tree_sizes(data).items() if count > MAX_ACTIVITIES]
        issues = [
            Issue(("functions",), f"this questionnaire has {count:,} {kind}; at most {MAX_ACTIVITIES:,} are allowed")
            for kind, count in over[-1:]  # the deepest: activities when they are too many
        ]
        scales = data.get("scales") if isinstance(data, dict) else None
        if isinstance(scales, dict):
            if len(scales) > MAX_SCALES:
                issues.append(
                    Issue(("scales",), f"there are {len(scales):,} scales; at most {MAX_SCALES:,} are allowed")
                )
            for name, scale in scales.items():
                options = scale.get("options") if isinstance(scale, dict) else scale
                if isinstance(options, list) and len(options) > MAX_OPTIONS:
                    issues.append(
                        Issue(
                            ("scales", name),
                            f"this scale has {len(options):,} options; at most {MAX_OPTIONS} are allowed",
                        )
                    )
        if issues:
            raise CrossCheckError(issues)
        return data

    @model_validator(mode="before")
    @classmethod
    def _long_form_scales(cls, data: Any) -> Any:
        """``scale: {options: [...], x-...: ...}`` is the long form of ``scale: [...]`` (room for ``x-`` keys)."""
        if not isinstance(data, dict) or not isinstance(data.get("scales"), dict):
            return data
        scales = data["scales"]
        if not any(isinstance(v, dict) for v in scales.values()):
            return data
        short: dict[Any, Any] = {}
        kept: dict[str, dict[str, Any]] = {}
        for name, value in scales.items():
            if isinstance(value, dict) and "options" in value:
                rest = {k: v for k, v in value.items() if k != "options"}
                bad = [k for k in rest if not (isinstance(k, str) and k.startswith("x-"))]
                if bad:
                    raise CrossCheckError(
                        [
                            Issue(
                                ("scales", name, key),
                                f"unknown key {quoted(str(key))} in scale {clipped(str(name))}; "
                                "a scale holds options: and x- keys",
                            )
                            for key in bad
                        ]
                    )
                short[name] = value["options"]
                if rest:
                    kept[str(name)] = rest
            else:
                short[name] = value
        return {**data, "scales": short, "scale_extensions": kept}

    @model_validator(mode="after")
    def _cross_check(self) -> "Questionnaire":
        issues = list(questionnaire_issues(self))
        if issues:
            raise CrossCheckError(issues)
        return self

    # Indexes, computed once per (frozen) questionnaire.

    @cached_property
    def activities(self) -> tuple[Activity, ...]:
        """Every activity, in questionnaire order."""
        return tuple(a for _, _, s in self.iter_streams() for a in s.activities)

    @cached_property
    def activity_by_id(self) -> dict[str, Activity]:
        return {a.id: a for a in self.activities}

    @cached_property
    def practice_by_id(self) -> dict[str, Practice]:
        return {p.id: p for f in self.functions for p in f.practices}

    @cached_property
    def practice_of(self) -> dict[str, Practice]:
        """The practice holding each activity."""
        return {a.id: p for _, p, s in self.iter_streams() for a in s.activities}

    @cached_property
    def stream_of(self) -> dict[str, Stream]:
        """The stream holding each activity."""
        return {a.id: s for _, _, s in self.iter_streams() for a in s.activities}

    @cached_property
    def option_index(self) -> dict[str, dict[str, Option]]:
        """Scale id -> option id -> option."""
        return {name: {o.id: o for o in options} for name, options in self.scales.items()}

    @cached_property
    def practice_max(self) -> dict[str, float]:
        """The highest score each practice can reach (3 for a full SAMM practice), by the questionnaire's method."""
        from assess.core.scoring import method_for  # scoring builds on the model: imported when first asked

        blank = method_for(self).score(self, {}, "zero", {})
        return {p.id: p.maximum for p in blank.practices}

    def iter_streams(self) -> Iterator[tuple[Function, Practice, Stream]]:
        for function in self.functions:
            for practice in function.practices:
                for stream in practice.streams:
                    yield function, practice, stream

    def options_for(self, activity: Activity) -> tuple[Option, ...]:
        return self.scales[activity.scale]
