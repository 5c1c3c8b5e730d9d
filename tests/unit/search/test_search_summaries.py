"""GET /v1/artists shapes each hit: contract-checked documents directly, anything else through
the domain's validation (services.search_artists)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pytest

from compute.adapters.search.query import SearchHit, SearchPage, haversine_km
from compute.domain.errors import ValidationError
from compute.services import search_artists as search_artists_module
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


class CountingValidator:
    """The search-document contract's validator, counting the documents it is given."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        from compute import contracts

        self.real = contracts.validator(search_artists_module.SEARCH_DOCUMENT)
        self.checked = 0
        monkeypatch.setattr(search_artists_module.contracts, "validator", lambda name: self)
        monkeypatch.setattr(search_artists_module, "_checked", {})

    def __call__(self, document: Mapping[str, Any]) -> Any:
        self.checked += 1
        return self.real(document)


def _versioned(document: Mapping[str, Any], version: int) -> Any:
    class Versioned:
        def search(self, body: Mapping[str, Any]) -> SearchPage:
            hit = SearchHit(dict(document), ["x"], doc_id=document["artistId"], version=version)
            return SearchPage(hits=[hit], total=1)

    return Versioned()


def test_a_document_version_is_checked_once_and_a_new_version_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    validator = CountingValidator(monkeypatch)
    a = artist()
    first = search_artists({}, _versioned(a.to_search_document(), 3))
    again = search_artists({}, _versioned(a.to_search_document(), 3))
    assert first == again and first["items"] == [a.to_api(summary=True)]
    assert validator.checked == 1
    search_artists({}, _versioned(a.to_search_document(), 4))
    assert validator.checked == 2


def test_a_broken_document_is_refused_at_every_version_it_is_seen(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    CountingValidator(monkeypatch)
    document = {**artist().to_search_document(), "styles": "blackwork"}
    for _ in range(2):
        with pytest.raises(ValidationError):
            search_artists({}, _versioned(document, 5))


def test_a_search_asks_for_each_hit_version() -> None:
    from compute.adapters.search.query import build_search_body
    from compute.domain.search import parse_search_params

    assert build_search_body(parse_search_params({}))["version"] is True
