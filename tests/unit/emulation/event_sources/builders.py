"""What the event-source tests build: the ARNs, a stream record, a stream mapping."""

from __future__ import annotations

from typing import Any

from emulation.event_sources.semantics.mapping import EventSourceMapping

STREAM_ARN = "arn:aws:dynamodb:eu-west-2:123456789012:table/main/stream/2026-11-28T00:00:00.000"
QUEUE_ARN = "arn:aws:sqs:eu-west-2:123456789012:scrape-jobs"


def stream_record(sequence: int, created: float = 1_800_000_000.0) -> dict[str, Any]:
    return {
        "eventSource": "aws:dynamodb",
        "dynamodb": {"SequenceNumber": str(sequence), "ApproximateCreationDateTime": created},
    }


def mapping(**props: Any) -> EventSourceMapping:
    return EventSourceMapping.from_properties(
        {"EventSourceArn": STREAM_ARN, "StartingPosition": "TRIM_HORIZON", **props}, "sync"
    )


class NoRuntime:
    """A Lambda runtime for pollers that must not invoke anything in the test."""

    def invoke(self, name_or_arn: str, event: Any) -> Any:
        raise AssertionError(f"unexpected invoke of {name_or_arn}")

    def spec(self, name_or_arn: str) -> Any:
        raise AssertionError(f"unexpected spec of {name_or_arn}")
