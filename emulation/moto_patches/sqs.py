"""moto's SQS without its O(queue) work per message: SendMessage, the retention check of a
receive, and DeleteMessage / ChangeMessageVisibility by receipt handle."""

from __future__ import annotations

import threading
from typing import Any


def install_fast_moto_sqs_send() -> None:
    """moto 5.2.5's SendMessage reads one queue attribute (ContentBasedDeduplication, which only
    FIFO queues have) through `Queue.attributes`, which builds every attribute, three of them
    counts over all the queue's messages: O(queue) per message sent, so queueing 4,300 scrape
    jobs took minutes and 20,000 would take hours. While a message is being sent, `attributes`
    answers with just that attribute; every other reader gets the full set as before."""
    from moto.sqs.models import Queue, SQSBackend

    if getattr(SQSBackend, "_local_cloud_fast_send", False):
        return
    sending = threading.local()
    full_attributes = Queue.attributes

    def attributes(self: Any) -> dict[str, Any]:
        if id(getattr(sending, "queue", None)) != id(self):  # not this queue's send
            result: dict[str, Any] = full_attributes.fget(self)  # type: ignore[attr-defined]
            return result
        fifo, content_based = self.fifo_queue, self.content_based_deduplication
        return {"ContentBasedDeduplication": str(content_based).lower()} if fifo else {}

    send = SQSBackend.send_message

    def send_message(self: Any, queue_name: str, *args: Any, **kwargs: Any) -> Any:
        sending.queue = self.get_queue(queue_name)
        try:
            return send(self, queue_name, *args, **kwargs)
        finally:
            sending.queue = None

    Queue.attributes = property(attributes)  # type: ignore[assignment,method-assign]
    SQSBackend.send_message = send_message  # type: ignore[method-assign]
    setattr(SQSBackend, "_local_cloud_fast_send", True)  # noqa: B010 - a marker on moto's class


def install_fast_moto_sqs_retention() -> None:
    """moto 5.2.5 checks each message a ReceiveMessage returns against the queue's retention
    period by building every attribute of the queue, three of them counts over all its messages:
    O(queue) per message. With 4,300 scrape jobs queued, ten scraper tasks' first receives took
    minutes, their retries piled up and the server never recovered. The period is read directly;
    the check is unchanged."""
    from moto.core.utils import unix_time
    from moto.sqs.models import SQSBackend

    if getattr(SQSBackend, "_local_cloud_fast_retention", False):
        return

    def is_message_valid_based_on_retention_period(
        self: Any, queue_name: str, message: Any
    ) -> bool:
        period = float(self.get_queue(queue_name).message_retention_period)
        return bool(period + message.sent_timestamp / 1000 > unix_time())

    SQSBackend.is_message_valid_based_on_retention_period = (  # type: ignore[method-assign]
        is_message_valid_based_on_retention_period
    )
    setattr(SQSBackend, "_local_cloud_fast_retention", True)  # noqa: B010 - a marker on moto's class


def install_fast_moto_sqs_in_flight() -> None:
    """moto 5.2.5 finds the message a DeleteMessage's receipt handle names by scanning the
    whole queue twice, in Python, then rebuilds the list without it. A 5,000-studio run queues
    ~22,000 scrape jobs and deletes each once: O(queue) per delete, O(queue²) per run. A handle
    a consumer holds names a message in flight, which moto also keeps in the queue's small
    `pending_messages` set: that set is looked at first and the message removed by identity; a
    handle not found there (a lease that ran out, a stale handle) takes moto's own scan, so
    every answer and error is unchanged. (ChangeMessageVisibility stops at the message, and
    in-flight messages are the queue's oldest.) The visible messages every ReceiveMessage (and
    each second of its long poll) lists are read from the messages' times with the clock read
    once, not twice per message through two properties: the same list, ~5x cheaper."""
    from moto.core.utils import unix_time_millis
    from moto.sqs.models import Queue

    if getattr(Queue, "_local_cloud_in_flight", False):
        return
    scan_delete = Queue.delete_message

    def in_flight(queue: Any, receipt_handle: str) -> Any:
        for message in list(queue.pending_messages):
            if message.had_receipt_handle(receipt_handle) and message in queue._messages:
                return message
        return None

    def delete_message(self: Any, receipt_handle: str) -> None:
        with self._messages_lock:  # not while a receive adds to the in-flight set
            if receipt_handle in self.deleted_messages:
                return
            message = in_flight(self, receipt_handle)
            if message is None:
                return scan_delete(self, receipt_handle)
            self._messages.remove(message)  # by identity: moto's messages define no equality
            self.pending_messages.discard(message)
            self.deleted_messages.update(message.all_receipt_handles)
            return None

    def messages(self: Any) -> list[Any]:
        now = unix_time_millis()  # once, not twice per message
        return [m for m in self._messages if now > m.visible_at and now >= m.delayed_until]

    Queue.delete_message = delete_message  # type: ignore[method-assign]
    Queue.messages = property(messages)  # type: ignore[method-assign,assignment]
    setattr(Queue, "_local_cloud_in_flight", True)  # noqa: B010 - a marker on moto's class


def install_atomic_moto_sqs_receive() -> None:
    """moto 5.2.5's ReceiveMessage sees that a message is visible and then marks it received
    with nothing held in between, so two consumers receiving from one queue at once (a
    scraper's three receive loops) could both get the same message inside its visibility
    timeout, and a DeleteMessage copying the in-flight set while a receive added to it raised
    "Set changed size during iteration". A queue's receives and deletes now take its own
    lock (the re-entrant condition its long polls wait on) in turn; a long poll waits outside
    it, a second at a time as moto's does, so a waiting consumer never holds up another. (SQS
    may still deliver a message twice; the scraper's writes allow for it.)"""
    from moto.core.utils import unix_time
    from moto.sqs.models import Queue, SQSBackend

    if getattr(SQSBackend, "_local_cloud_atomic_receive", False):
        return
    receive = SQSBackend.receive_message
    delete = Queue.delete_message

    def receive_message(
        self: Any,
        queue_name: str,
        count: int,
        wait_seconds_timeout: int,
        visibility_timeout: int,
        message_attribute_names: list[str] | None = None,
    ) -> Any:
        queue = self.get_queue(queue_name)
        polling_end = unix_time() + wait_seconds_timeout
        while True:
            with queue._messages_lock:  # one look at the queue, no wait (0): it cannot block
                result = receive(
                    self, queue_name, count, 0, visibility_timeout, message_attribute_names
                )
            if result or not wait_seconds_timeout or unix_time() > polling_end:
                return result
            queue.wait_for_messages(1)

    def delete_message(self: Any, receipt_handle: str) -> None:
        with self._messages_lock:
            delete(self, receipt_handle)

    SQSBackend.receive_message = receive_message  # type: ignore[method-assign]
    if not getattr(Queue, "_local_cloud_in_flight", False):  # the fast delete locks already
        Queue.delete_message = delete_message  # type: ignore[method-assign]
    setattr(SQSBackend, "_local_cloud_atomic_receive", True)  # noqa: B010 - a marker on moto's class
