"""GET /v1/artists: parse the parameters, run one search, shape one page of summaries."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Mapping
from typing import Any, Protocol

from compute.adapters.search import SearchPage, build_search_body, haversine_km
from compute.domain.models import Artist
from compute.domain.search import SearchRequest, encode_cursor, parse_search_params


class ArtistSearcher(Protocol):
    def search(self, body: Mapping[str, Any]) -> SearchPage: ...


class ParsedDocuments:
    """Search documents already validated in this container, by (artistId, version).

    The index is written with external versioning, so one id and version is one immutable
    document: a hit seen before needs no second validation (most of a search's CPU in the
    function). Least recently used entries go first; anything without a usable id and version
    is always validated.
    """

    def __init__(self, capacity: int = 4096) -> None:
        self.capacity = capacity
        self._artists: OrderedDict[tuple[str, int], Artist] = OrderedDict()

    def artist(self, document: Mapping[str, Any]) -> Artist:
        artist_id, version = document.get("artistId"), document.get("version")
        if not (isinstance(artist_id, str) and type(version) is int):
            return Artist.from_search_document(document)
        key = (artist_id, version)
        cached = self._artists.get(key)
        if cached is not None:
            self._artists.move_to_end(key)
            return cached
        artist = Artist.from_search_document(document)
        self._artists[key] = artist
        if len(self._artists) > self.capacity:
            self._artists.popitem(last=False)
        return artist


PARSED = ParsedDocuments()


def _summary(document: Mapping[str, Any], request: SearchRequest) -> dict[str, Any]:
    artist = PARSED.artist(document)
    distance = None
    if request.near is not None and artist.latitude is not None and artist.longitude is not None:
        distance = haversine_km(*request.near, artist.latitude, artist.longitude)
    return artist.to_api(summary=True, distance_km=distance)


def search_artists(params: Mapping[str, str | list[str]], index: ArtistSearcher) -> dict[str, Any]:
    """One page of the search: `items`, the true `total`, `page`, `limit`, `hasMore`, and the
    `nextCursor` (search_after of the page's last hit) or None on the last page."""
    request = parse_search_params(params)
    page = index.search(build_search_body(request))
    hits = page.hits[: request.limit]
    # The last pages of the result window fetch no extra hit; the exact total still tells.
    has_more = len(page.hits) > request.limit or (
        request.cursor is None and request.offset + len(hits) < page.total
    )
    next_cursor = encode_cursor(hits[-1].sort) if has_more and hits else None
    return {
        "items": [_summary(hit.document, request) for hit in hits],
        "total": page.total,
        "page": request.page if request.cursor is None else 1,
        "limit": request.limit,
        "hasMore": has_more,
        "nextCursor": next_cursor,
    }
