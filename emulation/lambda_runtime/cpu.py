"""How many of this machine's cores were idle a moment ago: what the pool's scaling rule asks
before it starts another container (`semantics.grow_at`).

AWS starts a container on capacity that sits idle; here a cold start takes half a second of CPU
from the same few cores the warm containers, moto and the search node use. `SpareCores` reads
the kernel's CPU counters (/proc/stat) every `interval_s` in one background thread and keeps
the idle cores of the last interval. Where /proc/stat cannot be read it reports every core idle,
so the rule falls back to the waits alone.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

PROC_STAT = Path("/proc/stat")


def read_cpu_times(path: Path = PROC_STAT) -> tuple[int, int] | None:
    """(idle, total) jiffies of all cores together, or None when unreadable."""
    try:
        with path.open(encoding="ascii") as stat:
            fields = stat.readline().split()
    except OSError:
        return None
    if not fields or fields[0] != "cpu":
        return None
    values = [int(v) for v in fields[1:]]
    idle = values[3] + (values[4] if len(values) > 4 else 0)  # idle + iowait
    total = sum(values[:8])  # user..steal; guest time is already inside user
    return idle, total


def idle_cores(
    before: tuple[int, int] | None, after: tuple[int, int] | None, cores: int
) -> float | None:
    """Idle cores between two readings (0 .. cores), or None when they say nothing."""
    if before is None or after is None:
        return None
    spent = after[1] - before[1]
    if spent <= 0:
        return None
    return cores * max(0.0, min(1.0, (after[0] - before[0]) / spent))


class SpareCores:
    """The idle cores of the last `interval_s`, sampled by one daemon thread."""

    def __init__(self, interval_s: float = 0.2, path: Path = PROC_STAT) -> None:
        self.interval_s = interval_s
        self.path = path
        self.cores = os.cpu_count() or 1
        self._idle: float = float(self.cores)
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    def idle(self) -> float:
        """Idle cores over the last interval (all of them before the first reading)."""
        self._ensure_started()
        return self._idle

    def _ensure_started(self) -> None:
        if self._thread is not None:
            return
        with self._lock:
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="spare-cores", daemon=True)
                self._thread.start()

    def _run(self) -> None:
        before = read_cpu_times(self.path)
        while not self._stop.wait(self.interval_s):
            after = read_cpu_times(self.path)
            measured = idle_cores(before, after, self.cores)
            if measured is not None:
                self._idle = measured
            before = after

    def stop(self) -> None:
        self._stop.set()
