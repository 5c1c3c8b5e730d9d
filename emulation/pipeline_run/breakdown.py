"""Where a pipeline run's CPU goes, and how fast politeness would let it go at best.

`CpuByPart` samples the CPU time of the run's process tree by part (the local cloud's own
process, by thread; Lambda workers; scraper tasks; the browser, Chromium and Playwright's
driver; OpenSearch; the world that plays the web). `politeness_floor` estimates the shortest
wall time the world's hosts allow: each host's requests spaced by max(1 s, its Crawl-delay), at
most `concurrency` hosts worked at once. Both are written into results/pipeline*.json beside
the measured throughput, so a figure can be read against what the parts underneath allow.
"""

from __future__ import annotations

import threading
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from emulation.thread_cpu import thread_group

# A process's part, from its command line (first match wins).
PARTS: tuple[tuple[str, str], ...] = (
    ("lambda_worker.py", "lambda_workers"),
    ("compute.scraper", "scraper_tasks"),
    ("emulation.world", "world"),
    ("org.opensearch", "opensearch"),
    ("chrom", "browser"),
    ("playwright", "browser"),  # Playwright's Node.js driver, which drives Chromium
)


def part_of(cmdline: Iterable[str], name: str) -> str:
    """The part a child process belongs to, from its command line and process name."""
    text = " ".join(cmdline) + " " + name
    for needle, part in PARTS:
        if needle in text:
            return part
    return "other"


class CpuByPart:
    """CPU seconds of this process (by thread group) and of its descendants (by part) between
    `start` and the last `sample`. A child that exits between two samples loses the CPU it used
    since the earlier one (samples every 0.5 s keep that small)."""

    def __init__(self) -> None:
        import psutil

        self._root = psutil.Process()
        self._first: dict[int, float] = {}  # pid -> CPU seconds when first seen (0 if born later)
        self._last: dict[int, tuple[str, float]] = {}  # pid -> (part, CPU seconds last seen)
        self._other_names: dict[int, str] = {}  # what an unclassified process is, for the report
        self._threads_first: dict[int, float] = {}
        self._threads_last: dict[int, float] = {}
        self._thread_names: dict[int, str] = {}
        self._lock = threading.Lock()
        self._started = False

    def sample(self, processes: Iterable[Any]) -> None:
        """Read the CPU times of `processes` (psutil.Process objects, the root among them)."""
        import psutil

        with self._lock:
            for process in processes:
                try:
                    times = process.cpu_times()
                    if process.pid == self._root.pid:
                        self._sample_threads(process)
                        part = "local_cloud"
                    elif self._last.get(process.pid, ("other",))[0] != "other":
                        part = self._last[process.pid][0]
                    else:  # asked again while unclaimed: a shell may exec what it started
                        part = part_of(process.cmdline(), process.name())
                        if part == "other":
                            self._other_names[process.pid] = process.name()
                        else:
                            self._other_names.pop(process.pid, None)
                except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
                    continue
                used = times.user + times.system
                self._first.setdefault(process.pid, used if not self._started else 0.0)
                self._last[process.pid] = (part, used)
            self._started = True

    def _sample_threads(self, process: Any) -> None:
        names = {t.native_id: t.name for t in threading.enumerate() if t.native_id is not None}
        for thread in process.threads():
            used = thread.user_time + thread.system_time
            self._threads_first.setdefault(thread.id, used if not self._started else 0.0)
            self._threads_last[thread.id] = used
            if thread.id in names:
                self._thread_names[thread.id] = names[thread.id]

    def part(self, pid: int) -> str:
        """The part a sampled process was put in (the root is the local cloud)."""
        with self._lock:
            return self._last.get(pid, ("other",))[0]

    def restart(self) -> None:
        """Count from now on: what every known process and thread used so far is left out
        (the local cloud's start, OpenSearch's JVM start-up)."""
        with self._lock:
            self._first.update({pid: used for pid, (_, used) in self._last.items()})
            self._threads_first.update(self._threads_last)

    def by_part(self) -> dict[str, float]:
        """CPU seconds per part since the first sample."""
        with self._lock:
            totals: defaultdict[str, float] = defaultdict(float)
            for pid, (part, used) in self._last.items():
                totals[part] += used - self._first.get(pid, 0.0)
            return _ranked(totals)

    def others(self, top: int = 5) -> dict[str, float]:
        """CPU seconds of the processes no part claims, by process name."""
        with self._lock:
            totals: defaultdict[str, float] = defaultdict(float)
            for pid, name in self._other_names.items():
                used = self._last[pid][1]
                totals[name] += used - self._first.get(pid, 0.0)
            return {n: s for n, s in _ranked(totals, top).items() if s > 0}

    def cloud_threads(self, top: int = 12) -> dict[str, float]:
        """CPU seconds of the local cloud's own process per thread group (the busiest first)."""
        with self._lock:
            totals: defaultdict[str, float] = defaultdict(float)
            for tid, used in self._threads_last.items():
                group = thread_group(self._thread_names.get(tid, "unnamed (native)"))
                totals[group] += used - self._threads_first.get(tid, 0.0)
            return _ranked(totals, top)


def _ranked(totals: Mapping[str, float], top: int | None = None) -> dict[str, float]:
    ranked = sorted(totals.items(), key=lambda item: -item[1])[:top]
    return {name: round(seconds, 1) for name, seconds in ranked}


class RequestLike(Protocol):
    host: str
    user_agent: str


class RobotsRules(Protocol):
    def crawl_delay(self, useragent: str) -> float | None: ...


class HostRules(Protocol):
    def serves(self, host: str) -> bool: ...
    def robots(self, host: str) -> RobotsRules: ...


@dataclass(frozen=True)
class Floor:
    """The shortest wall time the hosts' politeness allows for the requests a run made."""

    seconds: float
    busiest_host_s: float
    host_seconds: float  # every host's (requests - 1) x its delay, summed
    concurrency: int
    hosts: int

    def as_dict(self, studios: int, wall_s: float) -> dict[str, Any]:
        per_hour = studios / self.seconds * 3600 if self.seconds else None
        return {
            "seconds": round(self.seconds, 1),
            "studios_per_hour": round(per_hour, 1) if per_hour else None,
            "measured_over_floor": round(wall_s / self.seconds, 2) if self.seconds else None,
            "busiest_host_s": round(self.busiest_host_s, 1),
            "host_seconds": round(self.host_seconds, 1),
            "concurrency": self.concurrency,
            "hosts": self.hosts,
            "definition": (
                "max(busiest host's time, every host's time / concurrency), a host's time being "
                "(its requests - 1) x max(1 s, its Crawl-delay): the politeness limit alone, with "
                "no time for fetching, parsing, queues or the state machine's other steps"
            ),
        }


def politeness_floor(
    world: HostRules,
    records: Iterable[RequestLike],
    concurrency: int,
    min_delay_s: float = 1.0,
) -> Floor:
    """The politeness floor of the requests the world's hosts received (see `Floor`)."""
    counts: Counter[str] = Counter()
    agents: dict[str, str] = {}
    for record in records:
        if world.serves(record.host):
            counts[record.host] += 1
            agents.setdefault(record.host, record.user_agent)
    host_time: Mapping[str, float] = {
        host: (count - 1) * max(min_delay_s, world.robots(host).crawl_delay(agents[host]) or 0.0)
        for host, count in counts.items()
    }
    total = sum(host_time.values())
    busiest = max(host_time.values(), default=0.0)
    return Floor(
        seconds=max(busiest, total / max(1, concurrency)),
        busiest_host_s=busiest,
        host_seconds=total,
        concurrency=concurrency,
        hosts=len(counts),
    )


def cpu_figures(by_part: Mapping[str, float], studios: int, cores: int) -> dict[str, Any]:
    """The run's CPU by part, per studio, and the throughput this machine's cores would allow
    at that CPU per studio (the world, which plays the web, is not counted)."""
    system = sum(seconds for part, seconds in by_part.items() if part != "world")
    per_studio = system / studios if studios else None
    return {
        "by_part": dict(by_part),
        "system_total": round(system, 1),
        "per_studio": round(per_studio, 3) if per_studio else None,
        "cores": cores,
        "cpu_bound_studios_per_hour": round(cores * 3600 / per_studio, 1) if per_studio else None,
    }
