"""The one place event payloads become stored data and back: plain JSON-ready dicts.

The dict layout is the one round 1 wrote, so every database ever written reads back, and
the JSON debrief's log says the same as before. A field at its default is left out
unless round 1 always wrote it: the same payload always gives the same dict.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable, Mapping
from dataclasses import fields
from typing import Any

from tabletop.core import events as e
from tabletop.core.model import NormEffect, StakeEffect

Data = dict[str, Any]


class DamagedEvent(ValueError):
    """Stored data that is not an event this version knows."""


def _effects(payload: e.DecisionClassified) -> Data:
    data: Data = {
        "team": payload.team,
        "inject": payload.inject,
        "norms": {effect.norm: {"effect": effect.effect, "why": effect.why} for effect in payload.norms},
    }
    if payload.stakes:
        data["stakes"] = {effect.stake: {"effect": effect.effect, "why": effect.why} for effect in payload.stakes}
    return data


def _decision(payload: e.DecisionMade) -> Data:
    data: Data = {"team": payload.team, "inject": payload.inject, "option": payload.option}
    if not payload.withdrawn:
        data.update(rationale=payload.rationale, confidence=payload.confidence, dissent=payload.dissent)
    data["source"] = payload.source.value
    if payload.undoes is not None:
        data["undoes"] = payload.undoes
    if payload.withdrawn:
        data["withdrawn"] = True
    if payload.reason:
        data["reason"] = payload.reason
    return data


def _hotwash(payload: e.HotwashUpdated) -> Data:
    plan = [{"action": item.action, "owner": item.owner, "due": item.due} for item in payload.plan]
    return {"strengths": payload.strengths, "improvements": payload.improvements, "plan": plan}


def _adhoc(payload: e.AdhocInjectAdded) -> Data:
    data: Data = {
        "id": payload.id,
        "title": payload.title,
        "body": payload.body,
        "question": payload.question,
        "options": [_adhoc_option(option) for option in payload.options],
        "minutes": payload.minutes,
    }
    if payload.teams:
        data["teams"] = list(payload.teams)
    return data


def _adhoc_option(option: e.AdhocOption) -> str | Data:
    """A bare label, as round 1 wrote it, unless the option carries effects."""
    if not option.norms and not option.stakes:
        return option.label
    return {
        "label": option.label,
        "norms": {effect.norm: {"effect": effect.effect, "why": effect.why} for effect in option.norms},
        "stakes": {effect.stake: {"effect": effect.effect, "why": effect.why} for effect in option.stakes},
    }


def _vote(payload: e.VoteCast) -> Data:
    data: Data = {"inject": payload.inject, "team": payload.team, "device": payload.device, "option": payload.option}
    if payload.reason:
        data["reason"] = payload.reason
    return data


def _created(payload: e.Created) -> Data:
    return {
        "session": payload.session,
        "name": payload.name,
        "facilitator": payload.facilitator,
        "scenario": payload.scenario,
        "framework": payload.framework,
    }


_ENCODERS: dict[e.EventKind, Callable[[Any], Data]] = {
    e.EventKind.CREATED: _created,
    e.EventKind.TEAM_ADDED: lambda p: {"team": p.team, "color": p.color},
    e.EventKind.STAGE_STARTED: lambda p: {"stage": p.stage},
    e.EventKind.INJECT_DELIVERED: lambda p: {"inject": p.inject, "teams": list(p.teams)},
    e.EventKind.VOTING_OPENED: lambda p: {"inject": p.inject},
    e.EventKind.VOTING_LOCKED: lambda p: {"inject": p.inject},
    e.EventKind.DECISION_RECORDED: _decision,
    e.EventKind.DECISION_REVISED: _decision,
    e.EventKind.DECISION_CLASSIFIED: _effects,
    e.EventKind.RESULT_REVEALED: lambda p: {"inject": p.inject},
    e.EventKind.PAUSED: lambda p: {},
    e.EventKind.RESUMED: lambda p: {},
    e.EventKind.COUNTDOWN_STARTED: lambda p: {"inject": p.inject, "seconds": p.seconds},
    e.EventKind.NOTE_ADDED: lambda p: {"text": p.text, "inject": p.inject},
    e.EventKind.ADHOC_INJECT_ADDED: _adhoc,
    e.EventKind.HOTWASH_UPDATED: _hotwash,
    e.EventKind.ENDED: lambda p: {},
    e.EventKind.ROOM_OPENED: lambda p: {"code": p.code, "key": p.key, "host": p.host, "port": p.port},
    e.EventKind.DEVICE_JOINED: lambda p: {"device": p.device, "team": p.team},
    e.EventKind.VOTE_CAST: _vote,
}

_SOURCES = {source.value: source for source in e.Source}


def builder(cls: type[Any]) -> Callable[..., Any]:
    """A positional constructor for a frozen, slotted payload class that skips its ``__init__``.

    WORKAROUND: a frozen dataclass's ``__init__`` sets each field through
    ``object.__setattr__``, about a microsecond for a decision's ten fields; resuming a
    long session builds hundreds of thousands. Setting the slots through their descriptors
    gives the same object (equal, hashable, still frozen) in half the time. The function is
    generated once per class, as ``dataclasses`` generates ``__init__`` itself.
    """
    names = [field.name for field in fields(cls)]
    setters = {f"set_{name}": _slot(cls, name).__set__ for name in names}
    body = "".join(f"    set_{name}(payload, {name})\n" for name in names)
    source = f"def build({', '.join(names)}):\n    payload = new(cls)\n{body}    return payload\n"
    space: dict[str, Any] = {"new": object.__new__, "cls": cls, **setters}
    exec(source, space)  # the text is made here from the class's own field names
    return space["build"]  # type: ignore[no-any-return]


def _slot(cls: type[Any], name: str) -> Any:
    for klass in cls.__mro__:
        if name in klass.__dict__:
            return klass.__dict__[name]
    raise AttributeError(name)


def _read_decision(cls: type[e.DecisionMade]) -> Callable[[Mapping[str, Any]], e.DecisionMade]:
    build = builder(cls)
    sources = _SOURCES
    intern = sys.intern  # a long log names the same few teams, injects and options hundreds of thousands of times

    def read(d: Mapping[str, Any]) -> e.DecisionMade:
        get = d.get
        if "rationale" in d:  # every decision but a withdrawing undo: read the fields always written directly
            rationale, confidence, dissent = d["rationale"], d["confidence"], d["dissent"]
        else:
            rationale, confidence, dissent = "", None, ""
        option = d["option"]
        return build(  # type: ignore[no-any-return]
            intern(d["team"]),
            intern(d["inject"]),
            option if option is None else intern(option),
            rationale,
            confidence,
            dissent,
            sources[get("source", "console")],
            get("reason", ""),
            get("withdrawn", False) is True,
            get("undoes"),
        )

    return read


def _read_classified(d: Mapping[str, Any]) -> e.DecisionClassified:
    norms = tuple(NormEffect(norm, spec["effect"], spec.get("why", "")) for norm, spec in d["norms"].items())
    stakes = tuple(
        StakeEffect(stake, spec["effect"], spec.get("why", "")) for stake, spec in d.get("stakes", {}).items()
    )
    return e.DecisionClassified(d["team"], d["inject"], norms, stakes)


def _read_hotwash(d: Mapping[str, Any]) -> e.HotwashUpdated:
    plan = tuple(e.PlanItem(row.get("action", ""), row.get("owner", ""), row.get("due", "")) for row in d["plan"])
    return e.HotwashUpdated(d.get("strengths", ""), d.get("improvements", ""), plan)


def _read_adhoc(d: Mapping[str, Any]) -> e.AdhocInjectAdded:
    options = tuple(_read_adhoc_option(option) for option in d.get("options", ()))
    teams = tuple(d.get("teams", ()))
    return e.AdhocInjectAdded(d["id"], d["title"], d["body"], d["question"], options, d.get("minutes"), teams)


def _read_adhoc_option(option: Any) -> e.AdhocOption:
    if isinstance(option, str):
        return e.AdhocOption(option)
    norms = tuple(NormEffect(k, v["effect"], v.get("why", "")) for k, v in option.get("norms", {}).items())
    stakes = tuple(StakeEffect(k, v["effect"], v.get("why", "")) for k, v in option.get("stakes", {}).items())
    return e.AdhocOption(option["label"], norms, stakes)


def _read_created(d: Mapping[str, Any]) -> e.Created:
    get = d.get
    return e.Created(d["session"], d["name"], get("facilitator", ""), get("scenario", ""), get("framework", ""))


_DECODERS: dict[str, Callable[[Mapping[str, Any]], e.Payload]] = {
    "created": _read_created,
    "team_added": lambda d: e.TeamAdded(d["team"], d["color"]),
    "stage_started": lambda d: e.StageStarted(d["stage"]),
    "inject_delivered": lambda d: e.InjectDelivered(d["inject"], tuple(d["teams"])),
    "voting_opened": lambda d: e.VotingOpened(d["inject"]),
    "voting_locked": lambda d: e.VotingLocked(d["inject"]),
    "decision_recorded": _read_decision(e.DecisionRecorded),  # type: ignore[dict-item]
    "decision_revised": _read_decision(e.DecisionRevised),  # type: ignore[dict-item]
    "decision_classified": _read_classified,
    "result_revealed": lambda d: e.ResultRevealed(d["inject"]),
    "paused": lambda d: e.Paused(),
    "resumed": lambda d: e.Resumed(),
    "countdown_started": lambda d: e.CountdownStarted(d["inject"], d["seconds"]),
    "note_added": lambda d: e.NoteAdded(d["text"], d.get("inject")),
    "adhoc_inject_added": _read_adhoc,
    "hotwash_updated": _read_hotwash,
    "ended": lambda d: e.Ended(),
    "room_opened": lambda d: e.RoomOpened(d["code"], d["key"], d["host"], d["port"]),
    "device_joined": lambda d: e.DeviceJoined(d["device"], d["team"]),
    "vote_cast": lambda d: e.VoteCast(d["inject"], d["team"], d["device"], d["option"], d.get("reason", "")),
}


def knows(kind: str) -> bool:
    """Whether this version can read events of a stored kind (a newer version may have written others)."""
    return kind in _DECODERS


def to_data(payload: e.Payload) -> Data:
    """The payload as a JSON-ready dict, in round 1's layout."""
    return _ENCODERS[payload.KIND](payload)


def from_data(kind: str, data: Mapping[str, Any]) -> e.Payload:
    """The payload a stored kind and dict describe; raises DamagedEvent for anything else."""
    reader = _DECODERS.get(kind)
    if reader is None:
        raise DamagedEvent(f"unknown event kind '{kind}'")
    try:
        return reader(data)
    except (KeyError, TypeError, AttributeError) as error:
        raise DamagedEvent(f"a '{kind}' event lacks {error}") from None


def encode(payload: e.Payload) -> str:
    """The payload as compact JSON text, for a database row."""
    return _ENCODE(to_data(payload))


# json.dumps with any option builds a new encoder each call: one, made once, writes the same text.
_ENCODE = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def decode_rows(rows: Iterable[tuple[int, str, str, str]]) -> list[e.Event]:
    """Events from database rows (seq, kind, at, JSON text), read as they come: the resume path, kept lean.

    A row the short way cannot read goes through ``decode``, which reads it or says which
    event is damaged and how.
    """
    readers, scan, new, event = _DECODERS, _SCAN, tuple.__new__, e.Event
    found = []
    for row in rows:
        seq, kind, at, text = row
        try:
            data, end = scan(text, 0)
            if end != len(text):
                raise ValueError(text)
            found.append(new(event, (seq, at, readers[kind](data))))
        except (KeyError, TypeError, AttributeError, ValueError, StopIteration):
            found.append(decode(*row))
    return found


# WORKAROUND: json.loads wraps the C scanner in two Python-level calls (the whitespace and
# trailing-data checks), a third of the cost of reading a short row. Our own rows are
# compact JSON, so the scanner reads them directly; it must consume the whole text, and
# anything else (whitespace, trailing data, not JSON at all) goes through json.loads.
_SCAN: Callable[[str, int], tuple[Any, int]] = json.JSONDecoder().scan_once  # type: ignore[attr-defined]


def decode(seq: int, kind: str, at: str, text: str) -> e.Event:
    """An event from a database row."""
    try:
        data = json.loads(text)
    except ValueError as error:
        raise DamagedEvent(f"event {seq} is not valid JSON ({error})") from None
    if not isinstance(data, dict):
        raise DamagedEvent(f"event {seq} is not a JSON object")
    return e.Event(seq, at, from_data(kind, data))
