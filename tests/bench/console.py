"""Benchmark of a decision in a 200-team course: console and presenter both open, both repainted.

Ours: ``SessionController.record_decision`` on a live session of 200 teams (the core's
checks, the event committed to SQLite with synchronous=FULL, the ``changed`` signal, every
window's redraw), then both windows painted whole and the event loop run dry (deferred
layouts and updates). Floor: the same two windows painted whole, unchanged, and the event
loop run: the least any redraw could cost, since a decision must at least be painted.

Each team answers each of a few injects, as in a real round of voting; samples alternate
(floor first on every other decision) so both sides meet the same noise and the same
state. The garbage collector is paused while timing, as timeit does. Besides its line,
the benchmark prints the median decision and the frozen window a whole round of 200
decisions adds up to (stderr).
"""

from __future__ import annotations

import gc
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from presenter import bench_scenario
from windows import Windows, open_windows, settle

TEAMS = 200
ROUNDS = 3
WARM_UP = 10  # decisions at the start of the first round, while caches fill


def _timed(work: Callable[[], object]) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def _round(windows: Windows, ours: list[float], floor: list[float]) -> None:
    """Deliver the next inject, open voting, and have every team answer it; lock and reveal (not timed)."""
    controller = windows.controller
    assert controller.deliver_next()
    assert controller.open_voting()
    exercise = controller.exercise
    assert exercise is not None
    assert exercise.current is not None
    inject = exercise.inject(exercise.current)
    settle()
    gc.collect()
    gc.disable()
    try:
        for number, team in enumerate(exercise.recipients(inject.id)):
            option = inject.options[number % len(inject.options)].id if inject.options else None
            rationale = "" if option else "We would talk first"

            def decide(team: str = team, option: str | None = option, rationale: str = rationale) -> None:
                assert controller.record_decision(team, inject.id, option, rationale)
                windows.repaint()

            if number % 2:
                floor.append(_timed(windows.repaint))
            ours.append(_timed(decide))
            if not number % 2:
                floor.append(_timed(windows.repaint))
    finally:
        gc.enable()
    assert controller.lock_voting()
    assert controller.reveal()
    settle()


def bench_console_decision_200() -> tuple[float, float]:
    """Median seconds per decision at 200 teams: record and repaint (ours), repaint unchanged (floor)."""
    with tempfile.TemporaryDirectory() as name:
        windows = open_windows(Path(name), "course", bench_scenario(), TEAMS)
        ours: list[float] = []
        floor: list[float] = []
        for _ in range(ROUNDS):
            _round(windows, ours, floor)
        windows.close()
    ours, floor = ours[WARM_UP:], floor[WARM_UP:]
    per_round = statistics.median(ours) * TEAMS
    print(
        f"console_decision_200: {statistics.median(ours) * 1000:.2f} ms a decision (p90 "
        f"{statistics.quantiles(ours, n=10)[-1] * 1000:.2f} ms), {per_round:.2f} s of frozen window a round "
        f"of {TEAMS} decisions; unchanged repaint {statistics.median(floor) * 1000:.2f} ms",
        file=sys.stderr,
    )
    return statistics.median(ours), statistics.median(floor)


if __name__ == "__main__":
    ours, floor = bench_console_decision_200()
    print(f"decision {ours * 1000:.2f} ms, unchanged repaint {floor * 1000:.2f} ms, ratio {ours / floor:.2f}")
