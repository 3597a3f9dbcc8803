"""The sentences that explain a roadmap: why each step is where it is, what efforts are for, how it was made.

Built once here from what the core computed (a step's :class:`~assess.core.roadmap.Priority`, the
effort scale, the schedule), so the terminal, Markdown, the workshop and the report say the same.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from assess.core.display import fmt

if TYPE_CHECKING:
    from assess.core.model import Answers
    from assess.core.roadmap import EffortScale, Roadmap, Step
    from assess.core.roadmap.plan import Closing

NOTE_LENGTH = 100
"""Characters of a team's note or a finding's note quoted in a reason (the answers file has it whole)."""

TIER_WORDS = {"must-have": "a must-have", "beyond": "beyond target"}


def clip(text: str, length: int = NOTE_LENGTH) -> str:
    """One line of at most ``length`` characters, cut at a word with an ellipsis."""
    line = " ".join(text.split())
    if len(line) <= length:
        return line
    cut = line[: length - 1].rsplit(" ", 1)[0]
    return cut.rstrip(",.;:") + "…"


def _listed(words: list[str] | tuple[str, ...]) -> str:
    return ", ".join(words[:-1]) + " and " + words[-1] if len(words) > 1 else "".join(words)


def main_reason(step: Step) -> str:
    """The step's place in the rule in a few words: ``critical finding``, ``a must-have``, ``needed for a target``."""
    priority = step.priority
    if priority is None:
        return f"for the {step.practice} target" if step.for_target else "a prerequisite"
    if priority.finding is not None:
        return f"{priority.finding} finding" + (" (answer already at top)" if step.closes_finding else "")
    if priority.tier == "finding":
        return "a finding's prerequisite"
    if priority.tier == "gap":
        return f"for the {step.practice} target"
    return TIER_WORDS[priority.tier]


def why(step: Step, road: Roadmap, answers: Answers, placed: Mapping[str, Step]) -> list[str]:
    """Why ``step`` is in the plan where it is, main reason first."""
    entry = answers.answers.get(step.activity)
    priority = step.priority
    reasons: list[str] = []
    severity = road.wishes.findings.get(step.activity)
    if severity is not None:
        note = entry.finding_note if entry is not None else None
        reasons.append(f"{severity} finding" + (f": {clip(note)}" if note else ""))
    profiles = road.wishes.must_have.get(step.activity, ())
    if profiles:
        reasons.append(f"must-have of profile{'s' if len(profiles) > 1 else ''} {_listed(profiles)}")
    if priority is not None and priority.before is not None:
        waiting = placed.get(priority.before)
        because = f" ({main_reason(waiting)})" if waiting is not None else ""
        reasons.append(f"needed before {priority.before}{because}")
    elif priority is None and not step.for_target:
        reasons.append("needed before a later step")
    if step.closing is not None:
        reasons.append(closing_reason(step.closing))
    elif priority is not None:
        reasons.append(_priority_reason(step, road))
    elif step.for_target:
        reasons.append(f"raises {step.practice} towards its target")
    if step.beyond_target:
        target = road.targets.values.get(step.practice)
        reached = f"{step.practice} meets its target ({fmt(target)})" if target is not None else "no target needs it"
        reasons.append(f"beyond target: {reached} without it")
    if entry is not None and entry.note:
        reasons.append(f"team's note: {clip(entry.note)}")
    return reasons


CLOSING_REASON = "answer already at its top"
"""How a closing step's reason starts (the handout's page 2 shows only this part)."""


def closing_reason(closing: Closing) -> str:
    """``answer already at its top; 2 of 4 quality criteria unmet: 50% of the activity's effort``.

    (The change column already says the step closes the finding; this says what its days are made of.)
    """
    default = "a default of a quarter of the activity's effort, not an estimate of the fix"
    if not closing.criteria:
        effort = f"the activity lists no quality criteria, so {default}"
    elif not closing.unmet:
        effort = f"every quality criterion is ticked, so {default}"
    else:
        floored = closing.share > closing.unmet / closing.criteria
        share = "a quarter (the floor)" if floored else f"{closing.share:.0%}"
        effort = f"{closing.unmet} of {closing.criteria} quality criteria unmet: {share} of the activity's effort"
    return f"{CLOSING_REASON}; {effort}"


def _priority_reason(step: Step, road: Roadmap) -> str:
    """``priority 13.0 = 3 (public) × risk 1.9 (API1, API2) + gap weight 7.3 (V-RT 0.00, target 2.00)``."""
    p = step.priority
    assert p is not None
    if p.firms is not None or road.start.bsimm is not None:
        return _pool_reason(step, road)
    exposure = road.wishes.exposure
    parts = []
    if p.risks:
        parts.append(f"{p.exposure} ({exposure}) × risk {p.risk:.1f} ({', '.join(p.risks)})")
    if p.target is not None and p.current is not None:
        parts.append(f"gap weight {p.weight:.1f} ({step.practice} {fmt(p.current)}, target {fmt(p.target)})")
    if not parts:
        return "priority 0: probes no Top 10 risk and its practice has no target"
    return f"priority {p.score:.1f} = " + " + ".join(parts)


def _pool_reason(step: Step, road: Roadmap) -> str:
    """``done by 98 of the 111 firms of BSIMM16; SE 3 observed, target 5``: a bsimm step's rank and its practice."""
    p = step.priority
    assert p is not None
    card = road.start.bsimm
    if p.firms is None:
        parts = ["no data-pool count"]
    elif card is not None and card.pool_firms is not None:
        parts = [f"done by {p.firms} of the {card.pool_firms} firms of {card.pool_name or 'the data pool'}"]
    else:
        parts = [f"done by {p.firms} firms of the data pool"]
    if p.target is not None and p.current is not None:
        parts.append(f"{step.practice} {p.current:g} observed, target {p.target:g}")
    return "; ".join(parts)


def basis_label(scale: EffortScale) -> str:
    """What every total is for: the estate, or the questionnaire's basis."""
    basis = _counts(scale.basis_apis, scale.basis_teams)
    if scale.scaled:
        estate = _counts(scale.apis if scale.scaled_apis else None, scale.teams if scale.scaled_teams else None)
        return f"for {estate}" + (f", scaled from the questionnaire's basis of {basis}" if basis else "")
    if basis:
        return f"for the questionnaire's basis of {basis}"
    return "for the questionnaire's estimates, which state no number of APIs or teams"


def basis_short(scale: EffortScale) -> str:
    """The same in a few words, to sit beside a total: ``for 4 APIs, 1 team`` or ``for the basis of 20 APIs``."""
    if scale.scaled:
        return "for " + _counts(
            scale.apis if scale.scaled_apis else None, scale.teams if scale.scaled_teams else None, ", "
        )
    basis = _counts(scale.basis_apis, scale.basis_teams, ", ")
    return f"for the questionnaire's basis of {basis}" if basis else "for the questionnaire's estimates"


def _counts(apis: float | None, teams: float | None, joiner: str = " and ") -> str:
    parts = []
    for count, word in ((apis, "API"), (teams, "team")):
        if count is not None:
            shown = f"{count:g}"
            parts.append(f"{shown} {word}{'' if shown == '1' else 's'}")
    return joiner.join(parts)


def exposure_sentence(road: Roadmap) -> str:
    wishes = road.wishes
    said = "as the answers file states" if wishes.exposure_stated else "assumed: the answers file states no exposure"
    return f"Exposure: {wishes.exposure} ({said}), so risks weigh {wishes.exposure_factor} against the gap weight."


def method_text(road: Roadmap) -> list[str]:
    """How the plan was made, for a method page: the ordering rule, exposure, effort, the calendar."""
    from assess.core.roadmap.calendar import RULE as CALENDAR_RULE
    from assess.core.roadmap.effort import RULE as EFFORT_RULE

    exposure = [] if road.start.bsimm is not None else [exposure_sentence(road)]
    lines = [*road.rule, *exposure, EFFORT_RULE, f"Efforts in this plan are {basis_label(road.scale)}."]
    lines.append("Efforts are ranges (low–high); phases are balanced, and a capacity is counted, on their middles.")
    if road.schedule.is_set:
        lines.append(CALENDAR_RULE)
    return lines
