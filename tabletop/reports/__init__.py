"""Debrief reports: the only code that uses Jinja2 and Markdown, both imported lazily."""
