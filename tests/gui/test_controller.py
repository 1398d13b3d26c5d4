"""The controller: intent methods over a real store, the signals they emit, and what happens when saving fails."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from qt_helpers import sessions_listed

from tabletop.core.events import EventKind
from tabletop.core.exercise import Exercise
from tabletop.core.library import read_file
from tabletop.gui import crash
from tabletop.gui.controller import SessionController
from tabletop.storage import Store, StoreError

TEAMS = [("Red", "#D55E00"), ("Blue", "#0072B2")]


@pytest.fixture
def controller(qtbot: QtBot, tmp_path: Path, valid_file: Path):  # type: ignore[no-untyped-def]
    controller = SessionController(tmp_path / "tabletop.db", tmp_path / "scenarios")
    controller.retry_ms = 20
    assert controller.start()
    yield controller
    controller.shutdown()


def listed(qtbot: QtBot, controller: SessionController) -> list[str]:
    return [summary.name for summary in sessions_listed(qtbot, controller)]


def started(controller: SessionController, valid_file: Path) -> Exercise:
    assert controller.new_session(read_file(valid_file), "Drill", "Ana", TEAMS)
    assert controller.exercise is not None
    return controller.exercise


def test_moves_announce_the_events_they_added(qtbot: QtBot, controller: SessionController, valid_file: Path) -> None:
    exercise = started(controller, valid_file)
    assert [team.color for team in exercise.teams] == ["#D55E00", "#0072B2"]
    with qtbot.waitSignal(controller.changed) as blocker:
        assert controller.deliver_next()
    assert [event.kind for event in blocker.args[0]] == [EventKind.STAGE_STARTED, EventKind.INJECT_DELIVERED]
    with qtbot.waitSignal(controller.changed) as blocker:
        assert controller.record_decision("Red", "ask", "refuse", "Trust", 4, "")
    assert blocker.args[0][0].payload.option == "refuse"
    assert "undo" in controller.available()


def test_a_refused_move_says_why_and_changes_nothing(
    qtbot: QtBot, controller: SessionController, valid_file: Path
) -> None:
    exercise = started(controller, valid_file)
    with qtbot.waitSignal(controller.error_raised) as blocker:
        assert not controller.reveal()
    assert "no inject has been delivered" in blocker.args[0]
    assert len(exercise.log) == 3  # created and two teams


def test_a_setup_the_core_refuses_saves_nothing(qtbot: QtBot, controller: SessionController, valid_file: Path) -> None:
    with qtbot.waitSignal(controller.error_raised) as blocker:
        assert not controller.new_session(read_file(valid_file), "Drill", "", [("Red", "#000000"), ("red", "#111111")])
    assert "already a team called" in blocker.args[0]
    assert controller.exercise is None
    assert listed(qtbot, controller) == []


def test_a_start_the_disk_refuses_half_way_leaves_no_session_behind(
    qtbot: QtBot, controller: SessionController, valid_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sqlite3

    import tabletop.storage.store

    real_row = tabletop.storage.store._row
    rows = iter(range(10**6))

    def filling_row(session_id: str, event: object) -> object:
        if next(rows) == 2:  # the session row and two events are written, then the disk fills
            raise sqlite3.OperationalError("database or disk is full")
        return real_row(session_id, event)  # type: ignore[arg-type]

    monkeypatch.setattr(tabletop.storage.store, "_row", filling_row)
    with qtbot.waitSignal(controller.error_raised) as blocker:
        assert not controller.new_session(read_file(valid_file), "Drill", "Ana", TEAMS)
    assert "could not be started" in blocker.args[0]
    assert "is full" in blocker.args[0]
    assert controller.exercise is None
    assert listed(qtbot, controller) == []  # no half-made session offered for resuming
    monkeypatch.undo()
    assert controller.new_session(read_file(valid_file), "Drill", "Ana", TEAMS)  # with room again, it starts
    assert listed(qtbot, controller) == ["Drill"]


def test_a_move_the_disk_refuses_waits_and_is_saved_on_retry(
    qtbot: QtBot, controller: SessionController, valid_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    exercise = started(controller, valid_file)
    real_append = Store.append
    failures = iter([True, True])

    def flaky_append(self: Store, session_id: str, event: object, after: object) -> None:
        if next(failures, False):
            raise StoreError("cannot write to tabletop.db: the disk is full")
        real_append(self, session_id, event, after)  # type: ignore[arg-type]

    monkeypatch.setattr(Store, "append", flaky_append)
    with qtbot.waitSignal(controller.saving_pending) as blocker:
        assert controller.add_note("kept for later")
    assert "Not saved yet" in blocker.args[0]
    assert "disk is full" in blocker.args[0]
    assert controller.pending_count == 1
    assert controller.available() == frozenset()  # the controls wait until the waiting move is saved
    assert controller.add_note("and this one after it")  # a move made anyway queues behind
    assert controller.pending_count == 2
    with qtbot.waitSignal(controller.saving_recovered, timeout=5000):
        pass
    assert [note.text for note in exercise.notes()] == ["kept for later", "and this one after it"]
    session = exercise.session_id
    monkeypatch.undo()
    db = controller_db(controller, valid_file)
    controller.shutdown()
    with Store(db) as store:
        assert [note.text for note in store.load(session).notes()] == ["kept for later", "and this one after it"]


def controller_db(controller: SessionController, valid_file: Path) -> Path:
    path = controller.store_path
    assert path is not None
    return path


def test_resume_latest_carries_on(qtbot: QtBot, controller: SessionController, valid_file: Path) -> None:
    exercise = started(controller, valid_file)
    controller.deliver_next()
    session = exercise.session_id
    controller.close_session()
    with qtbot.waitSignal(controller.session_opened) as blocker:
        assert controller.resume("latest")
    assert blocker.args[0].session_id == session
    assert blocker.args[0].current == "ask"


HOLD = """
import sys
from tabletop.storage import Store
store = Store(sys.argv[1])
store.claim(sys.argv[2])
print("claimed", flush=True)
sys.stdin.read()
"""


def test_a_session_open_in_another_copy_is_refused_clearly(
    qtbot: QtBot, controller: SessionController, valid_file: Path
) -> None:
    session = started(controller, valid_file).session_id
    controller.close_session()
    db = controller_db(controller, valid_file)
    other = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(db), session], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert other.stdout is not None
        assert other.stdout.readline().strip() == "claimed"
        with qtbot.waitSignal(controller.session_in_use) as blocker:
            assert controller.resume(session)  # it is looked for, then refused
        assert "open in another copy of Tabletop" in blocker.args[0]
        assert controller.exercise is None
    finally:
        other.communicate("", timeout=30)


def test_an_invalid_scenario_file_lists_its_problems_with_lines(
    qtbot: QtBot, controller: SessionController, data_dir: Path
) -> None:
    broken = data_dir / "broken" / "duplicate-option-id.toml"
    with qtbot.waitSignal(controller.library_changed) as blocker:
        assert controller.open_scenario_file(broken) is None
    problems = blocker.args[0].problems
    assert problems
    assert all(problem.file == str(broken) for problem in problems)
    assert any(problem.line for problem in problems)


def test_export_runs_off_the_gui_thread(
    qtbot: QtBot, controller: SessionController, valid_file: Path, tmp_path: Path
) -> None:
    started(controller, valid_file)
    controller.deliver_next()
    controller.record_decision("Blue", "ask", "comply", "Access")
    target = tmp_path / "out.json"
    with (
        qtbot.waitSignal(controller.debriefs.done, timeout=20_000),
        qtbot.waitSignal(controller.debriefs.exported) as blocker,
    ):
        assert controller.export([("json", target)])
    assert blocker.args == ["json", str(target)]
    decisions = json.loads(target.read_text())["teams"][1]["decisions"]
    assert [(d["inject"], d["option"]) for d in decisions] == [("ask", "comply")]


def test_the_debrief_view_reads_through_the_lens_it_shows(
    qtbot: QtBot, controller: SessionController, valid_file: Path, tmp_path: Path
) -> None:
    from tabletop.gui.actions import build_actions
    from tabletop.gui.console.debrief_view import DebriefView
    from tabletop.gui.dialogs.questions import Dialogs

    started(controller, valid_file)
    controller.deliver_next()
    controller.record_decision("Blue", "ask", "comply", "Access")
    view = DebriefView(controller, Dialogs(), build_actions(None))
    qtbot.addWidget(view)
    view.fill_lenses(controller.exercise)
    assert view.lens.itemData(0) == "microsoft-2014"
    assert view.lens.count() == 4
    assert view.framework() is None  # the scenario's own
    view.lens.setCurrentIndex(view.lens.findData("gcsc-2019"))
    assert view.framework() == "gcsc-2019"
    view.refresh_preview()
    assert "Global Commission on the Stability of Cyberspace" in view.preview.toPlainText()
    target = tmp_path / "gcsc.json"
    with qtbot.waitSignal(controller.debriefs.done, timeout=20_000):
        assert controller.export([("json", target)], view.framework())
    assert json.loads(target.read_text())["session"]["framework"] == "gcsc-2019"


def test_the_debrief_views_own_exports_follow_the_short_version_box(
    qtbot: QtBot, controller: SessionController, valid_file: Path, tmp_path: Path
) -> None:
    """Through the view's Export all (the test below calls the controller): names and contents both follow the box."""
    from qt_helpers import ScriptedDialogs

    from tabletop.gui.actions import build_actions
    from tabletop.gui.console.debrief_view import DebriefView

    started(controller, valid_file)
    controller.deliver_next()
    controller.record_decision("Blue", "ask", "comply", "Access")
    dialogs = ScriptedDialogs()
    view = DebriefView(controller, dialogs, build_actions(None))
    qtbot.addWidget(view)
    view.refresh_preview()
    assert "Decision log" in view.preview.toPlainText()
    view.brief.setChecked(True)  # the preview follows at once
    preview = view.preview.toPlainText()
    assert "3. Top findings" in preview
    assert "Decision log" not in preview
    dialogs.folders.append(tmp_path)
    with qtbot.waitSignal(controller.debriefs.done, timeout=60_000):
        view.export_all()
    written = sorted(path.name for path in tmp_path.glob("drill-*"))
    assert written == [f"drill-brief.{f}" for f in ("html", "md", "pdf")] + ["drill-debrief.csv", "drill-debrief.json"]
    page = (tmp_path / "drill-brief.html").read_text()
    assert '<h2 id="top">3. Top findings</h2>' in page
    assert "Decision log" not in page
    assert json.loads((tmp_path / "drill-debrief.json").read_text())["teams"]  # the data stay whole


def test_export_failures_arrive_as_messages(
    qtbot: QtBot, controller: SessionController, valid_file: Path, tmp_path: Path
) -> None:
    started(controller, valid_file)
    with (
        qtbot.waitSignal(controller.debriefs.done, timeout=20_000),
        qtbot.waitSignal(controller.debriefs.failed) as blocker,
    ):
        controller.export([("json", tmp_path / "missing-folder" / "out.json")])
    assert blocker.args[0] == "json"
    assert "cannot write" in blocker.args[1]


def test_preview_falls_back_to_a_summary(
    controller: SessionController, valid_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tabletop.core.errors import TabletopError
    from tabletop.reports import export

    started(controller, valid_file)

    def unavailable(*args: object, **kwargs: object) -> bytes:
        raise TabletopError("the html debrief is not available in this build yet")

    monkeypatch.setattr(export, "render", unavailable)
    preview = controller.debrief_preview()
    assert "not available in this build yet" in preview
    assert "Red" in preview


def test_unexpected_errors_are_logged_and_explained(tmp_path: Path) -> None:
    shown: list[str] = []
    log = tmp_path / "logs" / "tabletop.log"
    try:
        raise RuntimeError("boom")
    except RuntimeError as error:
        crash.handle(RuntimeError, error, error.__traceback__, shown.append, log)
    assert "Every move you made before this is saved" in shown[0]
    assert "Traceback" not in shown[0]
    assert "RuntimeError: boom" in log.read_text()


def test_a_fault_in_the_report_still_leaves_a_preview(
    controller: SessionController, valid_file: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from tabletop.reports import export

    started(controller, valid_file)

    def broken(*args: object, **kwargs: object) -> bytes:
        raise KeyError("option_label")

    monkeypatch.setattr(export, "render", broken)
    preview = controller.debrief_preview()
    assert "could not be rendered (KeyError" in preview
    assert "Red" in preview
    assert "rendering the debrief preview failed" in caplog.text


def test_a_database_that_cannot_be_opened_is_reported(qtbot: QtBot, tmp_path: Path) -> None:
    blocker_file = tmp_path / "not-a-folder"
    blocker_file.write_text("")
    controller = SessionController(blocker_file / "tabletop.db", tmp_path)
    with qtbot.waitSignal(controller.store_failed) as blocker:
        assert not controller.start()
    assert "nothing can be saved" in blocker.args[0]
    assert controller.library is not None  # the library still loads
    with qtbot.waitSignal(controller.error_raised):
        assert not controller.resume("latest")


def test_a_waiting_move_the_core_then_refuses_is_dropped_with_a_reason(
    qtbot: QtBot, controller: SessionController, valid_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    started(controller, valid_file)
    real_append = Store.append
    failures = iter([True])

    def flaky_append(self: Store, session_id: str, event: object, after: object) -> None:
        if next(failures, False):
            raise StoreError("database is busy")
        real_append(self, session_id, event, after)  # type: ignore[arg-type]

    monkeypatch.setattr(Store, "append", flaky_append)
    assert controller.add_note("first")
    assert controller.reveal()  # queued: whether it is legal is only known when its turn comes
    with qtbot.waitSignal(controller.error_raised) as refused, qtbot.waitSignal(controller.saving_recovered):
        pass
    assert "A waiting move could not be made (reveal the result)" in refused.args[0]
    assert controller.pending_count == 0


def test_the_debrief_view_gives_the_brief_when_asked(
    qtbot: QtBot, controller: SessionController, valid_file: Path, tmp_path: Path
) -> None:
    from tabletop.gui.actions import build_actions
    from tabletop.gui.console.debrief_view import DebriefView
    from tabletop.gui.dialogs.questions import Dialogs

    started(controller, valid_file)
    controller.deliver_next()
    controller.record_decision("Blue", "ask", "comply", "Access")
    view = DebriefView(controller, Dialogs(), build_actions(None))
    qtbot.addWidget(view)
    view.fill_lenses(controller.exercise)
    view.refresh_preview()
    assert "Appendix: method and decision log" in view.preview.toPlainText()
    view.brief.setChecked(True)  # the preview follows at once
    assert "Top findings" in view.preview.toPlainText()
    assert "Appendix: method and decision log" not in view.preview.toPlainText()
    target = tmp_path / "brief.md"
    with qtbot.waitSignal(controller.debriefs.done, timeout=20_000):
        assert controller.export([("md", target)], view.framework(), view.brief.isChecked())
    assert "Top findings" in target.read_text()
    assert "Appendix: method" not in target.read_text()
