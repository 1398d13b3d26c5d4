"""The debrief side of the console: the preview it shows, and exports written off the GUI thread.

Owned by the controller (``controller.debriefs``); it reads a private copy of the session,
so moves made meanwhile never race with a report being written.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from tabletop.core.errors import TabletopError

if TYPE_CHECKING:
    from tabletop.core.exercise import Exercise

log = logging.getLogger(__name__)


class Debriefs(QObject):
    progressed = Signal(str)
    exported = Signal(str, str)  # format, path written
    failed = Signal(str, str)  # format, message
    done = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._jobs: list[QObject] = []

    @property
    def busy(self) -> bool:
        return bool(self._jobs)

    def preview(self, exercise: Exercise, framework: str | None = None, summary: bool = False) -> str:
        """The HTML debrief (or brief), or a plain summary of the scores when it cannot be rendered."""
        from tabletop.gui.console.score_summary import summary_html
        from tabletop.reports.export import render

        try:
            return render(exercise.copy(), "html", framework=framework, summary=summary).decode("utf-8")
        except TabletopError as error:
            return summary_html(exercise, str(error))
        except Exception as error:  # a fault in the report must not take the debrief view (and the hotwash) with it
            log.exception("rendering the debrief preview failed")
            reason = f"the report could not be rendered ({type(error).__name__}; the log has the details)"
            return summary_html(exercise, reason)

    def export(
        self, exercise: Exercise, jobs: Sequence[tuple[str, Path]], framework: str | None = None, summary: bool = False
    ) -> None:
        """Write the debrief (``summary``: the brief) in each (format, path) on a worker thread; signals tell how."""
        from tabletop.gui.export_job import ExportJob

        job = ExportJob(exercise.copy(), jobs, self, framework=framework, summary=summary)
        job.progressed.connect(self.progressed)
        job.exported.connect(self.exported)
        job.failed.connect(self.failed)
        job.finished.connect(self._on_job_finished)
        self._jobs.append(job)
        job.start()

    def _on_job_finished(self) -> None:
        job = self.sender()
        if job in self._jobs:
            self._jobs.remove(job)
        self.done.emit()
