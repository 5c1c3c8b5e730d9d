"""The SQS receiver's batches, against a fake queue: BatchSize and the batching window mean
what they say; filtered-out messages are deleted."""

from __future__ import annotations

import time
from collections import deque
from typing import Any

from emulation.event_sources.pollers import SqsPoller
from emulation.event_sources.semantics import EventSourceMapping
from tests.unit.emulation.event_sources.builders import QUEUE_ARN, NoRuntime


class _Queue:
    """receive_message hands out the bursts it was given, one a call; then nothing."""

    def __init__(self, *bursts: int) -> None:
        self.bursts = deque(bursts)
        self.next_id = 0
        self.asked: list[int] = []
        self.deleted: list[str] = []

    def receive_message(self, **kwargs: Any) -> dict[str, Any]:
        self.asked.append(kwargs["MaxNumberOfMessages"])
        count = min(self.bursts.popleft() if self.bursts else 0, kwargs["MaxNumberOfMessages"])
        messages = []
        for _ in range(count):
            self.next_id += 1
            messages.append(
                {"MessageId": f"m{self.next_id}", "ReceiptHandle": f"r{self.next_id}", "Body": "{}"}
            )
        return {"Messages": messages}

    def delete_message_batch(self, **kwargs: Any) -> dict[str, Any]:
        self.deleted.extend(entry["ReceiptHandle"] for entry in kwargs["Entries"])
        return {}


def _poller(**props: Any) -> SqsPoller:
    mapping = EventSourceMapping.from_properties({"EventSourceArn": QUEUE_ARN, **props}, "scrape")
    return SqsPoller(
        mapping, runtime=NoRuntime(), endpoint_url="http://127.0.0.1:1", clock=time.time
    )


def test_a_batch_is_cut_at_batch_size_across_receives() -> None:
    sqs = _Queue(10, 10)
    poller = _poller(BatchSize=15, MaximumBatchingWindowInSeconds=5)
    messages = poller._gather(sqs, "url")
    assert len(messages) == 15
    assert sqs.asked == [10, 5]  # never more than the batch still has room for


def test_without_a_window_what_one_receive_brings_is_the_batch() -> None:
    sqs = _Queue(3, 10)
    messages = _poller(BatchSize=10)._gather(sqs, "url")
    assert len(messages) == 3


def test_an_empty_queue_gives_no_batch() -> None:
    assert _poller()._gather(_Queue(), "url") == []


def test_delete_goes_ten_at_a_time_by_receipt_handle() -> None:
    sqs = _Queue()
    records = [{"receiptHandle": f"r{i}"} for i in range(23)]
    _poller()._delete(sqs, "url", records)
    assert sqs.deleted == [f"r{i}" for i in range(23)]
