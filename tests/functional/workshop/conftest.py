"""Fixtures for driving the workshop app through Textual's Pilot."""

from __future__ import annotations

import asyncio
import datetime as dt
import io
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import yaml
from rich.console import Console
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from assess.tui.app import WorkshopApp
from assess.workshop.editing import Session

FIXED_TIME = dt.datetime(2026, 11, 29, 10, 30, 0)


@pytest.fixture(autouse=True)
def steady_screen(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No blinking cursors and a fixed clock in the 'saved' indicator, so screens are repeatable."""
    monkeypatch.setattr(Input, "cursor_blink", False)
    monkeypatch.setattr(TextArea, "cursor_blink", False)
    monkeypatch.setattr("assess.tui.screens.workshop.clock", lambda: FIXED_TIME)
    yield


def workshop_app(session: Session | None = None, **kwargs: object) -> WorkshopApp:
    """The app as ``assess workshop`` builds it, without animations."""
    app = WorkshopApp(session, **kwargs)  # type: ignore[arg-type]
    app.animation_level = "none"
    return app


def on_disk(path: Path) -> dict[str, object]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def answers_on_disk(path: Path) -> dict[str, object]:
    answers = on_disk(path).get("answers") or {}
    assert isinstance(answers, dict)
    return answers


def screen_text(app: App[object]) -> str:
    """The screen as plain text, as a terminal would show it (no colours)."""
    width, height = app.size
    console = Console(
        width=width,
        height=height,
        file=io.StringIO(),
        record=True,
        force_terminal=True,
        color_system="truecolor",
        legacy_windows=False,
        safe_box=False,
    )
    console.print(app.screen._compositor.render_update(full=True, screen_stack=app._background_screens))
    return "\n".join(line.rstrip() for line in console.export_text().splitlines())


async def wait_for(pilot: Pilot[object], condition: Callable[[], bool], timeout: float = 5.0) -> None:
    """Let the app run until ``condition`` holds (for work Textual does in the background)."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("condition not reached in time")
        await pilot.pause(0.02)
    await asyncio.sleep(0)
