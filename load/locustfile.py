"""The directory's read path under Locust: 60 % search, 25 % artist by id, 10 % styles,
5 % health, paced to a fixed aggregate rate.

`load.run` starts this module in a process of its own (gevent must not patch the local cloud):

    python -m load.locustfile --host URL --workload w.json --stages 100:60,200:60 --out o.json

It runs the stages back to back from Python (Environment + local runner), records every
request's latency per stage and route, and reads the CPU used during each stage by itself and
by the system-under-test process trees it is given (`--sut-pids`). With `--floor-*` it follows
each stage with its floor: the same mix at the same rate, sent straight to the parts underneath
the API (the same OpenSearch bodies with opensearch-py, the same GetItem calls to the table),
so a figure can be read against what those parts allow on this machine at that moment.

It also works as a plain locustfile: `LOAD_WORKLOAD=w.json LOAD_RATE=100 locust -f
load/locustfile.py --headless -u 100 -r 100 -t 60s --host URL`.
"""

from __future__ import annotations

# First: locust monkey-patches sockets and ssl with gevent, before anything else imports them.
import locust  # noqa: F401  # isort: skip

import argparse
import itertools
import json
import os
import random
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import gevent
from locust import User, events, task
from locust.contrib.fasthttp import FastHttpUser
from locust.env import Environment
from locust.html import get_html_report
from locust.stats import (
    CSV_STATS_INTERVAL_SEC,
    PERCENTILES_TO_REPORT,
    StatsCSVFileWriter,
    stats_history,
)

from emulation.credentials import use_fake_aws
from emulation.gc_pauses import full_pauses_between
from emulation.thread_cpu import spent_between
from load.common.cloud import control_reading
from load.common.cpu import cpu_spent, load_average, tree_cpu_parts, tree_cpu_s
from load.common.figures import RouteSamples, cpu_per_request, stage_summary, versus_floor
from load.common.mix import ARTIST, HEALTH, MIX, SEARCH, STYLES
from load.common.pacing import Pacer, users_for

PACER = Pacer(float(os.environ.get("LOAD_RATE", "100")))
CLOUD_THREAD_GROUPS = 8  # the busiest of the cloud's thread groups a stage reports


class Workload:
    """Artist ids and searches to replay, shuffled per process, cycled forever."""

    def __init__(self, document: dict[str, Any], seed: int = 1) -> None:
        rng = random.Random(seed)
        ids = list(document["artist_ids"])
        searches = list(document["searches"])
        rng.shuffle(ids)
        rng.shuffle(searches)
        self.artist_ids = itertools.cycle(ids)
        self.searches = itertools.cycle(searches)


def _load_workload() -> Workload | None:
    path = os.environ.get("LOAD_WORKLOAD")
    return Workload(json.loads(Path(path).read_text(encoding="utf-8"))) if path else None


WORKLOAD = _load_workload()


class DirectoryUser(FastHttpUser):
    """A frontend visitor: searches, opens artists, lists styles; the gateway checks health."""

    network_timeout = 30.0
    connection_timeout = 10.0

    def wait_time(self) -> float:
        return PACER.delay()

    def on_start(self) -> None:
        # The first request is paced too: spawning users must not burst.
        gevent.sleep(PACER.delay())

    def _workload(self) -> Workload:
        if WORKLOAD is None:
            raise RuntimeError("no workload: set LOAD_WORKLOAD to a file load.run wrote")
        return WORKLOAD

    @task(MIX[SEARCH])
    def search(self) -> None:
        params = next(self._workload().searches)
        self.client.get(f"/v1/artists?{urlencode(params)}", name=SEARCH)

    @task(MIX[ARTIST])
    def artist(self) -> None:
        self.client.get(f"/v1/artists/{next(self._workload().artist_ids)}", name=ARTIST)

    @task(MIX[STYLES])
    def styles(self) -> None:
        self.client.get("/v1/styles", name=STYLES)

    @task(MIX[HEALTH])
    def health(self) -> None:
        self.client.get("/health", name=HEALTH)


class Floor:
    """The calls the API's routes make underneath, sent straight to the parts: the search body
    the API builds for the same parameters, the same GetItem, the styles aggregation (what the
    API's cached styles cost on a miss) and the health probes (GetItem + count). The clients are
    the API's own (`compute.adapters.clients`), so client overhead is on both sides.

    At most `concurrency` calls are in flight, as the API has at most that many containers
    calling underneath; a call waiting for a slot counts that wait, as a request waiting for a
    container does. Unbounded, the floor would send every paced user's call at once when the
    machine is saturated and measure the search node's queue instead of its floor."""

    def __init__(
        self, endpoint_url: str, table_name: str, search_url: str, alias: str, concurrency: int
    ) -> None:
        from gevent.lock import BoundedSemaphore

        from compute.adapters.clients import dynamodb_client, search_client

        use_fake_aws()
        self.slots = BoundedSemaphore(concurrency)
        self.table_name = table_name
        self.alias = alias
        self.dynamodb = dynamodb_client(endpoint_url)
        self.search_client = search_client(search_url)

    def search(self, params: dict[str, str]) -> None:
        from compute.adapters.search.query import build_search_body
        from compute.domain.search import parse_search_params

        body = build_search_body(parse_search_params(params))
        _timed(SEARCH, lambda: self.search_client.search(index=self.alias, body=body), self.slots)

    def artist(self, artist_id: str) -> None:
        from compute.domain.attribute_values import to_attribute_values
        from compute.domain.keys import artist_key

        key = to_attribute_values(artist_key(artist_id))
        _timed(
            ARTIST, lambda: self.dynamodb.get_item(TableName=self.table_name, Key=key), self.slots
        )

    def styles(self) -> None:
        from compute.adapters.search.query import style_counts_body

        body = style_counts_body()
        _timed(STYLES, lambda: self.search_client.search(index=self.alias, body=body), self.slots)

    def health(self) -> None:
        from compute.adapters.dynamodb import HEALTH_PROBE_KEY
        from compute.domain.attribute_values import to_attribute_values

        key = to_attribute_values(HEALTH_PROBE_KEY)

        def probes() -> None:
            self.dynamodb.get_item(TableName=self.table_name, Key=key)
            self.search_client.count(index=self.alias)

        _timed(HEALTH, probes, self.slots)


def _timed(name: str, call: Any, slots: Any) -> None:
    """Run `call` in one of `slots` and report it to Locust as one request of route `name`,
    the wait for the slot included."""
    began = time.perf_counter()
    exception: BaseException | None = None
    try:
        with slots:
            call()
    except Exception as error:
        exception = error
    events.request.fire(  # type: ignore[no-untyped-call]
        request_type="FLOOR",
        name=name,
        response_time=(time.perf_counter() - began) * 1000.0,
        response_length=0,
        exception=exception,
        context={},
    )


FLOOR: Floor | None = None


class FloorUser(User):
    """DirectoryUser's mix and pacing, sent to the parts underneath the API (see `Floor`)."""

    def wait_time(self) -> float:
        return PACER.delay()

    def on_start(self) -> None:
        gevent.sleep(PACER.delay())

    def _floor(self) -> tuple[Floor, Workload]:
        if FLOOR is None or WORKLOAD is None:
            raise RuntimeError("no floor: run through load.run with the --floor-* options")
        return FLOOR, WORKLOAD

    @task(MIX[SEARCH])
    def search(self) -> None:
        floor, work = self._floor()
        floor.search(next(work.searches))

    @task(MIX[ARTIST])
    def artist(self) -> None:
        floor, work = self._floor()
        floor.artist(next(work.artist_ids))

    @task(MIX[STYLES])
    def styles(self) -> None:
        self._floor()[0].styles()

    @task(MIX[HEALTH])
    def health(self) -> None:
        self._floor()[0].health()


class Recorder:
    """Every request that completes while recording, per route (Locust's request event)."""

    def __init__(self) -> None:
        self.routes: dict[str, RouteSamples] | None = None

    def on_request(
        self, name: str, response_time: float, exception: BaseException | None, **_: Any
    ) -> None:
        if self.routes is None:
            return
        failure = None if exception is None else _reason(exception)
        self.routes.setdefault(name, RouteSamples()).add(float(response_time), failure)


def _reason(exception: BaseException) -> str:
    """A short, value-free reason (status codes, exception types; never URLs with names)."""
    code = getattr(exception, "code", None)
    if isinstance(code, int):
        return f"HTTP {code}"
    return type(exception).__name__


def parse_stages(text: str) -> list[tuple[int, float]]:
    """`100:60,200:60` -> [(100, 60.0), (200, 60.0)]."""
    stages = []
    for part in text.split(","):
        rate, _, duration = part.partition(":")
        stages.append((int(rate), float(duration)))
    return stages


def ramp(rate: int, duration_s: float) -> None:
    """Raise the rate linearly to `rate` over `duration_s`: the API's containers start a few
    at a time, as they would under traffic that grows, instead of all at once."""
    steps = max(1, int(duration_s))
    for step in range(1, steps + 1):
        PACER.set_rate(max(1.0, rate * step / steps))
        gevent.sleep(duration_s / steps)
    PACER.set_rate(rate)


def measure(
    recorder: Recorder,
    rate: int,
    duration_s: float,
    sut_pids: list[int],
    label: str,
    control_url: str | None = None,
) -> dict[str, Any]:
    """Record `duration_s` of whatever the running users send: the stage's figures, the CPU
    each part of the system under test and the load generator used, CPU per request, and the
    full garbage collections of the cloud's process during the stage (with `control_url`)."""
    recorder.routes = {}
    pools_before = control_reading(control_url, "/pools")
    threads_before = control_reading(control_url, "/threads")
    sut_before, self_before = tree_cpu_parts(sut_pids), tree_cpu_s([os.getpid()])
    load_before = load_average()
    began = time.monotonic()
    gevent.sleep(duration_s)
    elapsed = time.monotonic() - began
    routes, recorder.routes = recorder.routes, None
    sut_parts = cpu_spent(sut_before, tree_cpu_parts(sut_pids))
    sut_cpu = sum(sut_parts.values())
    own_cpu = tree_cpu_s([os.getpid()]) - self_before
    summary = stage_summary(rate, elapsed, routes)
    summary["cpu"] = {
        "load_generator_s": round(own_cpu, 2),
        "system_under_test_s": round(sut_cpu, 2),
        "system_under_test_parts_s": sut_parts,
        "ms_per_request": cpu_per_request(sut_parts, summary["requests"]),
    }
    summary["load_average"] = {"before": load_before, "after": load_average()}
    gc_after = control_reading(control_url, "/gc")
    if gc_after is not None:
        summary["cloud_gc"] = {
            "freeze": gc_after.get("freeze"),
            **full_pauses_between(gc_after, began, began + elapsed),
        }
    threads_after = control_reading(control_url, "/threads")
    if threads_before is not None and threads_after is not None and summary["requests"]:
        spent = spent_between(threads_before, threads_after)
        summary["cloud_threads_ms_per_request"] = {  # where the cloud's own CPU went
            group: round(seconds * 1000.0 / summary["requests"], 3)
            for group, seconds in list(spent.items())[:CLOUD_THREAD_GROUPS]
            if seconds > 0
        }
    pools_after = control_reading(control_url, "/pools")
    if pools_before is not None and pools_after is not None:
        summary["cold_starts"] = {  # containers started during the stage, by function
            name: after["cold_starts"] - pools_before.get(name, {}).get("cold_starts", 0)
            for name, after in pools_after.items()
            if after["cold_starts"] > pools_before.get(name, {}).get("cold_starts", 0)
        }
        summary["containers"] = {
            name: after["containers"] for name, after in pools_after.items() if after["containers"]
        }
    print(
        f"{label} {rate}/s: achieved {summary['achieved_rps']}/s, "
        f"p95 {summary['p95_ms']} ms, failures {summary['failures']}, "
        f"CPU generator {own_cpu:.1f} s / system under test {sut_cpu:.1f} s "
        f"({summary['cpu']['ms_per_request']['total']} ms a request)",
        flush=True,
    )
    return summary


def run_stages(
    host: str,
    stages: list[tuple[int, float]],
    *,
    sut_pids: list[int],
    warmup_s: float,
    settle_s: float,
    headroom_s: float,
    report: Path | None = None,
    floor: bool = False,
    control_url: str | None = None,
) -> dict[str, Any]:
    """Warm up at the first rate, then run each stage and measure it; with `floor`, each stage
    is followed by its floor at the same rate (FloorUser), in the same run. The stages'
    summaries, each with its `floor` and `vs_floor` ratios. With `report` (a path without
    suffix), Locust's own HTML report and CSV files of the whole run, warm-up included, are
    written there too (`report`.html, `report`_stats.csv, ...)."""
    recorder = Recorder()
    events.request.add_listener(recorder.on_request)  # type: ignore[no-untyped-call]
    env = Environment(user_classes=[DirectoryUser], host=host, events=events)
    runner = env.create_local_runner()
    floor_runner = None
    if floor:
        floor_env = Environment(user_classes=[FloorUser], host=host, events=events)
        floor_runner = floor_env.create_local_runner()
    results: list[dict[str, Any]] = []
    reporters = _start_reports(env, report) if report is not None else None
    try:
        for number, (rate, duration_s) in enumerate(stages):
            PACER.set_rate(rate)
            users = users_for(rate, headroom_s)
            runner.start(users, spawn_rate=max(users, 1))
            if number == 0:
                print(f"warm-up: {users} users, ramp to {rate}/s over {warmup_s:.0f} s", flush=True)
                ramp(rate, warmup_s)
            else:
                print(f"stage {rate}/s: {users} users, {settle_s:.0f} s to settle", flush=True)
                gevent.sleep(settle_s)
            summary = measure(recorder, rate, duration_s, sut_pids, "stage", control_url)
            summary["users"] = users
            if floor_runner is not None:
                runner.stop()  # the API's containers stay warm for the next stage
                floor_runner.start(users, spawn_rate=max(users, 1))
                print(f"floor {rate}/s: {users} users, {settle_s:.0f} s to settle", flush=True)
                gevent.sleep(settle_s)
                floor_summary = measure(recorder, rate, duration_s, sut_pids, "floor", control_url)
                floor_runner.stop()
                summary["floor"] = floor_summary
                summary["vs_floor"] = versus_floor(summary, floor_summary)
                print(f"API / floor at {rate}/s: {summary['vs_floor']}", flush=True)
            results.append(summary)
        if reporters is not None:
            gevent.sleep(CSV_STATS_INTERVAL_SEC + 0.2)  # the CSV writer's last rows
    finally:
        runner.quit()
        if floor_runner is not None:
            floor_runner.quit()
        events.request.remove_listener(recorder.on_request)  # type: ignore[no-untyped-call]
        if reporters is not None and report is not None:
            _finish_reports(env, report, *reporters)
    return {"stages": results}


def _start_reports(env: Environment, report: Path) -> tuple[Any, StatsCSVFileWriter]:
    """What `locust --csv --html --csv-full-history` runs: the history the HTML report charts,
    and the CSV writer (full history: per-route rows and percentiles of the last 10 s)."""
    report.parent.mkdir(parents=True, exist_ok=True)
    assert env.runner is not None
    history = gevent.spawn(stats_history, env.runner)
    writer = StatsCSVFileWriter(env, PERCENTILES_TO_REPORT, str(report), full_history=True)
    gevent.spawn(writer.stats_writer)
    return history, writer


def _finish_reports(env: Environment, report: Path, history: Any, writer: Any) -> None:
    history.kill()
    writer.close_files()
    page = get_html_report(env, show_download_link=False)  # type: ignore[no-untyped-call]
    report.with_name(report.name + ".html").write_text(page, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    global WORKLOAD, FLOOR
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", required=True, help="the API's base URL")
    parser.add_argument("--workload", required=True, help="JSON from load.common.workload")
    parser.add_argument("--stages", required=True, help="rate:seconds,... e.g. 100:60,200:60")
    parser.add_argument("--out", required=True, help="where to write the stages' figures")
    parser.add_argument("--sut-pids", default="", help="comma-separated process-tree roots")
    parser.add_argument("--warmup-s", type=float, default=30.0)
    parser.add_argument("--settle-s", type=float, default=3.0)
    parser.add_argument("--headroom-s", type=float, default=0.5)
    parser.add_argument(
        "--report", type=Path, help="Locust's HTML report and CSV files: path without suffix"
    )
    parser.add_argument(
        "--control-url", help="the cloud's control server: GC pauses and cold starts a stage"
    )
    parser.add_argument("--floor-endpoint", help="moto's URL: measure each stage's floor too")
    parser.add_argument("--floor-table", help="the table the API reads (with --floor-endpoint)")
    parser.add_argument("--floor-search", help="the OpenSearch URL (with --floor-endpoint)")
    parser.add_argument("--floor-alias", default="artists", help="the index alias the API reads")
    parser.add_argument(
        "--floor-concurrency", type=int, default=32, help="calls in flight (the API's containers)"
    )
    args = parser.parse_args(argv)
    WORKLOAD = Workload(json.loads(Path(args.workload).read_text(encoding="utf-8")))
    if args.floor_endpoint:
        if not (args.floor_table and args.floor_search):
            parser.error("--floor-endpoint needs --floor-table and --floor-search")
        FLOOR = Floor(
            args.floor_endpoint,
            args.floor_table,
            args.floor_search,
            args.floor_alias,
            args.floor_concurrency,
        )
    document = run_stages(
        args.host.rstrip("/"),
        parse_stages(args.stages),
        sut_pids=[int(pid) for pid in args.sut_pids.split(",") if pid],
        warmup_s=args.warmup_s,
        settle_s=args.settle_s,
        headroom_s=args.headroom_s,
        report=args.report,
        floor=FLOOR is not None,
        control_url=args.control_url,
    )
    Path(args.out).write_text(json.dumps(document, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
