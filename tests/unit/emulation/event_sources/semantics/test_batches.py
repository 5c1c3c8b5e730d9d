"""When a batch is invoked, which lane a stream record joins, and how a function's response is
read."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from emulation.event_sources.semantics.batches import (
    BatchResult,
    Outcome,
    batch_ready,
    lane_for,
    read_response,
)
from tests.unit.emulation.event_sources.builders import stream_record


def test_batch_ready() -> None:
    assert not batch_ready(count=0, size_bytes=0, batch_size=10, window_s=0, waited_s=5)
    assert batch_ready(count=1, size_bytes=10, batch_size=10, window_s=0, waited_s=0)
    assert not batch_ready(count=3, size_bytes=10, batch_size=10, window_s=2, waited_s=1)
    assert batch_ready(count=3, size_bytes=10, batch_size=10, window_s=2, waited_s=2)
    assert batch_ready(count=10, size_bytes=10, batch_size=10, window_s=2, waited_s=0)


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
