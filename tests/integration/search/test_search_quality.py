"""Search behaviour on a real OpenSearch node over a seeded set of UK artists: ranking, geo
radius, styles and synonyms, and paging by page and by cursor."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from typing import Any

import pytest

from compute.adapters.clients import search_client
from compute.adapters.search.bulk import DeleteOp, IndexOp
from compute.adapters.search.index import ArtistSearchIndex
from compute.adapters.search.query import haversine_km
from compute.domain.models import Artist
from compute.services.search_artists import search_artists
from emulation.seed import synthetic_world
from tests.integration.search.conftest import unique
from tests.unit.search.factories import artist

pytestmark = pytest.mark.integration

LONDON = (51.5072, -0.1276)


@pytest.fixture(scope="module")
def seeded(
    opensearch_url: str, search_admin: Any
) -> Iterator[tuple[ArtistSearchIndex, list[Artist]]]:
    """300 synthetic artists plus a few whose names compete with each other."""
    index = ArtistSearchIndex(search_client(opensearch_url), alias=unique("quality"))
    index.ensure()
    artists, _, _ = synthetic_world(300, seed=7)
    rivals = [
        artist(name="Rowan Ashby", styles=("dotwork",), rating=3.1),
        artist(name="Rowan Ashby-Thorne", styles=("dotwork",), rating=4.9),
        artist(name="Ashby Rowan", styles=("dotwork",), rating=5.0),
        artist(name="Rowan Ashbyson", styles=("dotwork",), rating=4.8),
        artist(name="Zoë Brontë", styles=("traditional",)),
    ]
    everyone = artists + rivals
    outcomes = index.write(
        [IndexOp(a.artist_id, a.to_search_document(), a.version) for a in everyone], refresh=True
    )
    assert all(o.ok for o in outcomes)
    yield index, everyone


def search(index: ArtistSearchIndex, **params: str) -> dict[str, Any]:
    return search_artists(params, index)


def test_an_exact_name_match_ranks_first(seeded: tuple[ArtistSearchIndex, list[Artist]]) -> None:
    index, _ = seeded
    page = search(index, query="Rowan Ashby")
    names = [item["name"] for item in page["items"]]
    assert names[0] == "Rowan Ashby"
    assert "Rowan Ashby-Thorne" in names and "Ashby Rowan" in names


def test_prefixes_and_accents_match(seeded: tuple[ArtistSearchIndex, list[Artist]]) -> None:
    index, _ = seeded
    assert search(index, query="row ashb")["items"][0]["name"].startswith("Rowan Ashby")
    assert [i["name"] for i in search(index, query="zoe bronte")["items"]] == ["Zoë Brontë"]


def test_the_geo_radius_agrees_with_haversine(
    seeded: tuple[ArtistSearchIndex, list[Artist]],
) -> None:
    index, everyone = seeded
    radius = 8.0
    distances = {
        a.artist_id: haversine_km(*LONDON, a.latitude, a.longitude)
        for a in everyone
        if a.latitude is not None and a.longitude is not None
    }
    inside = {i for i, d in distances.items() if d <= radius - 0.01}
    outside = {i for i, d in distances.items() if d > radius + 0.01}
    assert len(inside) >= 5
    found: set[str] = set()
    params = {"near": f"{LONDON[0]},{LONDON[1]}", "radius_km": str(radius), "limit": "50"}
    page = search(index, **params, sort="distance")
    while True:
        found.update(item["artistId"] for item in page["items"])
        for item in page["items"]:
            assert item["distanceKm"] == pytest.approx(distances[item["artistId"]], abs=0.01)
        if not page["nextCursor"]:
            break
        page = search(index, **params, sort="distance", cursor=page["nextCursor"])
    assert inside <= found and not (found & outside)
    assert page["total"] == len(found)


def test_style_filter_and_synonyms(seeded: tuple[ArtistSearchIndex, list[Artist]]) -> None:
    index, everyone = seeded
    traditional = {a.artist_id for a in everyone if "traditional" in a.styles}
    page = search(index, style="trad", limit="50")
    assert page["total"] == len(traditional) > 0
    assert all("traditional" in item["styles"] for item in page["items"])
    # Free text reads the same synonyms: "fine line" is linework, "old school" traditional.
    linework = {a.artist_id for a in everyone if "linework" in a.styles}
    assert search(index, query="fine line", limit="50")["total"] == len(linework)
    old_school = search(index, query="old school", limit="50")
    assert old_school["total"] == len(traditional)
    assert {i["artistId"] for i in old_school["items"]} <= traditional
    # A hyphenated style is one term: "neo trad" is not "traditional", nor the reverse.
    neo = {a.artist_id for a in everyone if "neo-traditional" in a.styles}
    assert search(index, query="neo trad", limit="50")["total"] == len(neo) > 0
    assert search(index, query="neo-traditional", limit="50")["total"] == len(neo)


@pytest.mark.parametrize(
    "params",
    [
        {"style": "blackwork"},
        {"query": "tattoo"},
        {"near": "53.4808,-2.2426", "radius_km": "30", "sort": "distance"},
        {},
    ],
    ids=["rating", "relevance", "distance", "browse"],
)
def test_paging_by_page_and_by_cursor_returns_every_hit_once(
    seeded: tuple[ArtistSearchIndex, list[Artist]], params: dict[str, str]
) -> None:
    index, _ = seeded
    first = search(index, **params, limit="7")
    total = first["total"]
    by_page: list[str] = []
    number = 1
    while True:
        page = search(index, **params, limit="7", page=str(number))
        by_page.extend(item["artistId"] for item in page["items"])
        assert page["hasMore"] == (number * 7 < total)
        if not page["hasMore"]:
            break
        number += 1
    by_cursor: list[str] = []
    page = first
    while True:
        by_cursor.extend(item["artistId"] for item in page["items"])
        if page["nextCursor"] is None:
            break
        page = search(index, **params, limit="7", cursor=page["nextCursor"])
    assert len(by_page) == len(set(by_page)) == total
    assert by_cursor == by_page


def test_opted_out_artists_never_appear(seeded: tuple[ArtistSearchIndex, list[Artist]]) -> None:
    index, everyone = seeded
    target = everyone[0]

    opted = dataclasses.replace(target, opted_out=True, version=target.version + 1)
    assert index.write([DeleteOp(opted.artist_id, opted.version)], refresh=True)[0].ok
    assert target.artist_id not in {
        i["artistId"] for i in search(index, query=target.name)["items"]
    }
    # A late replay of the older version cannot bring the artist back.
    late = index.write([IndexOp(target.artist_id, target.to_search_document(), target.version)])
    assert late[0].ok and late[0].result == "superseded"
    index.refresh()
    assert target.artist_id not in {
        i["artistId"] for i in search(index, query=target.name)["items"]
    }
