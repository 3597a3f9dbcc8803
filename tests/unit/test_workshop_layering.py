"""The workshop's own state (session, lock) sits in the core, free of Textual; only assess.tui draws."""

from __future__ import annotations

import subprocess
import sys

TEXTUAL_FREE = [
    "assess.model",
    "assess.loading",
    "assess.scoring",
    "assess.compare",
    "assess.checks",
    "assess.saving",
    "assess.session",
    "assess.locking",
    "assess.folder",
    "assess.tui.bars",
]


def modules_after(code: str) -> set[str]:
    probe = f"{code}\nimport sys\nprint('\\n'.join(sys.modules))"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    return set(result.stdout.split())


def test_the_core_and_the_workshop_state_import_no_textual() -> None:
    loaded = modules_after("\n".join(f"import {name}" for name in TEXTUAL_FREE))
    assert "assess.session" in loaded
    assert not {m for m in loaded if m.split(".")[0] in ("textual", "textual_serve", "weasyprint")}


def test_the_workshop_app_does_import_textual() -> None:
    """The probe above can tell: the app itself loads Textual."""
    assert "textual.app" in modules_after("import assess.tui.app")


def test_the_command_line_loads_textual_only_for_the_workshop() -> None:
    loaded = modules_after("import assess.cli")
    assert not {m for m in loaded if m.split(".")[0] in ("textual", "textual_serve")}
