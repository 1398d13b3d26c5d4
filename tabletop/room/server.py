"""The room's server: uvicorn (HTTP by h11, WebSockets by wsproto, both pure Python) in a daemon thread.

The socket is bound here, before uvicorn starts, so a port already taken is a clear error
for the facilitator rather than an exit inside a thread. Stopping asks uvicorn to finish
and waits for the thread; pages left open reconnect when the room opens again.
"""

from __future__ import annotations

import ipaddress
import logging
import socket
import threading
import time

from tabletop.core.errors import TabletopError
from tabletop.room.app import Room
from tabletop.room.hub import Hub

DEFAULT_PORT = 8765
log = logging.getLogger(__name__)


class RoomError(TabletopError):
    """The room could not open (a port in use, an address this machine does not have)."""


def addresses() -> list[str]:
    """This machine's IPv4 addresses, the ones phones can reach first, loopback last."""
    found: list[str] = []
    try:
        infos = socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)
        found = [str(info[4][0]) for info in infos]
    except OSError:
        pass
    for probe in ("192.0.2.1", "10.255.255.255"):  # no packet is sent: this asks which address a route would use
        try:
            with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp:
                udp.connect((probe, 9))
                found.append(udp.getsockname()[0])
        except OSError:
            continue
    unique = list(dict.fromkeys([*found, "127.0.0.1"]))
    return sorted(unique, key=lambda address: (ipaddress.ip_address(address).is_loopback, unique.index(address)))


def url_of(host: str, port: int) -> str:
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/" if port != 80 else f"http://{shown}/"


class RoomServer:
    def __init__(self, hub: Hub, host: str, port: int = DEFAULT_PORT) -> None:
        self.hub = hub
        self.host, self.port = host, port
        self._thread: threading.Thread | None = None
        self._server: object | None = None

    @property
    def url(self) -> str:
        return url_of(self.host, self.port)

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self, wait: float = 10.0) -> None:
        """Bind and serve; returns once the server answers, or raises RoomError."""
        import uvicorn

        listener = self._bind()
        shown = f"[{self.host}]" if ":" in self.host else self.host
        hosts = frozenset({f"{shown}:{self.port}"} | ({shown} if self.port == 80 else set()))
        config = uvicorn.Config(
            Room(self.hub, hosts), http="h11", ws="wsproto", lifespan="on", log_level="warning",
            access_log=False, server_header=False, date_header=False, timeout_keep_alive=30,
            limit_concurrency=1200, ws_max_size=4096, ws_ping_interval=20, ws_ping_timeout=20,
        )  # fmt: skip
        server = uvicorn.Server(config)
        self._server = server
        self._thread = threading.Thread(target=server.run, kwargs={"sockets": [listener]}, name="room", daemon=True)
        self._thread.start()
        deadline = time.monotonic() + wait
        while not server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                listener.close()
                raise RoomError(f"the room could not start on {self.url}")
            time.sleep(0.01)

    def stop(self, wait: float = 10.0) -> None:
        server, thread = self._server, self._thread
        if server is not None:
            server.should_exit = True  # type: ignore[attr-defined]
        if thread is not None:
            thread.join(wait)
        self._server = self._thread = None

    def _bind(self) -> socket.socket:
        family = socket.AF_INET6 if ":" in self.host else socket.AF_INET
        listener = socket.socket(family, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            listener.bind((self.host, self.port))
        except OSError as error:
            listener.close()
            if error.errno in (98, 48, 10048):  # EADDRINUSE on Linux, macOS, Windows
                raise RoomError(f"port {self.port} is in use on {self.host}: pick another (--room-port)") from None
            raise RoomError(f"cannot listen on {self.host}:{self.port}: {error.strerror or error}") from None
        listener.listen(512)
        listener.set_inheritable(True)
        return listener
