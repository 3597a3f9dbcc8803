"""The ``assess`` command line: parse arguments, call the core, print a registered format's text.

Kept thin and quick to start: the core and the formats are imported inside each command, and
Textual and WeasyPrint only by the commands that need them. One module per group of commands:
:mod:`.files` (list, validate, schema, template), :mod:`.scoring` (score, diff, aggregate),
:mod:`.planning` (roadmap, report), :mod:`.workshop`, :mod:`.interop` (import, export: SAMM work in and out),
:mod:`.history` (history; aggregate per team), :mod:`.check` (the CI gate).
Exit codes: 0 success, 1 a ``--fail-under`` or ``check`` gate not met, 2 bad input or usage.
"""

from __future__ import annotations

import sys
from typing import Any

import click

from assess import __version__
from assess.cli import check, files, history, interop, planning, scoring, workshop
from assess.cli.options import EXIT_BAD_INPUT, say

__all__ = ["main"]


class AssessGroup(click.Group):
    """Turns every bad-input error into one line per problem on stderr and exit code 2."""

    def invoke(self, ctx: click.Context) -> Any:
        from assess.core.problems import InputError

        try:
            return super().invoke(ctx)
        except InputError as error:
            for problem in error.problems:
                say(str(problem))
            ctx.exit(EXIT_BAD_INPUT)
        except BrokenPipeError:
            sys.stderr.close()
            ctx.exit(0)


@click.group(
    cls=AssessGroup,
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.version_option(__version__, "--version", prog_name="assess")
@click.pass_context
def main(ctx: click.Context) -> None:
    """Measure how mature a team's API security practice is, and plan what to do next.

    Run without a command to open the workshop start screen.
    """
    if ctx.invoked_subcommand is None:
        workshop.open_workshop(None, None, serve=False, host="127.0.0.1", port=8000)


for command in (
    files.list_command,
    files.validate,
    files.schema,
    files.template,
    files.migrate,
    scoring.score,
    scoring.diff,
    scoring.aggregate,
    history.history,
    check.check,
    planning.roadmap,
    planning.report,
    workshop.workshop,
    interop.import_group,
    interop.export_group,
):
    main.add_command(command)
