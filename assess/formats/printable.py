"""Text from answers and questionnaire files made safe to show: no control codes, no bidi overrides.

YAML's double-quoted escapes let a file hold any character: ``"\\e[2J"`` clears a terminal
that prints it, and U+202E (right-to-left override) makes ``"\\u202egnp.exe"`` read as
``exe.png`` in a PDF. Outputs show such text through :func:`printable`: C0 and C1 control
codes become U+FFFD ``�`` (visible, and in every font, unlike the control pictures U+2400…),
explicit bidi embeddings, overrides and isolates are dropped, and carriage returns become
line feeds. Tab and line feed stay.
"""

from __future__ import annotations

REPLACEMENT = "\ufffd"
_TABLE: dict[int, str | None] = dict.fromkeys((*range(0x20), *range(0x7F, 0xA0)), REPLACEMENT)
_TABLE |= {0x09: "\t", 0x0A: "\n", 0x0D: "\n"}
_TABLE |= dict.fromkeys((*range(0x202A, 0x202F), *range(0x2066, 0x206A)))


def printable(text: str) -> str:
    """``text`` with nothing that could act on a terminal or reorder what a reader sees."""
    return text.replace("\r\n", "\n").translate(_TABLE)
