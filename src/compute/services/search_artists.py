"""GET /v1/artists: parse the parameters, run one search, shape one page of summaries."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol

from fastjsonschema import JsonSchemaValueException

from compute import contracts
from compute.adapters.search.query import SearchPage, build_search_body, haversine_km
from compute.domain.models import Artist, summary_from_search_document
from compute.domain.search import SearchRequest, encode_cursor, parse_search_params

SEARCH_DOCUMENT = "search-document"


class ArtistSearcher(Protocol):
    def search(self, body: Mapping[str, Any]) -> SearchPage: ...


def _summary(document: Mapping[str, Any], request: SearchRequest) -> dict[str, Any]:
    """One hit as an ArtistSummary. A hit the search-document contract accepts is shaped
    directly (the contract's compiled schema is the edge check, ~40 us against ~190 us for the
    domain's full validation of 20 hits a page); any other goes through the domain, which
    raises ValidationError naming what is wrong."""
    try:
        contracts.validator(SEARCH_DOCUMENT)(document)
    except JsonSchemaValueException:
        summary = Artist.from_search_document(document).to_api(summary=True)  # or ValidationError
    else:
        summary = summary_from_search_document(document)
    if request.near is not None and "latitude" in summary:
        distance = haversine_km(*request.near, summary["latitude"], summary["longitude"])
        summary["distanceKm"] = round(distance, 3)
    return summary


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
    next_cursor = encode_cursor(request.fingerprint, hits[-1].sort) if has_more and hits else None
    return {
        "items": [_summary(hit.document, request) for hit in hits],
        "total": page.total,
        "page": request.page if request.cursor is None else 1,
        "limit": request.limit,
        "hasMore": has_more,
        "nextCursor": next_cursor,
    }
