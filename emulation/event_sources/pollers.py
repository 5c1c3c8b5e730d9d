"""Event-source pollers: the threads that read DynamoDB streams and SQS queues on the moto
endpoint and invoke functions through the local Lambda runtime.

Transport only; the rules are in `semantics`. moto's own event-source mappings are not used
(they are synchronous, one record at a time, without retries or filters).
"""

from __future__ import annotations

import contextlib
import json
import logging
import queue
import threading
import time
import uuid
from collections import deque
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Protocol

from emulation import moto_patches
from emulation.aws import client
from emulation.event_sources import semantics as rules
from emulation.event_sources.semantics import (
    BatchResult,
    Discard,
    EventSourceMapping,
    InvocationFacts,
    MappingCounters,
    Outcome,
    StreamBatch,
)
from emulation.lambda_runtime import Throttled

log = logging.getLogger(__name__)
STREAM_POLL_INTERVAL_S = 0.1
# An idle stream on this process's moto is read again when a record arrives, or after this.
STREAM_IDLE_WAIT_S = 1.0
SHARD_REFRESH_S = 2.0
SQS_WAIT_S = 1
DEFAULT_SQS_CONCURRENCY = 2
RETRY_BACKOFF_S = (0.05, 0.1, 0.2, 0.5, 1.0)
LANE_BUFFER_BATCHES = 4  # with ParallelizationFactor > 1: records a lane may hold, in batches


class Invoker(Protocol):
    """What the pollers need from the Lambda runtime."""

    def invoke(self, name_or_arn: str, event: Any) -> Any: ...

    def spec(self, name_or_arn: str) -> Any: ...


class _Poller:
    """One mapping's thread(s); `idle_since` says when it last found nothing to do."""

    def __init__(
        self,
        mapping: EventSourceMapping,
        runtime: Invoker,
        endpoint_url: str,
        clock: Callable[[], float],
        metrics: Any = None,
    ) -> None:
        self.mapping = mapping
        self.runtime = runtime
        self.endpoint_url = endpoint_url
        self.clock = clock
        self.metrics = metrics  # a MetricPublisher: a stream mapping's IteratorAge
        self.counters = MappingCounters()
        self._counter_lock = threading.Lock()
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self._idle_since: dict[int, float | None] = {}

    def start(self) -> None:
        for index in range(self.thread_count()):
            self._idle_since[index] = None
            thread = threading.Thread(
                target=self._guarded,
                args=(index,),
                name=f"esm-{self.mapping.function_name}-{index}",
                daemon=True,
            )
            self._threads.append(thread)
            thread.start()

    def stop(self) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=SQS_WAIT_S + 5)
        self._threads.clear()

    def thread_count(self) -> int:
        return 1

    def idle_after(self, moment: float) -> bool:
        """Every thread finished an empty poll that began after `moment` (monotonic)."""
        return all(since is not None and since >= moment for since in self._idle_since.values())

    def _guarded(self, index: int) -> None:
        backoff = 0
        while not self._stop.is_set():
            try:
                self.run(index)
                return
            except Exception:  # the endpoint hiccuped: log, back off, keep the mapping alive
                log.exception("event source %s failed; retrying", self.mapping.event_source_arn)
                self._stop.wait(RETRY_BACKOFF_S[min(backoff, len(RETRY_BACKOFF_S) - 1)])
                backoff += 1

    def run(self, index: int) -> None:
        raise NotImplementedError

    def _mark(self, index: int, cycle_start: float | None) -> None:
        self._idle_since[index] = cycle_start

    def _count(self, **deltas: int) -> None:
        with self._counter_lock:
            for name, delta in deltas.items():
                setattr(self.counters, name, getattr(self.counters, name) + delta)

    def _invoke(self, records: Sequence[Mapping[str, Any]]) -> tuple[Any, BatchResult]:
        """Invoke with a batch; throttles are raised, everything else becomes a BatchResult."""
        event = {"Records": list(records)}
        result = self.runtime.invoke(self.mapping.function_name, event)
        batch_result = rules.read_response(
            result.function_error, result.payload, records, self.mapping.report_batch_item_failures
        )
        self._count(
            invocations=1,
            records_delivered=len(records),
            function_errors=int(result.function_error is not None),
            partial_failures=int(batch_result.outcome is Outcome.PARTIAL),
        )
        return result, batch_result


@dataclass
class _Lane:
    """One of a shard's ParallelizationFactor lanes: its own batches, in order, one in flight."""

    pending: deque[StreamBatch] = field(default_factory=deque)
    buffer: list[dict[str, Any]] = field(default_factory=list)
    first_buffered: float | None = None
    in_flight: Future[None] | None = None  # set while another thread runs this lane's batch

    @property
    def running(self) -> bool:
        return self.in_flight is not None and not self.in_flight.done()


@dataclass
class _Shard:
    """Where the mapping stands in one shard; kept across a poller restart."""

    iterator: str | None
    lanes: list[_Lane] = field(default_factory=lambda: [_Lane()])


class StreamPoller(_Poller):
    """A DynamoDB stream: every shard in order, one batch in flight per shard and lane.

    With ParallelizationFactor N, a shard's records are spread over N lanes by partition key
    (`rules.lane_for`), and up to N batches of a shard run at once: each key stays in order.
    With N = 1 the poller thread invokes itself, as before; otherwise lanes run on a pool.
    """

    def start(self) -> None:
        # Taken now, so LATEST means "after the mapping was created", not "after a thread ran".
        streams = client("dynamodbstreams", self.endpoint_url)
        arn = self.mapping.event_source_arn
        self._factor = self.mapping.parallelization_factor
        self._partition_key = self._hash_key() if self._factor > 1 else None
        self._lanes_pool: ThreadPoolExecutor | None = None
        if self._factor > 1:
            self._lanes_pool = ThreadPoolExecutor(
                max_workers=self._factor, thread_name_prefix=f"esm-{self.mapping.function_name}"
            )
        self._shards: dict[str, _Shard] = {}
        for shard in streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"]:
            iterator = streams.get_shard_iterator(
                StreamArn=arn,
                ShardId=shard["ShardId"],
                ShardIteratorType=self.mapping.starting_position or "LATEST",
            )["ShardIterator"]
            self._shards[shard["ShardId"]] = self._new_shard(iterator)
        super().start()

    _lanes_pool: ThreadPoolExecutor | None = None

    def stop(self) -> None:
        self._stop.set()
        moto_patches.STREAM_ACTIVITY.notify()  # an idle poller waits on it, not on _stop
        super().stop()
        if self._lanes_pool is not None:
            self._lanes_pool.shutdown(wait=True)  # lets batches in flight finish

    def _new_shard(self, iterator: str | None) -> _Shard:
        return _Shard(iterator, [_Lane() for _ in range(self._factor)])

    def _hash_key(self) -> str | None:
        """The table's partition key attribute (what lanes are chosen by)."""
        table = self.mapping.event_source_arn.split(":table/", 1)[1].split("/stream/", 1)[0]
        described = client("dynamodb", self.endpoint_url).describe_table(TableName=table)
        for element in described["Table"]["KeySchema"]:
            if element["KeyType"] == "HASH":
                return str(element["AttributeName"])
        return None

    def run(self, index: int) -> None:
        streams = client("dynamodbstreams", self.endpoint_url)
        arn = self.mapping.event_source_arn
        shard_ids: list[str] = list(self._shards)
        shards_read_at = -SHARD_REFRESH_S
        activity = moto_patches.STREAM_ACTIVITY
        # Writes through an in-process moto wake the poller; any other endpoint is polled.
        woken = activity.observes(self.endpoint_url)
        while not self._stop.is_set():
            cycle_start = time.monotonic()
            seen = activity.seen()  # before reading: a record added meanwhile is not missed
            busy = False
            if cycle_start - shards_read_at >= SHARD_REFRESH_S:
                description = streams.describe_stream(StreamArn=arn)["StreamDescription"]
                shard_ids = [shard["ShardId"] for shard in description["Shards"]]
                shards_read_at = cycle_start
            for shard_id in shard_ids:
                shard = self._shards.get(shard_id)
                if shard is None:  # a shard that appeared later: read all of it
                    shard = self._shards[shard_id] = self._new_shard(
                        streams.get_shard_iterator(
                            StreamArn=arn, ShardId=shard_id, ShardIteratorType="TRIM_HORIZON"
                        )["ShardIterator"]
                    )
                busy |= self._poll_shard(streams, shard_id, shard)
            if busy:
                self._mark(index, None)
                lanes = [lane for s in self._shards.values() for lane in s.lanes]
                if any(lane.running for lane in lanes):
                    self._stop.wait(STREAM_POLL_INTERVAL_S / 10)  # lanes run on the pool
                elif any(lane.buffer for lane in lanes) and not any(lane.pending for lane in lanes):
                    self._stop.wait(STREAM_POLL_INTERVAL_S / 2)
            else:
                self._mark(index, cycle_start)
                if woken:
                    activity.wait(seen, STREAM_IDLE_WAIT_S)
                else:
                    self._stop.wait(STREAM_POLL_INTERVAL_S)

    def _poll_shard(self, streams: Any, shard_id: str, shard: _Shard) -> bool:
        """One pass over a shard: run what is pending, read, cut batches; True when busy."""
        lanes = shard.lanes
        if self._lanes_pool is None:  # one lane: the poller thread invokes
            lane = lanes[0]
            if lane.pending:
                self._process(shard_id, lane.pending)
                return True
            busy = self._read(streams, shard)
            if self._cut_batch(lane):
                self._process(shard_id, lane.pending)
                return True
            return busy or bool(lane.buffer)  # a buffer waits for the batching window
        busy = any(lane.running or lane.pending for lane in lanes)
        # A lane stuck on a slow batch must not starve the others, but buffers stay bounded.
        if all(len(lane.buffer) < LANE_BUFFER_BATCHES * self.mapping.batch_size for lane in lanes):
            busy |= self._read(streams, shard)
        for lane in lanes:
            if lane.running:
                continue
            finished, lane.in_flight = lane.in_flight, None
            if finished is not None:
                # What the lane's run raised (the endpoint failed) is raised here, once: the
                # batch is still pending, so the restarted poller retries it.
                finished.result()
            if lane.pending or self._cut_batch(lane):
                busy = True
                lane.in_flight = self._lanes_pool.submit(self._process, shard_id, lane.pending)
            elif lane.buffer:
                busy = True
        return busy

    def _read(self, streams: Any, shard: _Shard) -> bool:
        """Read new records of one shard into its lanes' buffers (filtered); True when any
        arrived."""
        if shard.iterator is None:  # a closed shard, read to its end
            return False
        room = self.mapping.batch_size
        if len(shard.lanes) == 1:  # one lane reads no further than its next batch
            room = max(1, room - len(shard.lanes[0].buffer))
        response = streams.get_records(ShardIterator=shard.iterator, Limit=min(room, 1000))
        shard.iterator = response.get("NextShardIterator")
        raw_records = response.get("Records", [])
        if not raw_records:
            return False
        kept = []
        for raw in raw_records:
            record = rules.dynamodb_event_record(raw, self.mapping.event_source_arn)
            if rules.matches_any(self.mapping.filter_patterns, record):
                kept.append(record)
        self._count(records_filtered=len(raw_records) - len(kept))
        for record in kept:
            lane = shard.lanes[rules.lane_for(record, self._partition_key, self._factor)]
            if not lane.buffer:
                lane.first_buffered = time.monotonic()
            lane.buffer.append(record)
        return True

    def _cut_batch(self, lane: _Lane) -> bool:
        """Move a batch from the buffer to the pending queue when the batching rules say so."""
        started = lane.first_buffered if lane.first_buffered is not None else time.monotonic()
        if not rules.batch_ready(
            count=len(lane.buffer),
            size_bytes=sum(len(json.dumps(record)) for record in lane.buffer),
            batch_size=self.mapping.batch_size,
            window_s=self.mapping.maximum_batching_window_s,
            waited_s=time.monotonic() - started,
        ):
            return False
        size = self.mapping.batch_size
        batch, lane.buffer = lane.buffer[:size], lane.buffer[size:]
        lane.first_buffered = time.monotonic() if lane.buffer else None
        lane.pending.append(StreamBatch(tuple(batch)))
        return True

    def _process(self, shard_id: str, pending: deque[StreamBatch]) -> None:
        """Run the batch at the head of the shard's queue once and apply the retry plan.

        The batch leaves the queue only once its outcome is applied, so an endpoint error
        (the destination unreachable, say) retries it instead of losing it.
        """
        expired, fresh = rules.split_expired(
            pending[0], self.clock(), self.mapping.maximum_record_age_s
        )
        if expired is not None:
            self._discard(shard_id, Discard(expired, "RecordAgeExceeded"))
            pending.popleft()
            if fresh is None:
                return
            pending.appendleft(fresh)
        batch = pending[0]
        if batch.retries:
            self._stop.wait(RETRY_BACKOFF_S[min(batch.retries - 1, len(RETRY_BACKOFF_S) - 1)])
        handed_at = self.clock()
        try:
            result, batch_result = self._invoke(list(batch.records))
        except Throttled:
            # A throttled batch never reached the function: retry, without using the quota.
            self._count(throttles=1)
            self._stop.wait(RETRY_BACKOFF_S[min(batch.invocations, len(RETRY_BACKOFF_S) - 1)])
            return
        if self.metrics is not None:  # the age of the batch's last record when it was handed over
            created = float(batch.records[-1]["dynamodb"]["ApproximateCreationDateTime"])
            self.metrics.iterator_age(self.mapping.function_name, (handed_at - created) * 1000.0)
        facts = InvocationFacts(request_id=result.request_id, function_error=result.function_error)
        plan = rules.plan_after(batch, batch_result, self.mapping, facts)
        for discard in plan.discard:
            self._discard(shard_id, discard)
        pending.popleft()
        # Retries go to the front, in order, so the shard stays ordered.
        for retry in reversed(plan.retry):
            pending.appendleft(retry)

    def _discard(self, shard_id: str, discard: Discard) -> None:
        self._count(records_discarded=len(discard.batch.records))
        destination = self.mapping.on_failure_destination
        log.warning(
            "%s: discarding %d stream records (%s)",
            self.mapping.function_name,
            len(discard.batch.records),
            discard.condition,
        )
        if destination is None:
            return
        record = rules.stream_failure_record(
            discard,
            function_arn=self.runtime.spec(self.mapping.function_name).arn,
            shard_id=shard_id,
            stream_arn=self.mapping.event_source_arn,
            request_id=str(uuid.uuid4()),
        )
        send_to_destination(self.endpoint_url, destination, record)


class SqsPoller(_Poller):
    """An SQS queue: one thread receives and filters batches, others invoke and delete.

    A single receiver forms the batches, so BatchSize and the batching window mean what they
    say; up to MaximumConcurrency (default 2) invocations run at once.
    """

    _attributes_client: Any = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._queue_url = queue_url_from_arn(self.mapping.event_source_arn, self.endpoint_url)
        self._batches: queue.Queue[list[dict[str, Any]]] = queue.Queue(maxsize=self.concurrency())

    def concurrency(self) -> int:
        return self.mapping.maximum_concurrency or DEFAULT_SQS_CONCURRENCY

    def thread_count(self) -> int:
        return 1 + self.concurrency()

    def run(self, index: int) -> None:
        sqs = client("sqs", self.endpoint_url)
        if index == 0:
            self._receive_loop(sqs)
        else:
            self._invoke_loop(index, sqs)

    def _receive_loop(self, sqs: Any) -> None:
        while not self._stop.is_set():
            cycle_start = time.monotonic()
            messages = self._gather(sqs, self._queue_url)
            if not messages:
                self._mark(0, cycle_start)
                continue
            self._mark(0, None)
            kept: list[dict[str, Any]] = []
            dropped: list[dict[str, Any]] = []
            for message in messages:
                record = rules.sqs_event_record(message, self.mapping.event_source_arn)
                matched = rules.matches_any(self.mapping.filter_patterns, record)
                (kept if matched else dropped).append(record)
            if dropped:  # filtered-out SQS messages are deleted, as in AWS
                self._count(records_filtered=len(dropped))
                self._delete(sqs, self._queue_url, dropped)
            while kept and not self._stop.is_set():
                with contextlib.suppress(queue.Full):
                    self._batches.put(kept, timeout=0.2)
                    break

    def _invoke_loop(self, index: int, sqs: Any) -> None:
        while not self._stop.is_set():
            cycle_start = time.monotonic()
            try:
                kept = self._batches.get(timeout=0.2)
            except queue.Empty:
                self._mark(index, cycle_start)
                continue
            self._mark(index, None)
            try:
                _, batch_result = self._invoke(kept)
            except Throttled:
                self._count(throttles=1)
                continue  # the messages come back after their visibility timeout
            if batch_result.outcome is Outcome.SUCCESS:
                self._delete(sqs, self._queue_url, kept)
            elif batch_result.outcome is Outcome.PARTIAL:
                self._delete(
                    sqs,
                    self._queue_url,
                    [r for r in kept if rules.record_id(r) not in batch_result.failed_ids],
                )
            # FAILED: nothing is deleted; the queue's visibility timeout and redrive take over.

    def _gather(self, sqs: Any, queue_url: str) -> list[dict[str, Any]]:
        """Receive up to BatchSize messages, waiting at most the batching window."""
        mapping = self.mapping
        messages: list[dict[str, Any]] = []
        started = time.monotonic()
        while not self._stop.is_set():
            waited = time.monotonic() - started
            remaining_window = mapping.maximum_batching_window_s - waited
            wait = SQS_WAIT_S if not messages else max(0, min(SQS_WAIT_S, remaining_window))
            response = sqs.receive_message(
                QueueUrl=queue_url,
                MaxNumberOfMessages=min(10, mapping.batch_size - len(messages)),
                WaitTimeSeconds=int(wait) if wait >= 1 else 0,
                AttributeNames=["All"],
                MessageSystemAttributeNames=["All"],
                MessageAttributeNames=["All"],
            )
            received = response.get("Messages", [])
            messages.extend(received)
            size = sum(len(m.get("Body", "")) for m in messages)
            if not messages:
                return []
            if rules.batch_ready(
                count=len(messages),
                size_bytes=size,
                batch_size=mapping.batch_size,
                window_s=mapping.maximum_batching_window_s,
                waited_s=time.monotonic() - started,
            ):
                return messages
            if not received:
                self._stop.wait(min(0.05, max(0.0, remaining_window)))
        return messages

    def _delete(self, sqs: Any, queue_url: str, records: Iterable[Mapping[str, Any]]) -> None:
        entries = [
            {"Id": str(i), "ReceiptHandle": r["receiptHandle"]} for i, r in enumerate(records)
        ]
        for start in range(0, len(entries), 10):
            response = sqs.delete_message_batch(
                QueueUrl=queue_url, Entries=entries[start : start + 10]
            )
            for failed in response.get("Failed", []):
                log.warning("could not delete SQS message %s: %s", failed["Id"], failed["Message"])

    def queue_quiet(self) -> bool:
        """No message waits or is in flight (used by drain)."""
        if self._attributes_client is None:
            self._attributes_client = client("sqs", self.endpoint_url)
        sqs = self._attributes_client
        attributes = sqs.get_queue_attributes(
            QueueUrl=self._queue_url,
            AttributeNames=["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"],
        )["Attributes"]
        return (
            int(attributes["ApproximateNumberOfMessages"]) == 0
            and int(attributes["ApproximateNumberOfMessagesNotVisible"]) == 0
        )


def queue_url_from_arn(arn: str, endpoint_url: str) -> str:
    """arn:aws:sqs:REGION:ACCOUNT:NAME -> the queue's URL on the endpoint."""
    _, _, _, _, account, name = arn.split(":", 5)
    return f"{endpoint_url.rstrip('/')}/{account}/{name}"


def send_to_destination(endpoint_url: str, destination: str, record: Mapping[str, Any]) -> None:
    """Deliver an on-failure record to an SQS queue or SNS topic ARN."""
    body = json.dumps(record)
    service = destination.split(":")[2]
    if service == "sqs":
        client("sqs", endpoint_url).send_message(
            QueueUrl=queue_url_from_arn(destination, endpoint_url), MessageBody=body
        )
    elif service == "sns":
        client("sns", endpoint_url).publish(TopicArn=destination, Message=body)
    else:
        raise rules.MappingError(f"on-failure destination {destination!r} is not SQS or SNS")


class EventSourceManager:
    """Every event-source mapping of the local cloud, each with its own poller thread(s)."""

    def __init__(
        self,
        runtime: Invoker,
        endpoint_url: str,
        *,
        clock: Callable[[], float] = time.time,
        metrics: Any = None,
    ) -> None:
        self.runtime = runtime
        self.endpoint_url = endpoint_url
        self.clock = clock
        self.metrics = metrics  # a MetricPublisher (stream mappings' IteratorAge)
        self._pollers: list[_Poller] = []
        self._started = False

    def add(self, mapping: EventSourceMapping) -> None:
        """Register a mapping; it starts polling now if the manager runs already."""
        if not mapping.enabled:
            log.info(
                "mapping %s -> %s is disabled", mapping.event_source_arn, mapping.function_name
            )
            return
        poller_type = StreamPoller if mapping.kind == rules.STREAM else SqsPoller
        poller = poller_type(mapping, self.runtime, self.endpoint_url, self.clock, self.metrics)
        self._pollers.append(poller)
        if self._started:
            poller.start()

    def start(self) -> None:
        self._started = True
        for poller in self._pollers:
            if not poller._threads:
                poller.start()

    def stop(self) -> None:
        self._started = False
        for poller in self._pollers:
            poller._stop.set()
        for poller in self._pollers:
            poller.stop()

    def mappings(self) -> list[EventSourceMapping]:
        return [poller.mapping for poller in self._pollers]

    def counters(self, function_name: str | None = None) -> dict[str, MappingCounters]:
        """Counters per event source ARN (optionally for one function)."""
        return {
            poller.mapping.event_source_arn: poller.counters
            for poller in self._pollers
            if function_name is None or poller.mapping.function_name == function_name
        }

    def drain(self, timeout_s: float) -> bool:
        """Wait until every source is idle (nothing buffered, pending or in flight)."""
        began = time.monotonic()
        deadline = began + timeout_s
        moto_patches.STREAM_ACTIVITY.notify()  # idle stream pollers look again now
        while time.monotonic() < deadline:
            if all(poller.idle_after(began) for poller in self._pollers) and all(
                poller.queue_quiet() for poller in self._pollers if isinstance(poller, SqsPoller)
            ):
                return True
            time.sleep(0.05)
        return False

    def __enter__(self) -> EventSourceManager:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        with contextlib.suppress(Exception):
            self.stop()
