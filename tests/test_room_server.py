"""The room's server on loopback: joining, the state, votes, live updates, and every security rule.

The server is the real one (uvicorn, h11, wsproto, in its thread); the controller's side is
``room_support.Desk``, which makes the phones' moves on a real exercise.
"""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator

import pytest

from room_support import Desk, Live, Phone, open_room
from tabletop.core.events import EventKind
from tabletop.core.exercise import Exercise
from tabletop.core.library import resolve
from tabletop.room.identity import new_key, sign
from tabletop.room.server import RoomError, RoomServer

TEAMS = ["Red", "Blue", "Green"]


@pytest.fixture
def tiny(valid_file: object) -> Exercise:
    from tabletop.core.library import read_file

    return Exercise.create(read_file(valid_file).scenario, session_id="s2", name="Tiny", teams=TEAMS)  # type: ignore[arg-type]


@pytest.fixture
def room() -> Iterator[tuple[Desk, int]]:
    exercise = Exercise.create(resolve("lawful-access").scenario, session_id="s1", name="Drill", teams=TEAMS)
    with open_room(exercise) as (desk, server):
        yield desk, server.port


def joined(port: int, desk: Desk, team: str) -> Phone:
    phone = Phone(port)
    room = desk.exercise.room
    assert room is not None
    assert phone.join(room.code, team) == 303
    return phone


def votes(desk: Desk) -> int:
    return sum(event.kind is EventKind.VOTE_CAST for event in desk.exercise.log)


def voting(desk: Desk) -> None:
    desk.act(lambda ex: (ex.deliver(), ex.open_voting()))


def test_a_phone_joins_sees_the_inject_votes_and_changes_its_vote(room: tuple[Desk, int]) -> None:
    desk, port = room
    phone = Phone(port)
    status, headers, page = phone.request("GET", "/")
    assert status == 200
    assert b'action="/join"' in page
    assert b"Red" in page
    assert phone.join("WRONG1", "Red") == 403
    assert desk.exercise.room is not None
    assert phone.join(desk.exercise.room.code.lower(), "Red") == 303  # typed in lower case: forgiven
    assert (headers := phone.request("GET", "/")[1])
    assert "content-security-policy" in headers
    assert phone.state()[1]["phase"] == "waiting"
    voting(desk)
    status, state = phone.state()
    inject = desk.exercise.inject(desk.exercise.current or "")
    assert state["inject"]["title"] == inject.title
    assert [option["letter"] for option in state["inject"]["options"]] == ["A", "B", "C", "D"][: len(inject.options)]
    assert state["voting"] is True
    assert phone.vote("B", "Courts first") == (200, {"ok": True})
    assert phone.vote("A") == (200, {"ok": True})
    state = phone.state()[1]
    assert state["my_vote"] == {"option": "A", "reason": ""}
    assert state["counts"] == {"voted": 1, "members": 1}
    assert votes(desk) == 2


def test_the_page_works_without_javascript(room: tuple[Desk, int]) -> None:
    desk, port = room
    phone = joined(port, desk, "Blue")
    voting(desk)
    page = phone.request("GET", "/")[2].decode()
    assert 'action="/vote"' in page
    assert 'name="option"' in page
    body = b"option=B&reason=plain+form"
    status, headers, _ = phone.request("POST", "/vote", body, {"Content-Type": "application/x-www-form-urlencoded"})
    assert (status, headers["location"]) == (303, "/")
    ballot = desk.exercise.ballot("Blue", desk.exercise.current or "")
    assert [(vote.option, vote.reason) for vote in ballot.values()] == [(desk.exercise.inject(
        desk.exercise.current or "").options[1].id, "plain form")]  # fmt: skip


def test_live_updates_follow_the_facilitator_and_a_reconnect_keeps_the_vote(room: tuple[Desk, int]) -> None:
    desk, port = room
    phone = joined(port, desk, "Red")
    live = Live(port, phone.cookie)
    assert live.accepted
    assert live.next_state()["phase"] == "waiting"
    voting(desk)
    assert live.wait_for(lambda s: s["voting"])["inject"]
    phone.vote("C")
    assert live.wait_for(lambda s: s["my_vote"] is not None)["my_vote"]["option"] == "C"
    live.close()
    again = Live(port, phone.cookie)  # the page reconnects with its cookie
    assert again.next_state()["my_vote"]["option"] == "C"
    desk.act(lambda ex: (ex.lock_voting(), ex.reveal()))
    revealed = again.wait_for(lambda s: s["phase"] == "revealed")
    assert revealed["result"]["decided"] == "C"
    assert revealed["result"]["split"] == {"C": 1}
    again.close()


def test_moves_that_arrive_together_are_made_together(room: tuple[Desk, int]) -> None:
    desk, port = room
    assert desk.exercise.room is not None
    phones = [joined(port, desk, TEAMS[n % 3]) for n in range(30)]
    voting(desk)
    barrier = threading.Barrier(len(phones))
    results: list[int] = []

    def vote(phone: Phone) -> None:
        barrier.wait()
        results.append(phone.vote("A")[0])

    threads = [threading.Thread(target=vote, args=(phone,)) for phone in phones]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [200] * 30
    assert votes(desk) == 30
    assert max(desk.batches) > 1  # the desk took several moves at once


# -- security --------------------------------------------------------------------------------


def test_a_forged_or_replayed_cookie_is_refused(room: tuple[Desk, int]) -> None:
    desk, port = room
    voting(desk)
    forged = Phone(port)
    forged.cookie = "0123456789abcdef0123456789abcdef.deadbeef"
    assert forged.vote("A")[0] == 401
    elsewhere = Phone(port)
    elsewhere.cookie = sign(new_key(), "s1", "0123456789abcdef0123456789abcdef")  # signed by another room's key
    assert elsewhere.vote("A")[0] == 401
    assert elsewhere.state()[0] == 401
    live = Live(port, forged.cookie)
    live.close()
    assert not live.states
    assert live.closed_code is not None
    assert votes(desk) == 0


def test_a_phone_cannot_vote_for_another_team(tiny: Exercise) -> None:
    with open_room(tiny) as (desk, server):
        red, blue = joined(server.port, desk, "Red"), joined(server.port, desk, "Blue")
        voting(desk)
        body = json.dumps({"option": "A", "team": "Blue"}).encode()  # a team in the body is ignored
        assert red.request("POST", "/api/vote", body, {"Content-Type": "application/json"})[0] == 200
        assert desk.exercise.ballot("Blue", "ask") == {}
        assert len(desk.exercise.ballot("Red", "ask")) == 1
        desk.act(lambda ex: (ex.lock_voting(), ex.reveal(), ex.decide("Red", "ask", "comply")))
        desk.act(lambda ex: (ex.deliver("leak"), ex.open_voting()))  # a consequence for Red alone
        assert blue.vote("A") == (409, {"error": "This inject is for other teams. Yours will come."})
        assert blue.state()[1]["phase"] == "waiting"
        assert desk.exercise.ballot("Blue", "leak") == {}


def test_no_vote_counts_outside_open_voting_or_while_paused(room: tuple[Desk, int]) -> None:
    desk, port = room
    phone = joined(port, desk, "Green")
    assert phone.vote("A")[0] == 409  # nothing delivered
    desk.act(lambda ex: ex.deliver())
    assert phone.vote("A") == (409, {"error": "Voting has not opened yet."})
    desk.act(lambda ex: (ex.open_voting(), ex.pause()))
    assert phone.vote("A") == (409, {"error": "Paused: votes wait until the facilitator resumes."})
    desk.act(lambda ex: (ex.resume(), ex.lock_voting()))
    assert phone.vote("A") == (409, {"error": "Voting is closed."})
    assert votes(desk) == 0


def test_cross_origin_requests_and_other_hosts_are_refused(room: tuple[Desk, int]) -> None:
    desk, port = room
    assert desk.exercise.room is not None
    phone = Phone(port)
    assert phone.join(desk.exercise.room.code, "Red", origin="http://evil.example") == 403
    phone = joined(port, desk, "Red")
    voting(desk)
    assert phone.vote("A", origin="http://evil.example")[0] == 403
    assert phone.vote("A", origin="null")[0] == 403
    rebound = phone.request("GET", "/api/state", headers={"Host": f"evil.example:{port}"}, origin=None)
    assert rebound[0] == 403  # a name rebound to the laptop is not the room's address
    live = Live(port, phone.cookie, origin="http://evil.example")
    live.close()
    assert not live.accepted
    assert votes(desk) == 0


def test_a_large_body_is_refused_whether_it_says_its_length_or_not(room: tuple[Desk, int]) -> None:
    desk, port = room
    phone = joined(port, desk, "Red")
    voting(desk)
    big = json.dumps({"option": "A", "reason": "x" * 1_000_000}).encode()
    assert phone.request("POST", "/api/vote", big, {"Content-Type": "application/json"})[0] == 413
    with socket.create_connection(("127.0.0.1", port), timeout=30) as raw:  # chunked, no Content-Length
        head = (f"POST /api/vote HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\n"
                f"Cookie: tabletop_device={phone.cookie}\r\nTransfer-Encoding: chunked\r\n\r\n")  # fmt: skip
        raw.sendall(head.encode())
        chunk = b"x" * 8192
        raw.sendall(b"%x\r\n%s\r\n0\r\n\r\n" % (len(chunk), chunk))
        assert raw.recv(100).startswith(b"HTTP/1.1 413")
    assert phone.vote("A", "y" * 281)[0] == 413  # a reason past its limit
    assert votes(desk) == 0


def test_at_most_500_phones_join(room: tuple[Desk, int]) -> None:
    desk, port = room
    assert desk.exercise.room is not None
    statuses = [_join_from(port, desk.exercise.room.code, TEAMS[n % 3], n) for n in range(600)]
    assert statuses.count(303) == 500
    assert statuses.count(409) == 100
    assert sum(event.kind is EventKind.DEVICE_JOINED for event in desk.exercise.log) == 500


def _join_from(port: int, code: str, team: str, number: int) -> int:
    """A join from its own loopback address (127.0.0.x), as phones come from their own addresses."""
    from urllib.parse import urlencode

    body = urlencode({"code": code, "team": team}).encode()
    source = f"127.0.{1 + number // 250}.{1 + number % 250}"
    with socket.create_connection(("127.0.0.1", port), timeout=30, source_address=(source, 0)) as raw:
        raw.sendall((f"POST /join HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/x-www-form-urlencoded"
                     f"\r\nContent-Length: {len(body)}\r\nConnection: close\r\n\r\n").encode() + body)  # fmt: skip
        return int(raw.recv(64).split()[1])


def test_a_flood_from_one_phone_is_cut_off_and_nothing_refused_is_recorded(room: tuple[Desk, int]) -> None:
    desk, port = room
    phone = joined(port, desk, "Red")
    voting(desk)
    answers = [phone.vote("AB"[n % 2])[0] for n in range(80)]
    assert 429 in answers
    assert votes(desk) == answers.count(200)


def test_a_taken_port_is_a_clear_error(room: tuple[Desk, int]) -> None:
    desk, port = room
    with pytest.raises(RoomError, match=f"port {port} is in use"):
        RoomServer(desk.hub, "127.0.0.1", port).start()


def test_nothing_facilitator_only_leaves_the_laptop_before_the_reveal(room: tuple[Desk, int]) -> None:
    """Every byte a Red phone receives, page, assets, API and live updates, up to the reveal."""
    desk, port = room
    red, blue = joined(port, desk, "Red"), joined(port, desk, "Blue")
    received = [red.request("GET", path)[2] for path in ("/", "/static/room.js", "/static/room.css", "/teams.css")]
    live = Live(port, red.cookie)
    desk.act(lambda ex: (ex.deliver(), ex.add_note("Blue looks split; push them on oversight"), ex.open_voting()))
    blue.vote("B", "Blue's private reason")
    red.vote("A", "our reason")
    desk.act(lambda ex: ex.lock_voting())
    received += [red.request("GET", "/")[2], red.request("GET", "/api/state")[2]]
    live.wait_for(lambda state: not state["voting"] and state["phase"] == "inject")
    received += [json.dumps(state, ensure_ascii=False).encode() for state in live.states]
    live.close()
    sent = b"\n".join(received).decode()
    inject = desk.exercise.inject(desk.exercise.current or "")
    secret = [inject.guidance, "Blue looks split", "Blue's private reason", desk.exercise.room.key]  # type: ignore[union-attr]
    for option in inject.options:
        secret += [effect.why for effect in option.norms if effect.why]
        secret += [effect.why for effect in option.stakes if effect.why]
    secret += [f"{effect.norm} " for option in inject.options for effect in option.norms]
    leaked = [text for text in secret if text and text in sent]
    assert leaked == []
    assert inject.title in sent
    assert "our reason" in sent
