"""Which AWS calls a pipeline run made to the local cloud, and what moto spent on each.

The local cloud's moto answers every AWS call of the run (the functions', the scraper tasks',
Step Functions' own service integrations, the pollers') on werkzeug request threads of the
cloud's process. `AwsCallMeter` counts each request by operation (`dynamodb:PutItem`,
`sqs:ReceiveMessage`, `lambda:Invoke`, ...), with the CPU its server thread spent on it
(`time.thread_time`: the request's parsing, moto's work and the reply; not the client's side)
and how many were answered with an error status (a lost conditional write is a 400). A run's
JSON carries it as `aws_calls`, so "where does the cloud's CPU go" is answered by operation,
not only by thread.
"""

from __future__ import annotations

import re
import threading
import time
from collections import defaultdict
from collections.abc import Mapping
from typing import Any

_SERVICE_IN_SCOPE = re.compile(r"Credential=[^/]+/[^/]+/[^/]+/([^/]+)/aws4_request")
# X-Amz-Target prefixes -> the service's short name.
_TARGET_SERVICES = {
    "DynamoDB_20120810": "dynamodb",
    "DynamoDBStreams_20120810": "dynamodbstreams",
    "AmazonSQS": "sqs",
    "AWSStepFunctions": "states",
    "Logs_20140328": "logs",
    "AmazonEC2ContainerServiceV20141113": "ecs",
    "GraniteServiceVersion20100801": "monitoring",
    "AWSEvents": "events",
    "secretsmanager": "secretsmanager",
}
_LAMBDA_INVOKE = re.compile(r"^/20\d\d-\d\d-\d\d/functions/[^/]+/invocations")


def operation_of(method: str, path: str, headers: Mapping[str, str]) -> str:
    """`service:Operation` of one request to moto: its X-Amz-Target when it has one (the JSON
    protocols: DynamoDB, SQS, Step Functions, Logs, ...), Lambda's Invoke by its path, else the
    signing service and the method (a REST or query call, `moto-api` for moto's own)."""
    target = headers.get("X-Amz-Target") or headers.get("x-amz-target")
    if target and "." in target:
        prefix, operation = target.rsplit(".", 1)
        return f"{_TARGET_SERVICES.get(prefix, prefix.lower())}:{operation}"
    if _LAMBDA_INVOKE.match(path):
        return "lambda:Invoke"
    if path.startswith("/moto-api"):
        return "moto-api"
    scope = _SERVICE_IN_SCOPE.search(headers.get("Authorization") or "")
    service = scope.group(1) if scope else "unsigned"
    return f"{service}:{method}"


class AwsCallMeter:
    """Counts the requests moto's werkzeug handler serves while installed (see module doc)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._calls: defaultdict[str, int] = defaultdict(int)
        self._errors: defaultdict[str, int] = defaultdict(int)
        self._cpu: defaultdict[str, float] = defaultdict(float)
        self._original: tuple[Any, ...] | None = None
        self._since: float | None = None  # requests read from then on are counted

    def record(self, operation: str, cpu_s: float, status: int | None, began: float) -> None:
        """One request, answered from `began` on (time.monotonic), counted if that was after
        restart."""
        if self._since is None or began < self._since:
            return
        with self._lock:
            self._calls[operation] += 1
            self._cpu[operation] += cpu_s
            if status is not None and status >= 400:
                self._errors[operation] += 1

    def restart(self) -> None:
        """Count from now on (the execution, not the cloud's deploy)."""
        with self._lock:
            self._calls.clear()
            self._errors.clear()
            self._cpu.clear()
            self._since = time.monotonic()

    def install(self) -> AwsCallMeter:
        """Meter every werkzeug request handler of this process (moto's server, whose handler
        is werkzeug's; the world, the gateway and the console serve with the stdlib's)."""
        from werkzeug.serving import WSGIRequestHandler

        if self._original is not None:
            return self
        names = ("handle_one_request", "send_response")
        handle, respond = (getattr(WSGIRequestHandler, name) for name in names)
        self._original = tuple(vars(WSGIRequestHandler).get(name) for name in names)
        meter = self

        def handle_one_request(handler: Any) -> None:
            # The thread's CPU from here: a kept-alive connection waits for its next request
            # inside, which costs no CPU. A request counts once its reply starts (a closed
            # connection sends none), as of that moment.
            handler._metered_reply = None
            started = time.thread_time()
            try:
                handle(handler)
            finally:
                reply = handler._metered_reply
                if reply is not None:
                    meter.record(
                        operation_of(handler.command or "", handler.path or "", handler.headers),
                        time.thread_time() - started,
                        reply[1],
                        reply[0],
                    )

        def send_response(handler: Any, code: int, message: str | None = None) -> None:
            if getattr(handler, "_metered_reply", None) is None:
                handler._metered_reply = (time.monotonic(), code)
            respond(handler, code, message)

        for name, patched in zip(names, (handle_one_request, send_response), strict=True):
            setattr(WSGIRequestHandler, name, patched)
        return self

    def uninstall(self) -> None:
        from werkzeug.serving import WSGIRequestHandler

        if self._original is None:
            return
        names = ("handle_one_request", "send_response")
        for name, own in zip(names, self._original, strict=True):
            if own is None:  # inherited from the stdlib's handler, as before
                delattr(WSGIRequestHandler, name)
            else:
                setattr(WSGIRequestHandler, name, own)
        self._original = None

    def __enter__(self) -> AwsCallMeter:
        return self.install()

    def __exit__(self, *exc: object) -> None:
        self.uninstall()

    def figures(self, studios: int, top: int = 15) -> dict[str, Any]:
        """Calls, errors and moto's CPU seconds by operation (the costliest first, the rest
        summed as `other`), per studio, and the totals."""
        with self._lock:
            calls, errors, cpu = dict(self._calls), dict(self._errors), dict(self._cpu)
        ranked = sorted(cpu, key=lambda op: (-cpu[op], -calls[op]))
        by_operation: dict[str, dict[str, float | int]] = {}
        for operation in ranked[:top]:
            by_operation[operation] = {
                "calls": calls[operation],
                "errors": errors.get(operation, 0),
                "cloud_cpu_s": round(cpu[operation], 2),
                "per_studio": round(calls[operation] / studios, 2) if studios else 0.0,
            }
        rest = ranked[top:]
        if rest:
            by_operation["other"] = {
                "calls": sum(calls[op] for op in rest),
                "errors": sum(errors.get(op, 0) for op in rest),
                "cloud_cpu_s": round(sum(cpu[op] for op in rest), 2),
                "per_studio": round(sum(calls[op] for op in rest) / studios, 2) if studios else 0.0,
            }
        total_calls = sum(calls.values())
        by_service: defaultdict[str, int] = defaultdict(int)
        for operation, count in calls.items():
            by_service[operation.split(":", 1)[0]] += count
        return {
            "calls": total_calls,
            "calls_per_studio": round(total_calls / studios, 1) if studios else 0.0,
            "cloud_cpu_s": round(sum(cpu.values()), 1),
            "by_service": dict(sorted(by_service.items(), key=lambda item: -item[1])),
            "by_operation": by_operation,
            "definition": (
                "requests moto served during the execution, by operation: calls, error replies "
                "(a lost conditional write is a 400), and the CPU seconds of the cloud's request "
                "thread on each (moto's work and the HTTP exchange, not the caller's botocore)"
            ),
        }
