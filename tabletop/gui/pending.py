"""Moves the database could not save yet, kept in order until a retry gets them through.

When a write fails (read-only file, full disk, a lock held too long) the core has not made
the move. Rather than lose what the facilitator did, the controller keeps it here and tries
again; the window shows a banner until the queue is empty.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tabletop.core.events import Event
    from tabletop.core.exercise import Exercise

Run = Callable[["Exercise"], "list[Event]"]


@dataclass(frozen=True)
class Move:
    """One intent, in words for the banner, and the call that makes it."""

    label: str
    run: Run


class PendingMoves:
    def __init__(self) -> None:
        self._queue: deque[Move] = deque()
        self.reason = ""

    def __len__(self) -> int:
        return len(self._queue)

    def add(self, move: Move, reason: str = "") -> None:
        self._queue.append(move)
        self.reason = reason or self.reason

    def peek(self) -> Move:
        return self._queue[0]

    def drop(self) -> Move:
        return self._queue.popleft()

    def clear(self) -> None:
        self._queue.clear()
        self.reason = ""

    def describe(self) -> str:
        """The banner's words: what is waiting, and why."""
        count = len(self._queue)
        what = self._queue[0].label if count == 1 else f"{count} moves, starting with: {self._queue[0].label}"
        return f"Not saved yet — retrying… ({what}). {self.reason}"
