"""A whole exercise voted from phones: the room open on loopback, on a real X server, with real keys.

``tabletop new`` sets up three teams on First Call; the console opens under Xvfb (1366x768)
with ``--room`` on 127.0.0.1 and a free port. Twelve real Chromium pages (one browser, one
context each, so each has its own cookie) join through the join form as a person would,
and 200 light clients join over HTTP, each keeping a live WebSocket. Every inject with
options is delivered (F9), opened (F6), voted on and changed, locked (F7) and revealed (F8).
On the way: a pause during a vote (votes are refused and nothing is recorded), votes from a
team the inject was not sent to (refused), and a kill -9 in the middle of a vote while votes
are being sent; ``--resume latest --room`` must reopen the same room, the pages must come
back by themselves and the WebSockets with their cookies, showing the inject and their own
votes. Then the session is ended and the log is held against every vote a phone saw saved.

Slow; screenshots land in ``artifacts/screenshots/room-*.png`` for a person to look at.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import selectors
import signal
import sqlite3
import subprocess
import sys
import threading
from collections import Counter
from collections.abc import Iterable
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import pytest
from xdesktop import ROOT, SHOTS, Desktop, wait_for, xvfb

from room_support import Live, Phone, free_port
from tabletop.core.library import resolve
from tabletop.core.model import Inject

pytestmark = pytest.mark.slow
SCENARIO = "first-call"
TEAMS = ["Red", "Blue", "Green"]
CONSOLE = "^Tabletop — First Call — Phones drill$"
PAGES = 12  # real Chromium pages, four a team
LIGHT = 200  # HTTP + WebSocket clients
PAUSED_ON = "router-flaw"
KILLED_ON = "hospital-asks"
OPEN = "Voting is open: choose, and change your mind until it closes."
STANDARDS = ROOT / "tests" / "standards"

Vote = tuple[str, str, str, str]  # device, inject, option id, reason
Planned = tuple["Member", str, str, str]  # who, inject, letter, reason


# -- the app, its stdout read as it comes ------------------------------------------------


class App:
    """Tabletop from this source tree, its stdout and stderr read in threads (the room's line among them)."""

    def __init__(self, desktop: Desktop, *args: str) -> None:
        env = {**desktop.env, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
        pipe = subprocess.PIPE
        self.process = subprocess.Popen([sys.executable, "-m", "tabletop", *args], env=env, stdout=pipe,
                                        stderr=pipe, text=True)  # fmt: skip
        self.out: list[str] = []
        self.err: list[str] = []
        self._readers = [self._read(self.process.stdout, self.out), self._read(self.process.stderr, self.err)]

    @staticmethod
    def _read(stream: IO[str] | None, lines: list[str]) -> threading.Thread:
        def run() -> None:
            assert stream is not None
            for line in stream:
                lines.append(line.rstrip("\n"))

        thread = threading.Thread(target=run, daemon=True)
        thread.start()
        return thread

    def room_line(self) -> str:
        """The one line the app prints once the room is up: ``room: URL code: CODE``."""
        wait_for(lambda: any(line.startswith("room: ") for line in self.out), "the room's line on stdout", 90)
        return next(line for line in self.out if line.startswith("room: "))

    def kill(self) -> None:
        os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=20)
        self.join()

    def join(self) -> None:
        for reader in self._readers:
            reader.join(20)
        for stream in (self.process.stdout, self.process.stderr):
            if stream is not None:
                stream.close()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=20)
        self.join()


# -- the real browser's phones -------------------------------------------------------------


class Browser:
    """tests/standards/phones.mjs: one Chromium, a context per phone, driven by JSON lines."""

    def __init__(self) -> None:
        assert (STANDARDS / "node_modules" / "playwright-core").exists(), "run: npm ci --prefix tests/standards"
        from reports_support import chromium

        pipe = subprocess.PIPE
        self.process = subprocess.Popen(["node", str(STANDARDS / "phones.mjs"), chromium()], stdin=pipe,
                                        stdout=pipe, stderr=pipe, text=True, bufsize=1)  # fmt: skip
        self._next = 0
        self._lock = threading.Lock()
        self._waiting: dict[str, Future[dict[str, Any]]] = {"ready": Future(), "bye": Future()}
        self.err: list[str] = []
        threading.Thread(target=self._answers, daemon=True).start()
        threading.Thread(target=self._errors, daemon=True).start()
        self._waiting["ready"].result(timeout=60)

    def _answers(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            reply = json.loads(line)
            with self._lock:
                future = self._waiting.pop(str(reply["id"]), None)
            if future is not None:
                future.set_result(reply)
        with self._lock:
            for future in self._waiting.values():
                if not future.done():
                    future.set_exception(ConnectionError("the phones' driver exited: " + "\n".join(self.err[-20:])))

    def _errors(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            self.err.append(line.rstrip("\n"))

    def send(self, cmd: str, **values: Any) -> Future[dict[str, Any]]:
        with self._lock:
            self._next += 1
            key = str(self._next)
            future: Future[dict[str, Any]] = Future()
            self._waiting[key] = future
        assert self.process.stdin is not None
        self.process.stdin.write(json.dumps({"id": key, "cmd": cmd, **values}) + "\n")
        self.process.stdin.flush()
        return future

    def call(self, cmd: str, **values: Any) -> dict[str, Any]:
        reply = self.send(cmd, **values).result(timeout=120)
        assert reply["ok"], reply
        return reply

    def every(self, cmd: str, each: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
        """The same command for many pages at once; the answers in order."""
        futures = [self.send(cmd, **values) for values in each]
        replies = [future.result(timeout=120) for future in futures]
        for reply in replies:
            assert reply["ok"], reply
        return replies

    def read(self, page: int) -> dict[str, Any]:
        return self.call("read", page=page)

    def close(self) -> list[str]:
        """Quit the browser; the page errors it saw (script exceptions), if any."""
        problems: list[str] = []
        if self.process.poll() is None:
            assert self.process.stdin is not None
            self.process.stdin.write(json.dumps({"cmd": "quit"}) + "\n")
            self.process.stdin.flush()
            problems = ["the phones' driver did not say goodbye"]
            with contextlib.suppress(TimeoutError, ConnectionError):
                problems = list(self._waiting["bye"].result(timeout=30).get("problems", []))
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        for stream in (self.process.stdin, self.process.stdout, self.process.stderr):
            if stream is not None:
                with contextlib.suppress(OSError):
                    stream.close()
        return problems


# -- the light phones ----------------------------------------------------------------------


class Crowd:
    """The light phones' live WebSockets, all read in one selector thread; the last state of each kept."""

    def __init__(self, port: int, cookies: list[str]) -> None:
        self.lives = [Live(port, cookie) for cookie in cookies]
        self.last: list[dict[str, Any] | None] = [None] * len(self.lives)
        self.closed = [False] * len(self.lives)
        for index, live in enumerate(self.lives):
            self._keep(index, live)
        self._selector = selectors.DefaultSelector()
        for index, live in enumerate(self.lives):
            self._selector.register(live.sock, selectors.EVENT_READ, index)
        self._stop = False
        self._thread = threading.Thread(target=self._drain, daemon=True)
        self._thread.start()

    @property
    def accepted(self) -> int:
        return sum(1 for live in self.lives if live.accepted)

    def _keep(self, index: int, live: Live) -> None:
        if live.states:
            self.last[index] = live.states[-1]
            live.states.clear()
            live._read = 0

    def _drain(self) -> None:
        while not self._stop:
            for key, _ in self._selector.select(0.2):
                index = key.data
                live = self.lives[index]
                try:
                    live._pump()
                except OSError:
                    live.closed_code = live.closed_code or 1006
                self._keep(index, live)
                if live.closed_code is not None:
                    self._selector.unregister(live.sock)
                    self.closed[index] = True

    def close(self) -> None:
        self._stop = True
        self._thread.join(5)
        for live in self.lives:
            live.close()


@dataclass
class Member:
    """One phone of a team: a Chromium page (``page``) or a light client (``phone``)."""

    team: str
    number: int  # its place in the team, which picks its votes
    device: str = ""
    page: int | None = None
    phone: Phone | None = None


@dataclass
class Ledger:
    """Every vote the test sent, and what came of it, to hold the log against at the end."""

    saved: list[Vote] = field(default_factory=list)  # acknowledged: HTTP 200, or the page showed it as its vote
    unanswered: list[Vote] = field(default_factory=list)  # in flight when the app died: saved or not, unknown
    refused: list[Vote] = field(default_factory=list)  # 409: paused, or not the team's inject
    lock: threading.Lock = field(default_factory=threading.Lock)

    def last(self, inject: str) -> dict[str, str]:
        """Each device's last acknowledged vote on an inject: device -> option id."""
        found: dict[str, str] = {}
        for device, inject_id, option, _ in self.saved:
            if inject_id == inject:
                found[device] = option
        return found


def pick(member: Member, inject: Inject, round_: int, final: bool) -> str:
    """The letter a member votes for: a first vote spread over the options, then the last one, where
    three in five of a team agree (a clear winner, never a tie); many members change their minds."""
    team, options = TEAMS.index(member.team), len(inject.options)
    winner = (team + round_) % options
    if not final:
        return letters(inject)[(winner + member.number + 1) % options]
    return letters(inject)[winner if member.number % 5 < 3 else (winner + 1 + member.number % 2) % options]


def option_id(inject: Inject, letter: str) -> str:
    option = inject.option_at(letter)
    assert option is not None, letter
    return option.id


def letters(inject: Inject) -> list[str]:
    return [inject.letter(option.id) for option in inject.options]


def light_votes(room: Room, plan: list[Planned], threads: int = 6) -> list[Vote]:
    """Send light phones' votes from a few threads, each device's votes in order in one thread.

    Every answer goes in the ledger; the votes that got no answer (the app had died) are returned."""
    lanes: list[list[Planned]] = [[] for _ in range(threads)]
    for item in plan:
        lanes[int(item[0].device[:8], 16) % threads].append(item)
    ledger, lost = room.ledger, []

    def run(lane: list[Planned]) -> None:
        for member, inject_id, letter, reason in lane:
            assert member.phone is not None
            vote = (member.device, inject_id, option_id(room.scenario.inject(inject_id), letter), reason)
            try:
                status, answer = member.phone.vote(letter, reason)
            except (OSError, http.client.HTTPException):  # the app was killed under it
                with ledger.lock:
                    lost.append(vote)
                continue
            with ledger.lock:
                if status == 200 and answer == {"ok": True}:
                    ledger.saved.append(vote)
                elif status == 409:
                    ledger.refused.append(vote)
                else:
                    failures.append(f"a vote answered {status}: {answer}")

    failures: list[str] = []
    workers = [threading.Thread(target=run, args=(lane,), daemon=True) for lane in lanes]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(180)
    assert not failures, failures[:5]
    return lost


# -- the test ------------------------------------------------------------------------------


class Room:
    """The facilitator at the laptop, and the phones in the room."""

    def __init__(self, desktop: Desktop, port: int) -> None:
        self.desktop = desktop
        self.port = port
        self.app: App | None = None
        self.console = ""
        self.line = ""
        self.code = ""
        self.url = ""
        self.members: list[Member] = []
        self.crowd: Crowd | None = None
        self.ledger = Ledger()
        self.scenario = resolve(SCENARIO).scenario
        self.round = 0  # how many injects with options have been voted on

    def start(self, *args: str) -> None:
        self.app = App(self.desktop, "--resume", "latest", "--room", *args)
        self.line = self.app.room_line()
        self.console = self.desktop.window(CONSOLE)

    def keys(self, *keys: str) -> None:
        self.desktop.focus(self.console)
        self.desktop.keys(*keys)

    def move(self, keys: tuple[str, ...], kind: str) -> None:
        before = self.desktop.events(kind)
        self.keys(*keys)
        wait_for(lambda: self.desktop.events(kind) > before, f"{kind} after {' '.join(keys)}", 30)

    def team_of_device(self, device: str) -> str:
        return next(member.team for member in self.members if member.device == device)


def join_everyone(room: Room, browser: Browser) -> None:
    """Twelve pages through the join form; 200 light clients by POST /join, each then on its WebSocket."""
    browser.call("open", count=PAGES, url=room.url)
    joined = browser.every("join", ({"page": n, "code": room.code, "team": TEAMS[n % 3]} for n in range(PAGES)))
    for n, reply in enumerate(joined):
        assert reply["device"], reply
        room.members.append(Member(TEAMS[n % 3], n // 3, reply["device"], page=n))
    for n in range(LIGHT):
        phone = Phone(room.port)
        team = TEAMS[n % 3]
        assert phone.join(room.code, team) == 303
        room.members.append(Member(team, PAGES // 3 + n // 3, phone.cookie.split(".")[0], phone=phone))
    cookies = [member.phone.cookie for member in room.members if member.phone is not None]
    room.crowd = Crowd(room.port, cookies)
    assert room.crowd.accepted == LIGHT
    wait_for(lambda: room.desktop.events("device_joined") >= PAGES + LIGHT, "every phone's join", 60)


def lights(room: Room) -> list[Member]:
    return [member for member in room.members if member.phone is not None]


def pages_of(room: Room, teams: list[str]) -> list[Member]:
    return [member for member in room.members if member.page is not None and member.team in teams]


def page_votes(room: Room, browser: Browser, inject: Inject, members: list[Member], final: bool) -> None:
    """The pages vote by tapping an option, typing a reason and pressing the button; saved when the page says so."""
    votes = []
    for member in members:
        letter = pick(member, inject, room.round, final)
        votes.append((member, letter, f"page {member.page} {'final' if final else 'first'} on {inject.id}"))
    asked = ({"page": m.page, "letter": letter, "reason": reason} for m, letter, reason in votes)
    replies = browser.every("vote", asked)
    for (member, letter, reason), reply in zip(votes, replies, strict=True):
        assert reply["saved"], reply
        assert reply["mine"] == f"Your vote: {letter}", reply
        room.ledger.saved.append((member.device, inject.id, option_id(inject, letter), reason))


def light_plan(room: Room, inject: Inject, teams: list[str], final: bool) -> list[Planned]:
    """The light phones' votes: every one's first vote, or the changes of mind (the others stand)."""
    plan: list[Planned] = []
    for member in lights(room):
        if member.team not in teams:
            continue
        letter = pick(member, inject, room.round, final)
        if final and letter == pick(member, inject, room.round, False):
            continue
        plan.append((member, inject.id, letter, f"{member.device[:6]} {'final' if final else 'first'} on {inject.id}"))
    return plan


def pause_and_try(room: Room, browser: Browser, inject: Inject) -> None:
    """Ctrl+P in the middle of the vote: the pages say paused and cannot vote, the light phones get 409."""
    room.move(("ctrl+p",), "paused")
    wait_for(lambda: all(browser.read(m.page or 0)["paused"] for m in pages_of(room, TEAMS)), "the pages to say paused")
    seen = browser.read(0)
    assert seen["disabled"] is True, seen  # the ballot is greyed out while paused, and says why
    assert seen["legend"] == "Paused: votes wait until the facilitator resumes.", seen
    browser.call("shot", page=0, path=str(SHOTS / "room-phone-paused.png"), top=True)
    crowd = room.crowd
    assert crowd is not None
    wait_for(lambda: all(state and state["paused"] and not state["voting"] for state in crowd.last),
             "every WebSocket to hear of the pause")  # fmt: skip
    before = room.desktop.events("vote_cast")
    refused = len(room.ledger.refused)
    plan = [(m, inject.id, letters(inject)[0], f"paused vote {n}") for n, m in enumerate(lights(room)[:30])]
    assert light_votes(room, plan) == []
    assert len(room.ledger.refused) == refused + 30  # every one of them: 409
    assert room.desktop.events("vote_cast") == before
    room.move(("ctrl+p",), "resumed")
    wait_for(lambda: not browser.read(0)["paused"], "the page to say voting goes on")


def out_of_time(room: Room, inject_id: str, recipients: list[str], when: str) -> None:
    """Votes before voting opens or after it locks: refused, every one."""
    members = [m for m in lights(room) if m.team in recipients][:3]
    refused = len(room.ledger.refused)
    assert light_votes(room, [(m, inject_id, "A", f"{when} {n}") for n, m in enumerate(members)]) == []
    assert len(room.ledger.refused) == refused + len(members)


def not_for_them(room: Room, inject_id: str, recipients: list[str]) -> None:
    """A team the inject was not sent to: its phones' votes are refused."""
    others = [m for m in lights(room) if m.team not in recipients][:6]
    plan = [(m, inject_id, "A", f"not ours {n}") for n, m in enumerate(others)]
    refused = len(room.ledger.refused)
    assert light_votes(room, plan) == []
    assert len(room.ledger.refused) == refused + len(plan)


def kill_in_the_middle(room: Room, browser: Browser, inject: Inject, plan: list[Planned]) -> None:
    """Votes stream from threads; the app is killed -9 under them; ``--resume latest --room`` brings the room back."""
    assert room.app is not None
    assert room.crowd is not None
    app, line = room.app, room.line
    lost: list[Vote] = []
    sent_before = len(room.ledger.saved)
    sender = threading.Thread(target=lambda: lost.extend(light_votes(room, plan)), daemon=True)
    sender.start()
    wait_for(lambda: len(room.ledger.saved) >= sent_before + len(plan) // 3, "a third of the votes to be saved", 60)
    app.kill()
    sender.join(120)
    assert not sender.is_alive()
    assert lost, "the app died after every vote was in: kill it earlier"
    room.ledger.unanswered.extend(lost)
    dropped = room.crowd
    wait_for(lambda: all(dropped.closed), "every WebSocket to drop", 30)
    dropped.close()
    wait_for(lambda: browser.read(0)["status"] == "Reconnecting…", "a page to notice the laptop went away", 30)

    room.start()  # no host, no port: the session's own room
    assert room.line == line
    assert "Traceback" not in "\n".join(app.err)
    expected = room.ledger.last(inject.id)
    for member in pages_of(room, TEAMS):
        mine = f"Your vote: {inject.letter(expected[member.device])}"

        def back(member: Member = member, mine: str = mine) -> bool:
            seen = browser.read(member.page or 0)
            return (seen["title"], seen["mine"], seen["status"], seen["legend"]) == (inject.title, mine, "", OPEN)

        wait_for(back, f"page {member.page} to reconnect by itself and show its vote", 90)
    browser.call("shot", page=0, path=str(SHOTS / "room-phone-reconnected.png"))
    cookies = [member.phone.cookie for member in lights(room) if member.phone is not None]
    room.crowd = Crowd(room.port, cookies)
    assert room.crowd.accepted == LIGHT  # every light phone back with its cookie
    unsure = {device for device, *_ in lost}
    crowd = room.crowd

    def caught_up() -> bool:
        for member, state in zip(lights(room), crowd.last, strict=True):
            if not state or (state["inject"] or {}).get("id") != inject.id or not state["voting"]:
                return False
            if member.device in unsure:
                continue
            wanted = expected.get(member.device)
            shown = state["my_vote"]["option"] if state["my_vote"] else None
            if shown != (inject.letter(wanted) if wanted else None):
                return False
        return True

    wait_for(caught_up, "every WebSocket to show the inject and its own vote again", 60)
    again = {(vote[0], vote[3]) for vote in lost}  # sent again, as a phone told "offline" would
    assert light_votes(room, [item for item in plan if (item[0].device, item[3]) in again]) == []


def play(room: Room, browser: Browser, inject_id: str, recipients: list[str]) -> None:
    inject = room.scenario.inject(inject_id)
    if set(recipients) != set(TEAMS):
        not_for_them(room, inject_id, recipients)
        for member in pages_of(room, [team for team in TEAMS if team not in recipients]):
            assert browser.read(member.page or 0)["phase"] == "waiting"  # another team's inject is not shown
    out_of_time(room, inject_id, recipients, "too early")
    room.move(("F6",), "voting_opened")
    wait_for(lambda: all(browser.read(m.page or 0)["legend"] == OPEN for m in pages_of(room, recipients)),
             "the pages to open their ballots")  # fmt: skip
    page_votes(room, browser, inject, pages_of(room, recipients), final=False)
    if room.round == 0:
        browser.call("shot", page=0, path=str(SHOTS / "room-phone-voting.png"))
    first = light_plan(room, inject, recipients, final=False)
    if inject_id == KILLED_ON:
        kill_in_the_middle(room, browser, inject, first)
    else:
        assert light_votes(room, first) == []
    if inject_id == PAUSED_ON:
        pause_and_try(room, browser, inject)
    assert light_votes(room, light_plan(room, inject, recipients, final=True)) == []
    page_votes(room, browser, inject, pages_of(room, recipients), final=True)
    room.desktop.shot("room-console-voting", room.console)
    room.move(("F7",), "voting_locked")
    out_of_time(room, inject_id, recipients, "too late")
    room.move(("F8",), "result_revealed")
    wait_for(lambda: all(browser.read(m.page or 0)["phase"] == "revealed" for m in pages_of(room, recipients)),
             "the pages to show the reveal")  # fmt: skip
    if room.round == 0:
        browser.call("shot", page=0, path=str(SHOTS / "room-phone-revealed.png"))
    last = room.ledger.last(inject_id)
    for member in pages_of(room, recipients):  # each page shows its team's plurality as the team's choice
        counts = Counter(option for device, option in last.items() if room.team_of_device(device) == member.team)
        winner = inject.letter(counts.most_common(1)[0][0])
        assert f"{member.team} chose {winner}:" in (browser.read(member.page or 0)["result"] or "")
    room.round += 1


def next_inject(db: Path) -> str | None:
    from tabletop.storage import open_store

    with open_store(db, readonly=True) as store:
        return store.load(store.resolve("latest")).next_inject()


def last_event(db: Path, kind: str) -> dict[str, Any]:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as conn:
        found = conn.execute("SELECT data FROM events WHERE kind = ? ORDER BY seq DESC LIMIT 1", (kind,)).fetchone()
    return dict(json.loads(found[0])) if found else {}


def events(db: Path, kind: str) -> list[dict[str, Any]]:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as conn:
        rows = conn.execute("SELECT data FROM events WHERE kind = ? ORDER BY seq", (kind,)).fetchall()
    return [dict(json.loads(row[0])) for row in rows]


def test_a_whole_exercise_voted_from_phones_with_a_crash_in_the_middle(tmp_path: Path) -> None:
    with xvfb(1366, 768) as display:
        desktop = Desktop(display, tmp_path)
        env = {**desktop.env, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
        teams = [arg for name in TEAMS for arg in ("--team", name)]
        subprocess.run([sys.executable, "-m", "tabletop", "new", SCENARIO, *teams, "--name", "Phones drill",
                        "--facilitator", "Ana"], env=env, check=True, capture_output=True, timeout=60)  # fmt: skip
        room = Room(desktop, free_port())
        browser = Browser()
        try:
            room.start("--room-host", "127.0.0.1", "--room-port", str(room.port))
            assert room.line.startswith(f"room: http://127.0.0.1:{room.port}/ code: "), room.line
            room.url, room.code = room.line.split()[1], room.line.split()[3]
            join_everyone(room, browser)
            desktop.shot("room-console-joined", room.console)
            delivered = []
            while (coming := next_inject(desktop.db)) is not None:
                room.move(("F9",), "inject_delivered")
                found = last_event(desktop.db, "inject_delivered")
                inject_id, recipients = str(found["inject"]), [str(team) for team in found["teams"]]
                assert inject_id == coming
                delivered.append((inject_id, recipients))
                if room.scenario.inject(inject_id).options:
                    play(room, browser, inject_id, recipients)
            assert room.round == 3  # the consequence came for the teams that held the flaw back
            room.keys("ctrl+shift+e")
            desktop.focus(desktop.window("^End the session$"))
            before = desktop.events("ended")
            desktop.keys("alt+e")
            wait_for(lambda: desktop.events("ended") > before, "the session to end", 30)
            over = "the pages to say it is over"
            wait_for(lambda: all(browser.read(n)["phase"] == "ended" for n in range(PAGES)), over)
            room.keys("ctrl+q")
            assert room.app is not None
            assert room.app.process.wait(timeout=30) == 0
            room.app.join()
            assert "Traceback" not in "\n".join(room.app.err), "\n".join(room.app.err)
        finally:
            problems = browser.close()
            if room.crowd is not None:
                room.crowd.close()
            if room.app is not None:
                room.app.stop()
        assert problems == []
    check_log(room, desktop, delivered, env)


def check_log(room: Room, desktop: Desktop, delivered: list[tuple[str, list[str]]], env: dict[str, str]) -> None:
    ledger = room.ledger
    logged = [(str(v["device"]), str(v["inject"]), str(v["option"]), str(v["reason"])) for v in
              events(desktop.db, "vote_cast")]  # fmt: skip
    assert set(ledger.saved) <= set(logged), set(ledger.saved) - set(logged)  # every vote a phone saw saved
    assert set(logged) <= set(ledger.saved) | set(ledger.unanswered)  # nothing paused, refused or made up
    assert not set(ledger.refused) & set(logged)
    assert not [vote for vote in logged if vote[3].startswith(("paused vote", "not ours", "too early", "too late"))]
    joined = {str(event["device"]) for event in events(desktop.db, "device_joined")}
    assert joined == {member.device for member in room.members}
    team_of = {member.device: member.team for member in room.members}
    debrief = [sys.executable, "-m", "tabletop", "debrief", "latest", "--format", "json"]
    result = subprocess.run(debrief, env=env, capture_output=True, text=True, timeout=60, check=True)
    exported = json.loads(result.stdout)
    standing = {(team["name"], d["inject"]): d for team in exported["teams"] for d in team["decisions"]}
    voted = [(inject_id, teams) for inject_id, teams in delivered if room.scenario.inject(inject_id).options]
    assert len(voted) == 3
    for inject_id, teams in voted:
        last = ledger.last(inject_id)
        logged_last: dict[str, str] = {}
        for device, voted_on, option, _ in logged:
            if voted_on == inject_id:
                logged_last[device] = option
        assert logged_last == last  # each device's last vote in the log is the last one it saw saved
        for team in teams:
            counts = Counter(option for device, option in last.items() if team_of[device] == team)
            (winner, top), (_, second) = counts.most_common(2)
            assert top > second  # the plan leaves no ties
            decision = standing[team, inject_id]
            assert decision["option"] == winner, (team, inject_id, decision, counts)
            assert decision["source"] == "room"
            assert decision["votes"] == dict(counts)
            assert decision["alignment"] == pytest.approx(top / sum(counts.values()))
    decided = events(desktop.db, "decision_recorded") + events(desktop.db, "decision_revised")
    assert {(d["team"], d["inject"]) for d in decided if d["source"] == "room"} == {
        (team, inject_id) for inject_id, teams in voted for team in teams
    }
    assert exported["session"]["ended_at"]
    print(f"{len(ledger.saved)} votes saved, {len(ledger.unanswered)} unanswered at the kill, "
          f"{len(ledger.refused)} refused; {len(logged)} in the log")  # fmt: skip
