"""`assess report` end to end: the PDF is read back with PDFium and pypdf (rendered once in the run)."""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from assess.cli import main
from assess.core.display import fmt
from assess.documents.roadmap_lines import day_range
from tests.functional.handouts import Handouts

DATA = Path(__file__).parent.parent / "data"
EXAMPLE = DATA / "report-example.yaml"
pytestmark = pytest.mark.filterwarnings("ignore:HarfBuzz-Subset:DeprecationWarning")


@dataclass
class Rendered:
    pdf: Path
    html: str
    reader: PdfReader
    text: str
    pages: list[str]
    scores: dict[str, Any]
    roadmap: dict[str, Any]


def invoke(*args: str) -> Any:
    return CliRunner().invoke(main, list(args))


@pytest.fixture(scope="module")
def rendered(handouts: Handouts) -> Rendered:
    made = handouts.example(EXAMPLE)
    scores = json.loads(invoke("score", str(EXAMPLE), "--format", "json").stdout)
    roadmap = json.loads(invoke("roadmap", str(EXAMPLE), "--format", "json").stdout)
    return Rendered(made.pdf, made.html, PdfReader(made.pdf), "\n".join(made.texts), made.texts, scores, roadmap)


def outline(reader: PdfReader) -> list[tuple[str, list[str]]]:
    """Top-level bookmark titles, each with the titles of its children."""
    tree: list[tuple[str, list[str]]] = []
    for item in reader.outline:
        if isinstance(item, list):
            tree[-1][1].extend(child.title for child in item if not isinstance(child, list))
        else:
            tree.append((item.title, []))
    return tree


def test_pages_are_numbered_page_n_of_m(rendered: Rendered) -> None:
    shown = rendered.pages
    count = len(shown)
    assert 12 <= count <= 40
    assert f"Page {count} of {count}" in shown[-1]
    assert "Page 2 of" in shown[1]
    assert "Page 1 of" not in shown[0]  # the cover has no running header


def test_bookmarks(rendered: Rendered) -> None:
    tree = outline(rendered.reader)
    functions = [f["name"] for f in rendered.scores["functions"]]
    assert [title for title, _ in tree] == [
        "Summary",
        "Where the team stands",
        "Scorecard",
        "Charts",
        *functions,
        "Roadmap",
        "Appendix: every answer",
        "How the scores and the plan are made",
    ]
    children = dict(tree)
    for function in rendered.scores["functions"]:
        assert children[function["name"]] == [f"{p['id']} {p['name']}" for p in function["practices"]]
    assert children["Roadmap"] == ["Phase 1", "Phase 2", "Phase 3", "Phase 4"]
    assert children["Appendix: every answer"] == functions


def test_every_practice_name_and_phase_heading_is_in_the_text(rendered: Rendered) -> None:
    text = rendered.text
    for function in rendered.scores["functions"]:
        assert function["name"] in text
        for practice in function["practices"]:
            assert practice["name"] in text
    for phase in rendered.roadmap["phases"]:
        assert f"Phase {phase['number']}" in text
        for step in phase["steps"]:
            assert step["activity"] in text


def test_the_cover_names_team_scope_date_assessors_and_questionnaire(rendered: Rendered) -> None:
    cover = rendered.pages[0]
    for expected in ("Payments API", "card payments", "2026-11-29", "Ana Lopes, Ben Okafor", "api-samm 1.1.0"):
        assert expected in cover
    metadata = rendered.reader.metadata
    assert metadata is not None
    assert metadata.title == "API Security Maturity Assessment: Payments API"


def test_the_html_has_the_numbers_of_the_score_json(rendered: Rendered) -> None:
    """Scores as `assess score` gives them; targets as `assess roadmap` resolves them (the default profile)."""
    html = rendered.html
    targets = rendered.roadmap["targets"]
    for function in rendered.scores["functions"]:
        name, score = escape(function["name"]), fmt(function["score"])
        row = f'<tr class="function-row"><th>{name}</th><td class="num">{score}</td>'
        assert row in html
        for p in function["practices"]:
            target = targets[p["id"]]
            gap = max(0.0, target - p["score"])
            pattern = (
                rf'<span class="pid">{re.escape(p["id"])}</span> {re.escape(escape(p["name"]))}</td>\s*'
                rf'<td class="num strong">{re.escape(fmt(p["score"]))}</td>.*?'
                rf'<td class="num">{re.escape(fmt(target))}</td>\s*<td class="num[^"]*">{re.escape(fmt(gap))}</td>'
            )
            assert re.search(pattern, html, re.S), p["id"]
    overall = rendered.scores["overall"]
    assert f'<tr class="overall-row"><th>Overall</th><td class="num">{fmt(overall)}</td>' in html
    shown = math.floor(rendered.roadmap["start"]["percent_to_target"] * 100 + 1e-6)  # rounded down
    assert f"{shown}% of the way to the targets" in html


def test_the_roadmap_pages_carry_each_phase_effort_and_projection(rendered: Rendered) -> None:
    for phase in rendered.roadmap["phases"]:
        after = phase["scores_after"]["overall"]
        assert f"overall <strong>{fmt(after)}</strong>" in rendered.html
        assert day_range(phase.get("effort_range"), phase["effort"]) in rendered.html  # the range, as the CLI prints it


def test_notes_and_evidence_reach_the_pdf(rendered: Rendered) -> None:
    assert "nobody reads it outside the platform team" in rendered.text
    uris = {
        str(annotation.get_object().get("/A", {}).get("/URI"))
        for page in rendered.reader.pages
        for annotation in page.get("/Annots") or []
    }
    assert "https://wiki.example.com/api/g-pc-a-1" in uris


def test_the_html_stands_alone(rendered: Rendered) -> None:
    assert "<style>" in rendered.html
    assert "<link" not in rendered.html
    assert 'src="http' not in rendered.html
    assert rendered.html.count("<svg") >= 3  # radar, function bars, progress
    # Opened in a browser, the --html file may load nothing and run nothing (defence in depth).
    assert "content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:\"" in rendered.html


def test_the_pdf_has_no_attachments(rendered: Rendered) -> None:
    assert len(rendered.reader.attachments) == 0
