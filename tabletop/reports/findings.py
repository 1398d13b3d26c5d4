"""Findings by norm: what upheld or strained each norm, in the teams' words, and at what price.

Each rationale is quoted once, under the norm its decision moved most; trade-offs name both
the other norms an option moved the other way and the stakes it gained or cost; written
answers to discussion injects appear with the facilitator's reading of them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Container

from tabletop.core.model import NormEffect
from tabletop.core.state import Decision
from tabletop.reports import context as c
from tabletop.reports.cells import norm_info
from tabletop.reports.crosswalk import related_decisions
from tabletop.reports.facts import Facts, join_names, signed
from tabletop.reports.narrative import entropy, finding_summary, split_text, widest_splits
from tabletop.reports.stakes import stake_words, team_stakes

QUOTES_PER_NORM = 6
SPLITS_LISTED = 8
LISTED = 12  # longer lists go unread; the decision log holds every decision


def findings(facts: Facts) -> tuple[c.Finding, ...]:
    """Per norm: the options taken that upheld or strained it, the teams' words, the trade-offs."""
    upheld, strained, unlisted = _choice_groups(facts)
    quotes = quotes_by_norm(facts)
    trades = tradeoffs(facts)
    related = related_decisions(facts, facts.framework.id, LISTED) if not facts.lens.own else {}
    return tuple(
        c.Finding(
            norm=norm_info(norm),
            summary=finding_summary(facts, norm.id),
            upheld=tuple(upheld[norm.id]),
            strained=tuple(strained[norm.id]),
            quotes=tuple(quotes[norm.id]),
            tradeoffs=trades[norm.id][:LISTED],
            more_upheld=unlisted[(norm.id, True)],
            more_strained=unlisted[(norm.id, False)],
            more_tradeoffs=max(len(trades[norm.id]) - LISTED, 0),
            basis=facts.basis[norm.id].value,
            related=tuple(related.get(norm.id, ())),
        )
        for norm in facts.framework.norms
    )


Groups = dict[str, list[c.ChoiceGroup]]


def _choice_groups(facts: Facts) -> tuple[Groups, Groups, Counter[tuple[str, bool]]]:
    upheld: Groups = {norm: [] for norm in facts.norms}
    strained: Groups = {norm: [] for norm in facts.norms}
    unlisted: Counter[tuple[str, bool]] = Counter()
    for inject_id, option_id, effects, decisions in facts.groups():
        for effect in effects:
            if not effect.effect or effect.norm not in upheld:
                continue
            listed = (upheld if effect.effect > 0 else strained)[effect.norm]
            if len(listed) >= LISTED:
                unlisted[(effect.norm, effect.effect > 0)] += 1
                continue
            title = facts.exercise.inject(inject_id).title
            label = facts.label(inject_id, option_id) if option_id else "written answer, as classified"
            answer = decisions[0].rationale.strip() if not option_id else ""
            teams = join_names([d.team for d in decisions])
            listed.append(c.ChoiceGroup(title, label, teams, signed(effect.effect, 0), effect.why, answer))
    return upheld, strained, unlisted


def quotes_by_norm(facts: Facts) -> dict[str, list[c.Quote]]:
    """Each rationale once, under the norm its decision moved most (the largest effect, the first such norm).

    Per norm, the quotes from the largest effects come first, then in the order decided; a
    choice's home norm is found once for all the teams that took it.
    """
    quotes: dict[str, list[c.Quote]] = {norm: [] for norm in facts.norms}
    homes: dict[int, tuple[int, str] | None] = {}
    picked: dict[tuple[int, str], list[Decision]] = {}
    read = facts.standing.scored(facts.lens.id)
    for decision, number in zip(facts.finals, facts.standing.choice_of, strict=True):
        if decision.option is None or not decision.rationale.strip():  # a written answer is shown with its reading
            continue
        if number not in homes:
            homes[number] = _home(read[number].effects, quotes)
        home = homes[number]
        if home is not None:
            found = picked.setdefault(home, [])
            if len(found) < QUOTES_PER_NORM:
                found.append(decision)
    for size, norm in sorted(picked, key=lambda home: -home[0]):
        for decision in picked[(size, norm)][: QUOTES_PER_NORM - len(quotes[norm])]:
            quotes[norm].append(_quote(facts, decision))
    return quotes


def _home(effects: tuple[NormEffect, ...], norms: Container[str]) -> tuple[int, str] | None:
    """The size and norm of the largest effect among ``norms`` (the first of the largest), or None."""
    moving = [e for e in effects if e.effect and e.norm in norms]
    if not moving:
        return None
    home = max(moving, key=lambda e: abs(e.effect))
    return abs(home.effect), home.norm


def _quote(facts: Facts, decision: Decision) -> c.Quote:
    confidence = f" (confidence {decision.confidence}/5)" if decision.confidence else ""
    title = facts.exercise.inject(decision.inject).title
    return c.Quote(decision.team, title, facts.choosing(decision), decision.rationale.strip(), confidence)


def tradeoffs(facts: Facts) -> dict[str, tuple[str, ...]]:
    """Per norm: options taken that moved it and either moved another norm the other way or moved a stake."""
    found: dict[str, list[str]] = {norm: [] for norm in facts.norms}
    for inject_id, option_id, effects, decisions in facts.groups():
        moving = [e for e in effects if e.effect and e.norm in found]
        stakes = facts.scored[(decisions[0].team, decisions[0].inject)].stakes
        if not option_id or not moving:
            continue
        inject = facts.exercise.inject(inject_id)
        teams = join_names([d.team for d in decisions])
        head = f"\u201c{inject.option(option_id).label}\u201d on \u201c{inject.title}\u201d, chosen by {teams}"
        for effect in moving:
            others = [e for e in moving if e.effect * effect.effect < 0]
            # a price paid for upholding, or a gain taken at the norm's expense
            priced = [s for s in stakes if s.effect and s.effect * effect.effect < 0]
            if not others and not priced:
                continue
            clause = f"{head}, {moved(effect)}"
            if priced:
                clause += f" {stake_words(priced)}"
            if others:
                clause += f"{',' if priced else ''} but {join_names([moved(o) for o in others])}"
            found[effect.norm].append(clause + ".")
    return {norm: tuple(lines) for norm, lines in found.items()}


def verb(effect: int) -> str:
    """The method's band word for a single effect: +1 and +2 uphold, \u22121 strains, \u22122 violates."""
    return "upheld" if effect > 0 else "violated" if effect <= -2 else "strained"


def moved(effect: NormEffect) -> str:
    return f"{verb(effect.effect)} {effect.norm} ({signed(effect.effect, 0)}: {effect.why})"


def divergence(facts: Facts) -> tuple[str, tuple[str, ...]]:
    """A sentence on how often teams split, and the splits themselves, the widest first."""
    if len(facts.exercise.teams) < 2:
        return "With a single team there is no divergence to read.", ()
    shared = [i for i in facts.delivered if i.options and len(facts.by_inject.get(i.id, ())) > 1]
    split = widest_splits(facts)
    if not split:
        return "Every inject with options that more than one team answered drew the same choice from all of them.", ()
    lines = tuple(
        f"\u201c{facts.exercise.inject(i).title}\u201d ({entropy(facts.split(i)):.2f} bits): {split_text(facts, i)}."
        for i in split[:SPLITS_LISTED]
    )
    more = len(split) - len(lines)
    tail = f" The {len(lines)} widest are listed; the chart shows the other {more}." if more else ""
    head = f"Teams split on {len(split)} of the {len(shared)} injects with options that more than one team answered."
    measure = (
        " The widest split is the most even spread of choices, measured by its entropy in bits: "
        "0 when every team chose alike, 1 for an even split between two options, more for wider ones."
    )
    return head + measure + tail, lines


TOP_NORMS = 2


def top_findings(facts: Facts) -> tuple[c.TopFinding, ...]:
    """For the brief: the norms that divided the teams most, and who paid for restraint or gained from its absence."""
    found = [c.TopFinding(f"{norm} {facts.short(norm)}", finding_summary(facts, norm)) for norm in _dividing(facts)]
    found.extend(_prices(facts))
    return tuple(found)


def _dividing(facts: Facts) -> list[str]:
    """Tested norms, the widest spread of team scores first (then the most decisions behind them)."""
    spread = []
    for norm in facts.norms:
        scores = [s.norms[norm] for s in facts.scores.values() if s.norms[norm].score is not None]
        if scores:
            values = [s.score or 0.0 for s in scores]
            spread.append((-(max(values) - min(values)), -sum(s.engaged for s in scores), norm))
    return [norm for *_, norm in sorted(spread)[:TOP_NORMS]]


def _prices(facts: Facts) -> list[c.TopFinding]:
    scores = [s for s in facts.scores.values() if s.index is not None]
    paid = [s for s in scores if (s.index or 0) > 0 and s.balance < 0]
    gained = [s for s in scores if (s.index or 0) < 0 and s.balance > 0]
    found = []
    if paid:
        most = min(paid, key=lambda s: (s.balance, -(s.index or 0)))
        text = f"{most.team} upheld the norms (index {signed(most.index, 1)}) at the most cost: {team_stakes(most)}."
        found.append(c.TopFinding("Who paid for restraint", text))
    if gained:
        most = max(gained, key=lambda s: (s.balance, -(s.index or 0)))
        text = f"{most.team} gained most at the norms' expense (index {signed(most.index, 1)}): {team_stakes(most)}."
        found.append(c.TopFinding("Who gained at a norm's expense", text))
    return found
