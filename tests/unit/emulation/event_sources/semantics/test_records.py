"""The records Lambda hands to a function, in AWS's shapes."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from emulation.event_sources.semantics.records import (
    dynamodb_event_record,
    record_id,
    sqs_event_record,
)
from tests.unit.emulation.event_sources.builders import QUEUE_ARN, STREAM_ARN, stream_record


def test_dynamodb_event_record_shape() -> None:
    raw = {
        "eventID": "e1",
        "eventName": "INSERT",
        "eventVersion": "1.0",
        "eventSource": "aws:dynamodb",
        "awsRegion": "us-east-1",
        "dynamodb": {
            "ApproximateCreationDateTime": datetime(2026, 11, 28, 12, 0, 1, 500000, UTC),
            "Keys": {"pk": {"S": "ARTIST#1"}},
            "NewImage": {"pk": {"S": "ARTIST#1"}, "photo": {"B": b"\x00\x01"}},
            "SequenceNumber": "100",
            "SizeBytes": 42,
            "StreamViewType": "NEW_AND_OLD_IMAGES",
        },
    }

    record = dynamodb_event_record(raw, STREAM_ARN)

    assert record["eventVersion"] == "1.1"
    assert record["awsRegion"] == "eu-west-2"  # from the stream, not moto's us-east-1
    assert record["eventSourceARN"] == STREAM_ARN
    assert record["dynamodb"]["ApproximateCreationDateTime"] == 1795867201
    assert record["dynamodb"]["NewImage"]["photo"] == {"B": "AAE="}
    json.dumps(record)


def test_sqs_event_record_shape() -> None:
    message = {
        "MessageId": "m-1",
        "ReceiptHandle": "rh-1",
        "Body": '{"type": "scrape"}',
        "MD5OfBody": "d41d8cd98f00b204e9800998ecf8427e",
        "Attributes": {"ApproximateReceiveCount": "2", "SentTimestamp": "1", "Policy": "{}"},
        "MessageAttributes": {
            "kind": {"DataType": "String", "StringValue": "studio"},
            "blob": {"DataType": "Binary", "BinaryValue": b"\x00\x01"},
        },
    }

    record = sqs_event_record(message, QUEUE_ARN)

    assert record["attributes"] == {"ApproximateReceiveCount": "2", "SentTimestamp": "1"}
    assert record["messageAttributes"]["kind"] == {
        "stringListValues": [],
        "binaryListValues": [],
        "dataType": "String",
        "stringValue": "studio",
    }
    assert record["messageAttributes"]["blob"]["binaryValue"] == "AAE="
    assert record["md5OfMessageAttributes"] is None  # absent on the message: null, as in AWS
    assert (record["eventSource"], record["awsRegion"]) == ("aws:sqs", "eu-west-2")
    assert record["eventSourceARN"] == QUEUE_ARN
    json.dumps(record)


def test_a_failed_record_is_reported_by_message_id_or_sequence_number() -> None:
    sqs = sqs_event_record(
        {"MessageId": "m-1", "ReceiptHandle": "rh", "Body": "x", "MD5OfBody": "0"}, QUEUE_ARN
    )

    assert record_id(sqs) == "m-1"
    assert record_id(stream_record(42)) == "42"
