"""Scenario and norm-framework values: frozen dataclasses built by the loaders."""

from __future__ import annotations

import enum
import functools
from collections.abc import Iterator
from dataclasses import dataclass, field


def letter(index: int) -> str:
    """Option letters as participants see them: A..Z, then AA, AB, ... as spreadsheets do."""
    text = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        text = chr(65 + rest) + text
    return text


def letter_index(text: str) -> int | None:
    """The position a letter names (A is 0, AA is 26), or None if ``text`` is not letters."""
    text = text.strip().upper()
    if not text or not text.isascii() or not text.isalpha() or len(text) > 3:
        return None
    index = 0
    for char in text:
        index = index * 26 + ord(char) - 64
    return index - 1


class NormType(enum.Enum):
    """The two kinds of norm the 2014 paper distinguishes."""

    LIMITING_CONFLICT = "limiting-conflict"
    IMPROVING_DEFENCES = "improving-defences"


class Strength(enum.Enum):
    """How closely a norm in one framework matches a norm in another."""

    STRONG = "strong"
    PARTIAL = "partial"


@dataclass(frozen=True)
class Norm:
    id: str
    short: str
    text: str
    type: NormType
    guidance: str = ""  # later guidance on how to carry the norm out (the 2021 UN GGE report for GGE norms)


@dataclass(frozen=True)
class Criterion:
    """A test the framework's authors set for an effective norm."""

    id: str
    name: str
    text: str


@dataclass(frozen=True)
class CrosswalkLink:
    norm: str
    target: str
    strength: Strength


@dataclass(frozen=True)
class Crosswalk:
    """How this framework's norms map onto another framework's."""

    framework: str
    links: tuple[CrosswalkLink, ...]

    def targets(self, norm_id: str) -> tuple[CrosswalkLink, ...]:
        return tuple(link for link in self.links if link.norm == norm_id)


@dataclass(frozen=True)
class Framework:
    id: str
    title: str
    source: str
    url: str
    norms: tuple[Norm, ...]
    criteria: tuple[Criterion, ...] = ()
    crosswalks: tuple[Crosswalk, ...] = ()

    def norm(self, norm_id: str) -> Norm:
        for norm in self.norms:
            if norm.id == norm_id:
                return norm
        raise KeyError(norm_id)

    @property
    def norm_ids(self) -> tuple[str, ...]:
        return tuple(norm.id for norm in self.norms)


@dataclass(frozen=True)
class NormEffect:
    """What choosing an option does to one norm: -2 (violates) to +2 (exemplifies)."""

    norm: str
    effect: int
    why: str = ""


@dataclass(frozen=True)
class StakeEffect:
    """What choosing an option gains (+) or costs (-) the team's own state on one stake, -2..2."""

    stake: str
    effect: int
    why: str = ""


@dataclass(frozen=True)
class Option:
    id: str
    label: str
    escalation: int = 0
    norms: tuple[NormEffect, ...] = ()
    stakes: tuple[StakeEffect, ...] = ()

    def effect_on(self, norm_id: str) -> int:
        return sum(e.effect for e in self.norms if e.norm == norm_id)


@dataclass(frozen=True)
class Inject:
    id: str
    title: str
    body: str
    question: str
    minutes: int | None = None
    when: tuple[str, ...] = ()
    source: str = ""
    guidance: str = ""
    options: tuple[Option, ...] = ()

    @property
    def is_discussion(self) -> bool:
        """An inject without options takes free-text decisions."""
        return not self.options

    @property
    def is_consequence(self) -> bool:
        return bool(self.when)

    def option(self, option_id: str) -> Option:
        for option in self.options:
            if option.id == option_id:
                return option
        raise KeyError(option_id)

    def letter(self, option_id: str) -> str:
        """The option's letter as teams see it: A for the first, B for the second..."""
        for index, option in enumerate(self.options):
            if option.id == option_id:
                return letter(index)
        raise KeyError(option_id)

    def option_at(self, option_letter: str) -> Option | None:
        """The option a letter names (``"B"`` or ``"b"``), or None if there is none."""
        index = letter_index(option_letter)
        return self.options[index] if index is not None and index < len(self.options) else None

    def has_option(self, option_id: str) -> bool:
        return any(option.id == option_id for option in self.options)


@dataclass(frozen=True)
class Stage:
    id: str
    title: str
    injects: tuple[Inject, ...]
    minutes: int | None = None


@dataclass(frozen=True)
class Scenario:
    id: str
    title: str
    stages: tuple[Stage, ...]
    framework: str = "microsoft-2014"
    summary: str = ""
    objectives: tuple[str, ...] = ()
    minutes: int | None = None
    format: int = 1
    origin: str = field(default="", compare=False)

    def injects(self) -> Iterator[Inject]:
        for stage in self.stages:
            yield from stage.injects

    @functools.cached_property
    def _index(self) -> dict[str, tuple[Inject, Stage]]:
        """Injects by id, with their stage: reports look injects up thousands of times."""
        return {inject.id: (inject, stage) for stage in self.stages for inject in stage.injects}

    @functools.cached_property
    def inject_ids(self) -> tuple[str, ...]:
        """Every inject's id, in the order the scenario runs them."""
        return tuple(self._index)

    def inject(self, inject_id: str) -> Inject:
        return self._index[inject_id][0]

    def has_inject(self, inject_id: str) -> bool:
        return inject_id in self._index

    def stage_of(self, inject_id: str) -> Stage:
        return self._index[inject_id][1]

    @property
    def inject_count(self) -> int:
        return sum(len(stage.injects) for stage in self.stages)

    def norms_exercised(self) -> tuple[str, ...]:
        """Norm ids that at least one option moves, sorted."""
        return tuple(
            sorted(
                {
                    effect.norm
                    for inject in self.injects()
                    for option in inject.options
                    for effect in option.norms
                    if effect.effect
                }
            )
        )
