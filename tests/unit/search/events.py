"""AWS-shaped events for the search path's tests: DynamoDB stream records, HTTP API payload 2.0
requests, and a Lambda context. Shapes follow the AWS documentation; Powertools' event classes
parse them in the tests that use them."""

from __future__ import annotations

import itertools
import json
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from compute.domain.attribute_values import to_attribute_values

STREAM_ARN = (
    "arn:aws:dynamodb:eu-west-2:123456789012:table/tattoo-main/stream/2026-11-28T00:00:00.000"
)
_sequence = itertools.count(1_000_000)


def stream_record(
    event_name: str,
    *,
    keys: Mapping[str, str],
    new_image: Mapping[str, Any] | None = None,
    old_image: Mapping[str, Any] | None = None,
    sequence_number: str | None = None,
    created_s: float = 1_764_300_000.0,
) -> dict[str, Any]:
    """One DynamoDB stream record as Lambda receives it (NEW_AND_OLD_IMAGES)."""
    dynamodb: dict[str, Any] = {
        "ApproximateCreationDateTime": created_s,
        "Keys": to_attribute_values(keys),
        "SequenceNumber": sequence_number or f"{next(_sequence):021d}",
        "SizeBytes": 512,
        "StreamViewType": "NEW_AND_OLD_IMAGES",
    }
    if new_image is not None:
        dynamodb["NewImage"] = to_attribute_values(new_image)
    if old_image is not None:
        dynamodb["OldImage"] = to_attribute_values(old_image)
    return {
        "eventID": uuid.uuid4().hex,
        "eventName": event_name,
        "eventVersion": "1.1",
        "eventSource": "aws:dynamodb",
        "awsRegion": "eu-west-2",
        "dynamodb": dynamodb,
        "eventSourceARN": STREAM_ARN,
    }


def item_keys(item: Mapping[str, Any]) -> dict[str, str]:
    return {"PK": str(item["PK"]), "SK": str(item["SK"])}


def insert(item: Mapping[str, Any], **kw: Any) -> dict[str, Any]:
    return stream_record("INSERT", keys=item_keys(item), new_image=item, **kw)


def modify(old: Mapping[str, Any], new: Mapping[str, Any], **kw: Any) -> dict[str, Any]:
    return stream_record("MODIFY", keys=item_keys(new), new_image=new, old_image=old, **kw)


def remove(old: Mapping[str, Any], **kw: Any) -> dict[str, Any]:
    return stream_record("REMOVE", keys=item_keys(old), old_image=old, **kw)


def stream_event(records: list[dict[str, Any]]) -> dict[str, Any]:
    return {"Records": records}


def http_event(
    path: str,
    *,
    method: str = "GET",
    query: Mapping[str, str] | list[tuple[str, str]] | None = None,
    headers: Mapping[str, str] | None = None,
    body: Any = None,
    path_parameters: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """An API Gateway HTTP API (payload format 2.0) request event."""
    pairs = list(query.items()) if isinstance(query, Mapping) else list(query or [])
    joined: dict[str, str] = {}
    for name, value in pairs:
        joined[name] = f"{joined[name]},{value}" if name in joined else value
    request_id = uuid.uuid4().hex
    event: dict[str, Any] = {
        "version": "2.0",
        "routeKey": "$default",
        "rawPath": path,
        "rawQueryString": urlencode(pairs),
        "headers": {k.lower(): v for k, v in (headers or {}).items()},
        "requestContext": {
            "accountId": "123456789012",
            "apiId": "local",
            "domainName": "localhost",
            "domainPrefix": "localhost",
            "http": {
                "method": method,
                "path": path,
                "protocol": "HTTP/1.1",
                "sourceIp": "127.0.0.1",
                "userAgent": "pytest",
            },
            "requestId": request_id,
            "routeKey": "$default",
            "stage": "$default",
            "time": "28/Nov/2026:09:15:02 +0000",
            "timeEpoch": 1_764_321_302_000,
        },
        "isBase64Encoded": False,
    }
    if joined:
        event["queryStringParameters"] = joined
    if path_parameters:
        event["pathParameters"] = dict(path_parameters)
    if body is not None:
        event["body"] = body if isinstance(body, str) else json.dumps(body)
        event["headers"].setdefault("content-type", "application/json")
    return event


@dataclass
class LambdaContext:
    """The attributes of the Lambda context object the handlers and Powertools read."""

    function_name: str = "api"
    memory_limit_in_mb: int = 512
    aws_request_id: str = field(default_factory=lambda: uuid.uuid4().hex)
    remaining_ms: int = 30_000

    @property
    def invoked_function_arn(self) -> str:
        return f"arn:aws:lambda:eu-west-2:123456789012:function:{self.function_name}"

    @property
    def function_version(self) -> str:
        return "$LATEST"

    @property
    def log_group_name(self) -> str:
        return f"/aws/lambda/{self.function_name}"

    def get_remaining_time_in_millis(self) -> int:
        return self.remaining_ms
