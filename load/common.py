"""What the benchmarks share: the local cloud (started once, in its own process, or a running
`compute-local up`), seeding through the table and waiting for the index, CPU accounting of
process trees, the request mix, and the pure shaping of the figures into results/*.json.

Nothing here imports locust or gevent: the load generator (load/locustfile.py) runs in a
process of its own, and the shaping functions are unit-tested without servers.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import math
import os
import random
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

# Re-exported for the benchmarks: they only ever talk to the local cloud.
from emulation.credentials import FAKE_AWS_ENV as FAKE_AWS_ENV
from emulation.credentials import use_fake_aws as use_fake_aws

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "results"
DEFAULT_ASSEMBLY = ROOT / "infra" / "cdk.out"
DEFAULT_STATE_DIR = ROOT / ".local-cloud"
INDEX_ALIAS = "artists"

# Route names as the API defines them (contracts/openapi.yaml); results are keyed by these.
SEARCH = "GET /v1/artists"
ARTIST = "GET /v1/artists/{artistId}"
STYLES = "GET /v1/styles"
HEALTH = "GET /health"
# The request mix, in percent.
MIX: dict[str, int] = {SEARCH: 60, ARTIST: 25, STYLES: 10, HEALTH: 5}

# --- figures (pure) --------------------------------------------------------------------------


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
    """p50/p95/max of latencies in seconds (freshness)."""
    return {
        "p50_s": round(percentile(seconds, 0.50), 3),
        "p95_s": round(percentile(seconds, 0.95), 3),
        "max_s": round(max(seconds), 3) if seconds else 0.0,
    }


# --- pacing (pure) ---------------------------------------------------------------------------


class Pacer:
    """A fixed aggregate request rate shared by every simulated user.

    Each call reserves the next free send slot (1/rate apart) and returns how long to wait for
    it. A slot never lies in the past: when every user was busy the schedule restarts from now
    instead of bursting to catch up, so a saturated server shows as an achieved rate below the
    target rather than as a burst.
    """

    def __init__(self, rate: float, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._next = clock()
        self.rate = 1.0
        self.set_rate(rate)

    def set_rate(self, rate: float) -> None:
        if rate <= 0:
            raise ValueError(f"rate must be > 0, got {rate}")
        self.rate = float(rate)

    def delay(self) -> float:
        now = self._clock()
        slot = max(self._next, now)
        self._next = slot + 1.0 / self.rate
        return slot - now


def users_for(rate: int, headroom_s: float) -> int:
    """Simulated users a paced rate needs: each may spend `headroom_s` on one request."""
    return max(1, math.ceil(rate * headroom_s))


# --- the request mix (pure) ------------------------------------------------------------------


def search_parameters(rng: random.Random, count: int) -> list[dict[str, str]]:
    """`count` varied searches over the seeded world: name prefixes and full names, styles and
    their synonyms, place names, near + radius, every sort, and paging."""
    from compute.domain.styles import SYNONYMS, VOCABULARY
    from emulation.seed import CITIES, FIRST_NAMES, LAST_NAMES

    synonyms = sorted(SYNONYMS)
    searches: list[dict[str, str]] = []
    while len(searches) < count:
        params: dict[str, str] = {}
        kinds = rng.sample(("query", "style", "location", "near"), rng.choice((1, 1, 2, 2, 3)))
        if "query" in kinds:
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            params["query"] = rng.choice(
                (first[: rng.randint(3, len(first))], f"{first} {last}", last[:4], first.lower())
            )
        if "style" in kinds:
            params["style"] = rng.choice(VOCABULARY) if rng.random() < 0.6 else rng.choice(synonyms)
        if "location" in kinds and "near" not in kinds:
            place = rng.choice(CITIES).name
            params["location"] = place if rng.random() < 0.7 else place.lower()
        if "near" in kinds:
            city = rng.choice(CITIES)
            params["near"] = f"{city.lat:.4f},{city.lon:.4f}"
            params["radius_km"] = str(rng.choice((2, 5, 10, 25, 50)))
        sorts = ["rating"] + (["relevance"] if "query" in params else [])
        sorts += ["distance"] if "near" in params else []
        if rng.random() < 0.5:
            params["sort"] = rng.choice(sorts)
        if rng.random() < 0.4:
            params["limit"] = str(rng.choice((10, 20, 50)))
        if rng.random() < 0.3:
            params["page"] = str(rng.randint(2, 5))
        searches.append(params)
    return searches


def workload(artist_ids: Sequence[str], *, searches: int = 5000, seed: int = 0) -> dict[str, Any]:
    """What the load generator replays: seeded artist ids and pre-built searches."""
    if not artist_ids:
        raise ValueError("the workload needs seeded artist ids")
    return {
        "artist_ids": list(artist_ids),
        "searches": search_parameters(random.Random(seed), searches),
        "mix": MIX,
    }


# --- CPU accounting --------------------------------------------------------------------------


def part_of(cmdline: Sequence[str]) -> str:
    """Which part of the system under test a process is, from its command line."""
    text = " ".join(cmdline)
    if "lambda_worker" in text:
        return "lambda_workers"
    if "opensearch" in text.lower():
        return "opensearch"
    return "local_cloud"


def tree_cpu_parts(roots: Iterable[int]) -> dict[str, float]:
    """CPU seconds (user + system) of each root and its live descendants, plus what their
    reaped children used, per part (`part_of`). Differences of two readings are the CPU spent
    in between: a process that exits moves its time into its parent's children figures."""
    import psutil

    seen: set[int] = set()
    parts: dict[str, float] = {}
    for root in roots:
        try:
            top = psutil.Process(root)
            processes = [top, *top.children(recursive=True)]
        except psutil.NoSuchProcess:
            continue
        for process in processes:
            if process.pid in seen:
                continue
            seen.add(process.pid)
            with contextlib.suppress(psutil.NoSuchProcess, psutil.ZombieProcess):
                t = process.cpu_times()
                part = part_of(process.cmdline())
                used = t.user + t.system + t.children_user + t.children_system
                parts[part] = parts.get(part, 0.0) + used
    return parts


def tree_cpu_s(roots: Iterable[int]) -> float:
    """Total CPU seconds of the process trees under `roots` (see `tree_cpu_parts`)."""
    return sum(tree_cpu_parts(roots).values())


def cpu_spent(before: Mapping[str, float], after: Mapping[str, float]) -> dict[str, float]:
    """Per-part CPU seconds between two readings (a part that appeared counts from zero)."""
    return {
        part: round(after[part] - before.get(part, 0.0), 2)
        for part in sorted(after)
        if after[part] - before.get(part, 0.0) > 0
    }


def listener_pid(url: str) -> int | None:
    """The process listening on the port of `url` on this machine, if any."""
    import psutil

    port = urlsplit(url).port
    if port is None:
        return None
    for connection in psutil.net_connections(kind="tcp"):
        if (
            connection.status == psutil.CONN_LISTEN
            and connection.laddr
            and connection.laddr.port == port
            and connection.pid is not None
        ):
            return int(connection.pid)
    return None


def system_under_test(cloud_pid: int) -> list[int]:
    """Roots of the system under test: the local cloud (its Lambda workers, and OpenSearch
    when it started the node, are its descendants) plus an OpenSearch node it was pointed at."""
    import psutil

    roots = [cloud_pid]
    with contextlib.suppress(psutil.Error):
        external = psutil.Process(cloud_pid).environ().get("OPENSEARCH_URL")
        pid = listener_pid(external) if external else None
        if pid is not None and pid not in roots:
            roots.append(pid)
    return roots


def load_average() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


# --- the local cloud -------------------------------------------------------------------------


class CloudError(RuntimeError):
    """The local cloud could not be started, reached or seeded; the message says what to do."""


@dataclass
class Cloud:
    """A running local cloud: the one this benchmark started (`process`) or a running
    `compute-local up` found through its state file."""

    state: dict[str, Any]
    process: subprocess.Popen[bytes] | None = None
    log_path: Path | None = None

    @property
    def pid(self) -> int:
        return int(self.state["pid"])

    @property
    def api_url(self) -> str:
        return str(self.state["api_url"]).rstrip("/")

    @property
    def endpoint_url(self) -> str:
        return str(self.state["endpoint_url"])

    @property
    def opensearch_url(self) -> str:
        return str(self.state["opensearch_url"]).rstrip("/")

    @property
    def table_name(self) -> str:
        name = self.state.get("outputs", {}).get("TableName")
        if not name:
            raise CloudError("the deployment has no TableName output to seed")
        return str(name)

    def stop(self) -> None:
        """Stop the cloud if this benchmark started it (SIGINT: the CLI's clean shutdown)."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(timeout=90)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=30)

    def __enter__(self) -> Cloud:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def _read_live_state(state_dir: Path) -> dict[str, Any] | None:
    from emulation.cloud import read_state

    return read_state(state_dir)


def attach_cloud(api_url: str, state_dir: Path = DEFAULT_STATE_DIR) -> Cloud:
    """A running `compute-local up` serving `api_url` (its state file gives moto, OpenSearch,
    the table and the process to measure)."""
    state = _read_live_state(state_dir)
    if state is None:
        raise CloudError(
            f"--api-url {api_url} given but no running local cloud is recorded in "
            f"{state_dir / 'state.json'}: start it with `compute-local up` (or pass --state-dir)"
        )
    if str(state.get("api_url", "")).rstrip("/") != api_url.rstrip("/"):
        raise CloudError(
            f"the local cloud in {state_dir} serves {state.get('api_url')}, not {api_url}"
        )
    return Cloud(state)


def start_cloud(
    state_dir: Path,
    *,
    assembly: Path = DEFAULT_ASSEMBLY,
    opensearch_url: str | None = None,
    timeout_s: float = 900.0,
    extra_args: Sequence[str] = (),
) -> Cloud:
    """Start `compute-local up` (no aggregation run) in its own process and wait until ready.

    Its own OpenSearch node unless `opensearch_url` is given, so no one else's traffic on a
    shared node counts against the system under test.
    """
    from emulation.lifetime import spawn

    state_dir.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, **FAKE_AWS_ENV, "JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION": "20"}
    env.pop("OPENSEARCH_URL", None)
    if opensearch_url:
        env["OPENSEARCH_URL"] = opensearch_url
    log_path = state_dir / "cloud.log"
    command = [
        sys.executable,
        "-m",
        "emulation.cli",
        "--state-dir",
        str(state_dir),
        "up",
        "--no-pipeline",
        "--no-alarms",  # the benchmark measures the API, not the local alarm emulation
        "--assembly",
        str(assembly),
        "--results",
        str(state_dir / "up.json"),
        *extra_args,  # more `up` options, e.g. --console-port
    ]
    with log_path.open("wb") as log:
        # Dies with this benchmark however it ends; its own children die with it in turn.
        process = spawn(
            command, what="local-cloud", cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
        )
    cloud = Cloud({}, process, log_path)
    deadline = time.monotonic() + timeout_s
    try:
        while True:
            if process.poll() is not None:
                raise CloudError(
                    f"`{' '.join(command[1:])}` exited with {process.returncode}; "
                    f"last lines of {log_path}:\n{_tail(log_path)}"
                )
            state = _read_live_state(state_dir)
            if state is not None and state.get("pid") == process.pid:
                cloud.state = state
                return cloud
            if time.monotonic() > deadline:
                raise CloudError(f"the local cloud was not ready after {timeout_s:.0f} s")
            time.sleep(0.5)
    except BaseException:
        cloud.stop()
        raise


def _tail(path: Path, lines: int = 30) -> str:
    with contextlib.suppress(OSError):
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    return ""


def http_json(url: str, body: Mapping[str, Any] | None = None, *, timeout_s: float = 30.0) -> Any:
    """GET (or POST `body`) a JSON document from a local server."""
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(  # noqa: S310 - 127.0.0.1 servers of the local cloud
        url, data=data, headers={"content-type": "application/json"}
    )
    # Only the local cloud's 127.0.0.1 servers are asked (API, control server).
    with urllib.request.urlopen(request, timeout=timeout_s) as response:  # noqa: S310  # nosec B310
        return json.loads(response.read())


def indexed_count(opensearch_url: str, artist_ids: Sequence[str]) -> int:
    """How many of `artist_ids` the index holds (documents are keyed by artist id)."""
    if not artist_ids:
        return 0
    reply = http_json(
        f"{opensearch_url}/{INDEX_ALIAS}/_count",
        {"query": {"ids": {"values": list(artist_ids)}}},
    )
    return int(reply["count"])


def wait_indexed(
    opensearch_url: str,
    artist_ids: Sequence[str],
    *,
    timeout_s: float,
    progress: Callable[[str], None] = print,
) -> float:
    """Wait until the index holds every one of `artist_ids`; seconds waited."""
    began = time.monotonic()
    last_report = 0.0
    count = -1
    while True:
        with contextlib.suppress(urllib.error.URLError, KeyError, TimeoutError):
            count = indexed_count(opensearch_url, artist_ids)  # 404 until the index exists
        waited = time.monotonic() - began
        if count == len(artist_ids):
            return waited
        if waited - last_report >= 10:
            progress(f"  indexed {max(count, 0)}/{len(artist_ids)} after {waited:.0f} s")
            last_report = waited
        if waited > timeout_s:
            raise CloudError(
                f"the index holds {max(count, 0)} of {len(artist_ids)} seeded artists after "
                f"{timeout_s:.0f} s: the stream -> sync path is slow or failing "
                "(see `compute-local logs sync`)"
            )
        time.sleep(1.0)


def drain_stream(
    cloud: Cloud, *, timeout_s: float = 1800.0, progress: Callable[[str], None] = print
) -> float:
    """Wait until the sync path has caught up with every write made so far; seconds waited.

    Seeding writes studios and links too; the sync function still works through them after
    the last artist is indexed. A sentinel artist put after them, then deleted, shows when the
    stream is read to its end (one shard, read in order), and leaves the index as it was.
    """
    import boto3

    from compute.domain.attribute_values import to_attribute_values
    from compute.domain.identity import artist_id_for, identity_key
    from compute.domain.keys import artist_key
    from emulation.seed import synthetic_world

    use_fake_aws()
    (template,), _, _ = synthetic_world(1, seed=987_654)
    handle = f"stream.sentinel.{os.getpid()}"
    artist_id = artist_id_for(identity_key(instagram_handle=handle))
    sentinel = dataclasses.replace(template, artist_id=artist_id, instagram_handle=handle)
    client = boto3.client("dynamodb", endpoint_url=cloud.endpoint_url)
    began = time.monotonic()
    client.put_item(TableName=cloud.table_name, Item=to_attribute_values(sentinel.to_item()))
    wait_indexed(cloud.opensearch_url, [artist_id], timeout_s=timeout_s, progress=lambda _: None)
    key = {name: {"S": value} for name, value in artist_key(artist_id).items()}
    client.delete_item(TableName=cloud.table_name, Key=key)
    deadline = time.monotonic() + timeout_s
    while indexed_count(cloud.opensearch_url, [artist_id]) != 0:
        if time.monotonic() > deadline:
            raise CloudError(f"the stream sentinel was not deleted from the index in {timeout_s} s")
        time.sleep(0.5)
    waited = time.monotonic() - began
    progress(f"The stream is drained (sentinel through the sync path in {waited:.1f} s)")
    return waited


def seed_and_wait(
    cloud: Cloud,
    artists: int,
    *,
    seed: int = 0,
    timeout_s: float = 1800.0,
    progress: Callable[[str], None] = print,
) -> tuple[list[str], dict[str, float]]:
    """Write `artists` synthetic artists through the table and wait for the sync path to index
    them all; their ids and the seconds each step took."""
    from emulation.seed import seed_artists

    use_fake_aws()
    began = time.monotonic()
    ids = seed_artists(cloud.table_name, artists, seed=seed, endpoint_url=cloud.endpoint_url)
    written = time.monotonic()
    progress(f"Wrote {len(ids)} artists to {cloud.table_name} in {written - began:.1f} s")
    waited = wait_indexed(cloud.opensearch_url, ids, timeout_s=timeout_s, progress=progress)
    progress(f"All {len(ids)} artists indexed {waited:.1f} s after the last write")
    drained = drain_stream(cloud, timeout_s=timeout_s, progress=progress)
    return ids, {
        "seed_write_s": round(written - began, 3),
        "index_wait_s": round(waited, 3),
        "stream_drain_s": round(drained, 3),
    }


def write_result(path: Path, document: Mapping[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
    tmp.replace(path)
