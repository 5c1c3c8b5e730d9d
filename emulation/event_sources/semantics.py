"""What an AWS Lambda event-source mapping means, as pure functions and values (no I/O).

The pollers (`pollers.py`) only move data; every rule lives here so it can be unit-tested:
the mapping's properties and their AWS defaults and limits, event filtering (the AWS event-filter
pattern syntax), batching windows, the record shapes Lambda hands to functions, the reading of a
function's response (ReportBatchItemFailures), and the stream retry plan (bisect, retries,
maximum record age, checkpoints) with the failure record sent to on-failure destinations.
"""

from __future__ import annotations

import base64
import contextlib
import enum
import hashlib
import json
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

STREAM = "dynamodb"
SQS = "sqs"
# Lambda's invocation payload limit (synchronous): a batch never grows beyond it.
MAX_PAYLOAD_BYTES = 6 * 1024 * 1024
# Properties a template may set that change what the function sees, but are not emulated: the
# deploy report lists each one it meets (never silently ignored).
NOT_EMULATED: dict[str, str] = {
    "TumblingWindowInSeconds": (
        "tumbling windows are not emulated: the function gets no window state and no "
        "isFinalInvokeForWindow"
    ),
}


class MappingError(ValueError):
    """An event-source mapping property is missing or outside AWS's limits."""


@dataclass(frozen=True)
class EventSourceMapping:
    """An AWS::Lambda::EventSourceMapping, with AWS's defaults applied."""

    function_name: str
    event_source_arn: str
    batch_size: int
    maximum_batching_window_s: float = 0.0
    starting_position: str | None = None
    bisect_batch_on_function_error: bool = False
    maximum_retry_attempts: int = -1
    maximum_record_age_s: int = -1
    on_failure_destination: str | None = None
    report_batch_item_failures: bool = False
    filter_patterns: tuple[Mapping[str, Any], ...] = ()
    enabled: bool = True
    maximum_concurrency: int | None = None
    parallelization_factor: int = 1
    uuid: str = ""

    @property
    def kind(self) -> str:
        """`dynamodb` for a DynamoDB stream, `sqs` for a queue."""
        return source_kind(self.event_source_arn)

    @property
    def region(self) -> str:
        return self.event_source_arn.split(":")[3]

    @classmethod
    def from_properties(
        cls,
        props: Mapping[str, Any],
        function_name: str,
        resolve: Callable[[Any], Any] = lambda value: value,
    ) -> EventSourceMapping:
        """Build from the template's properties; `resolve` turns intrinsics into values."""
        arn = resolve(props.get("EventSourceArn"))
        if not isinstance(arn, str) or not arn.startswith("arn:"):
            raise MappingError(f"mapping for {function_name}: EventSourceArn {arn!r} is not an ARN")
        kind = source_kind(arn)
        destination = None
        destination_config = resolve(props.get("DestinationConfig")) or {}
        on_failure = destination_config.get("OnFailure") or {}
        if on_failure.get("Destination") is not None:
            destination = str(resolve(on_failure["Destination"]))
        patterns: list[Mapping[str, Any]] = []
        for spec in (resolve(props.get("FilterCriteria")) or {}).get("Filters", []):
            pattern = resolve(spec.get("Pattern"))
            try:
                parsed = json.loads(pattern) if isinstance(pattern, str) else pattern
            except json.JSONDecodeError as exc:
                raise MappingError(
                    f"mapping for {function_name}: filter pattern {pattern!r} is not JSON: {exc}"
                ) from exc
            if not isinstance(parsed, Mapping):
                raise MappingError(
                    f"mapping for {function_name}: filter pattern must be a JSON object, "
                    f"got {pattern!r}"
                )
            patterns.append(parsed)
        scaling = resolve(props.get("ScalingConfig")) or {}
        mapping = cls(
            function_name=function_name,
            event_source_arn=arn,
            batch_size=int(
                _default(resolve(props.get("BatchSize")), 100 if kind == STREAM else 10)
            ),
            maximum_batching_window_s=float(
                resolve(props.get("MaximumBatchingWindowInSeconds")) or 0
            ),
            starting_position=resolve(props.get("StartingPosition")),
            bisect_batch_on_function_error=_flag(resolve(props.get("BisectBatchOnFunctionError"))),
            maximum_retry_attempts=int(_default(resolve(props.get("MaximumRetryAttempts")), -1)),
            maximum_record_age_s=int(_default(resolve(props.get("MaximumRecordAgeInSeconds")), -1)),
            on_failure_destination=destination,
            report_batch_item_failures="ReportBatchItemFailures"
            in (resolve(props.get("FunctionResponseTypes")) or []),
            filter_patterns=tuple(patterns),
            enabled=_flag(_default(resolve(props.get("Enabled")), True)),
            maximum_concurrency=(
                int(scaling["MaximumConcurrency"]) if "MaximumConcurrency" in scaling else None
            ),
            parallelization_factor=int(_default(resolve(props.get("ParallelizationFactor")), 1)),
        )
        mapping.validate()
        return mapping

    def validate(self) -> None:
        """Raise MappingError where AWS's CreateEventSourceMapping would refuse."""
        where = f"mapping {self.event_source_arn} -> {self.function_name}"
        if self.kind == STREAM:
            if not 1 <= self.batch_size <= 10_000:
                raise MappingError(f"{where}: BatchSize must be 1..10000, got {self.batch_size}")
            if self.starting_position not in ("TRIM_HORIZON", "LATEST"):
                raise MappingError(
                    f"{where}: StartingPosition must be TRIM_HORIZON or LATEST for a DynamoDB "
                    f"stream, got {self.starting_position!r}"
                )
            if not -1 <= self.maximum_retry_attempts <= 10_000:
                raise MappingError(f"{where}: MaximumRetryAttempts must be -1..10000")
            if self.maximum_record_age_s != -1 and not 60 <= self.maximum_record_age_s <= 604_800:
                raise MappingError(f"{where}: MaximumRecordAgeInSeconds must be -1 or 60..604800")
            if not 1 <= self.parallelization_factor <= 10:
                raise MappingError(
                    f"{where}: ParallelizationFactor must be 1..10, "
                    f"got {self.parallelization_factor}"
                )
        else:
            if self.parallelization_factor != 1:
                raise MappingError(f"{where}: ParallelizationFactor is for streams only, not SQS")
            limit = 10 if self.maximum_batching_window_s == 0 else 10_000
            if not 1 <= self.batch_size <= limit:
                raise MappingError(
                    f"{where}: BatchSize must be 1..{limit} for SQS"
                    + (" without MaximumBatchingWindowInSeconds" if limit == 10 else "")
                )
            if self.bisect_batch_on_function_error or self.on_failure_destination:
                raise MappingError(
                    f"{where}: SQS mappings have no bisect or on-failure destination; "
                    "use the queue's RedrivePolicy"
                )
        if not 0 <= self.maximum_batching_window_s <= 300:
            raise MappingError(f"{where}: MaximumBatchingWindowInSeconds must be 0..300")
        if len(self.filter_patterns) > 5:
            raise MappingError(f"{where}: at most 5 filters, got {len(self.filter_patterns)}")


def not_emulated(props: Mapping[str, Any]) -> list[tuple[str, str]]:
    """(property, why) for each property set in the template that the pollers do not honour."""
    return [(name, why) for name, why in NOT_EMULATED.items() if props.get(name) is not None]


def source_kind(arn: str) -> str:
    service = arn.split(":")[2] if arn.count(":") >= 5 else ""
    if service == "dynamodb" and "/stream/" in arn:
        return STREAM
    if service == "sqs":
        return SQS
    raise MappingError(f"unsupported event source {arn!r}: DynamoDB streams and SQS only")


def _flag(value: Any) -> bool:
    return value is True or (isinstance(value, str) and value.lower() == "true")


def _default(value: Any, default: Any) -> Any:
    return default if value is None else value


# --- event filtering -------------------------------------------------------------------------
def filter_input(record: Mapping[str, Any]) -> dict[str, Any]:
    """What a pattern is matched against: the record, with an SQS JSON body parsed."""
    data = dict(record)
    if record.get("eventSource") == "aws:sqs":
        # A plain-text body only matches plain values.
        with contextlib.suppress(TypeError, ValueError):
            data["body"] = json.loads(record["body"])
    return data


def matches_any(patterns: Sequence[Mapping[str, Any]], record: Mapping[str, Any]) -> bool:
    """True when there are no filters or any filter matches (filters are OR'ed, as in AWS)."""
    if not patterns:
        return True
    data = filter_input(record)
    return any(pattern_matches(pattern, data) for pattern in patterns)


def pattern_matches(pattern: Mapping[str, Any], data: Any) -> bool:
    """AWS event-filter pattern: every field must match (AND); a field lists alternatives (OR)."""
    for key, expected in pattern.items():
        present = isinstance(data, Mapping) and key in data
        value = data.get(key) if isinstance(data, Mapping) else None
        if isinstance(expected, Mapping):
            if not present or not pattern_matches(expected, value):
                return False
            continue
        if not isinstance(expected, list):
            raise MappingError(
                f"filter field {key!r}: expected a list of matchers, got {expected!r}"
            )
        if not any(_matcher_matches(m, present, value) for m in expected):
            return False
    return True


def _matcher_matches(matcher: Any, present: bool, value: Any) -> bool:
    if isinstance(matcher, Mapping):
        if "exists" in matcher:
            return bool(matcher["exists"]) == present
        if not present:
            return False
        return any(_rule_matches(matcher, item) for item in _values(value))
    if not present:
        return False
    return any(_equal(matcher, item) for item in _values(value))


def _values(value: Any) -> list[Any]:
    """A list in the event matches when any of its elements does."""
    return list(value) if isinstance(value, list) else [value]


def _equal(expected: Any, value: Any) -> bool:
    if isinstance(expected, bool) or isinstance(value, bool):
        return expected is value
    if isinstance(expected, int | float) and isinstance(value, int | float):
        return math.isclose(expected, value)
    return bool(expected == value)


def _rule_matches(rule: Mapping[str, Any], value: Any) -> bool:
    if "prefix" in rule:
        prefix = rule["prefix"]
        if isinstance(prefix, Mapping):  # {"prefix": {"equals-ignore-case": "x"}}
            wanted = str(prefix.get("equals-ignore-case", "")).lower()
            return isinstance(value, str) and value.lower().startswith(wanted)
        return isinstance(value, str) and value.startswith(prefix)
    if "suffix" in rule:
        return isinstance(value, str) and value.endswith(rule["suffix"])
    if "equals-ignore-case" in rule:
        return isinstance(value, str) and value.lower() == str(rule["equals-ignore-case"]).lower()
    if "anything-but" in rule:
        excluded = rule["anything-but"]
        if isinstance(excluded, Mapping):
            return not _rule_matches(excluded, value)
        excluded_values = excluded if isinstance(excluded, list) else [excluded]
        return not any(_equal(item, value) for item in excluded_values)
    if "numeric" in rule:
        return _numeric_matches(rule["numeric"], value)
    raise MappingError(f"unsupported filter rule {dict(rule)!r}")


def _numeric_matches(conditions: Sequence[Any], value: Any) -> bool:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return False
    try:
        number = float(value)
    except ValueError:
        return False
    compare = {
        "=": number.__eq__,
        "<": number.__lt__,
        "<=": number.__le__,
        ">": number.__gt__,
        ">=": number.__ge__,
    }
    pairs = zip(conditions[::2], conditions[1::2], strict=True)
    return all(compare[operator](float(bound)) for operator, bound in pairs)


# --- batching --------------------------------------------------------------------------------
def batch_ready(
    *, count: int, size_bytes: int, batch_size: int, window_s: float, waited_s: float
) -> bool:
    """Invoke now? At batch size, at the payload limit, or once the batching window closed."""
    if count == 0:
        return False
    return count >= batch_size or size_bytes >= MAX_PAYLOAD_BYTES or waited_s >= window_s


# --- parallelization ---------------------------------------------------------------------------
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


# --- record shapes ---------------------------------------------------------------------------
def dynamodb_event_record(raw: Mapping[str, Any], stream_arn: str) -> dict[str, Any]:
    """A GetRecords record as Lambda hands it to a function (awsRegion from the stream)."""
    dynamodb = dict(raw["dynamodb"])
    created = dynamodb.get("ApproximateCreationDateTime")
    if isinstance(created, datetime):
        dynamodb["ApproximateCreationDateTime"] = int(created.timestamp())
    ordered = {
        key: _jsonable(dynamodb[key])
        for key in (
            "ApproximateCreationDateTime",
            "Keys",
            "NewImage",
            "OldImage",
            "SequenceNumber",
            "SizeBytes",
            "StreamViewType",
        )
        if key in dynamodb
    }
    return {
        "eventID": raw["eventID"],
        "eventName": raw["eventName"],
        "eventVersion": "1.1",
        "eventSource": "aws:dynamodb",
        "awsRegion": stream_arn.split(":")[3],
        "dynamodb": ordered,
        "eventSourceARN": stream_arn,
    }


def _jsonable(value: Any) -> Any:
    """Attribute values as JSON: binary values base64, as in Lambda events."""
    if isinstance(value, bytes | bytearray):
        return base64.b64encode(value).decode()
    if isinstance(value, Mapping):
        return {key: _jsonable(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_jsonable(item) for item in value]
    return value


def sqs_event_record(message: Mapping[str, Any], queue_arn: str) -> dict[str, Any]:
    """A ReceiveMessage message as Lambda hands it to a function."""
    attributes = {
        key: value
        for key, value in message.get("Attributes", {}).items()
        if key
        in (
            "ApproximateReceiveCount",
            "SentTimestamp",
            "SenderId",
            "ApproximateFirstReceiveTimestamp",
            "SequenceNumber",
            "MessageGroupId",
            "MessageDeduplicationId",
            "AWSTraceHeader",
            "DeadLetterQueueSourceArn",
        )
    }
    message_attributes = {}
    for name, attribute in message.get("MessageAttributes", {}).items():
        entry: dict[str, Any] = {
            "stringListValues": [],
            "binaryListValues": [],
            "dataType": attribute["DataType"],
        }
        if "StringValue" in attribute:
            entry["stringValue"] = attribute["StringValue"]
        if "BinaryValue" in attribute:
            entry["binaryValue"] = base64.b64encode(attribute["BinaryValue"]).decode()
        message_attributes[name] = entry
    return {
        "messageId": message["MessageId"],
        "receiptHandle": message["ReceiptHandle"],
        "body": message["Body"],
        "attributes": attributes,
        "messageAttributes": message_attributes,
        "md5OfBody": message["MD5OfBody"],
        # SQS's digest of the attributes; null when the message has none, as in AWS's records.
        "md5OfMessageAttributes": message.get("MD5OfMessageAttributes"),
        "eventSource": "aws:sqs",
        "eventSourceARN": queue_arn,
        "awsRegion": queue_arn.split(":")[3],
    }


def record_id(record: Mapping[str, Any]) -> str:
    """The itemIdentifier a function reports: SequenceNumber (stream) or messageId (SQS)."""
    if record.get("eventSource") == "aws:sqs":
        return str(record["messageId"])
    return str(record["dynamodb"]["SequenceNumber"])


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


# --- the stream retry plan -------------------------------------------------------------------
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


@dataclass
class MappingCounters:
    """What a mapping did, for tests and the CLI."""

    invocations: int = 0
    records_delivered: int = 0
    records_filtered: int = 0
    records_discarded: int = 0
    function_errors: int = 0
    partial_failures: int = 0
    throttles: int = 0
