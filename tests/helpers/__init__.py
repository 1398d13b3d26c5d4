"""Helpers shared by the tests (tests/ is on the import path for every test)."""

from __future__ import annotations

from typing import Any

from tabletop.core.exercise import Exercise
from tabletop.core.library import ScenarioFile


def start(store: Any, session_id: str, source: ScenarioFile, **details: Any) -> Exercise:
    """A live session in ``store``, set up the one way the product sets every session up."""
    exercise = Exercise.create(source.scenario, session_id=session_id, **details)
    store.adopt(exercise, source)
    return exercise
