"""Plain data carried whole in a link (a story, a scenario): JSON, zlib-compressed, base64url
without padding. Unpacking is bounded (the code's length and what it may inflate to), so a link
cannot make the server inflate a bomb; what comes out is still to be checked by its reader."""

from __future__ import annotations

import base64
import binascii
import json
import zlib
from typing import Any


def pack(value: Any) -> str:
    raw = json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(zlib.compress(raw, 9)).decode().rstrip("=")


def unpack(code: str, max_chars: int) -> Any:
    """The value a code holds, or None when it is too long, not a code, or inflates past
    8 × max_chars bytes."""
    if not isinstance(code, str) or len(code) > max_chars:
        return None
    try:
        packed = base64.urlsafe_b64decode(code + "=" * (-len(code) % 4))
        inflater = zlib.decompressobj()
        raw = inflater.decompress(packed, max_chars * 8)
        if inflater.unconsumed_tail:
            return None
        return json.loads(raw.decode())
    except (binascii.Error, zlib.error, ValueError, UnicodeDecodeError):
        return None
