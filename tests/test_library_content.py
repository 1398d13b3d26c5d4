"""The library's content keeps the promises of issue 15: every choice has a price, every norm is
tested both ways, the norms that have no Microsoft counterpart are read directly where they
belong, and the text stays readable (few codenames, amounts with a currency, dated precedents)."""

from __future__ import annotations

import re
from collections import Counter
from functools import cache

import pytest

from tabletop.core.library import builtin_files
from tabletop.core.model import Inject, Option, Scenario

MICROSOFT = ("MS-1", "MS-2", "MS-3", "MS-4", "MS-5", "MS-6")
EACH_SIGN = 6  # options across the library that uphold, and that strain, each Microsoft norm
# Norms with no Microsoft counterpart that the library must read directly, where they belong.
DIRECT = {"PC-3": "elections", "GGE-e": "human rights", "GGE-b": "attribution", "GCSC-2": "election infrastructure"}
CODENAME = re.compile(r"\b[A-Z]{5,}\b")
YEAR = re.compile(r"\b(19|20)\d\d\b")
# "60 million people" counts things; "300 million" alone is money and needs its currency.
AMOUNT = re.compile(r"(?P<sign>[$€£]?)\b\d[\d,.]*\s+(?:million|billion)(?:\s+(?P<noun>\w+))?")
COUNTED = {"people", "users", "customers", "devices", "numbers", "patients", "phones", "terminals"}


@cache
def library() -> tuple[Scenario, ...]:
    return tuple(item.scenario for item in builtin_files())


def options() -> list[tuple[str, Inject, Option]]:
    return [(s.id, inject, option) for s in library() for inject in s.injects() for option in inject.options]


def texts(scenario: Scenario) -> list[tuple[str, str]]:
    """(where, text) for everything participants read."""
    found = [("summary", scenario.summary)]
    for inject in scenario.injects():
        found += [(inject.id, inject.title), (inject.id, inject.body), (inject.id, inject.question)]
        found += [(f"{inject.id}.{option.id}", option.label) for option in inject.options]
    return found


def test_the_library_has_eight_or_more_scenarios() -> None:
    assert len(library()) >= 8


def test_every_option_gains_something_and_costs_something() -> None:
    free = [
        f"{sid}/{inject.id}.{option.id}"
        for sid, inject, option in options()
        if not (any(e.effect > 0 for e in option.stakes) and any(e.effect < 0 for e in option.stakes))
    ]
    assert free == []


@pytest.mark.parametrize("norm", MICROSOFT)
def test_every_microsoft_norm_is_upheld_and_strained_across_the_library(norm: str) -> None:
    signs = Counter(e.effect > 0 for _, _, option in options() for e in option.norms if e.norm == norm and e.effect)
    assert signs[True] >= EACH_SIGN, f"{norm} upheld by only {signs[True]} options"
    assert signs[False] >= EACH_SIGN, f"{norm} strained by only {signs[False]} options"


@pytest.mark.parametrize("norm", sorted(DIRECT))
def test_norms_without_a_microsoft_counterpart_are_read_directly(norm: str) -> None:
    effects = [e.effect for _, _, option in options() for e in option.norms if e.norm == norm and e.effect]
    assert any(effect > 0 for effect in effects), f"no option upholds {norm} ({DIRECT[norm]})"
    assert any(effect < 0 for effect in effects), f"no option strains {norm} ({DIRECT[norm]})"


@pytest.mark.parametrize("scenario", library(), ids=lambda s: s.id)
def test_no_codenames_in_what_participants_read(scenario: Scenario) -> None:
    shouting = [(where, m.group()) for where, text in texts(scenario) for m in CODENAME.finditer(text)]
    assert shouting == []


@pytest.mark.parametrize("scenario", library(), ids=lambda s: s.id)
def test_amounts_of_money_carry_a_currency(scenario: Scenario) -> None:
    bare = [
        (where, m.group())
        for where, text in texts(scenario)
        for m in AMOUNT.finditer(text)
        if not m.group("sign") and (m.group("noun") or "") not in COUNTED
    ]
    assert bare == []


@pytest.mark.parametrize("scenario", library(), ids=lambda s: s.id)
def test_every_precedent_is_dated(scenario: Scenario) -> None:
    undated = [inject.id for inject in scenario.injects() if not YEAR.search(inject.source)]
    assert undated == []


@pytest.mark.parametrize("scenario", library(), ids=lambda s: s.id)
def test_every_label_is_its_own_at_a_glance(scenario: Scenario) -> None:
    """No label repeats, contains another, or appears in the inject's own text (the presenter shows each once)."""
    for inject in scenario.injects():
        labels = [option.label for option in inject.options]
        for label in labels:
            assert sum(label in other for other in labels) == 1, (inject.id, label)
            assert label not in inject.body, (inject.id, label)
            assert label not in inject.question, (inject.id, label)
