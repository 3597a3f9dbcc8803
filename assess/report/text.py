"""Text from files, bounded and breakable before it reaches a template; links limited to a few schemes.

An answers file may hold a 20,000-character note with no space in it, and a -q questionnaire
names of 2,000 characters. WeasyPrint's line breaking is quadratic in the length of an unbroken
run (a 10,000-character word takes seconds, 100,000 minutes), and a report that prints every
such text in full is as long as the file is hostile. So every text from a file is cut to a limit
of its kind here, with a pointer to the full text in the answers file, and every run of more than
:data:`RUN` characters without a break gets a zero-width space, a break opportunity Pango honours.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from assess.core.printable import for_document

NAME = 120
"""A name or title in a table or heading: team, practice, activity title, assessor."""
LINE = 300
"""A one-line text shown whole: the scope on the cover, a question, an evidence link."""
NOTE = 1_000
"""A note, a description, an action: about ten lines of the page (the examples' longest note has 460)."""
SHORT_NOTE = 240
"""A note quoted in the summary (page 2), where space is counted; every long text once the budget is spent."""
LONG_TEXT_BUDGET = 40_000
"""Characters of long text (notes, findings, actions, descriptions) a report prints at :data:`NOTE` each.

About thirty pages: an assessment whose every answer holds a long note would otherwise print a book
(90 notes of 20,000 characters: over a hundred pages and more than ten seconds). Past it, each long
text is cut to :data:`SHORT_NOTE`, still with its pointer to the full text."""
RUN = 40
"""Characters without a break opportunity before one is added."""
MORE = " … (full text in the answers file)"
MORE_QUESTIONNAIRE = " … (full text in the questionnaire)"
ZWSP = "\u200b"

_LONG_RUN = re.compile(rf"[^\s\u200b]{{{RUN + 1},}}")
LINK_SCHEMES = ("http", "https", "mailto")
"""The only external links a report may hold, whatever their source (answers, questionnaire, template)."""


def breakable(text: str) -> str:
    """``text`` with a zero-width space after every :data:`RUN` characters of any longer unbroken run."""
    if len(text) <= RUN:
        return text
    return _LONG_RUN.sub(lambda m: ZWSP.join(m.group()[i : i + RUN] for i in range(0, len(m.group()), RUN)), text)


def clip(text: str | None, limit: int, more: str = MORE) -> str | None:
    """``text`` made printable, cut to ``limit`` characters (``more`` says where the rest is), made breakable."""
    if text is None:
        return None
    shown = for_document(text)
    if len(shown) > limit:
        shown = shown[:limit].rstrip() + more
    return breakable(shown)


class Budget:
    """The long text a report may still print in full (up to :data:`NOTE` per text); shared by all its parts."""

    def __init__(self, total: int = LONG_TEXT_BUDGET) -> None:
        self.left = total

    def clip(self, text: str | None, more: str = MORE) -> str | None:
        shown = clip(text, NOTE if self.left > 0 else SHORT_NOTE, more)
        if shown is not None:
            self.left -= len(shown)
        return shown


def line(text: str, limit: int = NAME) -> str:
    """A one-line label: whitespace folded, cut with an ellipsis (the answers file holds the rest)."""
    folded = " ".join(for_document(text).split())
    if len(folded) > limit:
        folded = folded[: limit - 1].rstrip() + "…"
    return breakable(folded)


def was_cut(text: str | None, limit: int) -> bool:
    return text is not None and len(for_document(text)) > limit


def link_target(text: str) -> str | None:
    """The address a text may link to: http(s) or mailto only, else None (the text stays text)."""
    candidate = text.strip()
    if not candidate or any(ord(c) < 0x21 or 0x7F <= ord(c) < 0xA0 for c in candidate):
        return None
    return candidate if allowed_link(candidate) else None


def allowed_link(url: str) -> bool:
    """Whether a link in the finished document may stay live: http(s), mailto, or a place in the report."""
    if url.startswith("#"):
        return True
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    if parts.scheme.lower() not in LINK_SCHEMES:
        return False
    return parts.scheme.lower() == "mailto" or bool(parts.netloc)
