"""What the console keeps between runs, in the user's settings file (on Linux ``~/.config/tabletop/tabletop.ini``).

The room's shared-screen settings (text size, contrast), and how the facilitator left the
windows: the console's size and place, its splitters, and whether the presenter was open.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QSplitter, QWidget


def user_settings() -> QSettings:
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, "tabletop", "tabletop")


def keep(settings: QSettings, key: str, value: object) -> None:
    """Write one setting to the file now: after a crash the presenter comes back as the room last saw it."""
    settings.setValue(key, value)
    settings.sync()


def read_bool(settings: QSettings, key: str, default: bool = False) -> bool:
    return str(settings.value(key, "true" if default else "false")).lower() == "true"


def read_float(settings: QSettings, key: str, default: float) -> float:
    """A number from the file, or ``default`` if it is missing or was edited into something else."""
    try:
        value = float(str(settings.value(key, default)))
    except ValueError:
        return default
    return value if math.isfinite(value) else default


def save_layout(window: QWidget, settings: QSettings) -> None:
    """The window's geometry and every named splitter's sizes."""
    settings.setValue("console/geometry", window.saveGeometry())
    for splitter in window.findChildren(QSplitter):
        if splitter.objectName():
            settings.setValue(f"console/splitters/{splitter.objectName()}", splitter.saveState())


def restore_geometry(window: QWidget, settings: QSettings) -> None:
    """Put the window back where it was; a value edited into nonsense is left out."""
    geometry = settings.value("console/geometry")
    if isinstance(geometry, QByteArray) and not geometry.isEmpty():
        window.restoreGeometry(geometry)


def restore_splitters(widget: QWidget, settings: QSettings) -> None:
    """Put every named splitter in ``widget`` back as it was; a value edited into nonsense is left out."""
    for splitter in widget.findChildren(QSplitter):
        state = settings.value(f"console/splitters/{splitter.objectName()}")
        if splitter.objectName() and isinstance(state, QByteArray):
            splitter.restoreState(state)
