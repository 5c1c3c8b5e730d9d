"""Event-source mappings with AWS semantics against moto's DynamoDB streams and SQS, invoking
real handler code through the local Lambda runtime."""

from __future__ import annotations

import json
import re
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from emulation.aws import ACCOUNT_ID, client, configure
from emulation.event_sources import EventSourceManager, EventSourceMapping
from emulation.event_sources.semantics import lane_for
from emulation.lambda_runtime import FunctionSpec, LambdaRuntime

pytestmark = pytest.mark.integration

HANDLERS = Path(__file__).with_name("handlers")
REGION = "eu-west-2"
DRAIN_S = 60


@pytest.fixture(scope="module")
def runtime(
    moto_endpoint: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[LambdaRuntime]:
    configure(moto_endpoint)
    runtime = LambdaRuntime(tmp_path_factory.mktemp("esm-logs"), moto_endpoint)
    yield runtime
    runtime.shutdown()


@pytest.fixture
def records_file(tmp_path: Path) -> Path:
    path = tmp_path / "records.jsonl"
    path.touch()
    return path


def register(runtime: LambdaRuntime, records_file: Path, **environment: str) -> str:
    """A `records` function with its own name, writing to records_file."""
    name = f"records-{uuid.uuid4().hex[:8]}"
    runtime.register(
        FunctionSpec(
            name=name,
            arn=f"arn:aws:lambda:{REGION}:{ACCOUNT_ID}:function:{name}",
            handler="core_handlers.records",
            code_dir=HANDLERS,
            environment={"RECORDS_FILE": str(records_file), **environment},
            memory_mb=128,
            timeout_s=10,
        )
    )
    return name


def lines(records_file: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in records_file.read_text().splitlines()]


def processed_counts(records_file: Path) -> Counter[str]:
    return Counter(key for line in lines(records_file) for key in line.get("processed", []))


def make_table() -> tuple[str, str]:
    name = f"table-{uuid.uuid4().hex[:8]}"
    dynamodb = client("dynamodb")
    dynamodb.create_table(
        TableName=name,
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
        StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"},
    )
    return name, dynamodb.describe_table(TableName=name)["Table"]["LatestStreamArn"]


def make_queue(**attributes: str) -> tuple[str, str]:
    sqs = client("sqs")
    url = sqs.create_queue(QueueName=f"queue-{uuid.uuid4().hex[:8]}", Attributes=attributes)[
        "QueueUrl"
    ]
    arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"][
        "QueueArn"
    ]
    return url, arn


def put_items(table: str, keys: list[str], **attributes: dict[str, str]) -> None:
    dynamodb = client("dynamodb")
    for key in keys:
        dynamodb.put_item(TableName=table, Item={"pk": {"S": key}, **attributes})


def receive_all(queue_url: str) -> list[dict[str, Any]]:
    sqs = client("sqs")
    messages: list[dict[str, Any]] = []
    while True:
        batch = sqs.receive_message(
            QueueUrl=queue_url, MaxNumberOfMessages=10, AttributeNames=["All"]
        ).get("Messages", [])
        if not batch:
            return messages
        messages.extend(batch)
        sqs.delete_message_batch(
            QueueUrl=queue_url,
            Entries=[
                {"Id": str(i), "ReceiptHandle": m["ReceiptHandle"]} for i, m in enumerate(batch)
            ],
        )


@pytest.fixture
def manager(runtime: LambdaRuntime, moto_endpoint: str) -> Iterator[EventSourceManager]:
    manager = EventSourceManager(runtime, moto_endpoint)
    yield manager
    manager.stop()


def stream_mapping(function: str, stream_arn: str, **props: Any) -> EventSourceMapping:
    return EventSourceMapping.from_properties(
        {"EventSourceArn": stream_arn, "StartingPosition": "TRIM_HORIZON", **props}, function
    )


# --- DynamoDB streams ------------------------------------------------------------------------
def test_bisect_isolates_a_poison_record_and_sends_it_to_the_destination(
    runtime: LambdaRuntime, manager: EventSourceManager, records_file: Path
) -> None:
    function = register(runtime, records_file, POISON="k3", MODE="raise")
    table, stream_arn = make_table()
    dlq_url, dlq_arn = make_queue()
    keys = [f"k{i}" for i in range(10)]
    put_items(table, keys)
    manager.add(
        stream_mapping(
            function,
            stream_arn,
            BatchSize=10,
            BisectBatchOnFunctionError=True,
            MaximumRetryAttempts=2,
            DestinationConfig={"OnFailure": {"Destination": dlq_arn}},
        )
    )

    manager.start()
    assert manager.drain(DRAIN_S)

    counts = processed_counts(records_file)
    assert counts == Counter({key: 1 for key in keys if key != "k3"})
    first_batch = lines(records_file)[0]
    assert first_batch["batch"] == keys  # the first invocation saw the whole batch of 10
    failures = receive_all(dlq_url)
    assert len(failures) == 1
    failure = json.loads(failures[0]["Body"])
    info = failure["DDBStreamBatchInfo"]
    assert info["batchSize"] == 1
    assert info["startSequenceNumber"] == info["endSequenceNumber"]
    assert info["streamArn"] == stream_arn
    assert info["shardId"].startswith("shardId-")
    assert failure["version"] == "1.0"
    assert failure["requestContext"]["condition"] == "RetryAttemptsExhausted"
    assert failure["requestContext"]["functionArn"].endswith(f":function:{function}")
    assert failure["requestContext"]["approximateInvokeCount"] == 3  # first try + 2 retries
    assert failure["responseContext"] == {
        "statusCode": 200,
        "executedVersion": "$LATEST",
        "functionError": "Unhandled",
    }
    poison_tries = [line for line in lines(records_file) if line.get("failed") == "k3"]
    assert [line["batch"] for line in poison_tries[-3:]] == [["k3"]] * 3


def test_failure_record_matches_the_contract(
    runtime: LambdaRuntime, manager: EventSourceManager, records_file: Path
) -> None:
    from compute import contracts

    function = register(runtime, records_file, POISON="only", MODE="raise")
    table, stream_arn = make_table()
    dlq_url, dlq_arn = make_queue()
    put_items(table, ["only"])
    manager.add(
        stream_mapping(
            function,
            stream_arn,
            MaximumRetryAttempts=0,
            DestinationConfig={"OnFailure": {"Destination": dlq_arn}},
        )
    )
    manager.start()
    assert manager.drain(DRAIN_S)
    (message,) = receive_all(dlq_url)
    contracts.validate("stream-batch-failure", json.loads(message["Body"]))


def test_partial_batch_response_checkpoints_at_the_lowest_failed_record(
    runtime: LambdaRuntime, manager: EventSourceManager, records_file: Path
) -> None:
    function = register(runtime, records_file, POISON="k2,k4", MODE="partial")
    table, stream_arn = make_table()
    _, dlq_arn = make_queue()
    keys = [f"k{i}" for i in range(6)]
    put_items(table, keys)
    manager.add(
        stream_mapping(
            function,
            stream_arn,
            BatchSize=6,
            FunctionResponseTypes=["ReportBatchItemFailures"],
            MaximumRetryAttempts=1,
            DestinationConfig={"OnFailure": {"Destination": dlq_arn}},
        )
    )

    manager.start()
    assert manager.drain(DRAIN_S)

    batches = [line["batch"] for line in lines(records_file)]
    # First the whole batch; then from the checkpoint (k2, the lowest failure) onwards, once
    # more (one retry), then those records are discarded and nothing after them is re-sent.
    assert batches == [keys, keys[2:]]
    counts = processed_counts(records_file)
    assert counts == Counter({"k0": 1, "k1": 1, "k3": 2, "k5": 2})


def test_invalid_item_identifier_fails_the_whole_batch(
    runtime: LambdaRuntime, manager: EventSourceManager, records_file: Path
) -> None:
    function = register(runtime, records_file, POISON="k1", MODE="invalid")
    table, stream_arn = make_table()
    keys = ["k0", "k1", "k2"]
    put_items(table, keys)
    manager.add(
        stream_mapping(
            function,
            stream_arn,
            BatchSize=3,
            FunctionResponseTypes=["ReportBatchItemFailures"],
            MaximumRetryAttempts=1,
        )
    )

    manager.start()
    assert manager.drain(DRAIN_S)

    assert [line["batch"] for line in lines(records_file)] == [keys, keys]
    (counters,) = manager.counters(function).values()
    assert counters.records_discarded == 3


def test_filter_criteria_drop_records_that_do_not_match(
    runtime: LambdaRuntime, manager: EventSourceManager, records_file: Path
) -> None:
    function = register(runtime, records_file)
    table, stream_arn = make_table()
    put_items(table, ["artist-1"], kind={"S": "artist"})
    put_items(table, ["studio-1"], kind={"S": "studio"})
    put_items(table, ["artist-2"], kind={"S": "artist"})
    client("dynamodb").delete_item(TableName=table, Key={"pk": {"S": "artist-1"}})
    pattern = {
        "eventName": ["INSERT", "MODIFY"],
        "dynamodb": {"NewImage": {"kind": {"S": [{"prefix": "art"}]}}},
    }
    manager.add(
        stream_mapping(
            function, stream_arn, FilterCriteria={"Filters": [{"Pattern": json.dumps(pattern)}]}
        )
    )

    manager.start()
    assert manager.drain(DRAIN_S)

    assert processed_counts(records_file) == Counter({"artist-1": 1, "artist-2": 1})
    (counters,) = manager.counters(function).values()
    assert counters.records_filtered == 2  # the studio insert and the REMOVE


def test_batching_window_gathers_records_into_one_invocation(
    runtime: LambdaRuntime, manager: EventSourceManager, records_file: Path
) -> None:
    function = register(runtime, records_file)
    table, stream_arn = make_table()
    manager.add(
        stream_mapping(
            function,
            stream_arn,
            StartingPosition="LATEST",
            BatchSize=100,
            MaximumBatchingWindowInSeconds=4,  # wide: the writes below take about 1 s
        )
    )
    manager.start()

    for index in range(5):
        put_items(table, [f"w{index}"])
        time.sleep(0.2)  # records trickle in, slower than the poller reads them
    assert manager.drain(DRAIN_S)

    assert [line["batch"] for line in lines(records_file)] == [[f"w{i}" for i in range(5)]]


def _keys_in_different_lanes(factor: int) -> tuple[str, str]:
    """Two partition keys that ParallelizationFactor 2 puts in different lanes."""
    lanes: dict[int, str] = {}
    for index in range(100):
        key = f"key{index}"
        record = {"dynamodb": {"Keys": {"pk": {"S": key}}}}
        lanes.setdefault(lane_for(record, "pk", factor), key)
        if len(lanes) == factor:
            break
    return lanes[0], lanes[1]


@pytest.mark.parametrize("factor", [2, 1])
def test_parallelization_factor_runs_lanes_at_once_and_keeps_each_key_in_order(
    runtime: LambdaRuntime, manager: EventSourceManager, tmp_path: Path, factor: int
) -> None:
    records_file = tmp_path / "batches.jsonl"
    rendezvous = tmp_path / "in-flight"
    rendezvous.mkdir()
    name = f"lanes-{uuid.uuid4().hex[:8]}"
    runtime.register(
        FunctionSpec(
            name=name,
            arn=f"arn:aws:lambda:{REGION}:{ACCOUNT_ID}:function:{name}",
            handler="core_handlers.rendezvous",
            code_dir=HANDLERS,
            environment={
                "RECORDS_FILE": str(records_file),
                "RENDEZVOUS_DIR": str(rendezvous),
                # Long where a peer is expected (found at once), short where none can come.
                "PEER_WAIT_S": "5" if factor > 1 else "1",
            },
            memory_mb=128,
            timeout_s=10,
        )
    )
    table, stream_arn = make_table()
    first, second = _keys_in_different_lanes(2)
    dynamodb = client("dynamodb")
    for version in range(1, 5):  # interleaved: first@1, second@1, first@2, ...
        for key in (first, second):
            dynamodb.put_item(TableName=table, Item={"pk": {"S": key}, "v": {"N": str(version)}})
    manager.add(stream_mapping(name, stream_arn, BatchSize=2, ParallelizationFactor=factor))
    manager.start()

    assert manager.drain(DRAIN_S)

    batches = [json.loads(line) for line in records_file.read_text().splitlines()]
    seen = [tuple(pair) for batch in batches for pair in batch["pairs"]]
    assert sorted(seen) == sorted((key, v) for key in (first, second) for v in range(1, 5))
    for key in (first, second):  # each key in order, whatever ran alongside it
        assert [v for k, v in seen if k == key] == [1, 2, 3, 4]
    if factor == 2:
        # A lane's batch holds one key only, and the two lanes' batches overlapped in time
        # (both lanes saw the other in flight; a lane's last batch may run after the other
        # lane has finished, when its container started late on a busy machine).
        assert all(len({k for k, _ in batch["pairs"]}) == 1 for batch in batches)
        for key in (first, second):
            assert any(batch["saw_peer"] and batch["pairs"][0][0] == key for batch in batches), (
                batches
            )
    else:
        assert not any(batch["saw_peer"] for batch in batches), batches


def test_records_older_than_the_maximum_age_are_discarded_to_the_destination(
    runtime: LambdaRuntime, moto_endpoint: str, records_file: Path
) -> None:
    function = register(runtime, records_file)
    table, stream_arn = make_table()
    dlq_url, dlq_arn = make_queue()
    put_items(table, ["old-1", "old-2"])
    # The pollers read time from this clock: records written now look two minutes old.
    manager = EventSourceManager(runtime, moto_endpoint, clock=lambda: time.time() + 120)
    manager.add(
        stream_mapping(
            function,
            stream_arn,
            MaximumRecordAgeInSeconds=60,
            DestinationConfig={"OnFailure": {"Destination": dlq_arn}},
        )
    )
    try:
        manager.start()
        assert manager.drain(DRAIN_S)
    finally:
        manager.stop()

    assert lines(records_file) == []  # never invoked
    (message,) = receive_all(dlq_url)
    failure = json.loads(message["Body"])
    assert failure["requestContext"]["condition"] == "RecordAgeExceeded"
    assert failure["DDBStreamBatchInfo"]["batchSize"] == 2
    assert "responseContext" not in failure  # aged out before any invocation


# --- SQS -------------------------------------------------------------------------------------
def sqs_mapping(function: str, queue_arn: str, **props: Any) -> EventSourceMapping:
    return EventSourceMapping.from_properties({"EventSourceArn": queue_arn, **props}, function)


def send(queue_url: str, bodies: list[str]) -> None:
    sqs = client("sqs")
    for body in bodies:
        sqs.send_message(QueueUrl=queue_url, MessageBody=body)


def test_sqs_partial_batch_deletes_successes_and_redrives_failures_to_the_dlq(
    runtime: LambdaRuntime, manager: EventSourceManager, records_file: Path
) -> None:
    function = register(runtime, records_file, POISON="bad", MODE="partial")
    dlq_url, dlq_arn = make_queue()
    queue_url, queue_arn = make_queue(
        VisibilityTimeout="1",
        RedrivePolicy=json.dumps({"deadLetterTargetArn": dlq_arn, "maxReceiveCount": "2"}),
    )
    send(queue_url, ["good-1", "bad", "good-2"])
    manager.add(
        sqs_mapping(
            function, queue_arn, BatchSize=10, FunctionResponseTypes=["ReportBatchItemFailures"]
        )
    )

    manager.start()
    assert manager.drain(DRAIN_S)

    assert processed_counts(records_file) == Counter({"good-1": 1, "good-2": 1})
    bad_deliveries = [line for line in lines(records_file) if "bad" in line["batch"]]
    assert len(bad_deliveries) == 2  # maxReceiveCount receives, then moto redrives it
    (dead,) = receive_all(dlq_url)
    assert dead["Body"] == "bad"


def test_sqs_event_records_have_the_aws_shape(
    runtime: LambdaRuntime, manager: EventSourceManager, tmp_path: Path
) -> None:
    name = f"echo-{uuid.uuid4().hex[:8]}"
    captured = tmp_path / "events.jsonl"
    runtime.register(
        FunctionSpec(
            name=name,
            arn=f"arn:aws:lambda:{REGION}:{ACCOUNT_ID}:function:{name}",
            handler="core_handlers.records",
            code_dir=HANDLERS,
            environment={"RECORDS_FILE": str(captured)},
        )
    )
    queue_url, queue_arn = make_queue()
    client("sqs").send_message(
        QueueUrl=queue_url,
        MessageBody="hello",
        MessageAttributes={"kind": {"DataType": "String", "StringValue": "greeting"}},
    )
    seen: list[dict[str, Any]] = []
    original = runtime.invoke

    def spy(name_or_arn: str, event: Any) -> Any:
        seen.append(event)
        return original(name_or_arn, event)

    runtime.invoke = spy  # type: ignore[method-assign]
    try:
        manager.add(sqs_mapping(name, queue_arn))
        manager.start()
        assert manager.drain(DRAIN_S)
    finally:
        del runtime.invoke

    (record,) = seen[0]["Records"]
    assert set(record) == {
        "messageId",
        "receiptHandle",
        "body",
        "attributes",
        "messageAttributes",
        "md5OfBody",
        "md5OfMessageAttributes",
        "eventSource",
        "eventSourceARN",
        "awsRegion",
    }
    assert record["body"] == "hello"
    # SQS's digest of the attributes, as ReceiveMessage returned it (AWS's records carry it).
    assert re.fullmatch(r"[0-9a-f]{32}", record["md5OfMessageAttributes"])
    assert record["eventSource"] == "aws:sqs"
    assert record["eventSourceARN"] == queue_arn
    assert record["awsRegion"] == REGION
    assert record["attributes"]["ApproximateReceiveCount"] == "1"
    assert "SentTimestamp" in record["attributes"]
    assert record["messageAttributes"]["kind"] == {
        "stringValue": "greeting",
        "stringListValues": [],
        "binaryListValues": [],
        "dataType": "String",
    }


def test_sqs_filter_criteria_delete_filtered_messages(
    runtime: LambdaRuntime, manager: EventSourceManager, records_file: Path
) -> None:
    function = register(runtime, records_file)
    queue_url, queue_arn = make_queue()
    send(
        queue_url,
        [json.dumps({"type": "scrape", "n": 5}), json.dumps({"type": "skip"}), "not json"],
    )
    pattern = {"body": {"type": ["scrape"], "n": [{"numeric": [">", 1, "<=", 10]}]}}
    manager.add(
        sqs_mapping(
            function, queue_arn, FilterCriteria={"Filters": [{"Pattern": json.dumps(pattern)}]}
        )
    )

    manager.start()
    assert manager.drain(DRAIN_S)

    assert [line["batch"] for line in lines(records_file)] == [
        [json.dumps({"type": "scrape", "n": 5})]
    ]
    (counters,) = manager.counters(function).values()
    assert counters.records_filtered == 2
    attributes: Callable[[], dict[str, str]] = lambda: client("sqs").get_queue_attributes(  # noqa: E731
        QueueUrl=queue_url, AttributeNames=["ApproximateNumberOfMessages"]
    )["Attributes"]
    assert attributes()["ApproximateNumberOfMessages"] == "0"


def test_on_failure_destination_can_be_an_sns_topic(
    runtime: LambdaRuntime, manager: EventSourceManager, records_file: Path
) -> None:
    function = register(runtime, records_file, POISON="bad", MODE="raise")
    table, stream_arn = make_table()
    sns = client("sns")
    topic_arn = sns.create_topic(Name=f"failures-{uuid.uuid4().hex[:8]}")["TopicArn"]
    inbox_url, inbox_arn = make_queue()
    sns.subscribe(
        TopicArn=topic_arn,
        Protocol="sqs",
        Endpoint=inbox_arn,
        Attributes={"RawMessageDelivery": "true"},
    )
    put_items(table, ["bad"])
    manager.add(
        stream_mapping(
            function,
            stream_arn,
            MaximumRetryAttempts=0,
            DestinationConfig={"OnFailure": {"Destination": topic_arn}},
        )
    )

    manager.start()
    assert manager.drain(DRAIN_S)

    (message,) = receive_all(inbox_url)
    failure = json.loads(message["Body"])
    assert failure["requestContext"]["condition"] == "RetryAttemptsExhausted"
    assert failure["requestContext"]["approximateInvokeCount"] == 1


def test_sqs_batching_window_gathers_more_than_one_receive(
    runtime: LambdaRuntime, manager: EventSourceManager, records_file: Path
) -> None:
    function = register(runtime, records_file)
    queue_url, queue_arn = make_queue()
    bodies = [f"m{i:02d}" for i in range(15)]
    send(queue_url, bodies)
    manager.add(sqs_mapping(function, queue_arn, BatchSize=15, MaximumBatchingWindowInSeconds=2))

    manager.start()
    assert manager.drain(DRAIN_S)

    batches = [line["batch"] for line in lines(records_file)]
    assert sorted(body for batch in batches for body in batch) == bodies
    assert max(len(batch) for batch in batches) > 10  # one invocation beyond a single receive
