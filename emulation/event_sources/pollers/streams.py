"""The DynamoDB-stream poller: every shard in order, its records spread over the mapping's
ParallelizationFactor lanes, one batch in flight per lane, retried by the stream retry plan."""

from __future__ import annotations

import json
import logging
import time
import uuid
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from emulation import moto_patches
from emulation.aws import client
from emulation.event_sources import semantics as rules
from emulation.event_sources.pollers.base import RETRY_BACKOFF_S, Poller
from emulation.event_sources.pollers.destinations import send_to_destination
from emulation.event_sources.semantics import Discard, InvocationFacts, StreamBatch
from emulation.lambda_runtime import Throttled

log = logging.getLogger(__name__)
STREAM_POLL_INTERVAL_S = 0.1
# An idle stream on this process's moto is read again when a record arrives, or after this.
STREAM_IDLE_WAIT_S = 1.0
SHARD_REFRESH_S = 2.0
LANE_BUFFER_BATCHES = 4  # with ParallelizationFactor > 1: records a lane may hold, in batches


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


class StreamPoller(Poller):
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
