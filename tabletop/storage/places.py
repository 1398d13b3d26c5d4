"""Where the database lives, and the ids new sessions get."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path


def default_db_path() -> Path:
    """``TABLETOP_DB`` if set, else ``tabletop.db`` in the user's data directory."""
    return chosen_path(None)[0]


def chosen_path(given: Path | None) -> tuple[Path, bool]:
    """The database to open, and whether its folders may be made: only the default place's are.

    The path given (``--db``) wins, then ``TABLETOP_DB``, then the user data folder.
    """
    if given is not None:
        return given, False
    override = os.environ.get("TABLETOP_DB")
    if override:
        return Path(override), False
    import platformdirs

    return platformdirs.user_data_path("tabletop", appauthor=False) / "tabletop.db", True


def new_session_id(now: datetime | None = None) -> str:
    import secrets  # a few milliseconds to import, and only a new session needs it

    moment = now or datetime.now(UTC)
    return f"{moment:%Y%m%d}-{secrets.token_hex(3)}"
