"""Every control of the console, its shortcut and its words, in one table.

Menus, toolbar buttons and the help overlay are all built from ``CONTROLS``, so a shortcut
cannot exist without being listed, nor be listed without existing.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence

TEAM_KEYS = 8


@dataclass(frozen=True)
class Control:
    """One thing the facilitator can do. ``move`` names the availability check it needs, if any."""

    name: str
    text: str
    keys: tuple[str, ...]
    group: str
    tip: str = ""
    move: str | None = None


CONTROLS: tuple[Control, ...] = (
    Control("new_session", "&New session…", ("Ctrl+N",), "Session", "Start a session of the selected scenario"),
    Control("open_file", "&Open scenario file…", ("Ctrl+O",), "Session", "Add a .toml scenario to the library"),
    Control("library", "&Library and sessions", ("Ctrl+L",), "Session", "Back to the scenario library"),
    Control(
        "resume", "&Resume selected session", ("Ctrl+Shift+O",), "Session", "Carry on with the session picked there"
    ),
    Control("end", "&End session…", ("Ctrl+Shift+E",), "Session", "End the session and go to the debrief", "end"),
    Control("quit", "&Quit", ("Ctrl+Q",), "Session", "Close Tabletop; every move is already saved"),
    Control("deliver", "&Deliver", ("F5",), "Run", "Deliver the inject selected in the run sheet", "deliver"),
    Control("open_voting", "Open &voting", ("F6",), "Run", "Let teams choose", "open_voting"),
    Control("lock_voting", "&Lock", ("F7",), "Run", "Close voting on the current inject", "lock_voting"),
    Control("reveal", "&Reveal", ("F8",), "Run", "Show every team's choice", "reveal"),
    Control("next", "&Next ▸", ("F9",), "Run", "Deliver the next inject in the run sheet", "next"),
    Control("pause", "&Pause / resume", ("Ctrl+P",), "Run", "Hold the room; clocks stop", "pause"),
    Control("countdown", "&Countdown", ("Ctrl+T",), "Run", "Start the current inject's countdown", "countdown"),
    Control("adhoc", "&Ad-hoc inject…", ("Ctrl+I",), "Run", "Write an inject live", "adhoc"),
    Control("decide", "&Record or revise…", ("Ctrl+E",), "Teams", "Record the selected team's decision", "decide"),
    *(
        Control(f"team_{n}", f"Decision for team {n}", (f"Alt+{n}",), "Teams", "", "decide")
        for n in range(1, TEAM_KEYS + 1)
    ),
    Control(
        "settle_tie",
        "Settle a &tie…",
        ("Ctrl+Shift+T",),
        "Teams",
        "Pick the answer where a team's phones tied",
        "settle_tie",
    ),
    Control("undo", "&Undo last decision", ("Ctrl+Z",), "Teams", "Revise the last decision back (audited)", "undo"),
    Control(
        "classify", "Clas&sify answer…", ("Ctrl+K",), "Teams", "Read a free-text answer against the norms", "classify"
    ),
    Control("note", "Write a &note", ("Ctrl+M",), "Teams", "Jump to the note field", "note"),
    Control("run_view", "&Run view", ("Ctrl+1",), "View", "The run sheet, inject, teams and norms"),
    Control("debrief_view", "&Debrief view", ("Ctrl+2",), "View", "Preview, hotwash and export"),
    Control("presenter", "&Presenter screen", ("Ctrl+Shift+P",), "Presenter", "Open or close the room's shared screen"),
    Control(
        "norm_lens", "&Norm lens", ("Ctrl+Shift+N",), "Presenter", "After a reveal: what each option upheld or strained"
    ),
    Control(
        "stage_summary", "Stage s&ummary", ("Ctrl+Shift+U",), "Presenter", "After a stage's last reveal: how it went"
    ),
    Control(
        "room", "Phones: open the &room…", ("Ctrl+Shift+R",), "Presenter", "Let every participant vote from a phone"
    ),
    Control("high_contrast", "&High contrast", ("Ctrl+H",), "Presenter", "White on black, for a washed-out projector"),
    Control("presenter_bigger", "&Bigger text", ("Ctrl+=", "Ctrl++"), "Presenter", "Larger type on the shared screen"),
    Control("presenter_smaller", "&Smaller text", ("Ctrl+-",), "Presenter", "Smaller type on the shared screen"),
    Control("refresh_preview", "Refresh &preview", ("Ctrl+R",), "Debrief", "Render the debrief again"),
    Control("save_hotwash", "&Save hotwash", ("Ctrl+S",), "Debrief", "Write the hotwash into the session"),
    Control("export", "E&xport debrief…", ("Ctrl+Shift+S",), "Debrief", "Write the debrief in every format"),
    Control("help", "&Keyboard shortcuts", ("F1", "?"), "Help", "Show or hide this list"),
)


# Button faces where the menu's words would be cut short on a narrow console (Qt's icon text).
SHORT = {"pause": "Pause", "adhoc": "Ad hoc…", "decide": "Record…", "classify": "Classify…", "undo": "Undo"}


def build_actions(parent: QObject | None) -> dict[str, QAction]:
    """One QAction per control, with its shortcuts (window-wide, Qt's default context)."""
    actions = {}
    for control in CONTROLS:
        action = QAction(control.text, parent)
        if control.name in SHORT:
            action.setIconText(SHORT[control.name])
        action.setShortcuts([QKeySequence(key) for key in control.keys])
        action.setToolTip(f"{control.tip or control.text.replace('&', '')} ({', '.join(control.keys)})")
        action.setStatusTip(control.tip)
        actions[control.name] = action
    return actions


def help_rows() -> list[tuple[str, str, str, str]]:
    """(group, keys, name, what it does) for the help overlay; the team keys folded into one line."""
    rows = []
    for control in CONTROLS:
        if control.name.startswith("team_"):
            if control.name == "team_1":
                keys = f"Alt+1 … Alt+{TEAM_KEYS}"
                rows.append((control.group, keys, "Decision for team 1 … 8", "Record or revise that team's answer"))
            continue
        name = control.text.replace("&", "").rstrip("…")
        rows.append((control.group, " or ".join(control.keys), name, control.tip))
    return rows


# Keys a text field keeps even when a control shares them: undoing typing, the clipboard.
_EDITING = (
    QKeySequence.StandardKey.Undo,
    QKeySequence.StandardKey.Redo,
    QKeySequence.StandardKey.Copy,
    QKeySequence.StandardKey.Cut,
    QKeySequence.StandardKey.Paste,
    QKeySequence.StandardKey.SelectAll,
)
_CHORD = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier


class ControlsFirst(QObject):
    """Lets the console's shortcuts through a text field that would claim them.

    On X11 a line edit takes Emacs keys such as Ctrl+E (end of line) and Ctrl+K (delete to
    the end) before any window shortcut sees them, so Ctrl+E typed in the note field would
    move the cursor instead of recording a decision. Installed on a field, this declines
    those keys for the field when an enabled control has them. Plain typing and the editing
    keys above stay with the field.
    """

    def __init__(self, actions: dict[str, QAction], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._actions = actions
        self.fields: list[QObject] = []

    def watch(self, field: QObject) -> None:
        """Stand in front of ``field`` for the rest of its life."""
        field.installEventFilter(self)
        self.fields.append(field)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.ShortcutOverride or not isinstance(event, QKeyEvent):
            return False
        if not event.modifiers() & _CHORD or any(event.matches(key) for key in _EDITING):
            return False
        pressed = QKeySequence(event.keyCombination())
        for action in self._actions.values():
            if action.isEnabled() and any(
                shortcut.matches(pressed) == QKeySequence.SequenceMatch.ExactMatch for shortcut in action.shortcuts()
            ):
                event.ignore()
                return True  # the field never sees it; Qt goes on to the window's shortcut
        return False
