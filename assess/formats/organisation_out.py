"""``assess aggregate`` (each team counted once): the teams' table, then where the practices stand on targets."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from assess.core.display import fmt
from assess.core.printable import printable
from assess.formats.json_out import dumps
from assess.formats.markdown_out import _table, aggregate_markdown, escape
from assess.formats.registry import ORGANISATION, output_format

if TYPE_CHECKING:
    from rich.console import Group

    from assess.documents.organisation import OrganisationDocument, PracticeStanding

output_format("json", order=1)(ORGANISATION)(dumps)


def _title(doc: OrganisationDocument) -> str:
    q = doc["questionnaire"]
    teams, files = len(doc["teams"]), doc["assessments"]
    counted = f"{teams} team{'' if teams == 1 else 's'}"
    if files != teams:
        counted += f" (the latest of {files} assessments)"
    return f"{q['id']} {q['version']}: {counted}"


def _at_target(practice: PracticeStanding) -> str:
    return f"{practice['at_target']}/{practice['with_target']}" if practice["with_target"] else "–"


def _furthest(practice: PracticeStanding) -> str:
    return ", ".join(f"{f['team']} (−{fmt(f['gap'])})" for f in practice["furthest_below"]) or "–"


@output_format("table", order=0)(ORGANISATION)
def organisation_text(doc: OrganisationDocument) -> str:
    """The teams' table and the practices' standings, as wide as the terminal allows."""
    from assess.formats.table_out import console, to_text

    on = console()
    return to_text(organisation_table(doc, width=on.width), on)


def organisation_table(doc: OrganisationDocument, width: int | None = None) -> Group:
    from rich.console import Group
    from rich.markup import escape as markup
    from rich.table import Table
    from rich.text import Text

    from assess.formats.table_out import aggregate_table, coverage_table, derived_note

    teams = aggregate_table(doc, width=width)
    teams.title = markup(printable(_title(doc))) + derived_note(doc.get("derived"))
    standings = Table(
        caption="At target: teams at or above their target / teams with a target for the practice.",
        caption_justify="left",
        show_edge=False,
        pad_edge=False,
    )
    standings.add_column("Practice", max_width=28)
    for name in ("Mean", "Min", "Max", "At target"):
        standings.add_column(name, justify="right", no_wrap=True)
    standings.add_column("Furthest below target (gap)")
    for practice in doc["practices"]:
        standings.add_row(
            Text(printable(f"{practice['id']} {practice['name']}")),
            fmt(practice["mean"]),
            fmt(practice["min"]),
            fmt(practice["max"]),
            _at_target(practice),
            Text(printable(_furthest(practice))),
        )
    parts: list[Any] = [teams, Text(""), standings]
    coverage = doc.get("coverage")
    if coverage:
        parts += [Text(""), coverage_table(coverage)]
    if doc["superseded"]:
        older = ", ".join(s["file"] for s in doc["superseded"])
        parts.append(
            Text(printable(f"\nNot counted (an older assessment of a team): {older}. Use --all to count every file."))
        )
    return Group(*parts)


@output_format("markdown", order=3)(ORGANISATION)
def organisation_markdown(doc: OrganisationDocument) -> str:
    rows = [
        [
            f"{escape(p['id'])} {escape(p['name'])}",
            fmt(p["mean"]),
            fmt(p["min"]),
            fmt(p["max"]),
            _at_target(p),
            escape(_furthest(p)),
        ]
        for p in doc["practices"]
    ]
    text = f"## {escape(_title(doc))}\n\n" + aggregate_markdown(doc)
    text += "\n" + _table(["Practice", "Mean", "Min", "Max", "At target", "Furthest below target (gap)"], rows)
    if doc["superseded"]:
        older = ", ".join(escape(s["file"]) for s in doc["superseded"])
        text += f"\n\nNot counted (an older assessment of a team): {older}."
    return text + "\n"


@output_format("csv", order=2)(ORGANISATION)
def organisation_csv(doc: OrganisationDocument) -> str:
    """The aggregate's rows, then per practice the teams at or above target and the teams with one."""
    from assess.formats.csv_out import _write, aggregate_rows

    ids = [c["id"] for c in doc["columns"]]
    by_id = {p["id"]: p for p in doc["practices"]}
    header, rows = aggregate_rows(doc)
    rows.append(["teams at or above target", "", None, *(by_id[i]["at_target"] if i in by_id else None for i in ids)])
    rows.append(["teams with a target", "", None, *(by_id[i]["with_target"] if i in by_id else None for i in ids)])
    return _write(header, rows)
