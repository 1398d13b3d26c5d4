"""The room's benchmark: a phone's vote, sent to its reply, with 200 phones connected.

Ours: the console's own controller (Qt's event loop on the main thread, as in the app) with
the room open on loopback; 200 devices joined, each with a live WebSocket that is kept
drained; each vote goes from a phone's HTTP POST through the hub, the controller's
transaction (synchronous=FULL), its change signal and the new view for every phone, to the
200 reply. The floor: the same uvicorn server (h11) answering a bare Starlette endpoint that
does one raw sqlite3 INSERT + COMMIT with the same pragmas. Votes alternate between the
two, so both meet the same noise; each side's p99 is reported.
"""

from __future__ import annotations

import http.client
import json
import os
import selectors
import sqlite3
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parents[1]))  # tests/, for room_support

DEVICES = 200
VOTES = 400
TEAMS = [(f"Team {n}", "") for n in range(1, 9)]


class Crowd:
    """The 200 live pages: their WebSockets read and answered in one thread, the states thrown away."""

    def __init__(self, port: int, cookies: list[str]) -> None:
        from room_support import Live

        self.lives = [Live(port, cookie) for cookie in cookies]
        self._selector = selectors.DefaultSelector()
        for live in self.lives:
            self._selector.register(live.sock, selectors.EVENT_READ, live)
        self._stop = False
        self._thread = threading.Thread(target=self._drain, daemon=True)
        self._thread.start()

    def _drain(self) -> None:
        """Read every frame (pings answered); the states are not decoded: a light client, like a page that waits."""
        from wsproto.events import Ping

        while not self._stop:
            for key, _ in self._selector.select(0.2):
                live = key.data
                data = live.sock.recv(65536)
                if not data:
                    self._selector.unregister(live.sock)
                    continue
                live.ws.receive_data(data)
                for event in live.ws.events():
                    if isinstance(event, Ping):
                        live.sock.sendall(live.ws.send(event.response()))

    def close(self) -> None:
        self._stop = True
        self._thread.join(5)
        for live in self.lives:
            live.close()


class Client:
    """One phone's kept-alive connection, posting votes."""

    def __init__(self, port: int, path: str, cookie: str = "") -> None:
        self.port, self.path = port, path
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.headers = {"Host": f"127.0.0.1:{port}", "Origin": f"http://127.0.0.1:{port}",
                        "Content-Type": "application/json"}  # fmt: skip
        if cookie:
            self.headers["Cookie"] = f"tabletop_device={cookie}"

    def post(self, body: dict[str, str]) -> float:
        start = time.perf_counter()
        self.conn.request("POST", self.path, body=json.dumps(body).encode(), headers=self.headers)
        response = self.conn.getresponse()
        data = response.read()
        elapsed = time.perf_counter() - start
        if response.status != 200:
            raise AssertionError(f"{self.path} answered {response.status}: {data[:200]!r}")
        return elapsed


def floor_app(db: Path) -> Callable[..., object]:
    """The least a server can do for a vote: parse the JSON, one INSERT + COMMIT, answer ok."""
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import JSONResponse
    from starlette.routing import Route

    conn = sqlite3.connect(db, isolation_level=None, check_same_thread=False)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("CREATE TABLE votes (seq INTEGER PRIMARY KEY, device TEXT, option TEXT, reason TEXT)")

    async def vote(request: Request) -> JSONResponse:
        body = json.loads(await request.body())
        conn.execute("BEGIN")
        conn.execute("INSERT INTO votes (device, option, reason) VALUES (?, ?, ?)",
                     (request.headers.get("cookie", ""), body["option"], body.get("reason", "")))  # fmt: skip
        conn.execute("COMMIT")
        return JSONResponse({"ok": True})

    return Starlette(routes=[Route("/api/vote", vote, methods=["POST"])])


def serve_floor(app: Callable[..., object], port: int) -> object:
    import uvicorn

    config = uvicorn.Config(app, host="127.0.0.1", port=port, http="h11", ws="wsproto", lifespan="off",
                            log_level="warning", access_log=False, server_header=False, date_header=False)  # fmt: skip
    server = uvicorn.Server(config)
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.01)
    return server


def _p99(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=100)[98]


def _phones(port: int, code: str, teams: list[str]) -> list[str]:
    from room_support import Phone

    cookies = []
    for n in range(DEVICES):
        phone = Phone(port)
        if phone.join(code, teams[n % len(teams)]) != 303:
            raise AssertionError("a phone could not join")
        cookies.append(phone.cookie)
    return cookies


def bench_room_vote() -> tuple[float, float]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QCoreApplication, QMetaObject, Qt

    from room_support import free_port
    from tabletop.core.library import resolve
    from tabletop.gui.controller import SessionController
    from tabletop.gui.room_link import RoomLink

    app = QCoreApplication.instance() or QCoreApplication([])
    with tempfile.TemporaryDirectory() as folder:
        controller = SessionController(Path(folder) / "ours.db", Path(folder))
        assert controller.open_store()
        assert controller.new_session(resolve("first-call"), "Bench", "", TEAMS)
        link = RoomLink(controller)
        assert link.open("127.0.0.1", free_port())
        assert link.where is not None
        exercise = controller.exercise
        assert exercise is not None
        assert controller.deliver_next()
        assert controller.open_voting()
        inject = exercise.inject(exercise.current or "")
        floor_port = free_port()
        floor_server = serve_floor(floor_app(Path(folder) / "floor.db"), floor_port)
        ours: list[float] = []
        floor: list[float] = []
        failure: list[BaseException] = []

        def phones() -> None:
            try:
                cookies = _phones(link.where.port, link.where.code, [name for name, _ in TEAMS])
                crowd = Crowd(link.where.port, cookies)
                mine = [Client(link.where.port, "/api/vote", cookie) for cookie in cookies]
                bare = [Client(floor_port, "/api/vote", cookie) for cookie in cookies]
                letters = [inject.letter(option.id) for option in inject.options]
                for n in range(VOTES):  # each vote differs from the device's last, so each is a new event
                    device = n % DEVICES
                    body = {"option": letters[(n // DEVICES) % len(letters)], "reason": f"take {n}"}
                    ours.append(mine[device].post(body))
                    floor.append(bare[device].post(body))
                crowd.close()
            except BaseException as error:  # handed to the main thread, which reports it
                failure.append(error)
            finally:
                QMetaObject.invokeMethod(app, "quit", Qt.ConnectionType.QueuedConnection)  # to the main loop

        worker = threading.Thread(target=phones, daemon=True)
        worker.start()
        app.exec()
        worker.join(30)
        if failure:
            raise failure[0]
        counted = sum(1 for event in exercise.log if event.kind.value == "vote_cast")
        if counted != VOTES:
            raise AssertionError(f"{counted} votes recorded of {VOTES} answered")
        floor_server.should_exit = True  # type: ignore[attr-defined]
        link.close()
        controller.shutdown()
    return _p99(ours), _p99(floor)
