"""A workshop on the BSIMM-style questionnaire, end to end: answer with one key, resume, export the PDF."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from assess.tui.screens.workshop import WorkshopScreen
from assess.workshop.editing import Session
from tests.functional.pdf_layout import texts
from tests.functional.workshop.conftest import answers_on_disk, screen_text, workshop_app

pytestmark = pytest.mark.filterwarnings("ignore:HarfBuzz-Subset:DeprecationWarning")


def workshop(app: object) -> WorkshopScreen:
    screen = app.screen  # type: ignore[attr-defined]
    assert isinstance(screen, WorkshopScreen)
    return screen


async def test_answer_resume_and_export_an_api_bsimm_assessment(tmp_path: Path) -> None:
    path = tmp_path / "payments.yaml"
    session = Session.open(path, "api-bsimm")
    app = workshop_app(session)
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        assert workshop(app).activity.id == "SM1.1"
        await pilot.press("2", "1", "2")  # observed / not observed: the digit keys of a two-option scale
        await pilot.pause()
        assert answers_on_disk(path) == {"SM1.1": "observed", "SM1.4": "not-observed", "SM1.7": "observed"}
        text = screen_text(app)
        panel = text.split("Firm score", 1)[1]  # the score panel counts activities, live
        assert panel.split()[0] == "2" and "/77" in panel.split("\n")[0]
        assert re.search(r"│   Strategy & Metrics +2 .+→3", panel)  # 2 observed, the default profile's target 3
    session.close()

    resumed = Session.open(path, "api-bsimm")
    app = workshop_app(resumed)
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        assert workshop(app).activity.id == "SM2.1"  # the first unanswered one
        await pilot.press("n", "2")  # SM2.1 not applicable, SM2.3 observed
        await pilot.pause()
        assert answers_on_disk(path)["SM2.1"] == "n/a"
        assert re.search(r"Firm score +3 ", screen_text(app))
        await pilot.press("p")
        await app.workers.wait_for_complete()
        await pilot.pause()
        messages = [n.message for n in app._notifications]
        pdf = tmp_path / "payments.pdf"
        assert any(f"PDF handout written to {pdf}" in m for m in messages), messages
        text = " ".join("".join(texts(pdf)).split())
        assert "BSIMM-style scorecard" in text
        assert "3 / 77 activities observed (firm score)" in text
        assert "answered n/a (counted as not observed)" in text
    resumed.close()


async def test_the_narrow_screen_strip_counts_too(tmp_path: Path) -> None:
    session = Session.open(tmp_path / "edge.yaml", "api-bsimm")
    app = workshop_app(session)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2")
        await pilot.pause()
        assert "1/77 · firm score 1 · " in screen_text(app)
        assert "SM 1→3" in screen_text(app)  # the practice's observed count against the default target
        assert re.search(r"Governance 1\s", screen_text(app))  # the navigator counts too
        with pytest.raises(ValueError, match="not a whole number; bsimm targets count observed activities"):
            session.set_targets({"SM": 2.5})
    session.close()
