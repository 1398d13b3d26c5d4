"""Checks on what a facilitator or a team types: options, confidence, free text."""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping, Sequence

from tabletop.core.errors import ExerciseError, InvalidDecision, UnknownOption
from tabletop.core.events import DecisionMade
from tabletop.core.model import Inject, NormEffect
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


def clean(text: str, what: str, limit: int, multiline: bool = False) -> str:
    """Text as typed, trimmed, with control characters other than line breaks removed."""
    if not isinstance(text, str):
        raise ExerciseError(f"{what} must be text")
    if len(text) > limit:
        raise ExerciseError(f"{what} is too long ({len(text)} characters; at most {limit})")
    keep = "\n\t" if multiline else ""
    return "".join(c for c in text if c in keep or unicodedata.category(c) != "Cc").strip()


def check_classification(
    norms: Mapping[str, tuple[int, str]], framework: str, norm_ids: Sequence[str]
) -> tuple[NormEffect, ...]:
    """A facilitator's per-norm reading of a written answer, checked: known norms, -2..2, a why."""
    spec = []
    for norm, (effect, why) in norms.items():
        if norm not in norm_ids:
            raise InvalidDecision(f"'{norm}' is not a norm of {framework}")
        if not isinstance(effect, int) or isinstance(effect, bool) or not -2 <= effect <= 2:
            raise InvalidDecision(f"the effect on {norm} must be a whole number from -2 to 2")
        why = clean(why, "why", 10_000)
        if effect and not why:
            raise InvalidDecision(f"say why the decision has that effect on {norm}")
        spec.append(NormEffect(norm, effect, why))
    return tuple(spec)
