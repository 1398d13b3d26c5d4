"""Between the server's thread and the controller's: moves go one way, the room's view the other.

The server puts a move in the queue and waits (asynchronously) for its reply; the first move
into an empty queue wakes the controller, which takes every waiting move at once, makes them
in one transaction and answers each. The controller publishes a new ``RoomView`` after every
change; the server reads the latest without a lock (it is immutable) and wakes the pages
that wait for it.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from typing import Literal

from tabletop.room.view import RoomView

REPLY_SECONDS = 15.0  # a phone waits this long for its move to be saved before it is told to retry


@dataclass(frozen=True)
class Move:
    kind: Literal["join", "vote"]
    device: str
    team: str = ""  # for a join
    option: str = ""  # for a vote: a letter
    reason: str = ""


@dataclass(frozen=True)
class Reply:
    ok: bool
    error: str = ""


Pending = tuple[Move, "Future[Reply]"]


class Hub:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._queue: list[Pending] = []
        self._wake: Callable[[], None] = lambda: None
        self._view = RoomView()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._changed: asyncio.Event | None = None

    # -- the controller's side -----------------------------------------------------------

    def on_moves(self, wake: Callable[[], None]) -> None:
        """``wake`` is called (from the server's thread) when moves wait; it must only post, never block."""
        self._wake = wake

    def take(self) -> list[Pending]:
        with self._lock:
            taken, self._queue = self._queue, []
        return taken

    def publish(self, view: RoomView) -> None:
        self._view = view
        loop = self._loop
        if loop is not None and not loop.is_closed():
            loop.call_soon_threadsafe(self._ring)

    # -- the server's side ---------------------------------------------------------------

    @property
    def view(self) -> RoomView:
        return self._view

    def attach(self, loop: asyncio.AbstractEventLoop) -> None:
        """Called on the server's loop as it starts."""
        self._loop = loop
        self._changed = asyncio.Event()

    def detach(self) -> None:
        self._loop = None
        for _, future in self.take():
            future.set_result(Reply(False, "the room has closed"))

    async def submit(self, move: Move) -> Reply:
        future: Future[Reply] = Future()
        with self._lock:
            self._queue.append((move, future))
            first = len(self._queue) == 1
        if first:
            self._wake()
        try:
            return await asyncio.wait_for(asyncio.wrap_future(future), REPLY_SECONDS)
        except TimeoutError:
            return Reply(False, "not saved yet: the laptop is busy; try again")

    async def changed(self, version: int) -> RoomView:
        """The view once it is newer than ``version`` (at once if it already is)."""
        while self._view.version <= version:
            event = self._changed
            if event is None:
                await asyncio.sleep(0.5)
                continue
            await event.wait()
        return self._view

    def _ring(self) -> None:
        event = self._changed
        self._changed = asyncio.Event()  # later waiters wait for the next change
        if event is not None:
            event.set()
