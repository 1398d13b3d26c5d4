"""Benchmarks of the engine and the store: recording a decision, resuming a long session."""

from __future__ import annotations

import json
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path

from sqlite_utils import Database

from tabletop.core.exercise import Exercise
from tabletop.core.library import resolve
from tabletop.storage import Store

SAMPLES = 600


def _pragmas(conn: sqlite3.Connection) -> None:
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")


def _p99(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=100)[98]


def bench_record_decision() -> tuple[float, float]:
    """p99 of one decision through engine + store, vs a raw sqlite-utils insert + commit."""
    with tempfile.TemporaryDirectory() as folder:
        store = Store(Path(folder) / "ours.db")
        source = resolve("first-call")
        exercise = Exercise.create(source.scenario, session_id="bench", name="Bench", teams=["Red", "Blue"])
        store.adopt(exercise, source)
        exercise.deliver()
        exercise.open_voting()
        raw = Database(Path(folder) / "floor.db", execute_plugins=False)
        _pragmas(raw.conn)
        table = raw.table("events")
        table.insert({"session_id": "x", "seq": 0, "kind": "k", "at": "t", "data": "{}"}, pk=("session_id", "seq"))
        ours, floor = [], []
        options = ("disclose", "hold-review")
        for i in range(SAMPLES):  # interleaved, so both sides meet the same noise
            start = time.perf_counter()
            exercise.decide("Red", "router-flaw", options[i % 2], rationale=f"reason {i}", confidence=3)
            ours.append(time.perf_counter() - start)
            record = {"team": "Red", "inject": "router-flaw", "option": options[i % 2], "rationale": f"reason {i}"}
            start = time.perf_counter()
            table.insert({"session_id": "x", "seq": i + 1, "kind": "decision", "at": "t", "data": json.dumps(record)})
            floor.append(time.perf_counter() - start)
        store.close()
        raw.close()
    return _p99(ours), _p99(floor)


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


def bench_resume() -> tuple[float, float]:
    """Median time to load and replay a 50,000-event session, vs reading and decoding its rows."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "long.db"
        session = build_long_session(path)
        ours, floor = [], []
        for _ in range(7):
            store = Store(path)
            start = time.perf_counter()
            exercise = store.load(session)
            ours.append(time.perf_counter() - start)
            store.close()
            assert len(exercise.log) >= 50_000
            conn = sqlite3.connect(path)
            start = time.perf_counter()
            rows = conn.execute(
                "SELECT seq, kind, at, data FROM events WHERE session_id = ? ORDER BY seq", (session,)
            ).fetchall()
            decoded = [(seq, kind, at, json.loads(data)) for seq, kind, at, data in rows]
            floor.append(time.perf_counter() - start)
            conn.close()
            assert len(decoded) == len(exercise.log)
    return statistics.median(ours), statistics.median(floor)
