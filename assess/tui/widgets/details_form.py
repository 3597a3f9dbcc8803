"""The assessment details form (team, scope, assessors, date), shared by the start screen and the workshop.

In the workshop it also holds the estate: how many APIs and teams the assessment covers (the
roadmap scales its effort by them) and who can reach the APIs (public, partner, internal: how much
the roadmap weighs API risks).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.validation import Function, ValidationResult, Validator
from textual.widgets import Input, Label, Select, Static

from assess.core.model.answers import EXPOSURES, Estate
from assess.workshop.editing import split_list

NOT_STATED = "not stated"


@dataclass(frozen=True, slots=True)
class Details:
    team: str
    scope: str | None
    assessors: tuple[str, ...]
    date: dt.date
    estate: Estate | None = None
    """Only from a form built with an estate (the workshop's details screen)."""


def parse_count(text: str) -> int | None:
    """A whole number of 1 or more (None for an empty field); ValueError otherwise."""
    text = text.strip()
    if not text:
        return None
    if not text.isdigit() or int(text) < 1 or len(text) > 7:
        raise ValueError(text)
    return int(text)


def _count_ok(text: str) -> bool:
    try:
        parse_count(text)
    except ValueError:
        return False
    return True


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
        estate: Estate | None = None,
        with_estate: bool = False,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self._initial = (team, scope, ", ".join(assessors), (date or dt.date.today()).isoformat())
        self._estate = estate
        self._with_estate = with_estate

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
        if self._with_estate:
            estate = self._estate
            count_ok: list[Validator] = [Function(_count_ok, "write a whole number of 1 or more, or leave it empty")]
            apis = "" if estate is None or estate.apis is None else str(estate.apis)
            teams = "" if estate is None or estate.teams is None else str(estate.teams)
            exposure = estate.exposure if estate is not None and estate.exposure is not None else NOT_STATED
            yield Label("Estate (the roadmap scales effort and weighs risks by it)")
            with Horizontal(id="estate-row"):
                with Vertical():
                    yield Label("APIs in scope")
                    yield Input(apis, id="apis", placeholder="e.g. 4", validators=count_ok)
                with Vertical():
                    yield Label("Teams")
                    yield Input(teams, id="teams", placeholder="e.g. 1", validators=count_ok)
                with Vertical():
                    yield Label("Exposure")
                    yield Select(
                        [(word, word) for word in (*EXPOSURES, NOT_STATED)],
                        value=exposure,
                        allow_blank=False,
                        id="exposure",
                    )
        yield Static(id="form-errors")

    def details(self) -> Details | None:
        errors: list[str] = []
        for input_id in ("team", "date", *(("apis", "teams") if self._with_estate else ())):
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
            estate=self._estate_typed() if self._with_estate else None,
        )

    def _estate_typed(self) -> Estate | None:
        """The estate as typed, keeping the file's ``x-`` keys; None when nothing is stated."""
        apis = parse_count(self.query_one("#apis", Input).value)
        teams = parse_count(self.query_one("#teams", Input).value)
        chosen = self.query_one("#exposure", Select).value
        exposure = chosen if isinstance(chosen, str) and chosen in EXPOSURES else None
        extensions = self._estate.extensions if self._estate is not None else {}
        if apis is None and teams is None and exposure is None and not extensions:
            return None
        return Estate.model_validate({"apis": apis, "teams": teams, "exposure": exposure, **extensions})
