"""Webhook signatures: "sha256=" + hex HMAC-SHA256 of f"{timestamp}.{body}" with the secret.

The timestamp (Unix seconds) is inside the signed text, so a captured request cannot be
replayed later with a new time; receivers reject timestamps older than a few minutes.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

SIGNATURE_PREFIX = "sha256="
# Receivers should refuse a timestamp further than this from their clock (docs/webhooks.md).
DEFAULT_TOLERANCE_SECONDS = 300


def generate_secret() -> str:
    """256 random bits, URL-safe; the prefix makes a leaked secret easy to recognise."""
    return "whsec_" + secrets.token_urlsafe(32)


def sign(secret: str, timestamp: int, body: bytes) -> str:
    """The X-Accord-Signature value for `body` sent at `timestamp` (Unix seconds)."""
    message = str(timestamp).encode() + b"." + body
    digest = hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()
    return SIGNATURE_PREFIX + digest


def verify(
    secret: str,
    timestamp: str,
    body: bytes,
    signature: str,
    *,
    now: float,
    tolerance: int = DEFAULT_TOLERANCE_SECONDS,
) -> bool:
    """What a receiver does (also the reference for docs/webhooks.md): a fresh timestamp
    and a matching signature, compared in constant time."""
    if not timestamp.isdigit() or abs(now - int(timestamp)) > tolerance:
        return False
    return hmac.compare_digest(sign(secret, int(timestamp), body), signature)
