"""SQS as the pipeline uses it: send scrape jobs in batches of 10, receive them with long
polling, delete finished ones (one by one or 10 per call), extend or release the visibility of
in-flight ones.

SendMessageBatch can fail per entry while the call succeeds; failed entries are retried (only
those, with backoff) and what still fails after the last attempt is raised, never dropped.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from botocore.exceptions import BotoCoreError, ClientError

if TYPE_CHECKING:
    from mypy_boto3_sqs import SQSClient

BATCH_LIMIT = 10  # SendMessageBatch / DeleteMessageBatch take at most 10 entries
SEND_ATTEMPTS = 5
MAX_WAIT_S = 20  # the longest long poll SQS allows
# SQS answers these per entry (or per call) when it is overloaded: retry, do not give up.
_RETRYABLE_CODES = frozenset(
    {
        "ServiceUnavailable",
        "InternalError",
        "ThrottlingException",
        "RequestThrottled",
        "KmsThrottled",
        "AWS.SimpleQueueService.ServiceUnavailable",
    }
)


def sqs_client() -> SQSClient:
    """An SQS client whose read timeout outlasts a 20 s long poll (the shared aws_config()'s 5 s
    would cut every long poll short, and SQS counts a receive the client never saw). Built
    from the container's one botocore session (not boto3's, which also loads s3transfer)."""
    from botocore.config import Config

    from compute.adapters.clients import aws_region, aws_session

    config = Config(
        retries={"mode": "standard", "max_attempts": 3},
        connect_timeout=5,
        read_timeout=MAX_WAIT_S + 10,
        max_pool_connections=16,
    )
    return cast(
        "SQSClient", aws_session().create_client("sqs", region_name=aws_region(), config=config)
    )


def lazy_sqs_client() -> SQSClient:
    """`sqs_client()`, built on first use: a sync container that never records a failure never
    builds it (nor loads botocore's client modules at cold start)."""
    from compute.adapters.clients import LazyClient

    return cast("SQSClient", LazyClient(sqs_client))


class QueueUnavailable(Exception):
    """SQS did not answer or kept refusing entries after every retry."""


def _failed(operation: str, error: Exception) -> QueueUnavailable:
    """Which call failed and why (SQS's error code, or the transport error's name)."""
    if isinstance(error, ClientError):
        code = error.response.get("Error", {}).get("Code", "")
        return QueueUnavailable(f"{operation} failed: {code or 'ClientError'}")
    return QueueUnavailable(f"{operation} failed: {type(error).__name__}")


class SendFailed(QueueUnavailable):
    """Some entries of a batch were refused for good; `.failed` maps entry id -> SQS code."""

    def __init__(self, failed: Mapping[str, str]) -> None:
        self.failed = dict(failed)
        listed = ", ".join(f"{k}: {v}" for k, v in list(self.failed.items())[:5])
        super().__init__(f"{len(self.failed)} message(s) not sent after retries ({listed})")


@dataclass(frozen=True, slots=True)
class OutgoingMessage:
    """One message to send: `entry_id` must be unique within a batch (a job id is)."""

    entry_id: str
    body: Mapping[str, Any]
    delay_s: int = 0


@dataclass(frozen=True, slots=True)
class ReceivedMessage:
    message_id: str
    receipt_handle: str
    body: str
    receive_count: int

    def json(self) -> Any:
        """The body as JSON; ValueError when it is not JSON."""
        return json.loads(self.body)


@dataclass(frozen=True, slots=True)
class SendReport:
    sent: int
    batches: int  # SendMessageBatch calls made, retries included


class JobQueue:
    """One SQS queue, read and written with a low-level client."""

    def __init__(
        self,
        client: SQSClient,
        queue_url: str,
        *,
        sleep: Callable[[float], None] = time.sleep,
        backoff_s: float = 0.2,
    ) -> None:
        if not queue_url:
            raise ValueError("a queue URL is needed (is SCRAPE_QUEUE_URL set?)")
        self.client = client
        self.queue_url = queue_url
        self._sleep = sleep
        self._backoff_s = backoff_s

    # --- sending ---------------------------------------------------------------------------

    def send_batch(self, messages: Sequence[OutgoingMessage]) -> SendReport:
        """Send every message, 10 per call; retries the entries SQS refused with a retryable
        code (or the whole call on a transport error); raises SendFailed for the rest."""
        ids = [m.entry_id for m in messages]
        if len(set(ids)) != len(ids):
            raise ValueError("entry ids must be unique (a job id was queued twice)")
        batches = 0
        sent = 0
        for start in range(0, len(messages), BATCH_LIMIT):
            chunk = {m.entry_id: m for m in messages[start : start + BATCH_LIMIT]}
            permanent: dict[str, str] = {}
            for attempt in range(SEND_ATTEMPTS):
                if not chunk:
                    break
                if attempt:
                    self._sleep(self._backoff_s * (2 ** (attempt - 1)))
                batches += 1
                try:
                    reply = self.client.send_message_batch(
                        QueueUrl=self.queue_url,
                        Entries=[
                            {
                                "Id": m.entry_id,
                                "MessageBody": json.dumps(m.body, separators=(",", ":")),
                                "DelaySeconds": m.delay_s,
                            }
                            for m in chunk.values()
                        ],
                    )
                except ClientError as error:
                    code = error.response.get("Error", {}).get("Code", "")
                    if code in _RETRYABLE_CODES and attempt + 1 < SEND_ATTEMPTS:
                        continue
                    raise QueueUnavailable(f"SendMessageBatch failed: {code}") from error
                except BotoCoreError as error:
                    if attempt + 1 < SEND_ATTEMPTS:
                        continue
                    raise _failed("SendMessageBatch", error) from error
                for ok in reply.get("Successful", []):
                    if chunk.pop(ok["Id"], None) is not None:
                        sent += 1
                for failed in reply.get("Failed", []):
                    # SenderFault means this entry is wrong: retrying it cannot help.
                    if failed.get("SenderFault") or failed.get("Code") not in _RETRYABLE_CODES:
                        permanent[failed["Id"]] = str(failed.get("Code", "unknown"))
                        chunk.pop(failed["Id"], None)
            leftover = {**permanent, **{k: "retries exhausted" for k in chunk}}
            if leftover:
                raise SendFailed(leftover)
        return SendReport(sent=sent, batches=batches)

    def send(self, body: Mapping[str, Any]) -> None:
        try:
            self.client.send_message(
                QueueUrl=self.queue_url, MessageBody=json.dumps(body, separators=(",", ":"))
            )
        except (ClientError, BotoCoreError) as error:
            raise _failed("SendMessage", error) from error

    # --- consuming -------------------------------------------------------------------------

    def receive(
        self, *, max_messages: int = 1, wait_s: int = MAX_WAIT_S, visibility_s: int | None = None
    ) -> list[ReceivedMessage]:
        request: dict[str, Any] = {
            "QueueUrl": self.queue_url,
            "MaxNumberOfMessages": max(1, min(max_messages, BATCH_LIMIT)),
            "WaitTimeSeconds": max(0, min(wait_s, MAX_WAIT_S)),
            "MessageSystemAttributeNames": ["ApproximateReceiveCount"],
        }
        if visibility_s is not None:
            request["VisibilityTimeout"] = visibility_s
        try:
            reply = self.client.receive_message(**request)
        except (ClientError, BotoCoreError) as error:
            raise _failed("ReceiveMessage", error) from error
        return [
            ReceivedMessage(
                message_id=raw["MessageId"],
                receipt_handle=raw["ReceiptHandle"],
                body=raw.get("Body", ""),
                receive_count=int(raw.get("Attributes", {}).get("ApproximateReceiveCount", "1")),
            )
            for raw in reply.get("Messages", [])
        ]

    def delete(self, message: ReceivedMessage) -> None:
        try:
            self.client.delete_message(
                QueueUrl=self.queue_url, ReceiptHandle=message.receipt_handle
            )
        except (ClientError, BotoCoreError) as error:
            raise _failed("DeleteMessage", error) from error

    def delete_batch(self, messages: Sequence[ReceivedMessage]) -> list[ReceivedMessage]:
        """Delete `messages`, 10 per DeleteMessageBatch call; returns those SQS did not delete
        (they come back when their lease runs out, and a job is idempotent)."""
        return self._each_batch("DeleteMessageBatch", self.client.delete_message_batch, messages)

    def change_visibility(self, message: ReceivedMessage, timeout_s: int) -> None:
        """Extend a long job's lease (heartbeat), or 0 to hand it back at once."""
        try:
            self.client.change_message_visibility(
                QueueUrl=self.queue_url,
                ReceiptHandle=message.receipt_handle,
                VisibilityTimeout=max(0, min(timeout_s, 43_200)),
            )
        except (ClientError, BotoCoreError) as error:
            raise _failed("ChangeMessageVisibility", error) from error

    def change_visibility_batch(
        self, messages: Sequence[ReceivedMessage], timeout_s: int
    ) -> list[ReceivedMessage]:
        """`change_visibility` for many messages, 10 per ChangeMessageVisibilityBatch call;
        returns those SQS did not change."""
        return self._each_batch(
            "ChangeMessageVisibilityBatch",
            self.client.change_message_visibility_batch,
            messages,
            VisibilityTimeout=max(0, min(timeout_s, 43_200)),
        )

    def _each_batch(
        self,
        operation: str,
        call: Callable[..., Any],
        messages: Sequence[ReceivedMessage],
        **entry: Any,
    ) -> list[ReceivedMessage]:
        """`call` (a batch operation on received messages) 10 entries at a time, each entry a
        message's receipt handle plus `entry`; the messages SQS reported as failed."""
        left: list[ReceivedMessage] = []
        for start in range(0, len(messages), BATCH_LIMIT):
            chunk = {str(i): m for i, m in enumerate(messages[start : start + BATCH_LIMIT])}
            entries = [
                {"Id": entry_id, "ReceiptHandle": m.receipt_handle, **entry}
                for entry_id, m in chunk.items()
            ]
            try:
                reply = call(QueueUrl=self.queue_url, Entries=entries)
            except (ClientError, BotoCoreError) as error:
                raise _failed(operation, error) from error
            left.extend(chunk[f["Id"]] for f in reply.get("Failed", []) if f["Id"] in chunk)
        return left

    def depth(self) -> dict[str, int]:
        """Approximate visible, in-flight and delayed message counts."""
        names = [
            "ApproximateNumberOfMessages",
            "ApproximateNumberOfMessagesNotVisible",
            "ApproximateNumberOfMessagesDelayed",
        ]
        try:
            reply = self.client.get_queue_attributes(
                QueueUrl=self.queue_url,
                AttributeNames=names,  # type: ignore[arg-type]
            )
        except (ClientError, BotoCoreError) as error:
            raise _failed("GetQueueAttributes", error) from error
        attributes: dict[str, str] = {str(k): v for k, v in reply.get("Attributes", {}).items()}
        return {
            "visible": int(attributes.get(names[0], "0")),
            "inFlight": int(attributes.get(names[1], "0")),
            "delayed": int(attributes.get(names[2], "0")),
        }

    def dead_letter_queue_url(self) -> str | None:
        """The URL of this queue's redrive target, if it has one."""
        try:
            reply = self.client.get_queue_attributes(
                QueueUrl=self.queue_url, AttributeNames=["RedrivePolicy"]
            )
        except (ClientError, BotoCoreError) as error:
            raise _failed("GetQueueAttributes", error) from error
        policy = reply.get("Attributes", {}).get("RedrivePolicy")
        if not policy:
            return None
        arn = str(json.loads(policy).get("deadLetterTargetArn", ""))
        name = arn.rsplit(":", 1)[-1]
        if not name:
            return None
        try:
            return str(self.client.get_queue_url(QueueName=name)["QueueUrl"])
        except (ClientError, BotoCoreError) as error:
            raise _failed("GetQueueUrl", error) from error


class FailureQueue:
    """A queue of failure records (the sync-failures queue): one message per record; raises
    QueueUnavailable when any could not be stored, so nothing is counted handled unrecorded."""

    def __init__(self, queue: JobQueue) -> None:
        self.queue = queue

    def record(self, failures: Sequence[Mapping[str, Any]]) -> None:
        self.queue.send_batch(
            [OutgoingMessage(f"record-{i}", failure) for i, failure in enumerate(failures)]
        )
