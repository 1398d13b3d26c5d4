"""The verbs about sessions: ``new``, ``run``, ``sessions``, ``debrief``, ``demo``.

Verbs that only read (``sessions``, ``debrief``) open the database read-only: they never
create it, migrate it or write a byte to it. Verbs that write make the database if it is
missing, but never the folders of a path someone typed (only the default place's).
"""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from tabletop.cli.output import check_folder, debrief_format, echo, prepare_folder, write_output
from tabletop.core.errors import TabletopError
from tabletop.core.wording import counted

if TYPE_CHECKING:
    from tabletop.storage import Store


def open_store(args: argparse.Namespace, *, readonly: bool) -> Store:
    from tabletop.storage import open_store

    return open_store(args.db, readonly=readonly)


def team_names(args: argparse.Namespace) -> list[str]:
    """The teams from --teams (comma-separated) and each --team (a name may hold a comma)."""
    names = [name.strip() for name in args.teams.split(",") if name.strip()] + list(args.team)
    if not names:
        raise TabletopError('name the teams: --teams "Red,Blue", or --team Red --team Blue')
    return names


def new(args: argparse.Namespace) -> int:
    from tabletop.core.exercise import Exercise
    from tabletop.core.library import resolve
    from tabletop.storage import new_session_id

    source = resolve(args.scenario)
    teams = team_names(args)
    exercise = Exercise.create(
        source.scenario, session_id=new_session_id(), name=args.name, facilitator=args.facilitator, teams=teams
    )
    with open_store(args, readonly=False) as store:
        store.save(exercise, source)
    echo(f"session '{exercise.name}' of '{source.scenario.id}' for {counted(len(teams), 'team')} is ready in "
         f"{store.path}; open it with: tabletop --resume {exercise.session_id}", sep="")  # fmt: skip
    print(exercise.session_id)
    return 0


def run(args: argparse.Namespace) -> int:
    from tabletop.core.exercise import Exercise
    from tabletop.core.library import resolve
    from tabletop.core.playback import ScriptClock, play, read_decisions
    from tabletop.storage import new_session_id

    source = resolve(args.scenario)
    teams = team_names(args)
    rows = read_decisions(args.decisions)
    with open_store(args, readonly=False) as store:  # opened first: a database that cannot take it is said at once
        clock = ScriptClock(datetime.now(UTC))
        exercise = Exercise.create(
            source.scenario, session_id=new_session_id(), name=args.name, facilitator=args.facilitator, teams=teams,
            clock=clock,
        )  # fmt: skip
        play(exercise, rows, clock, str(args.decisions))
        store.save(exercise, source)
    decided = len(exercise.final_decisions())
    echo(f"recorded {counted(decided, 'decision')} by {counted(len(teams), 'team')} on '{source.scenario.id}' "
         f"in {store.path}", sep="")  # fmt: skip
    print(exercise.session_id)
    return 0


def sessions(args: argparse.Namespace) -> int:
    with open_store(args, readonly=True) as store:
        for row in store.sessions():
            echo(row.id, row.name, row.scenario, row.started, row.ended or "", str(row.decisions))
    return 0


def debrief(args: argparse.Namespace) -> int:
    from tabletop.reports.export import check_framework, render

    fmt = debrief_format(args.output, args.format)
    if args.framework:
        check_framework(args.framework)
    with open_store(args, readonly=True) as store:
        exercise = store.load(store.resolve(args.session))
        if args.output not in (None, "-"):
            from tabletop.reports.export import check_target

            check_target(Path(args.output), store.path)  # before the work of rendering
    written = write_output(render(exercise, fmt, framework=args.framework, summary=args.summary), args.output, fmt)
    if written:
        echo(written)
    return 0


def demo(args: argparse.Namespace) -> int:
    from tabletop.core.library import resolve
    from tabletop.demo import play_demo, write_all
    from tabletop.storage import new_session_id

    def say(text: str) -> None:
        print(f"demo: {text}", file=sys.stderr, flush=True)

    source = resolve(args.scenario)
    folder = args.out or _fresh_folder(Path.cwd(), "tabletop-demo")
    check_folder(folder)  # a folder that cannot be written is said before anything is saved
    with open_store(args, readonly=False) as store:
        prepare_folder(folder)
        exercise = play_demo(source, new_session_id(), say)
        store.save(exercise, source)
    say(f"session {exercise.session_id} saved in {store.path}")
    for path in write_all(exercise, folder, say):
        echo(str(path))
    return 0


def _fresh_folder(parent: Path, stem: str) -> Path:
    """A folder name not yet taken: stem, stem-2, stem-3, ..."""
    candidate, number = parent / stem, 1
    while candidate.exists():
        number += 1
        candidate = parent / f"{stem}-{number}"
    return candidate
