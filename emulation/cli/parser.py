"""The `compute-local` command line: every subcommand's flags and handler, and `main`, which
turns a CliError into a message and exit code 2 (Ctrl-C: 130)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import Any

from emulation.cli.common import DEFAULT_ASSEMBLY, DEFAULT_STATE_DIR, RESULTS, CliError
from emulation.cli.data import cmd_decide, cmd_outbox, cmd_seed
from emulation.cli.executions import cmd_fire_rule, cmd_start_execution
from emulation.cli.functions import cmd_invoke, cmd_logs, cmd_reconcile
from emulation.cli.status import cmd_alarms, cmd_status, cmd_stop
from emulation.cli.up import cmd_up
from emulation.credentials import use_fake_aws


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
