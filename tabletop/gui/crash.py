"""The last line of defence: an unexpected exception is logged and explained, never shown as a traceback."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

Show = Callable[[str], None]
_MESSAGE = (
    "Something unexpected went wrong in Tabletop ({kind}).\n\n"
    "Every move you made before this is saved. The details are in the log:\n{log}"
)


def log_path() -> Path:
    import platformdirs

    return platformdirs.user_log_path("tabletop", appauthor=False) / "tabletop.log"


def handle(kind: type[BaseException], error: BaseException, trace: TracebackType | None, show: Show, log: Path) -> None:
    """Write the traceback to the log, then tell the facilitator in plain words."""
    import logging

    logger = logging.getLogger("tabletop")
    if not logger.handlers:
        try:
            log.parent.mkdir(parents=True, exist_ok=True)
            logger.addHandler(logging.FileHandler(log, encoding="utf-8"))
        except OSError:
            logger.addHandler(logging.StreamHandler(sys.stderr))
    logger.error("unexpected error", exc_info=(kind, error, trace))
    show(_MESSAGE.format(kind=kind.__name__, log=log))


def install(show: Show, log: Path | None = None) -> None:
    """Route uncaught exceptions (including those raised inside Qt slots) to ``handle``."""

    def hook(kind: type[BaseException], error: BaseException, trace: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, error, trace)
            return
        handle(kind, error, trace, show, log or log_path())

    sys.excepthook = hook
