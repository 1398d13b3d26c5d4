"""The codec's resume path: rows read as they come, every kind as the one-by-one decoder reads it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tabletop.core import codec
from tabletop.core.events import AdhocOption, Event, EventKind
from tabletop.core.exercise import Exercise
from tabletop.core.library import resolve
from tabletop.core.model import NormEffect, StakeEffect

Row = tuple[int, str, str, str]


def _every_kind() -> Exercise:
    """A session whose log holds every kind of event this version writes."""
    scenario = resolve("lawful-access").scenario
    exercise = Exercise.create(scenario, session_id="c", name="Codec", facilitator="F", teams=["Red", "Blue"])
    effects = (NormEffect("MS-1", -2, "bad"),)
    exercise.add_adhoc_inject(
        "Live", "Body", "Q?", [AdhocOption("Go", effects, (StakeEffect("economy", 1, "$"),)), "No"]
    )
    exercise.open_room("ACDE", "ab" * 16, "127.0.0.1", 8765)
    exercise.join_room("0000000000000001", "Red")
    exercise.deliver()
    exercise.open_voting()
    exercise.cast_vote("0000000000000001", "A", "a phone's reason")
    exercise.start_countdown(90)
    inject = exercise.current or ""
    option = exercise.inject(inject).options[0].id
    exercise.decide("Red", inject, option, rationale="r", confidence=4, dissent="d")
    exercise.decide("Red", inject, exercise.inject(inject).options[1].id, reason="talked it over")
    exercise.decide("Blue", inject, option)
    exercise.undo_last_decision()
    exercise.undo_last_decision()
    exercise.pause()
    exercise.resume()
    exercise.add_note("a note")
    exercise.lock_voting()
    exercise.reveal()
    exercise.deliver("naming-marrovia", teams=["Red"])
    exercise.decide("Red", "naming-marrovia", "private-protest")
    exercise.classify("Red", "naming-marrovia", {"MS-1": (-1, "read so")}, {"alliances": (1, "friends")})
    exercise.update_hotwash("good", "better", [{"action": "act", "owner": "me", "due": "soon"}])
    exercise.end()
    return exercise


def _rows(events: list[Event]) -> list[Row]:
    return [(event.seq, event.kind.value, event.at, codec.encode(event.payload)) for event in events]


def test_the_resume_path_reads_every_kind_as_written() -> None:
    exercise = _every_kind()
    assert {event.kind for event in exercise.log} == set(EventKind)
    rows = _rows(list(exercise.log))
    assert codec.decode_rows(rows) == list(exercise.log) == [codec.decode(*row) for row in rows]


def test_rows_are_read_as_they_come_from_any_iterable() -> None:
    rows = _rows(list(_every_kind().log))
    taken: list[int] = []

    def cursor() -> Iterator[Row]:
        for row in rows:
            taken.append(row[0])
            yield row

    assert codec.decode_rows(cursor()) == [codec.decode(*row) for row in rows]
    assert taken == [row[0] for row in rows]


def test_text_the_short_way_does_not_take_is_read_the_long_way_or_named_as_damaged() -> None:
    seq, kind, at, text = _rows(list(_every_kind().log))[0]
    assert codec.decode_rows([(seq, kind, at, f"  {text}\n")]) == [codec.decode(seq, kind, at, text)]
    with pytest.raises(codec.DamagedEvent, match=f"event {seq} is not valid JSON"):
        codec.decode_rows([(seq, kind, at, text + "}")])
    with pytest.raises(codec.DamagedEvent, match="unknown event kind"):
        codec.decode_rows([(seq, "no_such_kind", at, text)])
    with pytest.raises(codec.DamagedEvent, match="lacks"):
        codec.decode_rows([(seq, kind, at, "{}")])


def test_a_long_log_keeps_one_copy_of_each_team_inject_and_option_name() -> None:
    exercise = _every_kind()
    rows = _rows(list(exercise.log))
    decisions = [e.payload for e in codec.decode_rows(rows) if e.kind is EventKind.DECISION_RECORDED]
    first, second = decisions[0], decisions[1]
    assert first.inject == second.inject
    assert first.inject is second.inject  # decoded apart, yet one string object
