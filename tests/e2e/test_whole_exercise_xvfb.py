"""A whole exercise as a facilitator runs it, on a real X server, with real keys and clicks.

``tabletop new`` sets up four teams on The Tool Comes Home; the console and the presenter
open side by side on one laptop screen (1366x768) or one large one (1920x1080). Every
inject is delivered, voted on from the presenter (by keys, once by taps), locked and
revealed; on the way there is a pause (the room's votes are refused while it lasts), a reason
typed on the shared screen, a note, an undo, an ad-hoc inject for two teams, and a kill -9
in the middle of a vote. The app is started again with ``--resume latest``: the presenter
must come back as it was (same place, same bigger text, same look) and nothing recorded may
be lost. Then the session is ended, the hotwash written, and the JSON debrief checked
against every key pressed.

Slow; screenshots land in ``artifacts/screenshots/whole-<size>-*.png`` for a person to look at.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from xdesktop import Desktop, column, differing, option_a, row, runs, wait_for, xvfb

from tabletop.core.library import resolve

pytestmark = pytest.mark.slow
TEAMS = ["Red", "Blue", "Green", "Gold"]
COLOURS = {"Blue": "#0072B2"}
SCENARIO = "the-tool-comes-home"
CONSOLE = "^Tabletop — The Tool Comes Home — Whole drill$"
PRESENTER = "^Tabletop Presenter — The Tool Comes Home$"
KILLED_ON = "ally-asks"  # the app dies after two of the four votes on this inject
PAUSED_ON = "tools-dumped"  # the facilitator pauses before the last vote on this one
REASON = "Sharing buys us nothing we need"


@dataclass
class Run:
    """What the test asked for, to hold the debrief against at the end."""

    votes: dict[tuple[str, str], str] = field(default_factory=dict)  # (team, inject) -> option id
    reasons: dict[tuple[str, str], str] = field(default_factory=dict)


def letter_for(team_number: int, inject_index: int, options: int) -> int:
    """Which option a team picks: varied across teams and injects, so consequences fan out."""
    return (team_number + inject_index) % options


def last(db: Path, kind: str) -> dict[str, object]:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as conn:
        found = conn.execute("SELECT data FROM events WHERE kind = ? ORDER BY seq DESC LIMIT 1", (kind,)).fetchone()
    return dict(json.loads(found[0])) if found else {}


def event_count(db: Path) -> int:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as conn:
        return int(conn.execute("SELECT count(*) FROM events").fetchone()[0])


def tile_middle(shot: Path, width: int, index: int, colour: str) -> tuple[int, int]:
    """The middle of the team tile ``index`` (from 0) of four in the strip along the bottom."""
    x = 24 + (width - 48) * (2 * index + 1) // 8
    top, bottom = runs(column(shot, x), colour, gap=8)[-1]
    y = (top + bottom) // 2
    left, right = runs(row(shot, y), colour, gap=8)[0]
    return (left + right) // 2, y


class Facilitator:
    """The person at the laptop: the console's keys, the room's keys and taps on the presenter."""

    def __init__(self, desktop: Desktop, name: str) -> None:
        self.desktop = desktop
        self.name = name
        self.console = ""
        self.presenter = ""
        self.app: subprocess.Popen[str] | None = None

    def start(self, *args: str) -> None:
        self.app = self.desktop.launch("--resume", "latest", *args)
        self.console = self.desktop.window(CONSOLE)
        self.presenter = self.desktop.window(PRESENTER)

    def count(self, kind: str) -> int:
        return self.desktop.events(kind)

    def at_console(self, *keys: str) -> None:
        self.desktop.focus(self.console)
        self.desktop.keys(*keys)

    def at_presenter(self, *keys: str) -> None:
        self.desktop.focus(self.presenter)
        self.desktop.keys(*keys)

    def shot(self, label: str, window: str = "root") -> Path:
        return self.desktop.shot(f"{self.name}-{label}", window)

    def move(self, keys: tuple[str, ...], kind: str, where: str = "console") -> None:
        """Press keys (at the console, the presenter, or where the keyboard is) and wait for the event they save."""
        before = self.count(kind)
        press = {"console": self.at_console, "presenter": self.at_presenter, "here": self.desktop.keys}[where]
        press(*keys)
        wait_for(lambda: self.count(kind) > before, f"{kind} after {' '.join(keys)}")

    def vote(self, number: int, letter: str) -> None:
        self.move((str(number), letter), "decision_recorded", "presenter")

    def tap_vote(self, number: int, colour: str) -> None:
        """Tap the team's tile, then option A, as a participant at a touch screen would."""
        before = self.count("decision_recorded")
        self.desktop.focus(self.presenter)
        width = self.desktop.geometry(self.presenter)[2]
        tile = tile_middle(self.shot("tap-1-tile", self.presenter), width, number - 1, colour)
        self.desktop.click(self.presenter, *tile)
        spot: list[tuple[int, int] | None] = []
        wait_for(lambda: spot.append(option_a(self.shot("tap-2-picked", self.presenter))) or spot[-1],
                 "the options to light up for the tapped team")  # fmt: skip
        assert spot[-1] is not None
        self.desktop.click(self.presenter, *spot[-1])
        wait_for(lambda: self.count("decision_recorded") > before, "the tapped vote")


def deliver(person: Facilitator, keys: tuple[str, ...] = ("F9",)) -> tuple[str, list[str]]:
    person.move(keys, "inject_delivered")
    delivered = last(person.desktop.db, "inject_delivered")
    return str(delivered["inject"]), [str(team) for team in delivered["teams"]]  # type: ignore[attr-defined]


def kill_and_resume(person: Facilitator) -> None:
    """kill -9 mid-vote, then ``--resume latest``: the presenter as it was, nothing lost."""
    desktop = person.desktop
    before_events = event_count(desktop.db)
    place = desktop.geometry(person.presenter)
    look = person.shot("20-presenter-before-kill", person.presenter)
    assert person.app is not None
    os.kill(person.app.pid, signal.SIGKILL)
    person.app.wait(timeout=20)
    assert event_count(desktop.db) == before_events  # every move was committed before it showed
    person.start()  # no --presenter: it comes back because it was open
    assert desktop.geometry(person.presenter) == place
    wait_for(lambda: differing(look, person.shot("21-presenter-after-resume", person.presenter)) < 0.02,
             "the presenter to look as it did before the crash")  # fmt: skip
    assert event_count(desktop.db) == before_events


def run_vote(person: Facilitator, run: Run, inject_id: str, teams: list[str], index: int) -> None:
    options = resolve(SCENARIO).scenario.inject(inject_id).options
    person.move(("F6",), "voting_opened")
    for position, team in enumerate(teams):
        number = TEAMS.index(team) + 1
        if inject_id == KILLED_ON and position == 2:
            person.at_presenter("ctrl+equal", "ctrl+equal", "ctrl+equal")  # Bigger text, three times
            person.shot("19-presenter-bigger-text", person.presenter)
            kill_and_resume(person)
        if inject_id == PAUSED_ON and position == len(teams) - 1:
            pause_and_try(person, number)
        if index == 0 and team == "Blue":
            person.tap_vote(number, COLOURS["Blue"])
            run.votes[team, inject_id] = options[0].id
            continue
        choice = letter_for(number, index, len(options))
        person.vote(number, "abcdefgh"[choice])
        run.votes[team, inject_id] = options[choice].id
        if inject_id == KILLED_ON and team == "Red":
            person.at_presenter("Return")  # the reason field takes the keyboard
            person.desktop.type(REASON)
            person.move(("Return",), "decision_revised", "here")
            run.reasons[team, inject_id] = REASON
    person.move(("F7",), "voting_locked")
    person.move(("F8",), "result_revealed")


def pause_and_try(person: Facilitator, number: int) -> None:
    """Pause; a vote from the room is refused (nothing saved); resume."""
    person.move(("ctrl+p",), "paused")
    before = person.count("decision_recorded")
    person.at_presenter(str(number), "a")
    time.sleep(1)
    person.shot("30-paused-room", person.presenter)
    person.shot("31-paused-both")
    assert person.count("decision_recorded") == before
    person.move(("ctrl+p",), "resumed")


def add_adhoc(person: Facilitator) -> None:
    """Ctrl+I, the form filled from the keyboard, for Red and Green only."""
    person.at_console("ctrl+i")
    dialog = person.desktop.window("^Ad-hoc inject$")
    person.desktop.focus(dialog)
    person.desktop.type("Minister on air")
    person.desktop.keys("Tab")
    person.desktop.type("The minister is live on radio in ten minutes.")
    person.desktop.keys("Tab")
    person.desktop.type("What line does the minister take?")
    person.desktop.keys("Tab")
    person.desktop.type("Own the tool | MS-4 +1 candour; public -1 embarrassing")
    person.desktop.keys("Return")
    person.desktop.type("Say nothing")
    person.desktop.keys("Tab", "Tab", "Tab", "space", "Tab", "Tab", "space")  # untick Blue and Gold
    person.shot("40-adhoc-form", dialog)
    before = person.count("adhoc_inject_added")
    person.desktop.keys("Return")
    wait_for(lambda: person.count("adhoc_inject_added") > before, "the ad-hoc inject")


@pytest.mark.parametrize("size", [(1366, 768), (1920, 1080)], ids=lambda size: f"{size[0]}x{size[1]}")
def test_a_whole_exercise_with_a_crash_in_the_middle(size: tuple[int, int], tmp_path: Path) -> None:
    width, height = size
    with xvfb(width, height) as display:
        desktop = Desktop(display, tmp_path)
        teams = [arg for name in TEAMS for arg in ("--team", name)]
        subprocess.run(desktop.command("new", SCENARIO, *teams, "--name", "Whole drill", "--facilitator", "Ana"),
                       env=desktop.env, check=True, capture_output=True, timeout=60)  # fmt: skip
        person = Facilitator(desktop, f"whole-{width}x{height}")
        run = Run()
        try:
            person.start("--presenter")
            left, right = desktop.geometry(person.console), desktop.geometry(person.presenter)
            assert left[0] + left[2] <= right[0], (left, right)  # side by side, neither covering the other
            assert right[0] + right[2] <= width
            person.shot("01-side-by-side")
            index = 0
            while (coming := next_inject(desktop.db)) is not None:
                inject_id, recipients = deliver(person)
                assert inject_id == coming
                if resolve(SCENARIO).scenario.inject(inject_id).options:
                    run_vote(person, run, inject_id, recipients, index)
                if inject_id == KILLED_ON:
                    side_trip(person, run, inject_id)
                index += 1
            assert index >= 10  # every stage was played, consequences included
            person.shot("50-last-reveal")
            person.at_console("ctrl+shift+e")
            desktop.focus(desktop.window("^End the session$"))
            person.move(("alt+e",), "ended", "here")  # Return would be Cancel: ending is for good
            person.at_console("alt+g")  # Stren&gths
            desktop.type("Teams priced disclosure honestly.")
            person.shot("59-hotwash-typed", person.console)
            person.move(("ctrl+s",), "hotwash_updated")
            person.shot("60-debrief", person.console)
            person.at_console("ctrl+q")
            assert person.app is not None
            assert person.app.wait(timeout=20) == 0
        finally:
            errors = desktop.close_all()
        for error in errors:
            assert "Traceback" not in error, error

    check_debrief(desktop, run)


def next_inject(db: Path) -> str | None:
    """What Next (F9) will deliver, read from the saved session as the console reads it."""
    from tabletop.storage import open_store

    with open_store(db, readonly=True) as store:
        return store.load(store.resolve("latest")).next_inject()


def side_trip(person: Facilitator, run: Run, inject_id: str) -> None:
    """After a reveal: a look at the run sheet, a note, an undo, and an ad-hoc inject for two teams."""
    person.shot("10-run-sheet-with-targets", person.console)
    person.at_console("ctrl+m")
    person.desktop.type("Blue wanted a vote first")
    person.move(("Return",), "note_added", "here")
    person.move(("ctrl+z",), "decision_revised")  # the last answer given is withdrawn (audited)
    del run.votes[TEAMS[-1], inject_id]
    add_adhoc(person)
    adhoc_id, aimed = deliver(person, ("F5",))
    assert (adhoc_id, aimed) == ("adhoc-1", ["Red", "Green"])
    person.move(("F6",), "voting_opened")
    person.vote(1, "a")
    person.vote(3, "b")
    run.votes["Red", adhoc_id], run.votes["Green", adhoc_id] = "option-1", "option-2"
    person.move(("F7",), "voting_locked")
    person.move(("F8",), "result_revealed")
    person.shot("41-adhoc-revealed", person.presenter)


def check_debrief(desktop: Desktop, run: Run) -> None:
    result = subprocess.run(desktop.command("debrief", "latest", "--format", "json"), env=desktop.env,
                            capture_output=True, text=True, timeout=60, check=True)  # fmt: skip
    exported = json.loads(result.stdout)
    standing = {
        (team["name"], decision["inject"]): decision for team in exported["teams"] for decision in team["decisions"]
    }
    assert {key: d["option"] for key, d in standing.items()} == run.votes
    for key, reason in run.reasons.items():
        assert standing[key]["rationale"] == reason
    assert [note["text"] for note in exported["notes"]] == ["Blue wanted a vote first"]
    assert exported["hotwash"]["strengths"] == "Teams priced disclosure honestly."
    assert exported["session"]["ended_at"]
