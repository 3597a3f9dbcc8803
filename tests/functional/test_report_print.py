"""Print rules read from the stylesheet; branding, links, glyphs, long text, template errors via `assess report`."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import tinycss2
from click.testing import CliRunner
from pypdf import PdfReader

from assess.cli import main
from assess.files.resources import reports_dir
from assess.report import text
from assess.report.palette import root_variables
from tests.functional.pdf_layout import texts

pytestmark = pytest.mark.filterwarnings("ignore:HarfBuzz-Subset:DeprecationWarning")

DATA = Path(__file__).parent.parent / "data"
ODD = DATA / "odd-questionnaire.yaml"
BANK = Path(__file__).parents[2] / "examples" / "bank-api-platform.yaml"
STYLESHEET = (reports_dir() / "report.css").read_text(encoding="utf-8")
BODY_PT, LABEL_PT, CONTRAST = 9.0, 7.5, 4.5
UNITS = {"pt": 1.0, "px": 0.75, "mm": 72 / 25.4}
_HEX = re.compile(r"#[0-9a-fA-F]{6}\b|#[0-9a-fA-F]{3}\b")


def invoke(*args: str) -> object:
    return CliRunner().invoke(main, list(args))


def odd_answers(folder: Path, extra: str = "", note: str = "fine") -> Path:
    path = folder / "odd.yaml"
    path.write_text(
        "format: 1\nquestionnaire: odd-shapes\nversion: 0.3.1\nteam: Odd team\n"
        f"answers:\n  one-1:\n    answer: some\n    note: {note}\n  three-a-1: yep\n"
        f"targets: {{P-ONE: 1.5}}\n{extra}",
        encoding="utf-8",
    )
    return path


# Stylesheet rules ---------------------------------------------------------------------------


def rules(css: str) -> list[tuple[str, dict[str, str]]]:
    """(selector, declarations) of every rule, margin boxes of @page included."""
    found = []

    def walk(nodes: list[object], prefix: str) -> None:
        for node in nodes:
            kind = getattr(node, "type", "")
            if kind == "qualified-rule":
                selector = prefix + tinycss2.serialize(node.prelude).strip()  # type: ignore[attr-defined]
                found.append((selector, declarations(node.content)))  # type: ignore[attr-defined]
            elif kind == "at-rule" and node.content is not None:  # type: ignore[attr-defined]
                name = f"@{node.lower_at_keyword} {tinycss2.serialize(node.prelude).strip()}".strip()  # type: ignore[attr-defined]
                inner = tinycss2.parse_blocks_contents(node.content, skip_comments=True, skip_whitespace=True)  # type: ignore[attr-defined]
                found.append((prefix + name, declarations(node.content)))  # type: ignore[attr-defined]
                walk([n for n in inner if getattr(n, "type", "") in ("qualified-rule", "at-rule")], prefix + name + " ")

    walk(tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True), "")
    return found


def declarations(content: list[object]) -> dict[str, str]:
    out = {}
    for item in tinycss2.parse_blocks_contents(content, skip_comments=True, skip_whitespace=True):
        if getattr(item, "type", "") == "declaration":
            out[item.lower_name] = tinycss2.serialize(item.value).strip()  # type: ignore[attr-defined]
    return out


def size_of(value: str) -> float | None:
    """A font size in points, from ``font-size`` or the ``font`` shorthand (None for em/% sizes)."""
    found = re.search(r"(\d+(?:\.\d+)?)(pt|px|mm)\b", value)
    return float(found.group(1)) * UNITS[found.group(2)] if found else None


def luminance(colour: str) -> float:
    digits = colour.lstrip("#")
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    channels = [int(digits[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_body_text_is_9_pt_and_no_text_is_under_7_5_pt() -> None:
    sizes = {}
    for selector, decls in rules(STYLESHEET):
        for key in ("font-size", "font"):
            if key in decls and (points := size_of(decls[key])) is not None:
                sizes[selector] = points
    assert sizes["html"] >= BODY_PT
    small = {s: v for s, v in sizes.items() if v < LABEL_PT}
    assert small == {}


def test_every_colour_of_the_stylesheet_is_a_palette_variable() -> None:
    """A brand changes every colour at the top of report.css: no colour is written anywhere else."""
    outside_root = [
        (selector, key, value)
        for selector, decls in rules(STYLESHEET)
        if selector != ":root"
        for key, value in decls.items()
        if _HEX.search(value) or re.search(r"\b(white|black|red|gray|grey)\b", value)
    ]
    assert outside_root == []


def test_every_text_colour_has_4_5_to_1_contrast_on_its_background() -> None:
    palette = root_variables(STYLESHEET)

    def resolve(value: str) -> str | None:
        found = re.search(r"var\((--[a-z-]+)\)", value)
        return palette.get(found.group(1)) if found else None

    found = rules(STYLESHEET)
    backgrounds = {sel: resolve(d.get("background", d.get("background-color", ""))) for sel, d in found}
    weak = []
    for selector, decls in found:
        colour = resolve(decls.get("color", ""))
        if colour is None:
            continue
        # Its own background, else that of the nearest rule whose selector it extends (.cover-band .kicker), else paper.
        ground = backgrounds.get(selector) or next(
            (
                backgrounds[other]
                for other in sorted(backgrounds, key=len, reverse=True)
                if backgrounds[other] and other != selector and selector.startswith(other + " ")
            ),
            None,
        )
        for background in {ground or palette["--paper"], palette["--paper"] if ground is None else ground}:
            if contrast(colour, background) < CONTRAST:
                weak.append((selector, colour, background, round(contrast(colour, background), 2)))
    # Text on panels: muted labels sit on the soft and note panels too.
    for panel in ("--soft", "--note", "--accent-soft", "--good-soft", "--warn-soft"):
        for ink in ("--ink", "--muted"):
            if contrast(palette[ink], palette[panel]) < CONTRAST:
                weak.append((panel, ink, round(contrast(palette[ink], palette[panel]), 2)))
    assert weak == []


# Branding -----------------------------------------------------------------------------------


@pytest.mark.parametrize("case", ["odd", "bsimm"])
def test_a_branded_palette_changes_every_colour_of_the_report(tmp_path: Path, case: str) -> None:
    brand = tmp_path / "brand"
    shutil.copytree(reports_dir(), brand)
    defaults = root_variables(STYLESHEET)
    css = STYLESHEET
    mine = {}
    for n, (name, value) in enumerate(defaults.items()):
        mine[name] = f"#{n + 1:02x}{n + 1:02x}{n + 1:02x}"
        css = css.replace(f"{name}: {value};", f"{name}: {mine[name]};", 1)
    (brand / "report.css").write_text(css, encoding="utf-8")
    (brand / "logo.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="10"><rect width="40" height="10"/></svg>',
        encoding="utf-8",
    )
    chosen = ["-q", str(ODD)] if case == "odd" else ["--view", "bsimm"]  # the derived BSIMM page and its spider too
    answers = odd_answers(tmp_path) if case == "odd" else BANK
    result = invoke(
        "report",
        str(answers),
        *chosen,
        "-o",
        str(tmp_path / "r.pdf"),
        "--html",
        str(tmp_path / "r.html"),
        "--template",
        str(brand),
    )
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    used = {c.lower() for c in _HEX.findall(html)}
    assert used <= {v.lower() for v in mine.values()}, used - {v.lower() for v in mine.values()}  # nothing else
    assert {mine["--brand"], mine["--accent"], mine["--good"]} <= used  # the charts took the brand's colours
    assert 'class="logo" src="data:image/svg+xml;base64,' in html
    reader = PdfReader(tmp_path / "r.pdf")
    assert "/XObject" in reader.pages[0]["/Resources"]  # the logo is drawn on the cover


# Links, glyphs, long text ---------------------------------------------------------------------


def live_links(pdf: Path) -> set[str]:
    return {
        str(annotation.get_object()["/A"].get("/URI"))
        for page in PdfReader(pdf).pages
        for annotation in page.get("/Annots") or []
        if "/URI" in annotation.get_object().get("/A", {})
    }


def test_a_templates_javascript_or_file_link_never_becomes_a_live_link(tmp_path: Path) -> None:
    brand = tmp_path / "brand"
    shutil.copytree(reports_dir(), brand)
    cover = (brand / "_cover.html.j2").read_text(encoding="utf-8")
    cover = cover.replace(
        '<p class="cover-foot">',
        '<p><a href="javascript:alert(1)">js</a> <a href="file:///etc/passwd">file</a> '
        '<a href="data:text/html,x">data</a> <a href="https://ok.example.com/">ok</a> '
        '<a href="mailto:sec@example.com">mail</a></p><p class="cover-foot">',
    )
    (brand / "_cover.html.j2").write_text(cover, encoding="utf-8")
    answers = odd_answers(tmp_path)
    result = invoke("report", str(answers), "-q", str(ODD), "-o", str(tmp_path / "r.pdf"), "--template", str(brand))
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    assert live_links(tmp_path / "r.pdf") == {"https://ok.example.com/", "mailto:sec@example.com"}


def test_a_character_missing_from_every_font_is_shown_by_its_code_point_and_reported_once(tmp_path: Path) -> None:
    answers = odd_answers(tmp_path, note='"launch \\U0001F680 and \\U0001F680 again, fine \\u00e9"')
    result = invoke("report", str(answers), "-q", str(ODD), "-o", str(tmp_path / "r.pdf"))
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    warnings = [line for line in result.stderr.splitlines() if "U+1F680" in line]  # type: ignore[attr-defined]
    assert len(warnings) == 1 and "not in the report's fonts" in warnings[0]
    shown = "".join(texts(tmp_path / "r.pdf"))
    assert "launch [U+1F680] and [U+1F680] again, fine é" in shown


def test_a_20000_character_unbroken_note_is_cut_and_wraps(tmp_path: Path) -> None:
    """Issue 9: a 100,000-character note took 218 s. Notes are cut to a page's worth, runs get break opportunities."""
    answers = odd_answers(tmp_path, note="N" * 20_000)
    result = invoke("report", str(answers), "-q", str(ODD), "-o", str(tmp_path / "r.pdf"))
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    shown = "".join(texts(tmp_path / "r.pdf")).replace(text.ZWSP, "")
    flat = " ".join(shown.split())
    assert "(full text in the answers file)" in flat
    assert shown.count("N") < text.NOTE * 2


# Template errors ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("snippet", "said"),
    [
        ("{{ 1 / 0 }}", "ZeroDivisionError"),
        ("{% for i in range(10**6) %}{% endfor %}", "larger than a template may use"),
        ("{{ 'x' * 1000000000 }}", "larger than a template may use"),
        ("{{ 'x' | center(1000000000) }}", "larger than a template may use"),
        ("{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}", "too deeply"),
        ("{{ meta.nothing_here }}", "has no attribute"),
    ],
)
def test_a_template_error_at_render_time_is_one_line_naming_the_template_and_exit_2(
    tmp_path: Path, snippet: str, said: str
) -> None:
    brand = tmp_path / "brand"
    shutil.copytree(reports_dir(), brand)
    (brand / "_method.html.j2").write_text("<p>\n" + snippet + "\n</p>", encoding="utf-8")
    answers = odd_answers(tmp_path)
    result = invoke("report", str(answers), "-q", str(ODD), "-o", str(tmp_path / "r.pdf"), "--template", str(brand))
    assert result.exit_code == 2
    lines = result.stderr.splitlines()  # type: ignore[attr-defined]
    assert len(lines) == 1, lines
    assert "Traceback" not in result.output  # type: ignore[attr-defined]
    assert lines[0].startswith(f"{(brand / '_method.html.j2').resolve()}:2: template error"), lines[0]
    assert said in lines[0]
    assert not (tmp_path / "r.pdf").exists()
