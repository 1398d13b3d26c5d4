"""Killed at any point (SIGKILL), a session loses nothing it acknowledged and resumes as it was."""

from __future__ import annotations

import os
import random
import subprocess
import sys
import time
from pathlib import Path

import pytest

import tabletop
from helpers.recorder import digest
from tabletop.core.exercise import Exercise
from tabletop.storage import Store

RECORDER = Path(__file__).parent / "helpers" / "recorder.py"
SCENARIO = str(Path(__file__).parent.parent / "scenarios" / "first-call.toml")
SOURCE = str(Path(tabletop.__file__).parent.parent)  # the recorder runs the same code as this test


def kill_loop(db: Path, kills: int, seed: int) -> dict[str, int]:
    """Start, kill and check the recorder ``kills`` times; returns a tally."""
    rng = random.Random(seed)
    tally = {"kills": 0, "acknowledged_moves_checked": 0, "moves_saved_after_the_last_read_ack": 0, "events_at_end": 0}
    for round_ in range(kills):
        process = subprocess.Popen(
            [sys.executable, str(RECORDER), str(db), SCENARIO, str(seed * 1000 + round_)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env={**os.environ, "PYTHONPATH": SOURCE},
        )  # fmt: skip
        assert process.stdout is not None
        ready = process.stdout.readline().split()
        assert ready, process.stderr.read() if process.stderr else ""
        assert ready[0] == "ready"
        last = (int(ready[1]), ready[2])
        for _ in range(rng.randint(0, 25)):
            words = process.stdout.readline().split()
            last = (int(words[1]), words[2])
            tally["acknowledged_moves_checked"] += 1
        time.sleep(rng.uniform(0, 0.004))  # land the kill anywhere, mid-commit included
        process.kill()
        process.wait(timeout=30)
        process.stdout.close()
        if process.stderr:
            process.stderr.close()
        tally["kills"] += 1
        check_after_kill(db, *last, tally)
    return tally


def check_after_kill(db: Path, acked_events: int, acked_digest: str, tally: dict[str, int]) -> None:
    with Store(db) as store:
        assert store.integrity() == "ok"
        resumed = store.load("crash")
        scenario = store.scenario_of("crash").scenario
    assert len(resumed.log) >= acked_events, "an acknowledged move was lost"
    acknowledged = Exercise.replay(scenario, resumed.log[:acked_events])
    assert digest(acknowledged) == acked_digest, "the log does not replay to the acknowledged state"
    tally["events_at_end"] = len(resumed.log)
    tally["moves_saved_after_the_last_read_ack"] += len(resumed.log) - acked_events


def test_sigkill_at_random_points_loses_no_acknowledged_move(tmp_path: Path) -> None:
    tally = kill_loop(tmp_path / "crash.db", kills=22, seed=7)
    assert tally["kills"] == 22
    assert tally["acknowledged_moves_checked"] > 22


@pytest.mark.slow
def test_sigkill_stress_hundred_and_more_kills(tmp_path: Path) -> None:
    kills = int(os.environ.get("TABLETOP_KILLS", "120"))
    tally = kill_loop(tmp_path / "stress.db", kills=kills, seed=2026)
    print(f"\ncrash stress: {tally}")
    assert tally["kills"] == kills
