"""The assessment details form (team, scope, assessors, date), shared by the start screen and the workshop."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.validation import Function, ValidationResult, Validator
from textual.widgets import Input, Label, Static

from assess.workshop.editing import split_list


@dataclass(frozen=True, slots=True)
class Details:
    team: str
    scope: str | None
    assessors: tuple[str, ...]
    date: dt.date


def parse_date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        return None


class DetailsForm(Vertical):
    """Labelled inputs with validation; :meth:`details` returns None and shows why when invalid."""

    can_focus = False

    def __init__(
        self,
        *,
        team: str = "",
        scope: str = "",
        assessors: tuple[str, ...] = (),
        date: dt.date | None = None,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self._initial = (team, scope, ", ".join(assessors), (date or dt.date.today()).isoformat())

    def compose(self) -> ComposeResult:
        team, scope, assessors, date = self._initial
        required: list[Validator] = [Function(lambda v: bool(v.strip()), "the team is required")]
        date_ok: list[Validator] = [Function(lambda v: parse_date(v) is not None, "write the date as YYYY-MM-DD")]
        yield Label("Team (required)")
        yield Input(team, id="team", placeholder="e.g. Payments API", validators=required)
        yield Label("Scope")
        yield Input(scope, id="scope", placeholder="e.g. public REST and GraphQL APIs")
        yield Label("Assessors (separated by commas)")
        yield Input(assessors, id="assessors", placeholder="e.g. Ana, Ben")
        yield Label("Date")
        yield Input(date, id="date", placeholder="YYYY-MM-DD", validators=date_ok)
        yield Static(id="form-errors")

    def details(self) -> Details | None:
        errors: list[str] = []
        for input_id in ("team", "date"):
            widget = self.query_one(f"#{input_id}", Input)
            result: ValidationResult | None = widget.validate(widget.value)
            if result is not None and not result.is_valid:
                errors.extend(f"{input_id}: {message}" for message in result.failure_descriptions)
        self.query_one("#form-errors", Static).update("\n".join(errors))
        if errors:
            return None
        date = parse_date(self.query_one("#date", Input).value)
        assert date is not None
        return Details(
            team=self.query_one("#team", Input).value.strip(),
            scope=self.query_one("#scope", Input).value.strip() or None,
            assessors=split_list(self.query_one("#assessors", Input).value),
            date=date,
        )
