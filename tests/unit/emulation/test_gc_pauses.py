"""GcPauses: every collection counted by generation, the survivors of a full one frozen so the
next full collection walks only what is new, and a stage's full collections picked by time."""

from __future__ import annotations

import gc
import time
from collections.abc import Iterator

import pytest

from emulation.gc_pauses import GcPauses, freeze_wanted, full_pauses_between


@pytest.fixture
def unfrozen() -> Iterator[None]:
    gc.unfreeze()
    try:
        yield
    finally:
        gc.unfreeze()  # the test process's objects go back to being collected


@pytest.mark.parametrize("freeze", [True, False])
def test_a_full_collection_is_counted_and_its_survivors_frozen_only_when_asked(
    unfrozen: None, freeze: bool
) -> None:
    pauses = GcPauses(freeze=freeze).install()
    kept = [[n] for n in range(10_000)]  # survivors
    try:
        before = time.monotonic()
        gc.collect()
        after = time.monotonic()
    finally:
        pauses.uninstall()
    snapshot = pauses.snapshot()
    # gc.collect's own, and any automatic one that landed in the window
    assert snapshot["collections"][2] >= 1 and len(snapshot["full"]) == snapshot["collections"][2]
    assert snapshot["pause_s"][2] > 0 and snapshot["max_ms"][2] >= 0
    at, took = snapshot["full"][-1]
    assert before - 0.001 <= at <= after + 0.001 and took > 0  # rounded to the millisecond
    if freeze:
        assert gc.get_freeze_count() >= len(kept) == 10_000
        assert snapshot["frozen_objects"] >= len(kept)
    else:
        assert gc.get_freeze_count() == 0 and snapshot["frozen_objects"] == 0


def test_an_uninstalled_recorder_sees_nothing(unfrozen: None) -> None:
    pauses = GcPauses().install()
    pauses.uninstall()
    gc.collect()
    assert pauses.snapshot()["collections"] == [0, 0, 0]
    assert gc.get_freeze_count() == 0


def test_a_stage_gets_the_full_collections_inside_its_window() -> None:
    snapshot = {"full": [[10.0, 0.2], [15.0, 0.5], [21.0, 0.1], [30.0, 0.9]]}
    assert full_pauses_between(snapshot, 12.0, 25.0) == {
        "full_collections": 2,
        "full_pause_ms": 600.0,
        "longest_full_ms": 500.0,
    }
    assert full_pauses_between({}, 0.0, 1.0)["full_collections"] == 0


@pytest.mark.parametrize(
    ("value", "wanted"), [(None, True), ("1", True), ("0", False), ("off", False), ("no", False)]
)
def test_freezing_is_on_unless_the_environment_turns_it_off(
    value: str | None, wanted: bool
) -> None:
    env = {} if value is None else {"LOCAL_CLOUD_GC_FREEZE": value}
    assert freeze_wanted(env) is wanted
