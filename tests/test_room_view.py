"""The phones' view made again after votes: the same as made in full, and it wakes only the pages it changed."""

from __future__ import annotations

from tabletop.core.exercise import Exercise
from tabletop.core.library import resolve
from tabletop.room.hub import touched
from tabletop.room.view import RoomView, build_view

TEAMS = ["Red", "Blue", "Green"]


def _room() -> Exercise:
    exercise = Exercise.create(resolve("first-call").scenario, session_id="v1", name="Drill", teams=TEAMS)
    exercise.open_room("ACD347", "ab" * 20, "127.0.0.1", 8765)
    for n in range(9):
        exercise.join_room(f"{n:016x}", TEAMS[n % 3])
    exercise.deliver()
    exercise.open_voting()
    return exercise


def _same(one: RoomView, other: RoomView) -> None:
    assert dict(one.states) == dict(other.states)
    assert dict(one.texts) == dict(other.texts)
    assert dict(one.my_votes) == dict(other.my_votes)
    assert dict(one.devices) == dict(other.devices)


def test_a_view_made_again_for_the_teams_that_voted_is_the_view_made_in_full() -> None:
    exercise = _room()
    view = build_view(exercise, 1)
    for n, (device, letter) in enumerate(
        [("0000000000000000", "A"), ("0000000000000003", "B"), ("0000000000000001", "A"), ("0000000000000000", "B")]
    ):
        exercise.cast_vote(device, letter, f"because {n}")
        team = exercise.device_team(device)
        assert team is not None
        view = build_view(exercise, n + 2, view, frozenset({team}))
        _same(view, build_view(exercise, n + 2))
    assert view.text_for("0000000000000000") is not None
    assert '"my_vote": {"option": "B", "reason": "because 3"}' in (view.text_for("0000000000000000") or "")


def test_a_vote_wakes_its_own_team_and_its_own_device_only() -> None:
    exercise = _room()
    before = build_view(exercise, 1)
    exercise.cast_vote("0000000000000001", "A")
    after = build_view(exercise, 2, before, frozenset({"Blue"}))
    assert touched(before, after) == frozenset({"team:Blue", "device:0000000000000001"})
    exercise.cast_vote("0000000000000001", "A", "now with a reason")  # the count stays; only this device's page changes
    again = build_view(exercise, 3, after, frozenset({"Blue"}))
    assert touched(after, again) == frozenset({"device:0000000000000001"})


def test_a_join_or_a_new_inject_wakes_every_page() -> None:
    exercise = _room()
    before = build_view(exercise, 1)
    exercise.join_room("0000000000000063", "Green")
    assert touched(before, build_view(exercise, 2)) is None
