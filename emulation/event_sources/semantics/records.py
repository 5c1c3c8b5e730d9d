"""The records Lambda hands to a function: a DynamoDB stream record and an SQS message, and
the identifier a function reports a failed record by."""

from __future__ import annotations

import base64
from collections.abc import Mapping
from datetime import datetime
from typing import Any


def dynamodb_event_record(raw: Mapping[str, Any], stream_arn: str) -> dict[str, Any]:
    """A GetRecords record as Lambda hands it to a function (awsRegion from the stream)."""
    dynamodb = dict(raw["dynamodb"])
    created = dynamodb.get("ApproximateCreationDateTime")
    if isinstance(created, datetime):
        dynamodb["ApproximateCreationDateTime"] = int(created.timestamp())
    ordered = {
        key: _jsonable(dynamodb[key])
        for key in (
            "ApproximateCreationDateTime",
            "Keys",
            "NewImage",
            "OldImage",
            "SequenceNumber",
            "SizeBytes",
            "StreamViewType",
        )
        if key in dynamodb
    }
    record = {
        "eventID": raw["eventID"],
        "eventName": raw["eventName"],
        "eventVersion": "1.1",
        "eventSource": "aws:dynamodb",
        "awsRegion": stream_arn.split(":")[3],
        "dynamodb": ordered,
        "eventSourceARN": stream_arn,
    }
    identity = raw.get("userIdentity")
    if identity:  # a TTL deletion: the service, in the event's lower-case keys
        record["userIdentity"] = {"type": identity["Type"], "principalId": identity["PrincipalId"]}
    return record


def _jsonable(value: Any) -> Any:
    """Attribute values as JSON: binary values base64, as in Lambda events."""
    if isinstance(value, bytes | bytearray):
        return base64.b64encode(value).decode()
    if isinstance(value, Mapping):
        return {key: _jsonable(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_jsonable(item) for item in value]
    return value


def sqs_event_record(message: Mapping[str, Any], queue_arn: str) -> dict[str, Any]:
    """A ReceiveMessage message as Lambda hands it to a function."""
    attributes = {
        key: value
        for key, value in message.get("Attributes", {}).items()
        if key
        in (
            "ApproximateReceiveCount",
            "SentTimestamp",
            "SenderId",
            "ApproximateFirstReceiveTimestamp",
            "SequenceNumber",
            "MessageGroupId",
            "MessageDeduplicationId",
            "AWSTraceHeader",
            "DeadLetterQueueSourceArn",
        )
    }
    message_attributes = {}
    for name, attribute in message.get("MessageAttributes", {}).items():
        entry: dict[str, Any] = {
            "stringListValues": [],
            "binaryListValues": [],
            "dataType": attribute["DataType"],
        }
        if "StringValue" in attribute:
            entry["stringValue"] = attribute["StringValue"]
        if "BinaryValue" in attribute:
            entry["binaryValue"] = base64.b64encode(attribute["BinaryValue"]).decode()
        message_attributes[name] = entry
    return {
        "messageId": message["MessageId"],
        "receiptHandle": message["ReceiptHandle"],
        "body": message["Body"],
        "attributes": attributes,
        "messageAttributes": message_attributes,
        "md5OfBody": message["MD5OfBody"],
        # SQS's digest of the attributes; null when the message has none, as in AWS's records.
        "md5OfMessageAttributes": message.get("MD5OfMessageAttributes"),
        "eventSource": "aws:sqs",
        "eventSourceARN": queue_arn,
        "awsRegion": queue_arn.split(":")[3],
    }


def record_id(record: Mapping[str, Any]) -> str:
    """The itemIdentifier a function reports: SequenceNumber (stream) or messageId (SQS)."""
    if record.get("eventSource") == "aws:sqs":
        return str(record["messageId"])
    return str(record["dynamodb"]["SequenceNumber"])
