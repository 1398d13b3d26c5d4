"""Writing debriefs off the GUI thread: a PDF can take a second or more, and the window must stay alive."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QThread, Signal

if TYPE_CHECKING:
    from tabletop.core.exercise import Exercise

log = logging.getLogger(__name__)


class ExportJob(QThread):
    """Exports one snapshot of a session to each (format, path) in turn.

    The snapshot is a private replay of the log, so moves made meanwhile on the GUI thread
    never race with the report reading its state.
    """

    progressed = Signal(str)
    exported = Signal(str, str)
    failed = Signal(str, str)

    def __init__(
        self,
        snapshot: Exercise,
        jobs: Sequence[tuple[str, Path]],
        parent: QObject | None = None,
        *,
        framework: str | None = None,
        summary: bool = False,
    ) -> None:
        super().__init__(parent)
        self._snapshot = snapshot
        self._jobs = tuple(jobs)
        self._framework = framework
        self._summary = summary

    def run(self) -> None:
        for fmt, path in self._jobs:
            self._export_one(fmt, path)

    def _export_one(self, fmt: str, path: Path) -> None:
        from tabletop.core.errors import TabletopError
        from tabletop.reports.export import export

        self.progressed.emit(f"Writing the {fmt.upper()} {'brief' if self._summary else 'debrief'}…")
        try:
            written = export(
                self._snapshot, fmt, path, self.progressed.emit, framework=self._framework, summary=self._summary
            )
        except TabletopError as error:
            self.failed.emit(fmt, str(error))
        except Exception as error:  # a thread's exception would otherwise vanish, not reach the dialog hook
            log.exception("exporting %s to %s failed", fmt, path)
            self.failed.emit(fmt, f"an unexpected error stopped the export ({type(error).__name__}); see the log")
        else:
            self.exported.emit(fmt, str(written))
