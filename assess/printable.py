"""Text from files made safe to print: control characters shown as escapes, never sent to a terminal.

A team name or key such as ``"\\e]52;c;...\\a"`` would otherwise reach the terminal of whoever
runs ``assess score`` or ``aggregate`` over other teams' files as an escape sequence (set the
title, write the clipboard, fake a link), and a newline would split one problem into two lines.
Bidirectional overrides are escaped too: they can make text display as something else.
"""

from __future__ import annotations

import re

_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def printable(text: str, keep: str = "") -> str:
    """``text`` with each control or bidirectional-override character (except those in ``keep``) escaped."""
    return _UNPRINTABLE.sub(lambda m: m.group() if m.group() in keep else _escape(m.group()), text)


def _escape(char: str) -> str:
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
