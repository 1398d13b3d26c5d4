"""The core: scenarios, norm frameworks, the exercise and scoring, in plain Python."""
