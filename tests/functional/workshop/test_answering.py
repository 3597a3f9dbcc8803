"""The workshop through its keys: every change is in the file by the time the screen moves on."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from rich.text import Text
from textual.color import Color
from textual.widgets import Tree

from assess.tui.screens.workshop import WorkshopScreen
from assess.workshop.editing import Session
from tests.functional.workshop.conftest import answers_on_disk, on_disk, screen_text, wait_for, workshop_app
from tests.workshop_support import ODD_PATH, api_samm, odd, write_answers

ODD = str(ODD_PATH)


def workshop(app: object) -> WorkshopScreen:
    screen = app.screen  # type: ignore[attr-defined]
    assert isinstance(screen, WorkshopScreen)
    return screen


async def test_digit_keys_answer_save_and_move_on_one_key_at_a_time(tmp_path: Path) -> None:
    path = tmp_path / "team.yaml"
    session = Session.open(path, ODD)
    app = workshop_app(session)
    async with app.run_test() as pilot:
        assert workshop(app).activity.id == "one-1"
        await pilot.press("2")
        assert answers_on_disk(path) == {"one-1": "little"}
        assert workshop(app).activity.id == "one-3"
        await pilot.press("2")
        assert answers_on_disk(path) == {"one-1": "little", "one-3": "yep"}
        await pilot.press("1")
        assert answers_on_disk(path) == {"one-1": "little", "one-3": "yep", "three-a-1": "nope"}
        assert workshop(app).activity.id == "three-a-2"
        await pilot.press("5")
        assert answers_on_disk(path)["three-a-2"] == "full"
        # A digit beyond the scale changes nothing.
        assert workshop(app).activity.id == "three-b-2"
        await pilot.press("3")
        assert "three-b-2" not in answers_on_disk(path)
        assert workshop(app).activity.id == "three-b-2"
    session.close()


async def test_the_score_panel_follows_the_answers(tmp_path: Path) -> None:
    q = api_samm()
    path = write_answers(tmp_path / "team.yaml", q, {})
    session = Session.open(path)
    app = workshop_app(session)
    async with app.run_test(size=(140, 40)) as pilot:
        before = screen_text(app)
        assert "0/90" in before
        await pilot.press("4", "4", "4")  # the top option of G-SM-A-1..3: Strategy & Metrics stream A = 3
        await pilot.pause()
        after = screen_text(app)
        assert "3/90" in after
        # The practice score (mean of its two streams: 3 and 0) is 1.50, shown in the navigator and the panel.
        assert "Strategy & Metrics 1.50" in after
        assert "1.50" in after.split("Overall", 1)[1]
    session.close()


async def test_resume_lands_on_the_first_unanswered_activity(tmp_path: Path) -> None:
    q = odd()
    chosen = {"one-1": "some", "one-3": "yep", "three-a-1": "n/a", "three-b-2": "nope"}
    path = write_answers(tmp_path / "team.yaml", q, chosen)
    session = Session.open(path, ODD)
    app = workshop_app(session)
    async with app.run_test() as pilot:
        await pilot.pause()
        assert workshop(app).activity.id == "three-a-2"
        assert "three-a-2" in screen_text(app)
        await pilot.press("space")  # next unanswered skips the answered three-b-2
        assert workshop(app).activity.id == "three-c-1"
    session.close()


async def test_na_clear_and_undo_are_saved(tmp_path: Path) -> None:
    path = tmp_path / "team.yaml"
    session = Session.open(path, ODD)
    app = workshop_app(session)
    async with app.run_test() as pilot:
        await pilot.press("n")
        assert answers_on_disk(path) == {"one-1": "n/a"}
        await pilot.press("left", "x")
        assert workshop(app).activity.id == "one-1"
        assert answers_on_disk(path) == {}
        await pilot.press("u")
        assert answers_on_disk(path) == {"one-1": "n/a"}
        assert workshop(app).activity.id == "one-1"
        await pilot.press("u")
        assert answers_on_disk(path) == {}
        await pilot.press("3", "ctrl+z")
        assert answers_on_disk(path) == {}
    session.close()


async def test_notes_and_evidence_are_saved_as_they_are_typed(tmp_path: Path) -> None:
    path = tmp_path / "team.yaml"
    session = Session.open(path, ODD)
    app = workshop_app(session)
    async with app.run_test() as pilot:
        await pilot.press("e", *"gw 42")
        # Digits typed in the note are text, not answers.
        assert workshop(app).activity.id == "one-1"
        await pilot.press("escape")
        assert answers_on_disk(path) == {"one-1": {"answer": None, "note": "gw 42"}}
        await pilot.press("l", *"w.example/1", "enter")
        assert answers_on_disk(path)["one-1"] == {
            "answer": None,
            "note": "gw 42",
            "evidence": ["w.example/1"],
        }
        await pilot.press("4")
        assert answers_on_disk(path)["one-1"] == {
            "answer": "much",
            "note": "gw 42",
            "evidence": ["w.example/1"],
        }
        # A note being typed is saved when the focus leaves it, even before the typing pause.
        await pilot.press("e", *"second", "tab")
        await pilot.pause()
        assert answers_on_disk(path)["one-3"] == {"answer": None, "note": "second"}
    session.close()


async def test_a_note_is_saved_after_a_pause_in_typing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("assess.tui.widgets.notes.NOTE_SAVE_DELAY", 0.1)
    path = tmp_path / "team.yaml"
    session = Session.open(path, ODD)
    app = workshop_app(session)
    async with app.run_test() as pilot:
        await pilot.press("e", *"typing")
        # Saved without leaving the field (on a slow machine a pause between two keys may save a part first).
        await wait_for(pilot, lambda: answers_on_disk(path).get("one-1") == {"answer": None, "note": "typing"})
    session.close()


async def test_quality_criteria_are_ticked_saved_and_warned_about(tmp_path: Path) -> None:
    q = api_samm()
    first = q.activities[0]
    n = len(first.criteria)
    path = write_answers(tmp_path / "team.yaml", q, {})
    session = Session.open(path)
    app = workshop_app(session)
    async with app.run_test(size=(120, 60)) as pilot:
        await pilot.press("c", "space")  # the first criterion holds
        assert answers_on_disk(path) == {first.id: {"answer": None, "criteria": [True] + [False] * (n - 1)}}
        await pilot.press("3")  # above the lowest option with unmet criteria: saved anyway, and warned
        assert answers_on_disk(path)[first.id]["answer"] == q.options_for(first)[2].id  # type: ignore[index]
        status = screen_text(app).splitlines()[0]
        assert status.endswith(f"✓ saved 10:30:00 ⚠ {first.id}: {n - 1} of {n} criteria unmet")  # in the status line
        assert not app._notifications  # not in a toast over the next question's options
        await pilot.press("left")
        assert f"⚠ {n - 1} of {n}" in screen_text(app)  # beside the criteria themselves
        await pilot.press("a")  # all criteria hold
        assert answers_on_disk(path)[first.id]["criteria"] == [True] * n  # type: ignore[index]
        assert f"⚠ {n - 1} of {n}" not in screen_text(app)
        assert "⚠" not in screen_text(app).splitlines()[0]
    session.close()


async def test_mouse_clicks_pick_an_option_and_tick_criteria(tmp_path: Path) -> None:
    q = api_samm()
    first = q.activities[0]
    path = write_answers(tmp_path / "team.yaml", q, {})
    session = Session.open(path)
    app = workshop_app(session)
    async with app.run_test(size=(120, 50)) as pilot:
        await pilot.click("#criteria", offset=(4, 0))  # the first criterion
        await pilot.pause()
        marks = [True] + [False] * (len(first.criteria) - 1)
        assert answers_on_disk(path) == {first.id: {"answer": None, "criteria": marks}}
        await pilot.click("#options", offset=(6, 1))  # second line: option 2
        await pilot.pause()
        assert answers_on_disk(path)[first.id]["answer"] == q.options_for(first)[1].id  # type: ignore[index]
        assert workshop(app).activity.id == q.activities[1].id
    session.close()


async def test_arrows_and_the_navigator_reach_the_right_activity(tmp_path: Path) -> None:
    path = tmp_path / "team.yaml"
    session = Session.open(path, ODD)
    app = workshop_app(session)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("right", "right", "right")
        assert workshop(app).activity.id == "three-a-2"
        await pilot.press("left")
        assert workshop(app).activity.id == "three-a-1"
        await pilot.press("left", "left", "left")  # stops at the first
        assert workshop(app).activity.id == "one-1"
        nav = app.screen.query_one("#nav")
        nav.focus()
        await pilot.press("down", "enter")  # the tree's cursor starts on the current activity
        assert workshop(app).activity.id == "one-3"
        await pilot.click("#nav", offset=(8, 3))  # the line of one-1 (F1, P-ONE, its stream, one-1)
        await pilot.pause()
        assert workshop(app).activity.id == "one-1"
    session.close()


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("V-ST-B-2", "V-ST-B-2"), ("risk appetite", "G-SM-A-1"), ("incident playbooks", "O-IM-B-2")],
)
async def test_the_command_palette_jumps_to_an_activity_by_id_or_words(
    tmp_path: Path, typed: str, expected: str
) -> None:
    from textual.command import CommandPalette

    path = write_answers(tmp_path / "team.yaml", api_samm(), {"G-SM-A-1": "none"})
    session = Session.open(path)
    app = workshop_app(session)
    async with app.run_test(size=(120, 40)) as pilot:
        assert workshop(app).activity.id == "G-SM-A-2"
        await pilot.press("ctrl+p")
        await wait_for(pilot, lambda: isinstance(app.screen, CommandPalette))
        await pilot.press(*typed)
        palette = app.screen
        await wait_for(pilot, lambda: palette.query_one("CommandList").option_count > 0)  # type: ignore[attr-defined]
        await pilot.pause(0.3)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, WorkshopScreen))
        assert workshop(app).activity.id == expected
    session.close()


async def test_details_are_edited_and_saved(tmp_path: Path) -> None:
    path = tmp_path / "team.yaml"
    session = Session.open(path, ODD)
    app = workshop_app(session)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("d")
        await pilot.pause()
        team = app.screen.query_one("#team")
        team.value = ""  # type: ignore[attr-defined]
        await pilot.click("#save")
        await pilot.pause()
        assert "team: the team is required" in screen_text(app)
        assert on_disk(path)["team"] == "team"
        team.value = "Payments API"  # type: ignore[attr-defined]
        app.screen.query_one("#assessors").value = "Ana, Ben"  # type: ignore[attr-defined]
        app.screen.query_one("#date").value = "2026-12-01"  # type: ignore[attr-defined]
        team.focus()
        await pilot.press("enter")  # enter in any field saves, like the button
        await pilot.pause()
        assert isinstance(app.screen, WorkshopScreen)
        data = on_disk(path)
        assert data["team"] == "Payments API"
        assert data["assessors"] == ["Ana", "Ben"]
        assert str(data["date"]) == "2026-12-01"
        assert "Payments API" in screen_text(app)
    session.close()


async def test_a_file_for_another_version_opens_with_an_account_and_keeps_everything(tmp_path: Path) -> None:
    path = tmp_path / "old.yaml"
    path.write_text(
        "format: 1\nquestionnaire: odd-shapes\nversion: 0.2.0\nanswers:\n"
        "  one-1: much\n  gone-1: {answer: yep, note: keep me}\n",
        encoding="utf-8",
    )
    session = Session.open(path, ODD)
    app = workshop_app(session)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "0.2.0" in text
        assert "gone-1" in text
        assert "Nothing is dropped" in text
        await pilot.press("enter")
        assert workshop(app).activity.id == "one-3"
        await pilot.press("2")
        assert answers_on_disk(path) == {
            "one-1": "much",
            "one-3": "yep",
            "gone-1": {"answer": "yep", "note": "keep me"},
        }
        assert on_disk(path)["version"] == "0.2.0"
    session.close()


async def test_a_session_whose_lock_was_taken_shows_read_only_and_writes_nothing(tmp_path: Path) -> None:
    from assess.workshop.locking import lock_path

    path = tmp_path / "team.yaml"
    session = Session.open(path, ODD)
    app = workshop_app(session)
    async with app.run_test(size=(100, 30)) as pilot:
        lock_path(path).unlink()
        before = path.read_bytes()
        await pilot.press("2")
        await pilot.pause()
        assert path.read_bytes() == before
        assert "READ-ONLY" in screen_text(app)
        assert workshop(app).activity.id == "one-1"  # did not move on as if saved
    session.close()


@pytest.mark.parametrize("theme", ["textual-light", "nord", "gruvbox"])
async def test_the_workshop_follows_textual_themes(tmp_path: Path, theme: str) -> None:
    path = write_answers(tmp_path / "team.yaml", api_samm(), {"G-SM-A-1": "half"})
    session = Session.open(path)
    app = workshop_app(session)
    async with app.run_test(size=(130, 36)) as pilot:
        app.theme = theme
        await pilot.pause()
        await pilot.press("2")
        await pilot.pause()
        text = screen_text(app)
        assert "G-SM-A-3" in text
        assert "Strategy & Metrics 0.38" in text  # (0.5 + 0.25) / 2: the navigator relabelled in the new theme
        assert answers_on_disk(path) == {"G-SM-A-1": "half", "G-SM-A-2": "some"}
        # G-SM-A-1 was not touched since the theme changed: only the theme watcher can have recoloured it.
        success = Color.parse(app.theme_variables["success"]).hex
        (mark, *_) = nav_label(app, "G-SM-A-1").spans
        assert mark.style.color is not None and mark.style.color.name.lower() == success.lower()  # type: ignore[union-attr]
    session.close()


def nav_label(app: object, node_id: str) -> Text:
    nav = app.screen.query_one("#nav", Tree)  # type: ignore[attr-defined]
    nodes = list(nav.root.children)
    while nodes:
        node = nodes.pop()
        if node.data is not None and node.data.id == node_id:
            assert isinstance(node.label, Text)
            return node.label
        nodes.extend(node.children)
    raise AssertionError(f"no node {node_id}")


async def test_brackets_and_backslashes_in_user_text_show_as_typed(tmp_path: Path) -> None:
    team = "R&D [core] C:\\api\\"
    path = write_answers(tmp_path / "team.yaml", odd(), {}, team=team)
    session = Session.open(path, ODD)
    app = workshop_app(session)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        status = screen_text(app).replace("\u200b", "").splitlines()[0]
        assert status.startswith(f" {team} · team.yaml · odd-shapes")
    session.close()


async def test_the_details_form_opens_ready_to_type_in(tmp_path: Path) -> None:
    path = tmp_path / "team.yaml"
    session = Session.open(path, ODD)
    app = workshop_app(session)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("d")
        await pilot.pause()
        await pilot.press(*"Payments", "tab", *"public APIs", "enter")  # the team's old name is selected
        await pilot.pause()
        assert isinstance(app.screen, WorkshopScreen)
        assert (on_disk(path)["team"], on_disk(path)["scope"]) == ("Payments", "public APIs")
    session.close()


async def test_the_next_question_is_shown_from_its_top_after_answering_from_the_criteria(tmp_path: Path) -> None:
    q = api_samm()
    path = write_answers(tmp_path / "team.yaml", q, {})
    session = Session.open(path)
    app = workshop_app(session)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("c", "space", "2")  # the criteria list scrolled the panel down; answer from there
        await pilot.pause()
        second = q.activities[1]
        assert workshop(app).activity.id == second.id
        text = screen_text(app)
        assert f"{second.id} L{second.level} ·" in text
        assert second.display_title[:30] in text
        assert app.focused is not None and app.focused.id == "options"
    session.close()


async def test_the_workshop_hands_its_frozen_objects_back_when_it_ends(tmp_path: Path) -> None:
    import gc

    session = Session.open(tmp_path / "team.yaml", ODD)
    app = workshop_app(session)
    async with app.run_test() as pilot:
        await pilot.press("2")
        await pilot.pause()
    session.close()
    assert gc.get_freeze_count() == 0  # else each app run in one process would be kept in memory for good


async def test_a_long_team_name_never_hides_the_saved_state_at_80_columns(tmp_path: Path) -> None:
    from assess.workshop.locking import lock_path

    team = "Payments, Refunds and Partner Onboarding APIs of the Retail Banking Platform"
    path = write_answers(tmp_path / "team.yaml", odd(), {}, team=team)
    session = Session.open(path, ODD)
    app = workshop_app(session)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2")
        status = screen_text(app).splitlines()[0]
        assert status.startswith(" Payments, Refunds") and "…" in status
        assert status.endswith("✓ saved 10:30:00")
        lock_path(path).unlink()
        await pilot.press("2")  # refused: the lock was taken away
        await pilot.pause()
        assert screen_text(app).splitlines()[0].endswith("READ-ONLY: changes are not saved")
    session.close()


async def test_hiding_the_guidance_goes_back_to_the_question(tmp_path: Path) -> None:
    q = api_samm()
    path = write_answers(tmp_path / "team.yaml", q, {})
    session = Session.open(path)
    app = workshop_app(session)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("g")
        await pilot.pause()
        assert f"{q.activities[0].id} L1 ·" not in screen_text(app)  # scrolled down to the guidance
        await pilot.press("g")
        await pilot.pause()
        assert f"{q.activities[0].id} L1 ·" in screen_text(app)
    session.close()


async def test_s_says_why_it_changes_nothing_on_a_wide_screen(tmp_path: Path) -> None:
    session = Session.open(tmp_path / "team.yaml", ODD)
    app = workshop_app(session)
    async with app.run_test(size=(140, 36)) as pilot:
        await pilot.press("s")
        await pilot.pause()
        assert not workshop(app).has_class("-show-scores")
        assert any("already beside the question" in n.message for n in app._notifications)
    session.close()


async def test_a_note_being_typed_is_saved_however_the_app_ends(tmp_path: Path) -> None:
    """A browser tab closed (textual-serve's SIGTERM) or a terminal hung up ends the app without ctrl+q."""
    path = tmp_path / "team.yaml"
    session = Session.open(path, ODD)
    app = workshop_app(session)
    async with app.run_test() as pilot:
        await pilot.press("e", *"said just before the end")
        app.exit()  # what those signals lead to: no quit action, no blur, no typing pause
        await pilot.pause()
    session.close()
    assert answers_on_disk(path) == {"one-1": {"answer": None, "note": "said just before the end"}}


async def test_a_criteria_toggle_meant_for_the_previous_activity_is_not_applied_to_the_next(tmp_path: Path) -> None:
    from assess.tui.widgets.question import CriteriaList

    q = api_samm()
    # Two neighbours with the same number of criteria: only the texts tell them apart.
    first, second = next((a, b) for a, b in itertools.pairwise(q.activities) if len(a.criteria) == len(b.criteria))
    before = {a.id: q.options_for(a)[0].id for a in q.activities[: q.activities.index(first)]}
    path = write_answers(tmp_path / "team.yaml", q, dict(before))
    session = Session.open(path)
    app = workshop_app(session)
    async with app.run_test(size=(120, 40)) as pilot:
        assert workshop(app).activity.id == first.id
        await pilot.press("1")  # on to the second activity
        assert workshop(app).activity.id == second.id
        criteria = app.screen.query_one("#criteria", CriteriaList)
        criteria.post_message(CriteriaList.Toggled(first.criteria, (True,) * len(first.criteria)))  # late
        await pilot.pause()
        assert answers_on_disk(path) == {**before, first.id: q.options_for(first)[0].id}
    session.close()


async def test_e_adds_to_the_end_of_an_existing_note(tmp_path: Path) -> None:
    path = write_answers(tmp_path / "team.yaml", odd(), {"one-1": {"answer": None, "note": "First point."}})
    session = Session.open(path, ODD)
    app = workshop_app(session)
    async with app.run_test() as pilot:
        await pilot.press("e", *" Second point.", "escape")
        await pilot.pause()
        assert answers_on_disk(path)["one-1"] == {"answer": None, "note": "First point. Second point."}
    session.close()


async def test_l_adds_a_link_to_the_existing_ones(tmp_path: Path) -> None:
    path = write_answers(tmp_path / "team.yaml", odd(), {"one-1": {"answer": None, "evidence": ["https://a.example"]}})
    session = Session.open(path, ODD)
    app = workshop_app(session)
    async with app.run_test() as pilot:
        await pilot.press("l", *" https://b.example", "enter")
        await pilot.pause()
        assert answers_on_disk(path)["one-1"] == {
            "answer": None,
            "evidence": ["https://a.example", "https://b.example"],
        }
    session.close()


async def test_a_new_file_is_announced_so_a_mistyped_name_is_noticed(tmp_path: Path) -> None:
    write_answers(tmp_path / "payments.yaml", odd(), {"one-1": "some"})
    session = Session.open(tmp_path / "paymnets.yaml", ODD)  # the facilitator meant payments.yaml
    app = workshop_app(session)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        top = screen_text(app).splitlines()[0]
        assert "paymnets.yaml" in top and top.endswith("✦ new file ✓ on disk (d: details)")
        assert not app._notifications  # said in the status line: a toast covered the note field for seconds
        await pilot.press("2")
        await pilot.pause()
        assert "new file" not in screen_text(app).splitlines()[0]  # once something is saved, it says when
    session.close()
    resumed = Session.open(tmp_path / "payments.yaml", ODD)
    app = workshop_app(resumed)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert screen_text(app).splitlines()[0].endswith("✓ on disk")
    resumed.close()
