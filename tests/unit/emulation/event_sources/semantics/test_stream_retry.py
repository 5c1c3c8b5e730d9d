"""The stream retry plan: checkpoints, bisect, retries, record age, and the failure record."""

from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import given
from hypothesis import strategies as st

from emulation.event_sources.semantics.batches import BatchResult, Outcome
from emulation.event_sources.semantics.stream_retry import (
    Discard,
    InvocationFacts,
    StreamBatch,
    plan_after,
    split_expired,
    stream_failure_record,
)
from tests.unit.emulation.event_sources.builders import STREAM_ARN, mapping, stream_record

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
