"""Benchmark of the sessions list over an archive of 10,000 sessions, against a raw SELECT of its rows."""

from __future__ import annotations

import sqlite3
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from reports import played, synthetic_scenario
from tabletop.core import codec
from tabletop.storage import Store

SESSIONS = 10_000
LISTING = """SELECT id, name, scenario_id, created_at, ended_at, decisions FROM sessions
             ORDER BY created_at DESC, rowid DESC"""


def build_archive(path: Path, sessions: int = SESSIONS, teams: int = 4, injects: int = 10) -> int:
    """An archive of ``sessions`` sessions of ``teams`` x ``injects``, each played through (pauses, revisions,
    notes); returns the number of events written.

    One session is played and saved by the store; the others are copies of its rows under new
    ids, written in one transaction (playing 10,000 sessions one by one would take minutes).
    """
    source = synthetic_scenario(injects)
    exercise = played(teams, injects)
    with Store(path) as store:
        store.save(exercise, source)
    conn = sqlite3.connect(path, isolation_level=None)
    columns = "id, name, scenario_id, scenario_source, scenario_hash, scenario_origin, created_at, ended_at, decisions"
    first = conn.execute(f"SELECT {columns} FROM sessions WHERE id = 'bench'").fetchone()
    events = [(e.seq, e.kind.value, e.at, codec.encode(e.payload)) for e in exercise.log]
    created = events[0][3]
    conn.execute("BEGIN")
    conn.executemany(
        f"INSERT INTO sessions ({columns}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (_copy_of(first, number) for number in range(1, sessions)),
    )
    conn.executemany(
        "INSERT INTO events (session_id, seq, kind, at, data) VALUES (?, ?, ?, ?, ?)",
        _events_of_copies(events, created, sessions),
    )
    conn.execute("COMMIT")
    conn.close()
    return len(events) * sessions


def _copy_of(first: tuple[object, ...], number: int) -> tuple[object, ...]:
    _, name, *rest = first
    started = f"2025-{1 + number % 12:02d}-{1 + number % 28:02d}T{number % 24:02d}:{number % 60:02d}:00.000+00:00"
    return (f"s{number:05d}", f"{name} {number}", rest[0], rest[1], rest[2], rest[3], started, rest[5], rest[6])


def _events_of_copies(
    events: list[tuple[int, str, str, str]], created: str, sessions: int
) -> Iterator[tuple[str, int, str, str, str]]:
    for number in range(1, sessions):
        session = f"s{number:05d}"
        renamed = created.replace('"session":"bench"', f'"session":"{session}"')
        for seq, kind, at, data in events:
            yield session, seq, kind, at, renamed if seq == events[0][0] else data


def bench_sessions_10k(sessions: int = SESSIONS, repeats: int = 9) -> tuple[float, float]:
    """Best time of the console's sessions list (``Store.sessions``, summaries ready to show) over the
    archive, vs a raw sqlite3 SELECT of the same columns of the same rows, in the same order."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "archive.db"
        build_archive(path, sessions)
        store = Store(path, readonly=True)
        raw = sqlite3.connect(path)
        ours = floor = float("inf")
        for _ in range(repeats):  # interleaved: both meet the same page cache and the same noise
            ours = min(ours, _timed(lambda: _check(store.sessions(), sessions)))
            floor = min(floor, _timed(lambda: _check(raw.execute(LISTING).fetchall(), sessions)))
        store.close()
        raw.close()
    return ours, floor


def _check(rows: list[object], sessions: int) -> None:
    assert len(rows) == sessions


def _timed(work: Callable[[], None]) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start
