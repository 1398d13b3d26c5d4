"""``tabletop`` with no verb: the facilitator console, if this machine has a display to show it on."""

from __future__ import annotations

import argparse

from tabletop.cli.output import warn


def open_console(args: argparse.Namespace) -> int:
    from tabletop.gui.app import display_problem, run

    if (args.room_host or args.room_port) and not args.room:
        warn("--room-host and --room-port go with --room")
        return 2
    problem = display_problem()
    if problem:
        warn(problem)
        return 1
    room = (args.room_host, args.room_port) if args.room else None
    return run(resume=args.resume, presenter=args.presenter, room=room)
