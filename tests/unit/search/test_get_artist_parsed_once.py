"""GET /v1/artists/{id} parses each distinct item once per warm container: the reply is the
one the full parse gives, a changed item is parsed again, and an invalid item is refused on
every read (never remembered)."""

from __future__ import annotations

from typing import Any

import pytest

from compute.domain.artist import Artist
from compute.domain.errors import ValidationError
from compute.services import NotFound
from compute.services import get_artist as service
from tests.unit.search.factories import artist, bumped


class Table:
    def __init__(self, item: dict[str, Any] | None) -> None:
        self.item = item

    def get_artist(self, artist_id: str, *, consistent: bool = False) -> dict[str, Any] | None:
        return None if self.item is None else dict(self.item)


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    seen: list[str] = []
    parse = Artist.from_item

    def counted(item: Any) -> Artist:
        seen.append(str(item.get("artistName")))
        return parse(item)

    monkeypatch.setattr(Artist, "from_item", staticmethod(counted))
    monkeypatch.setattr(service, "_parsed", {})
    return seen


def test_the_same_item_is_parsed_once_and_replies_as_the_full_parse(parses: list[str]) -> None:
    a = artist(name="Zoë Parsed-Once")
    table = Table(a.to_item())
    first = service.get_artist(a.artist_id, table)
    again = service.get_artist(a.artist_id, table)
    assert parses.count("Zoë Parsed-Once") == 1
    assert first == again == Artist.from_item(a.to_item()).to_api()


def test_a_changed_item_is_parsed_again(parses: list[str]) -> None:
    a = artist(name="Before Change")
    table = Table(a.to_item())
    assert service.get_artist(a.artist_id, table)["name"] == "Before Change"
    table.item = bumped(a, name="After Change").to_item()
    assert service.get_artist(a.artist_id, table)["name"] == "After Change"
    assert parses == ["Before Change", "After Change"]


def test_an_invalid_item_is_refused_on_every_read(parses: list[str]) -> None:
    item = artist(name="Broken Item").to_item()
    item["styles"] = ["not-a-style"]
    table = Table(item)
    for _ in range(2):
        with pytest.raises(ValidationError):
            service.get_artist(str(item["artistId"]), table)
    assert parses == ["Broken Item", "Broken Item"]


def test_an_opted_out_artist_is_not_found_even_when_parsed_before(parses: list[str]) -> None:
    a = artist(name="Opts Out")
    table = Table(a.to_item())
    service.get_artist(a.artist_id, table)
    table.item = bumped(a, opted_out=True).to_item()
    with pytest.raises(NotFound):
        service.get_artist(a.artist_id, table)


def test_the_parsed_artists_are_bounded(parses: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(service, "PARSED_MAX", 2)
    items = [artist(name=f"Bounded {i}").to_item() for i in range(3)]
    for item in items:
        service.get_artist(str(item["artistId"]), Table(item))
    assert len(service._parsed) == 2
    service.get_artist(str(items[0]["artistId"]), Table(items[0]))  # the oldest went out
    assert parses.count("Bounded 0") == 2
