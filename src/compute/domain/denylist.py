"""Denylist rules: who must never be scraped or shown again, stored without personal data."""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Collection

from compute.domain import normalise
from compute.domain.errors import ValidationError

# Domain-separates these hashes from any other sha256 of a handle (and versions the scheme).
_HASH_PREFIX = b"tattoo-directory/denylist/v1\x00"


def identity_key_hash(identity_key: str) -> str:
    """sha256 (hex) of an identity key (`ig:...`, `web:...`, `name:...@...`) under the
    denylist's domain prefix; lets artists without a handle be denied too."""
    if not identity_key:
        raise ValidationError.single("identityKey", "must not be empty")
    return hashlib.sha256(_HASH_PREFIX + identity_key.encode("utf-8")).hexdigest()


def handle_identity_key_hash(handle: str) -> str:
    """The denylist hash of an Instagram handle in any of its spellings (URL, `@x`, case)."""
    return identity_key_hash(f"ig:{normalise.instagram_handle(handle)}")


def is_denied(handle: str, denied_hashes: Collection[str]) -> bool:
    """Whether the handle is on the denylist. A string that is no valid handle cannot be on it."""
    try:
        return handle_identity_key_hash(handle) in denied_hashes
    except ValidationError:
        return False


def denial_hashes(*, identity_key: str | None = None, handle: str | None = None) -> list[str]:
    """Every denylist hash that denies an artist, sorted: its identity key's and its handle's.
    A string that is no valid handle cannot be on the denylist, so it adds none."""
    hashes = {identity_key_hash(identity_key)} if identity_key else set()
    if handle:
        with contextlib.suppress(ValidationError):
            hashes.add(handle_identity_key_hash(handle))
    return sorted(hashes)
