"""A stream lane's buffer becomes batches by the batching rules, in order, at most BatchSize."""

from __future__ import annotations

import time

from emulation.event_sources.pollers import StreamPoller
from emulation.event_sources.pollers.streams import _Lane
from tests.unit.emulation.event_sources.builders import NoRuntime, mapping, stream_record


def _poller(**props: object) -> StreamPoller:
    return StreamPoller(
        mapping(**props), runtime=NoRuntime(), endpoint_url="http://127.0.0.1:1", clock=time.time
    )


def test_a_full_buffer_is_cut_into_batch_size_batches_in_order() -> None:
    poller = _poller(BatchSize=2, MaximumBatchingWindowInSeconds=60)
    lane = _Lane(buffer=[stream_record(n) for n in range(5)], first_buffered=time.monotonic())
    assert poller._cut_batch(lane)
    assert poller._cut_batch(lane)
    assert not poller._cut_batch(lane)  # one record left, and the window is still open
    sequences = [[r["dynamodb"]["SequenceNumber"] for r in b.records] for b in lane.pending]
    assert sequences == [["0", "1"], ["2", "3"]]
    assert len(lane.buffer) == 1


def test_a_closed_window_sends_what_is_buffered() -> None:
    poller = _poller(BatchSize=100, MaximumBatchingWindowInSeconds=1)
    lane = _Lane(buffer=[stream_record(1)], first_buffered=time.monotonic() - 2)
    assert poller._cut_batch(lane)
    assert [len(b.records) for b in lane.pending] == [1]
    assert lane.buffer == [] and lane.first_buffered is None


def test_an_empty_lane_cuts_nothing() -> None:
    assert not _poller()._cut_batch(_Lane())
