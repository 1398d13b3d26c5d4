"""How each measure grows: every one at 1x, 4x and 16x its input, with time and peak memory.

Run from the source tree with the project installed: ``python tests/bench/scaling.py``. It
prints a Markdown table for docs/performance.md. Time is the best of a few runs with the
cyclic collector paused (process CPU time for pure computation, wall time where the disk is
involved); peak memory is the most Python's heap held during one run (tracemalloc, in a run
of its own, since tracing slows it). The last column is the time at 16x over the time at 4x:
about 4 means linear, less means a fixed cost still shows.
"""

from __future__ import annotations

import gc
import multiprocessing
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

sys.path.insert(0, str(Path(__file__).parent))

from engine import build_long_session
from sessions import build_archive

from reports import played, synthetic_scenario
from tabletop.core.exercise import Exercise
from tabletop.reports.export import render
from tabletop.storage import Store

Work = Callable[[], object]


class Measure(NamedTuple):
    name: str
    grows: str  # what is multiplied
    sizes: tuple[int, int, int]
    prepare: Callable[[int, Path], Work]  # the input at a size (not timed), then the work to time
    clock: Callable[[], float] = time.process_time
    repeats: int = 5


def _debrief(fmt: str, teams: Callable[[int], int], injects: Callable[[int], int]) -> Callable[[int, Path], Work]:
    def prepare(size: int, _: Path) -> Work:
        exercise = played(teams(size), injects(size))
        render(exercise, fmt)  # templates compiled before the timing
        return lambda: render(exercise, fmt)

    return prepare


def _whole_session(size: int, _: Path) -> Work:
    scenario = synthetic_scenario(size).scenario

    def play() -> None:
        exercise = Exercise.create(scenario, session_id="n", teams=["Red", "Blue"])
        while exercise.next_inject():
            exercise.deliver()

    return play


def _resume(size: int, folder: Path) -> Work:
    path = folder / f"long-{size}.db"
    writer = multiprocessing.get_context("fork").Process(target=build_long_session, args=(path, size))
    writer.start()
    writer.join()

    def load() -> None:
        with Store(path) as store:
            store.load("long")

    return load


def _sessions(size: int, folder: Path) -> Work:
    path = folder / f"archive-{size}.db"
    build_archive(path, size)
    store = Store(path, readonly=True)
    return store.sessions


def _decision_late_in(size: int, folder: Path) -> Work:
    """One decision recorded (engine + store, synchronous=FULL) after ``size`` others in the session."""
    source = synthetic_scenario(10)
    store = Store(folder / f"decide-{size}.db")
    exercise = Exercise.create(source.scenario, session_id="d", teams=[f"T{i}" for i in range(10)])
    store.adopt(exercise, source)
    exercise.deliver("i0")
    for number in range(size):
        exercise.decide(f"T{number % 10}", "i0", "abc"[number % 3], rationale=f"r{number}")
    count = iter(range(10**9))
    return lambda: exercise.decide("T0", "i0", "abc"[next(count) % 3], rationale="late")


MEASURES = (
    Measure("debrief html", "teams (x 30 injects)", (10, 40, 160), _debrief("html", lambda n: n, lambda n: 30)),
    Measure("debrief json", "teams (x 30 injects)", (10, 40, 160), _debrief("json", lambda n: n, lambda n: 30)),
    Measure("debrief csv", "teams (x 30 injects)", (10, 40, 160), _debrief("csv", lambda n: n, lambda n: 30)),
    Measure("debrief md", "teams (x 30 injects)", (10, 40, 160), _debrief("md", lambda n: n, lambda n: 30)),
    Measure("debrief html", "injects (x 10 teams)", (20, 80, 320), _debrief("html", lambda n: 10, lambda n: n)),
    Measure("debrief json", "injects (x 10 teams)", (20, 80, 320), _debrief("json", lambda n: 10, lambda n: n)),
    Measure("whole session by next_inject", "injects", (200, 800, 3200), _whole_session),
    Measure("resume", "events", (20_000, 80_000, 320_000), _resume, time.perf_counter, 5),
    Measure("sessions list", "sessions (4 teams x 10 injects)", (625, 2_500, 10_000), _sessions, time.perf_counter),
    Measure(
        "record_decision",
        "decisions already in the session",
        (250, 1_000, 4_000),
        _decision_late_in,
        time.perf_counter,
        30,
    ),
)


class Point(NamedTuple):
    seconds: float
    peak_mb: float


def measure_point(measure: Measure, size: int, folder: Path) -> Point:
    work = measure.prepare(size, folder)
    best = float("inf")
    for _ in range(measure.repeats):
        gc.collect()
        gc.disable()  # as timeit does: the collector's passes depend on what else the process holds
        try:
            start = measure.clock()
            work()
            best = min(best, measure.clock() - start)
        finally:
            gc.enable()
    gc.collect()
    tracemalloc.start()
    work()
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return Point(best, peak)


def _cell(point: Point) -> str:
    seconds = f"{point.seconds * 1000:.1f} ms" if point.seconds < 1 else f"{point.seconds:.2f} s"
    return f"{seconds}, {point.peak_mb:.1f} MB"


def main() -> int:
    print("| measure | grows with | 1x | 4x | 16x | time 4x / 1x | time 16x / 4x |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        for measure in MEASURES:
            points = [measure_point(measure, size, folder) for size in measure.sizes]
            cells = [f"{size:,}: {_cell(point)}" for size, point in zip(measure.sizes, points, strict=True)]
            growth = [points[1].seconds / points[0].seconds, points[2].seconds / points[1].seconds]
            print(f"| {measure.name} | {measure.grows} | {' | '.join(cells)} | {growth[0]:.1f} | {growth[1]:.1f} |",
                  flush=True)  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
