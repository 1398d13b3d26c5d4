"""The one bridge between the core and the windows: intent methods in, signals out.

Windows never touch the store or change the exercise themselves. They call an intent
method here and redraw when ``changed`` carries the events the move added; any second
window (the presenter) subscribes to the same signals. Heavy modules (the store and its
sqlite-utils, the reports) are imported on first use, after the window has painted.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Signal

from tabletop.core.errors import TabletopError
from tabletop.gui.debriefs import Debriefs
from tabletop.gui.move_queue import Move, MoveRunner, Run
from tabletop.gui.session_database import SessionDatabase
from tabletop.gui.store_reader import StoreReader

if TYPE_CHECKING:
    from datetime import datetime

    from tabletop.core.events import AdhocOption, Event, Source
    from tabletop.core.exercise import Exercise
    from tabletop.core.library import ScenarioFile
    from tabletop.gui.console.library import Library, LibraryEntry
    from tabletop.gui.resuming import Resuming
    from tabletop.storage import SessionSummary

TICK_MS = 1000


class SessionController(QObject):
    """Owns the live exercise and the store; every change is announced by a signal."""

    changed = Signal(object)  # list[Event] the move added; the exercise is already updated
    session_opening = Signal()  # a session is about to open: whatever shows it must be built by now
    session_opened = Signal(object)  # the live Exercise
    session_closed = Signal()
    library_changed = Signal(object)  # Library
    sessions_changed = Signal(object)  # list[SessionSummary], newest first
    store_failed = Signal(str)  # the database cannot be opened: nothing can be saved
    error_raised = Signal(str)
    session_in_use = Signal(str)
    reading = Signal(str)  # what is being read off the GUI thread (the sessions, a session); empty when done
    saving_pending = Signal(str)
    saving_recovered = Signal()
    ticked = Signal()

    def __init__(
        self,
        db_path: Path | None = None,
        scenario_folder: Path | None = None,
        clock: Callable[[], datetime] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._scenario_folder = scenario_folder
        self._clock = clock
        self._database = SessionDatabase(db_path, self.store_failed.emit)
        self._exercise: Exercise | None = None
        self._library: Library | None = None
        self._resuming: Resuming | None = None  # the resume under way; a later one, or a new session, drops it
        self.reader = StoreReader(self)  # listing and loading, on a thread of their own
        self.reader.busy_changed.connect(self.reading)
        self.moves = MoveRunner(self)  # its timer sets how often a move the database refused is tried again
        self.moves.applied.connect(self.changed)
        self.moves.refused.connect(self.error_raised)
        self.moves.held.connect(self.saving_pending)
        self.moves.recovered.connect(self.saving_recovered)
        self._tick = QTimer(self, interval=TICK_MS)
        self._tick.timeout.connect(self.ticked)
        self.debriefs = Debriefs(self)

    # -- what the windows read -----------------------------------------------------------

    @property
    def exercise(self) -> Exercise | None:
        return self._exercise

    @property
    def library(self) -> Library | None:
        return self._library

    @property
    def store_path(self) -> Path | None:
        return self._database.path

    @property
    def pending_count(self) -> int:
        return len(self.moves)

    @property
    def scenario_folder(self) -> Path:
        from tabletop.gui.console.library import user_folder

        return self._scenario_folder or user_folder()

    def available(self) -> frozenset[str]:
        """Controls the core would accept now; nothing while a move waits to be saved."""
        from tabletop.gui.availability import available

        return frozenset() if len(self.moves) else available(self._exercise)

    # -- start-up, library and sessions -------------------------------------------------

    def start(self) -> bool:
        """Open the database (its sessions are listed off the GUI thread) and read the library meanwhile."""
        opened = self.open_store()
        self.load_library()
        return opened

    def open_store(self) -> bool:
        if not self._database.open() or self._database.path is None:
            return False
        self.reader.open(self._database.path)
        self.refresh_sessions()
        return True

    def load_library(self) -> None:
        from tabletop.gui.console.library import cache_file, load_library

        self._library = load_library(self.scenario_folder, cache_file())
        self.library_changed.emit(self._library)

    def open_scenario_file(self, path: Path) -> LibraryEntry | None:
        """Add a file to the library; if it fails validation its problems are listed instead."""
        from tabletop.gui.console.library import Library

        self._library, entry = (self._library or Library()).opened(path)
        self.library_changed.emit(self._library)
        if entry is None:
            self.error_raised.emit(f"{path.name} is not a valid scenario; its problems are listed in the library")
        return entry

    def refresh_sessions(self) -> None:
        """List the sessions off the GUI thread; ``sessions_changed`` carries the list once it is read."""
        from tabletop.storage.quick import sessions  # sqlite3 alone: no sqlite-utils to import first

        if self._database.path is not None:
            self.reader.read_rows("Reading the sessions", sessions, self._on_sessions_read, self.error_raised.emit)

    def new_session(self, source: ScenarioFile, name: str, facilitator: str, teams: Sequence[tuple[str, str]]) -> bool:
        """Start a session of ``source`` with (name, colour) teams; True when it is open."""
        from tabletop.storage import new_session_id

        store = self._database.store
        if store is None:
            self.error_raised.emit("There is no session database open, so a session cannot be saved")
            return False
        from tabletop.core.exercise import Exercise

        session_id = new_session_id()
        try:  # set up in memory first, so a setup the core refuses saves nothing
            draft = Exercise.create(source.scenario, session_id=session_id, name=name, facilitator=facilitator,
                                    teams=teams, **self._clocked())  # fmt: skip
        except TabletopError as error:
            self.error_raised.emit(f"The session cannot start yet: {error}")
            return False
        self.close_session()
        try:
            store.adopt(draft, source)
        except TabletopError as error:
            self.error_raised.emit(f"The session could not be started: {error}")
            store.release(session_id)
            return False
        self._open(draft)
        return True

    def resume(self, ref: str) -> bool:
        """Open a session (an id or ``latest``), found and replayed off the GUI thread; False without a database.

        ``session_opened`` says when it is open, ``session_in_use`` or ``error_raised`` why it is not."""
        store = self._database.store
        if store is None:
            self.error_raised.emit("There is no session database open")
            return False
        self.close_session()
        from tabletop.gui.resuming import Resuming

        self._resuming = Resuming(
            store, self.reader, self._open, self.session_in_use.emit, self.error_raised.emit, self._clocked()
        )
        self._resuming.start(ref)
        return True

    def close_session(self) -> None:
        """Let go of the open session (or the one being resumed); its moves are saved already."""
        if self._resuming is not None:
            self._resuming.cancel()
            self._resuming = None
        if self._exercise is None:
            return
        if self._database.opened is not None:
            self._database.opened.release(self._exercise.session_id)
        self._exercise = None
        self.moves.clear()
        self._tick.stop()
        self.session_closed.emit()
        self.refresh_sessions()

    def shutdown(self) -> None:
        self.close_session()
        self.reader.close()
        self._database.close()

    # -- moves ---------------------------------------------------------------------------

    def deliver(self, inject_id: str | None = None) -> bool:
        """Deliver an inject: the one given, or else the next in the run sheet."""
        if self._exercise is not None and inject_id is None:
            inject_id = self._exercise.next_inject()
        return self._move(f"deliver {inject_id or 'the next inject'}", lambda ex: ex.deliver(inject_id))

    def deliver_next(self) -> bool:
        return self.deliver(None)

    def open_voting(self) -> bool:
        return self._move("open voting", lambda ex: ex.open_voting())

    def lock_voting(self) -> bool:
        return self._move("lock voting", lambda ex: ex.lock_voting())

    def reveal(self) -> bool:
        return self._move("reveal the result", lambda ex: ex.reveal())

    def toggle_pause(self) -> bool:
        if self._exercise is not None and self._exercise.paused:
            return self._move("resume", lambda ex: ex.resume())
        return self._move("pause", lambda ex: ex.pause())

    def start_countdown(self, seconds: int | None = None) -> bool:
        return self._move("start the countdown", lambda ex: ex.start_countdown(seconds))

    def add_adhoc_inject(
        self,
        title: str,
        body: str,
        question: str,
        options: Sequence[str | AdhocOption] = (),
        minutes: int | None = None,
        teams: Sequence[str] = (),
    ) -> bool:
        choices, aimed = tuple(options), tuple(teams)
        return self._move(
            f"add '{title}'", lambda ex: ex.add_adhoc_inject(title, body, question, choices, minutes, aimed)
        )

    def record_decision(
        self,
        team: str,
        inject_id: str,
        option: str | None,
        rationale: str = "",
        confidence: int | None = None,
        dissent: str = "",
        source: Source | None = None,
    ) -> bool:
        """Record a team's decision; recording again on the same inject revises it (audited)."""
        details: dict[str, Any] = {"rationale": rationale, "confidence": confidence, "dissent": dissent}
        if source is not None:  # else the core's own default: the console
            details["source"] = source
        return self._move(f"{team}'s decision on {inject_id}", lambda ex: ex.decide(team, inject_id, option, **details))

    def undo(self) -> bool:
        """Revise the last decision back to what stood before it; the log keeps both."""
        return self._move("undo the last decision", lambda ex: ex.undo_last_decision())

    def classify(
        self,
        team: str,
        inject_id: str,
        norms: Mapping[str, tuple[int, str]],
        stakes: Mapping[str, tuple[int, str]] | None = None,
    ) -> bool:
        norms, moved = dict(norms), dict(stakes or {})
        return self._move(f"classify {team}'s answer", lambda ex: ex.classify(team, inject_id, norms, moved))

    def add_note(self, text: str, inject_id: str | None = None) -> bool:
        return self._move("a note", lambda ex: ex.add_note(text, inject_id))

    def update_hotwash(self, strengths: str, improvements: str, plan: Sequence[Mapping[str, str]]) -> bool:
        rows = [dict(row) for row in plan]
        return self._move("the hotwash", lambda ex: ex.update_hotwash(strengths, improvements, rows))

    def end(self) -> bool:
        return self._move("end the session", lambda ex: ex.end())

    def run_together(self, moves: Sequence[Run]) -> list[TabletopError | None]:
        """Moves from the phones that arrived together, in one transaction: None for each made, else why not."""
        from tabletop.gui.together import run_together

        return run_together(self._exercise, self._database.store, moves, self.changed.emit)

    # -- debrief -------------------------------------------------------------------------

    def debrief_preview(self, framework: str | None = None, summary: bool = False) -> str:
        """The HTML debrief (``summary``: the brief) of the open session, read through ``framework``."""
        return "" if self._exercise is None else self.debriefs.preview(self._exercise, framework, summary)

    def export(self, jobs: Sequence[tuple[str, Path]], framework: str | None = None, summary: bool = False) -> bool:
        """Write the debrief in each (format, path), off the GUI thread; ``debriefs`` reports progress."""
        if self._exercise is None:
            self.error_raised.emit("Open a session before exporting its debrief")
            return False
        self.debriefs.export(self._exercise, jobs, framework, summary)
        return True

    # -- internals -----------------------------------------------------------------------

    def _on_sessions_read(self, sessions: list[SessionSummary]) -> None:
        if self._database.opened is None:
            QTimer.singleShot(0, lambda: self._database.store)  # ready to write before anyone asks to
        self.sessions_changed.emit(sessions)

    def _open(self, exercise: Exercise) -> None:
        self._exercise = exercise
        self._tick.start()
        self.session_opening.emit()
        self.session_opened.emit(exercise)

    def _clocked(self) -> dict[str, Any]:
        return {"clock": self._clock} if self._clock else {}

    def _move(self, label: str, run: Callable[[Exercise], list[Event]]) -> bool:
        """Make a move now, or queue it when the store cannot save; False if the core refused it."""
        if self._exercise is None:
            self.error_raised.emit("Open or start a session first")
            return False
        return self.moves.run(self._exercise, Move(label, run))
