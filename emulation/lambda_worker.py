"""One Lambda "container": a long-lived process that serves one invocation at a time.

Run as a script by `emulation.lambda_runtime` (stdlib only, so a cold start imports nothing the
function does not). Protocol over the process's original stdin/stdout, framed as a 4-byte
big-endian length followed by UTF-8 JSON:

- runtime -> worker: `{"type": "invoke", "request_id", "event", "deadline_ms", "crash"}`
- worker -> runtime: `{"type": "ready", "init_ms"}` once the handler is imported, or
  `{"type": "init_error", "error"}`; then per invocation
  `{"type": "result", "payload" | "error", "logs", "max_rss_mb"}`.

Everything the function prints (stdout, stderr, logging) is captured per invocation; file
descriptors 1 and 2 are pointed away from the protocol pipe so nothing can corrupt a frame.
"""

from __future__ import annotations

import importlib
import io
import json
import os
import resource
import secrets
import struct
import sys
import threading
import time
import traceback
from typing import Any, BinaryIO

_HEADER = struct.Struct(">I")


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


def write_frame(stream: BinaryIO, message: Any) -> None:
    body = json.dumps(message).encode()
    stream.write(_HEADER.pack(len(body)) + body)
    stream.flush()


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
        try:
            if message.get("crash"):
                raise InjectedCrash(
                    f"injected crash (fault function_crash) in {context.function_name}"
                )
            result = handler(message["event"], context)
            try:
                json.dumps(result)
                reply["payload"] = result
            except (TypeError, ValueError) as exc:
                reply["error"] = error_payload(exc, "Runtime.MarshalError")
                reply["error"]["errorMessage"] = f"Unable to marshal response: {exc}"
        except Exception as exc:
            traceback.print_exc(file=captured)
            reply["error"] = error_payload(exc)
            reply["error"]["requestId"] = request_id
        reply["logs"] = captured.take()
        reply["max_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
        write_frame(protocol_out, reply)


if __name__ == "__main__":
    main()
