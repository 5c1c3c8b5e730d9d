"""A running local cloud as the commands find and drive it: its state file, its control
server, and its functions by short name."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

from emulation.cli.common import CliError


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
