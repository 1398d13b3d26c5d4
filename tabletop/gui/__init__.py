"""The desktop windows (PySide6): the facilitator console and the presenter screen."""
