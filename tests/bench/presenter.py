"""Benchmark of the presenter: delivering an inject, from the controller call to the presenter repainted.

Ours: ``SessionController.deliver_next()`` on a live session of 40 teams (the core's checks,
its events committed to SQLite with synchronous=FULL, the ``changed`` signal), then the
presenter building what the room may see, its HTML, fitting the type to the window, and the
whole 1920x1080 window painted (``grab()``: it paints every child, where ``repaint()`` may
leave a child that has not asked to be painted yet for later). Floor: a bare window of the
same size with two QTextBrowsers where the presenter has its documents, configured as the
presenter's are (no frame, no text cursor, no scroll bars: those cost a second layout),
given the very HTML the presenter showed (``setHtml``), then ``grab()``.

Before each delivery (not timed) all 40 teams answer and the facilitator locks and reveals,
and both sides show the same revealed documents, so both replace the same documents, tiles
included, as in a session. Runs alternate, so both meet the same noise and neither always
meets the other's warm caches; the injects are every inject of the built-in library, so the
narratives have real lengths. The garbage collector is paused while timing, as timeit does.
"""

from __future__ import annotations

import gc
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QApplication, QFrame, QTextBrowser, QWidget

from tabletop.core.events import Source
from tabletop.core.library import ScenarioFile, builtin_files
from tabletop.core.model import Scenario, Stage
from tabletop.gui.controller import SessionController
from tabletop.gui.presenter.window import PresenterWindow

TEAMS = 40
SIZE = (1920, 1080)
WARM_UP = 3
PRESENTER = Source.PRESENTER
COLOURS = ("#0072B2", "#D55E00", "#009E73", "#E69F00", "#CC79A7", "#56B4E9", "#F0E442", "#000000")


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


class BareScreen(QWidget):
    """The floor: browsers where the presenter has its two documents, and nothing else.

    Like the presenter, it sets a document only when its HTML changed, so the floor does no
    work the presenter skips.
    """

    def __init__(self, presenter: PresenterWindow) -> None:
        super().__init__()
        self.main = _bare(self, presenter.main.geometry())
        self.teams = _bare(self, presenter.teams.geometry())
        self.resize(presenter.size())
        self.shown = ("", "")

    def show_html(self, main: str, teams: str) -> None:
        if main != self.shown[0]:
            self.main.setHtml(main)
        if teams != self.shown[1]:
            self.teams.setHtml(teams)
        self.shown = (main, teams)
        self.grab()


def _bare(parent: QWidget, geometry: QRect) -> QTextBrowser:
    browser = QTextBrowser(parent)
    browser.setFrameShape(QFrame.Shape.NoFrame)
    browser.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)  # as the presenter's: no cursor to keep
    browser.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    for policy in (browser.setVerticalScrollBarPolicy, browser.setHorizontalScrollBarPolicy):
        policy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # one layout: "as needed" lays a document out twice
    browser.setGeometry(geometry)
    return browser


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


def _session(folder: Path, name: str) -> tuple[SessionController, PresenterWindow]:
    """A live session of 40 teams with its presenter open at 1920x1080 and the first inject delivered."""
    controller = SessionController(folder / f"{name}.db", folder / "scenarios")
    controller.start()
    teams = [(f"Team {n + 1}", COLOURS[n % len(COLOURS)]) for n in range(TEAMS)]
    assert controller.new_session(bench_scenario(), name, "", teams)
    presenter = PresenterWindow(controller)
    presenter.resize(*SIZE)
    presenter.show()
    controller.deliver_next()
    QApplication.processEvents()
    return controller, presenter


Documents = tuple[str, str]  # the presenter's main document and its tiles, as HTML


def _rehearse(folder: Path) -> list[tuple[Documents, Documents]]:
    """What the presenter shows before and after each delivery, from an untimed run of the same session.

    The floor needs the HTML before the timed presenter has made it, so that it can go first
    in every other round (whichever side runs second meets warm caches); and it starts each
    round from the same documents as the presenter (the revealed inject), so both replace
    the same documents.
    """
    controller, presenter = _session(folder, "rehearsal")
    shown = []
    while controller.exercise is not None and controller.exercise.next_inject():
        _play(controller)
        QApplication.processEvents()
        before = (presenter.main.html, presenter.teams.html)
        controller.deliver_next()
        QApplication.processEvents()
        shown.append((before, (presenter.main.html, presenter.teams.html)))
    presenter.close()
    controller.shutdown()
    return shown


def _timed(work: Callable[[], object]) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def _timed_rounds(folder: Path, shown: list[tuple[Documents, Documents]]) -> tuple[list[float], list[float]]:
    controller, presenter = _session(folder, "timed")
    bare = BareScreen(presenter)
    bare.show()
    ours, floor = [], []
    for round_number, (before, after) in enumerate(shown):
        _play(controller)
        bare.show_html(*before)
        QApplication.processEvents()  # deferred work (deleted documents, timers) happens outside the timing
        assert (presenter.main.html, presenter.teams.html) == before, "the two sides started from different HTML"
        if round_number % 2:
            floor.append(_timed(lambda: bare.show_html(*after)))  # noqa: B023 - called at once
        ours.append(_timed(lambda: (controller.deliver_next(), presenter.grab())))
        if not round_number % 2:
            floor.append(_timed(lambda: bare.show_html(*after)))  # noqa: B023 - called at once
        assert (presenter.main.html, presenter.teams.html) == after, "the two sides showed different HTML"
        QApplication.processEvents()
    bare.close()
    presenter.close()
    controller.shutdown()
    return ours[WARM_UP:], floor[WARM_UP:]


def bench_deliver_inject() -> tuple[float, float]:
    """Median seconds to deliver an inject: controller to presenter repainted (ours), bare setHtml + repaint."""
    app = QApplication.instance() or QApplication([])
    assert app is not None
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
    print(f"presenter {ours * 1000:.2f} ms, bare setHtml {floor * 1000:.2f} ms, ratio {ours / floor:.2f}")
