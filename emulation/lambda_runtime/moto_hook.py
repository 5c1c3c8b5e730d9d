"""moto patched so that its Lambda Invoke (and Step Functions' lambda:invoke) runs the local
runtime's functions.

Replaces `LambdaFunction._invoke_lambda` (the path every invoke takes with Docker on) and
`LambdaSimpleBackend.invoke` (the canned-answer path moto takes with use_docker False);
functions the runtime does not know keep moto's behaviour. Put/DeleteFunctionConcurrency reach
the runtime too, so reserved concurrency 0 throttles as it does in AWS.

moto's backends belong to the process, so every local cloud of a process is routed to: a
function goes to the runtime that registered it (the newest first), and a stopped cloud's
runtime is routed to no more, so a cloud that outlives another keeps running its own functions.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from typing import Any, Protocol

from emulation.lambda_runtime.semantics import InvokeResult, Throttled


class Runtime(Protocol):
    def registered(self, name: str) -> bool: ...

    def invoke(self, name_or_arn: str, event: Any) -> InvokeResult: ...

    def set_reserved_concurrency(self, name_or_arn: str, reserved: int | None) -> None: ...


# Every running cloud's runtime, the newest first.
_runtimes: list[Runtime] = []
_function_error = threading.local()
_originals: dict[str, Callable[..., Any]] = {}


def runtime_for(function_name: str) -> Runtime | None:
    """The runtime that registered `function_name` (None: moto answers as it would)."""
    return next((r for r in list(_runtimes) if r.registered(function_name)), None)


def install(runtime: Runtime) -> None:
    """Route moto's Lambda Invoke (and Step Functions' lambda:invoke) of the functions
    `runtime` registers to it; other clouds' runtimes keep their functions."""
    from moto.awslambda.models import LambdaBackend, LambdaFunction
    from moto.awslambda_simple.models import LambdaSimpleBackend

    from emulation import sfn_map

    # Step Functions runs these functions: a Distributed Map tolerates their failures as on AWS.
    sfn_map.install()
    if runtime not in _runtimes:
        _runtimes.insert(0, runtime)
    if _originals:
        return
    _originals["_invoke_lambda"] = LambdaFunction._invoke_lambda
    _originals["invoke"] = LambdaFunction.invoke
    _originals["simple_invoke"] = LambdaSimpleBackend.invoke

    def _invoke_lambda(self: Any, event: Any = None) -> tuple[str, bool, str]:
        active = runtime_for(self.function_name)
        if active is None:
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
        try:
            function = self.get_function(function_name, qualifier)
        except Exception:
            function = None
        if function is None or runtime_for(function.function_name) is None:
            return _originals["simple_invoke"](
                self, function_name, qualifier, body, headers, response_headers
            )
        return LambdaBackend.invoke(self, function_name, qualifier, body, headers, response_headers)

    _originals["put_concurrency"] = LambdaBackend.put_function_concurrency
    _originals["delete_concurrency"] = LambdaBackend.delete_function_concurrency

    def put_function_concurrency(self: Any, function_name: str, reserved_concurrency: str) -> str:
        answer = _originals["put_concurrency"](self, function_name, reserved_concurrency)
        _set_concurrency(self.get_function(function_name).function_name, int(reserved_concurrency))
        return answer  # type: ignore[no-any-return]

    def delete_function_concurrency(self: Any, function_name: str) -> str | None:
        answer = _originals["delete_concurrency"](self, function_name)
        _set_concurrency(self.get_function(function_name).function_name, None)
        return answer  # type: ignore[no-any-return]

    LambdaBackend.put_function_concurrency = put_function_concurrency  # type: ignore[method-assign]
    LambdaBackend.delete_function_concurrency = delete_function_concurrency  # type: ignore[method-assign]
    LambdaFunction._invoke_lambda = _invoke_lambda  # type: ignore[method-assign]
    LambdaFunction.invoke = invoke  # type: ignore[method-assign]
    LambdaSimpleBackend.invoke = simple_invoke  # type: ignore[method-assign]


def _set_concurrency(function_name: str, reserved: int | None) -> None:
    active = runtime_for(function_name)
    if active is not None:
        active.set_reserved_concurrency(function_name, reserved)


def uninstall(runtime: Runtime) -> None:
    """Route nothing more to `runtime` (its cloud stopped): moto's own behaviour returns for its
    functions; the other clouds' runtimes keep theirs."""
    if runtime in _runtimes:
        _runtimes.remove(runtime)
