"""The one-time link that proves a removal requester reads the mailbox they gave.

A token is `v1.<expiresAt>.<signature>`: the HMAC-SHA256, under a key only the API holds
(Secrets Manager), of the request id and the expiry. Changing the id, the expiry or one bit of
the signature makes it invalid; past its expiry it is refused even if it is genuine. It is
one-time because following it moves the request from `pending` to `confirmed` with a
conditional write: the second use finds the request no longer pending.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re

VERSION = "v1"
_TOKEN = re.compile(r"v1\.([0-9]{1,12})\.([A-Za-z0-9_-]{43})")


class LinkInvalid(Exception):
    """The token was not issued by this API for this request (tampered, truncated, foreign)."""


class LinkExpired(Exception):
    """A genuine token whose time is up: the requester must ask again."""


def _signature(key: bytes, request_id: str, expires_at: int) -> str:
    message = f"{VERSION}\n{request_id}\n{expires_at}".encode()
    digest = hmac.new(key, message, hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def sign(key: bytes, request_id: str, expires_at: int) -> str:
    """The token for `request_id`, valid until `expires_at` (epoch seconds)."""
    if not key:
        raise ValueError("the signing key is empty")
    return f"{VERSION}.{expires_at}.{_signature(key, request_id, expires_at)}"


def verify(key: bytes, request_id: str, token: str, *, now: float) -> int:
    """The token's expiry if it is genuine for `request_id` and not past; LinkInvalid or
    LinkExpired otherwise. The signature is checked first, so a forged expiry says invalid."""
    match = _TOKEN.fullmatch(token)
    if match is None or not key:
        raise LinkInvalid("the confirmation token is malformed")
    expires_at = int(match.group(1))
    if not hmac.compare_digest(match.group(2), _signature(key, request_id, expires_at)):
        raise LinkInvalid("the confirmation token does not match this request")
    if now >= expires_at:
        raise LinkExpired("the confirmation link has expired")
    return expires_at
