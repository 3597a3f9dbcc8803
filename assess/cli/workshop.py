"""``workshop`` (and ``assess`` alone): the Textual workshop, imported only here."""

from __future__ import annotations

from pathlib import Path

import click
from click.core import ParameterSource

from assess.cli.options import questionnaire_option


@click.command()
@click.argument("answers", required=False, type=click.Path(path_type=Path))
@questionnaire_option
@click.option("--serve", is_flag=True, help="Serve the workshop to a browser instead of this terminal.")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to serve on (with --serve).")
@click.option("--port", default=8000, show_default=True, type=int, help="Port to serve on (with --serve).")
def workshop(answers: Path | None, questionnaire: str | None, serve: bool, host: str, port: int) -> None:
    """Run a workshop on ANSWERS (created if missing, resumed if present).

    Without ANSWERS, open the start screen (with -q, that questionnaire is chosen for a new assessment).
    """
    if not serve:
        context = click.get_current_context()
        given = [
            f"--{name}" for name in ("host", "port") if context.get_parameter_source(name) != ParameterSource.DEFAULT
        ]
        if given:
            raise click.UsageError(
                f"{' and '.join(given)} {'apply' if len(given) > 1 else 'applies'} only with --serve"
            )
    open_workshop(answers, questionnaire, serve=serve, host=host, port=port)


def open_workshop(answers: Path | None, questionnaire: str | None, *, serve: bool, host: str, port: int) -> None:
    from assess.tui.launch import launch

    launch(answers, questionnaire, serve=serve, host=host, port=port)
