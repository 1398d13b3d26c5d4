"""The library's scenarios as last parsed and validated, kept in a file between starts.

Parsing and validating the TOML is most of what reading the library costs. A file whose
path, size and modification time are what they were, read by the same version of Tabletop,
is taken from the cache instead; any other file is parsed again. A cache that cannot be
read (missing, corrupt, from another version) or written only means parsing, never an error.
"""

from __future__ import annotations

import contextlib
import logging
import os
import pickle
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tabletop import __version__

if TYPE_CHECKING:
    from tabletop.core.library import ScenarioFile

log = logging.getLogger(__name__)

FORMAT = 1  # raised whenever ScenarioFile or the model it holds changes shape
Stamp = tuple[int, int]  # size, modification time in nanoseconds


class LibraryCache:
    """The cached files read from ``path`` (None: nothing cached, nothing kept), and those used this time."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._old = _read(path) if path is not None else {}
        self._used: dict[str, tuple[Stamp, ScenarioFile]] = {}

    def get(self, file: Path, parse: Callable[[Path], ScenarioFile]) -> ScenarioFile:
        """The scenario in ``file``: from the cache if the file is unchanged, else ``parse(file)``.

        ``parse`` raises ``ValidationError`` for a file that is not a valid scenario; such a
        file is not cached, so its problems are found (and shown) at every start.
        """
        stamp = _stamp(file)
        cached = self._old.get(str(file))
        fresh = stamp is not None and cached is not None and cached[0] == stamp
        item = cached[1] if fresh and cached is not None else parse(file)
        if stamp is not None:
            self._used[str(file)] = (stamp, item)
        return item

    def save(self) -> None:
        """Write the files used this time, if they differ from the cache read (and there is a place for it)."""
        if self.path is None or _stamps(self._used) == _stamps(self._old):
            return
        temporary = self.path.with_name(f".{self.path.name}.{os.getpid()}")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            temporary.write_bytes(pickle.dumps({"key": _key(), "files": self._used}, pickle.HIGHEST_PROTOCOL))
            os.replace(temporary, self.path)  # whole or not at all: another copy may be reading it
        except OSError as error:
            log.info("library cache not written to %s: %s", self.path, error)
            with contextlib.suppress(OSError):  # it may never have been made
                temporary.unlink()


def _key() -> tuple[int, str]:
    return FORMAT, __version__


def _stamp(file: Path) -> Stamp | None:
    try:
        status = file.stat()
    except OSError:
        return None
    return status.st_size, status.st_mtime_ns


def _stamps(files: dict[str, tuple[Stamp, Any]]) -> dict[str, Stamp]:
    return {name: stamp for name, (stamp, _item) in files.items()}


def _read(path: Path) -> dict[str, tuple[Stamp, ScenarioFile]]:
    try:
        kept = pickle.loads(path.read_bytes())
    except FileNotFoundError:
        return {}
    except Exception as error:  # a corrupt or foreign file can fail to unpickle in any way; then we parse
        log.info("library cache at %s not used: %s", path, error)
        return {}
    if not isinstance(kept, dict) or kept.get("key") != _key() or not isinstance(kept.get("files"), dict):
        return {}
    files: dict[str, tuple[Stamp, ScenarioFile]] = kept["files"]
    return files
