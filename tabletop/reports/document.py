"""The after-action report as a document: HTML, PDF and Markdown."""

from __future__ import annotations

from collections.abc import Callable

from tabletop.core.errors import TabletopError
from tabletop.core.exercise import Exercise


def render_document(exercise: Exercise, fmt: str, progress: Callable[[str], None] | None = None) -> bytes:
    raise TabletopError(f"the {fmt} debrief is not available in this build yet")
