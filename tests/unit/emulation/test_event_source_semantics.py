"""The pure AWS event-source-mapping rules: properties, filters, responses, the retry plan."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from emulation.event_sources.semantics import (
    BatchResult,
    Discard,
    EventSourceMapping,
    InvocationFacts,
    MappingError,
    Outcome,
    StreamBatch,
    batch_ready,
    dynamodb_event_record,
    lane_for,
    matches_any,
    not_emulated,
    pattern_matches,
    plan_after,
    read_response,
    split_expired,
    stream_failure_record,
)

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


# --- properties -------------------------------------------------------------------------------
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


def keyed(pk: Any, sk: str = "a") -> dict[str, Any]:
    return {"dynamodb": {"Keys": {"pk": pk, "sk": {"S": sk}}}}


@given(
    st.dictionaries(st.sampled_from(["S", "N"]), st.text(max_size=20), min_size=1, max_size=1),
    st.text(max_size=10),
    st.text(max_size=10),
    st.integers(min_value=1, max_value=10),
)
def test_a_partition_key_always_lands_in_the_same_lane(
    pk: dict[str, str], sort_a: str, sort_b: str, factor: int
) -> None:
    """Lanes are chosen by partition key only, so a key's records keep their order."""
    lane = lane_for(keyed(pk, sort_a), "pk", factor)

    assert 0 <= lane < factor
    assert lane_for(keyed(pk, sort_b), "pk", factor) == lane
    assert lane_for(keyed(pk, sort_a), "pk", 1) == 0


def test_keys_spread_over_every_lane() -> None:
    lanes = {lane_for(keyed({"S": f"artist-{i}"}), "pk", 4) for i in range(200)}

    assert lanes == {0, 1, 2, 3}


def test_sqs_batch_over_ten_needs_a_window() -> None:
    with pytest.raises(MappingError, match="without MaximumBatchingWindowInSeconds"):
        EventSourceMapping.from_properties({"EventSourceArn": QUEUE_ARN, "BatchSize": 50}, "f")
    ok = EventSourceMapping.from_properties(
        {"EventSourceArn": QUEUE_ARN, "BatchSize": 50, "MaximumBatchingWindowInSeconds": 1}, "f"
    )
    assert ok.batch_size == 50


# --- filters ----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("pattern", "data", "expected"),
    [
        ({"a": ["x"]}, {"a": "x"}, True),
        ({"a": ["x"]}, {"a": "y"}, False),
        ({"a": [{"prefix": "ta"}]}, {"a": "tattoo"}, True),
        ({"a": [{"suffix": "oo"}]}, {"a": "tattoo"}, True),
        ({"a": [{"anything-but": ["x", "y"]}]}, {"a": "z"}, True),
        ({"a": [{"anything-but": "x"}]}, {"a": "x"}, False),
        ({"a": [{"anything-but": {"prefix": "t"}}]}, {"a": "tattoo"}, False),
        ({"a": [{"numeric": [">", 0, "<=", 5]}]}, {"a": 5}, True),
        ({"a": [{"numeric": [">", 0, "<=", 5]}]}, {"a": 6}, False),
        ({"a": [{"numeric": ["=", 3]}]}, {"a": "3"}, True),  # DynamoDB N values are strings
        ({"a": [{"exists": True}]}, {"a": None}, True),
        ({"a": [{"exists": False}]}, {}, True),
        ({"a": [{"exists": False}]}, {"a": 1}, False),
        ({"a": {"b": ["x"]}}, {"a": {"b": "x"}}, True),
        ({"a": {"b": ["x"]}}, {"a": "x"}, False),
        ({"a": ["x"]}, {"a": ["w", "x"]}, True),  # any element of an array
        ({"a": ["x"], "b": ["y"]}, {"a": "x"}, False),  # fields are AND'ed
        ({"a": [True]}, {"a": 1}, False),
        ({"a": [{"equals-ignore-case": "INK"}]}, {"a": "ink"}, True),
    ],
)
def test_filter_pattern_syntax(pattern: dict[str, Any], data: Any, expected: bool) -> None:
    assert pattern_matches(pattern, data) is expected


def test_filters_are_ored_and_sqs_json_bodies_are_parsed() -> None:
    record = {"eventSource": "aws:sqs", "body": json.dumps({"type": "scrape"})}
    plain = {"eventSource": "aws:sqs", "body": "scrape"}

    assert matches_any([{"body": {"type": ["x"]}}, {"body": {"type": ["scrape"]}}], record)
    assert not matches_any([{"body": {"type": ["scrape"]}}], plain)
    assert matches_any([{"body": ["scrape"]}], plain)
    assert matches_any([], plain)


# --- batching and record shapes ----------------------------------------------------------------
def test_batch_ready() -> None:
    assert not batch_ready(count=0, size_bytes=0, batch_size=10, window_s=0, waited_s=5)
    assert batch_ready(count=1, size_bytes=10, batch_size=10, window_s=0, waited_s=0)
    assert not batch_ready(count=3, size_bytes=10, batch_size=10, window_s=2, waited_s=1)
    assert batch_ready(count=3, size_bytes=10, batch_size=10, window_s=2, waited_s=2)
    assert batch_ready(count=10, size_bytes=10, batch_size=10, window_s=2, waited_s=0)


def test_dynamodb_event_record_shape() -> None:
    raw = {
        "eventID": "e1",
        "eventName": "INSERT",
        "eventVersion": "1.0",
        "eventSource": "aws:dynamodb",
        "awsRegion": "us-east-1",
        "dynamodb": {
            "ApproximateCreationDateTime": datetime(2026, 11, 28, 12, 0, 1, 500000, UTC),
            "Keys": {"pk": {"S": "ARTIST#1"}},
            "NewImage": {"pk": {"S": "ARTIST#1"}, "photo": {"B": b"\x00\x01"}},
            "SequenceNumber": "100",
            "SizeBytes": 42,
            "StreamViewType": "NEW_AND_OLD_IMAGES",
        },
    }

    record = dynamodb_event_record(raw, STREAM_ARN)

    assert record["eventVersion"] == "1.1"
    assert record["awsRegion"] == "eu-west-2"  # from the stream, not moto's us-east-1
    assert record["eventSourceARN"] == STREAM_ARN
    assert record["dynamodb"]["ApproximateCreationDateTime"] == 1795867201
    assert record["dynamodb"]["NewImage"]["photo"] == {"B": "AAE="}
    json.dumps(record)


# --- responses --------------------------------------------------------------------------------
def test_read_response() -> None:
    records = [stream_record(1), stream_record(2)]

    assert read_response("Unhandled", None, records, True).outcome is Outcome.FAILED
    assert read_response(None, None, records, True).outcome is Outcome.SUCCESS
    assert read_response(None, {"batchItemFailures": []}, records, True).outcome is Outcome.SUCCESS
    partial = read_response(None, {"batchItemFailures": [{"itemIdentifier": "2"}]}, records, True)
    assert partial == BatchResult(Outcome.PARTIAL, frozenset({"2"}))
    for bad in ("", None, "999"):
        response = {"batchItemFailures": [{"itemIdentifier": bad}]}
        assert read_response(None, response, records, True).outcome is Outcome.FAILED
    ignored = {"batchItemFailures": [{"itemIdentifier": "2"}]}
    assert read_response(None, ignored, records, False).outcome is Outcome.SUCCESS


# --- the retry plan ---------------------------------------------------------------------------
FAILED = BatchResult(Outcome.FAILED)


def test_bisect_splits_without_using_the_retry_quota() -> None:
    batch = StreamBatch(tuple(stream_record(i) for i in range(5)))

    plan = plan_after(
        batch, FAILED, mapping(BisectBatchOnFunctionError=True, MaximumRetryAttempts=0)
    )

    assert [len(half.records) for half in plan.retry] == [2, 3]
    assert all(half.retries == 0 for half in plan.retry)
    assert plan.discard == ()


def test_single_record_is_retried_then_discarded() -> None:
    rules = mapping(BisectBatchOnFunctionError=True, MaximumRetryAttempts=1)
    batch = StreamBatch((stream_record(7),))

    first = plan_after(batch, FAILED, rules)
    (retry,) = first.retry
    second = plan_after(retry, FAILED, rules)

    assert retry.retries == 1 and retry.invocations == 1
    (discard,) = second.discard
    assert discard.condition == "RetryAttemptsExhausted"
    assert discard.batch.invocations == 2


def test_partial_failure_checkpoints_at_the_lowest_failed_sequence_number() -> None:
    batch = StreamBatch(tuple(stream_record(i) for i in range(1, 7)))
    result = BatchResult(Outcome.PARTIAL, frozenset({"5", "3"}))

    plan = plan_after(batch, result, mapping())
    bisected = plan_after(batch, result, mapping(BisectBatchOnFunctionError=True))

    assert [r["dynamodb"]["SequenceNumber"] for r in plan.done] == ["1", "2"]
    (retry,) = plan.retry
    assert [r["dynamodb"]["SequenceNumber"] for r in retry.records] == ["3", "4", "5", "6"]
    assert [len(half.records) for half in bisected.retry] == [2, 2]


@given(
    size=st.integers(min_value=1, max_value=40),
    poison=st.data(),
    retries=st.integers(min_value=0, max_value=3),
    bisect=st.booleans(),
)
def test_every_record_ends_done_or_discarded_exactly_once(
    size: int, poison: st.DataObject, retries: int, bisect: bool
) -> None:
    """Simulate a shard with a function that always fails on some records."""
    bad = poison.draw(st.sets(st.integers(min_value=0, max_value=size - 1)))
    rules = mapping(BisectBatchOnFunctionError=bisect, MaximumRetryAttempts=retries)
    queue = [StreamBatch(tuple(stream_record(i) for i in range(size)))]
    done: list[int] = []
    discarded: list[int] = []
    steps = 0
    while queue:
        steps += 1
        assert steps < 10_000
        batch = queue.pop(0)
        sequence = [int(r["dynamodb"]["SequenceNumber"]) for r in batch.records]
        result = FAILED if bad & set(sequence) else BatchResult(Outcome.SUCCESS)
        plan = plan_after(batch, result, rules)
        done += [int(r["dynamodb"]["SequenceNumber"]) for r in plan.done]
        for discard in plan.discard:
            discarded += [int(r["dynamodb"]["SequenceNumber"]) for r in discard.batch.records]
        queue[:0] = list(plan.retry)

    assert sorted(done + discarded) == list(range(size))  # nothing lost, nothing twice
    assert not bad & set(done)
    if bisect:
        assert set(discarded) == bad  # bisect isolates exactly the poison records


def test_split_expired_keeps_order() -> None:
    batch = StreamBatch((stream_record(1, 100.0), stream_record(2, 150.0), stream_record(3, 190.0)))

    expired, rest = split_expired(batch, now_s=200.0, maximum_record_age_s=60)

    assert expired is not None and rest is not None
    assert [r["dynamodb"]["SequenceNumber"] for r in expired.records] == ["1"]
    assert [r["dynamodb"]["SequenceNumber"] for r in rest.records] == ["2", "3"]
    assert split_expired(batch, now_s=200.0, maximum_record_age_s=-1) == (None, batch)


def test_failure_record_shape() -> None:
    facts = InvocationFacts(request_id="req-1")
    batch = StreamBatch(
        (stream_record(10, 1_795_867_200.0), stream_record(11, 1_795_867_201.0)),
        retries=2,
        invocations=3,
        last_invocation=facts,
    )

    record = stream_failure_record(
        Discard(batch, "RetryAttemptsExhausted"),
        function_arn="arn:aws:lambda:eu-west-2:123456789012:function:sync",
        shard_id="shardId-1",
        stream_arn=STREAM_ARN,
        request_id="unused",
        now=datetime(2026, 11, 28, 12, 0, 0, 123000, UTC),
    )

    assert record == {
        "requestContext": {
            "requestId": "req-1",
            "functionArn": "arn:aws:lambda:eu-west-2:123456789012:function:sync",
            "condition": "RetryAttemptsExhausted",
            "approximateInvokeCount": 3,
        },
        "responseContext": {
            "statusCode": 200,
            "executedVersion": "$LATEST",
            "functionError": "Unhandled",
        },
        "version": "1.0",
        "timestamp": "2026-11-28T12:00:00.123Z",
        "DDBStreamBatchInfo": {
            "shardId": "shardId-1",
            "startSequenceNumber": "10",
            "endSequenceNumber": "11",
            "approximateArrivalOfFirstRecord": "2026-11-28T12:00:00Z",
            "approximateArrivalOfLastRecord": "2026-11-28T12:00:01Z",
            "batchSize": 2,
            "streamArn": STREAM_ARN,
        },
    }
