"""Export a session's debrief in any format: the one entry point the CLI and the GUI call."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tabletop.core.errors import TabletopError
from tabletop.core.exercise import Exercise

FORMATS = ("html", "pdf", "md", "csv", "json")
Progress = Callable[[str], None]


class ExportError(TabletopError):
    pass


def render(exercise: Exercise, fmt: str, progress: Progress | None = None) -> bytes:
    """The debrief of ``exercise`` in ``fmt``, as bytes ready to write."""
    if fmt == "json":
        from tabletop.reports.data import debrief_json

        return debrief_json(exercise).encode()
    if fmt == "csv":
        from tabletop.reports.data import debrief_csv

        return debrief_csv(exercise).encode("utf-8-sig")  # the BOM makes spreadsheets read UTF-8
    if fmt in ("html", "md", "pdf"):
        from tabletop.reports.document import render_document

        return render_document(exercise, fmt, progress)
    raise ExportError(f"unknown format '{fmt}'; choose one of {', '.join(FORMATS)}")


def write_atomically(path: Path, data: bytes) -> None:
    """Write a file whole or not at all: a half-written debrief is worse than none."""
    temporary = path.with_name(f".{path.name}.part")
    try:
        temporary.write_bytes(data)
        temporary.replace(path)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise ExportError(f"cannot write {path}: {error.strerror or error}") from None


def export(exercise: Exercise, fmt: str, path: Path, progress: Progress | None = None) -> Path:
    """Render and write one format; returns the path written."""
    write_atomically(path, render(exercise, fmt, progress))
    return path
