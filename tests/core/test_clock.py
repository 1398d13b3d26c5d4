"""Exercise time: one moment at a time or a whole log at once, the pauses left out the same way."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tabletop.core.clock import PauseLedger, stamp
from tabletop.core.exercise import Exercise
from tabletop.core.library import resolve

START = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def _at(seconds: float) -> str:
    return stamp(START + timedelta(seconds=seconds))


@pytest.mark.fuzz
@given(
    pauses=st.lists(st.tuples(st.integers(0, 5_000_000), st.integers(0, 600_000)), max_size=12),  # milliseconds
    still_paused=st.booleans(),
    stepped_back=st.booleans(),
    moments=st.lists(st.integers(-100_000, 9_000_000), max_size=40),
)
def test_a_whole_log_at_once_gives_each_moment_its_own_exercise_time(
    pauses: list[tuple[int, int]], still_paused: bool, stepped_back: bool, moments: list[int]
) -> None:
    ledger = PauseLedger()
    ledger.start_clock(_at(0))
    for number, (start, length) in enumerate(pauses if stepped_back else sorted(pauses)):  # a clock may step back
        ledger.open(_at(start / 1000))
        if not (still_paused and number == len(pauses) - 1):
            ledger.close(_at((start + length) / 1000))  # pauses may overlap or touch: the ledger takes them as logged
    stamps = [_at(moment / 1000) for moment in (moments if stepped_back else sorted(moments))]
    assert ledger.exercise_seconds_of(stamps) == [ledger.exercise_seconds(at) for at in stamps]


def test_before_the_clock_starts_every_moment_is_at_zero() -> None:
    assert PauseLedger().exercise_seconds_of([_at(5), _at(10)]) == [0.0, 0.0]


def test_the_log_s_times_and_times_to_decide_agree_with_asking_one_by_one() -> None:
    moment = [START]

    def clock() -> datetime:
        moment[0] += timedelta(seconds=37)
        return moment[0]

    exercise = Exercise.create(resolve("first-call").scenario, session_id="t", name="T", teams=["A", "B"], clock=clock)
    while (inject_id := exercise.next_inject()) is not None:
        exercise.deliver(inject_id)
        exercise.pause()
        exercise.resume()
        for team in exercise.recipients(inject_id):
            options = exercise.inject(inject_id).options
            exercise.decide(team, inject_id, options[0].id if options else None, rationale="so")
    times = exercise.exercise_times()
    assert times == {event.seq: exercise.exercise_time(event.at) for event in exercise.log}
    assert all(
        times[event.seq] <= times[after.seq] for event, after in zip(exercise.log, exercise.log[1:], strict=False)
    )
    for decision in exercise.final_decisions():
        took = exercise.time_to_decide(decision.team, decision.inject, times)
        assert took == exercise.time_to_decide(decision.team, decision.inject)
        assert took is not None
        assert took > 0
