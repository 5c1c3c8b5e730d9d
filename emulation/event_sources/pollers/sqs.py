"""The SQS poller: one thread receives, filters and cuts batches, others invoke and delete."""

from __future__ import annotations

import contextlib
import logging
import queue
import time
from collections.abc import Iterable, Mapping
from typing import Any

from emulation.aws import client
from emulation.event_sources import semantics as rules
from emulation.event_sources.pollers.base import Poller
from emulation.event_sources.pollers.destinations import queue_url_from_arn
from emulation.event_sources.semantics import Outcome
from emulation.lambda_runtime import Throttled

log = logging.getLogger(__name__)
SQS_WAIT_S = 1
DEFAULT_SQS_CONCURRENCY = 2


class SqsPoller(Poller):
    """An SQS queue: one thread receives and filters batches, others invoke and delete.

    A single receiver forms the batches, so BatchSize and the batching window mean what they
    say; up to MaximumConcurrency (default 2) invocations run at once.
    """

    _attributes_client: Any = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._queue_url = queue_url_from_arn(self.mapping.event_source_arn, self.endpoint_url)
        self._batches: queue.Queue[list[dict[str, Any]]] = queue.Queue(maxsize=self.concurrency())

    def concurrency(self) -> int:
        return self.mapping.maximum_concurrency or DEFAULT_SQS_CONCURRENCY

    def thread_count(self) -> int:
        return 1 + self.concurrency()

    def run(self, index: int) -> None:
        sqs = client("sqs", self.endpoint_url)
        if index == 0:
            self._receive_loop(sqs)
        else:
            self._invoke_loop(index, sqs)

    def _receive_loop(self, sqs: Any) -> None:
        while not self._stop.is_set():
            cycle_start = time.monotonic()
            messages = self._gather(sqs, self._queue_url)
            if not messages:
                self._mark(0, cycle_start)
                continue
            self._mark(0, None)
            kept: list[dict[str, Any]] = []
            dropped: list[dict[str, Any]] = []
            for message in messages:
                record = rules.sqs_event_record(message, self.mapping.event_source_arn)
                matched = rules.matches_any(self.mapping.filter_patterns, record)
                (kept if matched else dropped).append(record)
            if dropped:  # filtered-out SQS messages are deleted, as in AWS
                self._count(records_filtered=len(dropped))
                self._delete(sqs, self._queue_url, dropped)
            while kept and not self._stop.is_set():
                with contextlib.suppress(queue.Full):
                    self._batches.put(kept, timeout=0.2)
                    break

    def _invoke_loop(self, index: int, sqs: Any) -> None:
        while not self._stop.is_set():
            cycle_start = time.monotonic()
            try:
                kept = self._batches.get(timeout=0.2)
            except queue.Empty:
                self._mark(index, cycle_start)
                continue
            self._mark(index, None)
            try:
                _, batch_result = self._invoke(kept)
            except Throttled:
                self._count(throttles=1)
                continue  # the messages come back after their visibility timeout
            if batch_result.outcome is Outcome.SUCCESS:
                self._delete(sqs, self._queue_url, kept)
            elif batch_result.outcome is Outcome.PARTIAL:
                self._delete(
                    sqs,
                    self._queue_url,
                    [r for r in kept if rules.record_id(r) not in batch_result.failed_ids],
                )
            # FAILED: nothing is deleted; the queue's visibility timeout and redrive take over.

    def _gather(self, sqs: Any, queue_url: str) -> list[dict[str, Any]]:
        """Receive up to BatchSize messages, waiting at most the batching window."""
        mapping = self.mapping
        messages: list[dict[str, Any]] = []
        started = time.monotonic()
        while not self._stop.is_set():
            waited = time.monotonic() - started
            remaining_window = mapping.maximum_batching_window_s - waited
            wait = SQS_WAIT_S if not messages else max(0, min(SQS_WAIT_S, remaining_window))
            response = sqs.receive_message(
                QueueUrl=queue_url,
                MaxNumberOfMessages=min(10, mapping.batch_size - len(messages)),
                WaitTimeSeconds=int(wait) if wait >= 1 else 0,
                AttributeNames=["All"],
                MessageSystemAttributeNames=["All"],
                MessageAttributeNames=["All"],
            )
            received = response.get("Messages", [])
            messages.extend(received)
            size = sum(len(m.get("Body", "")) for m in messages)
            if not messages:
                return []
            if rules.batch_ready(
                count=len(messages),
                size_bytes=size,
                batch_size=mapping.batch_size,
                window_s=mapping.maximum_batching_window_s,
                waited_s=time.monotonic() - started,
            ):
                return messages
            if not received:
                self._stop.wait(min(0.05, max(0.0, remaining_window)))
        return messages

    def _delete(self, sqs: Any, queue_url: str, records: Iterable[Mapping[str, Any]]) -> None:
        entries = [
            {"Id": str(i), "ReceiptHandle": r["receiptHandle"]} for i, r in enumerate(records)
        ]
        for start in range(0, len(entries), 10):
            response = sqs.delete_message_batch(
                QueueUrl=queue_url, Entries=entries[start : start + 10]
            )
            for failed in response.get("Failed", []):
                log.warning("could not delete SQS message %s: %s", failed["Id"], failed["Message"])

    def quiet(self) -> bool:
        """No message waits or is in flight (used by drain)."""
        if self._attributes_client is None:
            self._attributes_client = client("sqs", self.endpoint_url)
        sqs = self._attributes_client
        attributes = sqs.get_queue_attributes(
            QueueUrl=self._queue_url,
            AttributeNames=["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"],
        )["Attributes"]
        return (
            int(attributes["ApproximateNumberOfMessages"]) == 0
            and int(attributes["ApproximateNumberOfMessagesNotVisible"]) == 0
        )
