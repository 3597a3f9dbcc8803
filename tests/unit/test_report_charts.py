"""The report's SVG charts: escaped text, everything inside the picture, labels clear of the plot and of each other."""

from __future__ import annotations

import itertools
import math
import re
import xml.etree.ElementTree as ET
from dataclasses import replace

import pytest

from assess.files.discovery import builtin_questionnaires
from assess.report import bars, charts
from assess.report.assets import Assets
from assess.report.palette import Palette, palette_for

SVG = "{http://www.w3.org/2000/svg}"
PALETTE = palette_for(Assets.for_template(None))
LOOKS = charts.looks(PALETTE)
PRACTICES = [p.name for q in builtin_questionnaires() if q.id == "api-samm" for f in q.functions for p in f.practices]
HOSTILE = '<script>alert(1)</script> & "x" \x1b[2J \u202egnp.exe'


def parse(markup: str) -> ET.Element:
    return ET.fromstring(str(markup))  # our own output, parsed to inspect it


def box(svg: ET.Element) -> tuple[float, float]:
    _, _, width, height = (float(v) for v in svg.get("viewBox", "").split())
    return width, height


def texts(svg: ET.Element) -> list[ET.Element]:
    return list(svg.iter(f"{SVG}text"))


def standard(count: int, values: float = 1.5) -> list[charts.Series]:
    return [
        charts.series("now", [values] * count, LOOKS["now"]),
        charts.series("last time", [values / 2] * count, LOOKS["previous"]),
        charts.series("after the plan", [3.0] * count, LOOKS["after"]),
        charts.series("target", [2.0] * count, LOOKS["target"]),
    ]


def test_text_in_charts_is_escaped_and_printable() -> None:
    made = [
        charts.radar([HOSTILE, "b", "c"], standard(3), 3, HOSTILE, PALETTE),
        bars.function_bars([HOSTILE], [1.0], [2.0], [0.5], 3, HOSTILE, PALETTE),
        bars.benchmark_dots([bars.Comparison(HOSTILE, 1.0, 1.2, 0.5, 2.0, 1.4)], 3, HOSTILE, PALETTE, HOSTILE),
        bars.progress([0.1, 0.5], [1.0, 2.0], HOSTILE, PALETTE),
    ]
    for svg in made:
        assert "<script>" not in svg
        assert "\x1b" not in svg and "\u202e" not in svg
        assert parse(svg).find(f"{SVG}title") is not None  # still well-formed XML, with a title


@pytest.mark.parametrize("count", range(3, 25))
def test_radar_labels_clear_the_rim_each_other_and_the_edges(count: int) -> None:
    names = list(itertools.islice(itertools.cycle(PRACTICES), count))
    width = charts.RADAR_WIDTH
    radius = charts.RADAR_RADIUS
    root = parse(charts.radar(names, standard(count, 3.0), 3, "t", PALETTE))
    _, height = box(root)
    cx = width / 2
    cy, placed = charts.radar_labels(names, cx, radius)
    for label in placed:
        x0, y0, x1, y1 = label.box
        assert x0 >= 0 and x1 <= width and y0 >= 0 and y1 <= height, label
        # The nearest point of the label's box is outside the rim and the markers drawn on it.
        nearest_x, nearest_y = min(max(cx, x0), x1), min(max(cy, y0), y1)
        assert math.hypot(nearest_x - cx, nearest_y - cy) > radius + 5, label
    for a, b in itertools.combinations(placed, 2):
        overlap = min(a.box[2], b.box[2]) - max(a.box[0], b.box[0]), min(a.box[3], b.box[3]) - max(a.box[1], b.box[1])
        assert min(overlap) <= 0, (a.lines, b.lines)


def test_rings_are_labelled_from_0_to_the_maximum() -> None:
    root = parse(charts.radar(PRACTICES, standard(len(PRACTICES)), 3, "t", PALETTE))
    shown = {t.text for t in texts(root)}
    assert {"0", "1", "2", "3"} <= shown


def test_long_names_wrap_into_lines_that_fit() -> None:
    name = "Strategy and Metrics for every API team in the organisation, including partners"
    lines = charts.wrap(name, charts.RADAR_LINE_CHARS, charts.RADAR_LINES)
    assert len(lines) == charts.RADAR_LINES
    assert all(len(line) <= charts.RADAR_LINE_CHARS for line in lines)
    assert lines[-1].endswith("…")
    assert charts.wrap("API Requirements-driven Testing", charts.RADAR_LINE_CHARS, 2) == [
        "API Requirements-driven",
        "Testing",
    ]
    assert bars.widest_label([name]) <= 150  # the bar charts' label column


def test_every_series_differs_by_pattern_and_marker_as_well_as_colour() -> None:
    looks = list(LOOKS.values())
    assert len({look.dash for look in looks}) == len(looks)
    assert len({look.marker for look in looks}) == len(looks)


def test_the_caption_names_only_what_is_drawn() -> None:
    drawn = [("now", LOOKS["now"]), ("target", LOOKS["target"])]
    caption = charts.caption(drawn)
    assert "after the plan" not in caption and "last time" not in caption
    assert LOOKS["target"].words in caption


def test_every_legend_row_and_text_is_inside_the_picture() -> None:
    for count in (1, 4, 12):
        lines = [replace(s, name=f"{s.name} {i}") for i in range(count) for s in standard(3)]
        root = parse(charts.radar(["a", "b", "c"], lines, 3, "t", PALETTE))
        width, height = box(root)
        for t in texts(root):
            assert float(t.get("y", 0)) < height, count
            assert 0 <= float(t.get("x", 0)) <= width


def test_progress_labels_never_overlap_and_are_at_least_7_5_pt() -> None:
    for phases in (1, 4, 8, 12, 24):
        values = [i / phases for i in range(phases + 1)]
        root = parse(bars.progress(values, values, "t", PALETTE))
        assert all(float(t.get("font-size", 0)) >= charts.LABEL for t in texts(root))
        percent_xs = sorted(
            float(t.get("x", 0)) for t in texts(root) if t.text and t.text.endswith("%") and t.get("font-weight")
        )
        gaps = [b - a for a, b in itertools.pairwise(percent_xs)]
        assert all(gap >= bars.PROGRESS_PERCENT_WIDTH for gap in gaps), (phases, gaps)
        labels = [t.text for t in texts(root)]
        assert "100%" in labels  # the last phase is always labelled
        if phases <= 4:
            assert f"Phase {phases}" in labels
        else:
            assert str(phases) in labels and "after phase" in labels


def test_a_series_with_gaps_marks_its_points_instead_of_dropping_to_zero() -> None:
    """Targets for some practices only: no polygon through 0 for the others."""
    target = charts.series("target", [2.0, None, None, 1.0], LOOKS["target"])
    root = parse(charts.radar(["a", "b", "c", "d"], [target], 3, "t", PALETTE))
    colour = LOOKS["target"].colour
    assert not [p for p in root.iter(f"{SVG}polygon") if p.get("stroke") == colour and p.get("stroke-width") == "1.8"]
    joins = [
        line for line in root.iter(f"{SVG}line") if line.get("stroke") == colour and line.get("y1") != line.get("y2")
    ]
    assert len(joins) == 1  # d and a are neighbours (the axes go round)


def test_charts_draw_with_the_palette_only() -> None:
    palette = Palette(*(f"#0000{i:02x}" for i in range(11)))
    looks = charts.looks(palette)
    made = "".join(
        [
            charts.radar(PRACTICES, [charts.series("now", [1.0] * 15, looks["now"])], 3, "t", palette),
            bars.function_bars(["a", "b"], [1.0, None], [2.0, 2.5], [0.5, 1.0], 3, "t", palette),
            bars.benchmark_dots([bars.Comparison("a", 1.0, 1.2, 0.5, 2.0, 1.4)], 3, "t", palette, "SAMM"),
            bars.progress([0.1, 0.5, 1.0], [1.0, 2.0, 2.5], "t", palette),
        ]
    )
    colours = set(re.findall(r"#[0-9a-fA-F]{6}\b", made)) | set(re.findall(r'(?:fill|stroke)="([a-z]+)"', made))
    assert colours <= {f"#0000{i:02x}" for i in range(11)} | {"none"}
