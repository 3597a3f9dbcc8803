"""`assess report` bad input: one line on stderr, exit code 2, and no user file touched."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from assess.cli import main
from assess.core.problems import InputError
from tests.functional.pdf_layout import texts

pytestmark = pytest.mark.filterwarnings("ignore:HarfBuzz-Subset:DeprecationWarning")

DATA = Path(__file__).parent.parent / "data"
ODD = DATA / "odd-questionnaire.yaml"
SMALL = "format: 1\nquestionnaire: odd-shapes\nversion: 0.3.1\nteam: Small team\ntargets: {P-ONE: 1}\n"


@pytest.fixture
def answers(tmp_path: Path) -> Path:
    path = tmp_path / "answers.yaml"
    path.write_text(SMALL, encoding="utf-8")
    return path


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stderr


def test_output_folder_must_exist(answers: Path, tmp_path: Path) -> None:
    code, err = run("report", str(answers), "-q", str(ODD), "-o", str(tmp_path / "missing" / "r.pdf"))
    assert code == 2
    assert "does not exist" in err
    assert err.count("\n") == 1


def test_the_answers_file_is_never_overwritten(answers: Path) -> None:
    code, err = run("report", str(answers), "-q", str(ODD), "-o", str(answers))
    assert code == 2
    assert "this is the answers file" in err
    assert answers.read_text(encoding="utf-8") == SMALL
    pdf = str(answers.with_suffix(".pdf"))
    code, err = run("report", str(answers), "-q", str(ODD), "-o", pdf, "--html", str(answers))
    assert code == 2
    assert answers.read_text(encoding="utf-8") == SMALL


def test_an_existing_file_that_is_not_a_pdf_is_not_replaced(answers: Path, tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("precious")
    code, err = run("report", str(answers), "-q", str(ODD), "-o", str(notes))
    assert code == 2
    assert "already exists and is not a PDF" in err
    assert notes.read_text() == "precious"
    code, err = run("report", str(answers), "-q", str(ODD), "-o", str(tmp_path / "r.pdf"), "--html", str(notes))
    assert code == 2
    assert "not an HTML file" in err


def test_a_pipe_is_refused_rather_than_read(answers: Path, tmp_path: Path) -> None:
    """Checking what an existing output holds would block forever on a FIFO."""
    import os
    import threading

    fifo = tmp_path / "out.pdf"
    os.mkfifo(fifo)
    stop, opened = threading.Event(), threading.Event()

    def unblock_a_reader() -> None:  # so that a regression fails here instead of hanging the suite
        while not stop.wait(0.05):
            try:
                os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
            except OSError:
                continue
            opened.set()
            return

    watcher = threading.Thread(target=unblock_a_reader)
    watcher.start()
    try:
        code, err = run("report", str(answers), "-q", str(ODD), "-o", str(fifo))
    finally:
        stop.set()
        watcher.join()
    assert not opened.is_set(), "the FIFO was opened for reading"
    assert code == 2
    assert "is not a regular file" in err


def test_a_template_folder_must_hold_the_entry_template_and_stylesheet(answers: Path, tmp_path: Path) -> None:
    brand = tmp_path / "brand"
    brand.mkdir()
    (brand / "report.css").write_text("body {}")
    code, err = run("report", str(answers), "-q", str(ODD), "-o", str(tmp_path / "r.pdf"), "--template", str(brand))
    assert code == 2
    assert "missing report.html.j2" in err
    code, err = run("report", str(answers), "-q", str(ODD), "-o", str(tmp_path / "r.pdf"), "--template", "nowhere")
    assert code == 2
    assert "no such folder" in err


def test_bad_targets_exit_2(answers: Path, tmp_path: Path) -> None:
    code, err = run("report", str(answers), "-q", str(ODD), "-o", str(tmp_path / "r.pdf"), "--target", "P-ONE=9")
    assert code == 2
    assert "out of range" in err


def test_a_new_pdf_replaces_an_old_one_and_letter_paper(answers: Path, tmp_path: Path) -> None:
    from pypdf import PdfReader

    output = tmp_path / "r.pdf"
    output.write_bytes(b"%PDF-1.7\nold report\n")
    code, err = run("report", str(answers), "-q", str(ODD), "-o", str(output), "--paper", "letter")
    assert code == 0, err
    page = PdfReader(output).pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (612, 792)
    assert not list(tmp_path.glob(".r.pdf.*.tmp"))


def test_a_report_without_targets_still_renders(tmp_path: Path) -> None:

    answers = tmp_path / "answers.yaml"
    answers.write_text("format: 1\nquestionnaire: odd-shapes\nversion: 0.3.1\n", encoding="utf-8")
    output = tmp_path / "r.pdf"
    code, err = run("report", str(answers), "-q", str(ODD), "-o", str(output))
    assert code == 0, err
    text = "".join(texts(output))
    assert "No targets are set" in text
    for planned in ("AFTER PLAN", "after the roadmap", "after the plan", "after each phase"):
        assert planned not in text  # nothing about a plan that does not exist


def test_report_imports_weasyprint_only_when_rendering() -> None:
    code = (
        "import sys; from assess.cli import main; import assess.report; "
        "print([m for m in ('weasyprint', 'jinja2') if m in sys.modules])"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_render_report_is_callable_from_python(tmp_path: Path) -> None:
    """The entry point the workshop's export action calls."""
    from pypdf import PdfReader

    from assess.files.assessments import load_assessment
    from assess.report import render_report

    path = tmp_path / "answers.yaml"
    path.write_text(SMALL, encoding="utf-8")
    found = load_assessment(path, str(ODD))
    written = render_report(
        found.questionnaire,
        found.answers,
        found.file,
        tmp_path / "out.pdf",
        html_output=tmp_path / "out.html",
        phases=2,
        paper="a4",
    )
    assert written == tmp_path / "out.pdf"
    outline = [item.title for item in PdfReader(written).outline if not isinstance(item, list)]
    assert "Roadmap" in outline
    assert "Small team" in (tmp_path / "out.html").read_text(encoding="utf-8")
    with pytest.raises(InputError):
        render_report(found.questionnaire, found.answers, found.file, path)  # never onto the answers file


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("<p>{{ meta.team </p>", "template error"),
        ("<p>{{ no_such_value }}</p>", "'no_such_value' is undefined"),
        ("<p>{{ meta.__class__.__mro__ }}</p>", "template error"),
        ("<img src=\"{{ asset('missing.svg') }}\">", "template error: no such file: 'missing.svg'"),
        ('{% include "_missing.html.j2" %}', "template error: no such file: '_missing.html.j2'"),
    ],
)
def test_a_broken_or_unsafe_template_is_one_line_and_exit_2(
    answers: Path, tmp_path: Path, body: str, message: str
) -> None:
    brand = tmp_path / "brand"
    brand.mkdir()
    (brand / "report.css").write_text("body {}")
    (brand / "report.html.j2").write_text(body)
    code, err = run("report", str(answers), "-q", str(ODD), "-o", str(tmp_path / "r.pdf"), "--template", str(brand))
    assert code == 2
    assert message in err
    assert err.count("\n") == 1
    assert not (tmp_path / "r.pdf").exists()


def test_a_stylesheet_that_is_not_utf8_is_one_line_and_exit_2(answers: Path, tmp_path: Path) -> None:
    brand = tmp_path / "brand"
    brand.mkdir()
    (brand / "report.css").write_bytes(b"body { font-family: \xff; }")
    (brand / "report.html.j2").write_text("<p>{{ meta.team }}</p>")
    code, err = run("report", str(answers), "-q", str(ODD), "-o", str(tmp_path / "r.pdf"), "--template", str(brand))
    assert code == 2
    assert "'report.css' is not UTF-8 text" in err
    assert err.count("\n") == 1


def test_outputs_are_checked_before_the_answers_file_is_read(tmp_path: Path) -> None:
    broken = tmp_path / "answers.yaml"
    broken.write_text("format: 1\nquestionnaire: [not, an, id\n", encoding="utf-8")
    code, err = run("report", str(broken), "-q", str(ODD), "-o", str(tmp_path / "missing" / "r.pdf"))
    assert code == 2
    assert err.count("\n") == 1
    assert "-o: the folder" in err and "does not exist" in err


def test_what_the_pdf_could_not_use_is_a_warning_and_the_report_is_written(answers: Path, tmp_path: Path) -> None:
    brand = tmp_path / "brand"
    brand.mkdir()
    (brand / "report.css").write_text("body {}")
    (brand / "report.html.j2").write_text('<p>{{ meta.team }}</p><img src="https://example.com/logo.png">')
    output = tmp_path / "r.pdf"
    result = CliRunner().invoke(
        main, ["report", str(answers), "-q", str(ODD), "-o", str(output), "--template", str(brand)]
    )
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning:")]
    assert warnings and all(line.startswith(f"warning: {brand}: ") for line in warnings)
    assert "https://example.com/logo.png" in warnings[0]
    assert result.stderr.splitlines()[-1] == f"wrote {output}"
    assert output.read_bytes().startswith(b"%PDF-")
