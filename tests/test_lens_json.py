"""A session worked by hand (tests/data/lens.toml), read through all four frameworks: the JSON says exactly that.

Red chooses a.x, b.p, c.m; Blue a.y, b.q, c.n. The crosswalk links used (resources/frameworks):
MS-1 strong to GGE-i and GCSC-3; MS-4 strong to GGE-i and PC-5; MS-5 strong to GGE-f and PC-1;
MS-2 strong to GCSC-5; MS-2, MS-3 and MS-6 only partial to the GGE norms.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tabletop.core.exercise import Exercise
from tabletop.core.scenario import load_scenario
from tabletop.reports.data import debrief_data

SCENARIO = Path(__file__).parent / "data" / "lens.toml"
NOT_TESTED = {"score": None, "band": "not-tested", "engaged": 0}


def r(score: float, band: str, engaged: int) -> dict[str, Any]:
    return {"score": score, "band": band, "engaged": engaged}


# Lens -> team -> (index, {norm: reading}); every norm not named is not tested.
EXPECTED: dict[str, dict[str, tuple[float | None, dict[str, dict[str, Any]]]]] = {
    "microsoft-2014": {
        # Red: MS-1 [-2]; MS-4 [+1]; MS-2 [+1, -1] = 0, mixed; MS-3 [+2]. Index 50 x (-2+1+0+2)/4.
        "Red": (
            12.5,
            {
                "MS-1": r(-2.0, "violated", 1),
                "MS-2": r(0.0, "mixed", 2),
                "MS-3": r(2.0, "upheld", 1),
                "MS-4": r(1.0, "upheld", 1),
            },
        ),
        # Blue: MS-1 [+2]; MS-2 [-1, +1] = 0, mixed; MS-5 [-1]. Index 50 x (2+0-1)/3 = 16.67.
        "Blue": (16.7, {"MS-1": r(2.0, "upheld", 1), "MS-2": r(0.0, "mixed", 2), "MS-5": r(-1.0, "strained", 1)}),
    },
    "un-gge-2015": {
        # Red: GGE-i carried -2 (MS-1) and +1 (MS-4) from a.x, direct +1 from c.m: mean 0, floored to strained;
        # GGE-e direct -1. MS-2 and MS-3 reach only partial links (GGE-a, GGE-f, GGE-j): never scored.
        "Red": (-25.0, {"GGE-i": r(0.0, "strained", 3), "GGE-e": r(-1.0, "strained", 1)}),
        # Blue: GGE-i carried +2 (MS-1); GGE-f carried -1 (MS-5).
        "Blue": (25.0, {"GGE-i": r(2.0, "upheld", 1), "GGE-f": r(-1.0, "strained", 1)}),
    },
    "paris-call-2018": {
        "Red": (50.0, {"PC-5": r(1.0, "upheld", 1)}),  # MS-4 +1 carried; MS-1 and MS-2 only partial (PC-6, PC-5)
        "Blue": (-50.0, {"PC-1": r(-1.0, "strained", 1)}),  # MS-5 -1 carried
    },
    "gcsc-2019": {
        # Red: GCSC-3 carried -2 (MS-1); GCSC-5 carried +1 (b.p) and -1 (c.m): mixed. Index 50 x (-2+0)/2.
        "Red": (-50.0, {"GCSC-3": r(-2.0, "violated", 1), "GCSC-5": r(0.0, "mixed", 2)}),
        "Blue": (50.0, {"GCSC-3": r(2.0, "upheld", 1), "GCSC-5": r(0.0, "mixed", 2)}),
    },
}
BASIS = {
    "microsoft-2014": {"MS-1": "direct", "MS-2": "direct", "MS-3": "direct", "MS-4": "direct", "MS-5": "direct"},
    "un-gge-2015": {"GGE-i": "direct", "GGE-e": "direct", "GGE-f": "strong", "GGE-a": "partial", "GGE-j": "partial"},
    "paris-call-2018": {"PC-5": "strong", "PC-1": "strong", "PC-6": "partial", "PC-2": "partial"},
    "gcsc-2019": {"GCSC-3": "strong", "GCSC-5": "strong", "GCSC-1": "partial", "GCSC-4": "partial",
                  "GCSC-6": "partial", "GCSC-8": "partial"},
}  # fmt: skip
STAKES = {
    "Red": {"security": (2, 1), "alliances": (-1, 1), "economy": (-1, 1), "public": (1, 1)},
    "Blue": {"security": (-2, 2), "alliances": (1, 1), "economy": (2, 1), "public": (-1, 1)},
}


@pytest.fixture(scope="module")
def session() -> Exercise:
    exercise = Exercise.create(load_scenario(SCENARIO), session_id="lens", name="Lens", teams=["Red", "Blue"])
    for inject, red, blue in (("a", "x", "y"), ("b", "p", "q"), ("c", "m", "n")):
        exercise.deliver(inject)
        exercise.open_voting()
        exercise.decide("Red", inject, red)
        exercise.decide("Blue", inject, blue)
        exercise.lock_voting()
    exercise.end()
    return exercise


def expected_norms(lens: str, named: dict[str, dict[str, Any]], ids: list[str]) -> dict[str, dict[str, Any]]:
    return {norm: named.get(norm, NOT_TESTED) for norm in ids}


@pytest.mark.parametrize("lens", sorted(EXPECTED))
def test_every_lens_reads_exactly_what_was_worked_by_hand(session: Exercise, lens: str) -> None:
    data = json.loads(json.dumps(debrief_data(session, lens)))
    ids = [norm["id"] for norm in data["norms"]]
    assert data["session"]["framework"] == lens
    assert data["session"]["scenario_framework"] == "microsoft-2014"
    for team in data["teams"]:
        index, named = EXPECTED[lens][team["name"]]
        readings = {norm: {k: v for k, v in reading.items() if k != "worst"} for norm, reading in team["norms"].items()}
        assert (team["index"], readings) == (index, expected_norms(lens, named, ids)), team["name"]
        assert {stake: (s["total"], s["engaged"]) for stake, s in team["stakes"].items()} == STAKES[team["name"]]
        assert team["escalation"] == 0
    others = {table["framework"]: table for table in data["crosswalk"]}
    assert set(others) == set(EXPECTED) - {lens}
    for other, table in others.items():
        assert {n["id"]: n["basis"] for n in table["norms"] if n["basis"] != "none"} == BASIS[other], other
        for norm in table["norms"]:
            for team, reading in norm["teams"].items():
                assert reading == EXPECTED[other][team][1].get(norm["id"], NOT_TESTED), (other, norm["id"], team)


def test_no_lens_bands_a_norm_only_partial_links_reached(session: Exercise) -> None:
    for lens, basis in BASIS.items():
        scores = session.scores(lens)
        for norm, how in basis.items():
            if how == "partial":
                assert all(score.norms[norm].engaged == 0 for score in scores.values()), (lens, norm)


def test_the_csv_carries_the_lens_effects_and_the_stakes(session: Exercise) -> None:
    import csv
    import io

    from tabletop.reports.data import debrief_csv

    rows = list(csv.DictReader(io.StringIO(debrief_csv(session, "un-gge-2015"))))
    red_a = next(row for row in rows if row["team"] == "Red" and row["inject"] == "a")
    assert (red_a["GGE-i"], red_a["GGE-e"], red_a["stake_security"], red_a["stake_economy"]) == ("-1", "-1", "2", "-1")
