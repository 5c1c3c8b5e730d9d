"""Lambda runtime: runs the packaged handlers in warm worker processes ("containers").

Each function has a pool of long-lived workers (`containers.py`, running
`emulation/lambda_worker.py`), each serving one invocation at a time over a framed JSON protocol
on pipes. The pool grows up to the function's reserved concurrency, but never past
`LOCAL_CONCURRENCY_CAP` containers; past the first, a container starts only for a call that
waited `GROW_AFTER_S` while no container came free (the busy ones are in long calls, not short
ones waiting for a core) or `QUEUED_GROW_AFTER_S` in all, while the machine has a core to
spare (`cpu.py`), and only `COLD_STARTS_AT_ONCE`
containers initialise at a time: AWS scales out on other machines, this one has a few cores, and
a hundred cold starts at once (the API's reserved concurrency, in a load test) starve every warm
container. Short calls (the API) so reuse a few containers; long ones (find-artists waiting on
politeness delays) still get their reserved concurrency. A worker that timed out is killed, so
the next call is a cold start, as in AWS. A container idle longer than `IDLE_RETIRE_S`
(LOCAL_LAMBDA_IDLE_S) retires, as Lambda reclaims idle execution environments. Workers run the
asset directory's code (first on sys.path) on the Python the function declares, with the
layer's packages built for this machine (`interpreters.py`; the layer's binaries are arm64), or
on this interpreter when the machine has no such Python (`interpreter(name).fallback` says so).

Logs go to `<log_dir>/<function>.log` at once and to CloudWatch Logs on the moto endpoint from a
background thread (`emulation.logs`), so shipping them costs an invocation nothing.
`install_into_moto()` makes moto's Invoke API and Step Functions' lambda:invoke run the real
handlers (`moto_hook.py`). What the numbers and documents mean is in `semantics.py`.
"""

from __future__ import annotations

import atexit
import contextlib
import dataclasses
import os
import sys
import threading
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from emulation.alarms.metrics import MetricPublisher
from emulation.faults import Faults
from emulation.lambda_runtime import frames, interpreters, moto_hook, semantics
from emulation.lambda_runtime.containers import Container, Pool
from emulation.lambda_runtime.cpu import SpareCores
from emulation.lambda_runtime.semantics import (
    FunctionSpec,
    InvokeResult,
    Throttled,
    WorkerDied,
)
from emulation.lifetime import ProcessRecord
from emulation.logs import LogShipper


class InFlight:
    """Invocations running now, by function and in all, and the most at once since the last
    `peaks()`: what AWS/Lambda ConcurrentExecutions reports (a sampler reads it)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._now: dict[str, int] = {}
        self._peak: dict[str, int] = {}
        self._total = 0
        self._total_peak = 0

    def enter(self, name: str) -> None:
        with self._lock:
            running = self._now[name] = self._now.get(name, 0) + 1
            self._peak[name] = max(self._peak.get(name, 0), running)
            self._total += 1
            self._total_peak = max(self._total_peak, self._total)

    def leave(self, name: str) -> None:
        with self._lock:
            self._now[name] -= 1
            self._total -= 1

    def peaks(self) -> tuple[dict[str, int], int]:
        """(most at once per function, most at once in all) since the last call."""
        with self._lock:
            by_function, total = self._peak, self._total_peak
            self._peak = {name: n for name, n in self._now.items() if n}
            self._total_peak = self._total
            return by_function, total


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
        idle_retire_s: float | None = None,
    ) -> None:
        self.log_dir = Path(log_dir)
        self.metrics = metrics  # AWS/Lambda and EMF metrics into CloudWatch, batched
        self.record = record  # where each worker process is written down for `status`/`stop`
        self.log_dir.mkdir(parents=True, exist_ok=True)
        self.endpoint_url = endpoint_url
        self.faults = faults
        self._specs: dict[str, FunctionSpec] = {}
        self._by_arn: dict[str, str] = {}
        self._pools: dict[str, Pool] = {}
        self._interpreters: dict[str, interpreters.Interpreter] = {}
        self._log_files: dict[str, IO[str]] = {}
        self._log_lock = threading.Lock()
        self._shipper = LogShipper(endpoint_url)
        self.in_flight = InFlight()  # what AWS/Lambda ConcurrentExecutions reports
        self.spare_cores = SpareCores()  # asked before a pool grows (semantics.core_to_spare)
        self._closed = False
        # Idle containers retire after this long (semantics.IDLE_RETIRE_S; 0: never).
        self.idle_retire_s = (
            semantics.idle_retire_s(os.environ) if idle_retire_s is None else idle_retire_s
        )
        self._stopped = threading.Event()
        if self.idle_retire_s > 0:
            threading.Thread(
                target=self._retire_idle, name="lambda-idle-retire", daemon=True
            ).start()
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
        python = interpreters.for_runtime(spec.runtime)
        self._interpreters[spec.name] = python
        self._pools[spec.name] = Pool(
            spec, self._worker_env(spec, python), python.executable, self.spare_cores
        )

    def set_reserved_concurrency(self, name_or_arn: str, reserved: int | None) -> None:
        """PutFunctionConcurrency (None: DeleteFunctionConcurrency) on a running function: 0
        throttles every call, as in AWS; idle containers over a lower cap retire."""
        name = self._resolve(name_or_arn)
        spec = dataclasses.replace(self._specs[name], reserved_concurrency=reserved)
        self._specs[name] = spec
        self._pools[name].resize(spec)

    def interpreter(self, name_or_arn: str) -> interpreters.Interpreter:
        """The Python the function's containers run on (and why, if not the declared one)."""
        return self._interpreters[self._resolve(name_or_arn)]

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
        self.in_flight.enter(name)
        try:
            return self._run(name, spec, pool, event)
        finally:
            self.in_flight.leave(name)

    def _run(self, name: str, spec: FunctionSpec, pool: Pool, event: Any) -> InvokeResult:
        """One invocation that was not throttled: in a warm container or a new one."""
        crash = self.faults is not None and self.faults.crash_now(name)
        request_id = str(uuid.uuid4())
        try:  # before taking a container: a bad event must not cost a healthy worker
            event_json = frames.encode(event)
        except (TypeError, ValueError) as exc:
            raise TypeError(f"event for {name} is not JSON-serialisable: {exc}") from exc
        worker, warm = pool.acquire()
        held = True  # this call owns a container slot until it releases or discards it
        start = time.perf_counter()
        try:
            if worker is None:
                try:
                    fresh = Container(
                        spec, pool.env, self.log_dir / f"{name}.log", self.record, pool.executable
                    )
                except BaseException:
                    pool.started()
                    raise
                with pool.cond:
                    pool.all.add(fresh)
                worker = pool.first_free(
                    fresh, start + max(10.0, spec.timeout_s), self._abandoned_failure
                )
                warm = not worker.first_invocation
                if worker is fresh:
                    ready = fresh.outcome
                    if isinstance(ready, BaseException):
                        raise ready
                    assert ready is not None
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
                            failed.init_ms,
                            0,
                        )
            init_ms = None if warm else worker.init_ms
            worker.first_invocation = False
            invoke_start = time.perf_counter()
            deadline_s = invoke_start + spec.timeout_s
            header = frames.encode(
                {
                    "type": "invoke",
                    "request_id": request_id,
                    "deadline_ms": int((time.time() + spec.timeout_s) * 1000),
                    "crash": crash,
                }
            )
            worker.send(header[:-1] + b', "event": ' + event_json + b"}")
            try:
                reply = worker.read(deadline_s)
            except TimeoutError:
                self._count(pool, warm, error=True, timeout=True)
                held = False
                pool.discard(worker)
                dead, worker = worker, None
                error = semantics.timeout_error(request_id, spec.timeout_s)
                self._ship(spec, dead, request_id, "", start, init_ms, 0, error)
                if self.metrics is not None:  # a timeout is an error in AWS/Lambda too
                    self.metrics.lambda_invocation(spec.name, spec.timeout_s * 1000.0, error=True)
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
            error = semantics.runtime_exit_error(request_id, exc)
            if self.metrics is not None:  # a container that died is an error in AWS/Lambda too
                self.metrics.lambda_invocation(spec.name, 0.0, error=True)
            return InvokeResult(error, "Unhandled", "", 0.0, not warm, request_id)
        except BaseException:
            if held:
                pool.discard(worker)
            raise

    def _finish(
        self,
        spec: FunctionSpec,
        worker: Container | None,
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

    def _abandoned_failure(
        self, worker: Container, outcome: dict[str, Any] | BaseException
    ) -> None:
        """A container no call waited for failed to start: its error goes to the function's log
        (the next call starts another, and that call gets the error if it happens again)."""
        if self._closed:  # shutting down kills starting containers: nothing to report
            return
        error: dict[str, Any] | None
        if isinstance(outcome, BaseException):
            error, output = semantics.runtime_exit_error("init", outcome), ""
        else:
            error, output = outcome.get("error"), str(outcome.get("logs", ""))
        self._ship(worker.spec, worker, "init", output, worker.started, worker.init_ms, 0, error)

    def _count(
        self,
        pool: Pool,
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
        worker: Container | None,
        request_id: str,
        output: str,
        start: float,
        init_ms: float | None,
        max_rss_mb: int,
        error: dict[str, Any] | None,
    ) -> str:
        """Lambda's log lines for one invocation: to the local file now, to moto in background."""
        lines = semantics.invocation_log_lines(
            spec,
            request_id,
            output,
            duration_ms=(time.perf_counter() - start) * 1000.0,
            init_ms=init_ms,
            max_rss_mb=max_rss_mb,
            error=error,
            now=datetime.now(UTC),
        )
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

    def _retire_idle(self) -> None:
        """Every few seconds, retire each function's containers idle past `idle_retire_s`."""
        while not self._stopped.wait(min(5.0, self.idle_retire_s / 2)):
            for pool in list(self._pools.values()):
                pool.retire_idle(time.monotonic(), self.idle_retire_s)

    # --- moto ------------------------------------------------------------------------------
    def install_into_moto(self) -> None:
        """Make moto's Lambda Invoke (and so Step Functions lambda:invoke) run these functions."""
        moto_hook.install(self)

    def shutdown(self) -> None:
        """Kill every container and stop shipping logs."""
        if self._closed:
            return
        self._closed = True
        self._stopped.set()
        moto_hook.uninstall(self)
        for pool in self._pools.values():
            pool.shutdown()
        self.spare_cores.stop()
        self._shipper.flush(5.0)
        self._shipper.close()
        with self._log_lock:
            for handle in self._log_files.values():
                handle.close()
            self._log_files.clear()
        with contextlib.suppress(Exception):
            atexit.unregister(self.shutdown)

    # --- helpers ---------------------------------------------------------------------------
    def registered(self, name: str) -> bool:
        """Whether a function of this name is registered (moto's hook asks before routing)."""
        return name in self._specs

    def _resolve(self, name_or_arn: str) -> str:
        return semantics.function_name(name_or_arn, self._specs, self._by_arn)

    def _worker_env(self, spec: FunctionSpec, python: interpreters.Interpreter) -> dict[str, str]:
        runtime_dir = str(Path(python.executable).parent)
        env = semantics.container_environment(spec, os.environ, self.endpoint_url, runtime_dir)
        if python.executable != sys.executable:  # its own environment, not the local cloud's
            env["VIRTUAL_ENV"] = python.environment_dir
        return env
