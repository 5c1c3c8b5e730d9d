"""The search document's coordinates are `coordinates` (index v2, issue 16); a v1 document held
them as `location`, the API's name for the display text. `upgrade_search_document` moves them:
the reindex runs it on every v1 document, and a reader runs it on a hit not moved yet."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given

from compute import contracts
from compute.domain.artist import Artist, upgrade_search_document
from compute.domain.validation import validate_artist

from .strategies import PROPERTY, raw_artists


def v1_document(document: dict[str, Any]) -> dict[str, Any]:
    """A document as index v1 held it: the same fields, the coordinates named `location`."""
    return {("location" if k == "coordinates" else k): v for k, v in document.items()}


@PROPERTY
@given(raw_artists())
def test_a_v1_document_upgrades_to_what_the_artist_writes_today(raw: dict[str, Any]) -> None:
    artist = validate_artist(raw)
    current = artist.to_search_document()
    upgraded = upgrade_search_document(v1_document(current))
    assert upgraded == current
    contracts.validate("search-document", upgraded)
    # Upgrading twice changes nothing: a catch-up pass may meet a document already moved.
    assert upgrade_search_document(upgraded) == current


@PROPERTY
@given(raw_artists())
def test_a_v1_hit_reads_as_the_same_artist(raw: dict[str, Any]) -> None:
    current = validate_artist(raw).to_search_document()
    assert Artist.from_search_document(v1_document(current)) == Artist.from_search_document(current)


def test_the_contract_refuses_the_v1_name() -> None:
    current = validate_artist(
        {
            "artistId": "art_1",
            "artistName": "Isla Penrose",
            "createdAt": "2026-01-31T09:30:00.000Z",
            "updatedAt": "2026-01-31T09:30:00.000Z",
            "styles": [],
            "latitude": 51.4545,
            "longitude": -2.5879,
            "locationDisplay": "Bristol, UK",
        }
    ).to_search_document()
    assert current["coordinates"] == {"lat": 51.4545, "lon": -2.5879}
    assert current["locationDisplay"] == "Bristol, UK"  # the display text keeps its own name
    with pytest.raises(contracts.ContractError) as caught:
        contracts.validate("search-document", v1_document(current))
    assert "location" in caught.value.message


def test_a_location_that_is_no_point_is_left_for_the_reader_to_refuse() -> None:
    document = {"artistId": "a", "location": "Bristol, UK"}
    assert upgrade_search_document(document) == document
    assert upgrade_search_document(document) is not document  # a copy: callers may change it


def test_coordinates_already_there_win_over_a_stale_location() -> None:
    document = {"coordinates": {"lat": 1.0, "lon": 2.0}, "location": {"lat": 3.0, "lon": 4.0}}
    assert upgrade_search_document(document) == {"coordinates": {"lat": 1.0, "lon": 2.0}}
