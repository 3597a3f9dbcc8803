"""Start the workshop in this terminal or serve it to a browser.

Problems with the file (unreadable, another questionnaire, open in another
workshop) are found before Textual starts, so the terminal gets one clear line
and exit code 2. Served, each browser tab runs ``python -m assess.tui`` in its
own process and shows such problems on screen instead; who may open a tab is
decided in ``serve.py`` (token, Host, Origin, one tab per file, a cap).
"""

from __future__ import annotations

import shlex
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from assess.core.display import fmt, fmt_count
from assess.core.printable import printable
from assess.core.problems import InputError
from assess.files.discovery import is_path_spec
from assess.tui.serve_guard import Binding, bind, new_token

if TYPE_CHECKING:
    from assess.core.scoring import Scorecard
    from assess.workshop.editing import Session


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
        click.echo(printable(farewell(app.session, crashed=crashed, leftover=app.close_problem)), err=True)
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
        line = f"{answered}, {_score_words(card)}, all saved. Next: assess score {session.path}"
    return f"{line}; {leftover}" if leftover else line


def _score_words(card: Scorecard) -> str:
    """The score as the method counts it: SAMM's overall level, or BSIMM's observed activities."""
    if card.method == "bsimm":
        return f"firm score {fmt_count(card.overall)} of {fmt_count(card.maximum)} activities observed"
    return f"overall {fmt(card.overall)}"


def open_session(answers: Path, questionnaire: str | None) -> Session:
    """Open or create the session, turning a held lock into a one-line input error."""
    from assess.workshop.editing import Session
    from assess.workshop.locking import LockedError

    try:
        return Session.open(answers, questionnaire)
    except LockedError as error:
        raise InputError.single(str(answers), str(error)) from None


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
    binding = bind(host, port)  # first: a busy port or a foreign address is one line, and no file is created
    try:
        if not binding.loopback:
            click.secho(
                f"WARNING: serving on {host}: the workshop travels unencrypted (plain http), token included, "
                "so anyone who can watch this network can take it over; anyone with the URL can change the "
                "answers. Use it only on a network you trust, or keep the default 127.0.0.1 behind an "
                "authenticating proxy with TLS.",
                fg="red",
                bold=True,
                err=True,
            )
        if answers is not None:
            # Create or check the file now, so problems show here rather than in the browser.
            open_session(answers, questionnaire).close()
        from assess.tui.serve import MAX_TABS, ServeConfig, serve

        token = new_token()
        click.echo(_greeting(answers, binding, token, MAX_TABS), err=True)
        config = ServeConfig(command=serve_command(answers, questionnaire), one_tab=answers is not None)
        # A log line can quote a request's path, which anyone who reaches the port chooses.
        serve(config, binding, token, lambda line: click.echo(printable(line), err=True))
    finally:
        binding.close()


def _greeting(answers: Path | None, binding: Binding, token: str, max_tabs: int) -> str:
    """What is served, the URL with its token, and who else can reach it (plainly: loopback is shared)."""
    what = f"the workshop on {printable(str(answers))}" if answers is not None else "the workshop start screen"
    who = (
        "Loopback is not private: every user of this machine"
        if binding.loopback
        else "Anyone who can reach this machine on the network"
    )
    tabs = (
        "One browser tab at a time: opening the URL in another tab ends the previous one (its answers are saved)."
        if answers is not None
        else f"At most {max_tabs} browser tabs at once."
    )
    return (
        f"Serving {what}. Open this URL in a browser (ctrl+c stops):\n"
        f"  {binding.url(token)}\n"
        f"{who} can connect to port {binding.port}, and the token in the URL is all that keeps them out: "
        f"whoever has the full URL can read and change the answers, so do not share it. {tabs}"
    )
