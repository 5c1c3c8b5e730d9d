"""The local cloud's fast DynamoDB replies (moto_patches.install_fast_moto_json): every reply of
the fast path parses, in boto3, to exactly what moto's own shape-walking serializer gives."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any

import pytest

from emulation.aws import MotoServer
from emulation.moto_patches import FAST_JSON_SWITCH, fast_json_body

pytestmark = pytest.mark.integration

TABLE = "fast-json"
ITEM = {
    "PK": {"S": "ARTIST#1"},
    "SK": {"S": "PROFILE"},
    "n": {"N": "3.25"},
    "b": {"B": b"\x00\x01\xff"},
    "ss": {"SS": ["a", "b"]},
    "ns": {"NS": ["1", "2"]},
    "bs": {"BS": [b"\x01", b"\x02"]},
    "m": {"M": {"nested": {"L": [{"S": "x"}, {"NULL": True}, {"BOOL": False}]}}},
    "name": {"S": "Zoë ✓"},
}


@pytest.fixture(scope="module")
def clients(aws_env: None) -> Iterator[tuple[Any, Any]]:
    server = MotoServer()
    server.start()
    dynamodb = server.client("dynamodb")
    description = dynamodb.create_table(
        TableName=TABLE,
        AttributeDefinitions=[
            {"AttributeName": "PK", "AttributeType": "S"},
            {"AttributeName": "SK", "AttributeType": "S"},
        ],
        KeySchema=[
            {"AttributeName": "PK", "KeyType": "HASH"},
            {"AttributeName": "SK", "KeyType": "RANGE"},
        ],
        BillingMode="PAY_PER_REQUEST",
        StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"},
    )
    dynamodb.put_item(TableName=TABLE, Item=ITEM)
    for i in range(5):
        dynamodb.put_item(
            TableName=TABLE, Item={"PK": {"S": "ARTIST#1"}, "SK": {"S": f"STUDIO#{i}"}}
        )
    yield dynamodb, description["TableDescription"]["LatestStreamArn"]
    FAST_JSON_SWITCH["on"] = True
    server.stop()


def both_ways(call: Callable[[], dict[str, Any]]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The call's parsed reply through the fast path and through moto's serializer."""
    FAST_JSON_SWITCH["on"] = True
    try:
        fast = call()
        FAST_JSON_SWITCH["on"] = False
        generic = call()
    finally:
        FAST_JSON_SWITCH["on"] = True
    for reply in (fast, generic):
        reply.pop("ResponseMetadata")
    return fast, generic


KEY = {"PK": {"S": "ARTIST#1"}, "SK": {"S": "PROFILE"}}
READS: dict[str, Callable[[Any], dict[str, Any]]] = {
    "GetItem": lambda d: d.get_item(TableName=TABLE, Key=KEY),
    "GetItem missing": lambda d: d.get_item(
        TableName=TABLE, Key={"PK": {"S": "nobody"}, "SK": {"S": "x"}}
    ),
    "Query page": lambda d: d.query(
        TableName=TABLE,
        KeyConditionExpression="PK = :pk",
        ExpressionAttributeValues={":pk": {"S": "ARTIST#1"}},
        Limit=2,
        ReturnConsumedCapacity="TOTAL",
    ),
    "Query all": lambda d: d.query(
        TableName=TABLE,
        KeyConditionExpression="PK = :pk",
        ExpressionAttributeValues={":pk": {"S": "ARTIST#1"}},
    ),
    "Scan": lambda d: d.scan(TableName=TABLE),
    "BatchGetItem": lambda d: d.batch_get_item(RequestItems={TABLE: {"Keys": [KEY]}}),
    "TransactGetItems": lambda d: d.transact_get_items(
        TransactItems=[{"Get": {"TableName": TABLE, "Key": KEY}}]
    ),
    "UpdateItem ALL_NEW": lambda d: d.update_item(
        TableName=TABLE,
        Key=KEY,
        UpdateExpression="SET seen = :s",
        ExpressionAttributeValues={":s": {"BOOL": True}},
        ReturnValues="ALL_NEW",
    ),
    "PutItem ALL_OLD": lambda d: d.put_item(TableName=TABLE, Item=ITEM, ReturnValues="ALL_OLD"),
}


@pytest.mark.parametrize("name", sorted(READS))
def test_replies_parse_as_moto_serializes_them(clients: tuple[Any, Any], name: str) -> None:
    dynamodb, _ = clients
    fast, generic = both_ways(lambda: READS[name](dynamodb))
    assert fast == generic
    if "missing" not in name:
        assert fast != {}, "the comparison must cover a reply with content"


def test_stream_records_parse_as_moto_serializes_them(clients: tuple[Any, Any]) -> None:
    dynamodb, stream_arn = clients
    streams = MotoServer.__new__(MotoServer)  # only for its client() helper
    streams.endpoint = dynamodb.meta.endpoint_url
    reader = streams.client("dynamodbstreams")
    shard = reader.describe_stream(StreamArn=stream_arn)["StreamDescription"]["Shards"][0]

    def read() -> dict[str, Any]:
        iterator = reader.get_shard_iterator(
            StreamArn=stream_arn, ShardId=shard["ShardId"], ShardIteratorType="TRIM_HORIZON"
        )["ShardIterator"]
        reply: dict[str, Any] = reader.get_records(ShardIterator=iterator, Limit=3)
        reply.pop("NextShardIterator")  # a new iterator id each call
        return reply

    fast, generic = both_ways(read)
    assert len(fast["Records"]) == 3
    assert isinstance(fast["Records"][0]["dynamodb"]["ApproximateCreationDateTime"], datetime)
    assert fast == generic


def test_fast_body_drops_none_and_encodes_blobs_and_times() -> None:
    when = datetime(2026, 11, 28, 12, 0, 0, 123_987, tzinfo=UTC)  # milliseconds, as moto
    body = fast_json_body({"A": None, "B": {"B": b"\x00"}, "T": when, "L": [{"x": None}]})
    assert json.loads(body) == {"B": {"B": "AA=="}, "T": 1795867200.123, "L": [{}]}
    with pytest.raises(TypeError, match="not JSON-protocol data"):
        fast_json_body({"A": object()})
