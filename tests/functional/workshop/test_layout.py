"""What fits on a small screen: at 80x24 every option and the first quality criterion of every built-in
activity are in view without scrolling, and the navigator cuts names, never the numbers after them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from textual.app import App

from assess.core.display import fmt
from assess.core.model import Questionnaire
from assess.files.discovery import builtin_questionnaires
from assess.tui.screens.workshop import WorkshopScreen
from assess.tui.widgets.question import QuestionPanel
from assess.workshop.editing import Session
from tests.functional.workshop.conftest import screen_text, workshop_app
from tests.workshop_support import api_samm, write_answers

SETTLE_PAUSES = 5
"""Refreshes to wait for the panel to settle after moving to an activity, before calling text hidden."""


def in_view(app: App[object], panel: QuestionPanel) -> str:
    """The panel's visible text as one line of words (wrapping undone), as a person reads it."""
    region = panel.scrollable_content_region
    lines = screen_text(app).splitlines()[region.y : region.bottom]
    return " ".join(" ".join(line[region.x : region.right] for line in lines).split())


@pytest.mark.parametrize("q", builtin_questionnaires(), ids=lambda q: q.id)
async def test_every_option_and_the_first_criterion_are_in_view_at_80x24(tmp_path: Path, q: Questionnaire) -> None:
    session = Session.open(tmp_path / f"{q.id}.yaml", q.id)
    app = workshop_app(session)
    hidden: list[str] = []
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        assert isinstance(screen, WorkshopScreen)
        panel = screen.query_one(QuestionPanel)
        for activity in q.activities:
            screen.go_to_id(activity.id)
            options = [f"{n} ○ {o.label}" for n, o in enumerate(q.options_for(activity), start=1)]
            wanted = [*options, "n ○ Not applicable"]
            if activity.criteria:
                wanted.append("☐ " + " ".join(activity.criteria[0].split()))
            missing = wanted
            for _ in range(SETTLE_PAUSES):  # a loaded machine may need a few refreshes to lay the panel out
                await pilot.pause()
                seen = in_view(app, panel)
                missing = [text for text in wanted if " ".join(text.split()) not in seen]
                if not missing:
                    break
            hidden += [f"{activity.id}: {text}" for text in missing]
    session.close()
    assert not hidden, hidden


async def test_the_navigator_cuts_names_and_keeps_scores_whole(tmp_path: Path) -> None:
    q = api_samm()
    chosen = {a.id: q.options_for(a)[-1].id for a in q.activities if a.id.startswith("G-PC-A")}
    chosen["G-PC-A-3"] = q.options_for(q.activity_by_id["G-PC-A-3"])[1].id  # a score with two decimals
    path = write_answers(tmp_path / "team.yaml", q, chosen)
    session = Session.open(path)
    score = fmt(session.scorecard().practice("G-PC").score)
    app = workshop_app(session)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        text = screen_text(app)
    session.close()
    assert len(score) == 4 and score != "0.00"
    (line,) = [line for line in text.splitlines() if "Policy &" in line]
    assert re.search(rf"Policy &[^│]*… {re.escape(score)} +│", line), line  # the name cut, the score whole


async def test_quick_answers_with_unmet_criteria_put_no_toast_over_the_question(tmp_path: Path) -> None:
    session = Session.open(write_answers(tmp_path / "team.yaml", api_samm(), {}))
    app = workshop_app(session)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*"3" * 12)  # above the lowest option, no criterion ticked: each one is warned about
        assert len(session.answers.answers) == 12
        assert not app._notifications  # (30 quick answers once stacked them over the whole centre pane)
        last = session.activities[11]
        n = len(last.criteria)
        assert screen_text(app).splitlines()[0].endswith(f"⚠ {last.id}: {n} of {n} criteria unmet")
    session.close()
