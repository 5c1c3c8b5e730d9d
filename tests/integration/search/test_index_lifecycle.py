"""The index's lifecycle on a real node: created idempotently (also when containers race),
moved to a new version behind the alias with no failed search, and migrated from v1 (the
coordinates named `location`) to v2 (`coordinates`) while the sync writes."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from compute.adapters.clients import search_client
from compute.adapters.search.bulk import DeleteOp, IndexOp
from compute.adapters.search.definition import INDEX_VERSION
from compute.adapters.search.index import ArtistSearchIndex
from compute.adapters.search.lifecycle import alias_targets, definition_drift, ensure_index, reindex
from compute.adapters.search.query import build_search_body, haversine_km
from compute.domain.search import parse_search_params
from emulation.seed import synthetic_world
from tests.integration.search.legacy import create_v1_index, v1_document

pytestmark = pytest.mark.integration


def test_ensure_is_idempotent_when_containers_race(alias: str, opensearch_url: str) -> None:
    client = search_client(opensearch_url)
    with ThreadPoolExecutor(max_workers=4) as pool:
        created = list(pool.map(lambda _: ensure_index(client, alias), range(8)))
    current = f"{alias}-v{INDEX_VERSION}"
    assert set(created) == {current}
    assert alias_targets(client, alias) == [current]
    mapping = client.indices.get_mapping(index=alias)[current]["mappings"]
    assert mapping["dynamic"] == "strict"
    assert not definition_drift(client, alias)


def test_an_index_built_from_another_definition_is_detected(
    alias: str, opensearch_url: str
) -> None:
    client = search_client(opensearch_url)
    body = {"mappings": {"_meta": {"definition": "older"}, "properties": {}}}
    client.indices.create(index=f"{alias}-v1", body={**body, "aliases": {alias: {}}})
    assert ensure_index(client, alias) == f"{alias}-v1"  # an older index keeps serving
    assert definition_drift(client, alias)


def test_reindex_switches_the_alias_while_searches_run(alias: str, opensearch_url: str) -> None:
    client = search_client(opensearch_url)
    index = ArtistSearchIndex(client, alias=alias)
    index.ensure()
    artists, _, _ = synthetic_world(250, seed=3)
    ops = [IndexOp(a.artist_id, a.to_search_document(), a.version + 4) for a in artists]
    assert all(o.ok for o in index.write(ops, refresh=True))

    failures: list[BaseException] = []
    totals: list[int] = []
    stop = threading.Event()

    def keep_searching() -> None:
        reader = search_client(opensearch_url)
        while not stop.is_set():
            try:
                reply: Any = reader.search(
                    index=alias, body={"query": {"match_all": {}}, "track_total_hits": True}
                )
                totals.append(int(reply["hits"]["total"]["value"]))
            except Exception as error:  # every failed search is a failure of the switch
                failures.append(error)

    def wait_for_searches(count: int) -> None:
        deadline = time.monotonic() + 30
        while len(totals) + len(failures) < count and time.monotonic() < deadline:
            time.sleep(0.01)

    searchers = [threading.Thread(target=keep_searching) for _ in range(3)]
    for thread in searchers:
        thread.start()
    try:
        wait_for_searches(5)  # searches are running before the switch starts...
        result = reindex(client, alias, INDEX_VERSION + 1)
        wait_for_searches(len(totals) + 5)  # ...and go on after it
    finally:
        stop.set()
        for thread in searchers:
            thread.join()

    assert failures == []
    assert len(totals) >= 10 and set(totals) == {250}
    assert result.source == f"{alias}-v{INDEX_VERSION}"
    assert result.target == f"{alias}-v{INDEX_VERSION + 1}"
    assert alias_targets(client, alias) == [result.target]
    assert result.upgraded == 0  # documents of this definition travel unchanged
    # External versions travel with the documents: an older write still loses after the move.
    moved = index.documents()
    assert {doc["_version"] for doc in moved.values()} == {artists[0].version + 4}
    stale = index.write([IndexOp(artists[0].artist_id, artists[0].to_search_document(), 1)])
    assert stale[0].result == "superseded"


def test_reindex_keeps_writes_and_deletes_made_while_it_runs(
    alias: str, opensearch_url: str
) -> None:
    client = search_client(opensearch_url)
    index = ArtistSearchIndex(client, alias=alias)
    index.ensure()
    artists, _, _ = synthetic_world(120, seed=5)
    assert all(
        o.ok
        for o in index.write(
            [IndexOp(a.artist_id, a.to_search_document(), 1) for a in artists], refresh=True
        )
    )
    expected: dict[str, int | None] = {a.artist_id: 1 for a in artists}
    versions = dict.fromkeys(expected, 1)
    stop = threading.Event()
    writes = 0

    def keep_writing() -> None:
        # What the sync does: new versions, deletes at last + 1, re-creations above that.
        nonlocal writes
        writer = ArtistSearchIndex(search_client(opensearch_url), alias=alias)
        step = 0
        while not stop.is_set():
            a = artists[step % len(artists)]
            step += 1
            versions[a.artist_id] += 1
            version = versions[a.artist_id]
            if step % 3 == 0 and expected[a.artist_id] is not None:
                op: Any = DeleteOp(a.artist_id, version)
                expected[a.artist_id] = None
            else:
                op = IndexOp(a.artist_id, a.to_search_document(), version)
                expected[a.artist_id] = version
            assert writer.write([op])[0].ok
            writes += 1

    thread = threading.Thread(target=keep_writing)
    thread.start()
    try:
        while writes < 20:
            time.sleep(0.01)
        reindex(client, alias, INDEX_VERSION + 1)
        target = writes + 20
        while writes < target:
            time.sleep(0.01)
    finally:
        stop.set()
        thread.join()
    index.refresh()
    found = {artist_id: doc["_version"] for artist_id, doc in index.documents().items()}
    assert found == {k: v for k, v in expected.items() if v is not None}


def test_reindex_refuses_to_target_the_serving_index(alias: str, opensearch_url: str) -> None:
    client = search_client(opensearch_url)
    ensure_index(client, alias)
    with pytest.raises(ValueError):
        reindex(client, alias, INDEX_VERSION)


class SwitchHook:
    """The reindex's client, with writes made right as the alias moves: the cases a timed
    thread rarely hits (a batch that resolved the alias to v1 just before the switch)."""

    def __init__(self, client: Any, before_switch: Any) -> None:
        self._client = client
        self._before_switch = before_switch

    def __getattr__(self, name: str) -> Any:
        return getattr(self._client, name)

    @property
    def indices(self) -> Any:
        hook = self

        class Indices:
            def __getattr__(self, name: str) -> Any:
                return getattr(hook._client.indices, name)

            def update_aliases(self, **kwargs: Any) -> Any:
                hook._before_switch()
                return hook._client.indices.update_aliases(**kwargs)

        return Indices()


def test_migrating_v1_moves_the_coordinates_and_keeps_what_the_sync_writes_meanwhile(
    alias: str, opensearch_url: str
) -> None:
    client = search_client(opensearch_url)
    old = create_v1_index(client, alias)
    artists, _, _ = synthetic_world(200, seed=7)
    by_id = {a.artist_id: a for a in artists}
    index = ArtistSearchIndex(client, alias=alias)
    # What the v1 sync wrote: every document with its coordinates as `location`.
    v1_ops = [IndexOp(a.artist_id, v1_document(a.to_search_document()), 1) for a in artists]
    assert all(o.ok for o in index.write(v1_ops, refresh=True))
    expected: dict[str, int | None] = dict.fromkeys(by_id, 1)
    versions = dict.fromkeys(by_id, 1)
    lock = threading.Lock()

    def next_version(artist_id: str) -> int:
        with lock:
            versions[artist_id] += 1
            return versions[artist_id]

    # The new sync, deployed before the reindex: its cold start teaches v1 the new field.
    writer = ArtistSearchIndex(search_client(opensearch_url), alias=alias)
    assert writer.accept_new_fields() == ["coordinates"]
    stop = threading.Event()
    writes = 0
    refused: list[str] = []

    def keep_writing() -> None:
        nonlocal writes
        step = 0
        while not stop.is_set():
            a = artists[step % 100]  # the first half; the switch hook writes the second
            step += 1
            version = next_version(a.artist_id)
            op: Any
            if step % 4 == 0 and expected[a.artist_id] is not None:
                op, expected[a.artist_id] = DeleteOp(a.artist_id, version), None
            else:
                op = IndexOp(a.artist_id, a.to_search_document(), version)
                expected[a.artist_id] = version
            outcome = writer.write([op])[0]
            if not outcome.ok:
                refused.append(outcome.reason)
            writes += 1

    def before_switch() -> None:
        # Just before the alias moves, an old sync (v1 shape) and the new one write to v1.
        for n, a in enumerate(artists[100:120]):
            document = a.to_search_document()
            version = next_version(a.artist_id)
            body = v1_document(document) if n % 2 else document
            assert all(o.ok for o in writer.write([IndexOp(a.artist_id, body, version)]))
            expected[a.artist_id] = version
        gone = artists[120]
        version = next_version(gone.artist_id)
        assert writer.write([DeleteOp(gone.artist_id, version)])[0].ok
        expected[gone.artist_id] = None

    thread = threading.Thread(target=keep_writing)
    thread.start()
    try:
        while writes < 20:
            time.sleep(0.01)
        result = reindex(SwitchHook(client, before_switch), alias)
        target = writes + 20  # the sync goes on writing to v2 after the switch
        while writes < target:
            time.sleep(0.01)
    finally:
        stop.set()
        thread.join()

    assert refused == []
    assert result.source == old and result.target == f"{alias}-v{INDEX_VERSION}"
    assert alias_targets(client, alias) == [result.target]
    # The second half untouched by the writer (100), then the hook's v1-shape writes (10).
    assert result.upgraded >= 100 + 10
    index.refresh()
    moved = index.documents()
    assert {k: d["_version"] for k, d in moved.items()} == {
        k: v for k, v in expected.items() if v is not None
    }
    for artist_id, document in moved.items():
        assert "location" not in document
        artist = by_id[artist_id]
        assert document["coordinates"] == {"lat": artist.latitude, "lon": artist.longitude}
    assert not definition_drift(client, alias)

    # Geo search on the new index: radius filter and distance order, as the API asks them.
    centre = artists[150]
    assert centre.latitude is not None and centre.longitude is not None
    radius_km = 40.0
    request = parse_search_params(
        {
            "near": f"{centre.latitude},{centre.longitude}",
            "radius_km": str(radius_km),
            "sort": "distance",
            "limit": "50",
        }
    )
    page = index.search(build_search_body(request))
    distances = {
        artist_id: haversine_km(
            centre.latitude, centre.longitude, by_id[artist_id].latitude, by_id[artist_id].longitude
        )
        for artist_id in moved
    }
    inside = sorted((d, k) for k, d in distances.items() if d <= radius_km)
    assert len(inside) > 1, "the world must put several artists near the centre"
    assert page.total == len(inside)
    got = [hit.sort[0] for hit in page.hits[:50]]
    assert got == sorted(got)
    for hit in page.hits[:50]:
        assert hit.sort[0] == pytest.approx(distances[hit.document["artistId"]], abs=0.05)
    assert page.hits[0].document["artistId"] == inside[0][1]
