"""The console's dialogs: forms that keep what was typed until the core accepts it, and the questions it asks."""
