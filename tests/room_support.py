"""Room tests' helpers: the controller's side of the hub without Qt, and plain HTTP and WebSocket clients.

``Desk`` plays the controller's part as the GUI does it: moves from the phones are taken
together, made on the exercise (the real core), answered, and a new view is published. The
clients speak HTTP/1.1 (http.client) and WebSocket (wsproto, as the server does) on loopback.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import socket
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from wsproto import ConnectionType, WSConnection
from wsproto.events import (
    AcceptConnection,
    CloseConnection,
    Ping,
    RejectConnection,
    RejectData,
    Request,
    TextMessage,
)
from wsproto.utilities import LocalProtocolError

from tabletop.core.errors import TabletopError
from tabletop.core.exercise import Exercise
from tabletop.room.hub import Hub, Reply
from tabletop.room.identity import COOKIE, new_code, new_key
from tabletop.room.moves import as_run, refusal
from tabletop.room.server import RoomServer
from tabletop.room.view import build_view


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Desk:
    """The exercise, and a thread that makes the phones' moves on it, as the console does."""

    def __init__(self, exercise: Exercise) -> None:
        self.exercise = exercise
        self.hub = Hub()
        self.lock = threading.Lock()
        self.batches: list[int] = []  # how many moves each batch made together
        self._wake = threading.Event()
        self._stop = False
        self._version = 0
        self.hub.on_moves(self._wake.set)
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        self.publish()

    def act(self, move: Callable[[Exercise], object]) -> None:
        """A facilitator's move (deliver, lock...), then the room sees the change."""
        with self.lock:
            move(self.exercise)
        self.publish()

    def publish(self) -> None:
        self._version += 1
        self.hub.publish(build_view(self.exercise, self._version))

    def close(self) -> None:
        self._stop = True
        self._wake.set()
        self._thread.join(5)

    def _run(self) -> None:
        while not self._stop:
            self._wake.wait()
            self._wake.clear()
            pending = self.hub.take()
            if not pending:
                continue
            self.batches.append(len(pending))
            with self.lock:
                for move, future in pending:
                    try:
                        as_run(move)(self.exercise)
                        future.set_result(Reply(True))
                    except TabletopError as error:
                        future.set_result(Reply(False, refusal(self.exercise, move, error)))
            self.publish()


@contextmanager
def open_room(exercise: Exercise, port: int | None = None) -> Iterator[tuple[Desk, RoomServer]]:
    port = port or free_port()
    if exercise.room is None:
        exercise.open_room(new_code(), new_key(), "127.0.0.1", port)
    desk = Desk(exercise)
    server = RoomServer(desk.hub, "127.0.0.1", port)
    server.start()
    try:
        yield desk, server
    finally:
        server.stop()
        desk.close()


class Phone:
    """One participant's browser, without a browser: a cookie jar of one and plain requests."""

    count = 0  # each phone comes from its own loopback address (127.0.x.y), as phones on a network do

    def __init__(self, port: int, host: str = "127.0.0.1") -> None:
        self.port, self.host = port, host
        self.cookie = ""
        Phone.count += 1
        self.source = f"127.0.{1 + Phone.count // 250 % 250}.{1 + Phone.count % 250}"

    def request(self, method: str, path: str, body: bytes = b"", headers: dict[str, str] | None = None,
                origin: str | None = "same") -> tuple[int, dict[str, str], bytes]:  # fmt: skip
        conn = http.client.HTTPConnection(self.host, self.port, timeout=30, source_address=(self.source, 0))
        sent = {"Host": f"{self.host}:{self.port}", **(headers or {})}
        if origin == "same":
            sent["Origin"] = f"http://{self.host}:{self.port}"
        elif origin:
            sent["Origin"] = origin
        if self.cookie:
            sent["Cookie"] = f"{COOKIE}={self.cookie}"
        try:  # closed even when the server dies under the request (the crash tests kill it mid-vote)
            conn.request(method, path, body=body, headers=sent)
            response = conn.getresponse()
            data = response.read()
        finally:
            conn.close()
        found = {key.lower(): value for key, value in response.getheaders()}
        for key, value in response.getheaders():
            if key.lower() == "set-cookie" and value.startswith(f"{COOKIE}="):
                self.cookie = value.split(";")[0].split("=", 1)[1]
        return response.status, found, data

    def join(self, code: str, team: str, **options: Any) -> int:
        from urllib.parse import urlencode

        form = urlencode({"code": code, "team": team}).encode()
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        return self.request("POST", "/join", form, headers, **options)[0]

    def vote(self, option: str, reason: str = "", **options: Any) -> tuple[int, dict[str, Any]]:
        body = json.dumps({"option": option, "reason": reason}).encode()
        status, _, data = self.request("POST", "/api/vote", body, {"Content-Type": "application/json"}, **options)
        return status, json.loads(data) if data.startswith(b"{") else {}

    def state(self) -> tuple[int, dict[str, Any]]:
        status, _, data = self.request("GET", "/api/state")
        return status, json.loads(data) if data.startswith(b"{") else {}


class Live:
    """A WebSocket on /api/live: the states the server pushes, one JSON text each."""

    def __init__(self, port: int, cookie: str, origin: str | None = None, host: str = "127.0.0.1") -> None:
        self.sock = socket.create_connection((host, port), timeout=30)
        self.ws = WSConnection(ConnectionType.CLIENT)
        headers = [(b"cookie", f"{COOKIE}={cookie}".encode())]
        headers.append((b"origin", (origin or f"http://{host}:{port}").encode()))
        self.sock.sendall(self.ws.send(Request(host=f"{host}:{port}", target="/api/live", extra_headers=headers)))
        self.accepted: bool | None = None
        self.closed_code: int | None = None
        self.states: list[dict[str, Any]] = []
        self._read = 0
        self._buffer = ""
        while self.accepted is None and self.closed_code is None:
            self._pump()

    def next_state(self) -> dict[str, Any]:
        """The next state not read yet (waiting for it if none has come)."""
        while len(self.states) <= self._read:
            if self.closed_code is not None:
                raise ConnectionError(f"closed with {self.closed_code}")
            self._pump()
        self._read += 1
        return self.states[self._read - 1]

    def wait_for(self, condition: Callable[[dict[str, Any]], bool]) -> dict[str, Any]:
        """The first state from here on that meets ``condition``."""
        while not condition(state := self.next_state()):
            pass
        return state

    def close(self) -> None:
        with contextlib.suppress(OSError, LocalProtocolError):  # refused at the handshake, or closed already
            self.sock.sendall(self.ws.send(CloseConnection(code=1000)))
        self.sock.close()

    def _pump(self) -> None:
        data = self.sock.recv(65536)
        if not data:
            self.closed_code = self.closed_code or 1006
            return
        self.ws.receive_data(data)
        for event in self.ws.events():
            if isinstance(event, AcceptConnection):
                self.accepted = True
            elif isinstance(event, RejectConnection | RejectData):
                self.accepted = False
                self.closed_code = getattr(event, "status_code", 403)
            elif isinstance(event, TextMessage):
                self._buffer += event.data
                if event.message_finished:
                    self.states.append(json.loads(self._buffer))
                    self._buffer = ""
            elif isinstance(event, CloseConnection):
                self.closed_code = event.code
                self.accepted = bool(self.accepted)
            elif isinstance(event, Ping):
                self.sock.sendall(self.ws.send(event.response()))
