"""`compute-local start-execution` and `fire-rule`: a state machine execution or an EventBridge
rule started by hand on the running cloud."""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path
from typing import Any

from emulation.cli.common import CliError
from emulation.cli.inputs import execution_input, read_event
from emulation.cli.running import control, require_running
from emulation.credentials import use_fake_aws


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
        body["event"] = read_event(args.event)
    results = control(state, "/fire-rule", body)
    print(json.dumps(results, indent=2, default=str))
    return 1 if any(r.get("error") for r in results) else 0
