"""The local Lambda runtime: `semantics.py` (what Lambda does: scaling rule, environment, error
documents, log lines; pure), `containers.py` (worker processes and their pool), `runtime.py`
(registry and invocation), `moto_hook.py` (moto's Invoke runs these functions)."""

from __future__ import annotations

from emulation.lambda_runtime.runtime import LambdaRuntime
from emulation.lambda_runtime.semantics import (
    LOCAL_CONCURRENCY_CAP,
    FunctionNotFound,
    FunctionSpec,
    InvokeResult,
    Throttled,
    WorkerDied,
)

__all__ = [
    "LOCAL_CONCURRENCY_CAP",
    "FunctionNotFound",
    "FunctionSpec",
    "InvokeResult",
    "LambdaRuntime",
    "Throttled",
    "WorkerDied",
]
