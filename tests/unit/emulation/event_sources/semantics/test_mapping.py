"""A mapping's properties as AWS reads them: defaults, template intrinsics, the limits
CreateEventSourceMapping enforces, and what the pollers do not emulate."""

from __future__ import annotations

from typing import Any

import pytest

from emulation.event_sources.semantics.mapping import (
    EventSourceMapping,
    MappingError,
    not_emulated,
)
from tests.unit.emulation.event_sources.builders import QUEUE_ARN, STREAM_ARN, mapping


def test_defaults_follow_aws() -> None:
    stream = mapping()
    queue = EventSourceMapping.from_properties({"EventSourceArn": QUEUE_ARN}, "scrape")

    assert (stream.batch_size, stream.maximum_retry_attempts, stream.maximum_record_age_s) == (
        100,
        -1,
        -1,
    )
    assert queue.batch_size == 10 and queue.kind == "sqs" and stream.kind == "dynamodb"


def test_template_properties_are_resolved_and_parsed() -> None:
    resolved = {"Ref": "Dlq"}
    built = EventSourceMapping.from_properties(
        {
            "EventSourceArn": STREAM_ARN,
            "StartingPosition": "LATEST",
            "BatchSize": 10,
            "BisectBatchOnFunctionError": True,
            "MaximumRetryAttempts": 3,
            "MaximumRecordAgeInSeconds": 3600,
            "FunctionResponseTypes": ["ReportBatchItemFailures"],
            "DestinationConfig": {"OnFailure": {"Destination": resolved}},
            "FilterCriteria": {"Filters": [{"Pattern": '{"eventName": ["INSERT"]}'}]},
        },
        "sync",
        lambda value: QUEUE_ARN if value == resolved else value,
    )

    assert built.on_failure_destination == QUEUE_ARN
    assert built.report_batch_item_failures and built.bisect_batch_on_function_error
    assert built.filter_patterns == ({"eventName": ["INSERT"]},)


@pytest.mark.parametrize(
    ("props", "message"),
    [
        ({"BatchSize": 0}, "BatchSize"),
        ({"MaximumRecordAgeInSeconds": 30}, "MaximumRecordAgeInSeconds"),
        ({"StartingPosition": "AT_TIMESTAMP"}, "StartingPosition"),
        ({"FilterCriteria": {"Filters": [{"Pattern": "{nope"}]}}, "not JSON"),
        ({"ParallelizationFactor": 0}, "ParallelizationFactor must be 1..10"),
        ({"ParallelizationFactor": 11}, "ParallelizationFactor must be 1..10"),
    ],
)
def test_invalid_properties_are_refused(props: dict[str, Any], message: str) -> None:
    with pytest.raises(MappingError, match=message):
        mapping(**props)


def test_parallelization_factor_defaults_to_one_and_is_for_streams_only() -> None:
    assert mapping().parallelization_factor == 1
    assert mapping(ParallelizationFactor=10).parallelization_factor == 10
    with pytest.raises(MappingError, match="streams only"):
        EventSourceMapping.from_properties(
            {"EventSourceArn": QUEUE_ARN, "ParallelizationFactor": 2}, "f"
        )


def test_properties_without_emulation_are_named() -> None:
    assert not_emulated({"BatchSize": 10, "ParallelizationFactor": 2}) == []
    [(name, why)] = not_emulated({"TumblingWindowInSeconds": 60})
    assert name == "TumblingWindowInSeconds" and "not emulated" in why


def test_sqs_batch_over_ten_needs_a_window() -> None:
    with pytest.raises(MappingError, match="without MaximumBatchingWindowInSeconds"):
        EventSourceMapping.from_properties({"EventSourceArn": QUEUE_ARN, "BatchSize": 50}, "f")
    ok = EventSourceMapping.from_properties(
        {"EventSourceArn": QUEUE_ARN, "BatchSize": 50, "MaximumBatchingWindowInSeconds": 1}, "f"
    )
    assert ok.batch_size == 50
