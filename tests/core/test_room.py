"""The room's rules in the core: who may vote, the plurality at lock, the spokesperson, ties, alignment."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tabletop.core import codec
from tabletop.core.errors import IllegalMove, NotARecipient, UnknownOption, UnknownTeam
from tabletop.core.events import EventKind, Source
from tabletop.core.exercise import Exercise
from tabletop.core.room import outcome

RED = [f"{n:016x}" for n in range(1, 6)]  # five phones on Red
BLUE = [f"{n:016x}" for n in range(101, 104)]  # three on Blue
KEY = "ab" * 16


@pytest.fixture
def room(exercise: Exercise) -> Exercise:
    """The tiny scenario with the room open, eight phones joined and voting open on 'ask'."""
    exercise.open_room("ACDE", KEY, "127.0.0.1", 8765)
    for device in RED:
        exercise.join_room(device, "Red")
    for device in BLUE:
        exercise.join_room(device, "Blue")
    exercise.deliver()
    exercise.open_voting()
    return exercise


def test_the_plurality_of_a_teams_phones_is_its_decision_at_lock(room: Exercise) -> None:
    for device, letter in zip(RED, "AABBA", strict=True):
        room.cast_vote(device, letter, f"because {letter}{device[-1]}")
    assert room.final("Red", "ask") is None  # votes are votes, not decisions
    room.lock_voting()
    decision = room.final("Red", "ask")
    assert decision is not None
    assert (decision.option, decision.source) == ("refuse", Source.ROOM)
    assert room.alignment("Red", "ask") == pytest.approx(3 / 5)
    assert decision.dissent == "B (2 votes): because B3; because B4"
    assert decision.rationale == "because A1; because A2; because A5"


def test_a_changed_vote_counts_once_and_the_same_vote_again_adds_nothing(room: Exercise) -> None:
    room.cast_vote(RED[0], "A")
    assert room.cast_vote(RED[0], "a") == []  # a replayed request changes nothing
    room.cast_vote(RED[0], "comply")  # an option id works as well as a letter
    room.cast_vote(RED[1], "B")
    votes = [event for event in room.log if event.kind is EventKind.VOTE_CAST]
    assert len(votes) == 3
    assert dict(room.votes_outcome("Red", "ask").counts) == {"comply": 2}


def test_the_spokesperson_decides_and_the_votes_are_still_kept(room: Exercise) -> None:
    for device in RED[:4]:
        room.cast_vote(device, "B")
    room.decide("Red", "ask", "refuse", source=Source.PRESENTER)  # chosen for the team on the shared screen
    room.lock_voting()
    decision = room.final("Red", "ask")
    assert decision is not None
    assert (decision.option, decision.source) == ("refuse", Source.PRESENTER)
    assert room.alignment("Red", "ask") == 0.0
    assert room.minority("Red", "ask") == "B (4 votes)"


def test_a_tie_waits_for_the_facilitator_and_blocks_the_reveal(room: Exercise) -> None:
    for device, letter in zip(RED[:4], "ABAB", strict=True):
        room.cast_vote(device, letter)
    room.lock_voting()
    assert room.final("Red", "ask") is None
    assert room.pending_ties() == [("Red", "ask", ("refuse", "comply"))]
    with pytest.raises(IllegalMove, match="tied for Red"):
        room.reveal()
    with pytest.raises(IllegalMove, match="no tie to settle"):
        room.settle_tie("Red", "ask", "nonsense")
    room.settle_tie("Red", "ask", "comply")
    decision = room.final("Red", "ask")
    assert decision is not None
    assert (decision.option, decision.source) == ("comply", Source.ROOM)
    assert decision.reason == "a tie between A and B, settled by the facilitator"
    assert room.pending_ties() == []
    room.reveal()


def test_no_votes_and_no_choice_is_no_decision(room: Exercise) -> None:
    room.lock_voting()
    assert room.final("Blue", "ask") is None
    assert room.pending_ties() == []
    assert room.alignment("Blue", "ask") is None


def test_votes_are_refused_outside_open_voting_while_paused_and_for_other_teams(room: Exercise) -> None:
    room.pause()
    with pytest.raises(IllegalMove, match="paused"):
        room.cast_vote(RED[0], "A")
    room.resume()
    with pytest.raises(IllegalMove, match="not joined"):
        room.cast_vote("f" * 16, "A")
    with pytest.raises(UnknownOption):
        room.cast_vote(RED[0], "Z")
    room.lock_voting()
    with pytest.raises(IllegalMove, match="cannot vote while voting is locked"):
        room.cast_vote(RED[0], "A")
    room.reveal()
    room.decide("Red", "ask", "comply")  # Red's choice sends it the consequence
    room.deliver("leak")
    room.open_voting()
    with pytest.raises(NotARecipient):
        room.cast_vote(BLUE[0], "A")  # 'leak' went to Red alone
    assert not [event for event in room.log if event.kind is EventKind.VOTE_CAST]


def test_joining_checks_the_team_the_device_and_the_room_size(exercise: Exercise) -> None:
    with pytest.raises(UnknownTeam):
        exercise.join_room(RED[0], "Purple")
    with pytest.raises(IllegalMove, match="hexadecimal"):
        exercise.join_room("not-a-device", "Red")
    exercise.join_room(RED[0], "Red")
    assert exercise.join_room(RED[0], "Red") == []
    exercise.join_room(RED[0], "Blue")  # a phone that moves counts once, on its new team
    assert (exercise.members("Red"), exercise.members("Blue")) == (0, 1)
    for number in range(499):
        exercise.join_room(f"{number + 1000:016x}", "Green")
    with pytest.raises(IllegalMove, match="at most 500"):
        exercise.join_room("e" * 16, "Green")


def test_the_room_identity_is_kept_and_written_only_when_it_changes(exercise: Exercise) -> None:
    exercise.open_room("ACDE", KEY, "192.168.1.5", 8765)
    assert exercise.open_room("ACDE", KEY, "192.168.1.5", 8765) == []
    exercise.open_room("ACDE", KEY, "10.0.0.2", 8765)
    assert exercise.room is not None
    assert (exercise.room.host, exercise.room.port) == ("10.0.0.2", 8765)
    with pytest.raises(IllegalMove, match="join code"):
        exercise.open_room("acde", KEY, "10.0.0.2", 8765)


def test_room_events_round_trip_through_the_codec(room: Exercise) -> None:
    room.cast_vote(RED[0], "B", "a reason")
    for event in room.log:
        assert codec.decode(event.seq, event.kind.value, event.at, codec.encode(event.payload)) == event


def test_a_reopened_vote_is_decided_again_at_the_next_lock(room: Exercise) -> None:
    room.cast_vote(RED[0], "A")
    room.lock_voting()
    room.open_voting()
    room.cast_vote(RED[0], "B")
    room.lock_voting()
    decision = room.final("Red", "ask")
    assert decision is not None
    assert (decision.option, decision.source, decision.revision) == ("comply", Source.ROOM, 1)


@given(st.lists(st.sampled_from(["a", "b", "c"]), max_size=30))
def test_the_plurality_is_the_option_with_most_votes_or_a_tie(letters: list[str]) -> None:
    from tabletop.core.room import Vote

    ballot = {f"{n:016x}": Vote(letter, "", "") for n, letter in enumerate(letters)}
    found = outcome(ballot, ["a", "b", "c"])
    counts = {letter: letters.count(letter) for letter in "abc" if letters.count(letter)}
    assert dict(found.counts) == counts
    if not counts:
        assert (found.winner, found.tied) == (None, ())
        return
    top = max(counts.values())
    leaders = [letter for letter in "abc" if counts.get(letter) == top]
    assert (found.winner, found.tied) == ((leaders[0], ()) if len(leaders) == 1 else (None, tuple(leaders)))
