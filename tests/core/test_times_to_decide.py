"""Every team's time to decide on an inject at once: what asking team by team gives, pauses left out."""

from __future__ import annotations

from typing import Any

from tabletop.core.exercise import Exercise


def test_all_at_once_is_each_team_asked_apart(exercise: Exercise, clock: Any) -> None:
    exercise.deliver()
    inject = exercise.current or ""
    option = exercise.inject(inject).options[0].id
    clock.advance(30)
    exercise.decide("Red", inject, option)
    exercise.pause()
    clock.advance(600)  # paused: not time spent deciding
    exercise.resume()
    clock.advance(15)
    exercise.decide("Blue", inject, option)
    exercise.decide("Red", inject, exercise.inject(inject).options[1].id, reason="changed")  # the first one counts
    times = exercise.exercise_times()
    found = exercise.times_to_decide(inject, times)
    assert found == {team: exercise.time_to_decide(team, inject) for team in ("Red", "Blue")}
    assert found == {"Red": 30.0, "Blue": 45.0}  # Green has not decided
    assert exercise.times_to_decide("not-delivered-yet", times) == {}
