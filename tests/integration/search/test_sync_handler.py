"""The sync handler against a moto table's real stream and a real OpenSearch node: external
versions make replays, duplicates and late records converge; transient search errors fail only
the records that write; a schema-invalid item is reported, never dropped."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

import pytest

from compute.adapters.clients import search_client
from compute.adapters.search.definition import INDEX_VERSION
from compute.adapters.search.index import ArtistSearchIndex
from compute.contracts import validate
from compute.domain.attribute_values import to_attribute_values
from compute.domain.models import Artist, Studio
from tests.conftest import free_port
from tests.integration.search.conftest import StreamReader
from tests.integration.search.legacy import create_v1_index
from tests.unit.search import events
from tests.unit.search.factories import artist, bumped

pytestmark = pytest.mark.integration


def put(ddb: Any, table: str, item: dict[str, Any]) -> None:
    ddb.put_item(TableName=table, Item=to_attribute_values(item))


def delete(ddb: Any, table: str, a: Artist) -> None:
    key = {"PK": f"ARTIST#{a.artist_id}", "SK": "METADATA"}
    ddb.delete_item(TableName=table, Key=to_attribute_values(key))


def run(sync: Any, records: list[dict[str, Any]]) -> list[str]:
    """Invoke the handler with one batch; the sequence numbers it reports as failed."""
    reply = sync(events.stream_event(records), events.LambdaContext(function_name="sync"))
    validate("partial-batch-response", reply)
    return [f["itemIdentifier"] for f in reply["batchItemFailures"]]


def batches(records: list[dict[str, Any]], size: int) -> Iterable[list[dict[str, Any]]]:
    for start in range(0, len(records), size):
        yield records[start : start + size]


def indexed(index: ArtistSearchIndex) -> dict[str, tuple[int, dict[str, Any]]]:
    index.refresh()
    return {
        artist_id: (doc["_version"], {k: v for k, v in doc.items() if k != "_version"})
        for artist_id, doc in index.documents().items()
    }


@pytest.fixture
def SyncFunction(handler_env: dict[str, Any]) -> Any:
    """The handler module's SyncFunction, imported under the function's environment."""
    return handler_env["sync"].SyncFunction


@pytest.fixture
def index(alias: str, opensearch_url: str) -> ArtistSearchIndex:
    idx = ArtistSearchIndex(search_client(opensearch_url, max_retries=0), alias=alias)
    idx.ensure()
    return idx


def history(ddb: Any, table: str) -> dict[str, Artist | None]:
    """A little life of five artists and a studio; the expected final artists by id."""
    a, b, c, d, e = (artist() for _ in range(5))
    studio = Studio(
        "stu_sync01", "Iron Ink", "place-1", "2026-01-01T00:00:00Z", "2026-01-01T00:00:00Z"
    )
    put(ddb, table, studio.to_item())
    for x in (a, b, c, d, e):
        put(ddb, table, x.to_item())
    a2 = bumped(a, name="Renamed Artist")
    a3 = bumped(a2, rating=4.9)
    put(ddb, table, a2.to_item())
    put(ddb, table, a3.to_item())
    b2 = bumped(b, opted_out=True)
    put(ddb, table, b2.to_item())
    delete(ddb, table, c)
    d2 = bumped(d, styles=("realism",))
    put(ddb, table, d2.to_item())
    return {a.artist_id: a3, b.artist_id: None, c.artist_id: None, d.artist_id: d2, e.artist_id: e}


def assert_projection(index: ArtistSearchIndex, expected: dict[str, Artist | None]) -> None:
    docs = indexed(index)
    for artist_id, final in expected.items():
        if final is None:
            assert artist_id not in docs
        else:
            version, doc = docs[artist_id]
            assert version == final.version
            assert doc == final.to_search_document()


def test_batches_replays_and_late_records_converge(
    SyncFunction: Any, ddb: Any, main_table: tuple[str, StreamReader], index: ArtistSearchIndex
) -> None:
    table, stream = main_table
    expected = history(ddb, table)
    records = stream.read()
    assert len(records) == 11
    sync = SyncFunction(index)
    for batch in batches(records, 4):
        assert run(sync, batch) == []
    assert_projection(index, expected)
    # The mapping retries, replays and duplicates: nothing may move backwards.
    for batch in reversed(list(batches(records, 3))):
        assert run(sync, batch) == []
    assert run(sync, records + records) == []
    assert_projection(index, expected)


def test_cold_start_creates_the_index_behind_its_alias(
    SyncFunction: Any, alias: str, opensearch_url: str
) -> None:
    client = search_client(opensearch_url)
    assert not client.indices.exists_alias(name=alias)
    SyncFunction(ArtistSearchIndex(client, alias=alias)).ensure_index()
    assert list(client.indices.get_alias(name=alias)) == [f"{alias}-v{INDEX_VERSION}"]


def test_a_new_sync_over_a_v1_index_writes_there_until_the_reindex(
    SyncFunction: Any,
    ddb: Any,
    main_table: tuple[str, StreamReader],
    alias: str,
    opensearch_url: str,
) -> None:
    # Deployed before the reindex: the v1 index still serves and must take the v2 shape.
    client = search_client(opensearch_url)
    create_v1_index(client, alias)
    table, stream = main_table
    expected = history(ddb, table)
    index = ArtistSearchIndex(client, alias=alias)
    sync = SyncFunction(index)
    sync.ensure_index()
    assert list(client.indices.get_alias(name=alias)) == [f"{alias}-v1"]
    properties = client.indices.get_mapping(index=f"{alias}-v1")[f"{alias}-v1"]["mappings"]
    assert properties["properties"]["coordinates"] == {"type": "geo_point"}
    assert run(sync, stream.read()) == []
    assert_projection(index, expected)


def test_an_unreachable_cluster_fails_only_the_writing_records(
    SyncFunction: Any, ddb: Any, main_table: tuple[str, StreamReader], index: ArtistSearchIndex
) -> None:
    table, stream = main_table
    expected = history(ddb, table)
    records = stream.read()
    closed = ArtistSearchIndex(
        search_client(f"http://127.0.0.1:{free_port()}", max_retries=0), alias=index.alias
    )
    down = SyncFunction(closed)
    down.index_ready = True  # the index exists; only the bulk request meets the closed port
    failed = run(down, records)
    studio_sequence = records[0]["dynamodb"]["SequenceNumber"]
    assert studio_sequence not in failed  # ignored records succeed
    assert failed == [r["dynamodb"]["SequenceNumber"] for r in records[1:]]
    # The mapping retries from the first failed record once the cluster is back.
    assert run(SyncFunction(index), records[1:]) == []
    assert_projection(index, expected)


def test_a_real_429_fails_only_the_blocked_writes(
    SyncFunction: Any, ddb: Any, main_table: tuple[str, StreamReader], index: ArtistSearchIndex
) -> None:
    table, stream = main_table
    a, b = artist(), artist()
    studio = Studio(
        "stu_sync02", "Anchor Ink", "place-2", "2026-01-01T00:00:00Z", "2026-01-01T00:00:00Z"
    )
    for item in (a.to_item(), studio.to_item(), b.to_item()):
        put(ddb, table, item)
    records = stream.read()
    settings = {"index.blocks.read_only_allow_delete": True}
    index.client.indices.put_settings(index=index.alias, body=settings)
    try:
        failed = run(SyncFunction(index), records)
    finally:
        index.client.indices.put_settings(
            index=index.alias, body={"index.blocks.read_only_allow_delete": None}
        )
    sequences = [r["dynamodb"]["SequenceNumber"] for r in records]
    assert failed == [sequences[0], sequences[2]]  # the artists; the studio is not retried
    assert run(SyncFunction(index), records) == []
    assert set(indexed(index)) == {a.artist_id, b.artist_id}


def test_a_schema_invalid_item_is_reported_with_a_reason_and_no_personal_data(
    SyncFunction: Any,
    ddb: Any,
    main_table: tuple[str, StreamReader],
    index: ArtistSearchIndex,
    caplog: pytest.LogCaptureFixture,
) -> None:
    table, stream = main_table
    good = artist()
    bad = artist(name="Private Person").to_item()
    bad["styles"] = ["no-such-style"]
    put(ddb, table, bad)
    put(ddb, table, good.to_item())
    records = stream.read()
    caplog.clear()
    failed = run(SyncFunction(index), records)
    assert failed == [records[0]["dynamodb"]["SequenceNumber"]]
    assert set(indexed(index)) == {good.artist_id}
    warnings = [r for r in caplog.records if r.getMessage() == "record not applied"]
    assert warnings and "styles" in warnings[0].reason  # type: ignore[attr-defined]
    logged = json.dumps([r.__dict__ for r in caplog.records], default=str)
    assert "Private Person" not in logged and "no-such-style" not in logged
