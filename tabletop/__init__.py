"""Tabletop: run live tabletop exercises on international cybersecurity norms."""

__version__ = "0.1.0"
