"""Denylist and removal items written before issue 16 named the identity key's hash `handleHash`.
Denylist items are permanent, so the rename must never let a denied artist back in: against moto,
an item in the old shape still denies, and the next write of a removal stores the new name."""

from __future__ import annotations

from typing import Any

import pytest

from compute import contracts
from compute.adapters.artists import ArtistWriter
from compute.adapters.denylist import is_denied
from compute.adapters.dynamodb import MainTable
from compute.domain import keys
from compute.domain.attribute_values import to_attribute_values
from compute.domain.denylist import handle_identity_key_hash
from compute.domain.identity import identity_key
from compute.domain.removal import DenylistEntry, RemovalRequest
from compute.services.request_removal import record_removal
from emulation.seed import synthetic_world

pytestmark = pytest.mark.integration

T0 = "2026-11-28T02:14:09.000Z"


def _legacy_denylist_item(digest: str) -> dict[str, Any]:
    """A denylist item as a writer before issue 16 stored it."""
    item = {**keys.denylist_key(digest), "type": "denylist", "handleHash": digest}
    return {**item, "reason": "opt-out", "createdAt": T0, "requestId": "rem_old"}


def test_a_denylist_item_stored_under_handle_hash_still_denies(
    ddb: Any, main_table: tuple[str, Any]
) -> None:
    name, _ = main_table
    table = MainTable(ddb, name)
    (artist, *_), _, _ = synthetic_world(1, seed=16)
    assert artist.instagram_handle is not None
    digest = handle_identity_key_hash(artist.instagram_handle)
    legacy = _legacy_denylist_item(digest)
    contracts.validate("denylist-item", legacy)
    ddb.put_item(TableName=name, Item=to_attribute_values(legacy))

    assert table.is_denied(digest)
    assert is_denied(table, handle=artist.instagram_handle)
    stored = table.get_item(keys.denylist_key(digest))
    assert stored is not None and DenylistEntry.from_item(stored).identity_key_hash == digest
    # The scraper's writer refuses the artist: nothing is written, nothing comes back.
    key = identity_key(instagram_handle=artist.instagram_handle)
    result = ArtistWriter(table).write(artist, identity_key=key, studio_id="std_1", now=T0)
    assert result.outcome == "denylisted"
    assert table.get_artist(artist.artist_id, consistent=True) is None


def test_a_removal_request_stored_under_handle_hash_is_applied_under_the_new_name(
    ddb: Any, main_table: tuple[str, Any]
) -> None:
    name, _ = main_table
    table = MainTable(ddb, name)
    digest = handle_identity_key_hash("rowan.ashby.ink")
    legacy = {
        **keys.removal_request_key("rem_old"),
        "type": "removal_request",
        "requestId": "rem_old",
        "status": "confirmed",
        "reason": "opt-out",
        "handleHash": digest,
        "contactEmail": "rowan@example.co.uk",
        "createdAt": T0,
        "updatedAt": T0,
    }
    contracts.validate("removal-request-item", legacy)
    ddb.put_item(TableName=name, Item=to_attribute_values(legacy))
    stored = table.get_item(keys.removal_request_key("rem_old"))
    assert stored is not None
    request = RemovalRequest.from_item(stored)
    assert request.identity_key_hash == digest

    approved = RemovalRequest.from_item({**stored, "status": "completed"})
    record_removal(approved, table, expected_status="confirmed")

    assert table.is_denied(digest)
    entry = table.get_item(keys.denylist_key(digest))
    assert entry is not None and entry["identityKeyHash"] == digest and "handleHash" not in entry
    rewritten = table.get_item(keys.removal_request_key("rem_old"))
    assert rewritten is not None and rewritten["identityKeyHash"] == digest
    assert "handleHash" not in rewritten
    contracts.validate("denylist-item", entry)
    contracts.validate("removal-request-item", rewritten)
