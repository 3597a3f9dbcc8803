"""Starting the workshop: `assess workshop`, the lock against a second workshop, and `--serve`."""

from __future__ import annotations

import os
import select
import signal
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from assess.cli import main
from assess.tui.__main__ import build_app
from assess.tui.launch import serve_command
from assess.tui.screens.messages import ProblemScreen
from assess.tui.serve import ServeConfig
from assess.tui.serve_guard import Binding
from assess.workshop.editing import Session
from tests.functional.workshop.conftest import answers_on_disk, on_disk, screen_text
from tests.workshop_support import ODD_PATH, odd, write_answers

ROOT = Path(__file__).resolve().parents[3]

ODD = str(ODD_PATH)


def test_a_second_workshop_on_the_same_file_is_refused_with_a_clear_message(tmp_path: Path) -> None:
    path = write_answers(tmp_path / "team.yaml", odd(), {})
    first = Session.open(path, ODD)
    try:
        result = CliRunner().invoke(main, ["workshop", str(path), "-q", ODD])
    finally:
        first.close()
    assert result.exit_code == 2
    assert "team.yaml: already open in another workshop" in result.output
    assert "team.yaml.lock" in result.output
    assert "Traceback" not in result.output


async def test_a_second_app_in_a_browser_tab_shows_why_it_cannot_open(tmp_path: Path) -> None:
    path = write_answers(tmp_path / "team.yaml", odd(), {})
    first = build_app([str(path), "-q", ODD])
    assert first.session is not None
    second = build_app([str(path), "-q", ODD])
    assert second.session is None
    async with second.run_test(size=(100, 24)) as pilot:
        await pilot.pause()
        assert isinstance(second.screen, ProblemScreen)
        text = screen_text(second)
        assert "Already open in another workshop" in text
        assert "pid" in text
    first.close_session()
    assert not (tmp_path / "team.yaml.lock").exists()


def test_a_broken_answers_file_is_reported_before_the_workshop_starts(tmp_path: Path) -> None:
    path = tmp_path / "team.yaml"
    path.write_text("format: 1\nquestionnaire: odd-shapes\nversion: 0.3.1\nanswers:\n  one-1: [\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["workshop", str(path), "-q", ODD])
    assert result.exit_code == 2
    assert result.output.startswith(f"{path}:")
    assert not (tmp_path / "team.yaml.lock").exists()


class FakeServe:
    """Stands in for the server's loop: records what it was asked to serve on the sockets bound for it."""

    calls: list[tuple[ServeConfig, Binding, str]] = []

    @staticmethod
    def serve(config: ServeConfig, binding: Binding, token: str, say: object) -> None:
        FakeServe.calls.append((config, binding, token))


@pytest.fixture
def fake_serve(monkeypatch: pytest.MonkeyPatch) -> list[tuple[ServeConfig, Binding, str]]:
    FakeServe.calls = []
    monkeypatch.setattr("assess.tui.serve.serve", FakeServe.serve)
    return FakeServe.calls


def test_serve_binds_to_loopback_by_default_and_creates_the_file_first(
    tmp_path: Path, fake_serve: list[tuple[ServeConfig, Binding, str]]
) -> None:
    path = tmp_path / "team.yaml"
    result = CliRunner().invoke(main, ["workshop", str(path), "-q", ODD, "--serve", "--port", "0"])
    assert result.exit_code == 0, result.output
    ((config, binding, token),) = fake_serve
    assert binding.host == "127.0.0.1" and binding.loopback and binding.port > 0
    assert config.one_tab
    assert "-m assess.tui" in config.command
    assert str(path.resolve()) in config.command
    assert "WARNING" not in result.output
    assert f"http://127.0.0.1:{binding.port}/?token={token}\n" in result.stderr
    assert "every user of this machine" in result.stderr
    assert on_disk(path)["questionnaire"] == "odd-shapes"
    assert not (tmp_path / "team.yaml.lock").exists()  # each browser tab takes the lock itself


def test_the_default_address_is_loopback_port_8000() -> None:
    params = {p.name: p.default for p in main.commands["workshop"].params}
    assert (params["host"], params["port"]) == ("127.0.0.1", 8000)


def test_serving_on_another_address_warns_loudly(
    tmp_path: Path, fake_serve: list[tuple[ServeConfig, Binding, str]]
) -> None:
    result = CliRunner().invoke(
        main, ["workshop", str(tmp_path / "t.yaml"), "-q", ODD, "--serve", "--host", "0.0.0.0", "--port", "0"]
    )
    assert result.exit_code == 0, result.output
    assert "WARNING: serving on 0.0.0.0" in result.output
    assert "unencrypted" in result.output
    assert fake_serve[0][1].host == "0.0.0.0" and not fake_serve[0][1].loopback


def test_serving_a_locked_file_is_refused_before_serving(
    tmp_path: Path, fake_serve: list[tuple[ServeConfig, Binding, str]]
) -> None:
    path = write_answers(tmp_path / "team.yaml", odd(), {})
    first = Session.open(path, ODD)
    try:
        result = CliRunner().invoke(main, ["workshop", str(path), "-q", ODD, "--serve", "--port", "0"])
    finally:
        first.close()
    assert result.exit_code == 2
    assert fake_serve == []


def test_serving_the_start_screen_lets_tabs_coexist(
    tmp_path: Path, fake_serve: list[tuple[ServeConfig, Binding, str]]
) -> None:
    result = CliRunner().invoke(main, ["workshop", "--serve", "--port", "0"])
    assert result.exit_code == 0, result.output
    assert not fake_serve[0][0].one_tab
    assert "At most 4 browser tabs at once" in result.stderr


def test_the_serve_command_quotes_paths(tmp_path: Path) -> None:
    odd_path = tmp_path / "my questionnaire.yaml"
    command = serve_command(tmp_path / "a b.yaml", str(odd_path))
    assert f"'{tmp_path / 'a b.yaml'}'" in command
    assert f"-q '{odd_path}'" in command


def test_the_farewell_line_says_where_the_answers_are(tmp_path: Path) -> None:
    from assess.tui.launch import farewell

    path = write_answers(tmp_path / "team.yaml", odd(), {"one-1": "full"})
    session = Session.open(path, ODD, lock=False)
    assert farewell(session) == f"{path}: 1/10 answered, overall 0.25, all saved. Next: assess score {path}"


def test_the_farewell_line_counts_observed_activities_on_a_bsimm_questionnaire(tmp_path: Path) -> None:
    from assess.tui.launch import farewell

    path = tmp_path / "fintech.yaml"
    path.write_text((ROOT / "examples/api-bsimm-fintech.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    session = Session.open(path, "api-bsimm", lock=False)
    card = session.scorecard()
    observed = sum(1 for a in session.answers.answers.values() if a.answer == "observed")
    assert card.overall == observed
    line = farewell(session)
    assert f"firm score {observed} of 77 activities observed, all saved" in line
    assert "overall" not in line


def test_a_folder_the_workshop_cannot_write_in_is_reported_before_it_starts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def read_only_folder(*_: object) -> bool:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("assess.workshop.locking._create_exclusive", read_only_folder)
    result = CliRunner().invoke(main, ["workshop", str(tmp_path / "team.yaml"), "-q", ODD])
    assert result.exit_code == 2
    assert result.output.startswith(f"{tmp_path / 'team.yaml'}: cannot create its lock file team.yaml.lock")
    assert "Traceback" not in result.output


def test_host_and_port_without_serve_are_a_usage_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from assess.tui.app import WorkshopApp

    monkeypatch.setattr(WorkshopApp, "run", lambda app: None)  # were they ignored, no terminal app would start
    result = CliRunner().invoke(main, ["workshop", str(tmp_path / "t.yaml"), "--port", "9000"])
    assert result.exit_code == 2
    assert "--port applies only with --serve" in result.output
    assert not (tmp_path / "t.yaml").exists()


def test_a_questionnaire_without_a_file_is_chosen_on_the_start_screen(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from assess.tui.app import WorkshopApp

    started: list[WorkshopApp] = []
    monkeypatch.setattr(WorkshopApp, "run", lambda app: started.append(app))
    result = CliRunner().invoke(main, ["workshop", "-q", ODD])
    assert result.exit_code == 0, result.output
    (app,) = started
    assert app.session is None
    assert app.questionnaire is not None and app.questionnaire.id == "odd-shapes"
    result = CliRunner().invoke(main, ["workshop", "-q", "no-such-questionnaire"])
    assert result.exit_code == 2
    assert "no-such-questionnaire: no such questionnaire" in result.output


def test_a_browser_tab_takes_the_questionnaire_for_its_start_screen_too() -> None:
    app = build_app(["-q", ODD])
    assert app.problem is None
    assert app.questionnaire is not None and app.questionnaire.id == "odd-shapes"
    app = build_app(["-q", "no-such-questionnaire"])
    assert app.problem is not None and app.problem[0] == "Cannot find the questionnaire"


@pytest.mark.skipif(not hasattr(signal, "SIGHUP"), reason="terminal hang-up is a POSIX signal")
def test_a_closed_terminal_ends_the_workshop_cleanly(tmp_path: Path) -> None:
    """SIGHUP (the terminal window closed) saves the note being typed and releases the lock."""
    import pty

    path = tmp_path / "team.yaml"
    assess = str(Path(sys.executable).with_name("assess"))
    pid, fd = pty.fork()
    if pid == 0:  # the child becomes the workshop in the pseudo-terminal
        os.execv(assess, [assess, "workshop", str(path), "-q", ODD])
    try:
        read_until(fd, b"one-1")
        os.write(fd, b"e")
        time.sleep(0.5)  # as a person would: the note takes the focus before the typing starts
        os.write(fd, b"note typed as the window closes")
        read_until(fd, b"closes")  # drawn: the app has the text, and its half-second autosave is still ahead
        os.kill(pid, signal.SIGHUP)
        assert wait_for_exit(pid) == 0
    finally:
        os.close(fd)
    assert answers_on_disk(path) == {"one-1": {"answer": None, "note": "note typed as the window closes"}}
    assert not (tmp_path / "team.yaml.lock").exists()


def read_until(fd: int, wanted: bytes, timeout: float = 30.0) -> None:
    seen = b""
    deadline = time.monotonic() + timeout
    while wanted not in seen:
        assert time.monotonic() < deadline, f"{wanted!r} never appeared"
        if select.select([fd], [], [], 0.1)[0]:
            seen += os.read(fd, 65536)


def wait_for_exit(pid: int, timeout: float = 30.0) -> int:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return os.waitstatus_to_exitcode(status)
        time.sleep(0.05)
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    raise AssertionError("the workshop did not end")


def test_the_farewell_line_does_not_claim_all_saved_after_going_read_only(tmp_path: Path) -> None:
    from assess.tui.launch import farewell
    from assess.workshop.custody import ReadOnlyError
    from assess.workshop.locking import lock_path

    path = write_answers(tmp_path / "team.yaml", odd(), {"one-1": "full"})
    session = Session.open(path, ODD)
    lock_path(path).unlink()
    with pytest.raises(ReadOnlyError):
        session.choose("one-3", "yep")
    line = farewell(session)
    assert "all saved" not in line
    assert line.startswith(f"{path}: 1/10 answered when the workshop went read-only (the lock ")
    session.close()
