"""The local cloud's SQS receive (moto_patches.install_fast_moto_sqs_retention): messages within
the queue's retention period are received, older ones are not, as before the patch."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from emulation.aws import ACCOUNT_ID, REGION, MotoServer

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def sqs(aws_env: None) -> Iterator[Any]:
    server = MotoServer()
    server.start()
    yield server.client("sqs")
    server.stop()


def test_receive_keeps_the_retention_period(sqs: Any) -> None:
    from moto.sqs.models import SQSBackend, sqs_backends

    assert getattr(SQSBackend, "_local_cloud_fast_retention", False) is True
    url = sqs.create_queue(QueueName="retention", Attributes={"MessageRetentionPeriod": "60"})[
        "QueueUrl"
    ]
    for n in range(3):
        sqs.send_message(QueueUrl=url, MessageBody=f"job-{n}")
    queue = sqs_backends[ACCOUNT_ID][REGION].get_queue("retention")
    # The last message was sent 61 s ago: past the queue's 60 s retention (moto stops there).
    queue._messages[2].sent_timestamp -= 61_000
    received = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10)["Messages"]
    assert sorted(m["Body"] for m in received) == ["job-0", "job-1"]


def test_sending_does_not_build_the_queue_attributes(sqs: Any, monkeypatch: Any) -> None:
    """Sends read only ContentBasedDeduplication; the counts over the queue are not taken."""
    from moto.sqs.models import Queue

    url = sqs.create_queue(QueueName="many")["QueueUrl"]
    counted: list[int] = []
    counts = Queue.approximate_number_of_messages

    def counting(self: Any) -> int:
        if self.name == "many":  # moto's state is per process: other queues may be read meanwhile
            counted.append(1)
        return int(counts.fget(self))  # type: ignore[attr-defined]

    monkeypatch.setattr(Queue, "approximate_number_of_messages", property(counting))
    sqs.send_message_batch(
        QueueUrl=url, Entries=[{"Id": str(n), "MessageBody": f"job-{n}"} for n in range(10)]
    )
    assert counted == []
    attributes = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["All"])["Attributes"]
    assert attributes["ApproximateNumberOfMessages"] == "10"  # readers still get every attribute
    assert counted != []


def test_fifo_content_based_deduplication_still_applies(sqs: Any) -> None:
    url = sqs.create_queue(
        QueueName="dedupe.fifo",
        Attributes={"FifoQueue": "true", "ContentBasedDeduplication": "true"},
    )["QueueUrl"]
    for _ in range(2):
        sqs.send_message(QueueUrl=url, MessageBody="same body", MessageGroupId="g")
    sqs.send_message(QueueUrl=url, MessageBody="other body", MessageGroupId="g")
    attributes = sqs.get_queue_attributes(
        QueueUrl=url, AttributeNames=["ApproximateNumberOfMessages"]
    )["Attributes"]
    assert attributes["ApproximateNumberOfMessages"] == "2"
