"""Reading what a user hands us (scenarios, decision files) without trusting the path or the size.

Only regular files are read: a FIFO would block forever, a device such as /dev/zero never
ends, a directory is a mistake. The size limit is kept while reading, not only from the
size the file claims when it is opened, so a file that grows under us, or lies, is cut off
at the limit instead of filling the memory.
"""

from __future__ import annotations

import errno
import io
import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, BinaryIO

from tabletop.core.errors import Problem, ValidationError

MAX_SCENARIO_BYTES = 4 * 1024 * 1024
MAX_DECISIONS_BYTES = 64 * 1024 * 1024
_CHUNK = 1024 * 1024
_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a pipe (FIFO)"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
    (stat.S_ISSOCK, "a socket"),
)


def what_is(mode: int) -> str:
    """Words for a file that is not a regular file: 'a folder', 'a pipe (FIFO)', 'a device'..."""
    return next((words for test, words in _KINDS if test(mode)), "not an ordinary file")


def read_input(path: Path, limit: int, what: str) -> bytes:
    """The whole of a regular file of at most ``limit`` bytes; a ValidationError naming the file otherwise."""
    with open_input(path, limit, what) as stream:
        return stream.read()


@contextmanager
def open_input(path: Path, limit: int, what: str) -> Iterator[BinaryIO]:
    """A regular file opened for reading, which refuses (ValidationError) once more than ``limit`` bytes are read."""
    file = str(path)
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | getattr(os, "O_CLOEXEC", 0))
    except OSError as error:
        raise _refused(file, _open_words(error)) from None
    try:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode):
            raise _refused(file, f"is {what_is(status.st_mode)}, not a regular file; give the path of a {what} file")
        if status.st_size > limit:
            raise _refused(file, _too_big(status.st_size, limit, what))
    except BaseException:
        os.close(descriptor)
        raise
    raw = io.FileIO(descriptor, "r", closefd=True)  # only now: FileIO refuses a folder with a traceback of its own
    try:
        yield io.BufferedReader(_Bounded(raw, limit, file, what), _CHUNK)
    except OSError as error:
        raise _refused(file, f"cannot read the file: {error.strerror or error}") from None
    finally:
        raw.close()


class _Bounded(io.RawIOBase):
    """A raw stream that counts what it hands out and refuses past the limit."""

    def __init__(self, raw: io.FileIO, limit: int, file: str, what: str) -> None:
        super().__init__()
        self._raw, self._limit, self._file, self._what = raw, limit, file, what
        self._total = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        count = self._raw.readinto(buffer) or 0
        self._total += count
        if self._total > self._limit:
            raise _refused(self._file, _too_big(self._total, self._limit, self._what, at_least=True))
        return count


def _too_big(size: int, limit: int, what: str, at_least: bool = False) -> str:
    much = f"at least {size / 2**20:.1f} MB" if at_least else f"{size / 2**20:.1f} MB"
    return f"the file is {much}; a {what} file over {limit // 2**20} MB is refused"


def _open_words(error: OSError) -> str:
    if error.errno == errno.ENOENT:
        return "no such file"
    if error.errno == errno.ELOOP:
        return "the path is a loop of symbolic links"
    if error.errno in (errno.EACCES, errno.EPERM):
        return "cannot read the file: permission denied"
    return f"cannot open the file: {error.strerror or error}"


def _refused(file: str, message: str) -> ValidationError:
    return ValidationError([Problem(file, "", message)])
