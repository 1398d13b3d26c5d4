"""Benchmarks: each prints one JSON line, ours against a floor measured in the same run.

Run from the source tree with the project installed: ``python tests/bench/run.py [NAME...]``.
``--check`` exits 1 when a ratio stays over its target after three attempts.

Each benchmark runs in a process of its own, so ``peak_mb`` is that benchmark's own peak:
the process's maximum resident set size (``resource.getrusage``), which counts what Qt and
SQLite allocate as well as Python's objects (tracemalloc would see Python's alone).
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from engine import bench_record_decision, bench_resume

Result = tuple[float, float]
BENCHMARKS: dict[str, tuple[Callable[[], Result], float]] = {
    "record_decision": (bench_record_decision, 1.5),
    "resume": (bench_resume, 1.5),
}


def _extend() -> None:
    """Benchmarks of the reports and the GUI, each in its own module beside this one."""
    here = Path(__file__).parent
    if (here / "reports.py").exists():
        from reports import bench_debrief_html, bench_debrief_pdf, bench_debrief_scaling

        BENCHMARKS["debrief_html"] = (bench_debrief_html, 2.5)
        BENCHMARKS["debrief_scaling"] = (bench_debrief_scaling, 4.4)
        BENCHMARKS["debrief_pdf"] = (bench_debrief_pdf, 1.5)
    if (here / "gui.py").exists():
        from gui import bench_cold_start

        BENCHMARKS["cold_start"] = (bench_cold_start, 2.0)
    if (here / "console.py").exists():
        from console import bench_console_decision_200

        BENCHMARKS["console_decision_200"] = (bench_console_decision_200, 2.0)
    if (here / "presenter.py").exists():
        from presenter import bench_deliver_inject

        BENCHMARKS["deliver_inject"] = (bench_deliver_inject, 1.5)
    if (here / "room.py").exists():
        from room import bench_room_vote

        BENCHMARKS["room_vote"] = (bench_room_vote, 2.0)


def main() -> int:
    _extend()
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("names", nargs="*", choices=[[], *BENCHMARKS], metavar="NAME")
    parser.add_argument("--check", action="store_true", help="exit 1 if a ratio is over target")
    parser.add_argument("--one", metavar="NAME", help=argparse.SUPPRESS)  # run one here and print its line
    args = parser.parse_args()
    if args.one:
        print(json.dumps(_run(args.one, args.check)), flush=True)
        return 0
    failed = False
    for name in args.names or list(BENCHMARKS):
        command = [sys.executable, __file__, "--one", name, *(["--check"] if args.check else [])]
        result = subprocess.run(command, stdout=subprocess.PIPE, text=True, check=False)  # stderr passes through
        if result.returncode != 0:
            return 1
        line = result.stdout.strip().splitlines()[-1]
        print(line, flush=True)
        found = json.loads(line)
        failed |= found["ratio"] > found["target"]
    return 1 if failed and args.check else 0


def _run(name: str, check: bool) -> dict[str, object]:
    function, target = BENCHMARKS[name]
    for _attempt in range(3 if check else 1):
        ours, floor = function()
        ratio = ours / floor
        if ratio <= target:
            break
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux
    return {"name": name, "ours": round(ours, 6), "floor": round(floor, 6), "ratio": round(ratio, 3),
            "target": target, "peak_mb": round(peak)}  # fmt: skip


if __name__ == "__main__":
    raise SystemExit(main())
