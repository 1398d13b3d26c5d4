"""The desktop windows (PySide6): the facilitator console and the presenter screen."""

from tabletop.gui import pyside_fix

pyside_fix.apply()  # before anything in this package can call into Qt
