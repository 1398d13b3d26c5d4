"""The console's side of the room: opens the phones' server for the session and answers their moves.

The server lives in its own thread (``tabletop.room``); this object lives on the GUI thread.
The first move into the hub's empty queue posts a wake-up here (a queued signal, so the
server's thread never waits on the GUI); every waiting move is then made at once through
the controller, in one transaction, and each phone gets its answer once its move is saved.
After every change of the session, the phones' view is built again and published.

The room's identity (join code, cookie key, address, port) is kept in the session, so
reopening the room after a crash (``tabletop --resume ID --room``) gives the same address and
code, and phones come back with the cookies they have.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal

from tabletop.core.errors import TabletopError

if TYPE_CHECKING:
    from tabletop.core.events import Event
    from tabletop.core.exercise import Exercise
    from tabletop.gui.controller import SessionController
    from tabletop.room.hub import Hub
    from tabletop.room.server import RoomServer
    from tabletop.room.view import RoomView

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Where:
    """Where the room listens and how phones join it."""

    url: str
    code: str
    host: str
    port: int


class RoomLink(QObject):
    opened = Signal(object)  # Where
    closed = Signal()
    failed = Signal(str)  # the room could not open: why, in the facilitator's words
    _woken = Signal()  # emitted from the server's thread; delivered queued, on this object's thread

    def __init__(self, controller: SessionController, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._controller = controller
        self._hub: Hub | None = None
        self._server: RoomServer | None = None
        self._version = 0
        self._serving = False  # while the phones' moves are made: their view goes out after their replies
        self._stale = False
        self._view: RoomView | None = None
        self._voted: set[str] | None = set()  # teams whose phones voted since the last view; None: anything else
        self._wanted: tuple[str | None, int | None] | None = None  # asked before a session was open
        self.where: Where | None = None
        self._woken.connect(self._serve, Qt.ConnectionType.QueuedConnection)
        controller.changed.connect(self._on_changed)
        controller.session_opened.connect(self._on_session_opened)
        controller.session_closed.connect(self.close)

    @property
    def is_open(self) -> bool:
        return self.where is not None

    @property
    def waiting(self) -> bool:
        """Asked for before any session was open: it opens with the first one."""
        return self._wanted is not None

    def suggested(self) -> tuple[str, int]:
        """The address and port to offer: the session's room if it had one, else the first non-loopback address."""
        from tabletop.room.server import DEFAULT_PORT, addresses

        exercise = self._controller.exercise
        identity = exercise.room if exercise is not None else None
        found = addresses()
        if identity is not None and identity.host in found:
            return identity.host, identity.port
        return found[0], identity.port if identity is not None else DEFAULT_PORT

    def open(self, host: str | None = None, port: int | None = None) -> bool:
        """Open the room for the session (or, with none open yet, for the first one opened)."""
        exercise = self._controller.exercise
        if exercise is None or exercise.ended_at is not None:
            self._wanted = (host, port)
            return False
        self._wanted = None
        if self.is_open:
            self.close()
        default_host, default_port = self.suggested()
        try:
            self._start(exercise, host or default_host, port or default_port)
        except TabletopError as error:
            self.failed.emit(str(error))
            return False
        return True

    def close(self) -> None:
        """Stop the server (the session closed, or the facilitator closed the room); phones say so."""
        self._wanted = None
        server, self._server, self._hub = self._server, None, None
        if server is not None:
            server.hub.detach()
            server.stop()
        if self.where is not None:
            self.where = None
            self.closed.emit()

    def _start(self, exercise: Exercise, host: str, port: int) -> None:
        from tabletop.room.hub import Hub
        from tabletop.room.identity import new_code, new_key
        from tabletop.room.server import RoomServer, url_of

        identity = exercise.room
        code, key = (identity.code, identity.key) if identity is not None else (new_code(), new_key())
        hub = Hub()
        if identity is not None:  # phones coming back as the port answers must find their room, not an empty one
            from tabletop.room.view import build_view

            self._version += 1
            hub.publish(build_view(exercise, self._version))
        server = RoomServer(hub, host, port)
        server.start()  # RoomError: the port is taken, or the address is not this machine's
        error = self._controller.run_together([lambda ex: ex.open_room(code, key, host, port)])[0]
        if error is not None:
            server.stop()
            raise error
        self._hub, self._server = hub, server
        self._view, self._voted = None, None  # a new server: its first view is made in full
        hub.on_moves(self._woken.emit)
        self.where = Where(url_of(host, port), code, host, port)
        self._publish()
        log.info("room open at %s (code %s)", self.where.url, code)
        self.opened.emit(self.where)

    def _serve(self) -> None:
        """Make every move that waits, together, and answer each phone."""
        from tabletop.room.hub import Reply
        from tabletop.room.moves import as_run, refusal

        hub = self._hub
        if hub is None:
            return
        pending = hub.take()
        if not pending:
            return
        self._serving = True
        try:
            results = self._controller.run_together([as_run(move) for move, _ in pending])
        finally:
            self._serving = False
        if self._stale:
            self._publish(ring=False)  # in place before any reply: a phone's next request sees its own move
        exercise = self._controller.exercise
        for (move, future), error in zip(pending, results, strict=True):
            reply = Reply(True) if error is None else Reply(False, refusal(exercise, move, error))
            if not future.done():
                future.set_result(reply)
        hub.ring_held()  # and only then are the other pages woken, so the replies go out first

    def _publish(self, ring: bool = True) -> None:
        from tabletop.room.view import build_view

        self._stale = False
        exercise, voted = self._controller.exercise, self._voted
        self._voted = set()
        if self._hub is None or exercise is None:
            return
        self._version += 1
        previous = self._view if voted is not None else None
        self._view = build_view(exercise, self._version, previous, frozenset(voted or ()))
        self._hub.publish(self._view, ring)

    def _on_changed(self, events: list[Event]) -> None:
        from tabletop.core.events import VoteCast

        for event in events:
            if self._voted is not None and isinstance(event.payload, VoteCast):
                self._voted.add(event.payload.team)
            else:
                self._voted = None  # anything but a vote may change every page: made again in full
        if self._serving:
            self._stale = True
        else:
            self._publish()

    def _on_session_opened(self, exercise: Exercise) -> None:
        if self._wanted is not None:
            host, port = self._wanted
            self.open(host, port)
