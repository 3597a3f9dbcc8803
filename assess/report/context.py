"""What the report templates see: plain data taken from the Scorecard and the Roadmap.

Nothing here scores. Numbers are copied from the core's results and formatted for reading;
texts from files are bounded and made breakable (:mod:`.text`) and stay plain strings that
Jinja2 escapes. The parts live beside this module: :mod:`.summary` (page 2 and the rankings),
:mod:`.practices` (function pages, appendix), :mod:`.plan_view` (roadmap), :mod:`.compare`
(trend and benchmark).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from assess import __version__
from assess.core.display import fmt_percent
from assess.core.model import Answers, Questionnaire
from assess.core.roadmap import Roadmap
from assess.core.scoring import Scorecard
from assess.documents.contract import RoadmapDocument
from assess.documents.roadmap import days, number, roadmap_data
from assess.documents.roadmap_lines import day_range
from assess.report import bars, charts, summary, text
from assess.report.bsimm import bsimm_context
from assess.report.compare import Benchmark, Previous, benchmark, trend
from assess.report.palette import Palette
from assess.report.plan_view import roadmap_view
from assess.report.practices import answered, function_view, score_text

RUNNING_HEADER_CHARS = 48
ASSESSORS_SHOWN = 8
DEFAULT_CLASSIFICATION = "Confidential"
MAX_CONTENTS_FUNCTIONS = 6
METHOD_NAMES = {"samm": "OWASP SAMM", "bsimm": "BSIMM"}


@dataclass(frozen=True)
class ReportInput:
    questionnaire: Questionnaire
    answers: Answers
    file: str
    roadmap: Roadmap
    today: dt.date
    bsimm: Scorecard | None = None
    """A BSIMM-style scorecard derived from a SAMM assessment (``--view bsimm``); a bsimm one has its own."""
    classification: str = DEFAULT_CLASSIFICATION
    previous: Previous | None = None
    benchmark: Benchmark | None = None


def build_context(data: ReportInput, palette: Palette, logo: str | None = None) -> dict[str, Any]:
    q, answers, road = data.questionnaire, data.answers, data.roadmap
    card = road.start
    phase_of = {s.activity: p.number for p in road.phases for s in p.steps}
    doc = roadmap_data(road, data.file, answers)
    team = text.line(answers.team or data.file)
    budget = text.Budget()
    at_top = {f["activity"] for f in doc.get("findings", []) if f["status"] == "at top"}
    found = summary.findings(q, answers, card, budget, phase_of, at_top)
    shown = found[: summary.FINDINGS_ON_SUMMARY]
    standing = summary.rankings(card)
    risks = summary.risks(q, card, road.final, phase_of)
    plan = roadmap_view(q, answers, road, doc, budget)
    functions = [function_view(q, answers, card, road, f.id, phase_of, budget) for f in card.functions]
    context = {
        "meta": _meta(data, card),
        "logo": logo,
        "complete": summary.is_complete(card),
        "threshold": fmt_percent(summary.COMPLETE_SHARE),
        "maximum": f"{card.practice_maximum:g}",
        "overall_maximum": f"{card.maximum:g}",
        "overall": score_text(card, card.overall),
        "overall_after": score_text(card, road.final.overall),
        "percent_to_target": fmt_percent(card.percent_to_target),
        "percent_after": fmt_percent(road.final.percent_to_target),
        "has_targets": bool(road.targets.values),
        "answered": card.answered,
        "total": card.total,
        "na_count": sum(1 for a in card.activities if a.is_na),
        "summary": {
            "headline": summary.headline(team, card, bool(road.targets.values)),
            "level": summary.level_words(card),
            "findings": shown,
            "findings_more": len(found) - len(shown),
            "first_steps": summary.first_steps(doc, q, answers, card),
            "contain": summary.contain_first(found),
            "left_open": summary.findings_left_open(found, bool(road.targets.values) and bool(road.steps)),
            "cost": summary.cost(doc, card, road.final),
            "effort": day_range(doc.get("effort_range"), road.effort),
            "steps": len(road.steps),
        },
        "findings": found if len(found) > len(shown) or any(f["cut"] for f in shown) else [],
        "standing": {**standing, "least": risks["least"]},
        "risks": risks,
        "functions": functions,
        "roadmap": plan,
        "charts": _charts(data, palette),
        "trend": trend(q, answers, card, data.previous) if data.previous else None,
        "benchmark": benchmark(q, card, data.benchmark, palette) if data.benchmark else None,
        "method": _method(q, card, road, doc),
        "bsimm": bsimm_context(data.bsimm or card, palette),
    }
    context["contents"] = contents(context)
    return context


def contents(context: dict[str, Any]) -> list[dict[str, str]]:
    """The cover's table of contents: one line per part the report holds, so it always fits the cover."""
    entries = [("summary", "Summary: where the team stands, what we found, what to do first")]
    if context["findings"]:
        entries.append(("findings", f"Findings ({len(context['findings'])})"))
    bsimm = context["bsimm"]
    if bsimm:
        derived = "BSIMM view, derived from the SAMM answers"
        entries.append(("bsimm", derived if bsimm["derived"] else "BSIMM-style scorecard and spider chart"))
    standing = context["standing"]
    if standing["weakest"] or standing["strongest"] or standing["least"]:
        entries.append(("standing", "Where the team stands: rankings and the least covered risks"))
    if context["trend"]:
        entries.append(("trend", "Since last time: what changed"))
    if context["benchmark"]:
        entries.append(("benchmark", "Benchmark"))
    risks = " and OWASP API Security Top 10 coverage" if context["risks"]["all"] else ""
    entries += [("scorecard", "Scorecard" + risks), ("charts", "Charts: practices and business functions")]
    functions = context["functions"]
    if len(functions) <= MAX_CONTENTS_FUNCTIONS:
        entries += [(f"function-{f['id']}", f"{f['name']}: scores and the team’s notes") for f in functions]
    else:
        entries.append((f"function-{functions[0]['id']}", f"The {len(functions)} business functions: scores and notes"))
    roadmap = context["roadmap"]
    plan = f": {len(roadmap['phases'])} phases, {roadmap['effort']}" if roadmap["has_steps"] else ""
    entries += [
        ("roadmap", "Roadmap" + plan),
        ("appendix", "Appendix: every answer"),
        ("method", "How the scores and the plan are made"),
    ]
    return [{"href": href, "label": label} for href, label in entries]


def _meta(data: ReportInput, card: Scorecard) -> dict[str, Any]:
    a = data.answers
    assessors = [text.line(name, 60) for name in a.assessors[:ASSESSORS_SHOWN]]
    if len(a.assessors) > ASSESSORS_SHOWN:
        assessors.append(f"and {len(a.assessors) - ASSESSORS_SHOWN} more")
    title = text.line(card.questionnaire_title)
    return {
        "team": text.line(a.team or data.file),
        "team_short": charts.fit(a.team or data.file, RUNNING_HEADER_CHARS),
        "scope": text.clip(a.scope, text.LINE),
        "date": a.date.isoformat() if a.date else None,
        "assessors": assessors,
        "questionnaire": title,
        "questionnaire_id": card.questionnaire_id,
        "version": card.questionnaire_version,
        "file": text.line(PurePath(data.file).name, text.LINE),
        "generated": data.today.isoformat(),
        "tool": f"assess {__version__}",
        "na": card.na,
        "targets_source": text.line(data.roadmap.targets.source, text.LINE),
        "classification": data.classification,
        "keywords": ", ".join(
            ["API security", "maturity assessment", card.questionnaire_id, METHOD_NAMES[card.method]]
        ),
        "title": charts.fit(f"{card.questionnaire_title}: {a.team or data.file}", 200),
    }


def _charts(data: ReportInput, palette: Palette) -> dict[str, Any]:
    road = data.roadmap
    start = road.start
    look = charts.looks(palette)
    names = [p.name for p in start.practices]
    now = [p.score if answered(p) else None for p in start.practices]
    drawn: list[tuple[str, charts.Look]] = [("now", look["now"])]
    lines = [charts.series("now", now, look["now"])]
    if data.previous is not None:
        was = {p.id: p for p in data.previous.card.practices}
        last = [was[p.id].score if p.id in was and answered(was[p.id]) else None for p in start.practices]
        lines.append(charts.series("last time", last, look["previous"]))
        drawn.append(("last time", look["previous"]))
    planned = bool(road.targets.values) and bool(road.steps)
    if planned:
        lines.append(charts.series("after the plan", [p.score for p in road.final.practices], look["after"]))
        drawn.append(("after the plan", look["after"]))
    if road.targets.values:
        lines.append(charts.series("target", [p.target for p in start.practices], look["target"]))
        drawn.append(("target", look["target"]))
    maximum = start.practice_maximum
    function_now = [f.score if any(answered(p) for p in f.practices) else None for f in start.functions]
    previous_functions = None
    if data.previous is not None:
        old = {f.id: f for f in data.previous.card.functions}
        previous_functions = [old[f.id].score if f.id in old else None for f in start.functions]
    cards = [start, *(p.scores_after for p in road.phases)]
    return {
        "radar": charts.radar(names, lines, maximum, "Practice scores: " + ", ".join(n for n, _ in drawn), palette),
        "radar_caption": (
            f"Each axis is a practice, from 0 at the centre to {maximum:g} at the rim, with a ring at each whole "
            "score. " + charts.caption(drawn).capitalize()
        ),
        "functions": bars.function_bars(
            [f.name for f in start.functions],
            function_now,
            [f.score for f in road.final.functions] if planned else None,
            previous_functions,
            maximum,
            "Business function scores now" + (" and after the plan" if planned else ""),
            palette,
            counts=start.method == "bsimm",
        ),
        "progress": bars.progress(
            [c.percent_to_target for c in cards],
            [c.overall for c in cards],
            "Percent to target now and after each phase",
            palette,
            counts=start.method == "bsimm",
        )
        if planned
        else None,
    }


def _method(q: Questionnaire, card: Scorecard, road: Roadmap, doc: RoadmapDocument) -> dict[str, Any]:
    return {
        "na": card.na,
        "effort_basis": text.clip(q.effort_basis, text.NOTE, text.MORE_QUESTIONNAIRE),
        "license": text.clip(q.license, text.NOTE, text.MORE_QUESTIONNAIRE),
        "description": text.clip(q.description, text.NOTE, text.MORE_QUESTIONNAIRE),
        "scales": [
            {"id": name, "options": [{"label": text.line(o.label), "value": f"{number(o.value)}"} for o in options]}
            for name, options in q.scales.items()
        ],
        "phase_count": len(road.phases),
        "capacity": None if road.capacity is None else days(road.capacity),
        "threshold": fmt_percent(summary.COMPLETE_SHARE),
        "plan_rule": [text.line(sentence, text.NOTE) for sentence in doc.get("method_text", [])],
    }
