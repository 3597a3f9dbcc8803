"""User text inside the workshop's Textual markup shows exactly as typed."""

from __future__ import annotations

import pytest
from textual.content import Content

from assess.tui.bars import ZERO_WIDTH_SPACE, escape


@pytest.mark.parametrize(
    "text",
    [
        "plain",
        "R&D [core] team",
        "C:\\teams\\api",
        "ends with a backslash\\",
        "x\\[y]",
        "[/]",
        "[b]bold?[/b]",
        "$accent",
    ],
)
def test_escaped_text_shows_as_typed_between_tags(text: str) -> None:
    content = Content.from_markup(f"[b]{escape(text)}[/] · [$text-muted]after[/]")
    assert content.plain.replace(ZERO_WIDTH_SPACE, "") == f"{text} · after"
    assert content.plain.endswith(" · after")  # the closing tags still close: nothing after was swallowed


@pytest.mark.parametrize("target", [3.0, 4.5, 1e308, float("inf")])
def test_a_target_at_or_beyond_the_top_of_the_scale_ticks_the_last_cell(target: float) -> None:
    from assess.tui.bars import TICK, bar

    cells = Content.from_markup(bar(1.0, 3.0, 12, target)).plain
    assert len(cells) == 12
    assert cells.index(TICK) == 11
