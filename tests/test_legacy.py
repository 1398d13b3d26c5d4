"""A database written by round 1's code (tests/data/legacy) opens, replays and says what it said then."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

from tabletop.reports.export import render
from tabletop.storage import Store

LEGACY = Path(__file__).parent / "data" / "legacy"


def contained(old: Any, new: Any, where: str = "") -> list[str]:
    """Where ``new`` differs from ``old`` in what ``old`` says; keys only ``new`` has are additions, allowed."""
    if isinstance(old, dict) and isinstance(new, dict):
        return [p for key, value in old.items() for p in contained(value, new.get(key, _MISSING), f"{where}.{key}")]
    if isinstance(old, list) and isinstance(new, list) and len(old) == len(new):
        return [p for i, (a, b) in enumerate(zip(old, new, strict=True)) for p in contained(a, b, f"{where}[{i}]")]
    return [] if old == new else [f"{where}: {old!r} became {new!r}"]


_MISSING = object()


def copied(tmp_path: Path) -> Path:
    target = tmp_path / "round1.db"
    shutil.copy(LEGACY / "round1.db", target)
    return target


def test_the_round_one_database_replays_to_the_same_debrief(tmp_path: Path) -> None:
    with Store(copied(tmp_path)) as store:
        exercise = store.load(store.resolve("latest"))
    old = json.loads((LEGACY / "round1.json").read_text())
    new = json.loads(render(exercise, "json"))
    assert contained(old, new) == []
    assert len(new["log"]) == 117


def test_the_checker_sees_a_changed_value() -> None:
    assert contained({"a": [1, {"b": 2}]}, {"a": [1, {"b": 3}], "c": 0}) == [".a[1].b: 2 became 3"]
    assert contained({"a": 1}, {}) != []


def test_the_sessions_list_of_an_old_database_counts_what_stands(tmp_path: Path) -> None:
    db = copied(tmp_path)
    listed = subprocess.run(
        [sys.executable, "-m", "tabletop", "sessions", "--db", str(db)], capture_output=True, text=True, check=True
    ).stdout.split("\t")
    old = json.loads((LEGACY / "round1.json").read_text())
    standing = sum(len(team["decisions"]) for team in old["teams"])
    assert listed[0] == old["session"]["id"]
    assert listed[4] == old["session"]["ended_at"]
    assert int(listed[5]) == standing == 36
