"""Checks on what a facilitator or a team types: options, confidence, free text."""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping, Sequence

from tabletop.core.errors import ExerciseError, InvalidDecision, UnknownOption
from tabletop.core.events import DecisionMade
from tabletop.core.model import Inject, NormEffect, StakeEffect
from tabletop.core.state import Decision


def when_words(inject: Inject) -> str:
    if not inject.when:
        return "it went to the teams chosen when it was delivered"
    return "it goes only to teams that chose " + " or ".join(inject.when)


def check_option(inject: Inject, option: str | None) -> str | None:
    option = option or None
    if inject.is_discussion:
        if option is not None:
            raise UnknownOption(f"'{inject.id}' is a discussion inject and has no options")
        return None
    if option is None:
        choices = ", ".join(o.id for o in inject.options)
        raise InvalidDecision(f"choose an option for '{inject.id}' ({choices})")
    if not inject.has_option(option):
        choices = ", ".join(o.id for o in inject.options)
        raise UnknownOption(f"'{inject.id}' has no option '{option}' (it has {choices})")
    return option


def check_confidence(confidence: int | None) -> int | None:
    if confidence is None:
        return None
    if isinstance(confidence, bool) or not isinstance(confidence, int) or not 1 <= confidence <= 5:
        raise InvalidDecision(f"confidence is a whole number from 1 to 5, not {confidence!r}")
    return confidence


def unchanged(current: Decision | None, new: DecisionMade) -> bool:
    """Whether a decision says exactly what already stands (then there is nothing to record)."""
    if current is None:
        return False
    now = (current.option, current.rationale, current.confidence, current.dissent)
    return now == (new.option, new.rationale, new.confidence, new.dissent)


# Letters of other scripts drawn like Latin ones: enough to stop "R\u0435d" (a Cyrillic e) passing for a new team.
_LOOKALIKES = str.maketrans(
    "\u0430\u0432\u0435\u0455\u0456\u0458\u043a\u043c\u043d\u043e\u0440\u0441\u0442\u0443\u0445\u0501\u04bb"
    "\u03b1\u03b2\u03b5\u03b9\u03ba\u03bd\u03bf\u03c1\u03c4\u03c5\u03c7",
    "abesijkmhopctyxdhabeikvoptux",
)


def clean_name(text: str, what: str, limit: int) -> str:
    """A name as it will be shown: composed (NFC), without invisible characters, single-spaced."""
    text = clean(text, what, limit)
    visible = "".join(c for c in unicodedata.normalize("NFC", text) if unicodedata.category(c) != "Cf")
    return " ".join(visible.split())


def name_key(name: str) -> str:
    """What makes two names the same name: case, width, invisible characters and look-alike letters aside."""
    folded = unicodedata.normalize("NFKC", name).casefold()
    kept = "".join(c for c in folded if unicodedata.category(c) not in ("Cf", "Mn"))
    return " ".join(kept.translate(_LOOKALIKES).split())


def clean(text: str, what: str, limit: int, multiline: bool = False) -> str:
    """Text as typed, trimmed, with control characters other than line breaks removed."""
    if not isinstance(text, str):
        raise ExerciseError(f"{what} must be text")
    if len(text) > limit:
        raise ExerciseError(f"{what} is too long ({len(text)} characters; at most {limit})")
    return text.translate(_CONTROLS_BUT_LINES if multiline else _CONTROLS).strip()


# Unicode's category Cc is exactly these 65 code points (C0, DEL and C1), in every version:
# removing them by table does in one C call what asking each character's category did in a loop.
_CONTROLS = dict.fromkeys([*range(0x20), *range(0x7F, 0xA0)])
_CONTROLS_BUT_LINES = {code: None for code in _CONTROLS if chr(code) not in "\n\t"}


def check_classification(
    norms: Mapping[str, tuple[int, str]], framework: str, norm_ids: Sequence[str]
) -> tuple[NormEffect, ...]:
    """A facilitator's per-norm reading of a written answer, checked: known norms, -2..2, a why."""
    return tuple(NormEffect(*checked) for checked in _readings(norms, norm_ids, f"a norm of {framework}"))


def check_stakes(stakes: Mapping[str, tuple[int, str]], stake_ids: Sequence[str]) -> tuple[StakeEffect, ...]:
    """The same reading for what the answer gains or costs the team's state."""
    return tuple(StakeEffect(*checked) for checked in _readings(stakes, stake_ids, "a stake"))


def _readings(given: Mapping[str, tuple[int, str]], known: Sequence[str], what: str) -> list[tuple[str, int, str]]:
    found = []
    for name, (effect, why) in given.items():
        if name not in known:
            raise InvalidDecision(f"'{name}' is not {what}")
        if not isinstance(effect, int) or isinstance(effect, bool) or not -2 <= effect <= 2:
            raise InvalidDecision(f"the effect on {name} must be a whole number from -2 to 2")
        why = clean(why, "why", 10_000)
        if effect and not why:
            raise InvalidDecision(f"say why the decision has that effect on {name}")
        found.append((name, effect, why))
    return found
