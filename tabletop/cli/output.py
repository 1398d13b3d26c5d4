"""What the command line writes: terminal-safe text, and files written whole or not at all.

Text from scenarios, teams and databases passes through ``visible`` before it reaches a
terminal, so no escape sequence, bell or forged line can come with it. A debrief is never
written over a database, a device, a pipe or a folder, nor in pieces.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

from tabletop.core.errors import Problem, TabletopError
from tabletop.core.wording import visible

FORMATS = ("html", "pdf", "md", "csv", "json")
BINARY = ("pdf",)
EXTENSIONS = {".html": "html", ".htm": "html", ".pdf": "pdf", ".md": "md", ".markdown": "md", ".csv": "csv",
              ".json": "json"}  # fmt: skip


class OutputError(TabletopError):
    pass


def warn(text: str) -> None:
    """One line on stderr, prefixed with the program's name."""
    print(f"tabletop: {visible(text)}", file=sys.stderr)


def say_problems(problems: Sequence[Problem]) -> None:
    for problem in problems:
        print(problem, file=sys.stderr)  # Problem's str is one visible line


def echo(*cells: str, sep: str = "\t") -> None:
    """One line on stdout of text that may have come from a file or a database."""
    print(sep.join(visible(cell).replace("\t", " ") for cell in cells))


def lines(text: Iterable[str]) -> None:
    for line in text:
        print(visible(line))


def debrief_format(output: str | None, asked: str | None) -> str:
    """The format asked for, or the one the output file's name says."""
    if asked:
        return asked
    if output is None or output == "-":
        raise OutputError(f"say which format: --format {'|'.join(FORMATS)}, or -o FILE with one of their extensions")
    fmt = EXTENSIONS.get(Path(output).suffix.lower())
    if fmt is None:
        raise OutputError(f"cannot tell the format from '{output}'; name the file .html, .pdf, .md, .csv or .json, "
                          "or add --format")  # fmt: skip
    return fmt


def write_output(data: bytes, output: str | None, fmt: str) -> str | None:
    """Write to stdout (no -o, or -o -) or to a file; returns the path written, if any."""
    if output is None or output == "-":
        if fmt in BINARY and sys.stdout.isatty():
            raise OutputError(f"a {fmt.upper()} is binary and would garble the terminal: give -o FILE.{fmt}, "
                              "or -o - to send it down a pipe")  # fmt: skip
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return None
    from tabletop.reports.export import write_atomically

    path = Path(output)
    write_atomically(path, data)
    return str(path)


def check_folder(folder: Path) -> None:
    """Say now, changing nothing, if a folder cannot be made or written into."""
    if folder.exists() and not folder.is_dir():
        raise OutputError(f"cannot write into {folder}: it is a file, not a folder")
    existing = next(part for part in [folder, *folder.parents] if part.exists())
    if not existing.is_dir():
        raise OutputError(f"cannot write into {folder}: {existing} is not a folder")
    if not os.access(existing, os.W_OK | os.X_OK):
        raise OutputError(f"cannot write into {folder}: {existing} is read-only")


def prepare_folder(folder: Path) -> None:
    """Make a folder to write into, or say why it cannot be."""
    check_folder(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        probe = folder / f".tabletop-{os.getpid()}.probe"
        probe.write_bytes(b"")
        probe.unlink()
    except NotADirectoryError:
        from tabletop.reports.export import first_file

        raise OutputError(f"cannot write into {folder}: {first_file(folder)} is not a folder") from None
    except OSError as error:
        raise OutputError(f"cannot write into {folder}: {error.strerror or error}") from None
