"""The workshop's PDF export: rendered in a worker, next to the answers file, without leaving the workshop."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot

from assess.tui.app import WorkshopApp
from assess.workshop.editing import Session
from tests.functional.pdf_layout import texts
from tests.functional.workshop.conftest import workshop_app
from tests.workshop_support import ODD_PATH, odd, write_answers


async def export_messages(app: WorkshopApp, pilot: Pilot[object]) -> list[str]:
    """Press p, wait for the render worker, and return the notifications shown so far."""
    await pilot.press("p")
    await app.workers.wait_for_complete()
    await pilot.pause()
    return [n.message for n in app._notifications]


async def test_p_writes_the_handout_beside_the_answers_file(tmp_path: Path) -> None:
    path = write_answers(tmp_path / "team.yaml", odd(), {"one-1": "much"}, team="Export <b>team</b>")
    session = Session.open(path, str(ODD_PATH))
    app = workshop_app(session)
    async with app.run_test(size=(120, 36)) as pilot:
        messages = await export_messages(app, pilot)
        pdf = tmp_path / "team.pdf"
        assert pdf.read_bytes().startswith(b"%PDF")
        text = "".join(texts(pdf))
        assert "Export <b>team</b>" in text
        assert any(f"PDF handout written to {pdf}" in m for m in messages), messages
        await pilot.press("2")  # the workshop goes on after the export
        assert session.answers.chosen("one-3") == "yep"
    session.close()


async def test_export_refuses_to_replace_a_file_that_is_not_a_pdf(tmp_path: Path) -> None:
    path = write_answers(tmp_path / "team.yaml", odd(), {})
    (tmp_path / "team.pdf").write_text("my own notes, not a PDF")
    session = Session.open(path, str(ODD_PATH))
    app = workshop_app(session)
    async with app.run_test() as pilot:
        messages = await export_messages(app, pilot)
        assert any(m.startswith("No PDF:") and "not a PDF" in m for m in messages), messages
    assert (tmp_path / "team.pdf").read_text() == "my own notes, not a PDF"
    session.close()


async def test_an_unexpected_rendering_failure_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*_: object, **__: object) -> Path:
        raise RuntimeError("layout engine gave up")

    monkeypatch.setattr("assess.report.render_report", broken)
    path = write_answers(tmp_path / "team.yaml", odd(), {})
    session = Session.open(path, str(ODD_PATH))
    app = workshop_app(session)
    async with app.run_test() as pilot:
        messages = await export_messages(app, pilot)
        assert "No PDF: unexpected RuntimeError: layout engine gave up" in messages, messages
        await pilot.press("2")  # the workshop goes on
        assert session.answers.chosen("one-1") == "little"
    session.close()
