"""Between the server's thread and the controller's: moves go one way, the room's view the other.

The server puts a move in the queue and waits (asynchronously) for its reply; the first move
into an empty queue wakes the controller, which takes every waiting move at once, makes them
in one transaction and answers each. The controller publishes a new ``RoomView`` after every
change; the server reads the latest without a lock (it is immutable) and wakes the pages
whose state it changed: a vote wakes its own team's pages (their count moved) and its own
device, not the whole room.
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
        self._waiting: dict[str, set[asyncio.Future[None]]] = {}  # "team:NAME" or "device:ID" -> pages waiting
        self._held: frozenset[str] | None = frozenset()  # pages to wake at the next ring (None: every page)

    # -- the controller's side -----------------------------------------------------------

    def on_moves(self, wake: Callable[[], None]) -> None:
        """``wake`` is called (from the server's thread) when moves wait; it must only post, never block."""
        self._wake = wake

    def take(self) -> list[Pending]:
        with self._lock:
            taken, self._queue = self._queue, []
        return taken

    def publish(self, view: RoomView, ring: bool = True) -> None:
        """The new view, read by every request from now on; its pages woken now, or by ``ring_held`` when not."""
        old, self._view = self._view, view
        keys = touched(old, view)
        self._held = None if keys is None or self._held is None else self._held | keys
        if ring:
            self.ring_held()

    def ring_held(self) -> None:
        """Wake the pages that the views published since the last ring changed (after what the loop has queued)."""
        keys, self._held = self._held, frozenset()
        loop = self._loop
        if loop is not None and not loop.is_closed() and keys != frozenset():
            loop.call_soon_threadsafe(self._ring, keys)

    # -- the server's side ---------------------------------------------------------------

    @property
    def view(self) -> RoomView:
        return self._view

    def attach(self, loop: asyncio.AbstractEventLoop) -> None:
        """Called on the server's loop as it starts."""
        self._loop = loop

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

    def waiter(self, team: str, device: str) -> asyncio.Future[None]:
        """A future done at the next change to what ``device`` (of ``team``) sees; on the server's loop."""
        assert self._loop is not None
        future: asyncio.Future[None] = self._loop.create_future()
        for key in (f"team:{team}", f"device:{device}"):
            self._waiting.setdefault(key, set()).add(future)
        return future

    def forget(self, future: asyncio.Future[None], team: str, device: str) -> None:
        for key in (f"team:{team}", f"device:{device}"):
            self._waiting.get(key, set()).discard(future)

    def _ring(self, keys: frozenset[str] | None) -> None:
        """Wake the pages waiting on any of ``keys`` (None: every page)."""
        rung = list(self._waiting) if keys is None else [key for key in keys if key in self._waiting]
        for key in rung:
            for future in self._waiting.pop(key):
                if not future.done():
                    future.set_result(None)


def touched(old: RoomView, new: RoomView) -> frozenset[str] | None:
    """What a new view changed, as waiting keys; None when it may change every page (a join, the session)."""
    if (old.session, old.code, old.open, old.teams) != (new.session, new.code, new.open, new.teams):
        return None
    if old.devices != new.devices:
        return None
    keys = {f"team:{team}" for team, text in new.texts.items() if old.texts.get(team) != text}
    for device in old.my_votes.keys() | new.my_votes.keys():
        if old.my_votes.get(device) != new.my_votes.get(device):
            keys.add(f"device:{device}")
    return frozenset(keys)
