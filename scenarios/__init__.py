"""The built-in scenario library (TOML files read through importlib.resources)."""
