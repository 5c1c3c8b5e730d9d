"""Query building: SearchRequest -> OpenSearch body (bool query, geo filter, sorts, paging)."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from compute.adapters.search.query import build_search_body, haversine_km
from compute.domain.search import SORT_KEYS, SearchRequest, parse_search_params


def body_for(**params: str) -> dict[str, Any]:
    return build_search_body(parse_search_params(params))


def test_browse_without_criteria_sorts_by_rating_with_an_id_tiebreaker() -> None:
    body = body_for()
    assert body["query"] == {"bool": {}}
    assert body["sort"][0] == {"rating": {"order": "desc", "missing": -1.0}}
    assert body["sort"][-1] == {"artistId": {"order": "asc"}}
    assert body["track_total_hits"] is True
    assert body["from"] == 0
    assert body["size"] == 21  # one more than the page, to know whether another follows


def test_free_text_is_a_must_clause_with_exact_name_boosts() -> None:
    body = body_for(query="Rowan Ashby")
    bool_query = body["query"]["bool"]
    (multi_match,) = bool_query["must"]
    assert multi_match["multi_match"]["query"] == "Rowan Ashby"
    assert multi_match["multi_match"]["operator"] == "and"
    fields = multi_match["multi_match"]["fields"]
    assert any(f.startswith("name^") for f in fields)
    assert "name.prefix" in fields and "styles.text" in fields
    exact = [c for c in bool_query["should"] if "term" in c and "name.exact" in c["term"]]
    assert exact and exact[0]["term"]["name.exact"]["value"] == "Rowan Ashby"
    assert body["sort"][0] == {"_score": {"order": "desc"}}


def test_style_and_location_are_filters() -> None:
    body = body_for(style="trad", location="Manchester")
    filters = body["query"]["bool"]["filter"]
    assert {"term": {"styles": "traditional"}} in filters
    assert {"match": {"locationDisplay": {"query": "Manchester", "operator": "and"}}} in filters
    assert "must" not in body["query"]["bool"]


def test_near_adds_a_geo_distance_filter_with_the_default_radius() -> None:
    body = body_for(near="53.4808,-2.2426")
    (geo,) = body["query"]["bool"]["filter"]
    assert geo["geo_distance"]["distance"] == "25.0km"
    assert geo["geo_distance"]["coordinates"] == {"lat": 53.4808, "lon": -2.2426}


def test_sort_by_distance_uses_geo_distance_in_km() -> None:
    body = body_for(near="51.5,-0.12", radius_km="10", sort="distance")
    first = body["sort"][0]["_geo_distance"]
    assert first["coordinates"] == {"lat": 51.5, "lon": -0.12}
    assert first["unit"] == "km" and first["order"] == "asc"
    assert body["sort"][-1] == {"artistId": {"order": "asc"}}


def test_page_sets_from_and_cursor_sets_search_after() -> None:
    assert body_for(page="3", limit="10")["from"] == 20
    request = SearchRequest(sort="rating", limit=10, cursor=[4.5, 10, "art_1"])
    body = build_search_body(request)
    assert body["search_after"] == [4.5, 10, "art_1"]
    assert "from" not in body


def test_the_sort_clause_has_the_keys_a_cursor_is_checked_against() -> None:
    """compute.domain.search.SORT_KEYS checks a cursor's values; the clause must sort by
    exactly those keys, or a checked cursor could still break the search."""
    for params in ({}, {"query": "x"}, {"near": "51,0"}, {"query": "x", "sort": "rating"}):
        request = parse_search_params(params)
        clause = build_search_body(request)["sort"]
        assert [next(iter(key)) for key in clause] == [k.name for k in SORT_KEYS[request.order]]


@given(
    query=st.one_of(st.none(), st.text(min_size=1, max_size=20).filter(str.strip)),
    limit=st.integers(1, 50),
    page=st.integers(1, 20),
    near=st.one_of(st.none(), st.tuples(st.floats(-89, 89), st.floats(-179, 179))),
    sort=st.sampled_from(["relevance", "rating", "distance"]),
)
def test_every_body_pages_deterministically(
    query: str | None, limit: int, page: int, near: tuple[float, float] | None, sort: str
) -> None:
    request = SearchRequest(
        query=query,
        near=near,
        radius_km=10.0 if near else None,
        sort=sort,  # type: ignore[arg-type]
        limit=limit,
        page=page,
    )
    body = build_search_body(request)
    assert body["size"] == limit + 1
    assert body["from"] == (page - 1) * limit
    assert body["sort"][-1] == {"artistId": {"order": "asc"}}
    keys = [next(iter(clause)) for clause in body["sort"]]
    assert keys.count("artistId") == 1


def test_haversine_matches_a_known_distance() -> None:
    # London (Charing Cross) to Manchester (Piccadilly): about 262 km great-circle.
    assert haversine_km(51.5072, -0.1276, 53.4808, -2.2426) == pytest.approx(262.5, abs=1.5)


def test_the_last_pages_stay_inside_the_result_window() -> None:
    body = body_for(page="200", limit="50")
    assert body["from"] == 9950 and body["from"] + body["size"] == 10_000
