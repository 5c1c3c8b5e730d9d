"""A batch's life around one invocation: when it is ready to invoke, which concurrent lane a
stream record joins, and how the function's response is read (ReportBatchItemFailures)."""

from __future__ import annotations

import enum
import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from emulation.event_sources.semantics.records import record_id

# Lambda's invocation payload limit (synchronous): a batch never grows beyond it.
MAX_PAYLOAD_BYTES = 6 * 1024 * 1024


def batch_ready(
    *, count: int, size_bytes: int, batch_size: int, window_s: float, waited_s: float
) -> bool:
    """Invoke now? At batch size, at the payload limit, or once the batching window closed."""
    if count == 0:
        return False
    return count >= batch_size or size_bytes >= MAX_PAYLOAD_BYTES or waited_s >= window_s


def lane_for(record: Mapping[str, Any], partition_key: str | None, factor: int) -> int:
    """Which of a shard's `factor` concurrent lanes a stream record belongs to.

    As in AWS (ParallelizationFactor), records are spread by partition key, so one key always
    lands in the same lane and stays in order while lanes run at once. A stable hash: Python's
    own is salted per process. Without a known key attribute, all of Keys is the key.
    """
    if factor <= 1:
        return 0
    keys = record["dynamodb"]["Keys"]
    value = keys.get(partition_key) if partition_key is not None else None
    text = json.dumps(value if value is not None else keys, sort_keys=True)
    digest = hashlib.blake2b(text.encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") % factor


# --- reading the function's response ---------------------------------------------------------
class Outcome(enum.Enum):
    SUCCESS = "success"
    PARTIAL = "partial"
    FAILED = "failed"


@dataclass(frozen=True)
class BatchResult:
    outcome: Outcome
    failed_ids: frozenset[str] = frozenset()
    reason: str = ""


def read_response(
    function_error: str | None,
    payload: Any,
    records: Sequence[Mapping[str, Any]],
    report_batch_item_failures: bool,
) -> BatchResult:
    """A batch's outcome from the function's result, as AWS reads it."""
    if function_error is not None:
        return BatchResult(Outcome.FAILED, reason=f"function error ({function_error})")
    if not report_batch_item_failures or not isinstance(payload, Mapping):
        return BatchResult(Outcome.SUCCESS)
    failures = payload.get("batchItemFailures")
    if failures is None or failures == []:
        return BatchResult(Outcome.SUCCESS)
    if not isinstance(failures, list):
        return BatchResult(Outcome.FAILED, reason="batchItemFailures is not a list")
    known = {record_id(record) for record in records}
    failed: set[str] = set()
    for failure in failures:
        identifier = failure.get("itemIdentifier") if isinstance(failure, Mapping) else None
        if not isinstance(identifier, str) or not identifier or identifier not in known:
            # An empty, null or unknown identifier fails the whole batch (AWS).
            return BatchResult(
                Outcome.FAILED, reason=f"invalid itemIdentifier {identifier!r} in response"
            )
        failed.add(identifier)
    return BatchResult(Outcome.PARTIAL, frozenset(failed))
