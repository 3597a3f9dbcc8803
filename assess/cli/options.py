"""What the commands share: exit codes, options, the --format choice read from the registry, printing.

Nothing here imports a renderer: the registry finds the format modules when a command asks.
Everything a command prints goes through :func:`emit` or :func:`emit_json` (standard output) or
:func:`say` (standard error), so text from files, file names included, never reaches a terminal
or a CI log as control codes (:mod:`assess.core.printable`).
"""

from __future__ import annotations

import math
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import click

from assess.formats.registry import Kind, formats

if TYPE_CHECKING:
    _Choice = click.Choice[str]
else:
    _Choice = click.Choice

EXIT_GATE = 1
EXIT_BAD_INPUT = 2
NA_CHOICE = click.Choice(["zero", "exclude"])
INPUT_PATH = click.Path(path_type=Path, readable=False)
"""A file or folder to read. Whether it can be read is the reader's to say, in one line (assess.files);
Click's own check would answer an unreadable file with a usage screen."""

D = TypeVar("D")
F = TypeVar("F", bound=Callable[..., Any])


def fail(file: str, what: str) -> NoReturn:
    """Stop with one line on stderr (``file: what``) and exit code 2."""
    from assess.core.problems import InputError

    raise InputError.single(file, what)


def finite(ctx: click.Context, param: click.Parameter, value: float | None) -> float | None:
    """FloatRange lets ``nan`` and ``inf`` through: a gate at nan never fails, a capacity of inf plans forever."""
    if value is not None and not math.isfinite(value):
        raise click.BadParameter(f"{value} is not a finite number.", ctx, param)
    return value


def questionnaire_option(func: F) -> F:
    return click.option(
        "-q",
        "--questionnaire",
        "questionnaire",
        metavar="ID|PATH",
        help="Questionnaire id (built-in or in ./questionnaires/) or path to a questionnaire file.",
    )(func)


def na_option(func: F) -> F:
    return click.option(
        "--na",
        type=NA_CHOICE,
        default="zero",
        show_default=True,
        help="How n/a answers score: zero (as the SAMM Toolbox) or exclude (non-standard).",
    )(func)


def view_option(func: F) -> F:
    return click.option(
        "--view",
        type=click.Choice(["bsimm"]),
        help="bsimm: BSIMM-style scorecards; for a SAMM questionnaire they are derived through a crosswalk "
        "(questionnaires/crosswalks/) and labelled as derived.",
    )(func)


class FormatChoice(_Choice):
    """click's Choice over the formats registered for one kind of document, read each time it is asked."""

    def __init__(self, kind: Kind[Any]) -> None:
        self.kind = kind
        self.case_sensitive = True

    @property
    def choices(self) -> tuple[str, ...]:
        return formats(self.kind)

    @choices.setter
    def choices(self, value: tuple[str, ...]) -> None:
        raise AttributeError("the formats come from the registry: register a renderer instead")


class FormatOption(click.Option):
    """``--format``, whose help names the registered formats when help is shown."""

    def get_help_record(self, ctx: click.Context) -> tuple[str, str] | None:
        assert isinstance(self.type, FormatChoice)
        plain = [name for name in self.type.choices if name != "table"]
        listed = ", ".join(plain[:-1]) + " and " + plain[-1] if len(plain) > 1 else "".join(plain)
        verb = "carry" if len(plain) > 1 else "carries"
        self.help = f"Output format; {listed} {verb} no decoration." if plain else "Output format."
        return super().get_help_record(ctx)


def format_option(kind: Kind[Any]) -> Callable[[F], F]:
    """``--format`` with the choices the registry holds for ``kind``."""
    return click.option(
        "--format",
        "output_format",
        cls=FormatOption,
        type=FormatChoice(kind),
        default="table",
        show_default=True,
    )


def stdout_is_terminal() -> bool:
    """Whether standard output is a terminal: then JSON is shown with its C1 and bidi characters escaped."""
    return sys.stdout.isatty()


def emit(kind: Kind[D], output_format: str, document: D) -> None:
    """Print a document in the chosen format (colour, when there is any, was decided by the renderer)."""
    from assess.formats.registry import render

    text = render(kind, output_format, document, terminal=stdout_is_terminal())
    click.echo(text, nl=False, color=True)


def emit_json(text: str) -> None:
    """Print JSON that is not a registered document (``list``, ``export samm-json``) as :func:`emit` prints JSON."""
    from assess.core.printable import json_printable

    click.echo(json_printable(text) if stdout_is_terminal() else text, nl=False)


def say(message: str) -> None:
    """One line on standard error (``wrote X``, notes, warnings), with whatever it names made printable."""
    from assess.core.printable import printable

    click.echo(printable(message), err=True)
