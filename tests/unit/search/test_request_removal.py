"""The removal use case with a fake of our own table port: what it stores, whom it denies,
and when it opts the artist out."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pytest

from compute.adapters.denylist import is_denied
from compute.adapters.dynamodb import ArtistNotFound
from compute.domain.denylist import handle_hash
from compute.domain.errors import ValidationError
from compute.services.request_removal import RemovalService
from tests.unit.search.factories import artist


class FakeTable:
    def __init__(self, *artists: Any) -> None:
        self.items = {a.artist_id: a.to_item() for a in artists}
        self.denied: set[str] = set()
        self.written: list[tuple[dict[str, Any], list[dict[str, Any]], str | None]] = []
        self.vanish = False

    def get_artist(self, artist_id: str, *, consistent: bool = False) -> dict[str, Any] | None:
        return self.items.get(artist_id)

    def find_artist_by_handle(self, handle: str) -> dict[str, Any] | None:
        return next((i for i in self.items.values() if i.get("instagramHandle") == handle), None)

    def is_denied(self, hashed: str) -> bool:
        return hashed in self.denied

    def record_removal(
        self,
        removal_request: Mapping[str, Any],
        denylist_items: list[dict[str, Any]],
        artist_id: str | None,
        updated_at: str,
    ) -> None:
        if artist_id is not None and self.vanish:
            raise ArtistNotFound(artist_id)
        self.written.append((dict(removal_request), denylist_items, artist_id))
        self.denied.update(d["handleHash"] for d in denylist_items)
        if artist_id is not None:
            item = self.items[artist_id]
            item.update(opted_out=True, version=item["version"] + 1)


BODY = {"reason": "other", "contactEmail": "person@example.co.uk"}


def test_removal_by_handle_denies_the_hash_and_opts_the_artist_out() -> None:
    a = artist(instagram_handle="rowan.ashby.ink")
    table = FakeTable(a)
    reply = RemovalService(table).accept({**BODY, "instagramHandle": "@Rowan.Ashby.Ink"})
    assert reply["status"] == "accepted" and reply["requestId"]
    ((stored, denylist, opted),) = table.written
    assert opted == a.artist_id and stored["artistId"] == a.artist_id
    assert [d["handleHash"] for d in denylist] == [handle_hash("rowan.ashby.ink")]
    assert "rowan.ashby.ink" not in repr(stored) + repr(denylist)
    assert is_denied(table, handle="ROWAN.ASHBY.INK") and is_denied(table, artist_id=a.artist_id)


def test_removal_by_id_denies_the_artists_own_handle() -> None:
    a = artist(instagram_handle="isla.penrose")
    table = FakeTable(a)
    RemovalService(table).accept({**BODY, "artistId": a.artist_id})
    ((_, denylist, opted),) = table.written
    assert opted == a.artist_id
    assert [d["handleHash"] for d in denylist] == [handle_hash("isla.penrose")]


def test_an_unknown_artist_is_still_denied_by_handle_without_revealing_anything() -> None:
    table = FakeTable()
    reply = RemovalService(table).accept({**BODY, "instagramHandle": "never.listed"})
    assert reply["status"] == "accepted"
    ((stored, denylist, opted),) = table.written
    assert opted is None and "artistId" not in stored and len(denylist) == 1


def test_an_already_opted_out_artist_is_not_bumped_again() -> None:
    a = artist(opted_out=True, version=4)
    table = FakeTable(a)
    RemovalService(table).accept({**BODY, "artistId": a.artist_id})
    assert table.written[0][2] is None and table.items[a.artist_id]["version"] == 4


def test_an_artist_that_vanishes_mid_request_still_gets_the_request_stored() -> None:
    a = artist()
    table = FakeTable(a)
    table.vanish = True
    RemovalService(table).accept({**BODY, "artistId": a.artist_id})
    assert table.written[0][2] is None


def test_invalid_bodies_report_every_problem_and_write_nothing() -> None:
    table = FakeTable()
    with pytest.raises(ValidationError) as caught:
        RemovalService(table).accept({"reason": "nope"})
    assert {"artistId", "reason", "contactEmail"} <= set(caught.value.fields)
    assert table.written == []
