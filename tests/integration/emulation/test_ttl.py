"""DynamoDB TTL in the local cloud: an item past its TTL is deleted by the service, and the
stream record a consumer gets says so (`userIdentity` Service / dynamodb.amazonaws.com, as in
AWS's sample events); a delete a caller made carries no identity. Real moto, real streams."""

from __future__ import annotations

import time

import pytest

from emulation.aws import client, configure
from emulation.event_sources.semantics import dynamodb_event_record
from emulation.ttl import TtlSweeper

pytestmark = pytest.mark.integration

SIX_YEARS_S = 6 * 365 * 24 * 3600


def test_an_expired_item_is_deleted_by_the_service_and_its_stream_record_says_so(
    moto_endpoint: str,
) -> None:
    configure(moto_endpoint)
    dynamodb = client("dynamodb", moto_endpoint)
    name = f"ttl-{time.time_ns()}"
    arn = dynamodb.create_table(
        TableName=name,
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
        StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"},
    )["TableDescription"]["LatestStreamArn"]
    dynamodb.update_time_to_live(
        TableName=name, TimeToLiveSpecification={"Enabled": True, "AttributeName": "expiresAt"}
    )
    now = int(time.time())
    items = {
        "expired": {"N": str(now - 10)},
        "fresh": {"N": str(now + 3600)},
        "ancient": {"N": str(now - SIX_YEARS_S)},  # AWS never expires these
        "text": {"S": str(now - 10)},  # not a Number: never expires
        "deleted-by-caller": {"N": str(now + 3600)},
    }
    for key, expires_at in items.items():
        dynamodb.put_item(TableName=name, Item={"pk": {"S": key}, "expiresAt": expires_at})
    dynamodb.delete_item(TableName=name, Key={"pk": {"S": "deleted-by-caller"}})

    assert TtlSweeper().sweep() >= 1

    left = {i["pk"]["S"] for i in dynamodb.scan(TableName=name)["Items"]}
    assert left == {"fresh", "ancient", "text"}
    streams = client("dynamodbstreams", moto_endpoint)
    [shard] = streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"]
    iterator = streams.get_shard_iterator(
        StreamArn=arn, ShardId=shard["ShardId"], ShardIteratorType="TRIM_HORIZON"
    )["ShardIterator"]
    raw = streams.get_records(ShardIterator=iterator)["Records"]
    removes = {
        r["dynamodb"]["Keys"]["pk"]["S"]: r
        for r in (dynamodb_event_record(record, arn) for record in raw)
        if r["eventName"] == "REMOVE"
    }
    assert set(removes) == {"expired", "deleted-by-caller"}
    assert removes["expired"]["userIdentity"] == {
        "type": "Service",
        "principalId": "dynamodb.amazonaws.com",
    }
    assert "userIdentity" not in removes["deleted-by-caller"]
