"""Text from files made safe to show: nothing in it can act on a terminal or reorder what is read.

YAML's double-quoted escapes let a file hold any character. A team name or key such as
``"\\e]52;c;...\\a"`` would otherwise reach the terminal of whoever runs ``assess score`` over
other teams' files as an escape sequence (set the title, write the clipboard, fake a link), a
newline would split one problem into two lines, and U+202E (right-to-left override) makes
``"\\u202egnp.exe"`` read as ``exe.png``.

- :func:`printable` (terminals, error lines, CSV, Markdown): such characters are shown as escapes
  (``\\x1b``, ``\\u202e``), so the reader sees exactly what the file holds.
- :func:`json_printable` (JSON text bound for a terminal): the same characters as JSON escapes
  (``\\u009b``), which any JSON reader turns back into the same value.
- :func:`for_document` (the PDF and HTML report): C0 and C1 control codes become U+FFFD ``�``
  (visible in every font), bidi embeddings, overrides and isolates are dropped, carriage returns
  become line feeds; tab and line feed stay.
- :func:`quoted` and :func:`clipped` (every error message that names something read from a file):
  at most a short prefix of it. A file passed to assess may not be an assess file at all (a link
  to ``/etc/shadow`` or a token file in a folder being scanned, ``-q ~/.netrc``), and error lines
  end up in CI logs: an error may say where and what kind of thing is wrong, never repeat a secret.
"""

from __future__ import annotations

import re

_C0 = r"\x00-\x1f"
_DEL_C1_BIDI = r"\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
"""DEL, the C1 control codes (``\\x9b`` is a one-byte CSI), bidi marks, embeddings, overrides and isolates."""
_UNPRINTABLE = re.compile(f"[{_C0}{_DEL_C1_BIDI}]")
_JSON_UNPRINTABLE = re.compile(f"[{_DEL_C1_BIDI}]")


def printable(text: str, keep: str = "") -> str:
    """``text`` with each control or bidirectional-override character (except those in ``keep``) escaped."""
    return _UNPRINTABLE.sub(lambda m: m.group() if m.group() in keep else _escape(m.group()), text)


def _escape(char: str) -> str:
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def json_printable(text: str) -> str:
    """JSON text with each character :func:`printable` escapes written as ``\\uXXXX``: the same value, inert.

    ``json.dumps`` already escapes C0 controls inside strings, so the C0 characters left in its
    output (line feeds, indentation) are the document's layout and stay; everything else this
    escapes can only stand inside a string, where ``\\uXXXX`` means that very character.
    """
    return _JSON_UNPRINTABLE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


REPLACEMENT = "\ufffd"
_DOCUMENT_TABLE: dict[int, str | None] = dict.fromkeys((*range(0x20), *range(0x7F, 0xA0)), REPLACEMENT)
_DOCUMENT_TABLE |= {0x09: "\t", 0x0A: "\n", 0x0D: "\n"}
_DOCUMENT_TABLE |= dict.fromkeys((*range(0x202A, 0x202F), *range(0x2066, 0x206A)))


def for_document(text: str) -> str:
    """``text`` for a typeset document: nothing that could act on a reader or reorder what is read."""
    return text.replace("\r\n", "\n").translate(_DOCUMENT_TABLE)


SHOWN_WHOLE = 16
"""Text from a file up to this many characters is shown whole in errors (ids, option ids, key typos)."""
SHOWN_PREFIX = 8
"""Of longer text, errors show only this many first characters and the length."""


def clipped(text: str) -> str:
    """``text`` when short, else its first :data:`SHOWN_PREFIX` characters and ``...`` (no quotes)."""
    return text if len(text) <= SHOWN_WHOLE else text[:SHOWN_PREFIX] + "..."


def quoted(text: str) -> str:
    """``text`` quoted for an error message, cut to a short prefix: ``'root:*:2...' (42 characters)``.

    The one way error messages quote keys and values read from a file, so none can echo a secret.
    """
    if len(text) <= SHOWN_WHOLE:
        return repr(text)
    return f"{text[:SHOWN_PREFIX] + '...'!r} ({len(text):,} characters)"
