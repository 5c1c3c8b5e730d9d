"""The warm container's cache of validated search documents (services.search_artists)."""

from __future__ import annotations

import contextlib

import pytest

from compute.domain.errors import ValidationError
from compute.domain.models import Artist
from compute.services.search_artists import ParsedDocuments

from .factories import artist, bumped


def counting(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record every full validation of a search document."""
    calls: list[str] = []
    original = Artist.from_search_document.__func__  # type: ignore[attr-defined]

    def parse(cls: type[Artist], document: dict[str, object]) -> Artist:
        calls.append(str(document.get("artistId")))
        return original(cls, document)  # type: ignore[no-any-return]

    monkeypatch.setattr(Artist, "from_search_document", classmethod(parse))
    return calls


def test_a_document_seen_before_is_not_validated_again(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = counting(monkeypatch)
    cache = ParsedDocuments()
    document = artist().to_search_document()
    first = cache.artist(document)
    second = cache.artist(dict(document))
    assert second is first
    assert len(calls) == 1
    assert first.to_search_document() == document


def test_a_newer_version_is_validated_and_replaces_nothing_older(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls = counting(monkeypatch)
    cache = ParsedDocuments()
    old = artist()
    new = bumped(old, name="Renamed Artist")
    assert cache.artist(old.to_search_document()).name == old.name
    assert cache.artist(new.to_search_document()).name == "Renamed Artist"
    assert len(calls) == 2


def test_a_document_without_a_version_is_validated_every_time(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls = counting(monkeypatch)
    cache = ParsedDocuments()
    document = artist().to_search_document()
    document["version"] = "7"  # not an int: no cache key
    for _ in range(2):
        with contextlib.suppress(ValidationError):
            cache.artist(document)
    assert len(calls) == 2


def test_an_invalid_document_is_never_cached() -> None:
    cache = ParsedDocuments()
    document = {**artist().to_search_document(), "styles": ["not-a-style"]}
    for _ in range(2):
        with pytest.raises(ValidationError):
            cache.artist(document)


def test_the_least_recently_used_goes_first(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = counting(monkeypatch)
    cache = ParsedDocuments(capacity=2)
    a, b, c = (artist(artist_id=f"art_{i:016x}").to_search_document() for i in (1, 2, 3))
    cache.artist(a)
    cache.artist(b)
    cache.artist(a)  # a is now the most recent
    cache.artist(c)  # evicts b
    cache.artist(a)
    cache.artist(b)
    assert calls == [a["artistId"], b["artistId"], c["artistId"], b["artistId"]]
