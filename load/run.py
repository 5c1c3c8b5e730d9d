"""`nox -s load`: Locust against the local API with N artists indexed through the real sync
path, at fixed request rates; writes results/load.json, and beside it Locust's own report
(load.html, load_stats.csv, load_stats_history.csv, load_failures.csv, load_exceptions.csv) and
load.png (latency percentiles and throughput over time).

    python -m load.run                                 # 10,000 artists, 60 s at 100/s then 200/s
    python -m load.run --duration-s 30 --rates 100 --check     # the deploy gate
    python -m load.run --api-url http://127.0.0.1:8080 # a running `compute-local up`

Three processes: this one (orchestration, no gevent), the local cloud (`compute-local up`, or
the one already running) and the load generator (`python -m load.locustfile`). CPU is read per
stage for the load generator and for the system under test: the Lambda workers, the cloud's own
process (gateway, Lambda runtime, moto, log shipping) and the OpenSearch node, in seconds and
in milliseconds per request.

Each stage is followed by its floor (unless --no-floor): the same request mix at the same rate
sent straight to the parts underneath the API, in the same run, so the API's p95 is read as a
ratio to what OpenSearch and the table give on this machine at that moment (`vs_floor`).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from load.common.cloud import (
    Cloud,
    CloudError,
    attach_cloud,
    control_reading,
    drain_stream,
    seed_and_wait,
    start_cloud,
    wait_indexed,
)
from load.common.cpu import load_average, system_under_test
from load.common.figures import check_stage, parse_rates, write_result
from load.common.mix import workload
from load.common.paths import DEFAULT_ASSEMBLY, DEFAULT_STATE_DIR, RESULTS, ROOT
from load.report import plot_history, read_history

TARGET_RATE = 100
TARGET_P95_MS = 50.0
INDEX_ALIAS = "artists"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m load.run", description=__doc__.splitlines()[0])
    parser.add_argument("--duration-s", type=float, default=60.0, help="measured seconds a stage")
    parser.add_argument("--rates", default="100,200", help="requests/s of each stage, in order")
    parser.add_argument("--artists", type=int, default=10_000, help="artists to seed and index")
    parser.add_argument("--seed", type=int, default=0, help="the synthetic artists' seed")
    parser.add_argument("--api-url", help="target a running `compute-local up` at this URL")
    parser.add_argument("--state-dir", type=Path, help="state dir of the cloud (default: own)")
    parser.add_argument("--assembly", type=Path, default=DEFAULT_ASSEMBLY)
    parser.add_argument(
        "--opensearch-url", help="point a started cloud at this node (default: its own node)"
    )
    parser.add_argument(
        "--no-seed", action="store_true", help="the artists are already written: only wait"
    )
    parser.add_argument(
        "--warmup-s", type=float, default=30.0, help="unmeasured ramp up to the first rate"
    )
    parser.add_argument("--settle-s", type=float, default=3.0, help="unmeasured, each stage")
    parser.add_argument(
        "--headroom-s", type=float, default=0.5, help="users = rate x this (pacing slack)"
    )
    parser.add_argument("--check", action="store_true", help="exit 1 if 100/s misses its target")
    parser.add_argument("--p95-ms", type=float, default=TARGET_P95_MS, help="target of --check")
    parser.add_argument(
        "--max-floor-ratio", type=float, help="--check also: API p95 / floor p95 at most this"
    )
    parser.add_argument(
        "--no-floor", action="store_true", help="skip the floor stages (the API alone)"
    )
    parser.add_argument("--results", type=Path, default=RESULTS / "load.json")
    parser.add_argument("--index-timeout-s", type=float, default=1800.0)
    return parser


def open_cloud(args: argparse.Namespace) -> Cloud:
    if args.api_url:
        return attach_cloud(args.api_url, args.state_dir or DEFAULT_STATE_DIR)
    state_dir = args.state_dir or Path(tempfile.mkdtemp(prefix="load-cloud-"))
    print(f"Starting the local cloud ({state_dir}) ...", flush=True)
    began = time.monotonic()
    cloud = start_cloud(state_dir, assembly=args.assembly, opensearch_url=args.opensearch_url)
    print(f"Local cloud ready in {time.monotonic() - began:.1f} s at {cloud.api_url}", flush=True)
    return cloud


def seeded_artist_ids(cloud: Cloud, args: argparse.Namespace) -> tuple[list[str], dict[str, float]]:
    if not args.no_seed:
        return seed_and_wait(cloud, args.artists, seed=args.seed, timeout_s=args.index_timeout_s)
    from emulation.seed import synthetic_world

    artists, _, _ = synthetic_world(args.artists, seed=args.seed)
    ids = [a.artist_id for a in artists]
    waited = wait_indexed(cloud.opensearch_url, ids, timeout_s=args.index_timeout_s)
    drained = drain_stream(cloud, timeout_s=args.index_timeout_s)
    return ids, {"index_wait_s": round(waited, 3), "stream_drain_s": round(drained, 3)}


def run_locust(
    cloud: Cloud, ids: list[str], rates: list[int], args: argparse.Namespace, work_dir: Path
) -> dict[str, Any]:
    """The load generator in its own process; its per-stage figures."""
    workload_path = work_dir / "workload.json"
    workload_path.write_text(json.dumps(workload(ids, seed=args.seed)), encoding="utf-8")
    out = work_dir / "stages.json"
    sut = system_under_test(cloud.pid)
    command = [
        sys.executable,
        "-m",
        "load.locustfile",
        "--host",
        cloud.api_url,
        "--workload",
        str(workload_path),
        "--stages",
        ",".join(f"{rate}:{args.duration_s}" for rate in rates),
        "--out",
        str(out),
        "--sut-pids",
        ",".join(map(str, sut)),
        "--warmup-s",
        str(args.warmup_s),
        "--settle-s",
        str(args.settle_s),
        "--headroom-s",
        str(args.headroom_s),
        "--report",
        str(report_base(args.results)),
    ]
    if cloud.state.get("control_url"):
        command += ["--control-url", str(cloud.state["control_url"])]
    if not args.no_floor:
        from emulation.lambda_runtime import LOCAL_CONCURRENCY_CAP

        command += [
            "--floor-concurrency",  # calls underneath in flight: the API's containers at most
            str(LOCAL_CONCURRENCY_CAP),
            "--floor-endpoint",
            cloud.endpoint_url,
            "--floor-table",
            cloud.table_name,
            "--floor-search",
            cloud.opensearch_url,
            "--floor-alias",
            INDEX_ALIAS,
        ]
    print(f"Load generator: {' '.join(command[1:5])} ... (system under test: pids {sut})")
    subprocess.run(command, cwd=ROOT, check=True)  # noqa: S603 - our own interpreter and module
    document: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    document["system_under_test_pids"] = sut
    return document


def report_base(results: Path) -> Path:
    """Where Locust's own reports go, beside the JSON: results/load.html, load_stats.csv, ..."""
    return results.with_suffix("")


def write_plot(results: Path) -> Path | None:
    """results/load.png: latency percentiles and throughput over time, from Locust's CSV."""
    history = report_base(results).with_name(report_base(results).name + "_stats_history.csv")
    points = read_history(history) if history.exists() else []
    if not points:
        return None
    return plot_history(points, results.with_suffix(".png"), title=f"nox -s load ({results.name})")


def report(document: dict[str, Any]) -> str:
    lines = [
        f"{'stage':>8} {'route':<28} {'requests':>8} {'fail':>5} {'rate/s':>8} "
        f"{'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'floor p95':>9} {'x floor':>7}"
    ]
    for stage in document["stages"]:
        floor = stage.get("floor") or {"routes": {}}
        ratios = stage.get("vs_floor") or {"routes_p95": {}}
        rows = [
            ("all", stage, floor, ratios.get("p95")),
            *(
                (route, f, floor["routes"].get(route, {}), ratios["routes_p95"].get(route))
                for route, f in stage["routes"].items()
            ),
        ]
        for route, f, under, times in rows:
            lines.append(
                f"{stage['target_rps']:>6}/s {route:<28} {f['requests']:>8} {f['failures']:>5} "
                f"{f['achieved_rps']:>8} {f['p50_ms']:>8} {f['p95_ms']:>8} {f['p99_ms']:>8} "
                f"{under.get('p95_ms', '-'):>9} {'-' if times is None else times:>7}"
            )
        per_request = stage["cpu"].get("ms_per_request", {})
        lines.append(
            f"{stage['target_rps']:>6}/s CPU ms a request: "
            + ", ".join(f"{part} {ms}" for part, ms in per_request.items())
        )
        collected = stage.get("cloud_gc")
        if collected:
            lines.append(
                f"{stage['target_rps']:>6}/s cloud full GC: {collected['full_collections']} "
                f"taking {collected['full_pause_ms']} ms, longest {collected['longest_full_ms']} "
                f"ms (survivors frozen: {collected['freeze']})"
            )
        threads = stage.get("cloud_threads_ms_per_request")
        if threads:
            lines.append(
                f"{stage['target_rps']:>6}/s cloud CPU ms a request by thread: "
                + ", ".join(f"{group} {ms}" for group, ms in threads.items())
            )
        if "cold_starts" in stage:
            lines.append(
                f"{stage['target_rps']:>6}/s containers started during the stage: "
                f"{stage['cold_starts'] or 'none'}; running at its end: {stage['containers']}"
            )
    cpu = document["cpu"]
    lines.append(
        f"CPU: load generator {cpu['load_generator_s']} s, system under test "
        f"{cpu['system_under_test_s']} s (load average {document['load_average']})"
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        rates = parse_rates(args.rates)
    except ValueError as exc:
        print(f"load.run: {exc}", file=sys.stderr)
        return 2
    os.environ.setdefault("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20")
    began = time.monotonic()
    load_before = load_average()
    try:
        with open_cloud(args) as cloud, tempfile.TemporaryDirectory(prefix="load-") as work:
            ids, steps = seeded_artist_ids(cloud, args)
            stages = run_locust(cloud, ids, rates, args, Path(work))
            collected = control_reading(cloud.state.get("control_url"), "/gc")
    except (CloudError, subprocess.CalledProcessError) as exc:
        print(f"load.run: {exc}", file=sys.stderr)
        return 2
    document: dict[str, Any] = {
        "cloud_gc": collected,
        "stages": stages["stages"],
        "cpu": {
            "load_generator_s": round(
                sum(s["cpu"]["load_generator_s"] for s in stages["stages"]), 2
            ),
            "system_under_test_s": round(
                sum(s["cpu"]["system_under_test_s"] for s in stages["stages"]), 2
            ),
        },
        "artists": len(ids),
        "duration_s": args.duration_s,
        "warmup_s": args.warmup_s,
        "cpu_count": os.cpu_count(),
        "load_average": {"before": load_before, "after": load_average()},
        "system_under_test_pids": stages["system_under_test_pids"],
        "setup": steps,
        "wall_s": round(time.monotonic() - began, 1),
    }
    write_result(args.results, document)
    print(report(document))
    plot = write_plot(args.results)
    base = report_base(args.results)
    written = f"{args.results}, Locust's report {base}.html and {base}_*.csv"
    print(f"Wrote {written}" + (f", {plot}" if plot else ""))
    if args.check:
        checked = [s for s in document["stages"] if s["target_rps"] == TARGET_RATE]
        if not checked:
            print(f"--check: no {TARGET_RATE}/s stage was run", file=sys.stderr)
            return 1
        misses = [
            miss
            for stage in checked
            for miss in check_stage(
                stage, max_p95_ms=args.p95_ms, max_floor_ratio=args.max_floor_ratio
            )
        ]
        for miss in misses:
            print(f"--check: {miss}", file=sys.stderr)
        return 1 if misses else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
