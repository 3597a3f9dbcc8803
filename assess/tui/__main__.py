"""``python -m assess.tui [ANSWERS] [-q ID|PATH]``: the app as textual-serve runs it per browser tab.

Problems opening the file are shown on screen: in a browser there is no terminal to print them to.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from assess.tui.app import WorkshopApp


def build_app(argv: list[str] | None = None) -> WorkshopApp:
    """The app for one browser tab: the workshop on the file, or a screen saying why it cannot open."""
    parser = argparse.ArgumentParser(prog="python -m assess.tui")
    parser.add_argument("answers", nargs="?", type=Path)
    parser.add_argument("-q", "--questionnaire")
    args = parser.parse_args(argv)

    from assess.core.problems import InputError
    from assess.files.discovery import questionnaire_for
    from assess.tui.app import WorkshopApp
    from assess.workshop.editing import Session
    from assess.workshop.locking import LockedError

    session = None
    chosen = None
    problem = None
    try:
        if args.answers is not None:
            session = Session.open(args.answers, args.questionnaire)
        elif args.questionnaire is not None:
            chosen = questionnaire_for(args.questionnaire)
    except InputError as error:
        title = "Cannot open the answers file" if args.answers is not None else "Cannot find the questionnaire"
        problem = (title, "\n".join(str(p) for p in error.problems))
    except LockedError as error:
        problem = ("Already open in another workshop", f"{args.answers}: {error}")
    return WorkshopApp(session, problem=problem, questionnaire=chosen)


def main(argv: list[str] | None = None) -> None:
    app = build_app(argv)
    try:
        app.run()
    finally:
        app.close_session()


if __name__ == "__main__":
    main()
