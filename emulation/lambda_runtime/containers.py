"""A function's containers: worker processes speaking framed JSON on pipes, and their pool.

A container is `emulation/lambda_worker.py` in its own process group, serving one invocation at
a time; the pool reuses idle ones and lets new ones start by `semantics.grow_at`,
`semantics.may_start` and `semantics.core_to_spare` (the local scaling rule).
"""

from __future__ import annotations

import contextlib
import itertools
import os
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
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from emulation.lambda_runtime import frames, semantics
from emulation.lambda_runtime.cpu import SpareCores
from emulation.lambda_runtime.semantics import FunctionSpec, WorkerDied
from emulation.lifetime import ProcessRecord, spawn

_HEADER = struct.Struct(">I")
WORKER_SCRIPT = str(Path(__file__).parents[1] / "lambda_worker.py")


class Container:
    """One container: a worker process and its protocol pipes."""

    _ids = itertools.count(1)

    def __init__(
        self,
        spec: FunctionSpec,
        env: dict[str, str],
        stderr_path: Path,
        record: ProcessRecord | None = None,
        executable: str = sys.executable,
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
                [executable, "-u", WORKER_SCRIPT],
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
        self.first_invocation = True  # its first call is the cold start, with Init Duration
        # Set once the worker said ready (or failed to): its "ready"/"error" frame, or the
        # exception that ended the wait. `abandoned`: the call that started it took another.
        self.outcome: dict[str, Any] | BaseException | None = None
        self.abandoned = False
        self.idle_since = 0.0  # when it last joined the pool's idle ones (time.monotonic())

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
                    message: dict[str, Any] = frames.decode(body)
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


class Pool:
    """The containers of one function: idle ones are reused, new ones start up to a cap."""

    def __init__(
        self,
        spec: FunctionSpec,
        env: dict[str, str],
        executable: str = sys.executable,
        cpu: SpareCores | None = None,
    ) -> None:
        self.spec = spec
        self.cpu = cpu  # None: grow on the waits alone
        self.env = env
        self.executable = executable  # the Python its containers run on
        self.cap = semantics.container_cap(spec)
        self.idle: deque[Container] = deque()
        self.size = 0
        self.starting = 0  # containers initialising now
        self.freed_at = 0.0  # when a container last came free (time.monotonic())
        self.all: set[Container] = set()
        self.cond = threading.Condition()
        self.stats = {
            "invocations": 0,
            "cold_starts": 0,
            "warm_starts": 0,
            "errors": 0,
            "timeouts": 0,
            "throttles": 0,
            "out_of_memory": 0,
            "retired_idle": 0,
        }

    def acquire(self) -> tuple[Container | None, bool]:
        """An idle worker, or permission to start one (None); a caller given permission
        starts a container and waits with `first_free`."""
        with self.cond:
            waited_from: float | None = None
            while True:
                if self.idle:
                    worker = self.idle.pop()
                    return worker, not worker.first_invocation
                if semantics.may_start(self.size, self.cap, self.starting):
                    now = time.monotonic()
                    if waited_from is None:
                        waited_from = now
                    grow_at = semantics.grow_at(now, self.size, waited_from, self.freed_at)
                    if now < grow_at:
                        self.cond.wait(grow_at - now)
                    elif self.cpu is None or semantics.core_to_spare(
                        self.size, self.cpu.cores, self.cpu.idle(), now - waited_from
                    ):
                        self.size += 1
                        self.starting += 1
                        return None, False
                    else:
                        self.cond.wait(self.cpu.interval_s)  # a container frees, or a core
                else:
                    self.cond.wait()

    def first_free(
        self,
        fresh: Container,
        deadline: float,
        on_abandoned_failure: Callable[[Container, dict[str, Any] | BaseException], None],
    ) -> Container:
        """The container a call that started `fresh` runs in: `fresh` once it is ready, or a
        warm one that came free first. The new container is the pool's, not the call's: a
        call waiting for it while a warm one frees would wait out a whole cold start (half a
        second of CPU or more on this machine) for nothing, and at 100 requests/s every call
        behind it would queue too. An abandoned container joins the idle ones when ready."""
        threading.Thread(
            target=self._await_ready,
            args=(fresh, deadline, on_abandoned_failure),
            name=f"cold-start-{self.spec.name}",
            daemon=True,
        ).start()
        with self.cond:
            while fresh.outcome is None and not self.idle:
                self.cond.wait()
            if fresh.outcome is None:  # a warm container came free first
                fresh.abandoned = True
                return self.idle.pop()
            return fresh

    def _await_ready(
        self,
        fresh: Container,
        deadline: float,
        on_abandoned_failure: Callable[[Container, dict[str, Any] | BaseException], None],
    ) -> None:
        try:
            outcome: dict[str, Any] | BaseException = fresh.wait_ready(deadline)
        except Exception as exc:  # WorkerDied, TimeoutError, a broken pipe
            outcome = exc
        failed = not isinstance(outcome, dict) or outcome.get("type") != "ready"
        with self.cond:
            fresh.outcome = outcome
            self.started()
            abandoned = fresh.abandoned
            if abandoned and not failed:
                self.freed_at = fresh.idle_since = time.monotonic()
                self.idle.append(fresh)
            self.cond.notify_all()
        if abandoned and failed:  # no call is waiting for it: its error goes to the log
            on_abandoned_failure(fresh, outcome)
            self.discard(fresh)

    def resize(self, spec: FunctionSpec) -> None:
        """A new reserved concurrency: the cap changes now; idle containers over it retire."""
        with self.cond:
            self.spec = spec
            self.cap = semantics.container_cap(spec)
            retired = []
            while self.idle and self.size > self.cap:
                worker = self.idle.popleft()
                self.all.discard(worker)
                self.size -= 1
                retired.append(worker)
            self.cond.notify_all()
        for worker in retired:
            worker.kill()

    def started(self) -> None:
        """A container this pool let start is ready, or failed to be (or to spawn)."""
        with self.cond:
            self.starting -= 1
            self.cond.notify_all()

    def release(self, worker: Container) -> None:
        with self.cond:
            self.freed_at = worker.idle_since = time.monotonic()
            self.idle.append(worker)
            self.cond.notify()

    def retire_idle(self, now: float, idle_s: float) -> int:
        """Retire the containers idle since before `now - idle_s`, as Lambda reclaims idle
        execution environments; the next call past the warm ones starts cold. Idle ones join
        at the right and calls take from the right, so the longest idle are at the left."""
        with self.cond:
            retired = []
            while self.idle and self.idle[0].idle_since <= now - idle_s:
                worker = self.idle.popleft()
                self.all.discard(worker)
                self.size -= 1
                retired.append(worker)
            self.stats["retired_idle"] += len(retired)
            if retired:
                self.cond.notify_all()  # room under the cap for a waiting call
        for worker in retired:
            worker.kill()
        return len(retired)

    def discard(self, worker: Container | None) -> None:
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
