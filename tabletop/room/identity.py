"""The room's secrets: a join code to read aloud, a key that signs each phone's cookie, device ids.

A cookie is ``DEVICE.SIGNATURE``, the signature an HMAC of the session and the device under
the room's key. The key is new for every session, so a cookie from another session (or one
made up) fails; the same room after a restart keeps its key, so phones reconnect.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from tabletop.core.room import CODE_LETTERS

COOKIE = "tabletop_device"
CODE_LENGTH = 6


def new_code() -> str:
    return "".join(secrets.choice(CODE_LETTERS) for _ in range(CODE_LENGTH))


def new_key() -> str:
    return secrets.token_hex(32)


def new_device() -> str:
    return secrets.token_hex(16)


def sign(key: str, session: str, device: str) -> str:
    mac = hmac.new(bytes.fromhex(key), f"{session}:{device}".encode(), hashlib.sha256).hexdigest()
    return f"{device}.{mac[:40]}"


def device_of(cookie: str | None, key: str, session: str) -> str | None:
    """The device a cookie names, if the room's key signed it for this session; None otherwise."""
    if not cookie or cookie.count(".") != 1 or len(cookie) > 200:
        return None
    device = cookie.split(".", 1)[0]
    if not device or not all(c in "0123456789abcdef" for c in device):
        return None
    return device if hmac.compare_digest(sign(key, session, device), cookie) else None


def same_code(given: str, code: str) -> bool:
    """Whether a typed code is the room's: case and spaces forgiven, compared in constant time."""
    typed = "".join(given.split()).upper()
    return hmac.compare_digest(typed.encode(), code.encode())
