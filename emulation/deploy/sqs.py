"""SQS queues, with their attributes and redrive policies."""

from __future__ import annotations

import json
from typing import Any

from emulation.deploy.engine import (
    CREATED,
    Deployed,
    Result,
    Stack,
    attribute_text,
    creates,
)

_QUEUE_ATTRIBUTES = (
    "DelaySeconds",
    "MaximumMessageSize",
    "MessageRetentionPeriod",
    "ReceiveMessageWaitTimeSeconds",
    "VisibilityTimeout",
    "FifoQueue",
    "ContentBasedDeduplication",
    "DeduplicationScope",
    "FifoThroughputLimit",
)


@creates("AWS::SQS::Queue")
def _queue(s: Stack, logical_id: str, p: dict[str, Any]) -> Result:
    d = s.deployer
    fifo = bool(p.get("FifoQueue"))
    name = p.get("QueueName") or d.physical_name(s.name, logical_id, 75 if fifo else 80)
    if fifo and not name.endswith(".fifo"):
        name += ".fifo"
    attributes = {k: attribute_text(p[k]) for k in _QUEUE_ATTRIBUTES if k in p}
    if "RedrivePolicy" in p:
        attributes["RedrivePolicy"] = json.dumps(p["RedrivePolicy"])
    if "RedriveAllowPolicy" in p:
        attributes["RedriveAllowPolicy"] = json.dumps(p["RedriveAllowPolicy"])
    sqs = d.boto("sqs")
    url = sqs.create_queue(QueueName=name, Attributes=attributes)["QueueUrl"]
    arn = d.arn("sqs", name)
    return (
        Deployed("AWS::SQS::Queue", url, {"Arn": arn, "QueueName": name, "QueueUrl": url}),
        (CREATED),
        "created in moto",
    )
