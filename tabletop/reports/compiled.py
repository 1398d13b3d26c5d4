"""Templates compiled once and kept in the user's cache folder, so a new process renders without compiling.

A cold start compiled every template of the debrief (about a tenth of a second) before its
first render. Jinja's bytecode cache keeps the compiled code beside a checksum of each
template's source, so a changed template is compiled again; the folder's name carries
Jinja's version and the environment's options, which shape the compiled code too.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
from pathlib import Path

import jinja2
from jinja2.bccache import Bucket


class TemplateCache(jinja2.FileSystemBytecodeCache):
    """Jinja's file cache, where a folder that cannot be read or written means only compiling again.

    WORKAROUND: ``FileSystemBytecodeCache`` lets an ``OSError`` out of writing (a read-only or
    full disk, the folder removed while the app runs) and some out of reading; a cache must
    never stop a report, so each of those is taken as a miss.
    """

    def load_bytecode(self, bucket: Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except OSError:
            bucket.reset()  # a miss: compiled from the source

    def dump_bytecode(self, bucket: Bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError:
            return  # not kept: compiled again in the next process


def cache_folder(options: object) -> Path:
    """The folder for templates compiled with these environment options, in the user's cache folder."""
    import platformdirs

    return platformdirs.user_cache_path("tabletop", appauthor=False) / "templates" / fingerprint(options)


def fingerprint(options: object) -> str:
    """A short name for what shapes compiled code besides the source: Jinja's version and the options."""
    text = f"{importlib.metadata.version('jinja2')} {options!r}"
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def template_cache(folder: Path) -> TemplateCache | None:
    """A cache in ``folder`` (made if missing), or None where it cannot be made: templates are then compiled."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return TemplateCache(str(folder))
