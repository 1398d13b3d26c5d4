"""WORKAROUND for PySide6 6.12 on Python 3.11: it drops references to None, True and False.

Every call from Python into a PySide6 6.12 method that returns nothing (``setText``,
``setVisible``, ...) hands back ``None`` without the reference it should own, and
``Signal.emit``/``disconnect`` do the same with ``True``. Python 3.12 made these singletons
immortal (PEP 683), so the binding gets away with it there; on 3.11 each call takes one
reference away. ``None`` starts with about five thousand, the run view makes hundreds of
such calls per redraw, and within minutes the interpreter aborts with "Fatal Python error:
none_dealloc". Giving each singleton a reserve of 2**40 references does for them what 3.12
does by design: they can no longer reach zero. Applied when ``tabletop.gui`` is imported,
before any window is made. Drop this module once the project requires Python 3.12 or a
PySide6 that owns its references.
"""

from __future__ import annotations

import sys

RESERVE = 1 << 40
SINGLETONS = (None, True, False)


def needed() -> bool:
    """Only CPython before 3.12 has mortal singletons; debug builds lay objects out differently."""
    return sys.implementation.name == "cpython" and sys.version_info < (3, 12) and not hasattr(sys, "gettotalrefcount")


def apply() -> None:
    if not needed() or sys.getrefcount(None) > RESERVE:
        return
    import ctypes

    for singleton in SINGLETONS:
        # CPython: id() is the object's address and ob_refcnt its first field.
        ctypes.c_ssize_t.from_address(id(singleton)).value += RESERVE
