"""The room in the debrief: votes and alignment in the JSON, the split inside each team in the report."""

from __future__ import annotations

import json

import pytest

from tabletop.core.events import Source
from tabletop.core.exercise import Exercise
from tabletop.core.library import resolve
from tabletop.reports.export import render

KEY = "5e" * 20
RED = [f"{n:016x}" for n in range(1, 6)]
BLUE = [f"{n:016x}" for n in range(11, 14)]


@pytest.fixture(scope="module")
def voted() -> Exercise:
    """Lawful Access's first inject: Red's five phones split 3-2, Blue's spokesperson overrides its phones."""
    exercise = Exercise.create(resolve("lawful-access").scenario, session_id="room", name="Room", teams=["Red", "Blue"])
    exercise.open_room("ACDE", KEY, "192.168.1.5", 8765)
    for device in RED:
        exercise.join_room(device, "Red")
    for device in BLUE:
        exercise.join_room(device, "Blue")
    exercise.deliver()
    exercise.open_voting()
    inject = exercise.inject(exercise.current or "")
    for device, letter in zip(RED, "AABBA", strict=True):
        exercise.cast_vote(device, letter, "Courts first" if letter == "B" else "")
    for device in BLUE:
        exercise.cast_vote(device, "A", "Safety now")
    exercise.decide("Blue", inject.id, inject.options[1].id, source=Source.PRESENTER)
    exercise.lock_voting()
    exercise.reveal()
    exercise.end()
    return exercise


def test_the_json_gives_each_decision_its_votes_and_alignment(voted: Exercise) -> None:
    data = json.loads(render(voted, "json"))
    inject = voted.inject(voted.current or "")
    first, second = (option.id for option in inject.options[:2])
    red, blue = (next(t for t in data["teams"] if t["name"] == name)["decisions"][0] for name in ("Red", "Blue"))
    assert (red["option"], red["source"], red["votes"], red["alignment"]) == (first, "room", {first: 3, second: 2}, 0.6)
    assert red["dissent"] == "B (2 votes): Courts first"
    assert (blue["option"], blue["source"], blue["votes"], blue["alignment"]) == (second, "presenter", {first: 3}, 0.0)


def test_the_room_key_never_leaves_the_laptop(voted: Exercise) -> None:
    for fmt in ("json", "csv", "md", "html"):
        assert KEY.encode() not in render(voted, fmt), fmt
    data = json.loads(render(voted, "json"))
    opened = next(entry for entry in data["log"] if entry["kind"] == "room_opened")
    assert opened["data"] == {"code": "ACDE", "host": "192.168.1.5", "port": 8765}


def test_the_report_shows_the_split_inside_each_team_and_the_minority(voted: Exercise) -> None:
    for fmt in ("html", "md"):
        text = render(voted, fmt).decode()
        assert "Votes inside each team" in text
        assert "A 3 · B 2" in text
        assert "60%" in text
        assert "Courts first" in text


def test_without_phones_the_report_says_nothing_of_the_room() -> None:
    from reports_support import demo_exercise  # the demo plays without the room

    exercise = demo_exercise()
    assert b"Votes inside each team" not in render(exercise, "html")
    data = json.loads(render(exercise, "json"))
    assert all("votes" not in d for team in data["teams"] for d in team["decisions"])
