"""Benchmarks of the engine and the store: recording a decision, resuming a long session."""

from __future__ import annotations

import gc
import json
import multiprocessing
import resource
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from tabletop.core import codec
from tabletop.core.exercise import Exercise
from tabletop.core.library import resolve
from tabletop.storage import Store

SAMPLES = 5000  # the p99 of 5,000 is the 50th slowest: one slow fsync on a shared disk does not decide it


def _pragmas(conn: sqlite3.Connection) -> None:
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")


def _p99(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=100)[98]


def bench_record_decision() -> tuple[float, float]:
    """p99 of one decision through engine + durable store, vs a raw sqlite3 INSERT + COMMIT.

    The floor writes the same row (the decision as ours stored it) into a table of the same
    shape, on a connection with the same pragmas (WAL, synchronous=FULL): the least a durable
    write costs. Both sides commit on the same disk, alternately, so they meet the same noise.
    """
    with tempfile.TemporaryDirectory() as folder:
        store = Store(Path(folder) / "ours.db")
        source = resolve("first-call")
        exercise = Exercise.create(source.scenario, session_id="bench", name="Bench", teams=["Red", "Blue"])
        store.adopt(exercise, source)
        exercise.deliver()
        exercise.open_voting()
        raw = sqlite3.connect(Path(folder) / "floor.db", isolation_level=None)
        _pragmas(raw)
        raw.execute(
            "CREATE TABLE events (session_id TEXT, seq INTEGER, kind TEXT, at TEXT, data TEXT,"
            " PRIMARY KEY (session_id, seq))"
        )
        ours, floor = [], []
        options = ("disclose", "hold-review")
        insert = "INSERT INTO events (session_id, seq, kind, at, data) VALUES (?, ?, ?, ?, ?)"

        def decide(i: int) -> None:
            start = time.perf_counter()
            exercise.decide("Red", "router-flaw", options[i % 2], rationale=f"reason {i}", confidence=3)
            ours.append(time.perf_counter() - start)

        def insert_raw(i: int) -> None:
            event = exercise.log[-1]  # the row ours wrote last: the same bytes, the same pages
            row = ("bench", i, event.kind.value, event.at, codec.encode(event.payload))
            start = time.perf_counter()
            raw.execute("BEGIN")
            raw.execute(insert, row)
            raw.execute("COMMIT")
            floor.append(time.perf_counter() - start)

        decide(0)
        for i in range(1, SAMPLES + 1):  # interleaved, each side first in turn: both meet the same noise
            first, second = (decide, insert_raw) if i % 2 else (insert_raw, decide)
            first(i)
            second(i)
        store.close()
        raw.close()
    return _p99(ours[1:]), _p99(floor)


def build_long_session(path: Path, events: int = 50_000) -> str:
    """A session of about ``events`` events: every inject delivered, then decisions revised."""
    source = resolve("first-call")
    teams = [f"Team {i}" for i in range(12)]
    exercise = Exercise.create(source.scenario, session_id="long", name="Long", teams=teams)
    while exercise.next_inject():
        exercise.deliver()
        exercise.open_voting()
        exercise.lock_voting()
    injects = [i for i in exercise.scenario.injects() if i.options and exercise.is_delivered(i.id)]
    n = 0
    while len(exercise.log) < events:
        inject = injects[n % len(injects)]
        team = exercise.delivery(inject.id).teams[n % len(exercise.delivery(inject.id).teams)]
        option = inject.options[(n // 7) % len(inject.options)].id
        exercise.decide(team, inject.id, option, rationale=f"round {n}", confidence=1 + n % 5, dissent="")
        n += 1
    with Store(path) as store:
        store.save(exercise, source)
    return "long"


RESUME_EVENTS = 500_000


def bench_resume(events: int = RESUME_EVENTS, repeats: int = 3) -> tuple[float, float, float]:
    """Median time to load a long session to a ready exercise, vs reading and decoding its rows; ours' peak MB.

    The session is written by a child process and ours runs before the floor, so the peak
    memory reported is the load's own. Both sides run with the cyclic collector paused, as
    the store pauses it while it loads: the floor is the least work, not the collector's.
    """
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "long.db"
        writer = multiprocessing.get_context("fork").Process(target=build_long_session, args=(path, events))
        writer.start()
        writer.join()
        assert writer.exitcode == 0, "the long session could not be written"
        ours = [_timed(lambda: _load(path, events)) for _ in range(repeats)]
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        floor = [_timed(lambda: _raw_read(path, events)) for _ in range(repeats)]
    return statistics.median(ours), statistics.median(floor), peak


def _load(path: Path, events: int) -> None:
    with Store(path) as store:
        exercise = store.load("long")
    assert len(exercise.log) >= events


def _raw_read(path: Path, events: int) -> None:
    conn = sqlite3.connect(path)
    rows = conn.execute("SELECT seq, kind, at, data FROM events WHERE session_id = ? ORDER BY seq", ("long",))
    decoded = [(seq, kind, at, json.loads(data)) for seq, kind, at, data in rows]
    conn.close()
    assert len(decoded) >= events


def _timed(work: Callable[[], None]) -> float:
    """Wall time of one run with the cyclic collector paused; what it would have collected is freed after."""
    gc.collect()
    gc.disable()
    try:
        start = time.perf_counter()
        work()
        return time.perf_counter() - start
    finally:
        gc.enable()
