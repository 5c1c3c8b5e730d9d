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
from dataclasses import dataclass, field, replace
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

    def cloud_threads(self, top: int | None = 12) -> dict[str, float]:
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
    at: float


class RobotsRules(Protocol):
    def crawl_delay(self, useragent: str) -> float | None: ...


class HostRules(Protocol):
    def serves(self, host: str) -> bool: ...
    def robots(self, host: str) -> RobotsRules: ...


@dataclass(frozen=True)
class Phase:
    """A stretch of the run in which site requests are made `concurrency` hosts at once, in
    the clock of the world's request records (`RequestLike.at`)."""

    name: str
    start: float
    end: float
    concurrency: int


@dataclass(frozen=True)
class PhaseFloor:
    seconds: float
    busiest_host_s: float
    host_seconds: float
    concurrency: int
    hosts: int
    requests: int

    def as_dict(self) -> dict[str, Any]:
        return {
            "seconds": round(self.seconds, 1),
            "busiest_host_s": round(self.busiest_host_s, 1),
            "host_seconds": round(self.host_seconds, 1),
            "concurrency": self.concurrency,
            "hosts": self.hosts,
            "requests": self.requests,
        }


@dataclass(frozen=True)
class Floor:
    """The shortest wall time the hosts' politeness allows for the requests a run made: per
    phase (phases run one after the other: the scrapers start when the studio Map is done),
    the longer of its busiest host's time and all its hosts' time over its concurrency."""

    seconds: float
    busiest_host_s: float
    host_seconds: float  # every host's (requests - 1) x its delay, summed over the phases
    concurrency: int
    hosts: int
    phases: Mapping[str, PhaseFloor] = field(default_factory=dict)
    gate_seconds: float | None = None  # the same with the host gate's own spacing

    def as_dict(self, studios: int, wall_s: float) -> dict[str, Any]:
        per_hour = studios / self.seconds * 3600 if self.seconds else None
        gate = self.gate_seconds
        return {
            "seconds": round(self.seconds, 1),
            "studios_per_hour": round(per_hour, 1) if per_hour else None,
            "measured_over_floor": round(wall_s / self.seconds, 2) if self.seconds else None,
            "busiest_host_s": round(self.busiest_host_s, 1),
            "host_seconds": round(self.host_seconds, 1),
            "concurrency": self.concurrency,
            "hosts": self.hosts,
            "phases": {name: phase.as_dict() for name, phase in self.phases.items()},
            "at_gate_spacing": {
                "seconds": round(gate, 1),
                "studios_per_hour": round(studios / gate * 3600, 1),
                "spacing_margin_s": GATE_MARGIN_S,
            }
            if gate
            else None,
            "definition": (
                "the sum over the run's phases that read sites (the studio Map's find-artists, "
                "then the scraper tasks; requests outside both count in `other`) of "
                "max(the phase's busiest host's time, every host's time / the phase's "
                "concurrency), a host's time being (its requests - 1) x max(1 s, its "
                "Crawl-delay): the politeness limit alone, with no time for fetching, parsing, "
                "queues or the state machine's other steps. `at_gate_spacing`: the same with the "
                "shared host gate's spacing (the delay plus its arrival margin, counted from the "
                "end of the previous reply, so a real floor is higher still)"
            ),
        }


# compute.adapters.politeness.ARRIVAL_MARGIN_S: the host gate spaces requests by the delay plus
# this (emulation reads the figure, it does not import the adapter).
GATE_MARGIN_S = 0.2


def _phase_floor(
    world: HostRules,
    records: Iterable[RequestLike],
    concurrency: int,
    min_delay_s: float,
    margin_s: float,
) -> PhaseFloor:
    counts: Counter[str] = Counter()
    agents: dict[str, str] = {}
    for record in records:
        counts[record.host] += 1
        agents.setdefault(record.host, record.user_agent)
    host_time: Mapping[str, float] = {
        host: (count - 1)
        * (max(min_delay_s, world.robots(host).crawl_delay(agents[host]) or 0.0) + margin_s)
        for host, count in counts.items()
    }
    total = sum(host_time.values())
    busiest = max(host_time.values(), default=0.0)
    return PhaseFloor(
        seconds=max(busiest, total / max(1, concurrency)),
        busiest_host_s=busiest,
        host_seconds=total,
        concurrency=concurrency,
        hosts=len(counts),
        requests=sum(counts.values()),
    )


def politeness_floor(
    world: HostRules,
    records: Iterable[RequestLike],
    concurrency: int,
    min_delay_s: float = 1.0,
    phases: Iterable[Phase] = (),
    margin_s: float = 0.0,
) -> Floor:
    """The politeness floor of the requests the world's hosts received (see `Floor`): each
    request counted in the phase it arrived in (`concurrency` for those in none)."""
    spans = sorted(phases, key=lambda p: p.start)
    grouped: dict[str, list[RequestLike]] = {p.name: [] for p in spans}
    hosts: set[str] = set()
    for record in records:
        if not world.serves(record.host):
            continue
        hosts.add(record.host)
        at = getattr(record, "at", None)
        phase = next((p.name for p in spans if at is not None and p.start <= at <= p.end), "other")
        grouped.setdefault(phase, []).append(record)
    limits = {p.name: p.concurrency for p in spans}
    by_phase = {
        name: _phase_floor(world, hits, limits.get(name, concurrency), min_delay_s, margin_s)
        for name, hits in grouped.items()
        if hits or name in limits
    }
    return Floor(
        seconds=sum(p.seconds for p in by_phase.values()),
        busiest_host_s=max((p.busiest_host_s for p in by_phase.values()), default=0.0),
        host_seconds=sum(p.host_seconds for p in by_phase.values()),
        concurrency=concurrency,
        hosts=len(hosts),
        phases=by_phase,
    )


def run_floor(
    world: HostRules,
    records: Iterable[RequestLike],
    concurrency: int,
    phases: Iterable[Phase] = (),
    min_delay_s: float = 1.0,
) -> Floor:
    """The politeness floor (`politeness_floor`) with its figure at the host gate's spacing."""
    chosen, spans = list(records), list(phases)
    floor = politeness_floor(world, chosen, concurrency, min_delay_s, spans)
    gate = politeness_floor(world, chosen, concurrency, min_delay_s, spans, GATE_MARGIN_S)
    return replace(floor, gate_seconds=gate.seconds)


# Parts whose CPU is not the system's: the world plays the web; the meter is this run's own
# sampling of every process's CPU and memory (its thread in the cloud's process).
NOT_THE_SYSTEM = ("world", "meter")
METER_THREAD = "rss-sampler"  # readings.MemorySampler's thread


def cpu_figures(
    by_part: Mapping[str, float], studios: int, cores: int, meter_s: float = 0.0
) -> dict[str, Any]:
    """The run's CPU by part, per studio, and the throughput this machine's cores would allow
    at that CPU per studio (the world, which plays the web, is not counted; nor the meter:
    `meter_s`, the sampling thread's CPU, is taken out of the local cloud's process)."""
    parts = dict(by_part)
    if meter_s:
        parts["local_cloud"] = round(parts.get("local_cloud", 0.0) - meter_s, 1)
        parts["meter"] = round(meter_s, 1)
    system = sum(seconds for part, seconds in parts.items() if part not in NOT_THE_SYSTEM)
    per_studio = system / studios if studios else None
    return {
        "by_part": dict(sorted(parts.items(), key=lambda item: -item[1])),
        "system_total": round(system, 1),
        "per_studio": round(per_studio, 3) if per_studio else None,
        "cores": cores,
        "cpu_bound_studios_per_hour": round(cores * 3600 / per_studio, 1) if per_studio else None,
    }
