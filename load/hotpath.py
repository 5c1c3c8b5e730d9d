"""`python -m load.hotpath`: the CPU one API request costs, by route and by part of the system
under test, measured without Locust; writes results/hotpath.json.

    python -m load.hotpath --artists 2000 --requests 400
    python -m load.hotpath --api-url http://127.0.0.1:8080 --no-seed --routes search,artist
    python -m load.hotpath --artists 2000 --profile-dir /tmp/hotpath   # py-spy on PATH

Each route of the load mix (load.common.mix) runs alone: an unmeasured warm-up, then
`--requests` requests one after another on one kept-alive connection (a closed loop: no pacing,
no queue), while the CPU of the cloud's process tree is read by part (load.common.cpu: Lambda
workers, the local cloud's process, OpenSearch). Before the routes, the same parts are read
idle for `--idle-s`: what the cloud's threads and the node spend with no request (pollers,
samplers, the JVM), so `net_ms_per_request` is a route's own cost, which is what the code
on its path decides. `nox -s load` measures the same parts under the mix at fixed rates.

With `--profile-dir`, py-spy samples the whole tree (the cloud and its workers) during each
route and writes its collapsed stacks (`<route>.txt`) and the heaviest functions by process
kind (`<route>.top.txt`), for finding where a route's CPU goes.
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import shutil
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

from load.common.cloud import Cloud, CloudError
from load.common.cpu import cpu_spent, load_average, system_under_test, tree_cpu_parts
from load.common.figures import percentile, write_result
from load.common.mix import ARTIST, HEALTH, SEARCH, STYLES, search_parameters
from load.common.paths import DEFAULT_ASSEMBLY, RESULTS

ROUTES = {"search": SEARCH, "artist": ARTIST, "styles": STYLES, "health": HEALTH}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m load.hotpath", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--requests", type=int, default=400, help="measured requests a route")
    parser.add_argument("--warmup", type=int, default=100, help="unmeasured requests a route")
    parser.add_argument("--routes", default=",".join(ROUTES), help="of " + ",".join(ROUTES))
    parser.add_argument("--idle-s", type=float, default=10.0, help="idle reading before routes")
    parser.add_argument("--artists", type=int, default=2000, help="artists to seed and index")
    parser.add_argument("--seed", type=int, default=0, help="the synthetic artists' seed")
    parser.add_argument("--api-url", help="target a running `compute-local up` at this URL")
    parser.add_argument("--state-dir", type=Path, help="state dir of the cloud (default: own)")
    parser.add_argument("--no-seed", action="store_true", help="artists already written")
    parser.add_argument("--assembly", type=Path, default=DEFAULT_ASSEMBLY)
    parser.add_argument("--opensearch-url", help="point a started cloud at this node")
    parser.add_argument("--profile-dir", type=Path, help="py-spy's stacks per route go here")
    parser.add_argument("--results", type=Path, default=RESULTS / "hotpath.json")
    parser.add_argument("--index-timeout-s", type=float, default=1800.0)
    return parser


def paths(route: str, artist_ids: list[str], seed: int) -> Iterator[str]:
    """The request paths of one route, cycled: the load mix's searches and seeded artists."""
    rng = random.Random(seed)
    if route == "search":
        searches = [f"/v1/artists?{urlencode(p)}" for p in search_parameters(rng, 2000)]
        while True:
            yield from searches
    elif route == "artist":
        ids = list(artist_ids)
        rng.shuffle(ids)
        while True:
            yield from (f"/v1/artists/{artist_id}" for artist_id in ids)
    else:
        while True:
            yield "/v1/styles" if route == "styles" else "/health"


def closed_loop(api_url: str, requests: Iterator[str], count: int) -> tuple[list[float], int]:
    """`count` GETs one after another on one connection: latencies (ms) and non-2xx replies."""
    parts = urlsplit(api_url)
    connection = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port, timeout=30)
    latencies: list[float] = []
    failures = 0
    try:
        for _ in range(count):
            path = next(requests)
            began = time.perf_counter()
            connection.request("GET", path)
            reply = connection.getresponse()
            reply.read()
            latencies.append((time.perf_counter() - began) * 1000.0)
            failures += int(reply.status >= 300)
    finally:
        connection.close()
    return latencies, failures


def per_request_ms(spent: Mapping[str, float], requests: int) -> dict[str, float]:
    """CPU milliseconds a request of each part, and in total."""
    out = {part: round(seconds * 1000.0 / requests, 3) for part, seconds in spent.items()}
    out["total"] = round(sum(spent.values()) * 1000.0 / requests, 3)
    return out


def net_of_idle(
    spent: Mapping[str, float], idle_per_s: Mapping[str, float], wall_s: float, requests: int
) -> dict[str, float]:
    """`per_request_ms` less what each part spends idle in the same wall time."""
    own = {part: max(0.0, s - idle_per_s.get(part, 0.0) * wall_s) for part, s in spent.items()}
    return per_request_ms(own, requests)


class Profiler:
    """py-spy sampling the system under test's process trees while a route runs."""

    def __init__(self, directory: Path, pids: list[int]) -> None:
        executable = shutil.which("py-spy")
        if executable is None:
            raise CloudError("--profile-dir needs py-spy on PATH (pip install py-spy)")
        directory.mkdir(parents=True, exist_ok=True)
        self.executable = executable
        self.directory = directory
        self.pids = pids
        self._running: list[subprocess.Popen[bytes]] = []

    def start(self, route: str) -> None:
        for pid in self.pids:
            out = self.directory / f"{route}.{pid}.txt"
            command = [self.executable, "record", "--pid", str(pid), "--subprocesses"]
            # --gil: only samples holding the GIL, i.e. Python code running, not waiting.
            command += ["--format", "raw", "--rate", "200", "--gil", "-o", str(out)]
            self._running.append(
                subprocess.Popen(  # noqa: S603 - py-spy from PATH, our own pids
                    command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
                )
            )
        time.sleep(1.0)  # py-spy attaches to every process of the tree

    def stop(self, route: str) -> Path:
        import signal

        for process in self._running:
            process.send_signal(signal.SIGINT)
        for process in self._running:
            process.wait(timeout=60)
        self._running = []
        merged = self.directory / f"{route}.txt"
        with merged.open("w", encoding="utf-8") as out:
            for pid in self.pids:
                part = self.directory / f"{route}.{pid}.txt"
                if part.exists():
                    out.write(part.read_text(encoding="utf-8"))
                    part.unlink()
        top = self.directory / f"{route}.top.txt"
        top.write_text(heaviest(merged.read_text(encoding="utf-8").splitlines()), encoding="utf-8")
        return top


def heaviest(stacks: list[str], limit: int = 40) -> str:
    """The functions with the most samples (own and with callees) per process kind, from
    py-spy's collapsed stacks (`process 12:"cmdline";frame;frame count`)."""
    own: dict[str, Counter[str]] = {}
    inclusive: dict[str, Counter[str]] = {}
    totals: Counter[str] = Counter()
    for line in stacks:
        stack, _, count_text = line.rpartition(" ")
        if not stack or not count_text.isdigit():
            continue
        frames = stack.split(";")
        # With --subprocesses a stack starts with the chain of processes down to its own.
        own_process = max(i for i, f in enumerate(frames) if i == 0 or f.startswith("process "))
        kind = _kind(frames[own_process])
        count = int(count_text)
        totals[kind] += count
        calls = [f for f in frames[own_process + 1 :] if not f.startswith("thread ")]
        if calls:
            own.setdefault(kind, Counter())[calls[-1]] += count
        for frame in set(calls):
            inclusive.setdefault(kind, Counter())[frame] += count
    lines: list[str] = []
    for kind, total in totals.most_common():
        lines.append(f"== {kind}: {total} samples")
        for title, table in (("own", own.get(kind)), ("with callees", inclusive.get(kind))):
            lines.append(f"-- {title}")
            for frame, count in (table or Counter()).most_common(limit):
                lines.append(f"{100.0 * count / total:6.1f}% {frame}")
    return "\n".join(lines) + "\n"


def _kind(process_frame: str) -> str:
    text = process_frame.lower()
    if "lambda_worker" in text:
        return "lambda_workers"
    if "opensearch" in text:
        return "opensearch"
    return "local_cloud" if "process" in text else "(unknown)"


def measure_route(
    route: str,
    cloud: Cloud,
    artist_ids: list[str],
    args: argparse.Namespace,
    idle_per_s: Mapping[str, float],
    sut: list[int],
    profiler: Profiler | None,
) -> dict[str, Any]:
    requests = paths(route, artist_ids, args.seed)
    closed_loop(cloud.api_url, requests, args.warmup)  # warm containers, caches, the JIT
    time.sleep(1.0)  # the warm-up's logs and metrics leave before the reading starts
    if profiler is not None:
        profiler.start(route)
    before, began = tree_cpu_parts(sut), time.monotonic()
    latencies, failures = closed_loop(cloud.api_url, requests, args.requests)
    time.sleep(1.0)  # the route's logs (shipped after a linger) and metrics count too
    wall_s = time.monotonic() - began
    spent = cpu_spent(before, tree_cpu_parts(sut))
    if profiler is not None:
        print(f"  profile: {profiler.stop(route)}", flush=True)
    return {
        "route": ROUTES[route],
        "requests": len(latencies),
        "failures": failures,
        "p50_ms": round(percentile(latencies, 0.5), 2),
        "p95_ms": round(percentile(latencies, 0.95), 2),
        "wall_s": round(wall_s, 2),
        "cpu_s": spent,
        "ms_per_request": per_request_ms(spent, len(latencies)),
        "net_ms_per_request": net_of_idle(spent, idle_per_s, wall_s, len(latencies)),
    }


def idle_reading(sut: list[int], seconds: float) -> dict[str, float]:
    """CPU seconds per second each part spends with no request."""
    before = tree_cpu_parts(sut)
    time.sleep(seconds)
    spent = cpu_spent(before, tree_cpu_parts(sut))
    return {part: round(s / seconds, 4) for part, s in spent.items()}


def report(document: Mapping[str, Any]) -> str:
    lines = [f"idle CPU s/s: {document['idle_cpu_s_per_s']}"]
    for row in document["routes"]:
        net: Mapping[str, float] = row["net_ms_per_request"]
        lines.append(
            f"{row['route']:<28} p50 {row['p50_ms']:>6} ms  CPU ms a request: "
            + ", ".join(f"{part} {ms}" for part, ms in net.items())
            + f"  (raw total {row['ms_per_request']['total']})"
        )
    lines.append(f"weighted by the load mix: {document['mix_net_ms_per_request']}")
    return "\n".join(lines)


def mix_weighted(rows: Sequence[Mapping[str, Any]]) -> dict[str, float]:
    """The routes' net CPU ms per request weighted by the load mix's shares (the routes run)."""
    from load.common.mix import MIX

    weights = {row["route"]: MIX.get(row["route"], 0) for row in rows}
    total_weight = sum(weights.values()) or 1
    out: dict[str, float] = {}
    for row in rows:
        for part, ms in row["net_ms_per_request"].items():
            out[part] = out.get(part, 0.0) + ms * weights[row["route"]] / total_weight
    return {part: round(ms, 3) for part, ms in out.items()}


def main(argv: list[str] | None = None) -> int:
    from load.run import open_cloud, seeded_artist_ids

    args = build_parser().parse_args(argv)
    routes = [r.strip() for r in args.routes.split(",") if r.strip()]
    unknown = [r for r in routes if r not in ROUTES]
    if unknown or not routes or args.requests < 1:
        print(f"load.hotpath: routes must be some of {', '.join(ROUTES)}", file=sys.stderr)
        return 2
    os.environ.setdefault("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20")
    load_before = load_average()
    try:
        with open_cloud(args) as cloud:
            ids, _ = seeded_artist_ids(cloud, args)
            sut = system_under_test(cloud.pid)
            profiler = Profiler(args.profile_dir, sut) if args.profile_dir else None
            for route in routes:  # a first container per route before the idle reading
                closed_loop(cloud.api_url, paths(route, ids, args.seed), 5)
            time.sleep(2.0)
            idle = idle_reading(sut, args.idle_s)
            print(f"Idle CPU s/s by part: {idle}", flush=True)
            rows: list[dict[str, Any]] = []
            for route in routes:
                rows.append(measure_route(route, cloud, ids, args, idle, sut, profiler))
                print(f"{route}: {rows[-1]['net_ms_per_request']}", flush=True)
    except (CloudError, subprocess.CalledProcessError) as exc:
        print(f"load.hotpath: {exc}", file=sys.stderr)
        return 2
    document = {
        "routes": rows,
        "mix_net_ms_per_request": mix_weighted(rows),
        "idle_cpu_s_per_s": idle,
        "artists": len(ids),
        "requests_per_route": args.requests,
        "cpu_count": os.cpu_count(),
        "load_average": {"before": load_before, "after": load_average()},
    }
    write_result(args.results, document)
    print(report(document))
    print(f"Wrote {args.results}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
