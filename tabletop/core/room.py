"""The room in the core: devices that joined a team, their votes, and the team's decision at lock.

Phone votes are votes, not decisions. At lock each team's decision is the plurality of its
devices' last votes, unless someone chose for the team on the shared screen or the console
first (the spokesperson decides; the votes are kept and shown). A tie waits for the
facilitator to pick among the tied options. This module holds the pure rules; the exercise
checks a move with them and writes the events, and the state replays them here.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import NamedTuple

from tabletop.core import events as e
from tabletop.core.errors import IllegalMove
from tabletop.core.model import Inject

MAX_DEVICES = 500
MAX_REASON = 280
MAX_WORDS = 10_000  # a decision's rationale or dissent, however many phones gave reasons
_DEVICE = re.compile(r"[0-9a-f]{16,64}")
_KEY = re.compile(r"[0-9a-f]{32,128}")
_HOST = re.compile(r"[0-9A-Za-z.:\-\[\]]{1,253}")  # an IPv4 or IPv6 address, or a host name
CODE_LETTERS = "ACDEFHJKMNPRTUVWXY3479"  # no 0/O, 1/I/L, 2/Z, 5/S, 6/G, 8/B: read aloud and typed on a phone


class Vote(NamedTuple):
    option: str
    reason: str
    at: str


class Identity(NamedTuple):
    """What makes a room the same room after a restart: phones keep their cookies."""

    code: str
    key: str
    host: str
    port: int


@dataclass
class RoomState:
    identity: Identity | None = None
    devices: dict[str, str] = field(default_factory=dict)  # device -> team
    members: Counter[str] = field(default_factory=Counter)  # team -> devices joined
    votes: dict[tuple[str, str], dict[str, Vote]] = field(default_factory=dict)  # (team, inject) -> device -> vote

    def apply(self, event: e.Event) -> None:
        payload = event.payload
        if isinstance(payload, e.RoomOpened):
            self.identity = Identity(payload.code, payload.key, payload.host, payload.port)
        elif isinstance(payload, e.DeviceJoined):
            previous = self.devices.get(payload.device)
            if previous is not None:
                self.members[previous] -= 1
            self.devices[payload.device] = payload.team
            self.members[payload.team] += 1
        elif isinstance(payload, e.VoteCast):
            ballot = self.votes.setdefault((payload.team, payload.inject), {})
            ballot.pop(payload.device, None)  # a changed vote moves to the end: the order is the order of last votes
            ballot[payload.device] = Vote(payload.option, payload.reason, event.at)


class Outcome(NamedTuple):
    """What a team's votes on one inject come to."""

    counts: Mapping[str, int]  # option id -> last votes for it
    winner: str | None  # the plurality, if one option leads alone
    tied: tuple[str, ...]  # the options sharing the lead, when none leads alone


def check_device(device: str) -> str:
    """A device id as the room mints them: 16 to 64 lowercase hex digits."""
    if not isinstance(device, str) or not _DEVICE.fullmatch(device):
        raise IllegalMove("a device id is 16 to 64 hexadecimal digits")
    return device


def check_identity(code: str, key: str, host: str, port: int) -> Identity:
    if not isinstance(code, str) or not 4 <= len(code) <= 12 or set(code) - set(CODE_LETTERS):
        raise IllegalMove(f"a join code is 4 to 12 of {CODE_LETTERS}")
    if not isinstance(key, str) or not _KEY.fullmatch(key):
        raise IllegalMove("a room key is 32 to 128 hexadecimal digits")
    if not isinstance(host, str) or not _HOST.fullmatch(host):
        raise IllegalMove(f"'{host}' is not an address to listen on")
    if not isinstance(port, int) or isinstance(port, bool) or not 1 <= port <= 65535:
        raise IllegalMove("a port runs from 1 to 65535")
    return Identity(code, key, host, port)


def outcome(ballot: Mapping[str, Vote] | None, order: Iterable[str]) -> Outcome:
    """The plurality of a ballot; ``order`` (the inject's option ids) orders counts and tied options."""
    counts = Counter(vote.option for vote in (ballot or {}).values())
    ranked = {option: counts[option] for option in order if counts[option]}
    if not ranked:
        return Outcome({}, None, ())
    top = max(ranked.values())
    leaders = tuple(option for option, count in ranked.items() if count == top)
    return Outcome(ranked, leaders[0] if len(leaders) == 1 else None, leaders if len(leaders) > 1 else ())


def alignment(ballot: Mapping[str, Vote] | None, chosen: str | None) -> float | None:
    """Votes for the chosen option over votes cast by the team's devices; None when none voted."""
    if not ballot or chosen is None:
        return None
    return sum(vote.option == chosen for vote in ballot.values()) / len(ballot)


def majority_words(ballot: Mapping[str, Vote], chosen: str) -> str:
    """The reasons of those who voted for the chosen option, as the decision's rationale."""
    return "; ".join(_reasons(vote for vote in ballot.values() if vote.option == chosen))


def minority_words(ballot: Mapping[str, Vote], chosen: str, letters: Mapping[str, str]) -> str:
    """The minority views in their own words: each other option voted for, its count and its reasons."""
    parts = []
    others = Counter(vote.option for vote in ballot.values() if vote.option != chosen)
    for option, count in sorted(others.items(), key=lambda item: (-item[1], letters.get(item[0], item[0]))):
        said = _reasons(vote for vote in ballot.values() if vote.option == option)
        votes = f"{count} vote{'s' if count > 1 else ''}"
        parts.append(f"{letters.get(option, option)} ({votes})" + (f": {'; '.join(said)}" if said else ""))
    return " · ".join(parts)


def decision_from_votes(
    inject: Inject, team: str, option: str, ballot: Mapping[str, Vote], revision: bool, reason: str = ""
) -> e.DecisionRecorded | e.DecisionRevised:
    """The team's decision from its phones: the majority's reasons as rationale, the minority's as dissent."""
    letters = {o.id: inject.letter(o.id) for o in inject.options}
    kind = e.DecisionRevised if revision else e.DecisionRecorded
    rationale = _capped(majority_words(ballot, option))
    dissent = _capped(minority_words(ballot, option, letters))
    return kind(team, inject.id, option, rationale, None, dissent, e.Source.ROOM, reason)


def _capped(text: str) -> str:
    return text if len(text) <= MAX_WORDS else text[: MAX_WORDS - 1] + "…"


def _reasons(votes: Iterable[Vote]) -> list[str]:
    seen: list[str] = []
    for vote in votes:
        if vote.reason and vote.reason not in seen:
            seen.append(vote.reason)
    return seen


__all__ = [
    "CODE_LETTERS", "MAX_DEVICES", "MAX_REASON", "Identity", "Outcome", "RoomState", "Vote", "alignment",
    "check_device", "check_identity", "decision_from_votes", "majority_words", "minority_words", "outcome",
]  # fmt: skip
