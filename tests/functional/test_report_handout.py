"""The handout of every example and of a 2-of-90 assessment, on A4 and on Letter, read back page by page.

Each (example, paper) is rendered once in the run (tests.functional.handouts). The pages are
read with PDFium, with where each piece of text sits; the PDF's structure (tags, fonts) with pypdf.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from assess.core.scoring import Scorecard, score
from assess.files.assessments import Assessment, load_assessment
from assess.report import summary
from tests.functional.handouts import Handouts

pytestmark = [pytest.mark.filterwarnings("ignore:HarfBuzz-Subset:DeprecationWarning"), pytest.mark.slow]

ROOT = Path(__file__).parent.parent.parent
CASES = [*sorted((ROOT / "examples").glob("*.yaml")), ROOT / "tests" / "data" / "two-of-ninety.yaml"]
MOBILE = ROOT / "examples" / "mobile-backend.yaml"
PAPERS = ("a4", "letter")
MIN_LINES = 6
"""A page other than the cover holds at least this many lines of content."""
SECTION_HEADING_PT = 17.0
LINES_UNDER_HEADING = 4
"""Lines under a section heading on its page: more than a two-line lead paragraph."""
TABLE_HEADS = ("PRACTICE", "RISK", "STEP", "BUSINESS FUNCTION / PRACTICE", "PHASE")

CASE_PAPERS = [pytest.param(case, paper, id=f"{case.stem}-{paper}") for case in CASES for paper in PAPERS]


@pytest.mark.parametrize(("case", "paper"), CASE_PAPERS)
def test_page_two_holds_the_summary(handouts: Handouts, case: Path, paper: str) -> None:
    found = load_assessment(case)
    flat = " ".join(handouts.example(case, paper).texts[1].split())
    assert flat.startswith(found.answers.team or "") or "Summary" in flat
    for heading in ("Summary", "What to do first", "What it costs to reach the targets"):
        assert heading in flat, heading
    findings = summary.findings(found.questionnaire, found.answers, _card(found))
    if findings:
        assert "What we found" in flat
        assert findings[0]["id"] in flat  # the most severe finding is on page 2
    team = " ".join((found.answers.team or "").split())
    assert team in flat
    if case.stem == "two-of-ninety":
        assert "Incomplete: 2 of 90 activities were answered" in flat
        assert "upper bound, not an estimate" in flat
    else:
        assert " scores " in flat and "of the way to its targets" in flat


@pytest.mark.parametrize(("case", "paper"), CASE_PAPERS)
def test_no_page_but_the_cover_is_nearly_empty(handouts: Handouts, case: Path, paper: str) -> None:
    thin = [
        (page.number, len(page.lines))
        for page in handouts.example(case, paper).pages[1:]
        if len(page.lines) < MIN_LINES
    ]
    assert thin == []


@pytest.mark.parametrize(("case", "paper"), CASE_PAPERS)
def test_a_section_heading_opens_more_than_its_first_paragraph(handouts: Handouts, case: Path, paper: str) -> None:
    """An h1 (18 pt) at a page's foot with only its lead paragraph under it, the rest overleaf, reads as an orphan."""
    stranded = []
    for page in handouts.example(case, paper).pages[1:]:
        for piece in page.content:
            if piece.size >= SECTION_HEADING_PT:
                below = [y for y in page.lines if y < piece.y - 4]
                if len(below) < LINES_UNDER_HEADING:
                    stranded.append((page.number, piece.text, len(below)))
    assert stranded == []


@pytest.mark.parametrize(("case", "paper"), CASE_PAPERS)
def test_practice_headings_and_table_heads_are_never_last_on_a_page(handouts: Handouts, case: Path, paper: str) -> None:
    found = load_assessment(case)
    names = {p.name for f in found.questionnaire.functions for p in f.practices}
    stranded = []
    for page in handouts.example(case, paper).pages:
        content = page.content
        for piece in content:
            heading = piece.text in names and piece.size >= 10.5
            if heading or piece.text in TABLE_HEADS:
                below = [p for p in content if p.y < piece.y - 4]
                if not below:
                    stranded.append((page.number, piece.text))
    assert stranded == []


@pytest.mark.parametrize(("case", "paper"), CASE_PAPERS)
def test_no_text_is_smaller_than_7_5_pt(handouts: Handouts, case: Path, paper: str) -> None:
    smallest = min(
        (piece.size, piece.text, page.number) for page in handouts.example(case, paper).pages for piece in page.pieces
    )
    assert smallest[0] >= 7.45, smallest


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.stem)
def test_every_page_carries_the_classification_and_an_incomplete_report_says_so(handouts: Handouts, case: Path) -> None:
    found = load_assessment(case)
    marking = found.answers.classification or "Confidential"
    incomplete = not summary.is_complete(_card(found))
    for page in handouts.example(case).pages:
        text = page.text()
        assert marking in text, page.number
        assert ("Incomplete: not a measurement" in text) == incomplete, page.number


def test_the_pdf_is_tagged_with_its_language_title_keywords_and_date_and_opens_its_outline(handouts: Handouts) -> None:
    pdf = handouts.example(MOBILE).pdf
    reader = PdfReader(pdf)
    root = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root
    assert root["/Lang"] == "en"
    assert root["/PageMode"] == "/UseOutlines"
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])
    info = reader.metadata
    assert info is not None and info.title and info.title.startswith("API Security Maturity Assessment: ")
    assert "API security" in str(info.get("/Keywords"))
    assert info.creation_date is not None
    if shutil.which("pdfinfo"):
        shown = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
        assert "Tagged:          yes" in shown


def test_every_font_is_embedded(handouts: Handouts) -> None:
    pdf = handouts.example(MOBILE, "letter").pdf
    reader = PdfReader(pdf)
    fonts = {}
    for page in reader.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            fonts[str(font.get_object().get("/BaseFont"))] = font.get_object()
    assert fonts
    for name, font in fonts.items():
        descendants = font.get("/DescendantFonts")
        described = descendants[0].get_object() if descendants else font
        descriptor = described["/FontDescriptor"].get_object()
        assert any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")), name
    if shutil.which("pdffonts"):
        listing = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True).stdout
        rows = listing.splitlines()[2:]
        assert rows and all(" yes yes " in row for row in rows)


def _card(found: Assessment) -> Scorecard:
    return score(found.questionnaire, found.answers)


def test_findings_on_top_answers_are_planned_in_phase_1_not_left_outside_the_plan(handouts: Handouts) -> None:
    texts = handouts.example(ROOT / "examples" / "partner-api.yaml").texts
    flat = " ".join(" ".join(texts).split())
    assert "outside the plan" not in flat
    page_two = " ".join(texts[1].split())
    assert "I-SD-B-2 Give every consumer and service a credential of its own · planned in phase 1" in page_two
    roadmap = " ".join(page for page in texts if "closes the finding, the answer already at its top" in page)
    for activity in ("I-SD-B-2", "O-EM-A-1", "D-TA-A-1", "O-IM-B-1"):
        assert activity in roadmap
