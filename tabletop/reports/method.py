"""The appendix's account of the scoring method, as the report's readers need it (DESIGN.md, "Scoring")."""

from __future__ import annotations

from tabletop.reports.facts import Facts

METHOD = (
    "Every option in the scenario carries, for each norm it touches, an effect from \u22122 (violates the norm) "
    "to +2 (exemplifies it), with the author's reason. A written answer to a discussion inject has the effects "
    "the facilitator gave it, each with a reason.",
    "Only each team's final decision on an inject counts: a revision replaces the earlier choice, though both "
    "stay in the decision log below.",
    "For each team and norm, the score is the average of the non-zero effects of its final decisions on that "
    "norm, to two decimals (halves rounded away from zero). The number of those decisions is shown as "
    "\u2018engaged\u2019. A norm no decision touched is \u2018not tested\u2019 and has no score.",
    "The band is read from the score: upheld at +1 or more; upheld with concerns above 0 and below +1; mixed at "
    "exactly 0, as much upheld as strained; strained from \u22121 up to 0; violated below \u22121. Floor rule: a "
    "team with any single \u22122 on a norm is at best \u2018strained\u2019 on it, however its other decisions "
    "averaged. Such cells are marked with an asterisk.",
    "A team's index is 50 times the average of its unrounded scores over the norms it was tested on: from "
    "\u2212100 (every tested norm at \u22122) to +100 (every tested norm at +2). It is blank if no norm was "
    "tested.",
    "Stakes sit beside the norms: each option also says what it gains (+) or costs (\u2212) the team's own state "
    "in security, alliances, the economy and public safety, from \u22122 to +2. A team's stake is the sum over "
    "its final decisions; it is not part of the index, which measures the norms alone.",
    "Escalation is kept apart from compliance: it is the sum of the escalation (\u22123 to +3) the scenario "
    "gives each option a team finally chose.",
)

LENS = (
    "This report reads the decisions through {lens}. The scenario was written for {own}, so, option by option: "
    "an effect written directly on one of {lens_short}'s norms is used as written; otherwise each strong link "
    "of the crosswalk between the two frameworks carries the effect of the scenario's norm over, each as its "
    "own engagement, and the floor rule applies to a carried \u22122. A norm reached only by partial links "
    "lists the related decisions and is never banded; a norm reached by neither is not covered by this scenario."
)
CROSSWALK = (
    "The crosswalk section reads the same decisions through each of the other frameworks by the same rule. "
    "Each norm there gives its basis: direct (effects written for it), strong (carried by a strong link), "
    "partial (related decisions only) or none."
)


def method(facts: Facts) -> tuple[str, ...]:
    own = facts.exercise.framework
    if facts.framework.id == own.id:
        return (*METHOD, CROSSWALK)
    lens = LENS.format(lens=facts.framework.title, own=own.title, lens_short=facts.framework.title)
    return (*METHOD, lens, CROSSWALK)
