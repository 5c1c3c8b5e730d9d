"""What an AWS Lambda event-source mapping means, as pure functions and values (no I/O).

The pollers (`event_sources/pollers/`) only move data; every rule lives in this package so it
can be unit-tested, one module per seam (the names below are the package's surface):

    mapping       the mapping's properties, their AWS defaults and limits, what is not emulated
    filters       event filtering (the AWS event-filter pattern syntax)
    records       the record shapes Lambda hands to functions (DynamoDB stream, SQS)
    batches       when a batch is invoked, a stream record's lane, and how the function's
                  response is read (ReportBatchItemFailures)
    stream_retry  the stream retry plan (bisect, retries, maximum record age, checkpoints) and
                  the failure record sent to on-failure destinations
"""

from emulation.event_sources.semantics.batches import (
    MAX_PAYLOAD_BYTES,
    BatchResult,
    Outcome,
    batch_ready,
    lane_for,
    read_response,
)
from emulation.event_sources.semantics.filters import filter_input, matches_any, pattern_matches
from emulation.event_sources.semantics.mapping import (
    NOT_EMULATED,
    SQS,
    STREAM,
    EventSourceMapping,
    MappingCounters,
    MappingError,
    not_emulated,
    source_kind,
)
from emulation.event_sources.semantics.records import (
    dynamodb_event_record,
    record_id,
    sqs_event_record,
)
from emulation.event_sources.semantics.stream_retry import (
    Discard,
    InvocationFacts,
    Plan,
    StreamBatch,
    plan_after,
    split_expired,
    stream_failure_record,
)

__all__ = [
    "MAX_PAYLOAD_BYTES",
    "NOT_EMULATED",
    "SQS",
    "STREAM",
    "BatchResult",
    "Discard",
    "EventSourceMapping",
    "InvocationFacts",
    "MappingCounters",
    "MappingError",
    "Outcome",
    "Plan",
    "StreamBatch",
    "batch_ready",
    "dynamodb_event_record",
    "filter_input",
    "lane_for",
    "matches_any",
    "not_emulated",
    "pattern_matches",
    "plan_after",
    "read_response",
    "record_id",
    "source_kind",
    "split_expired",
    "sqs_event_record",
    "stream_failure_record",
]
