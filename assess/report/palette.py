"""The brand palette: the custom properties of ``:root`` in a template's report.css, for CSS and charts alike.

The stylesheet uses ``var(--name)`` everywhere, @page margin boxes included. The charts are SVG
drawn in Python, where CSS variables do not reach, so they take the same values from here: a
brand changes a colour once, at the top of its report.css, and every page and chart follows.
A variable a brand's stylesheet leaves out keeps the shipped stylesheet's value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields

import tinycss2  # type: ignore[import-untyped]

from assess.report.assets import STYLESHEET, Assets

_COLOUR = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")


@dataclass(frozen=True)
class Palette:
    """The colours the charts draw with, by the name of their CSS variable (``brand_dark`` is ``--brand-dark``)."""

    paper: str
    ink: str
    muted: str
    line: str
    soft: str
    brand: str
    brand_dark: str
    accent: str
    good: str
    warn: str
    previous: str

    @classmethod
    def from_variables(cls, variables: dict[str, str], fallback: dict[str, str]) -> Palette:
        def pick(name: str) -> str:
            key = "--" + name.replace("_", "-")
            value = variables.get(key, "")
            return value if _COLOUR.match(value) else fallback[key]

        return cls(**{f.name: pick(f.name) for f in fields(cls)})


def root_variables(css: str) -> dict[str, str]:
    """``--name: value`` declarations of every ``:root`` rule, later ones winning."""
    found: dict[str, str] = {}
    for rule in tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True):
        if rule.type != "qualified-rule" or tinycss2.serialize(rule.prelude).strip() != ":root":
            continue
        for declaration in tinycss2.parse_declaration_list(rule.content, skip_comments=True, skip_whitespace=True):
            if declaration.type == "declaration" and declaration.name.startswith("--"):
                found[declaration.name] = tinycss2.serialize(declaration.value).strip()
    return found


def palette_for(assets: Assets) -> Palette:
    """The template's palette, completed from the shipped stylesheet."""
    shipped = root_variables(assets.text(STYLESHEET, assets.folders[-1:]))
    return Palette.from_variables(root_variables(assets.stylesheet), shipped)
