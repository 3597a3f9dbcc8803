"""`template -o` and `report -o/--html` replace only regular files, and say so before any work is done."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from assess.cli import main

DATA = Path(__file__).parent.parent / "data"
ODD = DATA / "odd-questionnaire.yaml"
SMALL = "format: 1\nquestionnaire: odd-shapes\nversion: 0.3.1\nteam: Small team\n"
NOT_REGULAR = "is not a regular file (a pipe, a device or a socket); assess replaces only regular files"


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stderr


@pytest.fixture
def answers(tmp_path: Path) -> Path:
    path = tmp_path / "answers.yaml"
    path.write_text(SMALL, encoding="utf-8")
    return path


def test_template_force_never_replaces_a_pipe(tmp_path: Path) -> None:
    fifo = tmp_path / "team.yaml"
    os.mkfifo(fifo)
    code, err = run("template", "-q", str(ODD), "-o", str(fifo), "--force")
    assert (code, err) == (2, f"{fifo}: {NOT_REGULAR}\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["team.yaml"]  # no .bak made of it either
    assert not fifo.is_file()


def test_template_force_refuses_a_read_only_file(tmp_path: Path) -> None:
    path = tmp_path / "team.yaml"
    path.write_text("keep me\n", encoding="utf-8")
    path.chmod(0o444)
    code, err = run("template", "-q", str(ODD), "-o", str(path), "--force")
    assert code == 2
    assert (
        err
        == f"{path}: is read-only (mode 0444); make it writable (chmod u+w) to replace it, or write to another file\n"
    )
    assert path.read_text(encoding="utf-8") == "keep me\n"


@pytest.mark.parametrize("option", ["-o", "--html"])
def test_report_never_writes_to_a_pipe(answers: Path, tmp_path: Path, option: str) -> None:
    fifo = tmp_path / ("out.pdf" if option == "-o" else "out.html")
    os.mkfifo(fifo)
    outputs = ["-o", str(fifo)] if option == "-o" else ["-o", str(tmp_path / "r.pdf"), "--html", str(fifo)]
    code, err = run("report", str(answers), "-q", str(ODD), *outputs)
    assert (code, err) == (2, f"{fifo}: {option}: {NOT_REGULAR}\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["answers.yaml", fifo.name])


def test_report_refuses_a_read_only_pdf(answers: Path, tmp_path: Path) -> None:
    pdf = tmp_path / "r.pdf"
    pdf.write_bytes(b"%PDF-1.7 an earlier report")
    pdf.chmod(0o444)
    code, err = run("report", str(answers), "-q", str(ODD), "-o", str(pdf))
    assert code == 2
    assert err.count("\n") == 1 and "-o: is read-only (mode 0444)" in err
    assert pdf.read_bytes() == b"%PDF-1.7 an earlier report"


def _without_root_powers() -> list[str]:
    """A prefix that runs a command without the power to ignore permissions (root has it)."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root and setpriv is not available: root writes in read-only folders")
    probe = subprocess.run([setpriv, "--bounding-set=-dac_override,-dac_read_search,-fowner", "true"], check=False)
    if probe.returncode != 0:
        pytest.skip("running as root and cannot drop the capability to ignore permissions")
    return [setpriv, "--bounding-set=-dac_override,-dac_read_search,-fowner", "--inh-caps=-all"]


def test_report_into_a_read_only_folder_is_one_line_before_rendering(answers: Path, tmp_path: Path) -> None:
    folder = tmp_path / "handouts"
    folder.mkdir()
    folder.chmod(0o555)
    command = [sys.executable, "-m", "assess", "report", str(answers), "-q", str(ODD), "-o", str(folder / "r.pdf")]
    try:
        result = subprocess.run([*_without_root_powers(), *command], capture_output=True, text=True, check=False)
    finally:
        folder.chmod(0o755)
    assert result.returncode == 2
    assert result.stderr == (
        f"{folder / 'r.pdf'}: -o: cannot write in the folder {folder} (Permission denied); "
        "choose a folder you can write in\n"
    )
    assert list(folder.iterdir()) == []


def test_report_outputs_and_answers_that_are_link_loops_are_one_line(tmp_path: Path, answers: Path) -> None:
    (tmp_path / "b.pdf").symlink_to(tmp_path / "a.pdf")
    (tmp_path / "a.pdf").symlink_to(tmp_path / "b.pdf")
    code, err = run("report", str(answers), "-q", str(ODD), "-o", str(tmp_path / "a.pdf"))
    assert (code, err.count("\n")) == (2, 1)
    assert "symbolic link that loops" in err and "Traceback" not in err
    (tmp_path / "y.yaml").symlink_to(tmp_path / "x.yaml")
    (tmp_path / "x.yaml").symlink_to(tmp_path / "y.yaml")
    code, err = run("report", str(tmp_path / "x.yaml"), "-q", str(ODD), "-o", str(tmp_path / "out.pdf"))
    assert (code, err.count("\n")) == (2, 1)
    assert "loop" in err and not (tmp_path / "out.pdf").exists()


def test_report_on_an_unreadable_answers_file_is_one_line_not_a_usage_screen(tmp_path: Path, answers: Path) -> None:
    answers.chmod(0)
    command = [sys.executable, "-m", "assess", "report", str(answers), "-q", str(ODD), "-o", str(tmp_path / "o.pdf")]
    try:
        result = subprocess.run([*_without_root_powers(), *command], capture_output=True, text=True, check=False)
    finally:
        answers.chmod(0o644)
    assert (result.returncode, result.stderr.count("\n")) == (2, 1), result.stderr
    assert "Usage:" not in result.stderr and "cannot be read" in result.stderr
