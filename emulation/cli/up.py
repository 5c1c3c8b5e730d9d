"""`compute-local up`: start the local cloud, deploy the assembly, start one aggregation on the
synthetic world, print how to use it, and serve until Ctrl-C (or stop once ready)."""

from __future__ import annotations

import argparse
import contextlib
import os
import shlex
import signal
import threading
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from emulation.cli.common import CliError, ensure_assembly, write_json
from emulation.credentials import FAKE_AWS_ENV, use_fake_aws
from emulation.lifetime import quiet_closed_output, say

AGGREGATION_PROGRESS_S = 30.0


def cmd_up(args: argparse.Namespace) -> int:
    use_fake_aws()
    from emulation.cloud import LocalCloud

    state_dir = Path(args.state_dir)
    assembly, synth_s = ensure_assembly(Path(args.assembly), synth=args.synth)
    began = time.perf_counter()  # ready_s counts from here: synthesis is `nox -s synth`'s
    world, endpoints, extra_env, world_s = _start_world(args)
    containers: dict[str, list[str]] = {}
    for mapping in args.container or []:
        name, _, command = mapping.partition("=")
        if not name or not command:
            raise CliError(f"--container expects NAME=COMMAND, got {mapping!r}")
        containers[name] = shlex.split(command)
    cloud = LocalCloud(
        state_dir=state_dir,
        extra_env=extra_env,
        container_commands=containers,
        opensearch=not args.no_search,
        control_server=True,
        alarm_time_scale=args.alarm_time_scale,
        evaluate_alarms=not args.no_alarms,
        api_ports={} if args.api_port is None else {"*": args.api_port},
    )
    from emulation.gc_pauses import GcPauses, freeze_wanted

    cloud.gc_pauses = GcPauses(freeze=freeze_wanted()).install()
    stop = threading.Event()
    ready = threading.Event()

    def on_signal(signum: int, frame: object) -> None:
        if stop.is_set():
            return  # cleanup is under way; a second Ctrl-C must not cut it short
        stop.set()
        if not ready.is_set():
            raise KeyboardInterrupt  # still starting: stop now, not once ready

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    console = None
    try:
        cloud.start(assembly)
        ready.set()
        if not args.no_console:
            from emulation.console import Console

            results_dir = Path(args.results).parent
            console = Console(cloud, results_dir=results_dir, port=args.console_port).start()
            # `compute-local status` lists the console's port with the cloud's own.
            ports = [*cloud.own_ports(), urlsplit(console.url).port]
            cloud.record.add(os.getpid(), "owner", [port for port in ports if port])
        ready_s = time.perf_counter() - began
        steps = {**({"synth": round(synth_s, 3)} if synth_s else {}), **cloud.steps}
        if world is not None:
            steps["world"] = round(world_s, 3)
        say(cloud.deployment.format_report() if cloud.deployment else "")
        write_json(
            Path(args.results),
            {"api_url": cloud.api_url, "ready_s": round(ready_s, 3), "steps": steps},
        )
        execution = _start_aggregation(cloud, world, endpoints, args)
        print_welcome(cloud, ready_s, execution, Path(args.results), console)
        if args.exit_when_ready:
            return 0
        while not stop.wait(1.0):
            pass
        say("\nStopping the local cloud ...")
        return 0
    finally:
        stop.set()  # from here on, signals wait for the cleanup
        cloud.gc_pauses.uninstall()  # counting collections of a cloud shutting down is waste
        quiet_closed_output()  # a reader that left first (`| tee`) must not stop the cleanup
        try:
            if console is not None:
                console.stop()
            cloud.stop()
        finally:
            if world is not None:
                world.stop()


def _start_world(args: argparse.Namespace) -> tuple[Any, Any, dict[str, str], float]:
    """The synthetic world, when the pipeline exists and it was not switched off."""
    if args.no_pipeline:
        return None, None, {}, 0.0
    try:
        from emulation.pipeline_run import NO_PROXY
        from emulation.world import World
    except ImportError as exc:
        print(f"The aggregation is skipped: the synthetic world is not available ({exc}).")
        return None, None, {}, 0.0
    started = time.perf_counter()
    world = World(seed=args.seed, studios=args.studios)
    endpoints = world.start()
    env = {
        "HTTP_PROXY": endpoints.proxy_url,
        "http_proxy": endpoints.proxy_url,
        "NO_PROXY": NO_PROXY,
        "no_proxy": NO_PROXY,
    }
    return world, endpoints, env, time.perf_counter() - started


def _start_aggregation(cloud: Any, world: Any, endpoints: Any, args: argparse.Namespace) -> str:
    """Start one aggregation run on the world, in the background; '' when skipped."""
    if world is None:
        return ""
    machines = cloud.deployment.state_machines if cloud.deployment else {}
    if not machines:
        print("The aggregation is skipped: the template has no state machine.")
        return ""
    from emulation.pipeline_run import QUERIES, point_functions_at_world, progress_line

    point_functions_at_world(cloud, endpoints)
    run_id = f"up-{int(time.time())}"
    machine = next(iter(machines.values()))
    arn = str(
        cloud.start_execution(
            machine,
            {"runId": run_id, "cities": [world.city.name], "queries": list(QUERIES)},
            name=run_id,
        )
    )

    queue_url = _scrape_queue_url(cloud)

    def report() -> None:
        with contextlib.suppress(Exception):  # the cloud may be stopping
            described = cloud.wait_execution(
                arn,
                timeout_s=3 * 3600,
                progress=lambda elapsed: say(
                    f"Aggregation {run_id}:", progress_line(cloud, arn, queue_url, elapsed).strip()
                ),
                progress_every_s=AGGREGATION_PROGRESS_S,
            )
            say(f"\nAggregation {run_id} finished: {described['status']}")

    threading.Thread(target=report, name="aggregation-watch", daemon=True).start()
    return arn


def _scrape_queue_url(cloud: Any) -> str:
    """The scrape-job queue the aggregation fills (from queue-scraping's environment)."""
    for name in cloud.runtime.functions():
        environment = cloud.runtime.spec(name).environment
        if environment.get("SCRAPE_QUEUE_URL"):
            return str(environment["SCRAPE_QUEUE_URL"])
    return ""


def aws_exports(endpoint_url: str) -> list[str]:
    """What the aws CLI and boto3 need to talk to the local cloud, as shell lines."""
    env = {"AWS_ENDPOINT_URL": endpoint_url, **FAKE_AWS_ENV}
    return [f"export {key}={shlex.quote(value)}" for key, value in env.items()]


def print_welcome(
    cloud: Any, ready_s: float, execution: str, results: Path, console: Any = None
) -> None:
    url = cloud.api_url
    lines = [
        "",
        f"Local cloud ready in {ready_s:.1f} s ({results}).",
        f"  API:          {url}",
    ]
    if console is not None:
        lines.append(f"  Console:      {console.url}   (read-only, refreshes itself)")
    lines += [
        f"  AWS (moto):   {cloud.endpoint_url}",
        f"  Dashboard:    {cloud.endpoint_url}/moto-api/   (moto's)",
        f"  OpenSearch:   {cloud.opensearch_url}",
        f"  Logs:         {cloud.log_dir}",
        "",
        "For the aws CLI and boto3 (fake credentials: nothing here can reach AWS):",
        *(f"  {line}" for line in aws_exports(cloud.endpoint_url)),
    ]
    if execution:
        name = execution.rsplit(":", 1)[-1]
        lines += [
            "",
            f"The aggregation is running (progress below every {AGGREGATION_PROGRESS_S:.0f} s):",
            *(
                [f"  {console.url}executions/{name}   (its graph, live)"]
                if console is not None
                else []
            ),
            f"  aws stepfunctions describe-execution --execution-arn {execution}",
            f"  aws stepfunctions get-execution-history --execution-arn {execution}",
        ]
    lines += [
        "",
        "Try:",
        f"  curl -s {url}/health",
        f"  curl -s '{url}/v1/artists?style=blackwork&limit=5'",
        f"  curl -s '{url}/v1/artists?near=53.8,-1.55&radius_km=10&sort=distance'",
        f"  curl -s {url}/v1/styles",
        "  compute-local seed --artists 1000",
        "  compute-local logs api",
        "",
        "Ctrl-C stops everything.",
    ]
    say("\n".join(lines))
