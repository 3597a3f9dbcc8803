"""Roadmap renderings: the plain-data (JSON) form, a terminal table and Markdown.

Every rendering reads :func:`roadmap_data`, which only copies numbers the core computed.
The text renderings show file text through :func:`printable` (no control codes reach a terminal).
"""

from __future__ import annotations

from typing import Any

from assess.formats.data import fmt, fmt_percent
from assess.model import Answers
from assess.printable import printable
from assess.roadmap import MORE_STEPS_NOTE, Roadmap, Step
from assess.scoring import Scorecard


def number(value: float) -> float | int:
    """Whole numbers as ints (``5`` rather than ``5.0``), for people reading the JSON."""
    return int(value) if float(value).is_integer() else value


def _step_data(step: Step) -> dict[str, Any]:
    return {
        "activity": step.activity,
        "practice": step.practice,
        "stream": step.stream,
        "level": step.level,
        "title": step.title,
        "action": step.action,
        "effort": number(step.effort),
        "from": number(step.from_value),
        "to": number(step.to_value),
        "from_answer": step.from_answer,
        "to_answer": step.to_answer,
        "requires": list(step.requires),
        "for_target": step.for_target,
    }


def _scores(card: Scorecard) -> dict[str, Any]:
    return {"overall": card.overall, "practices": {p.id: p.score for p in card.practices}}


def roadmap_data(roadmap: Roadmap, file: str, answers: Answers) -> dict[str, Any]:
    """The roadmap JSON object (scores unrounded)."""
    start = roadmap.start
    return {
        "questionnaire": {
            "id": start.questionnaire_id,
            "version": start.questionnaire_version,
            "title": start.questionnaire_title,
        },
        "assessment": {
            "file": file,
            "team": answers.team,
            "scope": answers.scope,
            "date": answers.date.isoformat() if answers.date else None,
        },
        "na": start.na,
        "targets": {k: number(v) for k, v in roadmap.targets.values.items()},
        "targets_source": roadmap.targets.source,
        "phase_count": len(roadmap.phases),
        "capacity": None if roadmap.capacity is None else number(roadmap.capacity),
        "note": MORE_STEPS_NOTE,
        "start": {**_scores(start), "percent_to_target": start.percent_to_target},
        "effort": number(roadmap.effort),
        "phases": [
            {
                "number": phase.number,
                "effort": number(phase.effort),
                "steps": [_step_data(s) for s in phase.steps],
                "scores_after": _scores(phase.scores_after),
                "percent_to_target_after": phase.percent_to_target_after,
            }
            for phase in roadmap.phases
        ],
        "remaining_gap": {
            "practices": roadmap.remaining_gap,
            "unscheduled_effort": number(roadmap.unscheduled_effort),
            "unscheduled_steps": [_step_data(s) for s in roadmap.unscheduled],
            "unreachable": dict(roadmap.unreachable),
        },
    }


def days(value: float) -> str:
    shown = number(round(value, 1))
    return f"{shown} person-day{'' if shown == 1 else 's'}"


def printable_doc(value: Any) -> Any:
    """A copy of a roadmap document with every string made :func:`printable`."""
    if isinstance(value, str):
        return printable(value)
    if isinstance(value, dict):
        return {printable_doc(k): printable_doc(v) for k, v in value.items()}
    if isinstance(value, list):
        return [printable_doc(v) for v in value]
    return value


def has_steps(doc: dict[str, Any]) -> bool:
    """Whether the plan holds any step, scheduled in a phase or left over."""
    return bool(doc["remaining_gap"]["unscheduled_steps"]) or any(p["steps"] for p in doc["phases"])


def empty_phase_text(doc: dict[str, Any]) -> str:
    """What an empty phase says: the capacity is full, or there is nothing left."""
    if doc["remaining_gap"]["unscheduled_steps"] and doc["capacity"] is not None:
        return f"Nothing more fits in a phase of {days(doc['capacity'])}."
    return "Nothing left to plan."


def gap_sentences(doc: dict[str, Any]) -> list[str]:
    """What the plan leaves open, said plainly (shared by every text rendering)."""
    gap = doc["remaining_gap"]
    if not doc["targets"]:
        return ["No targets are set, so there is nothing to plan: pass --target PRACTICE=SCORE or --profile NAME."]
    left = gap["unscheduled_steps"]
    if not gap["practices"]:
        if not has_steps(doc):
            return ["Every target is already met: there is nothing to plan."]
        line = "Every target is met after the last phase."
        if left:
            line += (
                f" {len(left)} further steps ({days(gap['unscheduled_effort'])}) did not fit"
                " in the capacity; they complete levels but are not needed to meet the targets."
            )
        return [line]
    lines = []
    listed = ", ".join(f"{k} (gap {fmt(v)})" for k, v in gap["practices"].items())
    if left:
        lines.append(
            f"Capacity runs out: {len(left)} steps ({days(gap['unscheduled_effort'])}) "
            f"do not fit in {doc['phase_count']} phases of {days(doc['capacity'])}. Still below target: {listed}."
        )
        too_big = [s for s in left if s["effort"] > doc["capacity"]]
        if too_big:
            named = ", ".join(f"{s['activity']} ({days(s['effort'])})" for s in too_big[:3])
            more = f" and {len(too_big) - 3} more" if len(too_big) > 3 else ""
            lines.append(
                f"{len(too_big)} of them need more than a whole phase on their own: {named}{more}; no number of"
                f" phases fits them, a capacity of {days(max(s['effort'] for s in too_big))} would."
            )
    if gap["unreachable"]:
        blocked = ", ".join(f"{k} (gap {fmt(v)})" for k, v in gap["unreachable"].items())
        lines.append(
            f"Out of reach even with every step, because activities answered n/a score 0: {blocked}. "
            "Lower those targets, or score with --na exclude."
        )
    if not lines:
        lines.append(f"Still below target after the last phase: {listed}.")
    return lines


def _heading(doc: dict[str, Any]) -> str:
    a = doc["assessment"]
    q = doc["questionnaire"]
    return f"Roadmap for {a['team'] or a['file']} · {q['title']} {q['version']}"


def _targets_line(doc: dict[str, Any]) -> str:
    shown = ", ".join(f"{k} {fmt(v)}" for k, v in doc["targets"].items()) or "none"
    return f"Targets ({doc['targets_source']}): {shown}"


def _phase_summary(doc: dict[str, Any], phase: dict[str, Any]) -> str:
    after = phase["scores_after"]
    return (
        f"after phase {phase['number']}: overall {fmt(after['overall'])}"
        f" · {fmt_percent(phase['percent_to_target_after'])} to target"
    )


def roadmap_markdown(doc: dict[str, Any]) -> str:
    def cell(text: Any) -> str:
        return str(text if text is not None else "").replace("|", "\\|").replace("\n", " ")

    doc = printable_doc(doc)
    start = doc["start"]
    lines = [
        f"## {cell(_heading(doc))}",
        "",
        cell(_targets_line(doc)),
        "",
        f"Now: overall {fmt(start['overall'])} · {fmt_percent(start['percent_to_target'])} to target."
        f" Planned effort {days(doc['effort'])}.",
        "",
    ]
    for phase in doc["phases"] if has_steps(doc) else []:
        lines += [f"### Phase {phase['number']} · {days(phase['effort'])}", ""]
        if not phase["steps"]:
            lines += [empty_phase_text(doc), ""]
            continue
        lines += ["| Activity | Title | Action | Effort | From → to |", "|---|---|---|---|---|"]
        lines += [
            f"| {cell(s['activity'])} | {cell(s['title'])} | {cell(s['action'] or '')} | {number(s['effort'])} "
            f"| {fmt(s['from'])} → {fmt(s['to'])} |"
            for s in phase["steps"]
        ]
        lines += ["", f"*{_phase_summary(doc, phase).capitalize()}.*", ""]
    lines += ["### Remaining gap", "", *(cell(s) for s in gap_sentences(doc))]
    lines += ["", f"*{doc['note']}*"] if has_steps(doc) else []
    return "\n".join(lines) + "\n"


def roadmap_table(doc: dict[str, Any]) -> Any:
    """A rich renderable: one table per phase, then the remaining gap."""
    from rich.console import Group
    from rich.markup import escape
    from rich.table import Table
    from rich.text import Text

    doc = printable_doc(doc)
    start = doc["start"]
    parts: list[Any] = [
        Text(_heading(doc), style="bold"),
        Text(_targets_line(doc)),
        Text(
            f"Now: overall {fmt(start['overall'])} · {fmt_percent(start['percent_to_target'])} to target · "
            f"planned effort {days(doc['effort'])}"
        ),
        Text(""),
    ]
    for phase in doc["phases"] if has_steps(doc) else []:
        title = f"[bold]Phase {phase['number']}[/] · {days(phase['effort'])}"
        table = Table(title=title, title_justify="left", show_edge=False, pad_edge=False, expand=False)
        table.add_column("Activity", no_wrap=True)
        table.add_column("Title")
        table.add_column("Days", justify="right")
        table.add_column("From → to", justify="right", no_wrap=True)
        for s in phase["steps"]:
            table.add_row(
                escape(s["activity"]),
                escape(s["title"]) + ("" if s["for_target"] else " [dim](prerequisite)[/]"),
                str(number(s["effort"])),
                f"{fmt(s['from'])} → {fmt(s['to'])}",
            )
        if not phase["steps"]:
            table.add_row("", f"[dim]{escape(empty_phase_text(doc))}[/]", "", "")
        table.caption = escape(_phase_summary(doc, phase))
        table.caption_justify = "left"
        parts += [table, Text("")]
    parts += [Text("Remaining gap", style="bold"), *(Text(s) for s in gap_sentences(doc))]
    parts += [Text(doc["note"], style="dim")] if has_steps(doc) else []
    return Group(*parts)
