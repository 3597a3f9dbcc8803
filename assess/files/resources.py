"""Where the shipped data lives: in the wheel, or beside the package in a checkout.

The user asked for ``questionnaires/`` and ``reports/`` at the top of the
repository. A wheel maps them into the package (``assess/questionnaires``);
a checkout or an editable install finds them beside the package directory.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parents[1]
"""The ``assess`` package folder (this module lives in ``assess/files``)."""


@cache
def data_dir(name: str) -> Path:
    """The shipped folder ``name`` (``questionnaires`` or ``reports``)."""
    inside = _PACKAGE_DIR / name
    if inside.is_dir():
        return inside
    beside = _PACKAGE_DIR.parent / name
    if beside.is_dir():
        return beside
    raise FileNotFoundError(f"assess is installed without its {name}/ folder; reinstall the package")


def builtin_questionnaires_dir() -> Path:
    return data_dir("questionnaires")


def reports_dir() -> Path:
    return data_dir("reports")
