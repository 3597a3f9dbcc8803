"""The PDF handout: HTML from templates (:mod:`.html`), SVG charts (:mod:`.charts`), WeasyPrint (:mod:`.pdf`).

Importing this package is cheap: Jinja2 and WeasyPrint load when a report is rendered.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from assess.core.problems import InputError
from assess.report.assets import AssetError, check_template_dir

if TYPE_CHECKING:
    from assess.core.model import Answers, Questionnaire
    from assess.core.roadmap import Roadmap, Schedule
    from assess.core.scoring import NaMode
    from assess.core.targets import Targets
    from assess.report.compare import Benchmark, Previous

Paper = Literal["a4", "letter"]
PDF_MAGIC = b"%PDF-"

__all__ = [
    "Extras",
    "check_classification",
    "check_outputs",
    "check_template_dir",
    "render_html_text",
    "render_report",
    "write_report",
]
DEFAULT_CLASSIFICATION = "Confidential"
MAX_CLASSIFICATION = 60


@dataclass(frozen=True)
class Extras:
    """What a report may add to the answers: a marking, the previous assessment, a benchmark."""

    classification: str | None = None
    """``--classification``; else the answers file's ``classification``; else "Confidential"."""
    previous: Previous | None = None
    benchmark: Benchmark | None = None
    tagged: bool = True


def check_classification(value: str) -> str | None:
    """Why a classification cannot be printed on every page, or None: at most 60 characters, no control codes."""
    if not value.strip():
        return "is empty; give a marking such as Confidential, or leave it out"
    if len(value) > MAX_CLASSIFICATION:
        return f"is {len(value)} characters long; a marking has at most {MAX_CLASSIFICATION}"
    if any(unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") for c in value):
        return "holds a control or formatting character; write it as plain text"
    return None


def render_report(
    questionnaire: Questionnaire,
    answers: Answers,
    answers_file: str,
    output_pdf: Path,
    *,
    html_output: Path | None = None,
    template_dir: Path | None = None,
    paper: Paper = "a4",
    targets: Targets | None = None,
    phases: int = 4,
    capacity: float | None = None,
    na: NaMode = "zero",
    warn: Callable[[str], None] | None = None,
    view: str | None = None,
    schedule: Schedule | None = None,
    extras: Extras | None = None,
) -> Path:
    """Plan a roadmap and write the PDF handout (and the HTML if asked); returns the PDF's path.

    The one path to a handout: the ``report`` command and the workshop's export both call it.
    ``targets`` defaults to the usual precedence (the answers file's targets, else the
    questionnaire's default profile). ``warn`` hears what WeasyPrint could not use (an image
    of a branded template that the locked fetcher refused, say). ``view="bsimm"`` adds the BSIMM-style
    scorecard of a SAMM assessment, derived through its crosswalk (a bsimm questionnaire always has its own).
    ``extras`` adds the marking, the previous assessment and the benchmark. Raises InputError for unusable
    outputs or templates.
    """
    from assess.core.roadmap import NO_SCHEDULE, plan
    from assess.core.targets import resolve_targets

    check_outputs(Path(answers_file), output_pdf, html_output)
    if template_dir is not None:
        check_template_dir(template_dir)
    chosen = targets if targets is not None else resolve_targets(questionnaire, answers, file=answers_file)
    road = plan(
        questionnaire, answers, chosen, phases=phases, capacity=capacity, na=na, schedule=schedule or NO_SCHEDULE
    )
    problems = write_report(
        questionnaire,
        answers,
        answers_file,
        road,
        output_pdf,
        html_output,
        template_dir,
        paper,
        view=view,
        extras=extras,
    )
    for problem in problems:
        if warn is not None:
            warn(problem)
    return output_pdf


def render_html_text(
    questionnaire: Questionnaire,
    answers: Answers,
    answers_file: str,
    roadmap: Roadmap,
    template_dir: Path | None = None,
    paper: str = "a4",
    today: dt.date | None = None,
    view: str | None = None,
    extras: Extras | None = None,
) -> str:
    """The report's HTML (stylesheet and charts inline)."""
    from assess.report.assets import Assets
    from assess.report.bsimm import derived_card
    from assess.report.context import ReportInput, build_context
    from assess.report.html import render_html
    from assess.report.palette import palette_for

    extras = extras or Extras()
    classification = extras.classification or answers.classification or DEFAULT_CLASSIFICATION
    if (problem := check_classification(classification)) is not None:
        raise InputError.single(answers_file, f"classification {problem}", where="classification")
    data = ReportInput(
        questionnaire,
        answers,
        answers_file,
        roadmap,
        today or dt.date.today(),
        bsimm=derived_card(questionnaire, answers) if view == "bsimm" else None,
        classification=classification,
        previous=extras.previous,
        benchmark=extras.benchmark,
    )
    assets = Assets.for_template(template_dir)
    try:
        palette = palette_for(assets)
        logo = assets.logo()
    except AssetError as error:
        raise InputError.single(str(assets.folders[0]), f"template error: {error}") from None
    return render_html(build_context(data, palette, logo), assets, paper)


def write_report(
    questionnaire: Questionnaire,
    answers: Answers,
    answers_file: str,
    roadmap: Roadmap,
    output_pdf: Path,
    html_output: Path | None = None,
    template_dir: Path | None = None,
    paper: str = "a4",
    *,
    view: str | None = None,
    extras: Extras | None = None,
) -> list[str]:
    """Render and write the PDF (and HTML); returns what WeasyPrint could not use, for a warning."""
    from assess.files.saving import atomic_write
    from assess.report.assets import Assets
    from assess.report.pdf import html_to_pdf

    html = render_html_text(
        questionnaire, answers, answers_file, roadmap, template_dir, paper, view=view, extras=extras
    )
    rendered = html_to_pdf(html, Assets.for_template(template_dir), tagged=(extras or Extras()).tagged)
    if html_output is not None:
        atomic_write(html_output, html, keep_backup=False)
    atomic_write(output_pdf, rendered.pdf, keep_backup=False)
    return rendered.problems


def check_outputs(answers_file: Path, output_pdf: Path, html_output: Path | None) -> None:
    """Outputs go to folders we can write in, never onto the answers file or another file that is not ours.

    Checked before anything is rendered. An existing PDF may be replaced (a new report over an
    old one); an existing file of any other kind, a pipe, a device or a read-only file is refused,
    so a slip such as ``-o answers.yaml`` loses nothing.
    """
    from assess.files.saving import target_problem

    problems: list[tuple[str, str]] = []
    seen: dict[Path, str] = {}
    for option, path, magic in (("-o", output_pdf, PDF_MAGIC), ("--html", html_output, None)):
        if path is None:
            continue
        where = str(path)
        folder = path.parent if str(path.parent) else Path()
        resolved = _resolved(path)
        if resolved is None:
            problems.append((where, f"{option}: is a symbolic link that loops or cannot be followed; give a file name"))
        elif not folder.is_dir():
            problems.append((where, f"{option}: the folder {folder} does not exist; create it first"))
        elif path.is_dir():
            problems.append((where, f"{option}: is a folder; give a file name"))
        elif resolved == _resolved(answers_file):
            problems.append((where, f"{option}: this is the answers file; choose another name for the report"))
        elif resolved in seen:
            problems.append((where, f"{option}: same file as {seen[resolved]}; choose two different names"))
        elif (problem := target_problem(path)) is not None:
            problems.append((where, f"{option}: {problem}"))
        elif path.exists() and not _looks_like(path, magic):
            kind = "a PDF" if magic else "an HTML file"
            problems.append((where, f"{option}: already exists and is not {kind}; choose another name"))
        if resolved is not None:
            seen[resolved] = option
    if problems:
        from assess.core.problems import Problem

        raise InputError(Problem(file, what) for file, what in problems)


def _resolved(path: Path) -> Path | None:
    """The real path behind ``path``, or None for a link loop (pathlib raises RuntimeError on those)."""
    try:
        return path.resolve()
    except (RuntimeError, OSError):
        return None


def _looks_like(path: Path, magic: bytes | None) -> bool:
    """An existing output we may replace: a PDF (by its magic bytes), or an HTML document."""
    try:
        with path.open("rb") as handle:
            head = handle.read(512)
    except OSError:
        return False
    if magic is not None:
        return head.startswith(magic)
    return head.lstrip().lower().startswith((b"<!doctype html", b"<html"))
