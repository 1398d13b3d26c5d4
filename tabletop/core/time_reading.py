"""The exercise's clock as readers ask it: exercise time, pauses, time to decide, the countdown.

A mixin of ``SessionReader``: the same read API, kept in its own module.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from tabletop.core.clock import Clock, Moment, Pause, epoch
from tabletop.core.phases import Phase

if TYPE_CHECKING:
    from tabletop.core.state import ExerciseState


class TimeReader:
    _state: ExerciseState
    _clock: Clock

    def now(self) -> datetime:
        return self._clock()

    def exercise_time(self, at: Moment) -> float:
        """Seconds of exercise time at a moment: since the session began, pauses left out."""
        return self._state.pauses.exercise_seconds(at)

    def exercise_times(self) -> dict[int, float]:
        """The exercise time of every event so far, by its number, in one pass: for readers of the whole log."""
        log = self._state.log
        seconds = self._state.pauses.exercise_seconds_of([event.at for event in log])
        return dict(zip([event.seq for event in log], seconds, strict=True))

    def elapsed(self, now: datetime | None = None) -> float:
        """Seconds of exercise time so far (up to the end, once ended)."""
        end = self._state.ended_at or now or self._clock()
        return self.exercise_time(end)

    def paused_total(self, until: Moment | None = None) -> float:
        """Seconds spent paused up to a moment (by default now, or the end)."""
        return self._state.pauses.total(until if until is not None else self._state.ended_at or self._clock())

    def pauses(self) -> Sequence[Pause]:
        return self._state.pauses.spans

    def times_to_decide(self, inject_id: str, times: Mapping[int, float]) -> dict[str, float]:
        """``time_to_decide`` for each team the inject was delivered to that decided on it, in one go."""
        delivery = self._state.deliveries.get(inject_id)
        if delivery is None:
            return {}
        start, found, decided = times[delivery.seq], {}, self._state.decision_events
        for team in delivery.teams:
            events = decided.get((team, inject_id))
            if events:
                found[team] = max(times[events[0].seq] - start, 0.0)
        return found

    def time_to_decide(self, team: str, inject_id: str, times: Mapping[int, float] | None = None) -> float | None:
        """Seconds of exercise time from an inject's delivery to the team's first decision on it.

        ``times`` (from ``exercise_times()``) saves working the two moments out again, for a
        reader that asks this of every decision.
        """
        events = self._state.decision_events.get((team, inject_id))
        delivery = self._state.deliveries.get(inject_id)
        if not events or delivery is None:
            return None
        if times is not None:
            return max(times[events[0].seq] - times[delivery.seq], 0.0)
        return max(self.exercise_time(events[0].at) - self.exercise_time(delivery.at), 0.0)

    def countdown_running(self) -> bool:
        """A countdown is set on the current inject and voting is not yet locked."""
        countdown = self._state.countdown
        state = self._state
        return countdown is not None and countdown.inject == state.current and state.phase in _COUNTING

    def countdown_remaining(self, now: datetime | None = None) -> float | None:
        """Seconds left on the current countdown (negative when over time); it stands still while paused."""
        countdown = self._state.countdown
        if countdown is None:
            return None
        moment = epoch(now or self._clock())
        paused = self._state.pauses.total(moment) - countdown.paused_before
        running = moment - epoch(countdown.started_at) - paused
        return countdown.seconds - running


_COUNTING = (Phase.DELIVERED, Phase.VOTING)
