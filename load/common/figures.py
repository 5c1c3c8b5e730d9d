"""The figures a benchmark reports, pure: percentiles, per-stage summaries and their checks,
the API against its floor, CPU per request, and results/*.json written atomically."""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


def percentile(values: Sequence[float], q: float) -> float:
    """The q-quantile (0..1) by linear interpolation between closest ranks; 0.0 when empty."""
    if not 0.0 <= q <= 1.0:
        raise ValueError(f"q must be within 0..1, got {q}")
    if not values:
        return 0.0
    ordered = sorted(values)
    position = q * (len(ordered) - 1)
    low = math.floor(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


@dataclass
class RouteSamples:
    """What one route did during one stage: every latency (ms, failures included, as Locust
    counts them) and the failures by reason."""

    latencies_ms: list[float] = field(default_factory=list)
    failures: dict[str, int] = field(default_factory=dict)

    def add(self, latency_ms: float, failure: str | None) -> None:
        self.latencies_ms.append(latency_ms)
        if failure is not None:
            self.failures[failure] = self.failures.get(failure, 0) + 1


def figures(latencies_ms: Sequence[float], failures: int, duration_s: float) -> dict[str, Any]:
    """Request count, failures, achieved rate and p50/p95/p99 of one route or stage."""
    if duration_s <= 0:
        raise ValueError(f"duration_s must be > 0, got {duration_s}")
    return {
        "requests": len(latencies_ms),
        "failures": failures,
        "achieved_rps": round(len(latencies_ms) / duration_s, 2),
        "p50_ms": round(percentile(latencies_ms, 0.50), 2),
        "p95_ms": round(percentile(latencies_ms, 0.95), 2),
        "p99_ms": round(percentile(latencies_ms, 0.99), 2),
    }


def stage_summary(
    target_rps: int, duration_s: float, routes: Mapping[str, RouteSamples]
) -> dict[str, Any]:
    """One stage in results/load.json's shape: totals over every route, then each route."""
    everything = [ms for samples in routes.values() for ms in samples.latencies_ms]
    failed = sum(sum(s.failures.values()) for s in routes.values())
    errors: dict[str, int] = {}
    for samples in routes.values():
        for reason, count in samples.failures.items():
            errors[reason] = errors.get(reason, 0) + count
    return {
        "target_rps": target_rps,
        **figures(everything, failed, duration_s),
        "duration_s": round(duration_s, 3),
        "routes": {
            route: figures(s.latencies_ms, sum(s.failures.values()), duration_s)
            for route, s in sorted(routes.items())
        },
        "errors": dict(sorted(errors.items(), key=lambda kv: -kv[1])),
    }


def check_stage(
    stage: Mapping[str, Any], *, max_p95_ms: float, max_floor_ratio: float | None = None
) -> list[str]:
    """Why a stage misses its target (p95, zero failures and, when given, API p95 / floor p95);
    empty when it meets it. A stage measured without its floor cannot meet a ratio target."""
    misses = []
    if stage["requests"] == 0:
        misses.append(f"{stage['target_rps']}/s: no request completed")
    if stage["failures"]:
        misses.append(f"{stage['target_rps']}/s: {stage['failures']} failures (target 0)")
    if stage["p95_ms"] > max_p95_ms:
        misses.append(f"{stage['target_rps']}/s: p95 {stage['p95_ms']} ms > {max_p95_ms} ms")
    if max_floor_ratio is not None:
        ratio = (stage.get("vs_floor") or {}).get("p95")
        if ratio is None:
            misses.append(f"{stage['target_rps']}/s: no floor measured for the p95 ratio")
        elif ratio > max_floor_ratio:
            misses.append(
                f"{stage['target_rps']}/s: API p95 / floor p95 {ratio} > {max_floor_ratio}"
            )
    return misses


def ratio(api: float, floor: float) -> float | None:
    """api / floor, rounded; None when the floor is not a positive figure."""
    return round(api / floor, 2) if floor > 0 else None


def versus_floor(api: Mapping[str, Any], floor: Mapping[str, Any]) -> dict[str, Any]:
    """How far the API is from the parts underneath at the same rate: API / floor for p50,
    p95 and p99 over the stage, and the p95 ratio of each route both measured."""
    return {
        "p50": ratio(api["p50_ms"], floor["p50_ms"]),
        "p95": ratio(api["p95_ms"], floor["p95_ms"]),
        "p99": ratio(api["p99_ms"], floor["p99_ms"]),
        "routes_p95": {
            route: ratio(figs["p95_ms"], floor["routes"][route]["p95_ms"])
            for route, figs in sorted(api.get("routes", {}).items())
            if route in floor.get("routes", {})
        },
    }


# The parts CPU is reported for: the Lambda workers, the local cloud's own process (gateway,
# Lambda runtime, moto, log shipping: threads of one process) and the OpenSearch node.
CPU_PARTS = ("lambda_workers", "local_cloud", "opensearch")


def cpu_per_request(parts_s: Mapping[str, float], requests: int) -> dict[str, float | None]:
    """CPU milliseconds per completed request of each part, and their total; None for every
    part when nothing completed (a figure per request needs a request)."""
    keys = (*CPU_PARTS, *sorted(set(parts_s) - set(CPU_PARTS)), "total")
    if requests <= 0:
        return dict.fromkeys(keys)
    spent = {part: parts_s.get(part, 0.0) for part in keys[:-1]}
    spent["total"] = sum(spent.values())
    return {part: round(seconds * 1000.0 / requests, 2) for part, seconds in spent.items()}


def parse_rates(text: str) -> list[int]:
    """`100,200` -> [100, 200]; every rate a positive integer."""
    rates = []
    for part in text.split(","):
        try:
            rate = int(part.strip())
        except ValueError:
            raise ValueError(f"--rates: {part.strip()!r} is not an integer") from None
        if rate <= 0:
            raise ValueError(f"--rates: {rate} must be > 0")
        rates.append(rate)
    if not rates:
        raise ValueError("--rates: give at least one rate")
    return rates


def latency_summary(seconds: Sequence[float]) -> dict[str, float]:
    """p50/p95/p99/max of latencies in seconds (freshness; issue 18 sets its target on p99)."""
    return {
        "p50_s": round(percentile(seconds, 0.50), 3),
        "p95_s": round(percentile(seconds, 0.95), 3),
        "p99_s": round(percentile(seconds, 0.99), 3),
        "max_s": round(max(seconds), 3) if seconds else 0.0,
    }


def write_result(path: Path, document: Mapping[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
    tmp.replace(path)
