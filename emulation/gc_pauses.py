"""The garbage collector of a long-running local cloud: its pauses kept short, and counted.

moto keeps every table item, stream record and metric of the cloud as Python objects in the
cloud's own process, where the API gateway also runs: 10,000 seeded artists are about 1.5
million objects, and CPython's full (generation 2) collection walks every one of them (0.5-1.4 s
on this machine) about every 25 s under 100 requests/s, while every request in flight waits.
That was the 100/s stage's p99 of 400-540 ms in `nox -s load`.

`GcPauses.install(freeze=True)` freezes (`gc.freeze()`) what survives each full collection, so
the next one walks only what was allocated since; and it times every collection, for the
control server's `/gc` and the load report. The cost: an object that survived a full
collection and later becomes part of an unreachable reference cycle is never freed (reference
counting still frees everything else); for a local cloud that is memory, not correctness.
`LOCAL_CLOUD_GC_FREEZE=0` turns the freezing off (the pauses are still counted), to compare.
"""

from __future__ import annotations

import gc
import os
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from typing import Any

FREEZE_ENV = "LOCAL_CLOUD_GC_FREEZE"
RECENT = 500  # full collections remembered with their times, for per-stage figures


def freeze_wanted(env: dict[str, str] | None = None) -> bool:
    value = (os.environ if env is None else env).get(FREEZE_ENV, "1").strip().lower()
    return value not in {"0", "false", "no", "off"}


@dataclass
class GcPauses:
    """Every collection's pause in this process, by generation; full ones also by time."""

    freeze: bool = True
    counts: list[int] = field(default_factory=lambda: [0, 0, 0])
    pause_s: list[float] = field(default_factory=lambda: [0.0, 0.0, 0.0])
    max_s: list[float] = field(default_factory=lambda: [0.0, 0.0, 0.0])
    full: deque[tuple[float, float]] = field(default_factory=lambda: deque(maxlen=RECENT))
    _started: float | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def install(self) -> GcPauses:
        gc.callbacks.append(self._on_gc)
        return self

    def uninstall(self) -> None:
        if self._on_gc in gc.callbacks:
            gc.callbacks.remove(self._on_gc)

    def _on_gc(self, phase: str, info: dict[str, Any]) -> None:
        # Runs inside the collector, holding the GIL: record only, allocate little.
        if phase == "start":
            self._started = time.perf_counter()
            return
        if self._started is None:
            return
        took = time.perf_counter() - self._started
        self._started = None
        generation = int(info.get("generation", 0))
        with self._lock:
            self.counts[generation] += 1
            self.pause_s[generation] += took
            self.max_s[generation] = max(self.max_s[generation], took)
            if generation == 2:
                self.full.append((time.monotonic(), took))
        if generation == 2 and self.freeze:
            gc.freeze()  # the survivors of this full collection are never walked again

    def snapshot(self) -> dict[str, Any]:
        """JSON-ready: counts, seconds and the longest pause per generation, the objects frozen
        so far, and the recent full collections as [monotonic end time, seconds]."""
        with self._lock:
            return {
                "freeze": self.freeze,
                "collections": list(self.counts),
                "pause_s": [round(s, 4) for s in self.pause_s],
                "max_ms": [round(s * 1000, 1) for s in self.max_s],
                # Counted here, not in the callback: get_freeze_count() walks every frozen
                # object (1.7 million with 10,000 artists), and at exit the interpreter's
                # collections ran it until `stop` took most of a minute.
                "frozen_objects": gc.get_freeze_count() if self.freeze else 0,
                "full": [[round(at, 3), round(s, 4)] for at, s in self.full],
            }


def full_pauses_between(snapshot: dict[str, Any], began: float, ended: float) -> dict[str, Any]:
    """The full collections a snapshot saw between two monotonic times: count, sum, longest."""
    pauses = [s for at, s in snapshot.get("full", []) if began <= at <= ended]
    return {
        "full_collections": len(pauses),
        "full_pause_ms": round(sum(pauses) * 1000, 1),
        "longest_full_ms": round(max(pauses, default=0.0) * 1000, 1),
    }
