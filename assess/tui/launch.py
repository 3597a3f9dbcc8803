"""Start the workshop in this terminal or serve it to a browser.

Problems with the file (unreadable, another questionnaire, open in another
workshop) are found before Textual starts, so the terminal gets one clear line
and exit code 2. Served, each browser tab runs ``python -m assess.tui`` in its
own process and shows such problems on screen instead.
"""

from __future__ import annotations

import ipaddress
import shlex
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from assess.core.problems import InputError
from assess.files.discovery import is_path_spec

if TYPE_CHECKING:
    from assess.workshop.editing import Session

LOOPBACK_NAMES = frozenset({"localhost", "localhost.localdomain", "ip6-localhost"})


def launch(answers: Path | None, questionnaire: str | None, *, serve: bool, host: str, port: int) -> None:
    """Open the workshop on ``answers`` (created if missing), or the start screen without a file."""
    if serve:
        _serve(answers, questionnaire, host, port)
        return
    session = open_session(answers, questionnaire) if answers is not None else None
    chosen = None
    if session is None and questionnaire is not None:
        from assess.files.discovery import questionnaire_for

        chosen = questionnaire_for(questionnaire)  # for the start screen's new assessment
    from assess.tui.app import WorkshopApp

    app = WorkshopApp(session, questionnaire=chosen)
    try:
        app.run()
    finally:
        app.close_session()
        if session is not None and session is not app.session:
            session.close()
    crashed = bool(app.return_code)
    if app.session is not None:
        click.echo(farewell(app.session, crashed=crashed, leftover=app.close_problem), err=True)
    if crashed:
        raise SystemExit(app.return_code)  # a workshop that ended on an error never reports success
    if app.session is not None and (app.session.read_only or app.session.unsaved_reason):
        raise SystemExit(1)  # the file does not hold everything the screen showed


def farewell(session: Session, *, crashed: bool = False, leftover: str | None = None) -> str:
    """One line for the terminal after the workshop: where the answers are, whether all is saved, what next.

    "All saved" only when every change the screen showed reached the file and the workshop ended normally.
    """
    card = session.scorecard()
    answered = f"{session.path}: {card.answered}/{card.total} answered"
    if session.read_only:
        line = (
            f"{answered} when the workshop went read-only ({session.read_only_reason}); "
            "what was changed on screen after that is not in the file"
        )
    elif session.unsaved_reason:
        line = (
            f"{answered} in the file; the last change was NOT saved ({session.unsaved_reason}); "
            "what the screen showed after its last '✓ saved' is not in the file"
        )
    elif crashed:
        line = (
            f"{answered} in the file; the workshop stopped on an unexpected error (above), and the file holds "
            "every change it showed as saved"
        )
    else:
        overall = "–" if card.overall is None else f"{card.overall:.2f}"
        line = f"{answered}, overall {overall}, all saved. Next: assess score {session.path}"
    return f"{line}; {leftover}" if leftover else line


def open_session(answers: Path, questionnaire: str | None) -> Session:
    """Open or create the session, turning a held lock into a one-line input error."""
    from assess.workshop.editing import Session
    from assess.workshop.locking import LockedError

    try:
        return Session.open(answers, questionnaire)
    except LockedError as error:
        raise InputError.single(str(answers), str(error)) from None


def is_loopback(host: str) -> bool:
    if host.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def serve_command(answers: Path | None, questionnaire: str | None) -> str:
    """The shell command textual-serve runs for each browser tab."""
    argv = [sys.executable, "-m", "assess.tui"]
    if answers is not None:
        argv.append(str(answers.resolve()))
    if questionnaire is not None:
        spec = questionnaire
        if is_path_spec(spec):
            spec = str(Path(spec).resolve())
        argv += ["-q", spec]
    return shlex.join(argv)


def _serve(answers: Path | None, questionnaire: str | None, host: str, port: int) -> None:
    if not is_loopback(host):
        click.secho(
            f"WARNING: serving on {host}: anyone who can reach this address and port can open the workshop "
            "and change the answers (textual-serve has no login). Use it only on a network you trust, "
            "or keep the default 127.0.0.1 behind an authenticating proxy.",
            fg="red",
            bold=True,
            err=True,
        )
    if answers is not None:
        # Create or check the file now, so problems show here rather than in the browser.
        open_session(answers, questionnaire).close()
    from textual_serve.server import Server

    click.echo(f"Serving the workshop on http://{host}:{port} (ctrl+c stops)", err=True)
    Server(serve_command(answers, questionnaire), host=host, port=port, title="assess workshop").serve()
