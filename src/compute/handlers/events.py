"""Which kind of AWS event a handler was given, so that a function wired to the wrong source
fails with an error that names what it expected and what it got, instead of a KeyError deep in
a library."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

HTTP_API_V2 = "an API Gateway HTTP API event (payload format 2.0)"
DYNAMODB_STREAM = "a DynamoDB stream event (Records from aws:dynamodb)"

_RECORD_SOURCES = {
    "aws:dynamodb": "a DynamoDB stream event",
    "aws:sqs": "an SQS event",
    "aws:kinesis": "a Kinesis event",
    "aws:s3": "an S3 event",
    "aws:sns": "an SNS event",
}


class WrongEventType(TypeError):
    """The function was invoked with an event of another kind than its trigger sends."""

    def __init__(self, function: str, expected: str, event: object) -> None:
        self.expected = expected
        self.got = describe(event)
        super().__init__(f"the {function} function takes {expected}; it was given {self.got}")


def _record_source(record: Mapping[str, Any]) -> str:
    return str(record.get("eventSource") or record.get("EventSource") or "")


def describe(event: object) -> str:
    """A short name for the kind of `event` (values are never echoed: they may be personal)."""
    if not isinstance(event, Mapping):
        return f"a JSON {type(event).__name__.replace('dict', 'object')}, not an event object"
    if event.get("version") == "2.0" and "routeKey" in event:
        return HTTP_API_V2
    if "httpMethod" in event and "resource" in event:
        return "an API Gateway REST API event (payload format 1.0)"
    if "detail-type" in event:
        return "an EventBridge event"
    records = event.get("Records")
    if isinstance(records, list):
        sources = sorted({_record_source(r) for r in records if isinstance(r, Mapping)} - {""})
        if len(sources) == 1:
            return _RECORD_SOURCES.get(sources[0], f"an event with Records from {sources[0]}")
        if sources:
            return "an event with Records from " + ", ".join(sources)
        return "an event with Records of no known source"
    return (
        "an event of unknown kind (top-level keys: " + ", ".join(sorted(map(str, event))[:8]) + ")"
    )


def require_http_api_event(event: object, function: str) -> None:
    """WrongEventType unless `event` is an HTTP API payload 2.0 request."""
    if not isinstance(event, Mapping) or describe(event) != HTTP_API_V2:
        raise WrongEventType(function, HTTP_API_V2, event)
    context = event.get("requestContext")
    if not isinstance(context, Mapping) or not isinstance(context.get("http"), Mapping):
        raise WrongEventType(function, HTTP_API_V2, event)


def require_stream_event(event: object, function: str) -> None:
    """WrongEventType unless every record of `event` comes from a DynamoDB stream."""
    if not isinstance(event, Mapping) or not isinstance(event.get("Records"), list):
        raise WrongEventType(function, DYNAMODB_STREAM, event)
    records = event["Records"]
    if not all(isinstance(r, Mapping) and _record_source(r) == "aws:dynamodb" for r in records):
        raise WrongEventType(function, DYNAMODB_STREAM, event)
