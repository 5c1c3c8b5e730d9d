"""The stream retry plan: after each invocation, which records are done (checkpointed), which
are retried (bisected or whole) and which are discarded (retries exhausted, too old), and the
failure record Lambda sends to an on-failure destination for the discarded ones."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

from emulation.event_sources.semantics.batches import BatchResult, Outcome
from emulation.event_sources.semantics.mapping import EventSourceMapping
from emulation.event_sources.semantics.records import record_id


@dataclass(frozen=True)
class StreamBatch:
    """Consecutive records of one shard, with how often they were retried and invoked."""

    records: tuple[Mapping[str, Any], ...]
    retries: int = 0
    invocations: int = 0
    last_invocation: InvocationFacts | None = None


@dataclass(frozen=True)
class Discard:
    """Records given up on, with AWS's condition name."""

    batch: StreamBatch
    condition: str  # RetryAttemptsExhausted | RecordAgeExceeded


@dataclass(frozen=True)
class Plan:
    """After one invocation: what is done (checkpointed), retried next, or discarded."""

    done: tuple[Mapping[str, Any], ...] = ()
    retry: tuple[StreamBatch, ...] = ()
    discard: tuple[Discard, ...] = ()


def plan_after(
    batch: StreamBatch,
    result: BatchResult,
    mapping: EventSourceMapping,
    facts: InvocationFacts | None = None,
) -> Plan:
    """The stream rules: checkpoint, bisect (not a retry), retry, give up after the quota."""
    invoked = replace(batch, invocations=batch.invocations + 1, last_invocation=facts)
    if result.outcome is Outcome.SUCCESS:
        return Plan(done=batch.records)
    done: tuple[Mapping[str, Any], ...] = ()
    remaining = invoked
    if result.outcome is Outcome.PARTIAL:
        # The lowest failed sequence number is the checkpoint; retry from there.
        first_failed = min(
            index
            for index, record in enumerate(batch.records)
            if record_id(record) in result.failed_ids
        )
        done = batch.records[:first_failed]
        remaining = replace(invoked, records=batch.records[first_failed:])
    if mapping.bisect_batch_on_function_error and len(remaining.records) > 1:
        # Splitting does not count towards the retry quota (AWS); each half is a new batch.
        middle = len(remaining.records) // 2
        halves = (
            StreamBatch(remaining.records[:middle], remaining.retries, 0, facts),
            StreamBatch(remaining.records[middle:], remaining.retries, 0, facts),
        )
        return Plan(done=done, retry=halves)
    retried = replace(remaining, retries=remaining.retries + 1)
    limit = mapping.maximum_retry_attempts
    if limit != -1 and retried.retries > limit:
        return Plan(done=done, discard=(Discard(remaining, "RetryAttemptsExhausted"),))
    return Plan(done=done, retry=(retried,))


def split_expired(
    batch: StreamBatch, now_s: float, maximum_record_age_s: int
) -> tuple[StreamBatch | None, StreamBatch | None]:
    """(records older than the maximum age, the rest); shard order keeps the old ones first."""
    if maximum_record_age_s == -1:
        return None, batch
    cut = 0
    for record in batch.records:
        created = float(record["dynamodb"]["ApproximateCreationDateTime"])
        if now_s - created <= maximum_record_age_s:
            break
        cut += 1
    expired = replace(batch, records=batch.records[:cut]) if cut else None
    rest = replace(batch, records=batch.records[cut:]) if cut < len(batch.records) else None
    return expired, rest


@dataclass(frozen=True)
class InvocationFacts:
    """What the failure record says about the last invocation of a discarded batch."""

    request_id: str
    status_code: int = 200
    function_error: str | None = "Unhandled"
    executed_version: str = "$LATEST"


def stream_failure_record(
    discard: Discard,
    *,
    function_arn: str,
    shard_id: str,
    stream_arn: str,
    request_id: str,
    now: datetime | None = None,
) -> dict[str, Any]:
    """The JSON Lambda sends to an on-failure destination for discarded stream records.

    `responseContext` describes the batch's last invocation; records that aged out before any
    invocation have none. `functionError` is absent after a partial batch response.
    """
    records = discard.batch.records
    first, last = records[0]["dynamodb"], records[-1]["dynamodb"]
    facts = discard.batch.last_invocation
    record: dict[str, Any] = {
        "requestContext": {
            "requestId": facts.request_id if facts is not None else request_id,
            "functionArn": function_arn,
            "condition": discard.condition,
            "approximateInvokeCount": max(1, discard.batch.invocations),
        },
    }
    if facts is not None:
        response: dict[str, Any] = {
            "statusCode": facts.status_code,
            "executedVersion": facts.executed_version,
        }
        if facts.function_error is not None:
            response["functionError"] = facts.function_error
        record["responseContext"] = response
    return record | {
        "version": "1.0",
        "timestamp": _iso_millis(now or datetime.now(UTC)),
        "DDBStreamBatchInfo": {
            "shardId": shard_id,
            "startSequenceNumber": first["SequenceNumber"],
            "endSequenceNumber": last["SequenceNumber"],
            "approximateArrivalOfFirstRecord": _iso_seconds(first["ApproximateCreationDateTime"]),
            "approximateArrivalOfLastRecord": _iso_seconds(last["ApproximateCreationDateTime"]),
            "batchSize": len(records),
            "streamArn": stream_arn,
        },
    }


def _iso_millis(moment: datetime) -> str:
    return (
        moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"
    )


def _iso_seconds(epoch_s: Any) -> str:
    return datetime.fromtimestamp(float(epoch_s), UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
