"""Record moves into a session until killed, printing ``ack <events> <digest>`` after each.

Used by the crash tests: the parent kills this process at random moments and checks that
every acknowledged move is in the database and replays to the acknowledged state.
"""

from __future__ import annotations

import hashlib
import json
import random
import sys
from pathlib import Path

from tabletop.core.exercise import Exercise
from tabletop.core.library import resolve
from tabletop.core.phases import Phase
from tabletop.storage import SessionNotFound, Store

TEAMS = ["Red", "Blue", "Green", "Gold"]


def digest(exercise: Exercise) -> str:
    finals = sorted((d.team, d.inject, d.option or "", d.rationale, d.seq) for d in exercise.final_decisions())
    state = [finals, exercise.phase.value, exercise.current, len(exercise.log), len(exercise.notes())]
    return hashlib.sha256(json.dumps(state).encode()).hexdigest()[:16]


def move(exercise: Exercise, rng: random.Random) -> None:
    current = exercise.current
    if current is None or rng.random() < 0.12:
        advance(exercise)
        return
    roll = rng.random()
    if roll < 0.05:
        exercise.add_note(f"note {rng.randrange(10**6)}")
        return
    delivered = [delivery.inject for delivery in exercise.deliveries()]
    inject_id = current if roll < 0.8 else rng.choice(delivered)
    team = rng.choice(exercise.delivery(inject_id).teams)
    inject = exercise.inject(inject_id)
    option = rng.choice(inject.options).id if inject.options else None
    exercise.decide(team, inject_id, option, rationale=f"because {rng.randrange(10**6)}", confidence=rng.randint(1, 5))


def advance(exercise: Exercise) -> None:
    if exercise.phase is Phase.VOTING:
        exercise.lock_voting()
    if exercise.next_inject() is None:
        return
    exercise.deliver()
    exercise.open_voting()


def main() -> None:
    db, scenario, seed = sys.argv[1], sys.argv[2], int(sys.argv[3])
    rng = random.Random(seed)
    store = Store(Path(db))
    try:
        exercise = store.load("crash", live=True)
    except SessionNotFound:
        source = resolve(scenario)
        exercise = Exercise.create(source.scenario, session_id="crash", name="Crash drill", teams=TEAMS)
        store.adopt(exercise, source)
    print("ready", len(exercise.log), digest(exercise), flush=True)
    while True:
        move(exercise, rng)
        print("ack", len(exercise.log), digest(exercise), flush=True)


if __name__ == "__main__":
    main()
