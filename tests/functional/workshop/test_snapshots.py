"""Snapshots of the workshop as text, at 80×24 and on a large screen.

Each test renders the screen as a terminal would show it (no colours) and
compares it with a committed ``snapshots/<name>.txt``. After a deliberate change
of layout, regenerate them with ``ASSESS_UPDATE_SNAPSHOTS=1 pytest tests/functional/workshop/test_snapshots.py``
and review the diff. A mismatch writes ``<name>.actual.txt`` beside the snapshot.
Blinking cursors and animations are off, and the clock is fixed (see conftest).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from textual.app import App

from assess.workshop.editing import Session
from tests.functional.workshop.conftest import screen_text, workshop_app
from tests.workshop_support import api_samm, write_answers

SNAPSHOTS = Path(__file__).parent / "snapshots"
UPDATE = os.environ.get("ASSESS_UPDATE_SNAPSHOTS") == "1"


def assert_snapshot(app: App[object], name: str) -> None:
    actual = screen_text(app) + "\n"
    expected_path = SNAPSHOTS / f"{name}.txt"
    actual_path = SNAPSHOTS / f"{name}.actual.txt"
    if UPDATE or not expected_path.exists():
        SNAPSHOTS.mkdir(exist_ok=True)
        expected_path.write_text(actual, encoding="utf-8")
        actual_path.unlink(missing_ok=True)
        if not UPDATE:
            pytest.fail(f"new snapshot written to {expected_path}; review it and run again")
        return
    expected = expected_path.read_text(encoding="utf-8")
    if actual != expected:
        actual_path.write_text(actual, encoding="utf-8")
        pytest.fail(f"screen differs from {expected_path.name}; see {actual_path.name} (diff them)")
    actual_path.unlink(missing_ok=True)


@pytest.fixture
def payments(tmp_path: Path) -> Path:
    """A workshop in progress: eight answers, a note, evidence and criteria on the first one."""
    q = api_samm()
    ids = [a.id for a in q.activities]
    chosen: dict[str, object] = {a: q.options_for(q.activity_by_id[a])[2].id for a in ids[3:6]}
    chosen.update({ids[6]: "n/a", ids[7]: "most", ids[8]: "none"})
    chosen[ids[0]] = {
        "answer": "half",
        "note": "Signed by the CISO in March; the card processor we call is not covered yet.",
        "evidence": ["https://wiki.example/api-risk"],
        "criteria": [True, True, True, False],
    }
    chosen[ids[1]] = "some"
    return write_answers(
        tmp_path / "payments.yaml",
        q,
        chosen,  # type: ignore[arg-type]
        team="Payments API",
        date="2026-11-29",
        targets={"G-SM": 1.5, "G-PC": 2, "G-EG": 1},
    )


@pytest.mark.parametrize(("size", "name"), [((80, 24), "workshop-80x24"), ((160, 48), "workshop-160x48")])
async def test_main_screen(payments: Path, size: tuple[int, int], name: str) -> None:
    session = Session.open(payments)
    app = workshop_app(session)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        assert_snapshot(app, name)
    session.close()


async def test_main_screen_with_scores_at_80_columns(payments: Path) -> None:
    session = Session.open(payments)
    app = workshop_app(session)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("s")
        await pilot.pause()
        assert_snapshot(app, "workshop-80x24-scores")
    session.close()


async def test_first_question_after_an_answer_with_unmet_criteria(payments: Path) -> None:
    session = Session.open(payments)
    app = workshop_app(session)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("left", "left", "g")  # back to G-SM-A-1, guidance open
        await pilot.pause()
        assert_snapshot(app, "workshop-120x36-criteria-guidance")
    session.close()


async def test_targets_screen(payments: Path) -> None:
    session = Session.open(payments)
    app = workshop_app(session)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("t")
        await pilot.pause()
        assert_snapshot(app, "targets-100x30")
    session.close()
