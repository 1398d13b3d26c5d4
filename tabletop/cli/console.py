"""``tabletop`` with no verb: the facilitator console, if this machine has a display to show it on."""

from __future__ import annotations

import argparse


def open_console(args: argparse.Namespace) -> int:
    from tabletop.gui.app import display_problem, run

    if (args.room_host or args.room_port) and not args.room:
        return _refuse("--room-host and --room-port go with --room", 2)
    problem = display_problem()
    if problem:
        return _refuse(problem, 1)
    room = (args.room_host, args.room_port) if args.room else None
    return run(resume=args.resume, presenter=args.presenter, room=room)


def _refuse(text: str, status: int) -> int:
    from tabletop.cli.output import warn  # imported only to refuse: the console starts without it

    warn(text)
    return status
