"""GET /v1/artists: parse the parameters, run one search, shape one page of summaries."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol

from fastjsonschema import JsonSchemaValueException

from compute import contracts
from compute.adapters.search.query import SearchHit, SearchPage, build_search_body, haversine_km
from compute.domain.artist import Artist, summary_from_search_document
from compute.domain.search import SearchRequest, encode_cursor, parse_search_params

SEARCH_DOCUMENT = "search-document"
# Hits whose document kept the contract, by (id, version), oldest first. Documents are written
# with external versions, so one version of a document is one content: a warm container checks
# each once (the check was most of a search's CPU in the handler), not on every page it is on.
CHECKED_MAX = 20_000
_checked: dict[tuple[str, int], None] = {}


class ArtistSearcher(Protocol):
    def search(self, body: Mapping[str, Any]) -> SearchPage: ...


def _keeps_contract(hit: SearchHit) -> bool:
    """Whether the hit's document keeps the search-document contract (checked once per
    document version when the hit carries its id and version)."""
    key = (hit.doc_id, hit.version)
    known = isinstance(hit.doc_id, str) and isinstance(hit.version, int)
    if known and key in _checked:
        return True
    try:
        contracts.validator(SEARCH_DOCUMENT)(hit.document)
    except JsonSchemaValueException:
        return False
    if known:
        if len(_checked) >= CHECKED_MAX:
            _checked.pop(next(iter(_checked)))
        _checked[key] = None  # type: ignore[index]
    return True


def _summary(hit: SearchHit, request: SearchRequest) -> dict[str, Any]:
    """One hit as an ArtistSummary. A hit the search-document contract accepts is shaped
    directly (the contract's compiled schema is the edge check, ~40 us against ~190 us for the
    domain's full validation of 20 hits a page); any other goes through the domain, which
    raises ValidationError naming what is wrong."""
    document = hit.document
    if _keeps_contract(hit):
        summary = summary_from_search_document(document)
    else:
        summary = Artist.from_search_document(document).to_api(summary=True)  # or ValidationError
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
        "items": [_summary(hit, request) for hit in hits],
        "total": page.total,
        "page": request.page if request.cursor is None else 1,
        "limit": request.limit,
        "hasMore": has_more,
        "nextCursor": next_cursor,
    }
