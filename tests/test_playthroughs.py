"""Every built-in scenario played end to end by three teams of set temperaments, read back from the JSON debrief.

The decisions in tests/data/playthroughs/ were made as a Principled team (upholds the norms at a
cost), a Pragmatic one (middle courses, revises now and then) and a Hawkish one (operational
advantage, escalation) would make them. These tests pin what that play-test showed, so that a
change to a scenario's effects that scores such teams against their temperament fails here,
and that no temperament gets its way for free: each gains and pays something on the stakes,
and the team that keeps closest to the norms never also comes out ahead on every stake.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tabletop.core.library import builtin_files
from tabletop.core.model import Scenario
from tabletop.core.stakes import stake_ids

PLAYTHROUGHS = Path(__file__).parent / "data" / "playthroughs"
CSVS = sorted(PLAYTHROUGHS.glob("*.csv"))
TEAMS = "Principled,Pragmatic,Hawkish"
FAILING_BANDS = {"strained", "violated"}

# Which teams each consequence inject reaches, given the choices in the play-through files.
CONSEQUENCES: dict[str, dict[str, set[str]]] = {
    "first-call": {"flaw-in-the-wild": {"Pragmatic", "Hawkish"}},
    "lawful-access": {
        "vendor-refuses": {"Pragmatic", "Hawkish"},
        "broker-terms": {"Principled"},
        "key-stolen": {"Hawkish"},
        "court-ruling": {"Pragmatic"},
        "sold-twice": set(),
    },
    "the-tool-comes-home": {
        "you-knew": {"Pragmatic", "Hawkish"},
        "replace-it": {"Principled"},
        "spring-operations": {"Pragmatic", "Hawkish"},
        "went-further": {"Hawkish"},
    },
    "below-the-threshold": {
        "worm-found": {"Hawkish"},
        "insider-caught": {"Pragmatic"},
        "kill-date": {"Principled"},
        "ostmoor-dark": {"Hawkish"},
    },
    "cascade": {
        "left-out": {"Pragmatic", "Hawkish"},
        "price-of-sharing": {"Principled"},
        "lisvaria": {"Hawkish"},
        "updates-switched-off": {"Hawkish"},
    },
    "safe-haven": {
        "records-published": {"Principled"},
        "money-trail": {"Pragmatic", "Hawkish"},
        "decryptor": {"Principled", "Pragmatic", "Hawkish"},
    },
    "already-inside": {
        "cranes-freeze": {"Hawkish"},
        "never-told": {"Pragmatic"},
        "second-controller": {"Hawkish"},
    },
    "two-days-out": {
        "you-watched": {"Hawkish"},
        "rolls-doubted": {"Pragmatic", "Hawkish"},
    },
    "the-list": {
        "calder-moves": {"Principled"},
        "dissident-targeted": {"Pragmatic", "Hawkish"},
    },
}


@dataclass(frozen=True)
class Played:
    scenario: str
    debrief: dict[str, Any]

    def team(self, name: str) -> dict[str, Any]:
        return next(team for team in self.debrief["teams"] if team["name"] == name)

    def index(self, name: str) -> float:
        value = self.team(name)["index"]
        assert isinstance(value, int | float), f"{self.scenario}: {name} has no index"
        return float(value)

    def escalation(self, name: str) -> int:
        return int(self.team(name)["escalation"])

    def bands(self, name: str) -> dict[str, str]:
        return {norm: reading["band"] for norm, reading in self.team(name)["norms"].items()}

    def stakes(self, name: str) -> dict[str, int]:
        """The team's total on each stake: the stakes of the options it finally chose, summed."""
        scenario = library()[self.scenario]
        totals = dict.fromkeys(stake_ids(), 0)
        for decision in self.team(name)["decisions"]:
            if not decision["option"]:
                continue
            option = next(o for o in scenario.inject(decision["inject"]).options if o.id == decision["option"])
            for effect in option.stakes:
                totals[effect.stake] += effect.effect
        return totals

    def delivered(self) -> dict[str, set[str]]:
        return {
            event["data"]["inject"]: set(event["data"]["teams"])
            for event in self.debrief["log"]
            if event["kind"] == "inject_delivered"
        }


def library() -> dict[str, Scenario]:
    return {item.scenario.id: item.scenario for item in builtin_files()}


def tabletop(*args: str, db: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "TABLETOP_DB": str(db)}
    return subprocess.run(
        [sys.executable, "-m", "tabletop", *args], capture_output=True, text=True, env=env, timeout=120, check=False
    )


@pytest.fixture(scope="module", params=CSVS, ids=[path.stem for path in CSVS])
def played(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Played:
    csv_path: Path = request.param
    db = tmp_path_factory.mktemp(csv_path.stem) / "playthrough.db"
    run = tabletop("run", csv_path.stem, "--teams", TEAMS, "--decisions", str(csv_path), db=db)
    assert run.returncode == 0, run.stderr
    debrief = tabletop("debrief", "latest", "--format", "json", db=db)
    assert debrief.returncode == 0, debrief.stderr
    parsed = json.loads(debrief.stdout)
    assert parsed["session"]["scenario"] == csv_path.stem
    return Played(csv_path.stem, parsed)


def test_every_builtin_scenario_has_a_playthrough() -> None:
    assert {path.stem for path in CSVS} == {item.scenario.id for item in builtin_files()}
    assert set(CONSEQUENCES) == {path.stem for path in CSVS}


def test_principled_keeps_closest_to_the_norms_and_hawkish_furthest(played: Played) -> None:
    principled, pragmatic, hawkish = (played.index(name) for name in TEAMS.split(","))
    assert principled > pragmatic > hawkish
    assert principled >= 60
    assert 0 < pragmatic < 50
    assert hawkish <= -50


def test_principled_choices_never_count_against_a_norm(played: Played) -> None:
    failing = {norm: band for norm, band in played.bands("Principled").items() if band in FAILING_BANDS}
    assert failing == {}


def test_hawkish_violates_a_norm(played: Played) -> None:
    assert "violated" in played.bands("Hawkish").values()


def test_hawkish_escalates_most_and_principled_least(played: Played) -> None:
    principled, pragmatic, hawkish = (played.escalation(name) for name in TEAMS.split(","))
    assert hawkish > pragmatic >= principled
    assert hawkish > 0 >= principled


def test_consequences_reach_the_teams_whose_choices_qualify(played: Played) -> None:
    delivered = played.delivered()
    for inject, teams in CONSEQUENCES[played.scenario].items():
        assert delivered.get(inject, set()) == teams, inject


def test_pragmatic_revision_is_the_choice_that_stands(played: Played) -> None:
    revised = [decision for decision in played.team("Pragmatic")["decisions"] if decision["revisions"]]
    assert len(revised) == 1
    assert revised[0]["rationale"].startswith("Revised:")


def test_every_team_gains_something_and_pays_something(played: Played) -> None:
    for name in TEAMS.split(","):
        totals = played.stakes(name)
        assert any(total > 0 for total in totals.values()), f"{name} gains nothing: {totals}"
        assert any(total < 0 for total in totals.values()), f"{name} pays nothing: {totals}"


def test_no_team_tops_the_norms_and_gains_on_every_stake(played: Played) -> None:
    top = max(played.index(name) for name in TEAMS.split(","))
    for name in TEAMS.split(","):
        if played.index(name) == top:
            totals = played.stakes(name)
            assert not all(total > 0 for total in totals.values()), f"{name} upheld the norms at no price: {totals}"
