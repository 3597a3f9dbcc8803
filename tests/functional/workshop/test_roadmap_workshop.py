"""The roadmap in the workshop: findings flagged with one key, the estate in the details, the live plan screen."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Select

from assess.tui.screens.finding import FindingScreen
from assess.tui.screens.roadmap import RoadmapScreen
from assess.tui.screens.workshop import WorkshopScreen
from assess.workshop.editing import Session
from tests.functional.workshop.conftest import answers_on_disk, on_disk, screen_text, workshop_app
from tests.workshop_support import api_samm, write_answers


def flat(app: object) -> str:
    """The screen's words on one line, without the box's borders (wrapped sentences read whole)."""
    return " ".join(screen_text(app).replace("│", " ").split())  # type: ignore[arg-type]


def workshop(app: object) -> WorkshopScreen:
    screen = app.screen  # type: ignore[attr-defined]
    assert isinstance(screen, WorkshopScreen)
    return screen


async def test_f_flags_a_finding_with_one_digit_and_shows_it_on_the_question(tmp_path: Path) -> None:
    q = api_samm()
    path = write_answers(tmp_path / "team.yaml", q, {"G-SM-A-1": "none"})
    session = Session.open(path)
    app = workshop_app(session)
    async with app.run_test(size=(100, 34)) as pilot:
        assert workshop(app).activity.id == "G-SM-A-2"
        await pilot.press("f")
        await pilot.pause()
        assert isinstance(app.screen, FindingScreen)
        await pilot.press("tab", *"one key in every app", "shift+tab", "2")  # a note, then high
        await pilot.pause()
        assert isinstance(app.screen, WorkshopScreen)
        entry = answers_on_disk(path)["G-SM-A-2"]
        assert entry == {"answer": None, "finding": "high", "finding_note": "one key in every app"}
        text = screen_text(app)
        assert "⚑ high finding: one key in every app" in text
        await pilot.press("f", "0")  # removed again: the entry had nothing else, so it goes
        await pilot.pause()
        assert "G-SM-A-2" not in answers_on_disk(path)
        assert "⚑" not in screen_text(app)
        await pilot.press("u")  # undoable like any change
        await pilot.pause()
        assert answers_on_disk(path)["G-SM-A-2"]["finding"] == "high"  # type: ignore[index]
    session.close()


async def test_r_shows_the_live_plan_with_the_finding_first(tmp_path: Path) -> None:
    q = api_samm()
    path = write_answers(tmp_path / "team.yaml", q, {"G-SM-A-1": "none"}, targets={"G-SM": 1, "V-RT": 1})
    session = Session.open(path)
    app = workshop_app(session)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, RoadmapScreen)
        before = screen_text(app)
        assert "Phase 1" in before and "Findings" not in before
        await pilot.press("escape")
        workshop(app).go_to_id("V-RT-A-1")
        await pilot.press("f", "1")  # critical
        await pilot.press("r")
        await pilot.pause()
        text = screen_text(app)
        assert "Findings: 1 (1 critical): V-RT-A-1 critical (phase 1)" in flat(app)
        phase_one = text[text.index("Phase 1") :]
        assert phase_one.index("V-RT-A-1") < phase_one.index("G-SM-A-1")  # the finding leads the plan
        assert "critical finding" in text
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, WorkshopScreen)
    session.close()


async def test_a_finding_on_a_top_answer_shows_as_a_closing_step_on_the_plan_screen(tmp_path: Path) -> None:
    q = api_samm()
    top = q.options_for(q.activity_by_id["V-RT-A-1"])[-1].id
    path = write_answers(tmp_path / "team.yaml", q, {"V-RT-A-1": top}, targets={"G-SM": 1})
    session = Session.open(path)
    app = workshop_app(session)
    async with app.run_test(size=(120, 40)) as pilot:
        workshop(app).go_to_id("V-RT-A-1")
        await pilot.press("f", "2")  # high, on an answer at its top
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, RoadmapScreen)
        text = flat(app)
        assert "Findings: 1 (1 high): V-RT-A-1 high (phase 1)" in text
        assert "Test authentication and cross-user object access · closes the high finding, score unchanged" in text
        assert "answer already at its top; 5 of 5 quality criteria unmet" in text
    session.close()


async def test_the_estate_is_edited_in_the_details_and_scales_the_plan(tmp_path: Path) -> None:
    q = api_samm()
    path = write_answers(tmp_path / "team.yaml", q, {}, targets={"V-RT": 1})
    session = Session.open(path)
    app = workshop_app(session)
    async with app.run_test(size=(100, 60)) as pilot:
        await pilot.press("r")
        await pilot.pause()
        assert "for the questionnaire's basis of 20 APIs" in flat(app)
        await pilot.press("escape", "d")
        await pilot.pause()
        apis = app.screen.query_one("#apis")
        apis.value = "0"  # type: ignore[attr-defined]
        apis.focus()
        await pilot.press("enter")  # enter in any field saves
        await pilot.pause()
        assert "write a whole number of 1 or more" in screen_text(app)
        assert "estate" not in on_disk(path)
        apis.value = "4"  # type: ignore[attr-defined]
        app.screen.query_one("#teams").value = "1"  # type: ignore[attr-defined]
        app.screen.query_one("#exposure", Select).value = "partner"
        apis.focus()
        await pilot.press("enter")
        await pilot.pause()
        assert on_disk(path)["estate"] == {"apis": 4, "teams": 1, "exposure": "partner"}
        await pilot.press("r")
        await pilot.pause()
        text = flat(app)
        assert "for 4 APIs and 1 team, scaled from the questionnaire's basis of 20 APIs and 5 teams" in text
        assert "Exposure: partner." in text
    session.close()


async def test_on_a_bsimm_questionnaire_the_plan_counts_activities_and_leads_with_the_findings(tmp_path: Path) -> None:
    # Seen in tmux at 160x48 before the fix: "now overall 34.00" and "after phase 1: overall 36.00".
    example = Path(__file__).resolve().parents[3] / "examples" / "api-bsimm-fintech.yaml"
    path = tmp_path / "fintech.yaml"
    path.write_text(example.read_text(encoding="utf-8"), encoding="utf-8")
    session = Session.open(path)
    app = workshop_app(session)
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, RoadmapScreen)
        text = flat(app)
        assert "now firm score 34, 82% to target" in text
        assert "after phase 1: firm score 36 · 87% to target" in text
        assert "overall 34.00" not in text and "Exposure" not in text
        phase_one = text[text.index("Phase 1") : text.index("Phase 2")]
        assert phase_one.index("CMVM1.4") < phase_one.index("SE1.1")  # both high findings, most common first
        assert "done by 86 of the 111 firms of BSIMM16" in phase_one
    session.close()
