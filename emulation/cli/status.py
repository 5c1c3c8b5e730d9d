"""`compute-local status`, `alarms` and `stop`: what a run is doing (its processes and ports, its
alarms), and ending it, even when a crashed run left processes behind."""

from __future__ import annotations

import argparse
import contextlib
import json
from pathlib import Path

from emulation.cli.common import CliError
from emulation.cli.running import require_running, running_state


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
    entries = alarm_report(state["endpoint_url"], state.get("metric_sources"))
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
