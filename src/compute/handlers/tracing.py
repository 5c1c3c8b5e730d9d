"""The functions' X-Ray tracer (the stack turns on active tracing for every function).

One tracer per handler module, made at import like the logger and metrics. It patches only what
the functions call out through: botocore (DynamoDB, SQS, SNS, EC2, Secrets Manager) and
http.client (OpenSearch, Places, studio websites, all through urllib3). Powertools' default
patches every library the X-Ray SDK knows, importing the ones that are installed.

Powertools' `Tracer` is built on the first traced call, not at import: building it imports the
X-Ray SDK, which loads botocore's session and client modules (~0.15 s of CPU, half of the API's
cold start). When tracing is off (outside Lambda, and when POWERTOOLS_TRACE_DISABLED is true, as
the local cloud sets it: there is no X-Ray daemon there) it is never built and the decorated
functions run as they are. In AWS the first invocation builds it, before the handler runs, so
every invocation is traced as before.

Handlers record no response as trace metadata: replies carry artists' names and handles.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from numbers import Number
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from aws_lambda_powertools import Tracer

# X-Ray SDK patch names: botocore for AWS calls, httplib for every other HTTP request.
TRACED_LIBRARIES = ("botocore", "httplib")

F = TypeVar("F", bound=Callable[..., Any])


class LazyTracer:
    """The decorators and annotations of Powertools' Tracer that the handlers use, with the
    Tracer itself built on first use, and not at all while tracing is off."""

    def __init__(self, service: str) -> None:
        self.service = service
        self._lock = threading.Lock()
        self._built = False
        self._tracer: Tracer | None = None

    def tracer(self) -> Tracer | None:
        """Powertools' Tracer, built now if not yet; None while tracing is off."""
        if not self._built:
            with self._lock:
                if not self._built:
                    self._tracer = _build(self.service)
                    self._built = True
        return self._tracer

    def capture_lambda_handler(self, *, capture_response: bool = False) -> Callable[[F], F]:
        def decorate(handler: F) -> F:
            return self._on_first_call(
                handler,
                lambda t: t.capture_lambda_handler(handler, capture_response=capture_response),
            )

        return decorate

    def capture_method(self, *, capture_response: bool = False) -> Callable[[F], F]:
        def decorate(method: F) -> F:
            return self._on_first_call(
                method, lambda t: t.capture_method(capture_response=capture_response)(method)
            )

        return decorate

    def put_annotation(self, key: str, value: str | Number | bool) -> None:
        tracer = self.tracer()
        if tracer is not None:
            tracer.put_annotation(key=key, value=value)

    @property
    def disabled(self) -> bool:
        return self.tracer() is None

    def _on_first_call(self, function: F, wrap: Callable[[Tracer], Any]) -> F:
        wrapped: dict[int, Callable[..., Any]] = {}  # by the tracer it was wrapped with

        @functools.wraps(function)
        def call(*args: Any, **kwargs: Any) -> Any:
            tracer = self.tracer()
            if tracer is None:
                return function(*args, **kwargs)
            traced = wrapped.get(id(tracer))
            if traced is None:
                wrapped.clear()
                traced = wrapped[id(tracer)] = wrap(tracer)
            return traced(*args, **kwargs)

        return call  # type: ignore[return-value]


def _build(service: str) -> Tracer | None:
    from aws_lambda_powertools import Tracer

    # Powertools' own rule (env var, Lambda or not, SAM/Chalice local), before the SDK loads.
    if Tracer._is_tracer_disabled():
        return None
    return Tracer(service=service, patch_modules=TRACED_LIBRARIES)


def tracer_for(service: str) -> LazyTracer:
    """The function's tracer; its segments carry `service` as the Service annotation."""
    return LazyTracer(service)
