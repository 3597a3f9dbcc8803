"""The start screen of bare ``assess``: the questionnaires, files to resume, and a new assessment."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, DataTable, Footer, Input, Label, Static

from assess.core.model import Questionnaire
from assess.core.problems import InputError
from assess.files.discovery import DEFAULT_QUESTIONNAIRE, available_questionnaires
from assess.tui.bars import escape
from assess.tui.widgets.details_form import DetailsForm
from assess.workshop.custody import new_answers
from assess.workshop.editing import Session
from assess.workshop.folder import AnswersFile, file_name_for, find_answers_files
from assess.workshop.locking import LockedError


class QuestionnaireTable(DataTable[str | Text]):
    """Questionnaires to start a new assessment with."""


class ResumeTable(DataTable[str | Text]):
    """Answers files in the folder, newest first."""


class StartScreen(Screen[None]):
    """Choose a questionnaire and start, or resume a file of this folder."""

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]
    BINDINGS = [
        Binding("r", "focus_resume", "Resume"),
        Binding("ctrl+n", "focus_new", "New"),
        Binding("ctrl+s", "start", "Start", show=False),
    ]

    def __init__(self, folder: Path, chosen: Questionnaire | None = None) -> None:
        super().__init__()
        self.folder = folder
        self.questionnaires = available_questionnaires(folder)
        # Without a choice, the default questionnaire (not simply the first by id) is highlighted.
        self.chosen_row = next((i for i, q in enumerate(self.questionnaires) if q.id == DEFAULT_QUESTIONNAIRE), 0)
        if chosen is not None:
            rows = [(q.id, q.version) for q in self.questionnaires]
            if (chosen.id, chosen.version) not in rows:
                self.questionnaires.append(chosen)
                rows.append((chosen.id, chosen.version))
            self.chosen_row = rows.index((chosen.id, chosen.version))
        self.files: list[AnswersFile] = find_answers_files(folder)

    def compose(self) -> ComposeResult:
        yield Static(
            f"[b]assess[/] · API security maturity workshop · [$text-muted]{escape(str(self.folder.resolve()))}[/]",
            id="start-title",
        )
        with VerticalScroll(id="start-body"), Horizontal(id="start-columns"):
            with Vertical(id="start-left"):
                yield Label("[b]Resume[/] an assessment in this folder ([b]r[/], enter opens)", classes="section")
                yield ResumeTable(id="resume", cursor_type="row")
                yield Static(id="resume-empty")
                yield Label("[b]Questionnaires[/] (choose one for a new assessment)", classes="section")
                yield QuestionnaireTable(id="questionnaires", cursor_type="row")
                yield Static(id="questionnaire-info")
            with Vertical(id="start-right"):
                yield Label("[b]New assessment[/] ([b]ctrl+n[/])", classes="section")
                yield DetailsForm(id="new-form")
                yield Label("File (in this folder)")
                yield Input(id="file-name", placeholder="made from the team: payments-api.yaml")
                yield Button("Start the workshop", id="start", variant="primary")
        yield Footer()

    def on_mount(self) -> None:
        resume = self.query_one(ResumeTable)
        for label in ("File", "Team", "Date", "Answered", "Questionnaire"):
            resume.add_column(label)
        for item in self.files:
            progress = f"{item.answered}/{item.total}" if item.total is not None else f"{item.answered}/?"
            resume.add_row(
                Text(item.path.name),
                Text(item.team or ""),
                item.date.isoformat() if item.date else "",
                progress,
                Text(f"{item.questionnaire} {item.version}"),
                key=str(item.path),
            )
        resume.display = bool(self.files)
        self.query_one("#resume-empty", Static).update(
            "" if self.files else "[$text-muted]No answers files here yet: start a new assessment.[/]"
        )
        table = self.query_one(QuestionnaireTable)
        for label in ("Id", "Version", "Title", "Activities"):
            table.add_column(label)
        for index, q in enumerate(self.questionnaires):
            table.add_row(Text(q.id), Text(q.version), Text(q.title), str(len(q.activities)), key=str(index))
        table.move_cursor(row=self.chosen_row)
        self._show_questionnaire(self.chosen_row)
        (resume if self.files else self.query_one("#team", Input)).focus()

    def _chosen_questionnaire(self) -> Questionnaire:
        table = self.query_one(QuestionnaireTable)
        return self.questionnaires[max(0, min(table.cursor_row, len(self.questionnaires) - 1))]

    def _show_questionnaire(self, index: int) -> None:
        if not self.questionnaires:
            return
        q = self.questionnaires[index]
        profiles = ", ".join(q.profiles) or "none"
        self.query_one("#questionnaire-info", Static).update(
            f"[$text-muted]{escape((q.description or '').strip())}\nProfiles: {escape(profiles)}[/]"
        )

    @on(DataTable.RowHighlighted, "#questionnaires")
    def _questionnaire_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_questionnaire(event.cursor_row)

    @on(DataTable.RowSelected, "#questionnaires")
    def _questionnaire_selected(self) -> None:
        self.query_one("#team", Input).focus()

    @on(DataTable.RowSelected, "#resume")
    def _resume_selected(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value is not None:
            self._open(lambda: Session.open(Path(event.row_key.value or "")))

    @on(Input.Changed, "#team")
    def _team_changed(self, event: Input.Changed) -> None:
        self.query_one("#file-name", Input).placeholder = file_name_for(event.value) if event.value.strip() else ""

    @on(Button.Pressed, "#start")
    @on(Input.Submitted)
    def action_start(self) -> None:
        details = self.query_one(DetailsForm).details()
        if details is None:
            return
        name = self.query_one("#file-name", Input).value.strip() or file_name_for(details.team)
        if not name.endswith((".yaml", ".yml")):
            name += ".yaml"
        path = self.folder / name
        if Path(name).name != name:
            self.notify("Give a file name without folders.", severity="error")
            return
        q = self._chosen_questionnaire()
        answers = new_answers(q, team=details.team, scope=details.scope, assessors=details.assessors, date=details.date)
        self._open(lambda: Session.create(path, q, answers))

    def _open(self, opener: Callable[[], Session]) -> None:
        from assess.tui.app import WorkshopApp

        try:
            session = opener()
        except InputError as error:
            self.notify("\n".join(str(p) for p in error.problems), severity="error", timeout=12, markup=False)
            return
        except LockedError as error:
            self.notify(f"{error.path.name}: {error}", severity="error", timeout=12, markup=False)
            return
        app = self.app
        assert isinstance(app, WorkshopApp)
        app.open_session(session)

    def action_focus_resume(self) -> None:
        if self.files:
            self.query_one(ResumeTable).focus()

    def action_focus_new(self) -> None:
        self.query_one("#team", Input).focus()
