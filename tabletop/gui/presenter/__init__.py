"""The shared screen the room reads and votes on, drawn only from what the room may see."""
