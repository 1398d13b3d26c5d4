"""QR codes for the room's address, drawn by segno: PNG bytes for a label, a data: URI for rich text."""

from __future__ import annotations

import base64
import functools
import io


@functools.lru_cache(maxsize=16)
def qr_png(text: str, scale: int = 8) -> bytes:
    import segno

    out = io.BytesIO()
    segno.make(text, error="m").save(out, kind="png", scale=scale, border=2, dark="#000000", light="#FFFFFF")
    return out.getvalue()


def qr_data_uri(text: str, scale: int = 8) -> str:
    return "data:image/png;base64," + base64.b64encode(qr_png(text, scale)).decode("ascii")
