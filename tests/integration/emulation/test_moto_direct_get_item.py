"""A plain GetItem is answered by moto's server thread itself (moto_patches.dynamodb_get): the
same status, headers and body as moto's own path, for found and missing items, and every other
GetItem (errors, projections, capacity) still goes through moto's path and answers as before."""

from __future__ import annotations

import http.client
import json
from collections.abc import Iterator
from typing import Any

import pytest
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

from emulation.aws import MotoServer
from emulation.moto_patches.dynamodb_get import DIRECT_GET_ITEM_SWITCH

pytestmark = pytest.mark.integration

TABLE = "direct-get"
ITEM = {
    "PK": {"S": "ARTIST#1"},
    "SK": {"S": "PROFILE"},
    "n": {"N": "3.25"},
    "b": {"B": "AAH/"},
    "ss": {"SS": ["a", "b"]},
    "m": {"M": {"nested": {"L": [{"S": "x"}, {"NULL": True}, {"BOOL": False}]}}},
    "name": {"S": "Zoë ✓"},
}
KEY = {"PK": {"S": "ARTIST#1"}, "SK": {"S": "PROFILE"}}


@pytest.fixture(scope="module")
def server(aws_env: None) -> Iterator[MotoServer]:
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
    dynamodb.put_item(TableName=TABLE, Item=ITEM)
    yield server
    DIRECT_GET_ITEM_SWITCH["on"] = True
    server.stop()


def post(server: MotoServer, body: dict[str, Any]) -> tuple[int, dict[str, str], bytes]:
    raw = json.dumps(body).encode()
    request = AWSRequest(
        method="POST",
        url=server.endpoint + "/",
        data=raw,
        headers={
            "Content-Type": "application/x-amz-json-1.0",
            "X-Amz-Target": "DynamoDB_20120810.GetItem",
        },
    )
    SigV4Auth(Credentials("testing", "testing", "testing"), "dynamodb", "eu-west-2").add_auth(
        request
    )
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    try:
        connection.request("POST", "/", raw, dict(request.headers))
        reply = connection.getresponse()
        return reply.status, dict(reply.getheaders()), reply.read()
    finally:
        connection.close()


def both_ways(server: MotoServer, body: dict[str, Any]) -> list[tuple[Any, ...]]:
    answers = []
    for on in (True, False):
        DIRECT_GET_ITEM_SWITCH["on"] = on
        status, headers, text = post(server, body)
        # The request id is random and the date moves; every name and the rest must agree.
        names = [k for k in headers if k not in ("Date",)]
        values = {k: v for k, v in headers.items() if k not in ("Date", "x-amzn-requestid")}
        answers.append((status, names, values, json.loads(text)))
    DIRECT_GET_ITEM_SWITCH["on"] = True
    return answers


REQUESTS: dict[str, dict[str, Any]] = {
    "found": {"TableName": TABLE, "Key": KEY},
    "consistent": {"TableName": TABLE, "Key": KEY, "ConsistentRead": True},
    "missing": {"TableName": TABLE, "Key": {**KEY, "SK": {"S": "NOPE"}}},
    "no table": {"TableName": "nowhere", "Key": KEY},
    "not the key": {"TableName": TABLE, "Key": {"PK": {"S": "ARTIST#1"}, "X": {"S": "y"}}},
    "empty key": {"TableName": TABLE, "Key": {**KEY, "SK": {"S": ""}}},
    "projection": {"TableName": TABLE, "Key": KEY, "ProjectionExpression": "n"},
    "capacity": {"TableName": TABLE, "Key": KEY, "ReturnConsumedCapacity": "TOTAL"},
}


@pytest.mark.parametrize("case", sorted(REQUESTS))
def test_a_get_item_answers_as_through_moto(server: MotoServer, case: str) -> None:
    direct, through_moto = both_ways(server, REQUESTS[case])
    assert direct == through_moto


def test_plain_get_items_skip_moto_and_the_rest_do_not(
    server: MotoServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    from moto.dynamodb.responses import DynamoHandler

    calls: list[str] = []
    original = DynamoHandler.call_action

    def counted(self: Any) -> Any:
        calls.append(self._get_action())
        return original(self)

    monkeypatch.setattr(DynamoHandler, "call_action", counted)
    for case in ("found", "consistent", "missing"):
        status, _, text = post(server, REQUESTS[case])
        assert status == 200 and (json.loads(text).get("Item") is not None) == (case != "missing")
    assert calls == []
    for case in ("no table", "projection", "capacity"):
        post(server, REQUESTS[case])
    assert calls == ["GetItem"] * 3


def test_boto3_reads_the_same_item(server: MotoServer) -> None:
    dynamodb = server.client("dynamodb")
    direct = dynamodb.get_item(TableName=TABLE, Key=KEY)
    DIRECT_GET_ITEM_SWITCH["on"] = False
    try:
        through_moto = dynamodb.get_item(TableName=TABLE, Key=KEY)
    finally:
        DIRECT_GET_ITEM_SWITCH["on"] = True
    assert direct["Item"] == through_moto["Item"] and direct["Item"]["name"] == {"S": "Zoë ✓"}
