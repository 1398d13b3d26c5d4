"""The last line of defence: an unexpected exception is logged and explained, never shown as a traceback."""

from __future__ import annotations

import logging
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


def setup_logging(log: Path) -> None:
    """Send the console's log (errors it recovered from, and crashes) to a file the user can send in."""
    logger = logging.getLogger("tabletop")
    for old in [handler for handler in logger.handlers if getattr(handler, "tabletop_log", None)]:
        if old.tabletop_log == log:  # type: ignore[attr-defined]
            return
        logger.removeHandler(old)  # one log per console: a new one replaces the last
        old.close()
    try:
        log.parent.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = logging.FileHandler(log, encoding="utf-8", delay=True)
    except OSError:
        handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.tabletop_log = log  # type: ignore[attr-defined]
    logger.addHandler(handler)


def handle(kind: type[BaseException], error: BaseException, trace: TracebackType | None, show: Show, log: Path) -> None:
    """Write the traceback to the log, then tell the facilitator in plain words."""
    setup_logging(log)
    logging.getLogger("tabletop").error("unexpected error", exc_info=(kind, error, trace))
    show(_MESSAGE.format(kind=kind.__name__, log=log))


def install(show: Show, log: Path | None = None) -> None:
    """Route uncaught exceptions (including those raised inside Qt slots) to ``handle``."""

    def hook(kind: type[BaseException], error: BaseException, trace: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, error, trace)
            return
        handle(kind, error, trace, show, log or log_path())

    sys.excepthook = hook
