"""One Lambda "container": a long-lived process that serves one invocation at a time.

Run as a script by `emulation.lambda_runtime` (stdlib only, so a cold start imports nothing the
function does not). Protocol over the process's original stdin/stdout, framed as a 4-byte
big-endian length followed by UTF-8 JSON:

- runtime -> worker: `{"type": "invoke", "request_id", "event", "deadline_ms", "crash"}`
- worker -> runtime: `{"type": "ready", "init_ms"}` once the handler is imported, or
  `{"type": "init_error", "error"}`; then per invocation
  `{"type": "result", "payload" | "error", "logs", "max_rss_mb", "oom"}`.

Everything the function prints (stdout, stderr, logging) is captured per invocation; file
descriptors 1 and 2 are pointed away from the protocol pipe so nothing can corrupt a frame.

MemorySize is enforced as AWS's cgroup does it, on resident memory: a sampler thread reads the
RSS every 50 ms while an invocation runs, and the peak (VmHWM) is checked when it ends, so even a
peak between two samples counts. Over the limit, the worker answers `Runtime.OutOfMemory` and
kills itself with SIGKILL (the container is gone; the next call is cold). An address-space limit
far above MemorySize is only a backstop for the shared machine (an allocation in one C call holds
the GIL, so the sampler cannot stop it): the allocation it refuses raises MemoryError in the
function, as a refused allocation does in a Lambda sandbox.
"""

from __future__ import annotations

import importlib
import io
import json
import os
import resource
import secrets
import signal
import struct
import sys
import threading
import time
import traceback
from typing import Any, BinaryIO

_HEADER = struct.Struct(">I")
SAMPLE_INTERVAL_S = 0.05
# Backstop address-space room above what the initialised process maps (thread stacks and malloc
# arenas reserve virtual memory far beyond what they touch), as a multiple of MemorySize.
ADDRESS_SPACE_HEADROOM = 4
ADDRESS_SPACE_FLOOR_MB = 2048


class InjectedCrash(RuntimeError):
    """Raised inside the function when the `function_crash` fault picks this invocation."""


class CapturedOutput(io.TextIOBase):
    """sys.stdout/sys.stderr for the function: one buffer, emptied after each invocation.

    A single object, so loggers that kept a reference to sys.stdout at import time (Powertools
    does) still write into the current invocation's log.
    """

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._lock = threading.Lock()

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        with self._lock:
            self._parts.append(text)
        return len(text)

    def flush(self) -> None:
        return None

    def take(self) -> str:
        with self._lock:
            text, self._parts = "".join(self._parts), []
        return text


class LambdaContext:
    """The object AWS passes as a handler's second argument (fields Python handlers use)."""

    def __init__(self, request_id: str, deadline_ms: int) -> None:
        env = os.environ
        self.aws_request_id = request_id
        self.function_name = env["AWS_LAMBDA_FUNCTION_NAME"]
        self.function_version = env.get("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST")
        self.invoked_function_arn = env["_EMULATION_FUNCTION_ARN"]
        self.memory_limit_in_mb = env["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"]
        self.log_group_name = env["AWS_LAMBDA_LOG_GROUP_NAME"]
        self.log_stream_name = env["AWS_LAMBDA_LOG_STREAM_NAME"]
        self.identity = None
        self.client_context = None
        self.tenant_id = None
        self._deadline_ms = deadline_ms

    def get_remaining_time_in_millis(self) -> int:
        return max(0, self._deadline_ms - int(time.time() * 1000))


def error_payload(exc: BaseException, error_type: str | None = None) -> dict[str, Any]:
    """AWS's shape for an unhandled exception."""
    # The worker's own frame is the runtime's, not the function's: AWS does not show it either.
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename != __file__]
    return {
        "errorMessage": str(exc),
        "errorType": error_type or type(exc).__name__,
        "requestId": "",
        "stackTrace": [
            f'  File "{f.filename}", line {f.lineno}, in {f.name}\n    {f.line}\n' for f in frames
        ],
    }


def read_frame(stream: BinaryIO) -> Any:
    header = stream.read(_HEADER.size)
    if len(header) < _HEADER.size:
        return None
    (length,) = _HEADER.unpack(header)
    return json.loads(stream.read(length))


def write_frame(stream: BinaryIO, message: Any, encoded: dict[str, str] | None = None) -> None:
    """One frame of `message` (a non-empty object), plus members already encoded as JSON text
    (a result is encoded once: to check that it marshals, and to send it)."""
    text = json.dumps(message)
    if encoded:
        text = text[:-1] + "".join(f", {json.dumps(k)}: {v}" for k, v in encoded.items()) + "}"
    body = text.encode()
    stream.write(_HEADER.pack(len(body)) + body)
    stream.flush()


class MemoryGuard:
    """Holds a container to its MemorySize (resident memory), as Lambda's cgroup does.

    Idle containers cost nothing: the sampler waits on an event set only while an invocation
    runs. `lock` serialises frames, so an out-of-memory answer never interleaves with a result.
    """

    def __init__(self, limit_mb: int, protocol_out: BinaryIO, captured: CapturedOutput) -> None:
        self.limit_mb = limit_mb
        self.lock = threading.Lock()
        self._out = protocol_out
        self._captured = captured
        self._request_id: str | None = None
        self._running = threading.Event()
        self._page_kb = os.sysconf("SC_PAGE_SIZE") // 1024
        try:  # kept open: one pread per sample
            self._statm: int | None = os.open("/proc/self/statm", os.O_RDONLY)
            self._status: int | None = os.open("/proc/self/status", os.O_RDONLY)
        except OSError:  # no procfs (not Linux): report ru_maxrss, enforce nothing
            self._statm = self._status = None
        if self._statm is not None and limit_mb > 0:
            threading.Thread(target=self._sample, name="memory-guard", daemon=True).start()

    def rss_mb(self) -> int:
        """The resident set now."""
        if self._statm is None:
            return 0
        pages = int(os.pread(self._statm, 128, 0).split()[1])
        return pages * self._page_kb // 1024

    def peak_mb(self) -> int:
        """The container's peak resident set (VmHWM; ru_maxrss would include the parent's)."""
        if self._status is None:
            return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
        status = os.pread(self._status, 4096, 0)
        start = status.find(b"VmHWM:")
        return int(status[start + 6 : status.find(b"kB", start)]) // 1024 if start >= 0 else 0

    def exceeded(self, peak_mb: int) -> bool:
        return self._status is not None and 0 < self.limit_mb < peak_mb

    def limit_address_space(self) -> None:
        """The backstop: a hard cap on mapped memory, well above MemorySize (set after init, so
        imports that reserve large mappings are not refused)."""
        if self._status is None or self.limit_mb <= 0:
            return
        status = os.pread(self._status, 4096, 0)
        start = status.find(b"VmSize:")
        mapped_mb = int(status[start + 7 : status.find(b"kB", start)]) // 1024
        room_mb = max(ADDRESS_SPACE_FLOOR_MB, ADDRESS_SPACE_HEADROOM * self.limit_mb)
        limit = (mapped_mb + room_mb) << 20
        resource.setrlimit(resource.RLIMIT_AS, (limit, resource.RLIM_INFINITY))

    def begin(self, request_id: str) -> None:
        self._request_id = request_id
        self._running.set()

    def end(self) -> None:
        """Called with `lock` held: the invocation answered; the sampler must not answer too."""
        self._request_id = None
        self._running.clear()

    def oom_reply(self, request_id: str) -> dict[str, Any]:
        print(
            f"RequestId: {request_id} Error: Runtime exited with error: signal: killed",
            file=self._captured,
        )
        return {
            "type": "result",
            "error": out_of_memory_error(request_id),
            "logs": self._captured.take(),
            "max_rss_mb": self.peak_mb(),
            "oom": True,
        }

    def _sample(self) -> None:
        while True:
            self._running.wait()
            while self._running.is_set():
                time.sleep(SAMPLE_INTERVAL_S)
                if self.rss_mb() <= self.limit_mb:
                    continue
                with self.lock:
                    request_id = self._request_id
                    if request_id is None:  # it answered meanwhile; its own check decides
                        break
                    write_frame(self._out, self.oom_reply(request_id))
                    kill_self()


def out_of_memory_error(request_id: str) -> dict[str, Any]:
    """AWS's answer for an invocation whose sandbox ran out of memory."""
    return {
        "errorType": "Runtime.OutOfMemory",
        "errorMessage": f"RequestId: {request_id} Error: Runtime exited with error: signal: killed",
    }


def kill_self() -> None:
    """Die as the OOM killer kills: SIGKILL, no cleanup, no more frames."""
    os.kill(os.getpid(), signal.SIGKILL)


def _exit_when_orphaned(parent_pid: int) -> None:
    """A container outlives no runtime: exit when the parent is gone (even if it was killed)."""
    while True:
        time.sleep(1.0)
        if os.getppid() != parent_pid:
            os._exit(0)


def main() -> None:
    code_dir = os.environ["LAMBDA_TASK_ROOT"]
    # The asset directory comes first, so its `compute` package shadows any installed one; the
    # directory of this script (sys.path[0]) must not leak into the function's imports.
    sys.path[0] = code_dir
    os.chdir(code_dir)

    protocol_in = os.fdopen(os.dup(0), "rb")
    protocol_out = os.fdopen(os.dup(1), "wb")
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    os.dup2(2, 1)  # C-level writes to fd 1 land in the worker's stderr, never in a frame
    captured = CapturedOutput()
    sys.stdout = captured
    sys.stderr = captured
    threading.Thread(target=_exit_when_orphaned, args=(os.getppid(),), daemon=True).start()

    started = time.perf_counter()
    handler_path = os.environ["_HANDLER"]
    module_name, _, function_name = handler_path.rpartition(".")
    try:
        module = importlib.import_module(module_name)
        handler = getattr(module, function_name)
    except Exception as exc:
        error_type = (
            "Runtime.HandlerNotFound"
            if isinstance(exc, AttributeError)
            else "Runtime.ImportModuleError"
        )
        error = error_payload(exc, error_type)
        error["errorMessage"] = f"Unable to import module '{module_name}': {exc}"
        traceback.print_exc(file=captured)
        print(f"[ERROR] {error_type}: {error['errorMessage']}", file=captured)
        write_frame(protocol_out, {"type": "init_error", "error": error, "logs": captured.take()})
        return
    guard = MemoryGuard(
        int(os.environ.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "0")), protocol_out, captured
    )
    if guard.exceeded(guard.peak_mb()):  # the import alone did not fit: an init error, as in AWS
        error = out_of_memory_error("")
        error["errorMessage"] = "Runtime exited with error: signal: killed"
        write_frame(protocol_out, {"type": "init_error", "error": error, "logs": captured.take()})
        kill_self()
    guard.limit_address_space()
    write_frame(
        protocol_out, {"type": "ready", "init_ms": (time.perf_counter() - started) * 1000.0}
    )

    while True:
        message = read_frame(protocol_in)
        if message is None or message.get("type") == "shutdown":
            return
        request_id = message["request_id"]
        context = LambdaContext(request_id, int(message["deadline_ms"]))
        # Set per invocation, as AWS does; not sampled, so tracers record nothing locally.
        os.environ["_X_AMZN_TRACE_ID"] = (
            f"Root=1-{int(time.time()):08x}-{secrets.token_hex(12)};"
            f"Parent={secrets.token_hex(8)};Sampled=0"
        )
        reply: dict[str, Any] = {"type": "result"}
        encoded: dict[str, str] = {}
        guard.begin(request_id)
        try:
            if message.get("crash"):
                raise InjectedCrash(
                    f"injected crash (fault function_crash) in {context.function_name}"
                )
            result = handler(message["event"], context)
            try:
                encoded["payload"] = json.dumps(result)
            except (TypeError, ValueError) as exc:
                reply["error"] = error_payload(exc, "Runtime.MarshalError")
                reply["error"]["errorMessage"] = f"Unable to marshal response: {exc}"
        except Exception as exc:
            traceback.print_exc(file=captured)
            reply["error"] = error_payload(exc)
            reply["error"]["requestId"] = request_id
        with guard.lock:
            guard.end()
            peak_mb = guard.peak_mb()  # one procfs read per invocation
            if guard.exceeded(peak_mb):
                write_frame(protocol_out, guard.oom_reply(request_id))
                kill_self()
            reply["logs"] = captured.take()
            reply["max_rss_mb"] = peak_mb
            write_frame(protocol_out, reply, encoded)


if __name__ == "__main__":
    main()
