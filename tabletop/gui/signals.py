"""Qt's ``Signal`` for the console's classes, with a fix for PySide6's ``emit`` applied first.

WORKAROUND: in PySide6 6.12 (on Python 3.11, where ``True`` is not immortal) every
``SignalInstance.emit()`` made from Python returns ``True`` without owning a reference to
it, so each emit takes one reference away from ``True``. The console emits ``ticked`` every
second and ``changed`` on every move: within an hour or so ``True``'s count reaches zero
and the interpreter aborts ("Fatal Python error: bool_dealloc"). Signals emitted by Qt
itself are not affected. A probe at import measures the leak; only if it is there is
``emit`` wrapped to give back the missing reference, so a fixed PySide needs no change here.
Every module of ``tabletop.gui`` that declares signals imports ``Signal`` from here, which
guarantees the fix is in place before any of them can emit.
"""

from __future__ import annotations

import functools
import sys
from typing import Any

from PySide6.QtCore import QObject, Signal, SignalInstance

__all__ = ["Signal", "emit_leaks_true"]


class _Probe(QObject):
    fired = Signal()


def emit_leaks_true(times: int = 8) -> bool:
    """Whether ``emit`` from Python drops references to ``True`` (the PySide 6.12 bug)."""
    probe = _Probe()
    before = sys.getrefcount(True)
    for _ in range(times):
        probe.fired.emit()
    return sys.getrefcount(True) < before


@functools.cache
def _incref() -> Any:
    import ctypes  # on first emit, not at start-up: the console paints first

    increment = ctypes.pythonapi.Py_IncRef
    increment.argtypes = [ctypes.py_object]
    return increment


def _increment(value: object) -> None:
    _incref()(value)


def _apply() -> None:
    if getattr(SignalInstance.emit, "_tabletop_fixed", False) or not emit_leaks_true():
        return
    original = SignalInstance.emit

    def emit(self: SignalInstance, *args: Any) -> Any:
        result = original(self, *args)
        _increment(result)  # the reference PySide returned without owning it
        return result

    emit._tabletop_fixed = True  # type: ignore[attr-defined]
    SignalInstance.emit = emit  # type: ignore[method-assign]


_apply()
