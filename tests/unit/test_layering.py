"""The layering of DESIGN.md: import-linter's contracts (pyproject) hold, and they can fail.

The contracts are checked by ``lint-imports`` in ``make test``; here they are also shown to catch a
core module that imports Textual. A runtime probe keeps the ``score`` path free of heavy libraries,
and every module of the Textual-free layers is discovered, not listed by hand.
"""

from __future__ import annotations

import pkgutil
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import assess
from tests.conftest import DATA, ODD_PATH

ROOT = Path(__file__).resolve().parents[2]
TEXTUAL_FREE_LAYERS = ("assess.core", "assess.files", "assess.documents", "assess.workshop")
VIEW_LIBRARIES = ("textual", "textual_serve", "weasyprint", "jinja2", "rich", "click")


def modules_of(*packages: str) -> list[str]:
    """Every module below the given packages, found on disk (a new module is guarded at once)."""
    found = []
    for package in packages:
        path = Path(assess.__file__).parent / package.split(".", 1)[1].replace(".", "/")
        found.append(package)
        found += [m.name for m in pkgutil.walk_packages([str(path)], prefix=package + ".")]
    return found


def imported_after(code: str) -> set[str]:
    probe = f"{code}\nimport sys\nprint('\\n'.join(sys.modules))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    return set(out.split())


def test_the_textual_free_layers_import_no_view_and_no_view_library() -> None:
    modules = modules_of(*TEXTUAL_FREE_LAYERS)
    assert {"assess.core.scoring", "assess.files.loading", "assess.workshop.editing", "assess.workshop.custody"} <= set(
        modules
    )
    loaded = imported_after("\n".join(f"import {m}" for m in modules))
    assert set(modules) <= loaded  # the probe really imported them
    leaked = {m for m in loaded if m.split(".")[0] in VIEW_LIBRARIES or m.startswith(("assess.tui", "assess.report"))}
    assert not leaked
    assert not {m for m in loaded if m.startswith(("assess.formats", "assess.cli"))}


@pytest.mark.parametrize("output_format", ["json", "csv", "markdown"])
def test_scoring_from_the_command_line_imports_neither_textual_nor_weasyprint(output_format: str) -> None:
    code = (
        "import sys\nfrom assess.cli import main\n"
        f"sys.argv = ['assess', 'score', {str(DATA / 'odd-answers.yaml')!r}, '-q', {str(ODD_PATH)!r},"
        f" '--format', '{output_format}']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
    )
    loaded = imported_after(code)
    assert "assess.core.scoring" in loaded
    assert not {m for m in loaded if m.split(".")[0] in ("textual", "weasyprint", "jinja2", "rich")}


def test_the_workshop_app_does_import_textual() -> None:
    """The probes above can tell: the app itself loads Textual."""
    assert "textual.app" in imported_after("import assess.tui.app")


def test_the_command_line_loads_textual_only_for_the_workshop() -> None:
    loaded = imported_after("import assess.cli")
    assert not {m for m in loaded if m.split(".")[0] in ("textual", "textual_serve")}


def lint_imports(root: Path) -> subprocess.CompletedProcess[str]:
    executable = Path(sys.executable).with_name("lint-imports")
    return subprocess.run(
        [str(executable), "--config", str(root / "pyproject.toml"), "--no-cache"],
        capture_output=True,
        text=True,
        cwd=root,
        env={"PYTHONPATH": str(root), "PATH": "/usr/bin:/bin"},
    )


def test_the_import_contracts_hold_and_fail_when_the_core_imports_textual(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "assess", tmp_path / "assess", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    kept = lint_imports(tmp_path)
    assert kept.returncode == 0, kept.stdout + kept.stderr
    scoring = tmp_path / "assess" / "core" / "targets.py"
    scoring.write_text(scoring.read_text() + "\nimport textual  # a view library in the core\n")
    broken = lint_imports(tmp_path)
    assert broken.returncode == 1
    assert "assess.core.targets -> textual" in broken.stdout
