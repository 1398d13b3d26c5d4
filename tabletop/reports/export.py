"""Export a session's debrief in any format: the one entry point the CLI and the GUI call."""

from __future__ import annotations

import stat
from collections.abc import Callable
from pathlib import Path

from tabletop.core.errors import TabletopError
from tabletop.core.exercise import Exercise
from tabletop.core.files import what_is

FORMATS = ("html", "pdf", "md", "csv", "json")
SQLITE_MAGIC = b"SQLite format 3\x00"
Progress = Callable[[str], None]


class ExportError(TabletopError):
    pass


SUMMARY_FORMATS = ("html", "pdf", "md")  # the brief is a document: the data formats are the same either way


def render(
    exercise: Exercise,
    fmt: str,
    progress: Progress | None = None,
    *,
    framework: str | None = None,
    summary: bool = False,
) -> bytes:
    """The debrief of ``exercise`` in ``fmt``, read through ``framework`` (default: the scenario's), as bytes.

    ``summary`` asks for the two-page brief (cover, executive summary, matrix, stakes chart, top
    findings) in html, pdf or md; csv and json hold the same data either way.
    """
    if framework is not None:
        check_framework(framework)
    if fmt == "json":
        from tabletop.reports.data import debrief_json

        return debrief_json(exercise, framework).encode()
    if fmt == "csv":
        from tabletop.reports.data import debrief_csv

        return debrief_csv(exercise, framework).encode("utf-8-sig")  # the BOM makes spreadsheets read UTF-8
    if fmt in ("html", "md", "pdf"):
        from tabletop.reports.document import render_document

        return render_document(exercise, fmt, progress, framework=framework, summary=summary)
    raise ExportError(f"unknown format '{fmt}'; choose one of {', '.join(FORMATS)}")


def check_framework(framework: str) -> None:
    from tabletop.core.frameworks import builtin_frameworks

    known = builtin_frameworks()
    if framework not in known:
        raise ExportError(f"no framework '{framework}'; a debrief can be read through {', '.join(known)}")


def check_target(path: Path, database: Path | None = None) -> None:
    """Refuse a path a debrief must not be written to: a database, anything but a regular file, a missing folder."""
    folder = path.parent
    if not folder.exists():
        raise ExportError(f"cannot write {path}: the folder {folder} does not exist")
    if not folder.is_dir():
        raise ExportError(f"cannot write {path}: {first_file(folder)} is not a folder")
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return
    if not stat.S_ISREG(mode):
        raise ExportError(f"cannot write {path}: it is {what_is(mode)}, not a file")
    if (database is not None and _same_file(path, database)) or _is_database(path):
        raise ExportError(f"will not write over {path}: it is a database (every session in it would be lost)")


def write_atomically(path: Path, data: bytes) -> None:
    """Write a file whole or not at all: a half-written debrief is worse than none."""
    check_target(path)
    temporary = path.with_name(f".{path.name}.part")
    try:
        temporary.write_bytes(data)
        temporary.replace(path)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise ExportError(f"cannot write {path}: {error.strerror or error}") from None


def export(
    exercise: Exercise,
    fmt: str,
    path: Path,
    progress: Progress | None = None,
    *,
    framework: str | None = None,
    summary: bool = False,
) -> Path:
    """Render and write one format (``summary``: the brief); returns the path written."""
    write_atomically(path, render(exercise, fmt, progress, framework=framework, summary=summary))
    return path


def first_file(folder: Path) -> Path:
    """The first part of a path that is a file where a folder was wanted."""
    for part in [*reversed(folder.parents), folder]:
        if part.exists() and not part.is_dir():
            return part
    return folder


def _same_file(path: Path, other: Path) -> bool:
    try:
        return path.samefile(other)
    except OSError:
        return False


def _is_database(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            return handle.read(len(SQLITE_MAGIC)) == SQLITE_MAGIC
    except OSError:
        return False
