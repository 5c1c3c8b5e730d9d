"""The index's lifecycle on a real node: created idempotently (also when containers race), and
moved to a new version behind the alias with no failed search."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from compute.adapters.clients import search_client
from compute.adapters.search import (
    ArtistSearchIndex,
    IndexOp,
    alias_targets,
    ensure_index,
    reindex,
)
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


def test_reindex_refuses_to_target_the_serving_index(alias: str, opensearch_url: str) -> None:
    client = search_client(opensearch_url)
    ensure_index(client, alias)
    with pytest.raises(ValueError):
        reindex(client, alias, 1)
