"""The chaos scenarios' background writer writes as the scraper's writer does: an update is
conditioned on the version it read, so a version another writer raised meanwhile (the
reconcile, above a delete's tombstone) is read again and written above, never overwritten lower.
A blind put there left the index one version ahead of the table for good (CI: recreate_lower,
"duplicated 1")."""

from __future__ import annotations

from collections.abc import Iterator
from types import SimpleNamespace

import boto3
import pytest

from compute.domain.keys import artist_key
from load.chaos.stack import Stack
from load.chaos.writes import ArtistWriter
from tests.main_table import create_main_table


@pytest.fixture
def stack(moto_endpoint: str) -> Iterator[Stack]:
    client = boto3.client("dynamodb", endpoint_url=moto_endpoint)
    create_main_table(client, "chaos-writer-test")
    cloud = SimpleNamespace(
        outputs={"TableName": "chaos-writer-test"},
        client=lambda service: boto3.client(service, endpoint_url=moto_endpoint),
    )
    yield Stack(cloud=cloud, world=None)
    client.delete_table(TableName="chaos-writer-test")


def version(stack: Stack, artist_id: str) -> int | None:
    key = {k: {"S": v} for k, v in artist_key(artist_id).items()}
    item = stack.client("dynamodb").get_item(TableName=stack.table, Key=key, ConsistentRead=True)
    return int(item["Item"]["version"]["N"]) if "Item" in item else None


def test_an_update_after_another_writer_raised_the_version_is_written_above_it(
    stack: Stack,
) -> None:
    writer = ArtistWriter(stack, "art_writertest", seed=3)
    writer.rng.random = lambda: 0.9  # type: ignore[method-assign]  # a new artist
    writer.one()
    [artist_id] = writer.live
    first = writer.live[artist_id].version
    assert version(stack, artist_id) == first
    # The reconcile raises the table's version (conditionally) far above the writer's view.
    key = {k: {"S": v} for k, v in artist_key(artist_id).items()}
    stack.client("dynamodb").update_item(
        TableName=stack.table,
        Key=key,
        UpdateExpression="SET version = :v",
        ExpressionAttributeValues={":v": {"N": str(first + 5)}},
    )
    writer.rng.random = lambda: 0.1  # type: ignore[method-assign]  # an update
    writer.one()
    assert version(stack, artist_id) == first + 6 == writer.live[artist_id].version
    assert writer.conflicts == 1
    # Without a conflict the update is the next version, as before.
    writer.one()
    assert version(stack, artist_id) == first + 7 and writer.conflicts == 1


def test_an_update_of_an_artist_deleted_meanwhile_forgets_it(stack: Stack) -> None:
    writer = ArtistWriter(stack, "art_writertest", seed=4)
    writer.rng.random = lambda: 0.9  # type: ignore[method-assign]
    writer.one()
    [artist_id] = writer.live
    key = {k: {"S": v} for k, v in artist_key(artist_id).items()}
    stack.client("dynamodb").delete_item(TableName=stack.table, Key=key)
    writer.rng.random = lambda: 0.1  # type: ignore[method-assign]
    writer.one()
    assert writer.live == {} and version(stack, artist_id) is None
