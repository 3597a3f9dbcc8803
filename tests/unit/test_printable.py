"""printable(): what outputs do to text from files before showing it."""

from __future__ import annotations

import pytest

from assess.formats.printable import printable


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
def test_printable(text: str, shown: str) -> None:
    assert printable(text) == shown
