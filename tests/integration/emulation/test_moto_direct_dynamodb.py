"""The local cloud's direct DynamoDB dispatch (moto_patches.install_direct_dynamodb_dispatch):
every data-plane reply, an error's included, has the status, headers and body that moto's Flask
app gives; other services and browser requests keep moto's path."""

from __future__ import annotations

import http.client
import json
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest

from emulation.aws import MotoServer
from emulation.moto_patches import DIRECT_DYNAMODB_SWITCH
from emulation.moto_patches.dynamodb_get import DIRECT_GET_ITEM_SWITCH

pytestmark = pytest.mark.integration

TABLE = "direct-dispatch"
KEY = {"PK": {"S": "ARTIST#1"}, "SK": {"S": "PROFILE"}}
AUTH = (
    "AWS4-HMAC-SHA256 Credential=testing/20261206/eu-west-2/dynamodb/aws4_request, "
    "SignedHeaders=host, Signature=0"
)
# Headers that differ between any two replies, whichever path gave them.
PER_REPLY = {"date", "x-amzn-requestid"}


@pytest.fixture(scope="module")
def endpoint(aws_env: None) -> Iterator[str]:
    # The layer under test: plain GetItems answered before it are test_moto_direct_get_item's.
    DIRECT_GET_ITEM_SWITCH["on"] = False
    server = MotoServer()
    server.start()
    dynamodb = server.client("dynamodb")
    dynamodb.create_table(
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
    )
    dynamodb.put_item(TableName=TABLE, Item={**KEY, "name": {"S": "Zoë ✓"}})
    yield server.endpoint
    DIRECT_DYNAMODB_SWITCH["on"] = True
    DIRECT_GET_ITEM_SWITCH["on"] = True
    server.stop()


def post(endpoint: str, target: str, body: dict[str, Any], **headers: str) -> tuple[Any, ...]:
    parts = urlsplit(endpoint)
    connection = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port)
    try:
        connection.request(
            "POST",
            "/",
            json.dumps(body),
            {
                "X-Amz-Target": target,
                "Content-Type": "application/x-amz-json-1.0",
                "Authorization": AUTH,
                **headers,
            },
        )
        reply = connection.getresponse()
        kept = sorted((k.lower(), v) for k, v in reply.getheaders() if k.lower() not in PER_REPLY)
        return reply.status, kept, reply.read()
    finally:
        connection.close()


def both_ways(endpoint: str, target: str, body: dict[str, Any], **headers: str) -> list[Any]:
    replies = []
    for direct in (True, False):
        DIRECT_DYNAMODB_SWITCH["on"] = direct
        try:
            replies.append(post(endpoint, target, body, **headers))
        finally:
            DIRECT_DYNAMODB_SWITCH["on"] = True
    return replies


CALLS: dict[str, tuple[str, dict[str, Any]]] = {
    "GetItem": ("DynamoDB_20120810.GetItem", {"TableName": TABLE, "Key": KEY}),
    "GetItem missing": (
        "DynamoDB_20120810.GetItem",
        {"TableName": TABLE, "Key": {"PK": {"S": "nobody"}, "SK": {"S": "x"}}},
    ),
    "GetItem no table": ("DynamoDB_20120810.GetItem", {"TableName": "absent", "Key": KEY}),
    "GetItem bad key": (
        "DynamoDB_20120810.GetItem",
        {"TableName": TABLE, "Key": {"PK": KEY["PK"]}},
    ),
    "Query": (
        "DynamoDB_20120810.Query",
        {
            "TableName": TABLE,
            "KeyConditionExpression": "PK = :pk",
            "ExpressionAttributeValues": {":pk": {"S": "ARTIST#1"}},
        },
    ),
    "DescribeTable": ("DynamoDB_20120810.DescribeTable", {"TableName": TABLE}),
}


@pytest.mark.parametrize("name", sorted(CALLS))
def test_replies_are_what_motos_flask_app_gives(endpoint: str, name: str) -> None:
    target, body = CALLS[name]
    direct, through_flask = both_ways(endpoint, target, body)
    if name != "DescribeTable":  # a table's description carries no per-call value
        assert direct == through_flask
    else:
        assert direct[:2] == through_flask[:2]
        assert json.loads(direct[2]) == json.loads(through_flask[2])
    assert ("access-control-allow-origin", "*") in direct[1]


def test_a_browser_request_keeps_motos_path(endpoint: str) -> None:
    target, body = CALLS["GetItem"]
    direct, through_flask = both_ways(endpoint, target, body, Origin="http://localhost:3000")
    assert direct == through_flask


def test_data_plane_requests_take_the_direct_path(
    endpoint: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What the comparisons above compare: the direct path answered (the server is in-process)."""
    from emulation.moto_patches import dynamodb as moto_patches

    answered: list[str] = []
    reply = moto_patches._dynamodb_reply

    def counted(environ: dict[str, Any]) -> Any:
        answered.append(environ["HTTP_X_AMZ_TARGET"])
        return reply(environ)

    monkeypatch.setattr(moto_patches, "_dynamodb_reply", counted)
    status, _, body = post(endpoint, *CALLS["GetItem"])
    assert status == 200 and json.loads(body)["Item"]["name"] == {"S": "Zoë ✓"}
    post(endpoint, *CALLS["GetItem"], Origin="http://localhost:3000")
    assert answered == ["DynamoDB_20120810.GetItem"]
