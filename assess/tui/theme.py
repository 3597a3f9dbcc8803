"""Theme colours for the few widgets that draw Rich text (tree labels, table cells).

Textual markup resolves ``$accent`` and friends itself; Rich markup does not, so
for those widgets the theme's variables are turned into plain colours here.
"""

from __future__ import annotations

import re

from rich.style import Style
from textual.app import App
from textual.color import Color, ColorParseError

_VARIABLE = re.compile(r"\$([a-z][a-z0-9-]*)")


def colour(app: App[object], name: str) -> str | None:
    """A theme variable as a colour Rich understands, or None when it is not a plain colour (``auto 60%``).

    Rich's own name, not Textual's: for the ANSI themes Textual's ``hex`` is ``ansi_green``,
    which Rich refuses, while Rich names the same colour ``color(2)``.
    """
    value = app.theme_variables.get(name)
    if not value:
        return None
    try:
        return Color.parse(value).rich_color.name
    except ColorParseError:
        return None


def style(app: App[object], name: str) -> Style:
    """A Rich style in a theme colour; dim for ``muted`` and for colours that are not plain."""
    found = None if name == "muted" else colour(app, name)
    return Style(color=found) if found else Style(dim=True)


def rich_markup(app: App[object], markup: str) -> str:
    """Textual markup with ``$variables`` turned into Rich markup with hex colours."""

    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        if name.startswith("text-"):
            name = name.removeprefix("text-") if name != "text-disabled" else "muted"
        return colour(app, name) or "dim"

    return _VARIABLE.sub(replace, markup)
