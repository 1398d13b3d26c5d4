"""The room's routes (DESIGN.md, "The room"): the page, joining, the state, votes, and live updates.

Every route reads the latest ``RoomView`` from the hub and sends moves through it; none of
them touches the exercise or the database, and none waits on the GUI thread except for the
reply to its own move.
"""

from __future__ import annotations

import asyncio
import importlib.resources
import json
from typing import Any
from urllib.parse import parse_qs

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Route, WebSocketRoute
from starlette.websockets import WebSocket, WebSocketDisconnect

from tabletop.core.room import MAX_REASON
from tabletop.room.guard import MAX_BODY, Guard, Limiter
from tabletop.room.hub import Hub, Move, Reply
from tabletop.room.identity import COOKIE, device_of, new_device, same_code, sign
from tabletop.room.messages import MESSAGES, say
from tabletop.room.view import RoomView, State

COOKIE_SECONDS = 24 * 3600


class Room:
    """The app and what its routes share: the hub, and the rate limits."""

    def __init__(self, hub: Hub, hosts: frozenset[str]) -> None:
        self.hub = hub
        self.votes = Limiter(rate=4.0, burst=12)  # per device
        self.reads = Limiter(rate=10.0, burst=30)  # per device: state, page, live connections
        self.joins = Limiter(rate=2.0, burst=60)  # per address: phones joining (a few tabs on one laptop too)
        self.static = {name: _static(name) for name in ("room.js", "room.css")}
        routes = [
            Route("/", self.page, methods=["GET"]),
            Route("/join", self.join, methods=["POST"]),
            Route("/vote", self.form_vote, methods=["POST"]),
            Route("/api/state", self.api_state, methods=["GET"]),
            Route("/api/vote", self.api_vote, methods=["POST"]),
            Route("/teams.css", self.team_styles, methods=["GET"]),
            Route("/static/{name}", self.asset, methods=["GET"]),
            WebSocketRoute("/api/live", self.live),
        ]
        self.asgi = Guard(Starlette(routes=routes, lifespan=self._lifespan), hosts)

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        await self.asgi(scope, receive, send)

    def _lifespan(self, app: Starlette) -> Any:
        hub = self.hub

        class Lifespan:
            async def __aenter__(self) -> None:
                hub.attach(asyncio.get_running_loop())

            async def __aexit__(self, *exc: object) -> None:
                hub.detach()

        return Lifespan()

    # -- who is asking -------------------------------------------------------------------

    def device(self, cookies: dict[str, str]) -> tuple[str | None, RoomView]:
        view = self.hub.view
        device = device_of(cookies.get(COOKIE), view.key, view.session) if view.key else None
        return (device if device in view.devices else None), view

    # -- pages ---------------------------------------------------------------------------

    async def page(self, request: Request) -> Response:
        device, view = self.device(request.cookies)
        if not self.reads.allow(device or _address(request)):
            return _text(429, say("too_many"))
        state = view.state_for(device) if device and "rejoin" not in request.query_params else None
        if state is None:
            return self.join_page(view)
        return HTMLResponse(_render(view, state["phase"], state=state, split_words=_split(state)))

    def join_page(self, view: RoomView, error: str = "", code: str = "", status: int = 200) -> Response:
        if not view.open:
            error, status = say("closed"), 503 if status == 200 else status
        return HTMLResponse(_render(view, "join", teams=view.teams, error=error, code=code), status_code=status)

    async def join(self, request: Request) -> Response:
        if not self.joins.allow(_address(request)):
            return _text(429, say("too_many"))
        form = await _form(request)
        view = self.hub.view
        code, team = form.get("code", ""), form.get("team", "")
        if not view.open:
            return self.join_page(view, say("closed"), status=503)
        if not same_code(code, view.code):
            return self.join_page(view, say("bad_code"), status=403)
        if team not in view.teams:
            return self.join_page(view, say("bad_team"), code, status=400)
        device = self.device(request.cookies)[0] or new_device()
        reply = await self.hub.submit(Move("join", device, team=team))
        if not reply.ok:
            return self.join_page(view, reply.error, code, status=409)
        response = RedirectResponse("/", status_code=303)
        response.set_cookie(COOKIE, sign(view.key, view.session, device), max_age=COOKIE_SECONDS, path="/",
                            httponly=True, samesite="strict")  # fmt: skip
        return response

    async def form_vote(self, request: Request) -> Response:
        form = await _form(request)
        reply = await self.vote(request, form.get("option", ""), form.get("reason", ""))
        if isinstance(reply, Response):
            return reply
        if not reply.ok:
            device, view = self.device(request.cookies)
            state = view.state_for(device) if device else None
            if state is not None:
                page = _render(view, state["phase"], state=state, split_words=_split(state), error=reply.error)
                return HTMLResponse(page, status_code=409)
        return RedirectResponse("/", status_code=303)

    # -- the API -------------------------------------------------------------------------

    async def api_state(self, request: Request) -> Response:
        device, view = self.device(request.cookies)
        if device is None:
            return JSONResponse({"error": say("not_joined")}, status_code=401)
        if not self.reads.allow(device):
            return JSONResponse({"error": say("too_many")}, status_code=429)
        return JSONResponse(view.state_for(device))

    async def api_vote(self, request: Request) -> Response:
        if request.headers.get("content-type", "").split(";")[0].strip() != "application/json":
            return JSONResponse({"error": "send JSON"}, status_code=415)
        try:
            body = json.loads(await request.body())
        except ValueError:
            return JSONResponse({"error": "send JSON"}, status_code=400)
        if not isinstance(body, dict):
            return JSONResponse({"error": "send a JSON object"}, status_code=400)
        reply = await self.vote(request, body.get("option"), body.get("reason") or "")
        if isinstance(reply, Response):
            return reply
        return JSONResponse({"ok": True} if reply.ok else {"error": reply.error}, status_code=200 if reply.ok else 409)

    async def vote(self, request: Request, option: object, reason: object) -> Reply | Response:
        device, _ = self.device(request.cookies)
        if device is None:
            return JSONResponse({"error": say("not_joined")}, status_code=401)
        if not self.votes.allow(device):
            return JSONResponse({"error": say("too_many")}, status_code=429)
        if not isinstance(option, str) or not 1 <= len(option) <= 3 or not isinstance(reason, str):
            return JSONResponse({"error": "choose an option by its letter"}, status_code=400)
        if len(reason) > MAX_REASON:
            return JSONResponse({"error": say("too_big")}, status_code=413)
        return await self.hub.submit(Move("vote", device, option=option.strip().upper(), reason=reason))

    async def live(self, websocket: WebSocket) -> None:
        device, view = self.device(websocket.cookies)
        if device is None or not self.reads.allow(device):
            await websocket.close(code=4401 if device is None else 4429)
            return
        await websocket.accept()
        listening = asyncio.ensure_future(_drain(websocket))
        last = ""
        try:
            while not listening.done():
                state = view.state_for(device)
                if state is None:
                    await websocket.close(code=4401)
                    return
                text = json.dumps(state, ensure_ascii=False)
                if text != last:
                    await websocket.send_text(text)
                    last = text
                change = asyncio.ensure_future(self.hub.changed(view.version))
                await asyncio.wait({change, listening}, return_when=asyncio.FIRST_COMPLETED)
                if not change.done():
                    change.cancel()
                    break
                view = change.result()
        except (WebSocketDisconnect, RuntimeError):
            pass
        finally:
            listening.cancel()

    # -- files ---------------------------------------------------------------------------

    async def asset(self, request: Request) -> Response:
        name = request.path_params["name"]
        if name not in self.static:
            return _text(404, "not found")
        kind = "text/javascript" if name.endswith(".js") else "text/css"
        return Response(self.static[name], media_type=f"{kind}; charset=utf-8")

    async def team_styles(self, request: Request) -> Response:
        rules = "".join(f".team-{number} {{ --team: {colour}; }}\n" for number, colour in self.hub.view.colours)
        return Response(rules, media_type="text/css; charset=utf-8")


async def _drain(websocket: WebSocket) -> None:
    """Read what a page sends (nothing is expected) until it goes; a page that floods is closed."""
    count = 0
    while True:
        message = await websocket.receive()
        if message["type"] == "websocket.disconnect":
            return
        count += 1
        if count > 100 or len(message.get("text") or message.get("bytes") or b"") > MAX_BODY:
            await websocket.close(code=4429)
            return


async def _form(request: Request) -> dict[str, str]:
    """A urlencoded form, first value of each field (the body is already bounded by the guard)."""
    body = (await request.body()).decode("utf-8", "replace")
    return {key: values[0] for key, values in parse_qs(body, max_num_fields=20).items()}


def _address(request: Request) -> str:
    return request.client.host if request.client else "?"


def _split(state: State) -> str:
    result = state.get("result") or {}
    return " · ".join(f"{letter} {count}" for letter, count in (result.get("split") or {}).items())


def _text(status: int, text: str) -> Response:
    return Response(text, status_code=status, media_type="text/plain; charset=utf-8")


def _render(view: RoomView, phase: str, **values: Any) -> str:
    from tabletop.reports.environment import render

    values.setdefault("error", "")
    values.setdefault("code", "")
    words = json.dumps(MESSAGES, ensure_ascii=False).replace("<", "\\u003c")
    return render("room/page.html.j2", t=MESSAGES, say=say, phase=phase, messages_json=words, view=view, **values)


def _static(name: str) -> bytes:
    return importlib.resources.files("tabletop.resources").joinpath("static", "room", name).read_bytes()
