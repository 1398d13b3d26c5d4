"""The room: participants vote from their own phones on the laptop's own server, offline.

An ASGI app (Starlette) served by uvicorn in a daemon thread. It imports neither Qt nor
SQLite: moves go to the controller through ``hub.Hub``, and what the phones may see comes
back from it as a participant-safe ``view.RoomView``.
"""
