"""Where a poller sends what it cannot deliver: a queue's URL from its ARN, and an on-failure
record to an SQS queue or SNS topic."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from emulation.aws import client
from emulation.event_sources.semantics import MappingError


def queue_url_from_arn(arn: str, endpoint_url: str) -> str:
    """arn:aws:sqs:REGION:ACCOUNT:NAME -> the queue's URL on the endpoint."""
    _, _, _, _, account, name = arn.split(":", 5)
    return f"{endpoint_url.rstrip('/')}/{account}/{name}"


def send_to_destination(endpoint_url: str, destination: str, record: Mapping[str, Any]) -> None:
    """Deliver an on-failure record to an SQS queue or SNS topic ARN."""
    body = json.dumps(record)
    service = destination.split(":")[2]
    if service == "sqs":
        client("sqs", endpoint_url).send_message(
            QueueUrl=queue_url_from_arn(destination, endpoint_url), MessageBody=body
        )
    elif service == "sns":
        client("sns", endpoint_url).publish(TopicArn=destination, Message=body)
    else:
        raise MappingError(f"on-failure destination {destination!r} is not SQS or SNS")
