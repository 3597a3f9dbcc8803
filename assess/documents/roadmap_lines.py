"""Sentences beside a roadmap's phases, shared by every text rendering (terminal, Markdown, workshop, report).

Each reads only the roadmap document (:mod:`.roadmap`), so the numbers are the core's and the words are said once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from assess.core.display import fmt, fmt_count
from assess.documents.roadmap import days, number

if TYPE_CHECKING:
    from assess.documents.contract import EffortRange, PhaseDocument, RoadmapDocument, StepDocument


def counts(doc: RoadmapDocument) -> bool:
    """Whether the roadmap's scores and targets count observed activities (bsimm) rather than SAMM levels."""
    return doc.get("method") == "bsimm"


def score_text(doc: RoadmapDocument, value: float | None) -> str:
    return fmt_count(value) if counts(doc) else fmt(value)


def overall_word(doc: RoadmapDocument) -> str:
    return "firm score" if counts(doc) else "overall"


def day_range(effort: EffortRange | None, fallback: float = 0.0) -> str:
    """``5–15 person-days`` (one number when low and high agree)."""
    if effort is None:
        return days(fallback)
    low, high = _shown_days(effort["low"]), _shown_days(effort["high"])
    if low == high:
        return days(effort["low"])
    return f"{low}–{high} person-days"


def short_range(effort: EffortRange | None, fallback: float = 0.0) -> str:
    """``5–15`` for a table cell."""
    if effort is None:
        return _shown_days(fallback)
    low, high = _shown_days(effort["low"]), _shown_days(effort["high"])
    return low if low == high else f"{low}–{high}"


def _shown_days(value: float) -> str:
    """Whole days from 10 up, tenths below: estimates are not more precise than that."""
    shown = number(round(value) if value >= 10 else round(value, 1))
    return f"{shown:,}"


def basis_words(doc: RoadmapDocument) -> str:
    """What the totals are for, in a few words: ``for 4 APIs, 1 team``, ``for the questionnaire's basis of ...``."""
    basis = doc.get("effort_basis")
    return "" if basis is None else basis["short"]


def effort_line(doc: RoadmapDocument) -> str:
    """The planned effort (regular phases only), as a range, with its basis."""
    text = f"Planned effort: {day_range(doc.get('effort_range'), doc['effort'])}"
    basis = doc.get("effort_basis")
    text += f" {basis['label']}" if basis else ""
    return text + (" (the optional phase beyond target not included)." if "beyond_target" in doc else ".")


def phase_facts(phase: PhaseDocument, doc: RoadmapDocument) -> str:
    """``2027-01-01 to 2027-03-31 · 95–286 person-days for ... · 1.5–4.5 FTE · 2 people: 2.6–7.8 months``."""
    parts = []
    if "starts" in phase and "ends" in phase:
        parts.append(f"{phase['starts']} to {phase['ends']}")
    effort = day_range(phase.get("effort_range"), phase["effort"])
    basis = basis_words(doc)
    parts.append(f"{effort} {basis}" if basis else effort)
    if "fte" in phase:
        parts.append(f"{_figure(phase['fte'])} FTE")
    calendar = doc.get("calendar")
    if "months" in phase and calendar is not None and calendar["people"] is not None:
        people = calendar["people"]
        parts.append(
            f"with {number(people):g} {'person' if people == 1 else 'people'}, {_figure(phase['months'])} months"
        )
    return " · ".join(parts)


def _figure(value: EffortRange) -> str:
    low, high = f"{value['low']:.1f}", f"{value['high']:.1f}"
    return low if low == high else f"{low}–{high}"


def roles_line(phase: PhaseDocument) -> str:
    """``By role: platform 80, api-team 40 person-days`` (the middles)."""
    roles = phase.get("roles") or {}
    if not roles:
        return ""
    return "By role: " + ", ".join(f"{role} {_shown_days(effort)}" for role, effort in roles.items()) + " person-days."


def why_text(step: StepDocument) -> str:
    """The step's reasons on one line, main reason first."""
    return " · ".join(reason.rstrip(".") for reason in step.get("why", []))


def closing_change(step: StepDocument) -> str:
    """``closes the high finding, score unchanged``: what a closing step does instead of moving an answer."""
    severity = step.get("finding")
    return f"closes the {severity + ' ' if severity else ''}finding, score unchanged"


def findings_line(doc: RoadmapDocument) -> str:
    """``Findings: 5 (3 critical, 2 high): V-RT-A-1 critical in phase 1, ...``; empty without findings."""
    findings = doc.get("findings") or []
    if not findings:
        return ""
    counts: dict[str, int] = {}
    for f in findings:
        counts[f["severity"]] = counts.get(f["severity"], 0) + 1
    summary = ", ".join(f"{n} {severity}" for severity, n in counts.items())
    listed = ", ".join(f"{f['activity']} {f['severity']} ({_status(f['status'], f['phase'])})" for f in findings)
    return f"Findings: {len(findings)} ({summary}): {listed}."


def must_haves_line(doc: RoadmapDocument) -> str:
    """The plan's must-haves: how many are met, when the others are, which stay unmet; empty without any."""
    must = doc.get("must_haves")
    if must is None:
        return ""
    profiles = must["profiles"]
    named = f"profile{'s' if len(profiles) > 1 else ''} {', '.join(profiles)}"
    activities = must["activities"]
    met = sum(1 for m in activities if m["status"] == "met")
    parts = [f"Must-haves ({named}): {len(activities)} activities, {met} met now"]
    planned = [m for m in activities if m["status"] == "planned"]
    if planned:
        parts.append("planned: " + ", ".join(f"{m['activity']} (phase {m['phase']})" for m in planned))
    unmet = [m for m in activities if m["status"] not in ("met", "planned")]
    if unmet:
        parts.append(
            "unmet after the plan: " + ", ".join(f"{m['activity']} ({_status(m['status'], m['phase'])})" for m in unmet)
        )
    else:
        parts.append("all met after the plan")
    return "; ".join(parts) + "."


def _status(status: str, phase: int | None) -> str:
    if status == "planned" and phase is not None:
        return f"phase {phase}"
    return {
        "met": "met",
        "at top": "already at its top answer",
        "n/a": "answered n/a",
        "unscheduled": "does not fit the capacity",
    }.get(status, status)


def exposure_line(doc: RoadmapDocument) -> str:
    exposure = doc.get("exposure")
    if exposure is None:
        return ""
    said = "" if exposure["stated"] else " (assumed; set estate: {exposure: ...} in the answers file)"
    return f"Exposure: {exposure['value']}{said}."


def beyond_sentence(doc: RoadmapDocument) -> str:
    """What the optional phase is; empty when there is none."""
    beyond = doc.get("beyond_target")
    if beyond is None:
        return ""
    effort = day_range(beyond.get("effort_range"), beyond["effort"])
    return (
        f"Beyond target (optional): {len(beyond['steps'])} steps, {effort}, that only raise practices past their "
        "targets. No total includes them."
    )
