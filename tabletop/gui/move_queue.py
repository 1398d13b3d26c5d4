"""Making moves, and keeping the ones the database could not save until a retry gets them through.

When a write fails (read-only file, full disk, a lock held too long) the core has not made
the move. Rather than lose what the facilitator did, the runner keeps it, in order with any
later moves, and tries again on a timer; the window shows a banner until the queue is empty.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from PySide6.QtCore import QObject, QTimer, Signal

from tabletop.core.errors import TabletopError

if TYPE_CHECKING:
    from tabletop.core.events import Event
    from tabletop.core.exercise import Exercise

Run = Callable[["Exercise"], "list[Event]"]
Outcome = Literal["done", "held", "refused"]
RETRY_MS = 2000


@dataclass(frozen=True)
class Move:
    """One intent, in words for the banner, and the call that makes it."""

    label: str
    run: Run


class MoveRunner(QObject):
    """Applies moves to one exercise at a time; a move the store refused waits here, in order."""

    applied = Signal(object)  # list[Event] the move added
    refused = Signal(str)  # the core said no, and why
    held = Signal(str)  # the banner's words: what waits, and why
    recovered = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._queue: deque[Move] = deque()
        self._exercise: Exercise | None = None
        self._reason = ""
        self.timer = QTimer(self)
        self.timer.setInterval(RETRY_MS)
        self.timer.timeout.connect(self._on_timer_timeout)

    def __len__(self) -> int:
        return len(self._queue)

    def run(self, exercise: Exercise, move: Move) -> bool:
        """Make the move now, or queue it behind others; False if the core refused it."""
        if self._queue:
            self._queue.append(move)
            self.held.emit(self.describe())
            return True
        self._exercise = exercise
        outcome, message = self._attempt(move)
        if outcome == "refused":
            self.refused.emit(message)
            return False
        if outcome == "held":
            self._queue.append(move)
            self.timer.start()
            self.held.emit(self.describe())
        return True

    def clear(self) -> None:
        self._queue.clear()
        self._exercise = None
        self.timer.stop()

    def describe(self) -> str:
        count = len(self._queue)
        what = self._queue[0].label if count == 1 else f"{count} moves, starting with: {self._queue[0].label}"
        return f"Not saved yet — retrying… ({what}). {self._reason}"

    def _attempt(self, move: Move) -> tuple[Outcome, str]:
        from tabletop.storage import StoreError

        assert self._exercise is not None
        try:
            events = move.run(self._exercise)
        except StoreError as error:
            self._reason = str(error)
            return "held", self._reason
        except TabletopError as error:
            return "refused", str(error)
        self.applied.emit(events)
        return "done", ""

    def _on_timer_timeout(self) -> None:
        while self._queue and self._exercise is not None:
            move = self._queue[0]
            outcome, message = self._attempt(move)
            if outcome == "held":
                self.held.emit(self.describe())
                return
            self._queue.popleft()
            if outcome == "refused":
                self.refused.emit(f"A waiting move could not be made ({move.label}): {message}")
        self.timer.stop()
        self.recovered.emit()
