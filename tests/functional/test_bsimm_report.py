"""The PDF handout of a BSIMM scorecard: its table, its spider chart with the pool average, where to look first.

One render per case, read back with PDFium (the text) and from the HTML (the chart's series).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from assess.cli import main
from tests.functional.handouts import Handouts
from tests.functional.pdf_layout import texts

pytestmark = pytest.mark.filterwarnings("ignore:HarfBuzz-Subset:DeprecationWarning")

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
FINTECH = EXAMPLES / "api-bsimm-fintech.yaml"
BANK = EXAMPLES / "bank-api-platform.yaml"


def render(tmp_path: Path, *args: str) -> tuple[str, str]:
    pdf, html = tmp_path / "r.pdf", tmp_path / "r.html"
    result = CliRunner().invoke(main, ["report", *args, "-o", str(pdf), "--html", str(html)])
    assert result.exit_code == 0, result.output
    assert "warning" not in result.stderr  # no broken anchor or refused asset
    text = "\n".join(texts(pdf))
    return " ".join(text.split()), html.read_text(encoding="utf-8")


def score(*args: str) -> Any:
    return json.loads(CliRunner().invoke(main, ["score", *args, "--format", "json"]).stdout)


def test_a_bsimm_questionnaire_gets_its_scorecard_spider_and_method(handouts: Handouts) -> None:
    made = handouts.example(FINTECH)
    assert "warning" not in made.stderr
    text, html = " ".join("\n".join(made.texts).split()), made.html
    block = score(str(FINTECH))["bsimm"]
    assert "BSIMM-style scorecard" in text and "BSIMM view (derived)" not in text
    assert f"{block['firm_score']} / {block['total']} activities observed (firm score)" in text
    for practice in block["practices"]:
        assert f"{practice['observed']}/{practice['total']}" in text
    assert "Share of each practice's activities observed, beside the BSIMM16 average" in text
    assert "observed here" in html and "BSIMM16 average" in html  # the spider chart's two series
    assert "SE1.1 Watch API traffic for attacks" in text  # common practice not observed
    assert "This is a BSIMM-style scorecard, not a maturity ladder" in text  # its own method page
    assert "OWASP SAMM v2 Toolbox formulas exactly" not in text
    assert "34.00" not in text  # counts are whole numbers everywhere


def test_a_samm_report_with_view_bsimm_adds_the_derived_page(tmp_path: Path) -> None:
    text, _ = render(tmp_path, str(BANK), "--view", "bsimm")
    derived = score(str(BANK), "--view", "bsimm")["bsimm"]
    assert "BSIMM view (derived)" in text
    assert "Derived from the api-samm" in text and "api-samm-to-bsimm16" in text
    assert f"{derived['firm_score']} / {derived['total']}" in text
    assert "OWASP SAMM v2 Toolbox formulas exactly" in text  # the SAMM pages stay as they are
    assert re.search(r"2\.\d\d / 3", text)
