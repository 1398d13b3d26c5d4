"""Small helpers for building widgets the same way everywhere."""

from __future__ import annotations

from typing import Any, TypeVar

from PySide6.QtWidgets import QWidget

W = TypeVar("W", bound=QWidget)


def make(widget: W, name: str = "", **properties: Any) -> W:
    """Give a widget its object name and set Qt properties by name.

    PySide accepts these as constructor keywords, but its type stubs do not; going through
    the meta-object also catches a misspelt property instead of making a dynamic one.
    """
    if name:
        widget.setObjectName(name)
    meta = widget.metaObject()
    for key, value in properties.items():
        if meta.indexOfProperty(key) < 0:
            raise AttributeError(f"{type(widget).__name__} has no Qt property '{key}'")
        widget.setProperty(key, value)
    return widget
