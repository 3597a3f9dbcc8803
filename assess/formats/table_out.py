"""Terminal tables (rich), for people reading results at a prompt.

Rich is imported inside the renderers, so listing the formats costs nothing; :func:`to_text`
renders with the console the text will be printed on (its width, and colour only on a terminal).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from assess.core.display import fmt, fmt_change, fmt_count, fmt_count_change, fmt_percent
from assess.core.printable import printable
from assess.formats import _bsimm_text as bsimm
from assess.formats.registry import AGGREGATE, DIFF, SCORE, output_format

if TYPE_CHECKING:
    from rich.console import Console, RenderableType
    from rich.table import Table
    from rich.text import Text

    from assess.documents.bsimm import BsimmBlock
    from assess.documents.contract import (
        AggregateDocument,
        Column,
        CoverageNode,
        DiffDocument,
        ScoreDocument,
    )

renders = output_format("table", order=0)

BAR_WIDTH = 12


def console() -> Console:
    """A console on standard output, as the text will be printed there (width and colours follow it)."""
    from rich.console import Console

    return Console(highlight=False)


def to_text(renderable: RenderableType, on: Console | None = None) -> str:
    """What printing ``renderable`` on the console would write, as a string."""
    target = on or console()
    with target.capture() as captured:
        target.print(renderable)
    return captured.get()


def bar(score: float | None, maximum: float, target: float | None = None) -> Text:
    """A bar of block characters, filled to ``score`` out of ``maximum``, the target marked in another colour."""
    from rich.text import Text

    text = Text()
    if score is None or maximum <= 0:  # nothing to show, or nothing to fill (a scale whose top value is 0)
        return text
    filled = round(BAR_WIDTH * min(score, maximum) / maximum)
    mark = None if target is None else min(BAR_WIDTH - 1, round(BAR_WIDTH * target / maximum))
    for i in range(BAR_WIDTH):
        char = "█" if i < filled else "·"
        style = "green" if i < filled else "dim"
        if mark is not None and i == mark:
            char, style = "▏" if i >= filled else "█", "yellow" if i >= filled else "green"
        text.append(char, style=style)
    return text


@renders(SCORE)
def scores_table(documents: Sequence[ScoreDocument]) -> str:
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    parts: list[Any] = []
    for doc in documents:
        if (found := bsimm.block(doc)) is not None:
            parts += [*_bsimm_parts(doc, found, bars=console().width >= BSIMM_BARS_FROM), Text("")]
            continue
        a = doc["assessment"]
        q = doc["questionnaire"]
        na = "" if doc["na"] == "zero" else "  [yellow]n/a excluded (non-standard)[/]"
        heading = (
            f"[bold]{_escape(a['team'] or a['file'])}[/]  {_escape(q['title'])} {_escape(q['version'])}"
            f"  answered {doc['answered']}/{doc['total']}{na}"
        )
        ptt = doc["percent_to_target"]
        caption = None if ptt is None else f"{fmt_percent(ptt)} of the way to the targets (SAMM percent to target)"
        table = Table(
            title=heading,
            title_justify="left",
            caption=caption,
            caption_justify="left",
            show_edge=False,
            pad_edge=False,
        )
        table.add_column("Function / practice", no_wrap=True, overflow="ellipsis")
        table.add_column("Score", justify="right")
        table.add_column("", no_wrap=True)
        has_targets = any(p["target"] is not None for f in doc["functions"] for p in f["practices"])
        if has_targets:
            table.add_column("Target", justify="right")
            table.add_column("Gap", justify="right")
        levels = sorted({int(k) for f in doc["functions"] for p in f["practices"] for k in p.get("levels", {})})
        for level in levels:  # the Toolbox's maturity columns: each level's mean activity value (0..1)
            table.add_column(f"L{level}", justify="right")
        blank = [""] * ((2 if has_targets else 0) + len(levels))
        for function in doc["functions"]:
            row: list[str | Text] = [
                _text(function["name"], style="bold"),
                Text(fmt(function["score"]), style="bold"),
                bar(function["score"], function["maximum"]),
            ]
            table.add_row(*row, *blank)
            for p in function["practices"]:
                cells: list[str | Text] = [
                    _text(f"  {p['id']} {p['name']}"),
                    fmt(p["score"]),
                    bar(p["score"], p["maximum"], p["target"]),
                ]
                if has_targets:
                    cells += [fmt(p["target"]), fmt(p["gap"])]
                cells += [fmt(p.get("levels", {}).get(str(level))) for level in levels]
                table.add_row(*cells)
            table.add_section()
        overall: list[str | Text] = [
            Text("Overall", style="bold"),
            Text(fmt(doc["overall"]), style="bold"),
            bar(doc["overall"], doc["maximum"]),
        ]
        table.add_row(*overall, *blank)
        parts.append(table)
        parts.append(Text(""))
    return to_text(Group(*parts))


BSIMM_BARS_FROM = 100
"""The narrowest terminal on which a BSIMM scorecard shows bars (below, the names would wrap)."""


def _bsimm_parts(doc: ScoreDocument, b: BsimmBlock, bars: bool = True) -> list[Any]:
    """A BSIMM scorecard: observed counts, shares, high-water marks, the pool beside them, where to look first."""
    from rich.table import Table
    from rich.text import Text

    a, q = doc["assessment"], doc["questionnaire"]
    derived = bsimm.derived_line(b)
    table = Table(
        title=f"[bold]{_escape(a['team'] or a['file'])}[/]  {_escape(q['title'])} {_escape(q['version'])}"
        + ("  [yellow]derived[/]" if derived else f"  answered {doc['answered']}/{doc['total']}"),
        title_justify="left",
        caption="\n".join(
            line for line in (bsimm.firm_line(b), bsimm.target_line(doc), bsimm.legend(b)) if line is not None
        ),
        caption_justify="left",
        show_edge=False,
        pad_edge=False,
    )
    table.add_column("Domain / practice", ratio=1)
    targets, na = bsimm.has_targets(doc), b["na"] > 0
    headers = ["Observed", "Share", *([""] if bars else []), "HWM", "Pool"]
    headers += [*(["Target"] if targets else []), *(["n/a"] if na else [])]
    for header in headers:
        table.add_column(header, justify="right" if header else "left", no_wrap=True, min_width=len(header))
    for row in bsimm.rows(doc, b):
        domain = row.kind == "domain"
        if domain and table.row_count:
            table.add_section()
        style = "bold" if domain else ""
        table.add_row(
            _text(row.name if domain else f"  {row.id} {row.name}", style=style),
            Text(row.observed, style=style),
            Text(fmt_percent(row.share), style=style),
            *([bar(row.share, 1.0)] if bars else []),
            row.high_water_mark,
            row.pool,
            *([row.target] if targets else []),
            *([row.na] if na else []),
        )
    parts: list[Any] = [Text(printable(derived), style="yellow"), table] if derived else [table]
    flagged = bsimm.look_first(b)
    if flagged:
        more = len(b["look_first"]) - len(flagged)
        parts.append(Text(f"Common in {printable(bsimm.pool_name(b))}, not observed here (look here first):"))
        parts += [Text(f"  {printable(i)}  {printable(title)}  ({share} of firms)") for i, title, share in flagged]
        if more > 0:
            parts.append(Text(f"  and {more} more (--format json or csv lists them all)"))
    return parts


@renders(DIFF)
def diff_table(doc: DiffDocument) -> str:
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    num, change_of = (fmt_count, fmt_count_change) if doc.get("method") == "bsimm" else (fmt, fmt_change)
    table = Table(
        title=f"{_escape(doc['before'])} → {_escape(doc['after'])}" + derived_note(doc.get("derived")),
        title_justify="left",
        show_edge=False,
        pad_edge=False,
    )
    has_targets = any(c["target"] is not None for c in doc["scores"])
    columns = [("", "left"), ("Before", "right"), ("After", "right"), ("Change", "right")]
    columns += [("Target", "right"), ("Progress", "right")] if has_targets else []
    for name, justify in columns:
        table.add_column(name, justify=justify)  # type: ignore[arg-type]
    for change in doc["scores"]:
        delta = change["change"]
        style = "green" if delta and delta > 0 else "red" if delta and delta < 0 else ""
        label = change["name"] if change["kind"] != "practice" else f"  {change['id']} {change['name']}"
        strong = "bold" if change["kind"] != "practice" else ""
        table.add_row(
            _text(label, style=strong),
            num(change["before"]),
            num(change["after"]),
            Text(change_of(delta), style=style),
            *([num(change["target"]), fmt_percent(change["progress"])] if has_targets else []),
        )
    parts: list[Any] = [table]
    if doc["answers"]:
        answers = Table(title="Answers that changed", title_justify="left", show_edge=False, pad_edge=False)
        for name in ("Activity", "Before", "After"):
            answers.add_column(name)
        for a in doc["answers"]:
            answers.add_row(a["activity"], a["before"] or "–", a["after"] or "–")
        parts += [Text(""), answers]
    return to_text(Group(*parts))


TEAM_WIDTH = 24
"""The widest the team column of an aggregate gets before its names wrap."""


@renders(AGGREGATE)
def aggregate_text(doc: AggregateDocument) -> str:
    """The aggregate table, as wide as the terminal allows."""
    on = console()
    text = to_text(aggregate_table(doc, width=on.width), on)
    coverage = doc.get("coverage")
    if coverage:
        text += to_text(coverage_table(coverage), on)
    return text


def coverage_table(coverage: list[CoverageNode]) -> Table:
    """BSIMM scorecards: how many of the teams were observed doing each activity."""
    from rich.table import Table

    teams = coverage[0]["teams"] if coverage else 0
    table = Table(
        title=f"Coverage per activity ({teams} team{'' if teams == 1 else 's'})",
        title_justify="left",
        show_edge=False,
        pad_edge=False,
    )
    table.add_column("Activity", no_wrap=True)
    table.add_column("Title", ratio=1)
    table.add_column("Teams", justify="right", no_wrap=True)
    table.add_column("", no_wrap=True)
    for c in coverage:
        table.add_row(_text(c["activity"]), _text(c["title"]), f"{c['observed']}/{c['teams']}", bar(c["share"], 1.0))
    return table


def aggregate_table(doc: AggregateDocument, width: int | None = None) -> Table:
    """One row per team; a column per practice, or per business function when ``width`` is too narrow."""
    from rich.table import Table
    from rich.text import Text

    shown = [c for c in doc["columns"] if c["kind"] == "practice"]
    caption = None
    if width is not None and _aggregate_width(doc, shown) > width:
        shown = [c for c in doc["columns"] if c["kind"] == "function"]
        caption = "Business functions only: widen the terminal to see practices, or use --format csv or markdown"
    count = len(doc["teams"])
    table = Table(
        title=f"{_escape(doc['questionnaire']['id'])} {_escape(doc['questionnaire']['version'])}: "
        f"{count} assessment{'' if count == 1 else 's'}" + derived_note(doc.get("derived")),
        title_justify="left",
        caption=caption,
        caption_justify="left",
        show_edge=False,
        pad_edge=False,
    )
    table.add_column("Team", max_width=TEAM_WIDTH)
    table.add_column("Overall", justify="right")
    for column in shown:
        table.add_column(column["id"], justify="right")
    num = fmt_count if doc.get("method") == "bsimm" else fmt  # a team's bsimm scores are counts; means are not
    for team in doc["teams"]:
        table.add_row(_text(team["team"]), num(team["overall"]), *(num(team["scores"].get(c["id"])) for c in shown))
    table.add_section()
    organisation = doc["organisation"]
    for stat in ("mean", "min", "max"):
        table.add_row(
            Text(f"organisation {stat}", style="bold"),
            fmt(organisation["overall"][stat]),
            *(fmt(organisation["scores"][c["id"]][stat]) for c in shown),
        )
    return table


def _aggregate_width(doc: AggregateDocument, columns: list[Column]) -> int:
    """Terminal columns a table needs to show every score in full (each cell has 3 columns of padding)."""
    labels = [len(t["team"]) for t in doc["teams"]] + [len("organisation mean")]
    team = min(TEAM_WIDTH, max(labels))
    return team + 3 + len("Overall") + 3 + sum(max(len(c["id"]), len("0.00")) + 3 for c in columns)


def derived_note(derived: str | None) -> str:
    """The label of scorecards derived through a crosswalk (``--view bsimm``), for a table title."""
    return "" if derived is None else f"\n[yellow]BSIMM-style, derived from {_escape(derived)}[/]"


def _escape(text: str) -> str:
    """User text for a markup string (a title): no markup, no control characters."""
    from rich.markup import escape

    return escape(printable(text))


def _text(text: str, style: str = "") -> Text:
    """User text for a cell: shown as written, control characters escaped."""
    from rich.text import Text

    return Text(printable(text), style=style)
