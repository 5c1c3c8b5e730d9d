"""The denylist lookup every writer of artists makes: whether an artist must never be written
or shown again. Which hashes deny an artist is the domain's rule (domain/denylist.py); this
module only asks the table."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Protocol

from compute.domain import keys
from compute.domain.denylist import denial_hashes


class DenylistTable(Protocol):
    def is_denied(self, identity_key_hash: str) -> bool: ...
    def get_artist(self, artist_id: str, *, consistent: bool = False) -> Any: ...


class GuardTable(Protocol):
    def get_items(
        self, item_keys: Sequence[Mapping[str, str]], *, consistent: bool = False
    ) -> list[Any]: ...


def read_guarded(
    table: GuardTable, hashes: Sequence[str], *item_keys: Mapping[str, str]
) -> tuple[bool, list[Any]]:
    """Whether a denylist item holds one of `hashes`, and the items of `item_keys` (None where
    there is none), in one strongly consistent batch read: a writer's check and its read of
    the artist cost one round trip, not one per key."""
    found = table.get_items([*(keys.denylist_key(h) for h in hashes), *item_keys], consistent=True)
    return any(f is not None for f in found[: len(hashes)]), found[len(hashes) :]


def is_denied(
    table: DenylistTable,
    *,
    identity_key: str | None = None,
    handle: str | None = None,
    artist_id: str | None = None,
) -> bool:
    """True when a denylist item holds one of the artist's hashes, or its item is opted out."""
    if any(table.is_denied(h) for h in denial_hashes(identity_key=identity_key, handle=handle)):
        return True
    if artist_id:
        item = table.get_artist(artist_id, consistent=True)
        if item is not None and item.get("opted_out") is True:
            return True
    return False
