"""`compute-local`: run the module on the local cloud, and talk to a running one.

    compute-local up                      start everything, deploy infra/cdk.out, run the
                                          aggregation on the synthetic world, serve until Ctrl-C
    compute-local status | stop           what a run (even a crashed one) left, and ending it
    compute-local invoke api -e e.json    like `sam local invoke` (uses a running `up`, or
                                          starts, deploys, invokes and stops on its own)
    compute-local start-execution [MACHINE] --input file://in.json [--wait]   (or inline JSON)
    compute-local fire-rule NAME [--event e.json]
    compute-local logs FUNCTION [-f]
    compute-local outbox                  every e-mail SES sent (removal confirmation links)
    compute-local decide REQUEST_ID approve|reject   a moderator's decision, signed (SigV4)
                                          with the local credentials
    compute-local seed --artists 1000
    compute-local pipeline ... / find-artists URL   (the pipeline engineer's commands)
    compute-local --version

Commands that need a running cloud find it through `.local-cloud/state.json`; `status` and
`stop` also read `.local-cloud/processes.jsonl`, where every process a run starts is written.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shlex
import signal
import sys
import threading
import time
import urllib.request
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from emulation.credentials import FAKE_AWS_ENV, use_fake_aws
from emulation.lifetime import quiet_closed_output, say

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_ASSEMBLY = ROOT / "infra" / "cdk.out"
DEFAULT_STATE_DIR = ROOT / ".local-cloud"
RESULTS = ROOT / "results"
AGGREGATION_PROGRESS_S = 30.0


class CliError(RuntimeError):
    """A failure the user can act on; printed without a traceback."""


def ensure_assembly(assembly: Path, *, synth: bool = False) -> tuple[Path, float]:
    """The cloud assembly, synthesized from infra/ when missing, older than its sources (so the
    handlers deployed are the code in the tree) or asked; seconds spent."""
    try:
        from emulation.assembly import ensure_assembly as ensure
    except ImportError as exc:  # pragma: no cover - infra ships with the project
        raise CliError(f"{assembly} cannot be synthesized: {exc}") from exc
    from emulation.assembly import DEFAULT_ASSEMBLY

    # Only the project's own assembly is built from infra/; any other is the caller's to keep.
    own = assembly.resolve() == DEFAULT_ASSEMBLY.resolve()
    return ensure(assembly, fresh=synth, if_stale=own)


def running_state(state_dir: Path) -> dict[str, Any] | None:
    from emulation.cloud import read_state

    return read_state(state_dir)


def require_running(state_dir: Path) -> dict[str, Any]:
    state = running_state(state_dir)
    if state is None:
        raise CliError(
            f"no running local cloud (no live {state_dir / 'state.json'}): "
            "start one with `compute-local up` (or `nox -s up`)"
        )
    return state


def control(state: dict[str, Any], action: str, body: dict[str, Any]) -> Any:
    url = state.get("control_url")
    if not url:
        raise CliError("the running local cloud has no control server")
    request = urllib.request.Request(  # noqa: S310 - the local control server on 127.0.0.1
        f"{url}{action}",
        data=json.dumps(body).encode(),
        headers={"content-type": "application/json"},
        method="POST",
    )
    try:
        # control_url is the cloud's own control server on 127.0.0.1 (its state file).
        with urllib.request.urlopen(request, timeout=900) as response:  # noqa: S310  # nosec B310
            return json.loads(response.read())
    except urllib.error.HTTPError as exc:
        detail = json.loads(exc.read() or b"{}").get("error", exc.reason)
        raise CliError(f"{action} failed: {detail}") from exc


def resolve_function(functions: dict[str, str], environments: dict[str, str], name: str) -> str:
    """A deployed function name from a short name (`api`), a full name or an ARN."""
    if name in functions or name.startswith("arn:"):
        return name
    for full, service in environments.items():
        if service == name:
            return full
    squashed = name.replace("-", "").replace("_", "").lower()
    found = [f for f in functions if squashed in f.replace("-", "").replace("_", "").lower()]
    if len(found) == 1:
        return found[0]
    raise CliError(f"no single function matches {name!r}; deployed: {sorted(functions)}")


def _read_event(path: str | None) -> Any:
    if path is None:
        return {}
    return _parse_json(_read_text(path.removeprefix("file://")), path)


def _read_text(path: str) -> str:
    """A file's text ('-': stdin); a missing file is the user's to fix, not a traceback."""
    if path == "-":
        return sys.stdin.read()
    try:
        return Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise CliError(f"cannot read {path}: {exc.strerror or exc}") from exc


def _parse_json(text: str, source: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise CliError(f"{source} is not JSON: {exc}") from exc


def execution_input(value: str) -> str:
    """--input as the aws CLI takes it: inline JSON, or file://PATH (also @PATH); checked to
    be JSON here so a typo fails before an execution starts."""
    for prefix in ("file://", "@"):
        if value.startswith(prefix):
            path = value.removeprefix(prefix)
            text = _read_text(path)
            _parse_json(text, path)
            return text
    _parse_json(value, "--input")
    return value


# -- up ----------------------------------------------------------------------------------------


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
        _write_json(
            Path(args.results),
            {"api_url": cloud.api_url, "ready_s": round(ready_s, 3), "steps": steps},
        )
        execution = _start_aggregation(cloud, world, endpoints, args)
        _print_welcome(cloud, ready_s, execution, Path(args.results), console)
        if args.exit_when_ready:
            return 0
        while not stop.wait(1.0):
            pass
        say("\nStopping the local cloud ...")
        return 0
    finally:
        stop.set()  # from here on, signals wait for the cleanup
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


def _print_welcome(
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


def _write_json(path: Path, document: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")


# -- invoke, executions, rules, logs, seed -----------------------------------------------------


def cmd_invoke(args: argparse.Namespace) -> int:
    event = _read_event(args.event)
    state = running_state(Path(args.state_dir))
    if state is not None and not args.standalone:
        environments = state.get("function_services", {})
        name = resolve_function(state["functions"], environments, args.function)
        result = control(state, "/invoke", {"function": name, "event": event})
    else:
        use_fake_aws()
        from emulation.cloud import LocalCloud

        assembly, _ = ensure_assembly(Path(args.assembly))
        with LocalCloud(
            state_dir=Path(args.state_dir) / "invoke",
            opensearch=not args.no_search,
            scheduler=False,
        ) as cloud:
            cloud.start(assembly)
            deployment = cloud.deployment
            assert deployment is not None
            name = resolve_function(deployment.functions, cloud.function_services(), args.function)
            invoked = cloud.invoke(name, event)
            result = {
                "payload": invoked.payload,
                "function_error": invoked.function_error,
                "logs": invoked.logs,
                "duration_ms": invoked.duration_ms,
            }
    sys.stderr.write(str(result.get("logs", "")))
    print(json.dumps(result.get("payload"), indent=2))
    return 1 if result.get("function_error") else 0


def cmd_reconcile(args: argparse.Namespace) -> int:
    """Run the deployed reconcile function now (as its hourly schedule does) and print its
    report: what differed between the table and the index, and what was re-driven."""
    state = require_running(Path(args.state_dir))
    name = resolve_function(state["functions"], state.get("function_services", {}), "reconcile")
    result = control(state, "/invoke", {"function": name, "event": {"dryRun": args.dry_run}})
    if result.get("function_error"):
        sys.stderr.write(str(result.get("logs", "")))
    print(json.dumps(result.get("payload"), indent=2))
    report = result.get("payload") or {}
    return 1 if result.get("function_error") or report.get("failed") else 0


# -- status, stop ------------------------------------------------------------------------------


def cmd_status(args: argparse.Namespace) -> int:
    """What the state directory says is running: the owner and each process it started, with
    their ports. Exit 0 while a cloud serves, 1 when only leftovers of a run are alive, 3 when
    nothing is (as systemctl status)."""
    from emulation.lifetime import ProcessRecord

    state_dir = Path(args.state_dir)
    state = running_state(state_dir)
    alive = ProcessRecord(state_dir).alive()
    if state is not None:
        print(f"running: pid {state['pid']} since {state.get('started_at', '?')}")
        for key in ("api_url", "endpoint_url", "opensearch_url", "control_url"):
            if state.get(key):
                print(f"  {key:<15} {state[key]}")
    elif alive:
        print(f"not serving; a run left {len(alive)} process(es): `compute-local stop` ends them")
    else:
        print(f"stopped: nothing of a run is left ({state_dir})")
    for entry in sorted(alive, key=lambda e: (e.what != "owner", e.what, e.pid)):
        ports = f"  ports {', '.join(map(str, entry.ports))}" if entry.ports else ""
        print(f"  {entry.pid:>8}  {entry.what}{ports}")
    return 0 if state is not None else (1 if alive else 3)


def cmd_alarms(args: argparse.Namespace) -> int:
    """Every alarm of the running cloud: state, last reason, and whether it can fire locally."""
    from emulation.alarms.report import alarm_report, render

    state = require_running(Path(args.state_dir))
    entries = alarm_report(state["endpoint_url"])
    print(json.dumps({"alarms": entries}, indent=2) if args.json else render(entries))
    return 0


def cmd_stop(args: argparse.Namespace) -> int:
    """Stop the cloud of this state directory (SIGTERM: its own clean shutdown), then SIGKILL
    whatever it started that is still alive, e.g. what a crashed run left."""
    from emulation.lifetime import ProcessRecord, stop_recorded

    state_dir = Path(args.state_dir)
    record = ProcessRecord(state_dir)
    stopped = stop_recorded(record, grace_s=args.timeout)
    left = record.alive()
    record.prune()
    if running_state(state_dir) is None:
        with contextlib.suppress(FileNotFoundError):
            (state_dir / "state.json").unlink()
    if not stopped:
        print(f"nothing to stop in {state_dir}")
    for entry in stopped:
        print(f"stopped {entry.what} (pid {entry.pid})")
    if left:
        raise CliError(f"still alive: {', '.join(f'{e.what} (pid {e.pid})' for e in left)}")
    return 0


def cmd_start_execution(args: argparse.Namespace) -> int:
    state = require_running(Path(args.state_dir))
    use_fake_aws()
    import boto3

    machines: dict[str, str] = state.get("state_machines", {})
    if args.state_machine:
        matches = [
            arn
            for name, arn in machines.items()
            if args.state_machine in (name, arn) or args.state_machine.lower() in name.lower()
        ]
    else:
        matches = list(machines.values())
    if len(matches) != 1:
        raise CliError(f"name one state machine of {sorted(machines)}")
    text = execution_input(args.input)
    sfn = boto3.client("stepfunctions", endpoint_url=state["endpoint_url"])
    name = args.name or f"cli-{int(time.time())}-{os.getpid()}"
    arn = sfn.start_execution(stateMachineArn=matches[0], name=name, input=text)["executionArn"]
    print(arn)
    if args.wait:
        while True:
            described = sfn.describe_execution(executionArn=arn)
            if described["status"] != "RUNNING":
                break
            time.sleep(0.5)
        print(json.dumps({k: described.get(k) for k in ("status", "output", "error", "cause")}))
        return 0 if described["status"] == "SUCCEEDED" else 1
    return 0


def cmd_fire_rule(args: argparse.Namespace) -> int:
    state = require_running(Path(args.state_dir))
    body: dict[str, Any] = {"name": args.rule}
    if args.event:
        body["event"] = _read_event(args.event)
    results = control(state, "/fire-rule", body)
    print(json.dumps(results, indent=2, default=str))
    return 1 if any(r.get("error") for r in results) else 0


def cmd_logs(args: argparse.Namespace) -> int:
    state = running_state(Path(args.state_dir))
    log_dir = Path(state["log_dir"]) if state else Path(args.state_dir) / "logs"
    name = args.function
    if state is not None:
        name = resolve_function(state["functions"], state.get("function_services", {}), name)
    path = log_dir / f"{name}.log"
    if not path.exists():
        known = sorted(p.stem for p in log_dir.glob("*.log"))
        raise CliError(f"no log for {name!r} in {log_dir}; logs: {known}")
    with path.open(encoding="utf-8", errors="replace") as log:
        lines = log.readlines()
        sys.stdout.writelines(lines[-args.lines :] if args.lines else lines)
        sys.stdout.flush()
        while args.follow:
            line = log.readline()
            if line:
                sys.stdout.write(line)
                sys.stdout.flush()
            else:
                time.sleep(0.25)
    return 0


def cmd_outbox(args: argparse.Namespace) -> int:
    from emulation import outbox

    state = running_state(Path(args.state_dir))
    directory = Path(state["outbox_dir"]) if state else Path(args.state_dir) / "outbox"
    mails = [vars(mail) for mail in outbox.read(directory)]
    print(json.dumps(mails[-args.last :] if args.last else mails, indent=2))
    return 0


def cmd_decide(args: argparse.Namespace) -> int:
    from emulation import sigv4
    from emulation.apigw import LOCAL_CREDENTIALS
    from emulation.aws import REGION

    state = require_running(Path(args.state_dir))
    url = f"{state['api_url']}/v1/removal-requests/{args.request_id}/decision"
    body = json.dumps({"decision": args.decision}).encode()
    headers = sigv4.sign(
        "POST",
        url,
        body,
        {"Content-Type": "application/json"},
        credentials=LOCAL_CREDENTIALS,
        region=REGION,
    )
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=35) as reply:  # noqa: S310 (local URL)
            print(reply.read().decode())
            return 0
    except urllib.error.HTTPError as error:
        print(error.read().decode())
        return 1


def cmd_seed(args: argparse.Namespace) -> int:
    state = require_running(Path(args.state_dir))
    try:
        from emulation.seed import seed_artists
    except ImportError as exc:
        raise CliError(
            f"seeding needs emulation.seed.seed_artists, which is missing: {exc}"
        ) from exc
    table = args.table or state["outputs"].get("TableName")
    if not table:
        raise CliError("the deployment has no TableName output: pass --table")
    use_fake_aws()
    ids = seed_artists(table, args.artists, seed=args.seed, endpoint_url=state["endpoint_url"])
    print(f"Wrote {len(ids)} artists to {table}; the stream feeds them to the index.")
    return 0


# -- parser ------------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="compute-local", description="The compute module on a local cloud (no Docker)."
    )
    parser.add_argument(
        "--state-dir", default=str(DEFAULT_STATE_DIR), help="where a running cloud is recorded"
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    commands = parser.add_subparsers(dest="command", required=True)

    up = commands.add_parser("up", help="start everything and serve until Ctrl-C")
    up.add_argument("--assembly", default=str(DEFAULT_ASSEMBLY), help="the cdk.out to deploy")
    up.add_argument("--synth", action="store_true", help="synthesize infra/ first")
    up.add_argument("--results", default=str(RESULTS / "up.json"))
    up.add_argument("--no-pipeline", action="store_true", help="skip the aggregation run")
    up.add_argument(
        "--no-search", action="store_true", help="no OpenSearch (templates without a domain)"
    )
    up.add_argument("--studios", type=int, default=30, help="studios in the synthetic world")
    up.add_argument("--seed", type=int, default=7, help="the synthetic world's seed")
    up.add_argument("--api-port", type=int, default=None, help="serve the API on this port")
    up.add_argument(
        "--console-port", type=int, default=0, help="serve the console on this port (0: any)"
    )
    up.add_argument("--no-console", action="store_true", help="do not serve the web console")
    up.add_argument(
        "--container",
        action="append",
        metavar="NAME=COMMAND",
        help="run ECS container NAME as this local command (default: scraper=python -m "
        "compute.scraper)",
    )
    up.add_argument(
        "--alarm-time-scale",
        type=float,
        default=1.0,
        help="divide alarm periods by this (60: a 5-minute period lasts 5 s)",
    )
    up.add_argument(
        "--no-alarms",
        action="store_true",
        help="do not evaluate alarms (API benchmarks: a pass stalls the gateway's process)",
    )
    up.add_argument(
        "--exit-when-ready", action="store_true", help="stop once ready (measures start-up)"
    )
    up.set_defaults(handler=cmd_up)

    status = commands.add_parser("status", help="what is running (or left) and on which ports")
    status.set_defaults(handler=cmd_status)

    stop = commands.add_parser("stop", help="stop the running cloud and anything a run left")
    stop.add_argument(
        "--timeout", type=float, default=60.0, help="seconds for a clean stop before SIGKILL"
    )
    stop.set_defaults(handler=cmd_stop)

    invoke = commands.add_parser("invoke", help="invoke one function with an event file")
    invoke.add_argument("function", help="short name (api, sync, ...), full name or ARN")
    invoke.add_argument(
        "-e", "--event", help="JSON event file (file://PATH too, '-' for stdin); default {}"
    )
    invoke.add_argument("--assembly", default=str(DEFAULT_ASSEMBLY))
    invoke.add_argument(
        "--standalone", action="store_true", help="ignore a running cloud: start one for this"
    )
    invoke.add_argument("--no-search", action="store_true", help="standalone without OpenSearch")
    invoke.set_defaults(handler=cmd_invoke)

    reconcile = commands.add_parser(
        "reconcile", help="compare the index with the table now, re-drive every difference"
    )
    reconcile.add_argument("--dry-run", action="store_true", help="report, change nothing")
    reconcile.set_defaults(handler=cmd_reconcile)

    execution = commands.add_parser("start-execution", help="start a state machine execution")
    execution.add_argument("state_machine", nargs="?", help="name (or part of it) or ARN")
    execution.add_argument(
        "--input", default="{}", help="JSON, or file://PATH as the aws CLI takes it (@PATH too)"
    )
    execution.add_argument("--name", help="execution name (default: generated)")
    execution.add_argument("--wait", action="store_true", help="wait and print the outcome")
    execution.set_defaults(handler=cmd_start_execution)

    fire = commands.add_parser("fire-rule", help="fire an EventBridge rule now")
    fire.add_argument("rule", help="rule name")
    fire.add_argument("--event", help="event file for a pattern rule (default: synthetic)")
    fire.set_defaults(handler=cmd_fire_rule)

    logs = commands.add_parser("logs", help="print a function's log")
    logs.add_argument("function")
    logs.add_argument("-n", "--lines", type=int, default=200, help="last N lines (0: all)")
    logs.add_argument("-f", "--follow", action="store_true")
    logs.set_defaults(handler=cmd_logs)

    mail = commands.add_parser("outbox", help="print the e-mails SES sent (JSON)")
    mail.add_argument("-n", "--last", type=int, default=0, help="only the last N (0: all)")
    mail.set_defaults(handler=cmd_outbox)

    decide = commands.add_parser("decide", help="approve or reject a confirmed removal request")
    decide.add_argument("request_id")
    decide.add_argument("decision", choices=("approve", "reject"))
    decide.set_defaults(handler=cmd_decide)

    alarms = commands.add_parser(
        "alarms", help="every alarm: state, last reason, whether anything local emits its metric"
    )
    alarms.add_argument("--json", action="store_true", help="one JSON document")
    alarms.set_defaults(handler=cmd_alarms)

    seed = commands.add_parser("seed", help="write synthetic artists to the running cloud")
    seed.add_argument("--artists", type=int, required=True)
    seed.add_argument("--seed", type=int, default=0)
    seed.add_argument("--table", help="table name (default: the TableName output)")
    seed.set_defaults(handler=cmd_seed)

    try:
        from emulation import pipeline_run
    except ImportError:
        pipeline_run = None  # type: ignore[assignment]
    if pipeline_run is not None:
        pipeline = commands.add_parser("pipeline", help="run and score the aggregation")
        pipeline_run.add_pipeline_arguments(pipeline)
        pipeline.set_defaults(handler=lambda a: _fake_env_then(pipeline_run.pipeline_command, a))
        find = commands.add_parser("find-artists", help="read one studio site")
        pipeline_run.add_find_artists_arguments(find)
        find.set_defaults(handler=pipeline_run.find_artists_command)
    return parser


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("tattoo-directory-compute")
    except PackageNotFoundError:  # run from a checkout that was never installed
        return "unknown (not installed)"


def _fake_env_then(command: Any, args: argparse.Namespace) -> int:
    use_fake_aws()
    return int(command(args))


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.handler(args))
    except CliError as exc:
        print(f"compute-local: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
