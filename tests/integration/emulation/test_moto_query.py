"""The local cloud's Query (moto_patches.install_fast_moto_query) reads only the partition asked
for (an index query: only the items with its key), and answers every Query exactly as moto's own
table walk does: key conditions, direction, Limit paging, filters, base table and index."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from emulation.aws import MotoServer

pytestmark = pytest.mark.integration

TABLE = "query-partitions"
PARTITIONS = ["RUN#a", "RUN#b", "STUDIO#c"]


@pytest.fixture(scope="module")
def dynamodb(aws_env: None) -> Iterator[Any]:
    server = MotoServer()
    server.start()
    client = server.client("dynamodb")
    client.create_table(
        TableName=TABLE,
        AttributeDefinitions=[
            {"AttributeName": name, "AttributeType": "S"} for name in ("PK", "SK", "GSI1PK")
        ],
        KeySchema=[
            {"AttributeName": "PK", "KeyType": "HASH"},
            {"AttributeName": "SK", "KeyType": "RANGE"},
        ],
        GlobalSecondaryIndexes=[
            {
                "IndexName": "gsi1",
                "KeySchema": [
                    {"AttributeName": "GSI1PK", "KeyType": "HASH"},
                    {"AttributeName": "SK", "KeyType": "RANGE"},
                ],
                "Projection": {"ProjectionType": "ALL"},
            }
        ],
        BillingMode="PAY_PER_REQUEST",
    )
    for n in range(120):
        pk = PARTITIONS[n % len(PARTITIONS)]
        client.put_item(
            TableName=TABLE,
            Item={
                "PK": {"S": pk},
                "SK": {"S": f"{'JOB' if n % 2 else 'CANDIDATE'}#{n:04d}"},
                "GSI1PK": {"S": f"G#{n % 4}"},
                "status": {"S": "done" if n % 5 else "failed"},
            },
        )
    yield client
    server.stop()


def read_all(client: Any, **query: Any) -> list[list[dict[str, Any]]]:
    """Every page of a Query, followed through LastEvaluatedKey."""
    pages: list[list[dict[str, Any]]] = []
    start: dict[str, Any] | None = None
    while True:
        reply = client.query(
            TableName=TABLE, **query, **({"ExclusiveStartKey": start} if start else {})
        )
        pages.append(reply["Items"])
        start = reply.get("LastEvaluatedKey")
        if not start or len(pages) > 200:
            return pages


queries = st.fixed_dictionaries(
    {
        "partition": st.sampled_from([*PARTITIONS, "RUN#missing"]),
        "index": st.sampled_from([None, "G#0", "G#3", "G#missing"]),
        "prefix": st.sampled_from([None, "JOB#", "CANDIDATE#", "X#"]),
        "forward": st.booleans(),
        "limit": st.one_of(st.none(), st.integers(1, 15)),
        "failed_only": st.booleans(),
    }
)


def as_query(spec: dict[str, Any]) -> dict[str, Any]:
    query: dict[str, Any] = {"ScanIndexForward": spec["forward"]}
    if spec["index"]:
        query["IndexName"] = "gsi1"
        condition = "GSI1PK = :pk"
        values: dict[str, Any] = {":pk": {"S": spec["index"]}}
    else:
        condition = "PK = :pk"
        values = {":pk": {"S": spec["partition"]}}
    if spec["prefix"]:
        condition += " AND begins_with(SK, :prefix)"
        values[":prefix"] = {"S": spec["prefix"]}
    query["KeyConditionExpression"] = condition
    if spec["limit"]:
        query["Limit"] = spec["limit"]
    if spec["failed_only"]:
        query["FilterExpression"] = "#s = :failed"
        query["ExpressionAttributeNames"] = {"#s": "status"}
        values[":failed"] = {"S": "failed"}
    query["ExpressionAttributeValues"] = values
    return query


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(spec=queries)
def test_a_partition_query_answers_as_moto_does(
    dynamodb: Any, monkeypatch: Any, spec: dict[str, Any]
) -> None:
    from moto.dynamodb.models.table import Table

    assert getattr(Table, "_local_cloud_fast_query", False) is True
    query = as_query(spec)
    fast = read_all(dynamodb, **query)
    with monkeypatch.context() as moto_own:
        moto_own.setattr(Table, "query", Table._moto_query)  # type: ignore[attr-defined]
        moto_own.setattr(Table, "all_items", Table._moto_all_items)  # type: ignore[attr-defined]
        expected = read_all(dynamodb, **query)
    assert fast == expected


def test_a_scan_answers_as_moto_does_over_a_snapshot_of_the_table(dynamodb: Any) -> None:
    # Scans read a snapshot (another thread's put no longer breaks moto's loop mid-scan).
    from moto.dynamodb.models.table import Table

    def scan_all() -> list[dict[str, Any]]:
        return dynamodb.scan(TableName=TABLE, Limit=1000)["Items"]  # type: ignore[no-any-return]

    ours = scan_all()
    assert len(ours) > 40
    with pytest.MonkeyPatch.context() as moto_own:
        moto_own.setattr(Table, "all_items", Table._moto_all_items)  # type: ignore[attr-defined]
        assert scan_all() == ours


def test_a_query_does_not_sort_the_whole_table(dynamodb: Any, monkeypatch: Any) -> None:
    from moto.dynamodb.models.table import Table

    def whole_table(self: Any) -> list[Any]:
        raise AssertionError("a Query sorted the whole table")

    monkeypatch.setattr(Table, "_local_all_items", whole_table)
    pages = read_all(
        dynamodb,
        KeyConditionExpression="PK = :pk",
        ExpressionAttributeValues={":pk": {"S": "RUN#a"}},
        Limit=7,
    )
    items = [item for page in pages for item in page]
    assert len(items) == 40
    assert {item["PK"]["S"] for item in items} == {"RUN#a"}
    assert [item["SK"]["S"] for item in items] == sorted(item["SK"]["S"] for item in items)
    by_index = read_all(
        dynamodb,
        IndexName="gsi1",
        KeyConditionExpression="GSI1PK = :g",
        ExpressionAttributeValues={":g": {"S": "G#2"}},
    )
    assert len([item for page in by_index for item in page]) == 30


def test_an_index_query_sees_every_partition_and_scans_the_whole_table(dynamodb: Any) -> None:
    pages = read_all(
        dynamodb,
        IndexName="gsi1",
        KeyConditionExpression="GSI1PK = :g",
        ExpressionAttributeValues={":g": {"S": "G#1"}},
    )
    items = [item for page in pages for item in page]
    assert len(items) == 30
    assert {item["PK"]["S"] for item in items} == set(PARTITIONS)
    assert dynamodb.scan(TableName=TABLE, Select="COUNT")["Count"] == 120
