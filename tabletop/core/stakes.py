"""The stakes vocabulary: what an option can gain or cost a team's own state, shipped as data."""

from __future__ import annotations

import functools
import importlib.resources
from dataclasses import dataclass

from tabletop.core.checks import parse_toml


@dataclass(frozen=True)
class Stake:
    id: str
    name: str
    text: str


FILE = "resources/stakes.toml"


@functools.cache
def builtin_stakes() -> tuple[Stake, ...]:
    """The stakes every scenario may name (security, alliances, economy, public), in their order."""
    raw = importlib.resources.files("tabletop.resources").joinpath("stakes.toml").read_bytes()
    checker, data = parse_toml(raw, FILE)
    if data is None:
        checker.raise_if_failed()
        raise AssertionError("parse_toml returns data or problems")
    checker.known_keys(data, "", ("format", "stakes"), "the stakes file")
    found = []
    for path, table in checker.tables(data, "stakes", "", required=True):
        checker.known_keys(table, path, ("id", "name", "text"), "a stake")
        found.append(
            Stake(
                checker.identifier(table, path) or "",
                checker.text(table, "name", path, required=True) or "",
                checker.text(table, "text", path, required=True, limit=2000) or "",
            )
        )
    checker.unique(((f"stakes[{i}]", stake.id) for i, stake in enumerate(found)), "stake")
    checker.raise_if_failed()
    return tuple(found)


def stake_ids() -> tuple[str, ...]:
    return tuple(stake.id for stake in builtin_stakes())


def stake_name(stake_id: str) -> str:
    return next((stake.name for stake in builtin_stakes() if stake.id == stake_id), stake_id)
