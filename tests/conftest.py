"""Shared fixtures. Qt runs offscreen: without a display it would abort otherwise."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# Property tests run a few hundred examples day to day; CI's heavy run asks for thousands.
settings.register_profile("everyday", max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
settings.register_profile("thorough", max_examples=2500, deadline=None, suppress_health_check=list(HealthCheck))
settings.load_profile(os.environ.get("TABLETOP_HYPOTHESIS_PROFILE", "everyday"))

DATA = Path(__file__).parent / "data"


@pytest.fixture(autouse=True)
def _own_settings_file(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Settings the console writes (text size, contrast) go to a fresh folder, never the user's."""
    from PySide6.QtCore import QSettings

    folder = tmp_path_factory.mktemp("config")
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))


@pytest.fixture
def data_dir() -> Path:
    return DATA


@pytest.fixture
def valid_file() -> Path:
    return DATA / "valid.toml"


class FakeClock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        from datetime import UTC, datetime

        self.now = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)

    def __call__(self):  # type: ignore[no-untyped-def]
        return self.now

    def advance(self, seconds: float) -> None:
        from datetime import timedelta

        self.now += timedelta(seconds=seconds)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def tiny(valid_file: Path):  # type: ignore[no-untyped-def]
    from tabletop.core.scenario import load_scenario

    return load_scenario(valid_file)


@pytest.fixture
def exercise(tiny, clock: FakeClock):  # type: ignore[no-untyped-def]
    from tabletop.core.exercise import Exercise

    return Exercise.create(tiny, session_id="s1", name="Drill", teams=["Red", "Blue", "Green"], clock=clock)
