"""Reading a session's decisions through a norm framework (a *lens*): evidence, never invention.

Under the scenario's own framework an option's effects are read as written. Under another
framework, option by option: an effect written directly on the lens's norm is used as
written; otherwise each *strong* crosswalk link from a norm of the scenario's framework
carries that norm's effect over, each as an engagement of its own; a *partial* link is only
related evidence, never scored; a norm reached by neither is not covered by the scenario.
Crosswalk tables are declared once per pair of frameworks and read in both directions.
"""

from __future__ import annotations

import enum
import functools
from collections.abc import Iterable
from dataclasses import dataclass

from tabletop.core.frameworks import builtin_frameworks, get_framework
from tabletop.core.model import CrosswalkLink, Framework, NormEffect, Strength


class Basis(enum.Enum):
    """How a framework's norm was reached by a session's decisions; the order is strongest first."""

    DIRECT = "direct"
    STRONG = "strong"
    PARTIAL = "partial"
    NONE = "none"

    @property
    def rank(self) -> int:
        return _BASIS_RANK[self]


_BASIS_RANK = {Basis.DIRECT: 3, Basis.STRONG: 2, Basis.PARTIAL: 1, Basis.NONE: 0}


@dataclass(frozen=True)
class Carried:
    """An effect on a lens norm, and where it came from (the scenario norm it was carried from, if any)."""

    effect: NormEffect
    basis: Basis
    source: str = ""


@dataclass(frozen=True)
class Reading:
    """What a lens reads in one decision's effects: the effects it scores, and the partial links it only notes."""

    carried: tuple[Carried, ...] = ()
    related: tuple[tuple[str, NormEffect], ...] = ()  # (lens norm, the scenario effect partially linked to it)

    @property
    def effects(self) -> tuple[NormEffect, ...]:
        return tuple(item.effect for item in self.carried)


@functools.cache
def links(source: str, target: str) -> tuple[CrosswalkLink, ...]:
    """Every crosswalk link from ``source``'s norms to ``target``'s, whichever of the two files declares it."""
    found: list[CrosswalkLink] = []
    frameworks = builtin_frameworks()
    for walk in frameworks[source].crosswalks:
        if walk.framework == target:
            found.extend(walk.links)
    for walk in frameworks[target].crosswalks:
        if walk.framework == source:
            found.extend(CrosswalkLink(link.target, link.norm, link.strength) for link in walk.links)
    return tuple(found)


class Lens:
    """One framework read over a scenario written against another (or the same)."""

    def __init__(self, scenario_framework: str, framework: str | None = None) -> None:
        self.scenario: Framework = get_framework(scenario_framework)
        self.framework: Framework = get_framework(framework or scenario_framework)
        self.own = self.framework.id == self.scenario.id
        self._norms = frozenset(self.framework.norm_ids)
        self._strong: dict[str, list[str]] = {}
        self._partial: dict[str, list[str]] = {}
        for link in () if self.own else links(self.scenario.id, self.framework.id):
            table = self._strong if link.strength is Strength.STRONG else self._partial
            table.setdefault(link.norm, []).append(link.target)
        self._cache: dict[tuple[NormEffect, ...], Reading] = {}

    @property
    def id(self) -> str:
        return self.framework.id

    def read(self, effects: tuple[NormEffect, ...]) -> Reading:
        """The lens's reading of one decision's effects (its option's, or the facilitator's classification)."""
        found = self._cache.get(effects)
        if found is None:
            found = self._cache[effects] = self._read(effects)
        return found

    def _read(self, effects: tuple[NormEffect, ...]) -> Reading:
        moving = [effect for effect in effects if effect.effect]
        direct = {effect.norm for effect in moving if effect.norm in self._norms}
        carried = [Carried(effect, Basis.DIRECT) for effect in moving if effect.norm in self._norms]
        if self.own:
            return Reading(tuple(carried))
        related: list[tuple[str, NormEffect]] = []
        for effect in moving:
            if effect.norm not in self.scenario.norm_ids:
                continue
            for target in self._strong.get(effect.norm, ()):
                if target not in direct:  # a direct effect on the lens norm wins for this option
                    carried.append(Carried(NormEffect(target, effect.effect, effect.why), Basis.STRONG, effect.norm))
            related.extend((target, effect) for target in self._partial.get(effect.norm, ()) if target not in direct)
        return Reading(tuple(carried), tuple(related))

    def basis(self, readings: Iterable[Reading]) -> dict[str, Basis]:
        """Each lens norm's basis over a session: the strongest way any decision reached it."""
        found = dict.fromkeys(self.framework.norm_ids, Basis.NONE)
        for reading in readings:
            for item in reading.carried:
                if item.basis.rank > found[item.effect.norm].rank:
                    found[item.effect.norm] = item.basis
            for norm, _ in reading.related:
                if found[norm] is Basis.NONE:
                    found[norm] = Basis.PARTIAL
        return found


def lens_ids() -> tuple[str, ...]:
    """Every framework a session can be read through."""
    return tuple(builtin_frameworks())
