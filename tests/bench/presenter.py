"""Benchmark of delivering an inject: from the controller call to the console and the presenter repainted.

Ours: ``SessionController.deliver_next()`` on a live session of 40 teams (the core's checks,
its events committed to SQLite with synchronous=FULL, the ``changed`` signal), then the
console redrawing its run view (run sheet, team board, the inject's Markdown) and the
presenter building what the room may see, its HTML, fitting the type to the window, then
both windows painted whole and the event loop run dry. Floor: a twin console and
presenter, made the same way on a session of their own that has played the same moves,
given the very HTML the console and the presenter showed (``setHtml``, each document only
if its HTML changed, as the presenter does), then both windows painted whole the same way.

Before each delivery (not timed) all 40 teams answer and the facilitator locks and reveals,
on both sides, so both replace the same documents, tiles included, as in a session. Runs
alternate, so both meet the same noise and neither always meets the other's warm caches;
the injects are every inject of the built-in library, so the narratives have real lengths.
The garbage collector is paused while timing, as timeit does.
"""

from __future__ import annotations

import gc
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from windows import Windows, open_windows, settle

from tabletop.core.events import Source
from tabletop.core.library import ScenarioFile, builtin_files
from tabletop.core.model import Scenario, Stage
from tabletop.gui.console.inject_html import inject_html
from tabletop.gui.controller import SessionController

TEAMS = 40
WARM_UP = 3
PRESENTER = Source.PRESENTER


def bench_scenario() -> ScenarioFile:
    """Every inject of the library in one scenario, each for every team, five injects a stage."""
    injects = [
        replace(inject, id=f"inject-{n}", when=())
        for n, inject in enumerate(inject for source in builtin_files() for inject in source.scenario.injects())
    ]
    stages = tuple(
        Stage(f"stage-{n}", f"Stage {n + 1}", tuple(injects[n * 5 : n * 5 + 5])) for n in range((len(injects) + 4) // 5)
    )
    return ScenarioFile(Scenario("bench", "Benchmark", stages), b"")


Documents = tuple[str, str, str]  # the console's inject, the presenter's main document and its tiles, as HTML


def documents(windows: Windows) -> Documents:
    """What the two windows show now: the inject in the console's focus, and the presenter's two documents."""
    run = windows.console.window.run_view
    exercise = windows.controller.exercise
    assert run is not None
    assert exercise is not None
    inject = run.focus()
    console = inject_html(exercise, exercise.inject(inject)) if inject else ""
    return console, windows.presenter.main.html, windows.presenter.teams.html


class Floor:
    """The twin windows, given documents straight from HTML; like the presenter, only those that changed."""

    def __init__(self, twin: Windows) -> None:
        self.twin = twin
        self.shown: Documents = ("", "", "")

    def show(self, after: Documents) -> None:
        run = self.twin.console.window.run_view
        assert run is not None
        browsers = (run.inject_view, self.twin.presenter.main, self.twin.presenter.teams)
        for browser, html, shown in zip(browsers, after, self.shown, strict=True):
            if html != shown:
                browser.setHtml(html)
        self.shown = after
        self.twin.repaint()


def _play(controller: SessionController) -> None:
    """Every team answers the current inject, then the facilitator locks and reveals (not timed).

    So each delivery also turns 40 revealed tiles back to "waiting", as in a real session.
    """
    exercise = controller.exercise
    assert exercise is not None
    assert exercise.current is not None
    inject = exercise.inject(exercise.current)
    controller.open_voting()
    for number, team in enumerate(exercise.delivery(inject.id).teams):
        option = inject.options[number % len(inject.options)].id if inject.options else None
        controller.record_decision(team, inject.id, option, "" if option else "We would talk first", source=PRESENTER)
    controller.lock_voting()
    controller.reveal()


def _session(folder: Path, name: str) -> Windows:
    """A live session of 40 teams, console and presenter open, the first inject delivered."""
    windows = open_windows(folder, name, bench_scenario(), TEAMS)
    windows.controller.deliver_next()
    settle()
    return windows


def _rehearse(folder: Path) -> list[tuple[Documents, Documents]]:
    """What the windows show before and after each delivery, from an untimed run of the same session.

    The floor needs the HTML before the timed side has made it, so that it can go first in
    every other round (whichever side runs second meets warm caches).
    """
    windows = _session(folder, "rehearsal")
    shown = []
    while windows.controller.exercise is not None and windows.controller.exercise.next_inject():
        _play(windows.controller)
        settle()
        before = documents(windows)
        windows.controller.deliver_next()
        settle()
        shown.append((before, documents(windows)))
    windows.close()
    return shown


def _timed(work: Callable[[], object]) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def _timed_rounds(folder: Path, shown: list[tuple[Documents, Documents]]) -> tuple[list[float], list[float]]:
    ours_side, twin = _session(folder, "timed"), _session(folder, "twin")
    floor_side = Floor(twin)
    controller = ours_side.controller
    ours, floor = [], []
    for round_number, (before, after) in enumerate(shown):
        for side in (ours_side, twin):
            _play(side.controller)
        settle()  # deferred work (deleted documents, timers) happens outside the timing
        assert documents(ours_side) == documents(twin) == before, "the two sides started from different HTML"
        floor_side.shown = before
        if round_number % 2:
            floor.append(_timed(lambda: floor_side.show(after)))  # noqa: B023 - called at once
        ours.append(_timed(lambda: (controller.deliver_next(), ours_side.repaint())))
        if not round_number % 2:
            floor.append(_timed(lambda: floor_side.show(after)))  # noqa: B023 - called at once
        assert documents(ours_side) == after, "the two sides showed different HTML"
        twin.controller.deliver_next()  # the twin's session follows, untimed
        settle()
    ours_side.close()
    twin.close()
    return ours[WARM_UP:], floor[WARM_UP:]


def bench_deliver_inject() -> tuple[float, float]:
    """Median seconds to deliver an inject: controller to both windows repainted (ours), setHtml + repaint (floor)."""
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        shown = _rehearse(folder)
        gc.collect()
        gc.disable()
        try:
            ours, floor = _timed_rounds(folder, shown)
        finally:
            gc.enable()
    return statistics.median(ours), statistics.median(floor)


if __name__ == "__main__":
    ours, floor = bench_deliver_inject()
    print(f"deliver {ours * 1000:.2f} ms, setHtml + repaint {floor * 1000:.2f} ms, ratio {ours / floor:.2f}")
