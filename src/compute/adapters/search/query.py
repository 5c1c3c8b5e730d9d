"""The bodies the API sends: one search (free text, style, place, distance; a deterministic
sort and a page), the style counts, and the distance the API reports beside each hit; with the
shapes of a reply the services read."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from compute.adapters.search.definition import MAX_RESULT_WINDOW
from compute.domain.search import DEFAULT_RADIUS_KM, SearchRequest
from compute.domain.styles import VOCABULARY

# Field weights of the free-text query: the artist's own name counts most, then the studio.
TEXT_FIELDS: tuple[str, ...] = (
    "name^3",
    "name.prefix",
    "studioName^1.5",
    "instagramHandle.prefix",
    "styles.text",
    "specialties^0.5",
)
EXACT_NAME_BOOST = 20.0
PHRASE_BOOST = 4.0
# Sorts by rating put unrated artists after every rated one (ratings are 0-5).
UNRATED = -1.0


def sort_clause(request: SearchRequest) -> list[dict[str, Any]]:
    """The hit order (compute.domain.search.SORT_KEYS names its keys, which a cursor carries);
    always ends with artistId so equal keys still page deterministically."""
    tiebreaker = {"artistId": {"order": "asc"}}
    if request.order == "distance" and request.near is not None:
        lat, lon = request.near
        return [
            {
                "_geo_distance": {
                    "coordinates": {"lat": lat, "lon": lon},
                    "order": "asc",
                    "unit": "km",
                    "distance_type": "arc",
                }
            },
            tiebreaker,
        ]
    if request.order == "relevance":
        return [{"_score": {"order": "desc"}}, tiebreaker]
    return [
        {"rating": {"order": "desc", "missing": UNRATED}},
        {"reviewCount": {"order": "desc", "missing": 0}},
        tiebreaker,
    ]


def build_search_body(request: SearchRequest) -> dict[str, Any]:
    """The OpenSearch body of one search: a bool query (free text in `must`, exact-name and
    phrase boosts in `should`, style/location/geo in `filter`), a deterministic sort, and
    `limit + 1` hits so the caller knows whether another page follows."""
    must: list[dict[str, Any]] = []
    should: list[dict[str, Any]] = []
    filters: list[dict[str, Any]] = []
    if request.query is not None:
        must.append(
            {
                "multi_match": {
                    "query": request.query,
                    "type": "best_fields",
                    "operator": "and",
                    "fields": list(TEXT_FIELDS),
                }
            }
        )
        should.append({"term": {"name.exact": {"value": request.query, "boost": EXACT_NAME_BOOST}}})
        should.append({"match_phrase": {"name": {"query": request.query, "boost": PHRASE_BOOST}}})
        handle = request.query.strip().lstrip("@").lower()
        if handle:
            should.append(
                {"term": {"instagramHandle": {"value": handle, "boost": EXACT_NAME_BOOST}}}
            )
    if request.style is not None:
        filters.append({"term": {"styles": request.style}})
    if request.location is not None:
        filters.append(
            {"match": {"locationDisplay": {"query": request.location, "operator": "and"}}}
        )
    if request.near is not None:
        lat, lon = request.near
        radius = request.radius_km if request.radius_km is not None else DEFAULT_RADIUS_KM
        filters.append(
            {
                "geo_distance": {
                    "distance": f"{radius}km",
                    "distance_type": "arc",
                    "coordinates": {"lat": lat, "lon": lon},
                }
            }
        )
    query: dict[str, Any] = {"bool": {}}
    if must:
        query["bool"]["must"] = must
    if should:
        query["bool"]["should"] = should
    if filters:
        query["bool"]["filter"] = filters
    sort = sort_clause(request)
    # One hit more than the page tells whether another follows, within the result window.
    size = request.limit + 1
    if request.cursor is None:
        size = max(0, min(size, MAX_RESULT_WINDOW - request.offset))
    body: dict[str, Any] = {
        "query": query,
        "sort": sort,
        "size": size,
        "track_total_hits": True,
        # Each hit's version: the service checks a document's contract once per version.
        "version": True,
    }
    if request.cursor is not None:
        body["search_after"] = list(request.cursor)
    else:
        body["from"] = request.offset
    return body


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance on a sphere of the mean Earth radius (as OpenSearch's `arc`)."""
    radius_km = 6371.0088
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * radius_km * math.asin(min(1.0, math.sqrt(a)))


def style_counts_body() -> dict[str, Any]:
    """The terms aggregation behind GET /v1/styles: every style in use, most used first."""
    return {
        "size": 0,
        "track_total_hits": False,
        "aggs": {
            "styles": {
                "terms": {
                    "field": "styles",
                    "size": len(VOCABULARY) + 10,
                    "order": [{"_count": "desc"}, {"_key": "asc"}],
                }
            }
        },
    }


@dataclass(frozen=True)
class SearchHit:
    document: Mapping[str, Any]
    sort: list[Any]
    # The document's id and (external) version: one version of a document is one content.
    doc_id: str | None = None
    version: int | None = None


@dataclass(frozen=True)
class SearchPage:
    hits: list[SearchHit]
    total: int


@dataclass(frozen=True)
class StyleCount:
    name: str
    count: int
