"""Time in an exercise: timestamps, and the pauses that exercise time leaves out.

Exercise time is wall time since the session was created, minus every pause up to that
moment. The pauses are kept with running totals, so how long the session was paused up
to any moment is answered in logarithmic time however many pauses there were.
"""

from __future__ import annotations

import itertools
from bisect import bisect_right
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import NamedTuple

Clock = Callable[[], datetime]
Moment = str | datetime | float  # an ISO timestamp, a datetime, or seconds since the epoch


def utc_now() -> datetime:
    return datetime.now(UTC)


def stamp(moment: datetime) -> str:
    """The log's timestamp for a moment: ISO 8601 in UTC, to the millisecond."""
    return moment.astimezone(UTC).isoformat(timespec="milliseconds")


def parse_time(text: str) -> datetime:
    return datetime.fromisoformat(text)


def epoch(moment: Moment) -> float:
    if isinstance(moment, float):
        return moment
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    return moment.timestamp()


class Pause(NamedTuple):
    start: str
    end: str | None = None


class PauseLedger:
    """The session's pauses in order, with the paused total before each one began."""

    __slots__ = ("_before", "_ends", "_starts", "created", "spans")

    def __init__(self) -> None:
        self.spans: list[Pause] = []
        self.created: float | None = None
        self._starts: list[float] = []
        self._ends: list[float | None] = []
        self._before: list[float] = []

    def __eq__(self, other: object) -> bool:
        return isinstance(other, PauseLedger) and (self.spans, self.created) == (other.spans, other.created)

    __hash__ = None  # type: ignore[assignment]

    @property
    def paused(self) -> bool:
        return bool(self._ends) and self._ends[-1] is None

    def start_clock(self, at: str) -> None:
        self.created = epoch(at)

    def open(self, at: str) -> None:
        before = self._before[-1] + self._ends[-1] - self._starts[-1] if self._starts else 0.0  # type: ignore[operator]
        self._before.append(before)
        self._starts.append(epoch(at))
        self._ends.append(None)
        self.spans.append(Pause(at))

    def close(self, at: str) -> None:
        self._ends[-1] = max(epoch(at), self._starts[-1])
        self.spans[-1] = Pause(self.spans[-1].start, at)

    def total(self, until: Moment) -> float:
        """Seconds spent paused from the start of the session up to ``until``."""
        moment = epoch(until)
        count = bisect_right(self._starts, moment)
        if not count:
            return 0.0
        start, end = self._starts[count - 1], self._ends[count - 1]
        last = min(moment, end) if end is not None else moment
        return self._before[count - 1] + max(last - start, 0.0)

    def between(self, first: Moment, last: Moment) -> float:
        """Seconds paused between two moments."""
        return max(self.total(last) - self.total(first), 0.0)

    def exercise_seconds(self, at: Moment) -> float:
        """Exercise time at a moment: time since the session was created, pauses left out."""
        if self.created is None:
            return 0.0
        moment = epoch(at)
        return max(moment - self.created - self.total(moment), 0.0)

    def exercise_seconds_of(self, stamps: Iterable[str]) -> list[float]:
        """``exercise_seconds`` of each of many timestamps (a whole log): the same values, in one loop.

        A debrief asks the time of every event. The loop keeps ``total`` inline, and since a
        log's moments come in order it looks the pause up again only when a moment passes
        the next pause's start (or falls before the last one's, if the clock stepped back).
        """
        created = self.created
        if created is None:
            return [0.0 for _ in stamps]
        starts, ends, before, parse = self._starts, self._ends, self._before, datetime.fromisoformat
        ordered, last = all(a <= b for a, b in itertools.pairwise(starts)), len(starts)
        found = []
        count = 0  # how many pauses began at or before the moment: bisect_right(starts, moment)
        for stamp in stamps:
            moment = parse(stamp).timestamp()
            if not ordered or (count < last and starts[count] <= moment) or (count and starts[count - 1] > moment):
                count = bisect_right(starts, moment)
            paused = 0.0
            if count:
                end = ends[count - 1]
                spent = (moment if end is None or moment < end else end) - starts[count - 1]
                paused = before[count - 1] + (spent if spent > 0.0 else 0.0)
            seconds = moment - created - paused  # in the order exercise_seconds works it out: the same float
            found.append(seconds if seconds > 0.0 else 0.0)
        return found
