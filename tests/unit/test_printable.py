"""printable(): what outputs do to text from files before showing it."""

from __future__ import annotations

import pytest

from assess.core.printable import for_document, printable


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("plain text, accents é and 漢字", "plain text, accents é and 漢字"),
        ("tab\tand\nnewline", "tab\tand\nnewline"),
        ("windows\r\nline\rold mac", "windows\nline\nold mac"),
        ("\x1b[31mred\x07", "\ufffd[31mred\ufffd"),
        ("nul\x00 del\x7f", "nul\ufffd del\ufffd"),
        ("c1 csi\x9b2J", "c1 csi\ufffd2J"),
        ("\u202egnp.exe", "gnp.exe"),
        ("a\u2066b\u2069c\u202ad\u202ce", "abcde"),
        ("\u200fright-to-left mark stays", "\u200fright-to-left mark stays"),
    ],
)
def test_for_document(text: str, shown: str) -> None:
    assert for_document(text) == shown


def test_printable_shows_escapes_for_terminals() -> None:
    assert printable("Evil\x1b]0;owned\x07 \u202eteam\nnext") == "Evil\\x1b]0;owned\\x07 \\u202eteam\\x0anext"
    assert printable("line\nbreak", keep="\n") == "line\nbreak"
