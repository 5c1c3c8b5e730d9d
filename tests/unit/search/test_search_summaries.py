"""GET /v1/artists shapes each hit: contract-checked documents directly, anything else through
the domain's validation (services.search_artists)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pytest

from compute.adapters.search.query import SearchHit, SearchPage, haversine_km
from compute.domain.errors import ValidationError
from compute.services.search_artists import search_artists

from .factories import artist


class OnePage:
    """An index that answers every search with the given documents."""

    def __init__(self, *documents: Mapping[str, Any]) -> None:
        self.page = SearchPage(hits=[SearchHit(dict(d), ["x"]) for d in documents], total=1)

    def search(self, body: Mapping[str, Any]) -> SearchPage:
        return self.page


def test_a_hit_is_the_artist_summary() -> None:
    a = artist()
    reply = search_artists({}, OnePage(a.to_search_document()))
    assert reply["items"] == [a.to_api(summary=True)]


def test_near_adds_the_distance_to_each_located_hit() -> None:
    a = artist()
    assert a.latitude is not None and a.longitude is not None
    reply = search_artists({"near": "53.8,-1.55"}, OnePage(a.to_search_document()))
    expected = round(haversine_km(53.8, -1.55, a.latitude, a.longitude), 3)
    assert reply["items"][0]["distanceKm"] == expected


def test_a_hit_breaking_the_contract_is_a_validation_error_naming_the_field() -> None:
    document = {**artist().to_search_document(), "styles": "blackwork"}
    with pytest.raises(ValidationError) as caught:
        search_artists({}, OnePage(document))
    assert "styles" in caught.value.fields


def test_a_hit_with_an_unknown_field_is_refused() -> None:
    document = {**artist().to_search_document(), "bio": "not in the index"}
    with pytest.raises(ValidationError) as caught:
        search_artists({}, OnePage(document))
    assert "bio" in caught.value.fields
