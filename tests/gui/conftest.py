"""Fixtures for the tests that run the Qt application (offscreen, see ../conftest.py)."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _own_settings_file(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Settings the console writes (text size, contrast) go to a fresh folder, never the user's."""
    from PySide6.QtCore import QSettings

    folder = tmp_path_factory.mktemp("config")
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))


@pytest.fixture(autouse=True)
def _own_cache_folder(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """The library the console keeps parsed goes to a fresh folder (its processes too), never the user's."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))
