"""Lambda runtime: runs the packaged handlers in warm worker processes ("containers").

Each function has a pool of long-lived workers (`emulation/lambda_worker.py`), each serving one
invocation at a time over a framed JSON protocol on pipes. The pool grows up to the function's
reserved concurrency, but never past `LOCAL_CONCURRENCY_CAP` containers; past the first, a
container starts only for a call that waited `GROW_AFTER_S` while no container came free (the
busy ones are in long calls, not short ones waiting for a core) or `QUEUED_GROW_AFTER_S` in all,
and only `COLD_STARTS_AT_ONCE` containers initialise at a time: AWS scales out on
other machines, this one has a few cores, and a hundred cold starts at once (the API's reserved
concurrency, in a load test) starve every warm container. Short calls (the API) so reuse a few
containers; long ones (find-artists waiting on politeness delays) still get their reserved
concurrency. A worker that timed out is killed, so the next
call is a cold start, as in AWS. Workers run the asset directory's code (first on sys.path) with
this interpreter's third-party packages (the layer's binaries are arm64).

Logs go to `<log_dir>/<function>.log` at once and to CloudWatch Logs on the moto endpoint from a
background thread, so shipping them costs an invocation nothing.
`install_into_moto()` makes moto's Invoke API and Step Functions' lambda:invoke run the real
handlers.
"""

from __future__ import annotations

import atexit
import contextlib
import itertools
import json
import logging
import os
import queue
import select
import signal
import struct
import subprocess
import sys
import threading
import time
import uuid
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from emulation.alarms.metrics import MetricPublisher
from emulation.faults import Faults
from emulation.lifetime import ProcessRecord, spawn

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
RUNTIME_NAME = "python3.12"
_HEADER = struct.Struct(">I")
# Log shipping: how long the shipper gathers lines before one PutLogEvents per stream, and at most
# how many invocations' lines go in one round (PutLogEvents takes 10,000 events, 1 MB).
SHIP_LINGER_S = 0.5
SHIP_MAX_ITEMS = 500
_WORKER_SCRIPT = str(Path(__file__).with_name("lambda_worker.py"))
# Variables a worker inherits from this process; everything else comes from the function spec.
_INHERITED_ENV = ("PATH", "HOME", "LANG", "LC_ALL", "TZ", "TMPDIR", "SSL_CERT_FILE", "VIRTUAL_ENV")
log = logging.getLogger(__name__)


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


class _Worker:
    """One container: a worker process and its protocol pipes."""

    _ids = itertools.count(1)

    def __init__(
        self,
        spec: FunctionSpec,
        env: dict[str, str],
        stderr_path: Path,
        record: ProcessRecord | None = None,
    ) -> None:
        self.spec = spec
        self.id = next(self._ids)
        self.log_stream = f"{datetime.now(UTC):%Y/%m/%d}/[$LATEST]{uuid.uuid4().hex}"
        env = dict(env, AWS_LAMBDA_LOG_STREAM_NAME=self.log_stream)
        self.started = time.perf_counter()
        # Output that bypasses the capture (C extensions, a crashing interpreter) joins the log.
        with open(stderr_path, "ab") as stderr:
            # Its own process group (killing it kills its children); dies with this process.
            self.process = spawn(
                [sys.executable, "-u", _WORKER_SCRIPT],
                what=f"lambda:{spec.name}",
                record=record,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=stderr,
                env=env,
                cwd=str(spec.code_dir),
            )
        assert self.process.stdin is not None and self.process.stdout is not None
        self._in: IO[bytes] = self.process.stdin
        self._out_fd = self.process.stdout.fileno()
        self._buffer = bytearray()
        self.init_ms = 0.0
        self.first_invocation = True

    @property
    def pid(self) -> int:
        return self.process.pid

    def wait_ready(self, deadline: float) -> dict[str, Any]:
        message = self.read(deadline)
        self.init_ms = (time.perf_counter() - self.started) * 1000.0
        return message

    def send(self, body: bytes) -> None:
        self._in.write(_HEADER.pack(len(body)) + body)
        self._in.flush()

    def read(self, deadline: float) -> dict[str, Any]:
        """The next frame, or TimeoutError when `deadline` (perf_counter) passes first."""
        while True:
            if len(self._buffer) >= _HEADER.size:
                (length,) = _HEADER.unpack_from(self._buffer)
                if len(self._buffer) >= _HEADER.size + length:
                    body = bytes(self._buffer[_HEADER.size : _HEADER.size + length])
                    del self._buffer[: _HEADER.size + length]
                    message: dict[str, Any] = json.loads(body)
                    return message
            remaining = deadline - time.perf_counter()
            if remaining <= 0:
                raise TimeoutError
            ready, _, _ = select.select([self._out_fd], [], [], remaining)
            if not ready:
                raise TimeoutError
            chunk = os.read(self._out_fd, 1 << 20)
            if not chunk:
                raise WorkerDied(f"worker {self.pid} of {self.spec.name} exited")
            self._buffer += chunk

    def kill(self) -> None:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.process.pid, signal.SIGKILL)
        with contextlib.suppress(Exception):
            self._in.close()
        with contextlib.suppress(Exception):
            self.process.wait(timeout=5)
        if self.process.stdout is not None:
            self.process.stdout.close()


class _Pool:
    """The containers of one function: idle ones are reused, new ones start up to a cap."""

    def __init__(self, spec: FunctionSpec, env: dict[str, str]) -> None:
        self.spec = spec
        self.env = env
        self.cap = (
            min(spec.reserved_concurrency, LOCAL_CONCURRENCY_CAP)
            if spec.reserved_concurrency is not None
            else LOCAL_CONCURRENCY_CAP
        )
        self.idle: deque[_Worker] = deque()
        self.size = 0
        self.starting = 0  # containers initialising now
        self.freed_at = 0.0  # when a container last came free (time.monotonic())
        self.all: set[_Worker] = set()
        self.cond = threading.Condition()
        self.stats = {
            "invocations": 0,
            "cold_starts": 0,
            "warm_starts": 0,
            "errors": 0,
            "timeouts": 0,
            "throttles": 0,
            "out_of_memory": 0,
        }

    def acquire(self) -> tuple[_Worker | None, bool]:
        """An idle worker (warm), or permission to start one (None, cold); a caller given
        permission calls `started()` once its container is ready or has failed."""
        with self.cond:
            waited_from: float | None = None
            while True:
                if self.idle:
                    return self.idle.pop(), True
                if self.size < self.cap and self.starting < COLD_STARTS_AT_ONCE:
                    now = time.monotonic()
                    if waited_from is None:
                        waited_from = now
                    # The first container starts at once. Another starts only for a call that
                    # waited GROW_AFTER_S while no container came free (the busy ones are in
                    # long calls), or QUEUED_GROW_AFTER_S in all (the queue outgrows the pool).
                    # While containers keep freeing up, short calls are waiting for a core, and
                    # a cold start (half a second of CPU or more) only takes more from them.
                    grow_at = (
                        now
                        if self.size == 0
                        else min(
                            max(waited_from, self.freed_at) + GROW_AFTER_S,
                            waited_from + QUEUED_GROW_AFTER_S,
                        )
                    )
                    if now >= grow_at:
                        self.size += 1
                        self.starting += 1
                        return None, False
                    self.cond.wait(grow_at - now)
                else:
                    self.cond.wait()

    def started(self) -> None:
        """A container this pool let start is ready (or failed to be)."""
        with self.cond:
            self.starting -= 1
            self.cond.notify_all()

    def release(self, worker: _Worker) -> None:
        with self.cond:
            self.freed_at = time.monotonic()
            self.idle.append(worker)
            self.cond.notify()

    def discard(self, worker: _Worker | None) -> None:
        if worker is not None:
            worker.kill()
        with self.cond:
            if worker is not None:
                self.all.discard(worker)
            self.size -= 1
            self.cond.notify()

    def shutdown(self) -> None:
        with self.cond:
            workers, self.all = list(self.all), set()
            self.idle.clear()
            self.size = 0
            self.cond.notify_all()
        for worker in workers:
            worker.kill()


class LogShipper:
    """Sends log lines to CloudWatch Logs on the endpoint from one background thread (Lambda's
    logs here, ECS tasks' awslogs in `emulation.ecs`)."""

    def __init__(self, endpoint_url: str) -> None:
        self.endpoint_url = endpoint_url
        self._queue: queue.Queue[tuple[str, str, list[str], int] | None] = queue.Queue()
        self._known_groups: set[str] = set()
        self._known_streams: set[tuple[str, str]] = set()
        self._hurry = threading.Event()  # flush(): ship what is queued without lingering
        self._thread = threading.Thread(target=self._run, name="lambda-log-shipper", daemon=True)
        self._thread.start()

    def ship(self, group: str, stream: str, lines: list[str]) -> None:
        self._queue.put((group, stream, lines, int(time.time() * 1000)))

    def flush(self, timeout_s: float = 10.0) -> bool:
        """Wait until everything queued so far reached the endpoint."""
        deadline = time.monotonic() + timeout_s
        while self._queue.unfinished_tasks:
            self._hurry.set()
            if time.monotonic() > deadline:
                return False
            time.sleep(0.01)
        return True

    def close(self) -> None:
        self._queue.put(None)
        self._thread.join(timeout=5)

    def _run(self) -> None:
        from emulation.aws import client

        logs = client("logs", self.endpoint_url)
        while True:
            items = [self._queue.get()]
            # Linger, as CloudWatch delivery does, so a burst of invocations costs one
            # PutLogEvents per stream instead of one each (this is the API's hot path).
            linger_until = time.monotonic() + SHIP_LINGER_S
            while len(items) < SHIP_MAX_ITEMS and items[-1] is not None:
                remaining = linger_until - time.monotonic()
                try:
                    if remaining <= 0 or self._hurry.is_set():
                        items.append(self._queue.get_nowait())
                    else:
                        items.append(self._queue.get(timeout=min(remaining, 0.05)))
                except queue.Empty:
                    if remaining <= 0 or self._hurry.is_set():
                        break
            self._hurry.clear()
            batches: dict[tuple[str, str], list[tuple[int, str]]] = {}
            for item in items:
                if item is not None:
                    group, stream, lines, timestamp = item
                    batches.setdefault((group, stream), []).extend(
                        (timestamp, line) for line in lines
                    )
            for (group, stream), events in batches.items():
                try:
                    self._put(logs, group, stream, events)
                except Exception:  # a broken endpoint must not stop later shipments
                    log.warning("could not ship logs of %s to %s", group, self.endpoint_url)
            for _ in items:
                self._queue.task_done()
            if None in items:
                return

    def _put(self, logs: Any, group: str, stream: str, lines: list[tuple[int, str]]) -> None:
        if group not in self._known_groups:
            with contextlib.suppress(logs.exceptions.ResourceAlreadyExistsException):
                logs.create_log_group(logGroupName=group)
            self._known_groups.add(group)
        if (group, stream) not in self._known_streams:
            with contextlib.suppress(logs.exceptions.ResourceAlreadyExistsException):
                logs.create_log_stream(logGroupName=group, logStreamName=stream)
            self._known_streams.add((group, stream))
        events = [{"timestamp": stamp, "message": line} for stamp, line in lines if line]
        chunk: list[dict[str, Any]] = []
        size = 0
        for event in events:  # PutLogEvents' limits: 10,000 events and 1 MB (+26 B per event)
            event_size = len(str(event["message"]).encode()) + 26
            if chunk and (len(chunk) == 10_000 or size + event_size > 1_048_576):
                logs.put_log_events(logGroupName=group, logStreamName=stream, logEvents=chunk)
                chunk, size = [], 0
            chunk.append(event)
            size += event_size
        if chunk:
            logs.put_log_events(logGroupName=group, logStreamName=stream, logEvents=chunk)


class LambdaRuntime:
    """Registered functions, their container pools, their logs and counters."""

    def __init__(
        self,
        log_dir: Path,
        endpoint_url: str,
        *,
        faults: Faults | None = None,
        record: ProcessRecord | None = None,
        metrics: MetricPublisher | None = None,
    ) -> None:
        self.log_dir = Path(log_dir)
        self.metrics = metrics  # AWS/Lambda and EMF metrics into CloudWatch, batched
        self.record = record  # where each worker process is written down for `status`/`stop`
        self.log_dir.mkdir(parents=True, exist_ok=True)
        self.endpoint_url = endpoint_url
        self.faults = faults
        self._specs: dict[str, FunctionSpec] = {}
        self._by_arn: dict[str, str] = {}
        self._pools: dict[str, _Pool] = {}
        self._log_files: dict[str, IO[str]] = {}
        self._log_lock = threading.Lock()
        self._shipper = LogShipper(endpoint_url)
        self._closed = False
        atexit.register(self.shutdown)

    # --- registry ---------------------------------------------------------------------------
    def register(self, spec: FunctionSpec) -> None:
        """Add (or replace) a function; a replaced function's containers are retired."""
        if not Path(spec.code_dir).is_dir():
            raise FileNotFoundError(f"function {spec.name}: code_dir {spec.code_dir} is missing")
        # A handler that does not import is an init error at invoke time, as in AWS.
        old = self._pools.pop(spec.name, None)
        if old is not None:
            old.shutdown()
        self._specs[spec.name] = spec
        self._by_arn[spec.arn] = spec.name
        self._pools[spec.name] = _Pool(spec, self._worker_env(spec))

    def spec(self, name_or_arn: str) -> FunctionSpec:
        return self._specs[self._resolve(name_or_arn)]

    def functions(self) -> list[str]:
        return sorted(self._specs)

    def stats(self, name: str) -> dict[str, int]:
        """cold_starts, warm_starts, invocations, errors, timeouts, throttles, out_of_memory."""
        return dict(self._pools[self._resolve(name)].stats)

    def worker_pids(self, name: str) -> list[int]:
        pool = self._pools[self._resolve(name)]
        with pool.cond:
            return sorted(worker.pid for worker in pool.all)

    def log_file(self, name: str) -> Path:
        return self.log_dir / f"{self._resolve(name)}.log"

    def flush_logs(self, timeout_s: float = 10.0) -> bool:
        """Wait until every log line so far reached CloudWatch Logs on the endpoint."""
        return self._shipper.flush(timeout_s)

    # --- invocation -------------------------------------------------------------------------
    def invoke(self, name_or_arn: str, event: Any) -> InvokeResult:
        """Run the function once, synchronously (RequestResponse)."""
        name = self._resolve(name_or_arn)
        spec = self._specs[name]
        pool = self._pools[name]
        if pool.cap == 0 or (
            self.faults is not None
            and (self.faults.throttled("lambda") or self.faults.throttled(f"lambda:{name}"))
        ):
            with pool.cond:
                pool.stats["throttles"] += 1
            if self.metrics is not None:
                self.metrics.lambda_invocation(name, 0.0, error=False, throttled=True)
            raise Throttled(f"Rate Exceeded. (function {name})")
        crash = self.faults is not None and self.faults.crash_now(name)
        request_id = str(uuid.uuid4())
        try:  # before taking a container: a bad event must not cost a healthy worker
            event_json = json.dumps(event)
        except (TypeError, ValueError) as exc:
            raise TypeError(f"event for {name} is not JSON-serialisable: {exc}") from exc
        worker, warm = pool.acquire()
        held = True  # this call owns a container slot until it releases or discards it
        start = time.perf_counter()
        init_ms: float | None = None
        try:
            if worker is None:
                try:
                    worker = _Worker(spec, pool.env, self.log_dir / f"{name}.log", self.record)
                    with pool.cond:
                        pool.all.add(worker)
                    ready = worker.wait_ready(start + max(10.0, spec.timeout_s))
                finally:
                    pool.started()
                init_ms = worker.init_ms
                if ready.get("type") != "ready":
                    self._count(pool, warm, error=True)
                    held = False
                    pool.discard(worker)
                    failed, worker = worker, None
                    return self._finish(
                        spec,
                        failed,
                        request_id,
                        ready["error"],
                        ready.get("logs", ""),
                        start,
                        warm,
                        init_ms,
                        0,
                    )
            invoke_start = time.perf_counter()
            deadline_s = invoke_start + spec.timeout_s
            header = json.dumps(
                {
                    "type": "invoke",
                    "request_id": request_id,
                    "deadline_ms": int((time.time() + spec.timeout_s) * 1000),
                    "crash": crash,
                }
            )
            worker.send(f'{header[:-1]}, "event": {event_json}}}'.encode())
            try:
                reply = worker.read(deadline_s)
            except TimeoutError:
                self._count(pool, warm, error=True, timeout=True)
                held = False
                pool.discard(worker)
                dead, worker = worker, None
                error = {
                    "errorType": "Sandbox.Timedout",
                    "errorMessage": (
                        f"RequestId: {request_id} Error: Task timed out after "
                        f"{spec.timeout_s:.2f} seconds"
                    ),
                }
                self._ship(spec, dead, request_id, "", start, init_ms, 0, error)
                return InvokeResult(
                    payload=error,
                    function_error="Unhandled",
                    logs=f"{error['errorMessage']}\n",
                    duration_ms=(time.perf_counter() - invoke_start) * 1000.0,
                    cold_start=not warm,
                    request_id=request_id,
                )
            failure: dict[str, Any] | None = reply.get("error")
            out_of_memory = bool(reply.get("oom"))
            self._count(pool, warm, error=failure is not None, out_of_memory=out_of_memory)
            if out_of_memory:  # the worker killed itself; its slot is free for a cold start
                held = False
                pool.discard(worker)
            result = self._finish(
                spec,
                worker,
                request_id,
                failure,
                reply.get("logs", ""),
                invoke_start,
                warm,
                init_ms,
                int(reply.get("max_rss_mb", 0)),
                payload=reply.get("payload"),
            )
            if held:
                held = False
                pool.release(worker)
            return result
        except (WorkerDied, BrokenPipeError, TimeoutError) as exc:
            if not held:
                raise
            self._count(pool, warm, error=True)
            held = False
            pool.discard(worker)
            error = {
                "errorType": "Runtime.ExitError",
                "errorMessage": f"RequestId: {request_id} Error: Runtime exited ({exc})",
            }
            return InvokeResult(error, "Unhandled", "", 0.0, not warm, request_id)
        except BaseException:
            if held:
                pool.discard(worker)
            raise

    def _finish(
        self,
        spec: FunctionSpec,
        worker: _Worker | None,
        request_id: str,
        error: dict[str, Any] | None,
        output: str,
        start: float,
        warm: bool,
        init_ms: float | None,
        max_rss_mb: int,
        payload: Any = None,
    ) -> InvokeResult:
        duration_ms = (time.perf_counter() - start) * 1000.0
        logs = self._ship(spec, worker, request_id, output, start, init_ms, max_rss_mb, error)
        if self.metrics is not None:
            self.metrics.lambda_invocation(spec.name, duration_ms, error=error is not None)
            self.metrics.log_lines(output.splitlines())
        return InvokeResult(
            payload=error if error is not None else payload,
            function_error="Unhandled" if error is not None else None,
            logs=logs,
            duration_ms=duration_ms,
            cold_start=not warm,
            request_id=request_id,
        )

    def _count(
        self,
        pool: _Pool,
        warm: bool,
        *,
        error: bool = False,
        timeout: bool = False,
        out_of_memory: bool = False,
    ) -> None:
        with pool.cond:
            stats = pool.stats
            stats["invocations"] += 1
            stats["warm_starts" if warm else "cold_starts"] += 1
            stats["errors"] += int(error)
            stats["timeouts"] += int(timeout)
            stats["out_of_memory"] += int(out_of_memory)

    def _ship(
        self,
        spec: FunctionSpec,
        worker: _Worker | None,
        request_id: str,
        output: str,
        start: float,
        init_ms: float | None,
        max_rss_mb: int,
        error: dict[str, Any] | None,
    ) -> str:
        """Lambda's log lines for one invocation: to the local file now, to moto in background."""
        duration_ms = (time.perf_counter() - start) * 1000.0
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
            lines.append(f"{datetime.now(UTC).isoformat()} {error['errorMessage']}")
        lines += [f"END RequestId: {request_id}", report]
        text = "\n".join(lines) + "\n"
        self._write_local(spec.name, text)
        stream = worker.log_stream if worker is not None else "init"
        self._shipper.ship(spec.log_group_name, stream, lines)
        return text

    def _write_local(self, name: str, text: str) -> None:
        with self._log_lock:
            handle = self._log_files.get(name)
            if handle is None:
                handle = open(self.log_dir / f"{name}.log", "a", encoding="utf-8")  # noqa: SIM115
                self._log_files[name] = handle
            handle.write(text)
            handle.flush()

    # --- moto ------------------------------------------------------------------------------
    def install_into_moto(self) -> None:
        """Make moto's Lambda Invoke (and so Step Functions lambda:invoke) run these functions.

        Replaces `LambdaFunction._invoke_lambda` (the path every invoke takes with Docker on) and
        `LambdaSimpleBackend.invoke` (the canned-answer path moto takes with use_docker False);
        functions this runtime does not know keep moto's behaviour.
        """
        _install_moto_hook(self)

    def shutdown(self) -> None:
        """Kill every container and stop shipping logs."""
        if self._closed:
            return
        self._closed = True
        if _installed.get("runtime") is self:
            _installed.pop("runtime", None)
        for pool in self._pools.values():
            pool.shutdown()
        self._shipper.flush(5.0)
        self._shipper.close()
        with self._log_lock:
            for handle in self._log_files.values():
                handle.close()
            self._log_files.clear()
        with contextlib.suppress(Exception):
            atexit.unregister(self.shutdown)

    # --- helpers ---------------------------------------------------------------------------
    def _resolve(self, name_or_arn: str) -> str:
        if name_or_arn in self._specs:
            return name_or_arn
        if name_or_arn in self._by_arn:
            return self._by_arn[name_or_arn]
        if name_or_arn.startswith("arn:"):
            # arn:aws:lambda:region:account:function:NAME[:qualifier]
            parts = name_or_arn.split(":")
            if len(parts) >= 7 and parts[6] in self._specs:
                return parts[6]
        raise FunctionNotFound(
            f"function {name_or_arn!r} is not registered; known: {sorted(self._specs)}"
        )

    def _worker_env(self, spec: FunctionSpec) -> dict[str, str]:
        region = os.environ.get("AWS_REGION", "eu-west-2")
        env = {key: os.environ[key] for key in _INHERITED_ENV if key in os.environ}
        env.update(
            {
                "AWS_ACCESS_KEY_ID": os.environ.get("AWS_ACCESS_KEY_ID", "testing"),
                "AWS_SECRET_ACCESS_KEY": os.environ.get("AWS_SECRET_ACCESS_KEY", "testing"),
                "AWS_SESSION_TOKEN": os.environ.get("AWS_SESSION_TOKEN", "testing"),
                "AWS_REGION": region,
                "AWS_DEFAULT_REGION": region,
                "AWS_ENDPOINT_URL": self.endpoint_url,
                "AWS_ACCOUNT_ID_ENDPOINT_MODE": "disabled",
                "AWS_EXECUTION_ENV": f"AWS_Lambda_{RUNTIME_NAME}",
                "AWS_LAMBDA_FUNCTION_NAME": spec.name,
                "AWS_LAMBDA_FUNCTION_VERSION": "$LATEST",
                "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": str(spec.memory_mb),
                "AWS_LAMBDA_LOG_GROUP_NAME": spec.log_group_name,
                "LAMBDA_TASK_ROOT": str(Path(spec.code_dir).resolve()),
                "LAMBDA_RUNTIME_DIR": str(Path(sys.executable).parent),
                "_HANDLER": spec.handler,
                "_EMULATION_FUNCTION_ARN": spec.arn,
                # No X-Ray daemon here; a template that sets it wins (updated below).
                "POWERTOOLS_TRACE_DISABLED": "true",
            }
        )
        env.update(spec.environment)
        return env


# --- the moto hook ---------------------------------------------------------------------------
_installed: dict[str, LambdaRuntime] = {}
_function_error = threading.local()
_originals: dict[str, Callable[..., Any]] = {}


def _install_moto_hook(runtime: LambdaRuntime) -> None:
    from moto.awslambda.models import LambdaBackend, LambdaFunction
    from moto.awslambda_simple.models import LambdaSimpleBackend

    from emulation import sfn_map

    # Step Functions runs these functions: a Distributed Map tolerates their failures as on AWS.
    sfn_map.install()
    _installed["runtime"] = runtime
    if _originals:
        return
    _originals["_invoke_lambda"] = LambdaFunction._invoke_lambda
    _originals["invoke"] = LambdaFunction.invoke
    _originals["simple_invoke"] = LambdaSimpleBackend.invoke

    def _invoke_lambda(self: Any, event: Any = None) -> tuple[str, bool, str]:
        active = _installed.get("runtime")
        if active is None or self.function_name not in active._specs:
            return _originals["_invoke_lambda"](self, event)  # type: ignore[no-any-return]
        if isinstance(event, str | bytes):
            event = json.loads(event or "{}")
        try:
            result = active.invoke(self.function_name, {} if event is None else event)
        except Throttled as exc:
            _function_error.value = "Unhandled"
            body = {"errorType": "TooManyRequestsException", "errorMessage": str(exc)}
            return json.dumps(body), True, ""
        _function_error.value = result.function_error
        return json.dumps(result.payload), result.function_error is not None, result.logs

    def invoke(self: Any, body: str, request_headers: Any, response_headers: Any) -> Any:
        _function_error.value = None
        response = _originals["invoke"](self, body, request_headers, response_headers)
        # moto labels every error "Handled"; an exception that escaped the handler is "Unhandled"
        if _function_error.value is not None and "x-amz-function-error" in response_headers:
            response_headers["x-amz-function-error"] = _function_error.value
        return response

    def simple_invoke(
        self: Any,
        function_name: str,
        qualifier: str | None,
        body: Any,
        headers: Any,
        response_headers: Any,
    ) -> Any:
        # With use_docker False moto answers from a canned queue; registered functions run here.
        active = _installed.get("runtime")
        try:
            function = self.get_function(function_name, qualifier)
        except Exception:
            function = None
        if active is None or function is None or function.function_name not in active._specs:
            return _originals["simple_invoke"](
                self, function_name, qualifier, body, headers, response_headers
            )
        return LambdaBackend.invoke(self, function_name, qualifier, body, headers, response_headers)

    LambdaFunction._invoke_lambda = _invoke_lambda  # type: ignore[method-assign]
    LambdaFunction.invoke = invoke  # type: ignore[method-assign]
    LambdaSimpleBackend.invoke = simple_invoke  # type: ignore[method-assign]
