"""The workshop's PDF handout: rendered off the UI thread so the workshop stays live.

The one place a view reaches another: the report is imported here, lazily, on the first
export (WeasyPrint costs a second to import; the workshop must not pay for it at start).
import-linter's layers contract declares this module's import of :mod:`assess.report`.
"""

from __future__ import annotations

from pathlib import Path

from textual import work
from textual.widget import Widget
from textual.worker import Worker, WorkerState

from assess.core.model import Answers, Questionnaire
from assess.workshop.editing import Session

GROUP = "export-pdf"


class PdfExport(Widget):
    """An invisible widget that owns the render worker and reports how each render went."""

    DEFAULT_CSS = "PdfExport { display: none; }"

    def start(self, session: Session) -> None:
        """Render the handout next to the answers file (one render at a time)."""
        output = session.path.with_suffix(".pdf")
        self.notify(f"Rendering the PDF handout to {output.name}…", timeout=3, markup=False)
        self._render_handout(session.questionnaire, session.answers, session.path, output)

    @work(thread=True, exclusive=True, group=GROUP, exit_on_error=False)
    def _render_handout(self, questionnaire: Questionnaire, answers: Answers, answers_path: Path, output: Path) -> None:
        from assess.core.problems import InputError
        from assess.report import render_report

        try:
            written = render_report(questionnaire, answers, str(answers_path), output)
        except InputError as error:
            self._failed_from_thread("; ".join(p.what for p in error.problems))
            return
        except OSError as error:
            self._failed_from_thread(str(error))
            return
        self.app.call_from_thread(self._ready, written)

    def _failed_from_thread(self, why: str) -> None:
        self.app.call_from_thread(self.notify, f"No PDF: {why}", severity="error", timeout=10, markup=False)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """Report a render that failed unforeseen (``exit_on_error=False`` would otherwise lose it silently)."""
        worker = event.worker
        if worker.group == GROUP and event.state == WorkerState.ERROR:
            error = worker.error
            what = f"No PDF: unexpected {type(error).__name__}: {error}"
            self.notify(what, severity="error", timeout=15, markup=False)

    def _ready(self, written: Path) -> None:
        if self.app.is_web:
            self.app.deliver_binary(written, save_filename=written.name, mime_type="application/pdf")
            self.notify(f"PDF handout written to {written} and sent to your browser's downloads.", markup=False)
        else:
            self.notify(f"PDF handout written to {written}", timeout=10, markup=False)
