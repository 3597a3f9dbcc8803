"""The layering of DESIGN.md: the core never imports a view, Textual or WeasyPrint."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import DATA, ODD_PATH

CORE = [
    "assess.model",
    "assess.yaml_source",
    "assess.problems",
    "assess.printable",
    "assess.resources",
    "assess.loading",
    "assess.checks",
    "assess.scoring",
    "assess.compare",
    "assess.coverage",
    "assess.roadmap",
    "assess.saving",
    "assess.template",
    "assess.schemas",
]
VIEWS_AND_HEAVY = [
    "textual",
    "weasyprint",
    "jinja2",
    "rich",
    "click",
    "assess.tui",
    "assess.report",
    "assess.formats",
    "assess.cli",
]


def imported_after(code: str) -> set[str]:
    probe = f"{code}\nimport sys\nprint('\\n'.join(sys.modules))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    return set(out.split())


def test_core_modules_import_no_view_and_no_heavy_library() -> None:
    loaded = imported_after("\n".join(f"import {m}" for m in CORE))
    assert set(CORE) <= loaded  # the probe really imported the core
    leaked = {m for m in loaded for banned in VIEWS_AND_HEAVY if m == banned or m.startswith(banned + ".")}
    assert not leaked


@pytest.mark.parametrize("output_format", ["json", "csv", "markdown"])
def test_scoring_from_the_command_line_imports_neither_textual_nor_weasyprint(output_format: str) -> None:
    code = (
        "import sys\nfrom assess.cli import main\n"
        f"sys.argv = ['assess', 'score', {str(DATA / 'odd-answers.yaml')!r}, '-q', {str(ODD_PATH)!r},"
        f" '--format', '{output_format}']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
    )
    loaded = imported_after(code)
    assert "assess.scoring" in loaded
    assert not {m for m in loaded if m.split(".")[0] in ("textual", "weasyprint", "jinja2", "rich")}


WORKSHOP_STATE = ["assess.session", "assess.locking", "assess.folder", "assess.tui.bars"]
"""The workshop's own state and helpers: Textual-free, so they are unit-tested without an app."""


def test_the_workshop_state_imports_no_textual() -> None:
    loaded = imported_after("\n".join(f"import {m}" for m in [*CORE, *WORKSHOP_STATE]))
    assert set(WORKSHOP_STATE) <= loaded
    assert not {m for m in loaded if m.split(".")[0] in ("textual", "textual_serve", "weasyprint")}


def test_the_workshop_app_does_import_textual() -> None:
    """The probe above can tell: the app itself loads Textual."""
    assert "textual.app" in imported_after("import assess.tui.app")


def test_the_command_line_loads_textual_only_for_the_workshop() -> None:
    loaded = imported_after("import assess.cli")
    assert not {m for m in loaded if m.split(".")[0] in ("textual", "textual_serve")}
