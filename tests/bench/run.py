"""Benchmarks: each prints one JSON line, ours against a floor measured in the same run.

Run from the source tree with the project installed: ``python tests/bench/run.py [NAME...]``.
``--check`` exits 1 when a ratio stays over its target after three attempts.
"""

from __future__ import annotations

import argparse
import json
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
        from reports import bench_debrief_html, bench_debrief_scaling

        BENCHMARKS["debrief_html"] = (bench_debrief_html, 3.0)
        BENCHMARKS["debrief_scaling"] = (bench_debrief_scaling, 4.4)
    if (here / "gui.py").exists():
        from gui import bench_cold_start

        BENCHMARKS["cold_start"] = (bench_cold_start, 1.3)
    if (here / "presenter.py").exists():
        from presenter import bench_deliver_inject

        BENCHMARKS["deliver_inject"] = (bench_deliver_inject, 2.0)


def main() -> int:
    _extend()
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("names", nargs="*", choices=[[], *BENCHMARKS], metavar="NAME")
    parser.add_argument("--check", action="store_true", help="exit 1 if a ratio is over target")
    args = parser.parse_args()
    failed = False
    for name in args.names or list(BENCHMARKS):
        function, target = BENCHMARKS[name]
        for _attempt in range(3 if args.check else 1):
            ours, floor = function()
            ratio = ours / floor
            if ratio <= target:
                break
        line = {"name": name, "ours": round(ours, 6), "floor": round(floor, 6), "ratio": round(ratio, 3),
                "target": target}  # fmt: skip
        print(json.dumps(line), flush=True)
        failed |= ratio > target
    return 1 if failed and args.check else 0


if __name__ == "__main__":
    raise SystemExit(main())
