"""`nox -s sizing`: each function's memory and duration under its realistic workload, and the
memory size that workload calls for.

    python -m load.sizing                     # 40 studios, 2,000 artists, 2,000 API requests
    python -m load.sizing --write             # also record the peaks in infra/function_sizes.json

Workloads, on the local cloud (each function runs in the local Lambda runtime, which reports
Lambda's `REPORT ... Max Memory Used` for every invocation):
- the aggregation on a synthetic world (`compute-local pipeline`): discover-studios,
  find-artists, validate-artists, queue-scraping, summarize, and the sync on what it writes;
- the sync on stream batches of seeded artists;
- the API under the load test's request mix;
- rotate-egress-ip through its schedule rule (a blue/green swap on moto's EC2).

How a size is recommended (the reasoning of AWS Lambda Power Tuning, without its sweep): Lambda
gives CPU in proportion to memory (1,769 MB is one vCPU), and the bill is duration x memory.
For a function that waits (on a site's politeness delay, OpenSearch, EC2), duration does not
shrink with CPU, so the cheapest size is the smallest that holds its peak with a margin. For a
function whose calls are CPU work (the API's JSON and validation), duration shrinks as memory
grows until about one vCPU, so duration x memory stays roughly flat and its latency decides:
keep the size that meets the latency target, never below the peak with its margin.
`infra/function_sizes.json` says which kind each function is; the stack reads its sizes there.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import json
import math
import random
import re
import subprocess
import sys
import tempfile
import urllib.parse
from collections import defaultdict
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from emulation.credentials import use_fake_aws
from load.common.cloud import Cloud, http_json, seed_and_wait, start_cloud
from load.common.figures import percentile, write_result
from load.common.mix import MIX, workload
from load.common.paths import DEFAULT_ASSEMBLY, RESULTS, ROOT

SIZES_FILE = ROOT / "infra" / "function_sizes.json"
MARGIN = 1.25  # a configured size must hold the measured peak plus a quarter
RUNTIME_OVERHEAD_MB = 64  # what the Lambda sandbox adds that a local worker does not count
REPORT = re.compile(
    r"REPORT RequestId: \S+\tDuration: (?P<duration>[\d.]+) ms.*?"
    r"Max Memory Used: (?P<memory>\d+) MB(?:\tInit Duration: (?P<init>[\d.]+) ms)?"
)


def read_sizes(path: Path = SIZES_FILE) -> dict[str, Any]:
    return dict(json.loads(path.read_text(encoding="utf-8")))


def reports(lines: Iterable[str]) -> list[dict[str, float]]:
    """Duration, peak memory and init of every REPORT line."""
    found = []
    for line in lines:
        match = REPORT.search(line)
        if match:
            found.append(
                {
                    "duration_ms": float(match["duration"]),
                    "memory_mb": float(match["memory"]),
                    "init_ms": float(match["init"]) if match["init"] else math.nan,
                }
            )
    return found


def recommend(peak_mb: float, kind: str, configured_mb: int) -> tuple[int, str]:
    """The size this function's peak and kind call for, with the reason in one line."""
    floor = max(128, math.ceil((peak_mb * MARGIN + RUNTIME_OVERHEAD_MB) / 64) * 64)
    if kind == "cpu":
        size = max(floor, configured_mb)
        return size, (
            f"CPU-bound: duration falls as memory grows, so latency decides; "
            f"{configured_mb} MB meets it and holds the peak ({peak_mb:.0f} MB) with its margin"
            if size == configured_mb
            else f"CPU-bound, but the peak ({peak_mb:.0f} MB) with its margin needs {size} MB"
        )
    return floor, (
        f"waits on I/O: more CPU buys no time, so the smallest size that holds the peak "
        f"({peak_mb:.0f} MB) x {MARGIN} + {RUNTIME_OVERHEAD_MB} MB of sandbox, in 64 MB steps"
    )


def summarize(
    by_function: Mapping[str, list[dict[str, float]]], sizes: Mapping[str, Any]
) -> dict[str, Any]:
    functions: dict[str, Any] = {}
    for name, chosen in sizes["functions"].items():
        samples = by_function.get(name, [])
        if not samples:
            functions[name] = {"invocations": 0, "why_not_measured": "no invocation in the run"}
            continue
        memory = [s["memory_mb"] for s in samples]
        duration = [s["duration_ms"] for s in samples]
        inits = [s["init_ms"] for s in samples if not math.isnan(s["init_ms"])]
        peak = max(memory)
        size, reason = recommend(peak, chosen["kind"], int(chosen["memory_mb"]))
        functions[name] = {
            "invocations": len(samples),
            "configured_mb": chosen["memory_mb"],
            "peak_mb": peak,
            "p95_mb": round(percentile(memory, 0.95), 1),
            "duration_ms": {
                "p50": round(percentile(duration, 0.50), 1),
                "p95": round(percentile(duration, 0.95), 1),
                "p99": round(percentile(duration, 0.99), 1),
                "max": round(max(duration), 1),
                "mean": round(sum(duration) / len(duration), 1),
            },
            "init_ms_median": round(percentile(inits, 0.5), 1) if inits else None,
            "recommended_mb": size,
            "reasoning": reason,
        }
    return functions


def short_name_of(log_file: Path, names: Iterable[str]) -> str | None:
    """The function a runtime log file belongs to (files are named after the physical name,
    which carries the construct name: `...-FindArtistsFunction...`)."""
    squashed = log_file.stem.lower().replace("-", "")
    matches = [n for n in names if n.replace("-", "") + "function" in squashed]
    return max(matches, key=len) if matches else None


def collect(log_dirs: Iterable[Path], names: Iterable[str]) -> dict[str, list[dict[str, float]]]:
    names = list(names)
    by_function: dict[str, list[dict[str, float]]] = defaultdict(list)
    for log_dir in log_dirs:
        for log_file in sorted(log_dir.glob("*.log")):
            name = short_name_of(log_file, names)
            if name:
                by_function[name] += reports(log_file.read_text(errors="replace").splitlines())
    return by_function


def _api_requests(cloud: Cloud, ids: list[str], count: int) -> int:
    """The load test's mix, `count` requests from 4 threads; the number that failed."""
    plan = workload(ids, searches=max(1, count), seed=3)
    rng = random.Random(5)
    routes = rng.choices(list(MIX), weights=list(MIX.values()), k=count)

    def one(i: int, route: str) -> bool:
        if route.endswith("{artistId}"):
            path = f"/v1/artists/{urllib.parse.quote(rng.choice(ids))}"
        elif route == "GET /v1/artists":
            params = plan["searches"][i % len(plan["searches"])]
            path = "/v1/artists?" + urllib.parse.urlencode(params)
        else:
            path = route.split(" ", 1)[1]
        try:
            http_json(cloud.api_url + path)
            return True
        except Exception:  # a failed call still ran the function; count it, keep going
            return False

    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        results = list(pool.map(one, range(count), routes))
    return results.count(False)


def _deployed_rule(cloud: Cloud, logical_id: str) -> str:
    """The physical name of the rule the template calls `logical_id`."""
    import boto3

    use_fake_aws()
    events = boto3.client("events", endpoint_url=cloud.endpoint_url)
    names = [rule["Name"] for rule in events.list_rules()["Rules"]]
    return next((name for name in names if f"-{logical_id}-" in name), logical_id)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m load.sizing", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--studios", type=int, default=40)
    parser.add_argument("--artists", type=int, default=2000)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--assembly", type=Path, default=DEFAULT_ASSEMBLY)
    parser.add_argument("--write", action="store_true", help="record peaks in function_sizes.json")
    args = parser.parse_args(argv)
    sizes = read_sizes()
    work = Path(tempfile.mkdtemp(prefix="sizing-"))

    print(f"1/3 the aggregation on {args.studios} studios ...", flush=True)
    pipeline_dir = work / "pipeline"
    subprocess.run(  # noqa: S603 - our own CLI, arguments from argparse ints and paths
        [sys.executable, "-m", "emulation.cli", "pipeline", "--state-dir", str(pipeline_dir),
         "--studios", str(args.studios), "--output", str(work / "pipeline.json"),
         "--assembly", str(args.assembly)],
        cwd=ROOT, check=True,
    )  # fmt: skip
    print(f"2/3 sync and API: {args.artists} artists, {args.requests} requests ...", flush=True)
    cloud_dir = work / "cloud"
    with start_cloud(cloud_dir, assembly=args.assembly) as cloud:
        ids, _ = seed_and_wait(cloud, args.artists)
        failed = _api_requests(cloud, ids, args.requests)
        print(f"   {args.requests - failed} API calls answered, {failed} failed", flush=True)
        print("3/3 rotate-egress-ip through its schedule rule ...", flush=True)
        rule = _deployed_rule(cloud, "WeeklyEgressRotationSchedule")
        rotation = subprocess.run(  # noqa: S603 - our own CLI and a deployed rule's name
            [sys.executable, "-m", "emulation.cli", "--state-dir", str(cloud_dir), "fire-rule",
             rule],
            cwd=ROOT, capture_output=True, text=True, timeout=600,
        )  # fmt: skip
        if rotation.returncode:
            print(f"   the rotation rule did not run: {rotation.stderr.strip()[-300:]}")
    measured = collect([pipeline_dir / "logs", cloud_dir / "logs"], sizes["functions"])
    functions = summarize(measured, sizes)
    print(f"\n{'function':<18} {'calls':>6} {'set MB':>7} {'peak':>6} {'p95':>6} "
          f"{'p50 ms':>8} {'p95 ms':>8} {'rec. MB':>8}")  # fmt: skip
    for name, f in functions.items():
        if not f["invocations"]:
            print(f"{name:<18} {0:>6}  {f['why_not_measured']}")
            continue
        d = f["duration_ms"]
        row = f"{name:<18} {f['invocations']:>6} {f['configured_mb']:>7} {f['peak_mb']:>6.0f} "
        row += f"{f['p95_mb']:>6.0f} {d['p50']:>8.1f} {d['p95']:>8.1f} {f['recommended_mb']:>8}"
        print(row)
    write_result(
        RESULTS / "sizing.json",
        {"margin": MARGIN, "runtime_overhead_mb": RUNTIME_OVERHEAD_MB, "functions": functions},
    )
    if args.write:
        for name, f in functions.items():
            if f["invocations"]:
                sizes["functions"][name]["measured_peak_mb"] = f["peak_mb"]
        SIZES_FILE.write_text(json.dumps(sizes, indent=2) + "\n", encoding="utf-8")
        print(f"Recorded the peaks in {SIZES_FILE.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
