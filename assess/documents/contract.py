"""The JSON documents as types: the contract of DESIGN.md that every format and the report read.

TypedDicts, so mypy checks each lookup of every renderer against the contract; the key order of
each type is the order of the JSON output. The builders (:mod:`.scores`, :mod:`.roadmap`) and the
renderers import this module only for type checking, so the types cost the command line nothing.
"""

from __future__ import annotations

from typing import NotRequired, TypedDict

from assess.core.scoring.cards import NaMode
from assess.documents.bsimm import BsimmBlock


class QuestionnaireRef(TypedDict):
    id: str
    version: str
    title: str


class AssessmentRef(TypedDict):
    file: str
    team: str | None
    scope: str | None
    date: str | None
    """ISO date, or None when the answers file has none."""


class StreamNode(TypedDict):
    id: str
    name: str
    maximum: float
    """The highest score the node can reach (the sum of its activities' top values for a stream)."""
    score: float | None


class PracticeNode(TypedDict):
    id: str
    name: str
    maximum: float
    score: float | None
    target: float | None
    gap: float | None
    levels: NotRequired[dict[str, float | None]]
    """Level ("1".."3") -> the mean over the practice's streams of that level's activity value (0..1)."""
    streams: list[StreamNode]


class FunctionNode(TypedDict):
    id: str
    name: str
    maximum: float
    score: float | None
    practices: list[PracticeNode]


class ScoreFinding(TypedDict):
    activity: str
    severity: str
    """critical, high, medium or low."""
    note: str | None
    answer: str | None


class ScoreDocument(TypedDict):
    """The score JSON object of one assessment (numbers unrounded)."""

    questionnaire: QuestionnaireRef
    assessment: AssessmentRef
    answered: int
    total: int
    na: NaMode
    maximum: float
    """The highest overall score (3 for SAMM): renderers scale to it, never to a number of their own."""
    overall: float | None
    percent_to_target: float | None
    functions: list[FunctionNode]
    method: NotRequired[str]
    """Only on a bsimm scorecard (``"bsimm"``); a document without it is scored by SAMM."""
    bsimm: NotRequired[BsimmBlock]
    """BSIMM's own numbers; see :mod:`assess.documents.bsimm`."""
    findings: NotRequired[list[ScoreFinding]]
    """The answers flagged as findings, most severe first (only when there are some)."""


class DiffQuestionnaire(TypedDict):
    id: str
    version_before: str
    version_after: str


class ScoreChangeNode(TypedDict):
    kind: str
    """overall, function or practice."""
    id: str
    name: str
    before: float | None
    after: float | None
    change: float | None
    target: float | None
    progress: float | None


class AnswerChangeNode(TypedDict):
    activity: str
    before: str | None
    after: str | None
    value_before: float
    value_after: float
    change: float


class DiffDocument(TypedDict):
    method: NotRequired[str]
    """Only between bsimm scorecards (``"bsimm"``): the scores are then observed counts."""
    derived: NotRequired[str]
    """Only with ``--view bsimm`` on another method's files: what the scorecards were derived from."""
    questionnaire: DiffQuestionnaire
    before: str
    """The older answers file."""
    after: str
    scores: list[ScoreChangeNode]
    answers: list[AnswerChangeNode]


class AggregateQuestionnaire(TypedDict):
    id: str
    version: str


class Column(TypedDict):
    kind: str
    """function or practice."""
    id: str
    name: str


class TeamRow(TypedDict):
    file: str
    team: str
    overall: float | None
    scores: dict[str, float | None]
    """Function and practice id -> score."""
    observed: NotRequired[list[str]]
    """On bsimm scorecards: the team's observed activities."""


class SpreadNode(TypedDict):
    mean: float | None
    min: float | None
    max: float | None


class Organisation(TypedDict):
    overall: SpreadNode
    scores: dict[str, SpreadNode]


class CoverageNode(TypedDict):
    activity: str
    title: str
    practice: str
    observed: int
    """How many teams were observed doing it."""
    na: int
    teams: int
    share: float


class AggregateDocument(TypedDict):
    method: NotRequired[str]
    """Only over bsimm scorecards (``"bsimm"``): scores are observed counts, and ``coverage`` is present."""
    questionnaire: AggregateQuestionnaire
    columns: list[Column]
    teams: list[TeamRow]
    organisation: Organisation
    derived: NotRequired[str]
    """Only with ``--view bsimm`` on another method's files: what the scorecards were derived from."""
    coverage: NotRequired[list[CoverageNode]]
    """On bsimm scorecards: every activity, with how many of the teams were observed doing it."""


class EffortRange(TypedDict):
    low: float
    high: float


class ClosingNode(TypedDict):
    unmet_criteria: int
    """Quality criteria of the activity the answer does not tick."""
    criteria: int
    """Quality criteria the activity lists."""
    effort_share: float
    """The share of the activity's effort the step takes: unmet ÷ listed, at least 0.25."""


# "from" is a Python keyword, so the step's type is spelt in the functional form.
StepDocument = TypedDict(
    "StepDocument",
    {
        "activity": str,
        "practice": str,
        "stream": str,
        "level": int,
        "title": str,
        "action": str | None,
        "effort": float,
        "from": float,
        "to": float,
        "from_answer": str | None,
        "to_answer": str,
        "requires": list[str],
        "for_target": bool,
        "role": NotRequired[str],
        "effort_range": NotRequired[EffortRange],
        "finding": NotRequired[str],
        "must_have": NotRequired[list[str]],
        "why": NotRequired[list[str]],
        "beyond_target": NotRequired[bool],
        "closes_finding": NotRequired[bool],
        "closing": NotRequired[ClosingNode],
    },
)
"""One step. ``effort`` is the middle of ``effort_range`` (both scaled to the estate); ``finding`` is the
severity recorded on the activity's answer; ``must_have`` the profiles naming it; ``why`` the reasons for its
place, main reason first; ``beyond_target`` (only on the optional phase's steps) is always true;
``closes_finding`` (always true when present) marks a step that closes the finding on an answer already at its
top: ``from`` equals ``to``, no score moves, and ``closing`` says what its effort is made of."""


class ScoresSnapshot(TypedDict):
    overall: float | None
    practices: dict[str, float | None]
    """Practice id -> score."""


class StartScores(ScoresSnapshot):
    percent_to_target: float | None


class PhaseDocument(TypedDict):
    number: int
    effort: float
    steps: list[StepDocument]
    scores_after: ScoresSnapshot
    percent_to_target_after: float | None
    effort_range: NotRequired[EffortRange]
    roles: NotRequired[dict[str, float]]
    """Role -> person-days of the phase's steps, largest first (``unassigned`` for steps without a role)."""
    starts: NotRequired[str]
    """ISO date of the phase's first day (with ``--start``)."""
    ends: NotRequired[str]
    fte: NotRequired[EffortRange]
    """People the phase keeps busy full time over its length (with a phase length)."""
    months: NotRequired[EffortRange]
    """Months the phase takes with ``--people`` people."""
    optional: NotRequired[bool]
    """Only on the phase beyond target (always true there)."""


class RemainingGap(TypedDict):
    practices: dict[str, float]
    """Practice id -> gap still open after the last phase."""
    unscheduled_effort: float
    unscheduled_steps: list[StepDocument]
    unreachable: dict[str, float]
    """Practice id -> gap that no step can close (activities answered n/a)."""
    optional_waiting: NotRequired[list[StepDocument]]
    """Steps beyond target that wait on an unscheduled step (only when there are some)."""


class EffortBasis(TypedDict):
    scaled: bool
    factor: float
    """What every estimate was multiplied by (1 without an estate)."""
    estate: dict[str, int]
    """The answers file's ``estate`` counts (``apis``, ``teams``) that were given."""
    basis: dict[str, float]
    """The counts the questionnaire's estimates are for, read from its ``effort_basis``."""
    label: str
    """What every total is for, in words: "for 4 APIs and 1 team" or "for the questionnaire's basis of ..."."""
    short: str
    """The same in a few words, to sit beside each total."""
    rule: str


class Exposure(TypedDict):
    value: str
    """public, partner or internal."""
    factor: int
    stated: bool
    """False when the answers file does not say, and public is assumed."""


class FindingNode(TypedDict):
    activity: str
    title: str
    severity: str
    note: str | None
    phase: int | None
    status: str
    """planned, unscheduled (no room in the capacity) or n/a; a finding at its top answer gets a closing step, so
    ``at top`` (no step for it) only comes from a planner that plans no closing steps."""


class MustHaveNode(TypedDict):
    activity: str
    title: str
    profiles: list[str]
    phase: int | None
    status: str
    """met (already), planned, unscheduled (no room in the capacity) or n/a (cannot be met)."""


class MustHaves(TypedDict):
    profiles: list[str]
    activities: list[MustHaveNode]
    unmet_now: int
    unmet_after: int
    """Must-haves still unmet once every phase is done."""


class CalendarNode(TypedDict):
    start: str | None
    """YYYY-MM, or None without ``--start``."""
    phase_length: str | None
    """``3m``, ``6w``, ``90d``."""
    people: float | None
    rule: str


class RoadmapDocument(TypedDict):
    """The roadmap JSON object (scores unrounded)."""

    method: NotRequired[str]
    """Only for a bsimm questionnaire (``"bsimm"``): targets and scores are then counts of observed activities."""
    questionnaire: QuestionnaireRef
    assessment: AssessmentRef
    na: NaMode
    targets: dict[str, float]
    targets_source: str
    phase_count: int
    capacity: float | None
    note: str
    start: StartScores
    effort: float
    phases: list[PhaseDocument]
    remaining_gap: RemainingGap
    effort_range: NotRequired[EffortRange]
    """Person-days to the targets (the regular phases), scaled to the estate."""
    effort_basis: NotRequired[EffortBasis]
    exposure: NotRequired[Exposure]
    findings: NotRequired[list[FindingNode]]
    must_haves: NotRequired[MustHaves]
    beyond_target: NotRequired[PhaseDocument]
    """The optional phase: steps that only raise practices past their targets; no total includes it."""
    calendar: NotRequired[CalendarNode]
    method_text: NotRequired[list[str]]
    """How the plan was made, in sentences, for a method page: the ordering rule, effort scaling, calendar."""
