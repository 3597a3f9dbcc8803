"""The built wheel carries the questionnaires and report templates and works outside the checkout."""

from __future__ import annotations

import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from assess.files.resources import builtin_questionnaires_dir, reports_dir

ROOT = Path(__file__).resolve().parents[2]


def test_a_checkout_or_editable_install_finds_the_top_level_folders() -> None:
    assert builtin_questionnaires_dir() == ROOT / "questionnaires"
    assert reports_dir() == ROOT / "reports"


@pytest.mark.slow
def test_wheel_installs_and_runs_in_a_fresh_venv(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(dist),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    (wheel,) = dist.glob("assess-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "assess/questionnaires/api-samm.yaml" in names
    assert "assess/questionnaires/schemas/answers.schema.json" in names
    assert any(n.startswith("assess/reports/") for n in names)
    licences = {n.split("/licenses/", 1)[1] for n in names if "/licenses/" in n}
    assert licences == {"LICENSE", "NOTICE", "questionnaires/LICENSE"}  # Apache-2.0 code, CC BY-SA content

    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)  # no ensurepip: 3 s
    python = venv / "bin" / "python"
    install = ["-m", "pip", "--python", str(python), "install", "--quiet", "--no-deps", str(wheel)]
    subprocess.run([sys.executable, *install], check=True)  # this environment's pip, into the fresh venv
    # Dependencies come from this environment (a .pth line adds its site-packages without running its
    # .pth files, so this checkout's editable install stays invisible); assess itself only from the wheel.
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    Path(site, "outer-deps.pth").write_text(sysconfig.get_path("purelib") + "\n")

    workdir = tmp_path / "elsewhere"
    workdir.mkdir()
    answers = workdir / "answers.yaml"
    answers.write_text(
        "format: 1\nquestionnaire: api-samm\nversion: 1.1.0\nteam: Wheel team\nanswers:\n  I-SB-A-1: some\n"
    )
    assess = venv / "bin" / "assess"
    where = subprocess.run(
        [str(python), "-c", "import assess.files.resources as r; print(r.builtin_questionnaires_dir())"],
        cwd=workdir,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    assert where.startswith(str(venv)), where
    listed = subprocess.run([str(assess), "list"], cwd=workdir, check=True, capture_output=True, text=True)
    assert "api-samm" in listed.stdout
    scored = subprocess.run(
        [str(assess), "score", "answers.yaml", "--format", "json"],
        cwd=workdir,
        check=True,
        capture_output=True,
        text=True,
    )
    assert '"team": "Wheel team"' in scored.stdout
