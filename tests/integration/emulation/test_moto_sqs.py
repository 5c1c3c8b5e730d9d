"""The local cloud's SQS (emulation/moto_patches/sqs.py): messages within the queue's retention
period are received, older ones are not, as before the patch; a send does not build the queue's
attributes; and a message in flight goes to one receiver at a time."""

from __future__ import annotations

import threading
import time
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


def test_a_delete_looks_at_the_messages_in_flight_not_the_whole_queue(
    sqs: Any, monkeypatch: Any
) -> None:
    """moto_patches.install_fast_moto_sqs_in_flight: the same answers, without a scan."""
    from moto.sqs.models import Message

    url = sqs.create_queue(QueueName="in-flight")["QueueUrl"]
    for start in range(0, 200, 10):
        sqs.send_message_batch(
            QueueUrl=url,
            Entries=[{"Id": str(n), "MessageBody": f"job-{start + n}"} for n in range(10)],
        )
    held = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, VisibilityTimeout=60)[
        "Messages"
    ]
    looked: list[int] = []
    had = Message.had_receipt_handle

    def counting(self: Any, receipt_handle: str) -> bool:
        looked.append(1)
        return bool(had(self, receipt_handle))

    monkeypatch.setattr(Message, "had_receipt_handle", counting)
    reply = sqs.delete_message_batch(
        QueueUrl=url,
        Entries=[{"Id": str(i), "ReceiptHandle": m["ReceiptHandle"]} for i, m in enumerate(held)],
    )
    assert len(reply["Successful"]) == 10 and not reply.get("Failed")
    assert len(looked) <= 10 * 10  # each among the 10 in flight, never the 200 queued
    # Deleting again is accepted (as moto and SQS do); a handle never issued is refused.
    sqs.delete_message(QueueUrl=url, ReceiptHandle=held[0]["ReceiptHandle"])
    with pytest.raises(sqs.exceptions.ReceiptHandleIsInvalid):
        sqs.delete_message(QueueUrl=url, ReceiptHandle="never-issued")
    attributes = sqs.get_queue_attributes(
        QueueUrl=url,
        AttributeNames=["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"],
    )["Attributes"]
    assert (
        attributes["ApproximateNumberOfMessages"],
        attributes["ApproximateNumberOfMessagesNotVisible"],
    ) == ("190", "0")
    bodies = {
        m["Body"]
        for _ in range(19)
        for m in sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10)["Messages"]
    }
    assert len(bodies) == 190 and not bodies & {m["Body"] for m in held}


def test_a_delayed_or_leased_message_is_not_listed_visible(sqs: Any) -> None:
    url = sqs.create_queue(QueueName="visible")["QueueUrl"]
    sqs.send_message(QueueUrl=url, MessageBody="now")
    sqs.send_message(QueueUrl=url, MessageBody="later", DelaySeconds=60)
    first = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, VisibilityTimeout=60)
    assert [m["Body"] for m in first["Messages"]] == ["now"]
    again = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, WaitTimeSeconds=0)
    assert again.get("Messages", []) == []


def test_a_message_in_flight_goes_to_one_of_two_receivers_at_once(
    sqs: Any, monkeypatch: Any
) -> None:
    """moto_patches.install_atomic_moto_sqs_receive: moto marks a message received a moment
    after seeing it visible; that moment is widened here (0.2 s), and two receives arrive in
    it. Without the queue's lock both got the message, inside its visibility timeout."""
    from moto.sqs.models import Message

    url = sqs.create_queue(QueueName="one-consumer")["QueueUrl"]
    sqs.send_message(QueueUrl=url, MessageBody="job")
    mark_received = Message.mark_received

    def slow_mark(self: Any, *args: Any, **kwargs: Any) -> None:
        time.sleep(0.2)
        mark_received(self, *args, **kwargs)

    monkeypatch.setattr(Message, "mark_received", slow_mark)
    start = threading.Barrier(2)
    got: list[list[str]] = []

    def receive() -> None:
        start.wait()
        reply = sqs.receive_message(QueueUrl=url, VisibilityTimeout=60, WaitTimeSeconds=0)
        got.append([m["Body"] for m in reply.get("Messages", [])])

    receivers = [threading.Thread(target=receive) for _ in range(2)]
    for receiver in receivers:
        receiver.start()
    for receiver in receivers:
        receiver.join(timeout=10)
    assert sorted(got) == [[], ["job"]]
