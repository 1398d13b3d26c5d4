"""Shared fixtures, for every kind of test. Nothing here imports Qt: the core's tests run without it.

Qt runs offscreen (set here for every test that starts it): without a display it would abort.
Its one screen is the common laptop's, 1366x768, not the plugin's default 800x800 square.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

DATA = Path(__file__).parent / "data"
os.environ.setdefault("QT_QPA_PLATFORM", f"offscreen:configfile={DATA / 'laptop-screen.json'}")

# Property tests run a few hundred examples day to day; CI's heavy run asks for thousands.
settings.register_profile("everyday", max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
settings.register_profile("thorough", max_examples=2500, deadline=None, suppress_health_check=list(HealthCheck))
settings.load_profile(os.environ.get("TABLETOP_HYPOTHESIS_PROFILE", "everyday"))


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests under tests/gui need the Qt application: mark them ``gui``. Where pytest-qt runs,
    a Qt warning fails the test (a broken layout or a bad signal is a bug, not noise)."""
    gui = Path(__file__).parent / "gui"
    with_qt = config.pluginmanager.hasplugin("pytest-qt")
    for item in items:
        if gui in item.path.parents:
            item.add_marker(pytest.mark.gui)
        if with_qt:
            item.add_marker(pytest.mark.qt_log_level_fail("WARNING"))


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
