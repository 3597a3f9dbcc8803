"""The report's SVG charts: escaped text, everything inside the picture, no overlapping labels."""

from __future__ import annotations

import itertools
import xml.etree.ElementTree as ET

from assess.report import charts

SVG = "{http://www.w3.org/2000/svg}"


def parse(markup: str) -> ET.Element:
    return ET.fromstring(str(markup))  # our own output, parsed to inspect it


def box(svg: ET.Element) -> tuple[float, float]:
    _, _, width, height = (float(v) for v in svg.get("viewBox", "").split())
    return width, height


def texts(svg: ET.Element) -> list[ET.Element]:
    return list(svg.iter(f"{SVG}text"))


def series(count: int) -> list[charts.Series]:
    return [charts.Series(f"after phase {i}", [1.0, 2.0, 1.5], charts.phase_colour(i, count)) for i in range(count)]


def test_text_in_charts_is_escaped_and_printable() -> None:
    hostile = '<script>alert(1)</script> & "x" \x1b[2J \u202egnp.exe'
    svg = charts.radar([hostile, "b", "c"], series(2), 3, hostile)
    assert "<script>" not in svg
    assert "\x1b" not in svg and "\u202e" not in svg
    root = parse(svg)  # still well-formed XML
    assert root.find(f"{SVG}title") is not None
    bars = charts.function_bars([hostile], [1.0], [2.0], 3, hostile)
    assert "<script>" not in bars
    parse(bars)


def test_every_radar_legend_row_is_inside_the_picture() -> None:
    for count in (1, 4, 12, 24):
        root = parse(charts.radar(["a", "b", "c"], series(count), 3, "t"))
        _, height = box(root)
        assert max(float(t.get("y", 0)) for t in texts(root)) < height, count


def test_long_names_are_cut_to_fit() -> None:
    name = "Strategy and Metrics for every API team in the organisation, including partners"
    root = parse(charts.radar([name, "b", "c"], series(1), 3, "t"))
    label = next(t.text for t in texts(root) if t.text and t.text.startswith("Strategy"))
    assert label.endswith("…")
    assert len(label) <= charts.RADAR_LABEL_CHARS
    root = parse(charts.function_bars([name], [1.0], [2.0], 3, "t"))
    label = next(t.text for t in texts(root) if t.text and t.text.startswith("Strategy"))
    assert len(label) <= charts.BAR_LABEL_CHARS


def test_progress_labels_never_overlap() -> None:
    for phases in (1, 4, 8, 12, 24):
        values = [i / phases for i in range(phases + 1)]
        root = parse(charts.progress(values, values, "t"))
        percent_xs = sorted(
            float(t.get("x", 0)) for t in texts(root) if t.text and t.text.endswith("%") and t.get("font-weight")
        )
        assert percent_xs, phases
        gaps = [b - a for a, b in itertools.pairwise(percent_xs)]
        assert all(gap >= charts.PROGRESS_PERCENT_WIDTH for gap in gaps), (phases, gaps)
        labels = [t.text for t in texts(root)]
        assert "100%" in labels  # the last phase is always labelled
        if phases <= 4:
            assert f"Phase {phases}" in labels
            assert "score 1.00" in labels
        else:
            assert str(phases) in labels
            assert "after phase" in labels


def test_a_series_with_gaps_marks_its_points_instead_of_dropping_to_zero() -> None:
    """Targets for some practices only: no polygon through 0 for the others."""
    target = charts.Series("target", [2.0, None, None, 1.0], charts.TARGET, dashed=True)
    root = parse(charts.radar(["a", "b", "c", "d"], [target], 3, "t"))
    assert list(root.iter(f"{SVG}polygon"))  # the rings
    assert not [p for p in root.iter(f"{SVG}polygon") if p.get("stroke") == charts.TARGET]
    assert len([c for c in root.iter(f"{SVG}circle") if c.get("stroke") == charts.TARGET]) == 2
    joins = [line for line in root.iter(f"{SVG}line") if line.get("stroke") == charts.TARGET]
    assert len(joins) == 1  # d and a are neighbours (the axes go round)
