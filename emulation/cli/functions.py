"""`compute-local invoke`, `reconcile` and `logs`: one deployed function, run by hand or read."""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from emulation.cli.common import CliError, ensure_assembly
from emulation.cli.inputs import read_event
from emulation.cli.running import control, require_running, resolve_function, running_state
from emulation.credentials import use_fake_aws


def cmd_invoke(args: argparse.Namespace) -> int:
    event = read_event(args.event)
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
