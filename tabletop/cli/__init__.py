"""The command line: headless verbs, and the console window when no verb is given.

Every failure a user can meet ends in one line on stderr and exit status 1 (2 for a
command line argparse cannot read); no traceback reaches the terminal.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from tabletop.cli.parser import build_parser, console_only, console_parser

__all__ = ["build_parser", "main"]


def main(argv: Sequence[str] | None = None) -> int:
    words = list(sys.argv[1:] if argv is None else argv)
    if console_only(words):  # the console, sooner: the verbs' parsers and modules are not needed
        from tabletop.cli.console import open_console

        return open_console(console_parser().parse_args(words))
    return _verb(words)


def _verb(words: list[str]) -> int:
    from tabletop.cli.output import say_problems, warn
    from tabletop.core.errors import TabletopError, ValidationError

    args = build_parser().parse_args(words)
    handler = getattr(args, "handler", None)
    try:
        if handler is None:
            from tabletop.cli.console import open_console

            return open_console(args)
        return int(handler(args))
    except ValidationError as error:
        say_problems(error.problems)
    except TabletopError as error:
        warn(str(error))
    except BrokenPipeError:
        sys.stderr.close()  # the reader went away (| head): nothing left to say to it
    except KeyboardInterrupt:
        warn("interrupted")
        return 130
    return 1
