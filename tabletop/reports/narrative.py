"""The written parts of the debrief: sentences composed from the session's data."""

from __future__ import annotations

import math
from collections import Counter

from tabletop.core.lens import Basis
from tabletop.core.scoring import Band, NormScore, TeamScore
from tabletop.core.wording import counted
from tabletop.reports.facts import Facts, duration_text, join_names, signed
from tabletop.reports.stakes import team_stakes

NAMED_TEAMS = 8  # past this, a sentence of names goes unread: the cover and the matrix list every team


def executive_summary(facts: Facts) -> tuple[str, ...]:
    """Paragraphs: who played what, how teams stood, where they split, what went untested."""
    paragraphs = [_overview(facts), _standing(facts), _divergence(facts), _escalation(facts), _gaps(facts)]
    return tuple(text for text in paragraphs if text)


def _overview(facts: Facts) -> str:
    exercise = facts.exercise
    teams = [team.name for team in exercise.teams]
    total = exercise.scenario.inject_count
    got = sum(1 for inject in facts.delivered if not exercise.is_adhoc(inject.id))
    count = {1: "One team", 2: "Two teams", 3: "Three teams", 4: "Four teams"}.get(len(teams), f"{len(teams)} teams")
    who = f"{count} ({join_names(teams)})" if 0 < len(teams) <= NAMED_TEAMS else count if teams else "No team"
    played = f"{who} played {exercise.scenario.title}{_over(facts)}."
    delivered = f"{got} of the scenario's {counted(total, 'inject')} {'was' if got == 1 else 'were'} delivered"
    return (
        f"{played} {delivered}, and {counted(len(facts.finals), 'decision')} stood at the end.{_adhoc(facts)} "
        f"Each was read against {facts.framework.title}."
    )


def timed(facts: Facts) -> bool:
    """Whether a clock ran: a session recorded all at once (from a CSV without minutes) has no exercise time."""
    return facts.exercise.elapsed() >= 1


def _over(facts: Facts) -> str:
    return f" over {duration_text(facts.exercise.elapsed())} of exercise time" if timed(facts) else ""


def _adhoc(facts: Facts) -> str:
    """' and 1 ad-hoc inject the facilitator wrote (“Title”)', counted apart from the scenario's."""
    adhoc = [inject for inject in facts.delivered if facts.exercise.is_adhoc(inject.id)]
    if not adhoc:
        return ""
    titles = join_names([f"\u201c{inject.title}\u201d" for inject in adhoc])
    return f" The facilitator also wrote and delivered {counted(len(adhoc), 'ad-hoc inject')} ({titles})."


def _standing(facts: Facts) -> str:
    ranked = sorted((s for s in facts.scores.values() if s.index is not None), key=lambda s: -(s.index or 0))
    if not ranked:
        return "No decision moved any norm, so no team has an index."
    if len(ranked) == 1:
        return f"{ranked[0].team} finished with a norm index of {signed(ranked[0].index, 1)} (from {_range()})."
    top, bottom = ranked[0], ranked[-1]
    if top.index == bottom.index:
        return f"Every team finished level, with a norm index of {signed(top.index, 1)} (from {_range()})."
    return (
        f"{top.team} kept closest to the norms, with an index of {signed(top.index, 1)} (from {_range()}); "
        f"{bottom.team} stood furthest from them at {signed(bottom.index, 1)}."
    )


def _range() -> str:
    return "\u2212100, every norm violated, to +100, every norm upheld"


def _divergence(facts: Facts) -> str:
    if len(facts.exercise.teams) < 2:
        return ""
    split = widest_splits(facts)
    shared = [i for i in facts.delivered if i.options and len(facts.by_inject.get(i.id, ())) > 1]
    if not split:
        return "Teams chose alike on every inject with options that they shared."
    widest = split[0]
    title = facts.exercise.inject(widest).title
    return (
        f"Teams chose differently on {len(split)} of the {len(shared)} injects with options that more than one team "
        f"answered. The widest split, the most even spread of choices, came on \u201c{title}\u201d: "
        f"{split_text(facts, widest)}."
    )


def _escalation(facts: Facts) -> str:
    scores = list(facts.scores.values())
    if not scores or all(s.escalation == 0 for s in scores):
        return ""
    high = max(scores, key=lambda s: s.escalation)
    low = min(scores, key=lambda s: s.escalation)
    if high.escalation == low.escalation:
        return f"All teams' choices added up to the same escalation, {signed(high.escalation, 0)}."
    return (
        f"Escalation ran from {signed(low.escalation, 0)} ({low.team}) to {signed(high.escalation, 0)} "
        f"({high.team}), summing the escalation the scenario gives each chosen option."
    )


def _gaps(facts: Facts) -> str:
    untested = [
        f"{norm} {facts.short(norm)}"
        for norm in facts.norms
        if all(score.norms[norm].band is Band.NOT_TESTED for score in facts.scores.values())
        and facts.coverage.get(norm) is not Basis.NONE
    ]
    uncovered = [f"{norm} {facts.short(norm)}" for norm in facts.norms if facts.coverage.get(norm) is Basis.NONE]
    floored = [
        f"{score.team} on {norm}" for score in facts.scores.values() for norm, s in score.norms.items() if s.floored
    ]
    parts = []
    if untested:
        parts.append(f"No decision tested {join_names(untested)}.")
    if uncovered:
        parts.append(f"The scenario does not cover {join_names(uncovered)}: no option reaches them.")
    if floored:
        held = join_names(floored) if len(floored) <= NAMED_TEAMS else _floored_count(facts, len(floored))
        parts.append(
            f"The floor rule held {held} at strained: a single decision there violated the norm "
            "outright, which no average can offset."
        )
    return " ".join(parts)


def _floored_count(facts: Facts, readings: int) -> str:
    teams = sum(1 for score in facts.scores.values() if any(s.floored for s in score.norms.values()))
    return f"{readings} readings of {counted(teams, 'team')} (the matrix marks each with an asterisk)"


def team_line(facts: Facts, score: TeamScore) -> str:
    """One sentence per team: its index and escalation, its strongest and weakest norms."""
    tested = [s for s in score.norms.values() if s.score is not None]
    head = (
        f"{score.team}: index {signed(score.index, 1)}, {team_stakes(score)}, escalation {signed(score.escalation, 0)}"
    )
    if not tested:
        return f"{head}; none of its decisions moved a norm."
    best = max(tested, key=lambda s: (s.band.rank, s.score or 0))
    worst = min(tested, key=lambda s: (s.band.rank, s.score or 0))
    if best.norm == worst.norm:
        return f"{head}; only {_norm_reading(facts, best)} was tested."
    return f"{head}; highest reading {_norm_reading(facts, best)}, lowest {_norm_reading(facts, worst)}."


def _norm_reading(facts: Facts, score: NormScore) -> str:
    return f"{score.norm} {facts.short(score.norm)} ({score.band.label.lower()}, {signed(score.score)})"


def finding_summary(facts: Facts, norm: str) -> str:
    """How the teams stood on one norm, in a sentence or two."""
    readings = [(team, score.norms[norm]) for team, score in facts.scores.items()]
    tested = [(team, s) for team, s in readings if s.band is not Band.NOT_TESTED]
    basis = facts.basis.get(norm)
    if facts.coverage.get(norm) is Basis.NONE:
        return "Not covered by this scenario: no option reaches this norm, directly or through a strong crosswalk link."
    if basis is Basis.PARTIAL:
        return "Only partial crosswalk links reach this norm, so it is not scored; the decisions they relate to follow."
    if not tested:
        return "No decision in this session tested this norm."
    engaged = sum(s.engaged for _, s in tested)
    groups: dict[Band, list[str]] = {}
    for team, s in sorted(tested, key=lambda item: -(item[1].score or 0)):
        groups.setdefault(s.band, []).append(f"{team} ({signed(s.score)})")
    parts = [f"{band.label.lower()} by {join_names(names)}" for band, names in groups.items()]
    untested = [team for team, s in readings if s.band is Band.NOT_TESTED]
    noun = "decision" if engaged == 1 else "decisions"
    sentence = "; ".join(parts)
    return f"Tested by {engaged} {noun}. {sentence[:1].upper()}{sentence[1:]}.{_untested(facts, norm, untested)}"


def _untested(facts: Facts, norm: str, teams: list[str]) -> str:
    """Teams the norm did not test: spared by an earlier choice, choosing an option that leaves it alone, or unasked."""
    spared = {team: words for team in teams if (words := spared_by(facts, team, norm))}
    elsewhere: dict[str, list[str]] = {}
    never = []
    for team in teams:
        if team in spared:
            continue
        words = chose_instead(facts, team, norm)
        if words:
            elsewhere.setdefault(words, []).append(team)
        else:
            never.append(team)
    parts = [f" {join_names(names)} {words}." for words, names in elsewhere.items()]
    if never:
        parts.append(f" {join_names(never)} received no inject that could test it.")
    parts.extend(f" {team} was spared the test by its earlier choice: {words}." for team, words in spared.items())
    return "".join(parts)


def chose_instead(facts: Facts, team: str, norm: str) -> str:
    """'chose B (“Wait”) on “Inject”, which leaves MS-3 untouched': the team's choice where the norm was in play."""
    for decision in facts.by_team.get(team, ()):
        inject = facts.exercise.inject(decision.inject)
        reads = (facts.lens.read(option.norms).effects for option in inject.options)
        if any(effect.norm == norm and effect.effect for effects in reads for effect in effects):
            return f"{facts.chose(decision)} on \u201c{inject.title}\u201d, which leaves {norm} untouched"
    return ""


def spared_by(facts: Facts, team: str, norm: str) -> str:
    """The earlier choice that kept from a team a consequence inject testing ``norm`` (read through the lens)."""
    for inject in facts.delivered:
        if not inject.when or facts.exercise.receives(team, inject.id):
            continue
        reads = (facts.lens.read(option.norms).effects for option in inject.options)
        if not any(effect.norm == norm and effect.effect for effects in reads for effect in effects):
            continue
        decision = facts.exercise.spared(team, inject.id)
        if decision is not None:
            chose = facts.label(decision.inject, decision.option)
            title = facts.exercise.inject(decision.inject).title
            return f"{chose} on \u201c{title}\u201d kept \u201c{inject.title}\u201d away"
    return ""


def split_text(facts: Facts, inject_id: str) -> str:
    """Who chose what on an inject: 'Red and Gold chose A; Blue chose B', or '14 teams chose B; ...' for many."""
    inject = facts.exercise.inject(inject_id)
    teams_by_option: dict[str, list[str]] = {}
    for decision in facts.by_inject.get(inject_id, ()):
        teams_by_option.setdefault(decision.option or "", []).append(decision.team)
    order = Counter({option: len(teams) for option, teams in teams_by_option.items()})
    parts = []
    named = sum(order.values()) <= NAMED_TEAMS
    for option_id, count in order.most_common():
        label = (
            f"{inject.letter(option_id)} (\u201c{inject.option(option_id).label}\u201d)" if option_id else "in writing"
        )
        who = join_names(teams_by_option[option_id]) if named else counted(count, "team")
        parts.append(f"{who} {'answered' if not option_id else 'chose'} {label}")
    return "; ".join(parts)


def entropy(counts: Counter[str]) -> float:
    """How evenly teams spread over the options (Shannon entropy in bits): 0 when all agree."""
    total = sum(counts.values())
    return -sum(n / total * math.log2(n / total) for n in counts.values() if n)


def widest_splits(facts: Facts) -> list[str]:
    """Injects with options that more than one team answered and teams split on, the most even spread first."""
    split = [
        inject.id
        for inject in facts.delivered
        if inject.options and len(facts.by_inject.get(inject.id, ())) > 1 and len(facts.split(inject.id)) > 1
    ]
    order = {inject.id: number for number, inject in enumerate(facts.delivered)}
    return sorted(split, key=lambda i: (-round(entropy(facts.split(i)), 6), -sum(facts.split(i).values()), order[i]))
