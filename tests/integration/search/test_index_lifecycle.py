"""The index's lifecycle on a real node: created idempotently (also when containers race), and
moved to a new version behind the alias with no failed search."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from compute.adapters.clients import search_client
from compute.adapters.search.bulk import DeleteOp, IndexOp
from compute.adapters.search.index import ArtistSearchIndex
from compute.adapters.search.lifecycle import alias_targets, definition_drift, ensure_index, reindex
from emulation.seed import synthetic_world

pytestmark = pytest.mark.integration


def test_ensure_is_idempotent_when_containers_race(alias: str, opensearch_url: str) -> None:
    client = search_client(opensearch_url)
    with ThreadPoolExecutor(max_workers=4) as pool:
        created = list(pool.map(lambda _: ensure_index(client, alias), range(8)))
    assert set(created) == {f"{alias}-v1"}
    assert alias_targets(client, alias) == [f"{alias}-v1"]
    mapping = client.indices.get_mapping(index=alias)[f"{alias}-v1"]["mappings"]
    assert mapping["dynamic"] == "strict"
    assert not definition_drift(client, alias)


def test_an_index_built_from_another_definition_is_detected(
    alias: str, opensearch_url: str
) -> None:
    client = search_client(opensearch_url)
    body = {"mappings": {"_meta": {"definition": "older"}, "properties": {}}}
    client.indices.create(index=f"{alias}-v1", body={**body, "aliases": {alias: {}}})
    assert ensure_index(client, alias) == f"{alias}-v1"
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
        result = reindex(client, alias, 2)
        wait_for_searches(len(totals) + 5)  # ...and go on after it
    finally:
        stop.set()
        for thread in searchers:
            thread.join()

    assert failures == []
    assert len(totals) >= 10 and set(totals) == {250}
    assert result.source == f"{alias}-v1" and result.target == f"{alias}-v2"
    assert alias_targets(client, alias) == [f"{alias}-v2"]
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
        reindex(client, alias, 2)
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
        reindex(client, alias, 1)
