"""Read JSON from outside strictly: what a hostile file could slip past ``json.loads`` is refused.

``json.loads`` accepts ``NaN`` and ``Infinity`` (not JSON at all), keeps the last of two equal keys
in silence (so a reviewer and the program can read different values), and raises RecursionError
on deep nesting. Here each is one line naming the file (and the line and column where JSON says).
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Any

from assess.core.problems import InputError


class _ConstantError(ValueError):
    """``NaN``, ``Infinity`` or ``-Infinity`` met while parsing."""


_CONSTANT = re.compile(r'(?<![\w"])(-?Infinity|NaN)(?![\w"])')


def _position(text: str, constant: str) -> tuple[int | None, int | None]:
    """Line and column of the first bare ``constant`` (outside quotes as far as a token search can tell)."""
    for match in _CONSTANT.finditer(text):
        if match.group(1) == constant:
            before = text[: match.start()]
            return before.count("\n") + 1, match.start() - (before.rfind("\n") + 1) + 1
    return None, None


def parse_json(text: str, name: str, what: str) -> Any:
    """``text`` as JSON; InputError naming ``name`` and saying ``what`` the file should have been."""

    def no_constants(value: str) -> Any:
        raise _ConstantError(value)

    def unique(pairs: Sequence[tuple[str, Any]]) -> dict[str, Any]:
        found: dict[str, Any] = {}
        for key, value in pairs:
            if key in found:
                raise ValueError(f"the key {key[:40]!r} appears twice in one object")
            found[key] = value
        return found

    try:
        return json.loads(text, parse_constant=no_constants, object_pairs_hook=unique)
    except json.JSONDecodeError as error:
        raise InputError.single(
            name, f"is not valid JSON ({error.msg}); give {what}", line=error.lineno, column=error.colno
        ) from None
    except _ConstantError as error:
        line, column = _position(text, error.args[0])
        raise InputError.single(
            name, f"{error.args[0]} is not a number JSON allows; give {what}", line=line, column=column
        ) from None
    except RecursionError:
        raise InputError.single(name, f"is nested too deeply to be {what}") from None
    except ValueError as error:
        raise InputError.single(name, f"{error}; give {what}") from None
