"""Two processes on one database: the second waits or gets a clear message; nothing is corrupted."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tabletop.storage import Store

ROOT = Path(__file__).parent.parent
RECORDER = Path(__file__).parent / "helpers" / "recorder.py"
SCENARIO = str(ROOT / "scenarios" / "first-call.toml")


def test_a_second_process_writes_beside_a_live_session_and_cannot_take_it_over(tmp_path: Path) -> None:
    db = tmp_path / "shared.db"
    live = subprocess.Popen([sys.executable, str(RECORDER), str(db), SCENARIO, "1"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)  # fmt: skip
    assert live.stdout is not None
    try:
        assert live.stdout.readline().startswith("ready")
        for _ in range(20):
            live.stdout.readline()
        decisions = tmp_path / "d.csv"
        decisions.write_text("team,inject,option,rationale\nRed,router-flaw,disclose,Tell them\n")
        env = {**os.environ, "TABLETOP_DB": str(db)}
        other = subprocess.run([sys.executable, "-m", "tabletop", "run", "first-call", "--teams", "Red",
                                "--decisions", str(decisions)], capture_output=True, text=True, env=env,
                               timeout=120)  # fmt: skip
        assert other.returncode == 0, other.stderr
        takeover = subprocess.run(
            [sys.executable, "-c", "from tabletop.storage import Store\nimport sys\n"
             f"s = Store({str(db)!r})\ntry:\n    s.load('crash', live=True)\n"
             "except Exception as e:\n    print(type(e).__name__, e); sys.exit(1)"],
            capture_output=True, text=True, timeout=60)  # fmt: skip
        assert takeover.returncode == 1
        assert takeover.stdout.startswith("SessionInUse session crash is open in another copy of Tabletop")
        for _ in range(20):
            assert live.stdout.readline().startswith("ack")  # the live session kept recording throughout
    finally:
        live.kill()
        live.wait(timeout=30)
        live.stdout.close()
        if live.stderr:
            live.stderr.close()
    with Store(db) as store:
        assert store.integrity() == "ok"
        assert len(store.sessions()) == 2
        store.load("crash", live=True)  # the recorder is gone, so its lease is taken over
