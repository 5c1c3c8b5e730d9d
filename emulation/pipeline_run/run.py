"""`compute-local pipeline`: the aggregation state machine end to end on the synthetic world,
measured and scored into results/pipeline.json.

Starts the world (Places API + studio sites behind a proxy) and the local cloud from the
synthesized template, points the functions and the scraper tasks at the world (PLACES_API_URL,
HTTP_PROXY, the Places key secret), starts one execution with the world's city and the usual
queries, waits for it, then scores what landed in the table against the world's ground truth:
precision and recall by Instagram handle, duplicates, robots.txt and politeness violations from
the world's request log, throughput, failures by reason, and the peak memory of every process.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from collections import Counter
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from emulation.pipeline_run.aws_calls import AwsCallMeter
from emulation.pipeline_run.breakdown import METER_THREAD, Phase, cpu_figures, run_floor
from emulation.pipeline_run.readings import (
    MemorySampler,
    dead_letter_url,
    drain_failures,
    map_concurrency,
    phase_seconds,
    phase_spans,
    progress_line,
    queue_depth,
    scan_items,
)
from emulation.pipeline_run.scoring import browser_figures, score_artists
from emulation.pipeline_run.stack import (
    NO_PROXY,
    function_env,
    local_assembly,
    point_functions_at_world,
    synthesize,
)
from emulation.pipeline_run.world_process import WorldProcess

QUERIES = ("tattoo studio", "tattoo shop", "tattoo parlour", "tattoo artist")
# The aggregation's top-level states that read studio sites, in order.
STUDIO_MAP, SCRAPERS_MAP = "ForEachStudio", "RunScrapers"


def site_phases(sfn: Any, described: Mapping[str, Any]) -> list[Phase]:
    """The studio Map (find-artists, its MaxConcurrency studios at once) and the scraper tasks
    (RunScrapers' MaxConcurrency tasks, each with SCRAPER_CONSUMERS receive loops), in the
    monotonic clock the world stamps its request records with."""
    from compute.scraper.worker import WorkerSettings

    limits = map_concurrency(sfn, described)
    consumers = WorkerSettings.from_env().consumers  # the tasks inherit this environment
    offset = time.time() - time.monotonic()  # CLOCK_MONOTONIC is the machine's, every process's
    spans = phase_spans(sfn, str(described["executionArn"]))
    concurrency = {
        STUDIO_MAP: limits.get(STUDIO_MAP, 1),
        SCRAPERS_MAP: limits.get(SCRAPERS_MAP, 1) * consumers,
    }
    return [
        Phase(name, began.timestamp() - offset, ended.timestamp() - offset, concurrency[name])
        for name, (began, ended) in spans.items()
        if name in concurrency
    ]


def run_pipeline(args: argparse.Namespace) -> dict[str, Any]:
    from emulation.cloud import LocalCloud

    state_dir = Path(args.state_dir)
    state_dir.mkdir(parents=True, exist_ok=True)
    assembly, dropped = local_assembly(synthesize(Path(args.assembly), fresh=args.synth), state_dir)
    deviations = [f"ASL field dropped for moto: {d}" for d in dropped]
    world = WorldProcess(args.seed, args.studios, state_dir, browser_only=args.browser_only_sites)
    endpoints = world.start()
    truth = world.model.ground_truth()
    scraper_env = {
        "HTTP_PROXY": endpoints.proxy_url,
        "http_proxy": endpoints.proxy_url,
        "NO_PROXY": NO_PROXY,
        "no_proxy": NO_PROXY,
        "IDLE_EXIT_S": str(args.idle_exit_s),
    }
    if args.no_browser:
        scraper_env["SCRAPER_BROWSER"] = "off"
    if not args.search:
        os.environ.setdefault("OPENSEARCH_URL", "")
    # The Map step's 30 find-artists containers would idle through the scrapers' phase, holding
    # 1.2-1.5 GB of this machine (AWS reclaims idle ones at no cost to us): retire them sooner.
    os.environ.setdefault("LOCAL_LAMBDA_IDLE_S", "30")
    cloud = LocalCloud(
        state_dir=state_dir,
        opensearch=args.search,
        extra_env=scraper_env,
        scheduler=False,
    )
    result: dict[str, Any] = {}
    # The local cloud's moto server patches TransactWriteItems (emulation.aws) on start.
    deviations.append("moto TransactWriteItems: conditions checked first, no table copy")
    try:
        with MemorySampler() as memory, AwsCallMeter() as aws_calls:
            cloud.start(assembly)
            point_functions_at_world(cloud, endpoints)
            table = function_env(cloud, "queue-scraping")["TABLE_NAME"]
            env = function_env(cloud, "queue-scraping")
            run_id = f"pipeline-{int(time.time())}"
            execution_input: dict[str, Any] = {
                "runId": run_id,
                "cities": [world.model.city.name],
                "queries": list(args.queries),
            }
            if args.max_studios:
                execution_input["maxStudios"] = args.max_studios
            memory.sample()
            memory.cpu.restart()  # the CPU breakdown covers the execution, not the cloud's start
            aws_calls.restart()
            began = time.perf_counter()
            arn = cloud.start_execution("Aggregation", execution_input, name=run_id)
            print(f"Aggregation {run_id} started ({args.studios} studios in the world)", flush=True)
            described = cloud.wait_execution(
                arn,
                timeout_s=args.timeout_s,
                progress=lambda elapsed: print(
                    progress_line(cloud, arn, env["SCRAPE_QUEUE_URL"], elapsed), flush=True
                ),
            )
            wall_s = time.perf_counter() - began
        result = _measure(
            cloud, world, truth, table, env, described, run_id, wall_s, memory, aws_calls, args
        )
        result["local_deviations"] = deviations
    finally:
        cloud.stop()
        world.stop()
    return result


def _measure(
    cloud: Any,
    world: Any,
    truth: Mapping[str, Any],
    table: str,
    env: Mapping[str, str],
    described: Mapping[str, Any],
    run_id: str,
    wall_s: float,
    memory: MemorySampler,
    aws_calls: AwsCallMeter,
    args: argparse.Namespace,
) -> dict[str, Any]:
    dynamodb = cloud.client("dynamodb")
    sqs = cloud.client("sqs")
    artists = list(scan_items(dynamodb, table, "artist"))
    studios = [s for s in scan_items(dynamodb, table, "studio") if s.get("runId") == run_id]
    scores = score_artists(artists, truth)
    found_path = Path(args.state_dir) / "artists-found.json"
    found_path.write_text(
        json.dumps(sorted(str(a.get("instagramHandle") or "") for a in artists)), encoding="utf-8"
    )
    from emulation.world import politeness_report

    records = list(world.records())
    polite = politeness_report(world.model, records, min_delay_s=1.0)
    sfn = cloud.client("stepfunctions")
    floor = run_floor(
        world.model,
        records,
        map_concurrency(sfn, described).get(STUDIO_MAP, 1),
        site_phases(sfn, described),
    )
    failures: Counter[str] = Counter()
    output = described.get("output")
    summary = json.loads(output) if isinstance(output, str) else {}
    for reason, count in dict(summary.get("failures") or {}).items():
        failures[f"scrape:{reason}"] += int(count)
    failures.update(drain_failures(sqs, env["PIPELINE_FAILURES_QUEUE_URL"]))
    dlq_url = dead_letter_url(sqs, env["SCRAPE_QUEUE_URL"])
    if dlq_url:
        dead = queue_depth(sqs, dlq_url)
        if dead:
            failures["scrape:dead_lettered"] = dead
    left = queue_depth(sqs, env["SCRAPE_QUEUE_URL"])
    if left:
        failures["scrape:left_on_queue"] = left
    studio_count = len(studios)
    return {
        "studios": studio_count,
        "artists_found": scores.artists_found,
        "precision": scores.precision,
        "recall": scores.recall,
        "duplicates": scores.duplicates,
        "studios_per_hour": round(studio_count / wall_s * 3600, 1) if wall_s else 0.0,
        "pages_per_s": round(polite.requests / wall_s, 2) if wall_s else 0.0,
        "robots_violations": polite.robots_violations,
        "politeness_violations": polite.politeness_violations,
        "failures": dict(sorted(failures.items())),
        "browser": browser_figures(summary, studio_count),
        "wall_s": round(wall_s, 1),
        "max_rss_mb": memory.peak_mb,
        "max_pss_mb": memory.peak_pss_mb,
        "max_pss_mb_by_part": memory.peak_pss_mb_by_part(),
        "floor": floor.as_dict(studio_count, wall_s),
        "aws_calls": aws_calls.figures(studio_count),
        "cpu_s": {
            **cpu_figures(
                memory.cpu.by_part(),
                studio_count,
                os.cpu_count() or 1,
                meter_s=memory.cpu.cloud_threads(top=None).get(METER_THREAD, 0.0),
            ),
            "local_cloud_threads": memory.cpu.cloud_threads(),
            "other_processes": memory.cpu.others(),
            "definition": (
                "CPU seconds of the run's processes from the execution's start to its end, by part "
                "(the local cloud's own process by thread group); the world plays the web and the "
                "meter (this run's sampling thread, in the cloud's process) measures it: neither "
                "is the system"
            ),
        },
        # Context for a person reading the figures.
        "status": described.get("status"),
        "run_id": run_id,
        "world": {"seed": args.seed, "studios": args.studios, "city": world.model.city.name},
        "recall_definition": (
            "by Instagram handle, over artists of operational studios whose website answers "
            "(conditions ok, slow, flaky, malformed)"
        ),
        "recall_with_unresponsive_sites": scores.recall_with_unresponsive,
        "recall_all_artists": scores.recall_all,
        "requests": polite.requests,
        "hosts": polite.hosts,
        "violation_examples": polite.examples,
        "false_positive_examples": scores.false_positives,
        "summary": summary,
        "scraper_tasks": 10,
        "phases_s": phase_seconds(cloud.client("stepfunctions"), str(described["executionArn"])),
    }
