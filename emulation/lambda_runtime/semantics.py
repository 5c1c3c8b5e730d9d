"""What Lambda does with a function and an invocation, apart from processes and pipes (pure).

A function as the template describes it, an invocation's outcome and its errors; how many
containers a function may have and when a waiting call may start one (the local scaling rule,
see below); the environment a container sees; the error documents AWS returns for a timeout or
a dead runtime; and the START/END/REPORT lines Lambda writes around an invocation's output.
`containers.py` runs the processes, `runtime.py` drives an invocation.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

LOCAL_CONCURRENCY_CAP = 32
# A call waiting for a container starts another when none came free for GROW_AFTER_S, or when
# it has waited QUEUED_GROW_AFTER_S in all. Growing whenever a call had waited 0.1 s made short
# API calls start containers whenever the machine was busy (the search node's JIT, a merge): each
# start took a second of CPU from the warm ones, so calls waited longer and started more (23 in
# a 30 s stage, p95 580-960 ms). Containers that keep freeing up mean calls wait for a core, not
# a container. The queue rule at 0.3 s fed the same loop at 200/s (28 starts, p95 746 ms).
GROW_AFTER_S = 0.1
QUEUED_GROW_AFTER_S = 1.0
# At most this many containers of a function initialise at once. A stall made every waiting
# call start one: 22 API cold starts at once took 5 s each on two cores and stalled the 200/s
# load stage for 2.5 s (each start slowed the rest, so more calls waited); five at once, within
# the eager ones, stalled the 100/s stage for ~1.7 s. A warm container frees up in milliseconds.
COLD_STARTS_AT_ONCE = 2
# Past one container per core, only while the machine has a core to give it: at least
# SPARE_CORES_TO_GROW idle over the last moment (`cpu.SpareCores`). With the waits alone, the
# API grew by 13 containers in a 100/s stage and 16 in a 200/s one, to the cap of 32 on two
# cores: each start took the warm ones' CPU, so calls waited and started more. A call that
# waited STARVED_GROW_AFTER_S starts one anyway (the cores are busy with something else, and
# the pool's own calls still need a container).
SPARE_CORES_TO_GROW = 0.5
STARVED_GROW_AFTER_S = 3.0
# An idle container retires once idle this long (LOCAL_LAMBDA_IDLE_S overrides; 0 never). AWS
# reclaims idle execution environments after some minutes, at no cost to us; here each one holds
# 40-50 MB of the machine, and the pipeline's 30 find-artists containers, idle once its Map step
# ended, held 1.4 GB through the scrapers' phase.
IDLE_RETIRE_S = 300.0
RUNTIME_NAME = "python3.12"
# Variables a worker inherits from this process; everything else comes from the function spec.
INHERITED_ENV = ("PATH", "HOME", "LANG", "LC_ALL", "TZ", "TMPDIR", "SSL_CERT_FILE", "VIRTUAL_ENV")


@dataclass
class FunctionSpec:
    """A function as the template describes it."""

    name: str
    arn: str
    handler: str
    code_dir: Path
    environment: dict[str, str] = field(default_factory=dict)
    memory_mb: int = 128
    timeout_s: float = 3.0
    reserved_concurrency: int | None = None
    log_group: str | None = None
    runtime: str | None = None  # the template's Runtime ("python3.12"); None: this interpreter

    @property
    def log_group_name(self) -> str:
        return self.log_group or f"/aws/lambda/{self.name}"


@dataclass
class InvokeResult:
    """One invocation's outcome; `function_error` is "Unhandled" when the function failed."""

    payload: Any
    function_error: str | None
    logs: str
    duration_ms: float
    cold_start: bool
    request_id: str


class FunctionNotFound(LookupError):
    """No function of that name or ARN is registered."""


class Throttled(RuntimeError):
    """The invocation was refused (reserved concurrency 0 or the `throttle` fault)."""


class WorkerDied(RuntimeError):
    """The worker process ended without answering (the invocation counts as failed)."""


def container_cap(spec: FunctionSpec) -> int:
    """How many containers the function may have here: its reserved concurrency, capped."""
    if spec.reserved_concurrency is None:
        return LOCAL_CONCURRENCY_CAP
    return min(spec.reserved_concurrency, LOCAL_CONCURRENCY_CAP)


def may_start(size: int, cap: int, starting: int) -> bool:
    """Whether another container may start: room under the cap, and few initialising now."""
    return size < cap and starting < COLD_STARTS_AT_ONCE


def grow_at(now: float, size: int, waited_from: float, freed_at: float) -> float:
    """When a call waiting since `waited_from` may start a container (monotonic seconds).

    The first container starts at once. Another starts only for a call that waited
    GROW_AFTER_S while no container came free (the busy ones are in long calls), or
    QUEUED_GROW_AFTER_S in all (the queue outgrows the pool). While containers keep freeing up,
    short calls are waiting for a core, and a cold start (half a second of CPU or more) only
    takes more from them.
    """
    if size == 0:
        return now
    return min(max(waited_from, freed_at) + GROW_AFTER_S, waited_from + QUEUED_GROW_AFTER_S)


def core_to_spare(size: int, cores: int, idle_cores: float, waited_s: float) -> bool:
    """Whether a waiting call that may grow the pool (`grow_at`) finds a core for the new
    container. Up to one container per core starts on the waits alone: they can all run at
    once. Past that a container only adds a process competing for the same cores, unless
    SPARE_CORES_TO_GROW of them were idle a moment ago (the busy containers are waiting, not
    computing) or the call has waited STARVED_GROW_AFTER_S."""
    return size < cores or idle_cores >= SPARE_CORES_TO_GROW or waited_s >= STARVED_GROW_AFTER_S


def idle_retire_s(environ: Mapping[str, str]) -> float:
    """How long a container may stay idle before it retires (0: for ever)."""
    raw = environ.get("LOCAL_LAMBDA_IDLE_S", "").strip()
    if not raw:
        return IDLE_RETIRE_S
    try:
        value = float(raw)
    except ValueError:
        raise ValueError(f"LOCAL_LAMBDA_IDLE_S must be seconds, got {raw!r}") from None
    if value < 0:
        raise ValueError(f"LOCAL_LAMBDA_IDLE_S must be >= 0, got {raw!r}")
    return value


def function_name(name_or_arn: str, names: Mapping[str, Any], by_arn: Mapping[str, str]) -> str:
    """The registered function a name, an ARN or a qualified ARN means (FunctionNotFound)."""
    if name_or_arn in names:
        return name_or_arn
    if name_or_arn in by_arn:
        return by_arn[name_or_arn]
    if name_or_arn.startswith("arn:"):
        # arn:aws:lambda:region:account:function:NAME[:qualifier]
        parts = name_or_arn.split(":")
        if len(parts) >= 7 and parts[6] in names:
            return parts[6]
    raise FunctionNotFound(f"function {name_or_arn!r} is not registered; known: {sorted(names)}")


def container_environment(
    spec: FunctionSpec, parent: Mapping[str, str], endpoint_url: str, runtime_dir: str
) -> dict[str, str]:
    """The environment Lambda gives the function's containers; `parent` is this process's."""
    region = parent.get("AWS_REGION", "eu-west-2")
    env = {key: parent[key] for key in INHERITED_ENV if key in parent}
    env.update(
        {
            "AWS_ACCESS_KEY_ID": parent.get("AWS_ACCESS_KEY_ID", "testing"),
            "AWS_SECRET_ACCESS_KEY": parent.get("AWS_SECRET_ACCESS_KEY", "testing"),
            "AWS_SESSION_TOKEN": parent.get("AWS_SESSION_TOKEN", "testing"),
            "AWS_REGION": region,
            "AWS_DEFAULT_REGION": region,
            "AWS_ENDPOINT_URL": endpoint_url,
            "AWS_ACCOUNT_ID_ENDPOINT_MODE": "disabled",
            "AWS_EXECUTION_ENV": f"AWS_Lambda_{RUNTIME_NAME}",
            "AWS_LAMBDA_FUNCTION_NAME": spec.name,
            "AWS_LAMBDA_FUNCTION_VERSION": "$LATEST",
            "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": str(spec.memory_mb),
            "AWS_LAMBDA_LOG_GROUP_NAME": spec.log_group_name,
            "LAMBDA_TASK_ROOT": str(Path(spec.code_dir).resolve()),
            "LAMBDA_RUNTIME_DIR": runtime_dir,
            "_HANDLER": spec.handler,
            "_EMULATION_FUNCTION_ARN": spec.arn,
            # No X-Ray daemon here; a template that sets it wins (updated below).
            "POWERTOOLS_TRACE_DISABLED": "true",
        }
    )
    env.update(spec.environment)
    return env


def timeout_error(request_id: str, timeout_s: float) -> dict[str, str]:
    """The error document of an invocation that ran past the function's timeout."""
    return {
        "errorType": "Sandbox.Timedout",
        "errorMessage": (
            f"RequestId: {request_id} Error: Task timed out after {timeout_s:.2f} seconds"
        ),
    }


def runtime_exit_error(request_id: str, cause: BaseException) -> dict[str, str]:
    """The error document of an invocation whose container died under it."""
    return {
        "errorType": "Runtime.ExitError",
        "errorMessage": f"RequestId: {request_id} Error: Runtime exited ({cause})",
    }


def invocation_log_lines(
    spec: FunctionSpec,
    request_id: str,
    output: str,
    *,
    duration_ms: float,
    init_ms: float | None,
    max_rss_mb: int,
    error: dict[str, Any] | None,
    now: datetime,
) -> list[str]:
    """Lambda's log lines for one invocation: START, the function's output, END, REPORT."""
    report = (
        f"REPORT RequestId: {request_id}\tDuration: {duration_ms:.2f} ms\t"
        f"Billed Duration: {int(duration_ms) + 1} ms\tMemory Size: {spec.memory_mb} MB\t"
        f"Max Memory Used: {max_rss_mb} MB"
    )
    if init_ms is not None:
        report += f"\tInit Duration: {init_ms:.2f} ms"
    error_type = error.get("errorType") if error is not None else None
    if error_type == "Runtime.OutOfMemory":  # as AWS reports a killed sandbox
        report += f"\tStatus: error\tError Type: {error_type}"
    lines = [f"START RequestId: {request_id} Version: $LATEST"]
    lines += output.splitlines()
    if error is not None and error_type == "Sandbox.Timedout":
        lines.append(f"{now.isoformat()} {error['errorMessage']}")
    lines += [f"END RequestId: {request_id}", report]
    return lines
